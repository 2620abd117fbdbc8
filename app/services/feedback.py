"""Kind feedback ("retour bienveillant") on a graded answer, worded for the learner.

The communication style chooses the voice: informal speaks with "tu" (the mock-up's sentences are
the baseline), formal with "vous", detailed adds the question's explanation, concise keeps one
short line. An incorrect answer always shows the right one and encourages; an almost shows the
right spelling. Every sentence is translated with Flask-Babel, so English learners read English.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime

from flask_babel import format_date
from flask_babel import gettext as _
from markupsafe import Markup

from ..models import CommunicationStyle, QuestionKind, Verdict
from .lessons import render_markdown


@dataclass(frozen=True)
class Feedback:
    """What the learner reads after answering."""

    verdict: Verdict
    message: str
    expected: str  # the right answer as shown ("" when the answer was exactly right)
    explanation_html: Markup | None  # only in the detailed style

    def as_dict(self) -> dict[str, object]:
        """The feedback as the JSON API sends it."""
        return {
            "verdict": self.verdict.value,
            "message": self.message,
            "expected": self.expected,
            "explanation_html": str(self.explanation_html) if self.explanation_html else None,
        }


def displayed_answer(kind: QuestionKind, answer: str) -> str:
    """An accepted answer as a learner should read it ("vrai" → "Vrai" / "True")."""
    if kind is QuestionKind.TRUE_FALSE:
        return _("Vrai") if answer.strip().lower() in {"vrai", "true"} else _("Faux")
    return answer


def _informal(verdict: Verdict, expected: str) -> str:
    if verdict is Verdict.CORRECT:
        return _("Excellent travail ! Ta réponse est parfaite. Continue comme ça !")
    if verdict is Verdict.ALMOST:
        return _(
            "Presque parfait ! On l'écrit « %(answer)s ». Un petit détail d'orthographe, mais tu as trouvé !",
            answer=expected,
        )
    return _(
        "Bonne tentative ! La réponse correcte est « %(answer)s ». "
        "Il y a encore beaucoup à découvrir : chaque erreur te fait avancer !",
        answer=expected,
    )


def _formal(verdict: Verdict, expected: str) -> str:
    if verdict is Verdict.CORRECT:
        return _("Excellent travail. Votre réponse est parfaite ; continuez ainsi.")
    if verdict is Verdict.ALMOST:
        return _(
            "Votre réponse est acceptée. Attention toutefois à l'orthographe : on écrit « %(answer)s ».",
            answer=expected,
        )
    return _(
        "Bonne tentative. La réponse correcte est « %(answer)s ». "
        "Ne vous découragez pas : chaque erreur vous fait progresser.",
        answer=expected,
    )


def _concise(verdict: Verdict, expected: str) -> str:
    if verdict is Verdict.CORRECT:
        return _("Juste ! ✔")
    if verdict is Verdict.ALMOST:
        return _("Presque : « %(answer)s ».", answer=expected)
    return _("C'était « %(answer)s ». Courage !", answer=expected)


def _several_options(style: CommunicationStyle, expected: str) -> str:
    """An almost on a question of several options: one slip, not a spelling matter."""
    if style is CommunicationStyle.FORMAL:
        return _(
            "Presque : une bonne réponse manque ou une réponse est en trop. "
            "Les bonnes réponses sont « %(answer)s ».",
            answer=expected,
        )
    if style is CommunicationStyle.CONCISE:
        return _("Presque : « %(answer)s ».", answer=expected)
    return _(
        "Presque ! Une seule erreur : les bonnes réponses sont « %(answer)s ». Tu y es presque !",
        answer=expected,
    )


def feedback_for(
    verdict: Verdict,
    *,
    expected: str,
    style: CommunicationStyle,
    kind: QuestionKind = QuestionKind.SHORT,
    explanation: str = "",
) -> Feedback:
    """The feedback for one graded answer in the learner's communication style."""
    shown = displayed_answer(kind, expected)
    if kind is QuestionKind.MULTIPLE and verdict is Verdict.ALMOST:
        message = _several_options(style, shown)
    elif style is CommunicationStyle.FORMAL:
        message = _formal(verdict, shown)
    elif style is CommunicationStyle.CONCISE:
        message = _concise(verdict, shown)
    else:
        message = _informal(verdict, shown)
    explanation_html = None
    if style is CommunicationStyle.DETAILED and explanation:
        explanation_html = render_markdown(explanation)
    return Feedback(
        verdict=verdict,
        message=message,
        expected="" if verdict is Verdict.CORRECT else shown,
        explanation_html=explanation_html,
    )


def not_due_note(style: CommunicationStyle, comes_back: datetime) -> str:
    """Why a right answer to a question not yet due leaves the standing where it is, and when
    the question comes back (only a due question's success climbs: services/mastery.py)."""
    day = format_date(comes_back, "long")
    if style is CommunicationStyle.FORMAL:
        return _(
            "Cette question est déjà acquise : votre niveau ne change pas cette fois. "
            "Elle reviendra en révision le %(date)s.",
            date=day,
        )
    if style is CommunicationStyle.CONCISE:
        return _("Déjà acquise — elle reviendra en révision le %(date)s.", date=day)
    return _(
        "Cette question est déjà acquise : ton niveau ne monte pas cette fois. "
        "Elle reviendra en révision le %(date)s.",
        date=day,
    )


def with_not_due_note(feedback: Feedback, style: CommunicationStyle, comes_back: datetime) -> Feedback:
    """The feedback of an accepted answer to a question that was not due, with `not_due_note`."""
    if feedback.verdict is Verdict.INCORRECT:
        return feedback
    return replace(feedback, message=f"{feedback.message} {not_due_note(style, comes_back)}")
