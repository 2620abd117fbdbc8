"""The authoring studio: pages to write, fix and publish a course — tree, lessons, images, questions.

Every page works without JavaScript (forms, POST then redirect, or the page re-rendered with its
errors beside the fields); app/static/js/studio.js adds the live lesson preview and trying answers
without a reload. Every access decision is `app.auth.policy`'s, every write an authoring service's.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any, Literal

from flask import Blueprint, abort, current_app, flash, jsonify, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import login_required
from werkzeug.wrappers import Response

from ..auth.forms import ConfirmForm
from ..auth.policy import Action, can, require, require_course_changes
from ..auth.session import signed_in
from ..models import Course, CourseImage, Question, QuestionKind, Topic
from ..services import authoring, course_files, course_images
from ..services.errors import DomainError, InvalidInput
from ..services.lessons import render_markdown
from ..services.question_rules import numeric_range
from ..studio_forms import (
    CourseForm,
    ImageForm,
    ImportForm,
    LessonForm,
    QuestionForm,
    TopicAddForm,
    TopicMoveForm,
    TryAnswerForm,
)
from ..templating import verdict_label

bp = Blueprint("studio", __name__)

MAX_PREVIEW_LENGTH = 50_000


def _course(course_id: int, action: Action = Action.UPDATE) -> Course:
    course = authoring.find(Course, course_id)
    require(signed_in(), action, course)
    return course


def _topic(topic_id: int, action: Action = Action.UPDATE) -> Topic:
    topic = authoring.find(Topic, topic_id)
    require(signed_in(), action, topic)
    return topic


def _question(question_id: int, action: Action = Action.UPDATE) -> Question:
    question = authoring.find(Question, question_id)
    require(signed_in(), action, question)
    return question


def _show_field_errors(form: Any, error: DomainError) -> None:
    """Put a service's field messages beside the form's fields (the rest goes to the flash)."""
    placed = False
    for name, messages in error.fields.items():
        field = getattr(form, name, None)
        if field is not None:
            field.errors = [*field.errors, *messages]
            placed = True
    if not placed:
        flash(error.message, "error")


# --- the list of courses and a course's settings ---------------------------------------------------


@bp.get("/")
@login_required
def index() -> str:
    """My courses (every course for admins), draft or published, and "Nouveau cours"."""
    return render_template("studio/index.html", courses=authoring.studio_courses(signed_in()))


def _course_changes(form: CourseForm, course: Course) -> dict[str, Any]:
    title = (form.title.data or "").strip()
    slug = (form.slug.data or "").strip()
    if not slug:
        slug = course.slug if course.id is not None else authoring.free_course_slug(title)
    return {
        "title": title,
        "description": form.description.data or "",
        "language": form.language.data,
        "slug": slug,
    }


@bp.route("/courses/new", methods=["GET", "POST"])
@login_required
def new_course() -> Any:
    """Create a course; it starts as a private draft of its author."""
    require(signed_in(), Action.CREATE, Course)
    form = CourseForm()
    del form.visibility  # a new course has no content yet: it is published later, from its page
    status = 200
    if form.validate_on_submit():
        course = Course()
        try:
            authoring.save_course(course, _course_changes(form, course), author=signed_in())
        except DomainError as error:
            authoring.abandon()
            _show_field_errors(form, error)
            status = error.status
        else:
            flash(_("Cours « %(title)s » créé (brouillon).", title=course.title), "success")
            return redirect(url_for("studio.course", course_id=course.id))
    elif form.errors:
        status = 422
    return render_template("studio/course_new.html", form=form), status


def _course_page(
    course: Course,
    form: CourseForm | None = None,
    problems: list[Any] | None = None,
    add_form: TopicAddForm | None = None,
) -> str:
    tree = authoring.topic_tree(course)
    if add_form is None:
        add_form = TopicAddForm(prefix="topic")
        add_form.parent_id.choices = _parent_choices(tree)
    return render_template(
        "studio/course.html",
        course=course,
        form=form or CourseForm(obj=course, visibility="1" if course.published else "0"),
        tree=tree,
        add_form=add_form,
        parent_choices=_parent_choices(tree),
        problems=problems,
        may_publish=can(signed_in(), Action.PUBLISH, course) or course.published,
    )


def _parent_choices(tree: list[authoring.TopicEntry]) -> list[tuple[str, str]]:
    return [("", _("(au premier niveau)"))] + [
        (str(entry.topic.id), "— " * entry.depth + entry.topic.title) for entry in tree
    ]


@bp.route("/courses/<int:course_id>", methods=["GET", "POST"])
@login_required
def course(course_id: int) -> Any:
    """A course's settings and its tree of topics; POST saves the settings (publishing included)."""
    course = _course(course_id)
    form = CourseForm(obj=course, visibility="1" if course.published else "0")
    if request.method == "GET":
        return _course_page(course)
    if not form.validate_on_submit():
        return _course_page(course, form), 422
    changes = _course_changes(form, course)
    publish = form.visibility.data == "1"
    require_course_changes(signed_in(), course, {**changes, "published": publish})
    try:
        authoring.save_course(course, changes)
        if publish != course.published:
            authoring.set_published(course, publish)
    except authoring.CourseNotReady as error:
        authoring.abandon()
        flash(error.message, "error")
        return _course_page(course, form, error.problems), 422
    except DomainError as error:
        authoring.abandon()
        _show_field_errors(form, error)
        return _course_page(course, form), error.status
    flash(_("Cours enregistré."), "success")
    return redirect(url_for("studio.course", course_id=course.id))


