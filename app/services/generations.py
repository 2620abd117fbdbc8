"""Course generations as background jobs: start one, follow it, cancel it, and the worker's side.

A `Generation` row is the whole state of a job. `start_generation` stores the request and puts
the job on the queue (app/jobs.py); the worker calls `run_generation`, which writes the progress
of `generate_course` to the row after every step (one commit each, so the job page sees it) and
reads the row's cancel flag between steps. The course itself is saved by `generate_course`, at the
very end, in one transaction: a failed or cancelled job leaves no half-made course.

Status changes that race (a cancel while the worker picks the job up) are single conditional
UPDATEs, so exactly one side wins.

A running job's worker writes a heartbeat to the row every JOB_HEARTBEAT_SECONDS, from a thread of
its own (a step waits on the language model for up to LLM_TIMEOUT). A job whose heartbeat is older
than LOST_AFTER_HEARTBEATS of them lost its worker (killed, or its machine down): reading it, or
starting a worker, ends it as failed with a message that says to start it again.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from flask import current_app
from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy import Select, func, select, update

from ..auth.models import User
from ..auth.policy import Action, require
from ..extensions import db
from ..jobs import job_queue
from ..models import Generation, GenerationStatus
from ..types import utcnow
from .errors import Conflict, DomainError, FeatureDisabled, NotFound
from .generation import (
    GenerationCancelled,
    GenerationFailed,
    GenerationRequest,
    Progress,
    check_request,
    generate_course,
)
from .llm import LLMClient, llm_enabled

logger = logging.getLogger(__name__)

DISABLED_CODE = "generation_disabled"
MAX_STEP_TEXT = 300
# Pasted source text (an uploaded document is read by generation.read_source, with its own limits):
# about 40 pages, and a JSON body that holds it stays under MAX_CONTENT_LENGTH (1 MiB) even when
# every character is written as a 12-byte escape.
MAX_SOURCE_CHARACTERS = 80_000
LOST_AFTER_HEARTBEATS = 4


def generation_enabled(config: Mapping[str, Any]) -> bool:
    """True when a language model is configured (LLM_BASE_URL)."""
    return llm_enabled(config)


def disabled_message() -> str:
    """How to switch the feature on, in plain words (the pages and the 503 say the same)."""
    return _(
        "La génération de cours n'est pas activée sur ce site : un administrateur doit indiquer un "
        "modèle de langage compatible OpenAI avec les variables LLM_BASE_URL, LLM_MODEL et LLM_API_KEY, "
        "puis lancer un worker (learnanything worker)."
    )


def require_enabled(config: Mapping[str, Any]) -> None:
    """Raise FeatureDisabled (503, `generation_disabled`) when no model is configured."""
    if not generation_enabled(config):
        raise FeatureDisabled(disabled_message(), code=DISABLED_CODE)


def start_generation(user: User, fields: Mapping[str, Any]) -> Generation:
    """Store a generation request of `user` (authors and admins) and queue it.

    `fields`: subject, level, language, topics, questions_per_topic, and optionally source_text
    and source_name, already validated by a form or a schema.
    """
    require(user, Action.CREATE, Generation)
    require_enabled(current_app.config)
    check_request(_request_of(user.id, fields))
    generation = Generation(
        user_id=user.id,
        status=GenerationStatus.QUEUED,
        subject=fields["subject"].strip(),
        level=(fields.get("level") or "").strip(),
        language=fields["language"],
        topics=fields["topics"],
        questions_per_topic=fields["questions_per_topic"],
        source_text=fields.get("source_text") or None,
        source_name=(fields.get("source_name") or "")[:255],
        current_step=_("En attente d'un worker…"),
    )
    db.session.add(generation)
    db.session.commit()
    try:
        job_queue().run_generation(generation.id)
    except Exception:
        logger.exception("Generation %s could not be queued", generation.id)
        _finish(generation.id, GenerationStatus.FAILED, error=_("La file des travaux ne répond pas."))
        raise FeatureDisabled(
            _("La file des travaux ne répond pas : réessayez dans un instant."), code="job_queue_unavailable"
        ) from None
    return generation


def find_generation(user: User, generation_id: int, action: Action = Action.READ) -> Generation:
    """The generation `generation_id` if it is `user`'s; anyone else's answers like a missing one."""
    reclaim_lost_generations(user.id)
    generation = db.session.get(Generation, generation_id)
    if generation is None:
        raise NotFound(_("Cette génération n'existe pas."))
    require(user, action, generation)
    return generation


def own_generations(user: User) -> Select[Generation]:
    """The generations of `user`, newest first (a statement, for pages and paginated lists)."""
    return (
        select(Generation)
        .where(Generation.user_id == user.id)
        .order_by(Generation.created_at.desc(), Generation.id.desc())
    )


def recent_generations(user: User, limit: int = 10) -> list[Generation]:
    """The last `limit` generations of `user`, newest first."""
    reclaim_lost_generations(user.id)
    return list(db.session.scalars(own_generations(user).limit(limit)))


def reclaim_lost_generations(user_id: int | None = None) -> int:
    """End as failed the running jobs (of `user_id`, or everyone's) whose worker stopped beating:
    killed, or its machine down. Each author reads why in their own language. Returns how many."""
    limit = utcnow() - timedelta(seconds=LOST_AFTER_HEARTBEATS * _heartbeat_seconds())
    lost = select(Generation.id, User.locale).join(User, User.id == Generation.user_id)
    lost = lost.where(Generation.status == GenerationStatus.RUNNING, Generation.heartbeat_at < limit)
    if user_id is not None:
        lost = lost.where(Generation.user_id == user_id)
    rows = db.session.execute(lost).all()
    default_locale = current_app.config["BABEL_DEFAULT_LOCALE"]
    for generation_id, locale in rows:
        with force_locale(locale or default_locale):
            message = _(
                "Le travail s'est interrompu : le service qui l'exécutait s'est arrêté. "
                "Relancez la génération."
            )
            db.session.execute(
                update(Generation)
                .where(Generation.id == generation_id, Generation.status == GenerationStatus.RUNNING)
                .values(
                    status=GenerationStatus.FAILED,
                    finished_at=utcnow(),
                    error=message,
                    current_step=_("Échec."),
                )
            )
        logger.warning("Generation %s lost its worker (no heartbeat since before %s)", generation_id, limit)
    if rows:
        db.session.commit()
    return len(rows)


def _heartbeat_seconds() -> float:
    return float(current_app.config.get("JOB_HEARTBEAT_SECONDS", 15))


def cancel_generation(generation: Generation) -> Generation:
    """Cancel a job: a queued one is cancelled at once; a running one is asked to stop, which the
    worker does between two steps. A finished job cannot be cancelled (Conflict)."""
    now = utcnow()
    stopped = db.session.execute(
        update(Generation)
        .where(Generation.id == generation.id, Generation.status == GenerationStatus.QUEUED)
        .values(
            status=GenerationStatus.CANCELLED,
            cancel_requested=True,
            finished_at=now,
            current_step=_("Annulée avant de commencer."),
        )
    )
    if not _changed(stopped):
        asked = db.session.execute(
            update(Generation)
            .where(Generation.id == generation.id, Generation.status == GenerationStatus.RUNNING)
            .values(cancel_requested=True)
        )
        if not _changed(asked):
            db.session.rollback()
            raise Conflict(_("Cette génération est déjà terminée."))
    db.session.commit()
    db.session.refresh(generation)
    return generation


def elapsed_seconds(generation: Generation, now: datetime | None = None) -> int | None:
    """Seconds the job has run (until now while it runs); None before it starts."""
    if generation.started_at is None:
        return None
    end = generation.finished_at or now or utcnow()
    return max(0, int((end - generation.started_at).total_seconds()))


@dataclass(frozen=True)
class GenerationTotals:
    """What the generations of the whole site cost, for the admins."""

    jobs: int
    by_status: dict[str, int]
    prompt_tokens: int
    completion_tokens: int
    seconds: int
    average_seconds: int | None

    @property
    def tokens(self) -> int:
        """Prompt and completion tokens together."""
        return self.prompt_tokens + self.completion_tokens


def generation_totals() -> GenerationTotals:
    """Counts per status, tokens and run time of every generation of the site."""
    counts = {
        str(getattr(status, "value", status)): count
        for status, count in db.session.execute(
            select(Generation.status, func.count()).group_by(Generation.status)
        )
    }
    prompt, completion = db.session.execute(
        select(
            func.coalesce(func.sum(Generation.prompt_tokens), 0),
            func.coalesce(func.sum(Generation.completion_tokens), 0),
        )
    ).one()
    runs = db.session.execute(
        select(Generation.started_at, Generation.finished_at).where(
            Generation.started_at.is_not(None), Generation.finished_at.is_not(None)
        )
    )
    durations = [
        int((finished - started).total_seconds()) for started, finished in runs if started and finished
    ]
    return GenerationTotals(
        jobs=sum(counts.values()),
        by_status={status.value: counts.get(status.value, 0) for status in GenerationStatus},
        prompt_tokens=int(prompt),
        completion_tokens=int(completion),
        seconds=sum(durations),
        average_seconds=round(sum(durations) / len(durations)) if durations else None,
    )


# --- the worker's side -----------------------------------------------------------------------------


def run_generation(generation_id: int) -> None:
    """Run one queued generation to its end (called by the worker, in an application context).

    A job cancelled (or already taken) before the worker got to it is left as it is. What the job
    writes for its author to read (steps, errors) is in the author's language.
    """
    generation = db.session.get(Generation, generation_id)
    if generation is None:  # deleted with its account in the meantime
        return
    author = db.session.get(User, generation.user_id)
    locale = (author.locale if author is not None else None) or current_app.config["BABEL_DEFAULT_LOCALE"]
    db.session.rollback()  # the status is decided below, by one conditional UPDATE
    with force_locale(locale):
        _run(generation_id)


def _run(generation_id: int) -> None:
    """`run_generation` in the author's language."""
    started = db.session.execute(
        update(Generation)
        .where(Generation.id == generation_id, Generation.status == GenerationStatus.QUEUED)
        .values(
            status=GenerationStatus.RUNNING,
            started_at=utcnow(),
            heartbeat_at=utcnow(),
            current_step=_("Démarrage…"),
        )
    )
    db.session.commit()
    if not _changed(started):
        return
    with _heartbeat(generation_id):
        _run_started(generation_id)


@contextmanager
def _heartbeat(generation_id: int) -> Iterator[None]:
    """Write the job's heartbeat every JOB_HEARTBEAT_SECONDS from a thread, until the block ends."""
    app = current_app._get_current_object()  # type: ignore[attr-defined]
    interval = _heartbeat_seconds()
    stopped = threading.Event()

    def beat() -> None:
        while not stopped.wait(interval):
            try:
                with app.app_context():
                    db.session.execute(
                        update(Generation)
                        .where(Generation.id == generation_id, Generation.status == GenerationStatus.RUNNING)
                        .values(heartbeat_at=utcnow())
                    )
                    db.session.commit()
            except Exception:  # a database away for a moment: the next beat tries again
                logger.warning("Heartbeat of generation %s not written", generation_id, exc_info=True)

    thread = threading.Thread(target=beat, name=f"generation-{generation_id}-heartbeat", daemon=True)
    thread.start()
    try:
        yield
    finally:
        stopped.set()
        thread.join(timeout=interval + 5)


def _run_started(generation_id: int) -> None:
    """The job once this worker has taken it."""
    generation = db.session.get(Generation, generation_id)
    if generation is None:
        return
    request = _request_of(
        generation.user_id,
        {
            "subject": generation.subject,
            "level": generation.level,
            "language": generation.language,
            "topics": generation.topics,
            "questions_per_topic": generation.questions_per_topic,
            "source_text": generation.source_text,
        },
    )

    def on_progress(progress: Progress) -> None:
        db.session.execute(
            update(Generation)
            .where(Generation.id == generation_id)
            .values(
                steps_done=progress.steps_done,
                steps_total=progress.steps_total,
                current_step=progress.current_step[:MAX_STEP_TEXT],
                prompt_tokens=progress.prompt_tokens,
                completion_tokens=progress.completion_tokens,
                heartbeat_at=utcnow(),
            )
        )
        db.session.commit()

    def is_cancelled() -> bool:
        return bool(
            db.session.scalar(select(Generation.cancel_requested).where(Generation.id == generation_id))
        )

    try:
        client = LLMClient.from_config(current_app.config)
        try:
            outcome = generate_course(
                request, client=client, on_progress=on_progress, is_cancelled=is_cancelled
            )
        finally:
            client.close()
    except GenerationCancelled:
        db.session.rollback()
        _finish(generation_id, GenerationStatus.CANCELLED, step=_("Annulée."))
    except GenerationFailed as failure:
        db.session.rollback()
        _finish(generation_id, GenerationStatus.FAILED, error=str(failure) or _("La génération a échoué."))
    except DomainError as error:  # the model's server down, too slow, refusing (app/services/llm.py)
        db.session.rollback()
        _finish(generation_id, GenerationStatus.FAILED, error=error.message)
    except Exception:
        db.session.rollback()
        logger.exception("Generation %s failed unexpectedly", generation_id)
        message = _("Une erreur inattendue a interrompu la génération. Nous avons été prévenus.")
        _finish(generation_id, GenerationStatus.FAILED, error=message)
    else:
        _finish(
            generation_id,
            GenerationStatus.DONE,
            step=_("Terminé."),
            course_id=outcome.course_id,
            prompt_tokens=outcome.prompt_tokens,
            completion_tokens=outcome.completion_tokens,
        )


def _request_of(author_id: int, fields: Mapping[str, Any]) -> GenerationRequest:
    """What generate_course is asked, from a stored row's or a form's fields."""
    return GenerationRequest(
        subject=str(fields["subject"]).strip(),
        level=str(fields.get("level") or "").strip(),
        language=str(fields["language"]),
        topics=int(fields["topics"]),
        questions_per_topic=int(fields["questions_per_topic"]),
        source_text=fields.get("source_text") or None,
        author_id=author_id,
    )


def _finish(generation_id: int, status: GenerationStatus, **values: Any) -> None:
    """Record the end of a job: its status, when, and what it made or what went wrong."""
    step = values.pop("step", None)
    changes: dict[str, Any] = {"status": status, "finished_at": utcnow(), **values}
    if step is not None:
        changes["current_step"] = step
    elif status is GenerationStatus.FAILED:
        changes["current_step"] = _("Échec.")
    db.session.execute(update(Generation).where(Generation.id == generation_id).values(**changes))
    db.session.commit()


def _changed(result: Any) -> bool:
    """True when an UPDATE matched a row."""
    return bool(getattr(result, "rowcount", 0))
