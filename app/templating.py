"""What every template may use: readable labels for booleans and enums, the language list, the
navigation forms. Booleans and enums are shown to people as words, never True/False."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from flask import Flask, current_app, request
from flask_babel import format_datetime, format_percent, get_locale
from flask_babel import gettext as _
from wtforms.fields.choices import SelectChoice

from .auth.forms import ConfirmForm
from .auth.models import Role
from .config import LANGUAGE_NAMES
from .forms import COMMUNICATION_CHOICES, PACE_CHOICES, STYLE_CHOICES
from .i18n import install_plural_rules
from .services.lessons import render_markdown
from .studio_forms import KIND_CHOICES


def enabled_label(value: bool) -> str:
    """'Activé' / 'Désactivé' for an on/off value."""
    return _("Activé") if value else _("Désactivé")


def role_label(role: Role | str) -> str:
    """A role as a word in the visitor's language."""
    labels = {"learner": _("Apprenant"), "author": _("Auteur"), "admin": _("Administrateur")}
    return labels.get(str(role), str(role))


def _choice_label(choices: list[SelectChoice], value: Any) -> str:
    key = getattr(value, "value", value)
    return next((str(choice.label) for choice in choices if choice.value == key), str(key))


def communication_label(value: Any) -> str:
    """A communication style as the preferences page words it."""
    return _choice_label(COMMUNICATION_CHOICES, value)


def pace_label(value: Any) -> str:
    """A learning pace as the preferences page words it."""
    return _choice_label(PACE_CHOICES, value)


def learning_style_label(value: Any) -> str:
    """A learning style as the preferences page words it."""
    return _choice_label(STYLE_CHOICES, value)


def verdict_label(value: Any) -> str:
    """A verdict as a word with its sign."""
    labels = {"correct": _("✅ Correct"), "almost": _("🟡 Presque"), "incorrect": _("❌ Incorrect")}
    return labels.get(getattr(value, "value", value), str(value))


def question_kind_label(value: Any) -> str:
    """A question's kind as the studio's form words it ("Vrai ou faux"…)."""
    return _choice_label(KIND_CHOICES, value)


def generation_status_label(value: Any) -> str:
    """Where a course generation stands, as a word ("En cours", "Terminée"…)."""
    labels = {
        "queued": _("En attente"),
        "running": _("En cours"),
        "done": _("Terminée"),
        "failed": _("Échouée"),
        "cancelled": _("Annulée"),
    }
    key = str(getattr(value, "value", value))
    return labels.get(key, key)


def duration_label(seconds: int | None) -> str:
    """A run time as people read it: "45 s", "3 min 05 s"; a dash before it starts."""
    if seconds is None:
        return "—"
    minutes, rest = divmod(int(seconds), 60)
    if not minutes:
        return _("%(seconds)s s", seconds=rest)
    return _("%(minutes)s min %(seconds)s s", minutes=minutes, seconds=f"{rest:02d}")


def datetime_label(value: datetime, fmt: str = "medium") -> str:
    """A UTC datetime in the visitor's language."""
    return format_datetime(value, fmt)


def percent_label(ratio: float) -> str:
    """A share as people read it in the page's language: "73 %" in French, "73%" in English."""
    return str(format_percent(ratio))


def register_template_helpers(app: Flask) -> None:
    """Install the filters and the context processor."""
    app.jinja_env.add_extension("jinja2.ext.do")  # `{% do attrs.update(...) %}` in the form macro
    app.add_template_filter(enabled_label, "enabled_label")
    app.add_template_filter(role_label, "role_label")
    app.add_template_filter(communication_label, "communication_label")
    app.add_template_filter(pace_label, "pace_label")
    app.add_template_filter(learning_style_label, "learning_style_label")
    app.add_template_filter(verdict_label, "verdict_label")
    app.add_template_filter(question_kind_label, "question_kind_label")
    app.add_template_filter(datetime_label, "datetimeformat")
    app.add_template_filter(generation_status_label, "generation_status_label")
    app.add_template_filter(duration_label, "duration_label")
    app.add_template_filter(render_markdown, "markdown")
    app.add_template_filter(percent_label, "percent")
    install_plural_rules(app)

    @app.context_processor
    def inject_globals() -> dict[str, Any]:
        return {
            "current_locale": str(get_locale() or current_app.config["BABEL_DEFAULT_LOCALE"]),
            "languages": LANGUAGE_NAMES,
            "nav_form": ConfirmForm(formdata=None),  # never reads the body (a 413 page must render)
            "current_path": request.full_path.rstrip("?") if request else "/",
            "Role": Role,
        }