@bp.post("/courses/<int:course_id>/publish")
@login_required
def publish(course_id: int) -> Any:
    """Publish the course after checking every topic and question, or list what to fix first."""
    course = _course(course_id)
    require(signed_in(), Action.PUBLISH, course)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    try:
        authoring.set_published(course, True)
    except authoring.CourseNotReady as error:
        flash(error.message, "error")
        return _course_page(course, problems=error.problems), 422
    flash(_("Le cours est publié : tout le monde peut le suivre."), "success")
    return redirect(url_for("studio.course", course_id=course.id))


@bp.post("/courses/<int:course_id>/unpublish")
@login_required
def unpublish(course_id: int) -> Response:
    """Take a course back to draft (learners keep their history)."""
    course = _course(course_id)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    authoring.set_published(course, False)
    flash(_("Le cours est redevenu un brouillon."), "success")
    return redirect(url_for("studio.course", course_id=course.id))


@bp.post("/courses/<int:course_id>/delete")
@login_required
def delete_course(course_id: int) -> Response:
    """Delete a course, unless learners answered it (then 409 says to unpublish it instead)."""
    course = _course(course_id, Action.DELETE)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    title = course.title
    authoring.delete_course(course)
    flash(_("Cours « %(title)s » supprimé.", title=title), "success")
    return redirect(url_for("studio.index"))


# --- the tree ----------------------------------------------------------------------------------------


def _parent(course: Course, value: str | None) -> Topic | None:
    return authoring.topic_of_course(course, value or None)


@bp.post("/courses/<int:course_id>/topics")
@login_required
def add_topic(course_id: int) -> Any:
    """Add a topic at the top of the tree or under a parent."""
    course = _course(course_id)
    form = TopicAddForm(prefix="topic")
    form.parent_id.choices = _parent_choices(authoring.topic_tree(course))
    if form.validate_on_submit():
        try:
            topic = authoring.add_topic(course, form.title.data or "", _parent(course, form.parent_id.data))
        except DomainError as error:
            authoring.abandon()
            _show_field_errors(form, error)
        else:
            flash(_("Thème « %(title)s » ajouté.", title=topic.title), "success")
            return redirect(url_for("studio.course", course_id=course.id) + f"#topic-{topic.id}")
    return _course_page(course, add_form=form), 422


@bp.post("/topics/<int:topic_id>/move")
@login_required
def move_topic(topic_id: int) -> Response:
    """Move a topic up or down among its siblings, or under another parent."""
    topic = _topic(topic_id)
    form = TopicMoveForm()
    if not form.validate_on_submit():
        abort(400)
    direction = form.direction.data
    if direction in ("up", "down"):
        authoring.move_topic(topic, direction)
    else:
        parent = _parent(topic.course, form.parent_id.data)
        authoring.reparent_topic(topic, parent.id if parent is not None else None)
    flash(_("Thème « %(title)s » déplacé.", title=topic.title), "success")
    return redirect(url_for("studio.course", course_id=topic.course_id) + f"#topic-{topic.id}")


