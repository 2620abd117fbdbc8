"""`/api/v1/generations`: write a course with the language model, as a background job.

`POST` answers 202 at once with the job's document and its URL (Location); the worker writes the
course step by step, and `GET /generations/<id>` tells where it stands (status, progress, tokens,
duration, error, and the draft course once done). `DELETE` cancels. Authors and admins start jobs;
each person sees only their own (app/auth/policy.py). Starting one has its own per-person limit
(RATELIMIT_GENERATION); without a model configured (LLM_BASE_URL) `POST` answers 503 with the code
`generation_disabled` and how to switch it on.
"""

from __future__ import annotations

from typing import Any

from flask import Response, current_app, url_for
from flask.views import MethodView

from ...auth.policy import Action, require
from ...auth.session import signed_in
from ...extensions import limiter
from ...models import Generation, GenerationStatus
from ...services import generations
from ..auth import signed_in_key
from .blueprint import Blueprint
from .pagination import page_schema, paginate
from .resource import READ_ERRORS, WRITE_ERRORS, error_responses
from .schemas.generations import GenerationListArgs, GenerationRequestSchema, GenerationSchema

URL_PREFIX = "/generations"
bp = Blueprint("generations", __name__, description="Courses written by a language model (background jobs)")


def generation_limit() -> str:
    """How many generations one person may start (RATELIMIT_GENERATION); pages and API share it."""
    return str(current_app.config["RATELIMIT_GENERATION"])


def _started(response: Response) -> bool:
    """Only a job actually started spends the budget (not a refusal, a typo or a disabled site)."""
    return response.status_code in {202, 302}


# One bucket per person for the API and the studio's form (routes/generation.py) together.
GENERATION_LIMIT = limiter.shared_limit(
    generation_limit, scope="generation", key_func=signed_in_key, methods=["POST"], deduct_when=_started
)


def generation_document(generation: Generation) -> dict[str, Any]:
    """The job as the API and the job page's script read it."""
    done = generation.status is GenerationStatus.DONE and generation.course_id is not None
    return {
        "id": generation.id,
        "url": url_for("generations.GenerationById", generation_id=generation.id),
        "page": url_for("studio_generation.job", generation_id=generation.id),
        "status": generation.status.value,
        "subject": generation.subject,
        "level": generation.level,
        "language": generation.language,
        "topics": generation.topics,
        "questions_per_topic": generation.questions_per_topic,
        "source_name": generation.source_name,
        "progress": {
            "steps_done": generation.steps_done,
            "steps_total": generation.steps_total,
            "current_step": generation.current_step,
        },
        "tokens": {
            "prompt": generation.prompt_tokens,
            "completion": generation.completion_tokens,
            "total": generation.tokens,
        },
        "duration_seconds": generations.elapsed_seconds(generation),
        "error": generation.error or None,
        "cancel_requested": generation.cancel_requested,
        "course_id": generation.course_id if done else None,
        "course_url": url_for("studio.course", course_id=generation.course_id) if done else None,
        "created_at": generation.created_at,
        "started_at": generation.started_at,
        "finished_at": generation.finished_at,
    }


def _generation(generation_id: int, action: Action = Action.READ) -> Generation:
    return generations.find_generation(signed_in(), generation_id, action)


@bp.route("")
class Generations(MethodView):
    """The caller's course generations."""

    @bp.arguments(GenerationListArgs, location="query")
    @bp.response(200, page_schema(GenerationSchema))
    @error_responses(bp, *READ_ERRORS, 403)
    def get(self, args: dict[str, Any]) -> dict[str, Any]:
        """List your generations, newest first (?status=running…), a page at a time."""
        user = signed_in()
        require(user, Action.LIST, Generation)
        generations.reclaim_lost_generations(user.id)
        statement = generations.own_generations(user)
        if "status" in args:
            statement = statement.where(Generation.status == GenerationStatus(args["status"]))
        page = paginate(statement, args, "generations.Generations")
        page["items"] = [generation_document(generation) for generation in page["items"]]
        return page

    @GENERATION_LIMIT
    @bp.arguments(GenerationRequestSchema)
    @bp.response(202, GenerationSchema)
    @error_responses(bp, *WRITE_ERRORS, 422, 503)
    def post(self, payload: dict[str, Any]) -> tuple[dict[str, Any], int, dict[str, str]]:
        """Start writing a course (authors and admins): 202 with the job, to follow at its URL.

        503 `generation_disabled` when the site has no language model configured.
        """
        generation = generations.start_generation(signed_in(), payload)
        document = generation_document(generation)
        return document, 202, {"Location": document["url"]}


@bp.route("/<int:generation_id>")
class GenerationById(MethodView):
    """One course generation of the caller."""

    @bp.response(200, GenerationSchema)
    @error_responses(bp, *READ_ERRORS, 404)
    def get(self, generation_id: int) -> dict[str, Any]:
        """Where the job stands: status, progress, tokens, duration, error, and the course once done."""
        return generation_document(_generation(generation_id))

    @bp.response(200, GenerationSchema)
    @error_responses(bp, *WRITE_ERRORS, 404, 409)
    def delete(self, generation_id: int) -> dict[str, Any]:
        """Cancel: a queued job at once; a running one stops after its current step (409 when over)."""
        generation = generations.cancel_generation(_generation(generation_id, Action.DELETE))
        return generation_document(generation)
