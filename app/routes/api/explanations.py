"""`/api/v1/questions/<id>/explanation`: "Explique-moi autrement" — a language model explains a
question again for the signed-in learner (app/services/explanations.py). Who may ask is the
policy's EXPLAIN rule on the question (whoever may read it; a draft stays a 404); how often is
RATELIMIT_EXPLANATION, shared with the page's form. Without a model the answer is 503 with the
code `llm_disabled`; a failing provider gives 503 `llm_unavailable`."""

from __future__ import annotations

from typing import Any

from flask.views import MethodView
from flask_babel import gettext as _

from ...auth.policy import Action
from ...auth.session import signed_in
from ...models import Question
from ...services import explanations
from ..learning import EXPLANATION_LIMIT
from .blueprint import Blueprint
from .resource import WRITE_ERRORS, error_responses, get_or_404
from .schemas.explanations import ExplanationRequestSchema, ExplanationSchema

URL_PREFIX = "/questions"
bp = Blueprint("explanations", __name__, description='"Explique-moi autrement": explanations for the learner')


@bp.route("/<int:question_id>/explanation")
class QuestionExplanation(MethodView):
    """An explanation of one question written for the signed-in learner."""

    @EXPLANATION_LIMIT
    @bp.arguments(ExplanationRequestSchema)
    @bp.response(200, ExplanationSchema)
    @error_responses(bp, *WRITE_ERRORS, 404, 422, 503)
    def post(self, payload: dict[str, Any], question_id: int) -> dict[str, Any]:
        """Explain the question in another way, for your learning style, pace, notes and tone
        (after your wrong `answer` when given); the same mistake explained before costs nothing."""
        question = get_or_404(Question, question_id, Action.EXPLAIN, _("Cette question n'existe pas."))
        written = explanations.explain(signed_in(), question, payload.get("answer"))
        return {
            "question_id": written.question_id,
            "answer": written.answer,
            "explanation_html": str(written.html),
            "cached": written.cached,
        }