@bp.post("/topics/<int:topic_id>/delete")
@login_required
def delete_topic(topic_id: int) -> Response:
    """Delete a topic with its subtree and questions (refused with 409 when learners answered)."""
    topic = _topic(topic_id, Action.DELETE)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    course_id, title = topic.course_id, topic.title
    authoring.delete_topic(topic)
    flash(_("Thème « %(title)s » supprimé.", title=title), "success")
    return redirect(url_for("studio.course", course_id=course_id))


# --- a topic: its lesson, images and questions ---------------------------------------------------------


def _topic_page(topic: Topic, form: LessonForm | None = None, **extra: Any) -> str:
    course = topic.course
    return render_template(
        "studio/topic.html",
        course=course,
        topic=topic,
        form=form or LessonForm(obj=topic),
        preview=extra.pop("preview", None),
        image_form=extra.pop("image_form", None) or ImageForm(),
        images=[(image, course_images.media_name(image)) for image in course_images.images_of(course)],
        image_limit=course_images.size_label(int(current_app.config["MAX_IMAGE_BYTES"])),
        questions=list(topic.questions),
        **extra,
    )


@bp.route("/topics/<int:topic_id>", methods=["GET", "POST"])
@login_required
def topic(topic_id: int) -> Any:
    """The lesson editor: title and Markdown lesson, its preview, the course's images, the questions.

    "Prévisualiser" re-renders the page with the preview and keeps what was typed; "Enregistrer"
    saves and redirects.
    """
    topic = _topic(topic_id)
    form = LessonForm(obj=topic)
    if request.method == "GET":
        return _topic_page(topic)
    if not form.validate_on_submit():
        return _topic_page(topic, form), 422
    if "preview" in request.form:
        return _topic_page(topic, form, preview=render_markdown(form.lesson.data or ""))
    try:
        authoring.save_topic(
            topic, {"title": (form.title.data or "").strip(), "lesson": form.lesson.data or ""}
        )
    except DomainError as error:
        authoring.abandon()
        _show_field_errors(form, error)
        return _topic_page(topic, form), error.status
    flash(_("Leçon enregistrée."), "success")
    return redirect(url_for("studio.topic", topic_id=topic.id))


@bp.post("/preview")
@login_required
def preview_lesson() -> Response:
    """The lesson's Markdown rendered exactly as learners see it (JSON: {"markdown": "…"})."""
    payload = request.get_json(silent=True)
    text = payload.get("markdown") if isinstance(payload, dict) else None
    if not isinstance(text, str) or len(text) > MAX_PREVIEW_LENGTH:
        raise InvalidInput(_("Texte Markdown attendu."), fields={"markdown": [_("Texte Markdown attendu.")]})
    return jsonify(html=str(render_markdown(text)))


@bp.post("/topics/<int:topic_id>/images")
@login_required
def upload_image(topic_id: int) -> Any:
    """Keep an image for the topic's course; back to the lesson editor with the Markdown to paste."""
    topic = _topic(topic_id)
    form = ImageForm()
    if form.validate_on_submit():
        upload = form.image.data
        max_bytes = int(current_app.config["MAX_IMAGE_BYTES"])
        try:
            image = course_images.store_image(
                topic.course,
                upload.read(max_bytes + 1),
                upload.filename or "",
                signed_in(),
                folder=Path(current_app.config["UPLOAD_FOLDER"]),
                max_bytes=max_bytes,
            )
        except DomainError as error:
            authoring.abandon()
            _show_field_errors(form, error)
        else:
            flash(
                _("Image ajoutée. À coller dans la leçon : %(snippet)s", snippet=_snippet(image)), "success"
            )
            return redirect(url_for("studio.topic", topic_id=topic.id) + "#images")
    return _topic_page(topic, image_form=form), 422


def _snippet(image: CourseImage) -> str:
    """The Markdown that shows `image` in a lesson or a prompt (its name as the text alternative)."""
    return f"![{image.original_name or _('image')}](/media/{course_images.media_name(image)})"


# --- questions -------------------------------------------------------------------------------------------


def _lines(text: str | None) -> list[str]:
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


