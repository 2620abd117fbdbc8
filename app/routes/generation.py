"""The studio's "Générer un cours": ask the language model for a draft course, then follow the job.

`/studio/generate` shows the form (subject, audience, language, size, an optional source pasted or
uploaded) and the author's recent generations; without a model configured it still shows, says how
to switch the feature on, and its form is disabled. Starting a job redirects to its page, which
reads the job's row (so it survives leaving and coming back): progress, tokens, elapsed time, a
Cancel button, then the link to the draft or the reason of the failure. The page refreshes itself
without JavaScript; app/static/js/generation.js follows the job through the API instead.
"""

from __future__ import annotations

from typing import Any

from flask import Blueprint, current_app, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import login_required
from werkzeug.datastructures import FileStorage
from werkzeug.wrappers import Response

from ..auth.forms import ConfirmForm
from ..auth.policy import Action, require
from ..auth.session import signed_in
from ..models import Generation
from ..services import generations
from ..services.errors import DomainError, FeatureDisabled
from ..services.generation import read_source
from ..studio_forms import GenerationForm
from .api.generations import GENERATION_LIMIT

bp = Blueprint("studio_generation", __name__)

# Seconds between two reloads of a running job's page when the browser runs no script.
REFRESH_SECONDS = 5


def _source(form: GenerationForm) -> tuple[str | None, str]:
    """The source text (pasted, or read from the uploaded document) and the document's name."""
    upload = form.source_file.data
    if isinstance(upload, FileStorage) and upload.filename:
        return read_source(upload.filename, upload.read()), upload.filename
    return (form.source_text.data or "").strip() or None, ""


def _show_errors(form: GenerationForm, error: DomainError) -> None:
    """Put a service's field messages beside the form's fields (a source's beside the upload)."""
    placed = False
    for name, messages in error.fields.items():
        field = getattr(form, "source_file" if name == "source" else name, None)
        if field is not None:
            field.errors = [*field.errors, *messages]
            placed = True
    if not placed:
        flash(error.message, "error")


@bp.route("/generate", methods=["GET", "POST"])
@login_required
@GENERATION_LIMIT
def generate() -> Any:
    """The form to start a generation, and the author's recent ones."""
    user = signed_in()
    require(user, Action.LIST, Generation)
    enabled = generations.generation_enabled(current_app.config)
    form = GenerationForm()
    status = 200
    if form.validate_on_submit():
        try:
            source_text, source_name = _source(form)
            generation = generations.start_generation(
                user,
                {
                    "subject": form.subject.data or "",
                    "level": form.level.data or "",
                    "language": form.language.data,
                    "topics": form.topics.data,
                    "questions_per_topic": form.questions_per_topic.data,
                    "source_text": source_text,
                    "source_name": source_name,
                },
            )
        except FeatureDisabled as error:
            flash(error.message, "error")
            status = error.status
        except DomainError as error:
            _show_errors(form, error)
            status = error.status
        else:
            flash(_("Génération lancée : suivez-la ici."), "success")
            return redirect(url_for("studio_generation.job", generation_id=generation.id))
    elif form.errors:
        status = 422
    return render_template(
        "studio/generate.html",
        form=form,
        enabled=enabled,
        disabled_message=generations.disabled_message(),
        generations=generations.recent_generations(user),
    ), status


@bp.get("/generations/<int:generation_id>")
@login_required
def job(generation_id: int) -> str:
    """One generation: its progress while it runs, then its draft or what went wrong."""
    generation = generations.find_generation(signed_in(), generation_id)
    return render_template(
        "studio/generation.html",
        generation=generation,
        elapsed=generations.elapsed_seconds(generation),
        refresh_seconds=None if generation.status.finished else REFRESH_SECONDS,
        cancel_form=ConfirmForm(),
    )


@bp.post("/generations/<int:generation_id>/cancel")
@login_required
def cancel(generation_id: int) -> Response:
    """Cancel the job (a running one stops after its current step)."""
    generation = generations.find_generation(signed_in(), generation_id, Action.DELETE)
    form = ConfirmForm()
    if form.validate_on_submit():
        try:
            generations.cancel_generation(generation)
        except DomainError as error:
            flash(error.message, "error")
        else:
            flash(_("Annulation demandée."), "success")
    return redirect(url_for("studio_generation.job", generation_id=generation.id))
