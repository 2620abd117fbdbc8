"""The learning pages (blueprint `learning`): preferences, catalogue, dashboard and the learning
session with its answer form.

Every page works without JavaScript (plain forms, POST then redirect); the page scripts enhance
them through the JSON API under /api/v1 (app/routes/api/study.py).
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from datetime import datetime
from typing import Any

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from werkzeug.wrappers import Response

from .. import learner_views
from ..extensions import limiter
from ..forms import AnswerForm, ExplanationForm, PreferencesForm
from ..models import Course, Question, QuestionKind, Topic
from ..services import courses as course_service
from ..services import explanations as explanation_service
from ..services import learning as learning_service
from ..services import learning_styles, tree_loading
from ..services import preferences as preferences_service
from ..services.errors import DomainError, NotFound
from ..services.grading import options_of
from ..types import utcnow

bp = Blueprint("learning", __name__)

LAST_FEEDBACK_KEY = "last_feedback"


@bp.route("/preferences", methods=["GET", "POST"])
@login_required
def preferences() -> Any:
    """The preferences page (docs/pages.md §2): prefilled, saved by POST (or by the script's PUT)."""
    prefs = preferences_service.preferences_of(current_user)
    form = PreferencesForm(obj=prefs)
    if form.validate_on_submit():
        preferences_service.update_preferences(
            current_user,
            communication_style=form.communication_style.data,
            learning_pace=form.learning_pace.data,
            learning_style=form.learning_style.data,
            custom_preferences=form.custom_preferences.data or "",
        )
        flash(
            _(
                "Woohoo ! Tes préférences sont enregistrées. "
                "Prêt pour une aventure d'apprentissage sur mesure ? 🚀"
            ),
            "success",
        )
        return redirect(url_for("learning.catalogue"))
    status = 422 if form.errors else 200
    return render_template("learning/preferences.html", form=form), status


@bp.get("/courses")
@login_required
def catalogue() -> str:
    """Every course the learner can open, with their progress on it."""
    return _kept_progress_page("catalogue", _catalogue)


def _catalogue(now: datetime) -> str:
    return render_template("learning/catalogue.html", progress=learning_service.progress(current_user, now))


@bp.get("/dashboard")
@login_required
def dashboard() -> str:
    """Progress per course, "Continuer", reviews due and recent activity."""
    return _kept_progress_page("dashboard", _dashboard)


def _dashboard(now: datetime) -> str:
    progress = learning_service.progress(current_user, now)
    started = [entry for entry in progress if entry.last_activity]
    started.sort(key=lambda entry: entry.last_activity or now, reverse=True)
    return render_template(
        "learning/dashboard.html",
        progress=progress,
        continue_with=started[0] if started else (progress[0] if progress else None),
        due_total=sum(entry.due for entry in progress),
        recent=learning_service.recent_attempts(current_user),
        stats=learning_service.learner_stats(current_user, now),
    )


def _kept_progress_page(name: str, render: Callable[[datetime], str]) -> str:
    """A page of the learner's progress, rendered by `render` at this moment, kept by the process
    while the learner's marks on their courses are unchanged and until their progress changes
    with time (app/learner_views.py)."""
    now = utcnow()
    marks = learning_service.progress_marks(current_user)

    def build() -> tuple[str, datetime | None]:
        return render(now), learning_service.progress_changes_at(current_user, marks, now)

    key = (name, learner_views.person(current_user), marks)
    return learner_views.kept_page(key, now, build)


def _course_or_404(slug: str) -> Course:
    try:
        return course_service.course_for(current_user, slug=slug)
    except NotFound:
        abort(404)


def _session_page(course: Course, topic: Topic | None, *, tab: str = "cours") -> str:
    now = utcnow()
    tree = course_service.course_tree(course, current_user, now)
    # A large tree is shown a few levels at a time (app/services/tree_loading.py): the way to the
    # topic in view, or to the learner's current branch, and to a branch opened by its link.
    view = tree_loading.first_view(
        course_service.course_structure(course),
        course,
        current_user,
        shown=topic.id if topic is not None else None,
        opened=request.args.get("open", type=int),
    )
    questions, standing = [], None
    if topic is not None:
        node = tree.nodes[topic.id]
        standing = node.standing
        if node.is_leaf:
            questions = course_service.quiz_questions(topic, standing.tier)
    exercises = learning_service.exercises(current_user, course, now)
    items = course_service.course_items(course)
    if topic is not None:
        open_ids = {node.id for node in tree.ancestors(topic.id)}
    else:  # the course and its chapters start unfolded
        open_ids = {root.id for root in tree.roots} | {c.id for root in tree.roots for c in root.children}
    open_ids |= {node.id for focus in view.focus for node in tree.ancestors(focus)}
    if topic is not None:
        link_to = functools.partial(url_for, "learning.course_topic", slug=course.slug, topic_slug=topic.slug)
    else:
        link_to = functools.partial(url_for, "learning.course_session", slug=course.slug)
    forms = {q.id: AnswerForm(prefix=f"q{q.id}") for q in [*questions, *(e.question for e in exercises)]}
    prefs = preferences_service.preferences_of(current_user)
    layout = (
        learning_styles.leaf_layout(topic.lesson, prefs.learning_style, has_questions=bool(questions))
        if topic is not None
        else None
    )
    return render_template(
        "learning/session.html",
        course=course,
        tree=tree,
        tree_view=view,
        open_ids=open_ids,
        open_link=lambda topic_id: f"{link_to(open=topic_id)}#node-{topic_id}",
        topic=topic,
        topic_standing=standing,
        questions=questions,
        exercises=exercises,
        forms=forms,
        items=items,
        tab=tab,
        last_feedback=session.pop(LAST_FEEDBACK_KEY, None),
        score=learning_service.course_score(current_user, course.id, now),
        stats=learning_service.learner_stats(current_user, now, course.id),
        prefs=prefs,
        layout=layout,
        explanations_on=explanation_service.explanations_enabled(),
        due=learning_service.due_count(current_user, now, course.id),
    )


@bp.get("/courses/<slug>")
@login_required
def course_session(slug: str) -> str:
    """The learning session of docs/pages.md §3: Cours, Exercices, Profil and Ressources tabs."""
    return _session_page(_course_or_404(slug), None)


@bp.get("/courses/<slug>/exercises")
@login_required
def course_exercises(slug: str) -> str:
    """The session page opened on its Exercices tab."""
    return _session_page(_course_or_404(slug), None, tab="exercices")


@bp.get("/courses/<slug>/topics/<topic_slug>")
@login_required
def course_topic(slug: str, topic_slug: str) -> str:
    """The session page with one topic open: its lesson and, on a leaf, its quiz."""
    course = _course_or_404(slug)
    try:
        topic = course_service.topic_for(course, topic_slug)
    except NotFound:
        abort(404)
    return _session_page(course, topic)


def _explanation_limit() -> str:
    return str(current_app.config["RATELIMIT_EXPLANATION"])


def _explanation_key() -> str:
    """Explanations are counted per learner: each may cost a request to the language model."""
    return f"explanations:{current_user.id}" if current_user.is_authenticated else "explanations:anonymous"


# One bucket per learner for the page's form and the API (app/routes/api/explanations.py) together.
EXPLANATION_LIMIT = limiter.shared_limit(_explanation_limit, scope="explanations", key_func=_explanation_key)


def _answer_limit() -> str:
    return str(current_app.config["RATELIMIT_ANSWER"])


def _answer_key() -> str:
    """Answers are counted per learner (each answer is graded, and stored)."""
    return f"answers:{current_user.id}" if current_user.is_authenticated else "answers:anonymous"


def _given_answer(form: AnswerForm, question: Question) -> dict[str, Any] | None:
    """What the form gives for this question: the option picked, the options ticked, or the text
    typed — None when nothing was given."""
    if not options_of(question.kind, question.choices):
        return {"answer": form.answer.data} if (form.answer.data or "").strip() else None
    if question.kind is QuestionKind.MULTIPLE:
        return {"answer": None, "choices": form.choices.data} if form.choices.data else None
    return {"answer": None, "choice": form.choice.data} if form.choice.data is not None else None


def _question_of_course(course: Course, question_id: int) -> Question:
    """A question the learner may read, of this course (the URL's), else 404."""
    try:
        question = learning_service.readable_question(current_user, question_id)
    except NotFound:
        abort(404)
    if question.topic.course_id != course.id:
        abort(404)
    return question


def _question_on_its_leaf(question: Question) -> str:
    """The URL of a question on its leaf's page, where a form about it comes back to."""
    course = question.topic.course
    topic_page = url_for("learning.course_topic", slug=course.slug, topic_slug=question.topic.slug)
    return f"{topic_page}#question-{question.id}"


@bp.post("/courses/<slug>/questions/<int:question_id>/answer")
@login_required
@limiter.limit(_answer_limit, key_func=_answer_key)
def answer_question(slug: str, question_id: int) -> Response:
    """Answer one question without JavaScript: grade, remember the feedback, go back to the quiz."""
    form = AnswerForm(prefix=f"q{question_id}")
    question = _question_of_course(_course_or_404(slug), question_id)
    if form.origin.data == "exercices":
        back = url_for("learning.course_exercises", slug=slug) + f"#exercise-{question_id}"
    else:
        back = _question_on_its_leaf(question)
    given = _given_answer(form, question) if form.validate_on_submit() else None
    if given is None:
        if options_of(question.kind, question.choices):
            flash(_("Choisis une réponse avant de vérifier."), "error")
        else:
            flash(_("Écris une réponse avant de vérifier."), "error")
        return redirect(back)
    try:
        result = learning_service.submit_answer(current_user, question_id, now=utcnow(), **given)
    except DomainError as error:
        flash(error.message, "error")
        return redirect(back)
    session[LAST_FEEDBACK_KEY] = {
        "question_id": question_id,
        "answer": result.attempt.answer,
        **result.feedback.as_dict(),
    }
    return redirect(back)


@bp.post("/courses/<slug>/questions/<int:question_id>/explanation")
@login_required
@EXPLANATION_LIMIT
def explain_question(slug: str, question_id: int) -> Any:
    """ "Explique-moi autrement" without JavaScript: the explanation written for the learner, on a
    page of its own with the way back to the question; a refusal goes back to the leaf, said."""
    course = _course_or_404(slug)
    question = _question_of_course(course, question_id)
    back = _question_on_its_leaf(question)
    form = ExplanationForm()
    if not form.validate_on_submit():
        flash(_("Cette demande d'explication n'est pas valable."), "error")
        return redirect(back)
    try:
        written = explanation_service.explain(current_user, question, form.answer.data or None)
    except DomainError as error:
        flash(error.message, "error")
        return redirect(back)
    return render_template(
        "learning/explanation.html", course=course, question=question, explanation=written, back=back
    )