def _number_text(value: Decimal | None) -> str:
    """A typed number as stored in `answers`: "8.6", "100" (never "1E+2")."""
    return "" if value is None else format(value.normalize(), "f")


def _question_changes(form: QuestionForm) -> dict[str, Any]:
    """The question as the services store it, read from the form's kind-specific fields."""
    kind = QuestionKind(form.kind.data)
    choices: list[str] | None = None
    tolerance: float | None = None
    answers: list[str]
    if kind in (QuestionKind.CHOICE, QuestionKind.MULTIPLE):
        choices = _lines(form.choices.data)
        if kind is QuestionKind.CHOICE:
            picked = [form.right_choice.data] if form.right_choice.data else []
        else:
            ticked = form.right_choices.data or []
            picked = [int(value) for value in ticked if value.isascii() and value.isdigit()]
        answers = [choices[number - 1] for number in picked if 1 <= number <= len(choices)]
    elif kind is QuestionKind.TRUE_FALSE:
        answers = [form.truth.data] if form.truth.data in ("vrai", "faux") else []
    elif kind is QuestionKind.NUMERIC:
        if form.numeric_mode.data == "range":
            low, high = form.minimum.data, form.maximum.data
            answers = (
                [f"{_number_text(low)}..{_number_text(high)}"] if low is not None and high is not None else []
            )
        else:
            answers = [_number_text(form.value.data)] if form.value.data is not None else []
            tolerance = float(form.tolerance.data) if form.tolerance.data is not None else None
    else:
        answers = _lines(form.answers.data)
    return {
        "kind": kind,
        "prompt": (form.prompt.data or "").strip(),
        "answers": answers,
        "choices": choices,
        "tolerance": tolerance,
        "explanation": form.explanation.data or "",
        "tier": int(form.tier.data or 1),
        "strict": bool(form.strict.data),
    }


def _fill_question_form(form: QuestionForm, question: Question) -> None:
    """Spread a stored question over the form's kind-specific fields."""
    form.kind.data = question.kind.value
    form.prompt.data = question.prompt
    form.explanation.data = question.explanation
    form.tier.data = str(question.tier)
    form.strict.data = question.strict
    form.answers.data = "\n".join(question.answers) if question.kind is QuestionKind.SHORT else ""
    choices = question.choices or []
    form.choices.data = "\n".join(choices)
    numbers = [str(index) for index, choice in enumerate(choices, start=1) if choice in question.answers]
    form.right_choice.data = int(numbers[0]) if numbers and question.kind is QuestionKind.CHOICE else None
    form.right_choices.data = numbers
    if question.kind is QuestionKind.TRUE_FALSE:
        form.truth.data = question.answers[0] if question.answers else None
    if question.kind is QuestionKind.NUMERIC and question.answers:
        bounds = numeric_range(question.answers[0])
        if bounds is not None:
            form.numeric_mode.data = "range"
            form.minimum.data, form.maximum.data = Decimal(str(bounds[0])), Decimal(str(bounds[1]))
        else:
            form.numeric_mode.data = "value"
            form.value.data = Decimal(question.answers[0].replace(",", "."))
            form.tolerance.data = Decimal(str(question.tolerance)) if question.tolerance is not None else None


def _question_page(topic: Topic, form: QuestionForm, question: Question | None, **extra: Any) -> str:
    return render_template(
        "studio/question.html",
        course=topic.course,
        topic=topic,
        form=form,
        question=question,
        options=_lines(form.choices.data),
        picked_numbers={str(number) for number in form.right_choices.data or []}
        | ({str(form.right_choice.data)} if form.right_choice.data else set()),
        try_form=extra.pop("try_form", None) or TryAnswerForm(),
        trial=extra.pop("trial", None),
        **extra,
    )


@bp.route("/topics/<int:topic_id>/questions/new", methods=["GET", "POST"])
@login_required
def new_question(topic_id: int) -> Any:
    """Write a new question of any kind for a topic."""
    topic = _topic(topic_id)
    form = QuestionForm()
    if form.validate_on_submit():
        try:
            question = authoring.write_question(
                Question(topic_id=topic.id, position=None), _question_changes(form)
            )
        except DomainError as error:
            authoring.abandon()
            _show_field_errors(form, error)
        else:
            flash(_("Question ajoutée."), "success")
            return redirect(url_for("studio.question", question_id=question.id))
    status = 422 if form.errors else 200
    return _question_page(topic, form, None), status


