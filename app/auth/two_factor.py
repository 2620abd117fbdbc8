"""Two-factor authentication: time-based one-time codes (TOTP, pyotp) and one-time recovery codes.

Enrolment shows a QR code (segno, inline SVG without any style attribute, so the strict CSP holds)
and the secret as text; the secret is saved only once the person types a code it produced. A code
is accepted once: the time step it belongs to is remembered, so a code seen over a shoulder cannot
be replayed. Ten recovery codes are shown once and stored as SHA-256 digests.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
import string
from datetime import datetime

import pyotp
import segno
from flask import current_app
from flask_babel import gettext as _
from markupsafe import Markup
from sqlalchemy import delete, select

from ..extensions import db
from ..services.errors import InvalidInput
from ..types import utcnow
from .audit import security_event
from .models import RecoveryCode, User

RECOVERY_CODE_COUNT = 10
RECOVERY_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"  # no 0/o, 1/l/i to misread


def new_secret() -> str:
    """A fresh base32 secret for an authenticator app."""
    return pyotp.random_base32()


def provisioning_uri(user: User, secret: str) -> str:
    """The otpauth:// address an authenticator app reads from the QR code."""
    issuer = str(current_app.config["TOTP_ISSUER"])
    return pyotp.TOTP(secret).provisioning_uri(name=user.email, issuer_name=issuer)


def qr_svg(uri: str) -> Markup:
    """The QR code of `uri` as inline SVG markup (segno writes presentation attributes, no style)."""
    svg = segno.make(uri, error="m").svg_inline(scale=5, dark="#000", light="#fff", title=None)
    return Markup(svg)  # noqa: S704 (segno's own markup around a URI we built)


def _matching_step(secret: str, code: str, now: datetime) -> int | None:
    """The time step (30 s) whose code is `code`, looking one step back and forth for clock drift."""
    cleaned = "".join(char for char in code if char in string.digits)  # not "¹" or "٣"
    if len(cleaned) != 6:
        return None
    totp = pyotp.TOTP(secret)
    step = totp.timecode(now)
    for candidate in (step, step - 1, step + 1):
        if hmac.compare_digest(totp.generate_otp(candidate), cleaned):
            return candidate
    return None


def confirm_enrolment(user: User, secret: str, code: str) -> list[str]:
    """Turn two-factor on with `secret` once `code` proves the app has it; return the recovery codes."""
    step = _matching_step(secret, code, utcnow())
    if step is None:
        message = _("Ce code ne correspond pas. Vérifiez l'heure de votre téléphone et réessayez.")
        raise InvalidInput(message, fields={"code": [message]})
    user.totp_secret = secret
    user.totp_enabled_at = utcnow()
    user.totp_last_step = step
    codes = _replace_recovery_codes(user)
    db.session.commit()
    security_event("two_factor.enabled", user_id=user.id)
    return codes


def disable(user: User) -> None:
    """Turn two-factor off and forget the secret and the recovery codes."""
    user.totp_secret = None
    user.totp_enabled_at = None
    user.totp_last_step = None
    db.session.execute(delete(RecoveryCode).where(RecoveryCode.user_id == user.id))
    db.session.commit()
    security_event("two_factor.disabled", user_id=user.id)


def check_code(user: User, code: str) -> bool:
    """True for a current authenticator code not used before, or an unused recovery code."""
    if not user.two_factor_enabled or user.totp_secret is None:
        return False
    step = _matching_step(user.totp_secret, code, utcnow())
    if step is not None and (user.totp_last_step is None or step > user.totp_last_step):
        user.totp_last_step = step
        db.session.commit()
        return True
    if _use_recovery_code(user, code):
        return True
    security_event("two_factor.failed", user_id=user.id)
    return False


def _digest(code: str) -> str:
    normalised = "".join(char for char in code.lower() if char.isalnum())
    return hashlib.sha256(normalised.encode()).hexdigest()


def _use_recovery_code(user: User, code: str) -> bool:
    row = db.session.scalar(
        select(RecoveryCode).where(
            RecoveryCode.user_id == user.id,
            RecoveryCode.code_hash == _digest(code),
            RecoveryCode.used_at.is_(None),
        )
    )
    if row is None:
        return False
    row.used_at = utcnow()
    db.session.commit()
    security_event("two_factor.recovery_code_used", user_id=user.id)
    return True


def remaining_recovery_codes(user: User) -> int:
    """How many recovery codes the person can still use."""
    rows = db.session.scalars(
        select(RecoveryCode.id).where(RecoveryCode.user_id == user.id, RecoveryCode.used_at.is_(None))
    )
    return len(rows.all())


def _replace_recovery_codes(user: User) -> list[str]:
    """Ten new recovery codes (xxxxx-xxxxx), replacing the old ones, in the caller's transaction."""
    db.session.execute(delete(RecoveryCode).where(RecoveryCode.user_id == user.id))
    codes = []
    for _index in range(RECOVERY_CODE_COUNT):
        raw = "".join(secrets.choice(RECOVERY_ALPHABET) for _char in range(10))
        code = f"{raw[:5]}-{raw[5:]}"
        codes.append(code)
        db.session.add(RecoveryCode(user_id=user.id, code_hash=_digest(code)))
    return codes