@bp.route("/questions/<int:question_id>", methods=["GET", "POST"])
@login_required
def question(question_id: int) -> Any:
    """Change a question; the page shows it as learners see it and lets the author try answers."""
    question = _question(question_id)
    form = QuestionForm()
    if request.method == "GET":
        _fill_question_form(form, question)
        return _question_page(question.topic, form, question)
    if form.validate_on_submit():
        try:
            authoring.write_question(question, _question_changes(form))
        except DomainError as error:
            authoring.abandon()
            _show_field_errors(form, error)
        else:
            flash(_("Question enregistrée."), "success")
            return redirect(url_for("studio.question", question_id=question.id))
    authoring.abandon()
    return _question_page(question.topic, form, question), 422


@bp.post("/questions/<int:question_id>/try")
@login_required
def try_question(question_id: int) -> Any:
    """Grade a trial answer with the real grader, nothing recorded: the page again, or JSON."""
    question = _question(question_id)
    try_form = TryAnswerForm()
    if not try_form.validate_on_submit():
        raise InvalidInput(_("Certaines données sont invalides."), fields=dict(try_form.errors))
    given: str | list[str] = (
        list(try_form.picked.data or [])
        if question.kind is QuestionKind.MULTIPLE
        else (try_form.answer.data or "")
    )
    trial = authoring.try_answer(question, given)
    if request.accept_mimetypes.best == "application/json":
        return jsonify(
            given=trial.given, verdict_label=verdict_label(trial.feedback.verdict), **trial.feedback.as_dict()
        )
    form = QuestionForm(formdata=None)
    _fill_question_form(form, question)
    return _question_page(question.topic, form, question, try_form=try_form, trial=trial)


@bp.post("/questions/<int:question_id>/move")
@login_required
def move_question(question_id: int) -> Response:
    """Move a question up or down in its topic."""
    question = _question(question_id)
    form = TopicMoveForm()
    direction: Literal["up", "down"] = "up" if form.direction.data == "up" else "down"
    if not form.validate_on_submit():
        abort(400)
    authoring.move_question(question, direction)
    return redirect(url_for("studio.topic", topic_id=question.topic_id) + "#questions")


@bp.post("/questions/<int:question_id>/delete")
@login_required
def delete_question(question_id: int) -> Response:
    """Delete a question (refused with 409 when learners answered it)."""
    question = _question(question_id, Action.DELETE)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    topic_id = question.topic_id
    authoring.delete_question(question)
    flash(_("Question supprimée."), "success")
    return redirect(url_for("studio.topic", topic_id=topic_id) + "#questions")


# --- import (the reading of course files is app/services/course_files) -----------------------------------


@bp.route("/import", methods=["GET", "POST"])
@login_required
def import_course() -> Any:
    """Upload a course file (GIFT, Aiken, CSV, JSON): "Prévisualiser" shows what would be created and
    every problem with its line, writing nothing; "Importer" creates the course, all or nothing."""
    form = ImportForm()
    preview = None
    if form.validate_on_submit():
        upload = form.file.data
        data, filename = upload.read(), upload.filename or ""
        fmt = None if form.format.data == "auto" else course_files.CourseFormat(form.format.data)
        user = signed_in()
        publish = bool(form.publish.data)
        try:
            require_course_changes(user, Course(author_id=user.id), {"published": publish})
            preview = course_files.preview_file(data, filename, fmt)
            if "confirm" in request.form and not preview.problems:
                result = course_files.import_file(data, filename, fmt, user, publish=publish)
                flash(
                    _(
                        "Cours « %(title)s » importé : %(questions)s questions dans %(topics)s thèmes.",
                        title=result.title,
                        questions=result.questions,
                        topics=result.topics,
                    ),
                    "success",
                )
                return redirect(url_for("studio.course", course_id=result.course_id))
        except DomainError as error:
            _show_field_errors(form, error)
    status = 422 if form.errors or (preview is not None and preview.problems) else 200
    return render_template("studio/import.html", form=form, preview=preview), status
