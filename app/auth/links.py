"""Signed, expiring tokens for the links mailed to people (itsdangerous).

Each token names its purpose (the salt), the account and a fingerprint of what the link may change:

- verify: the address being confirmed, so a link for an old address does nothing;
- reset: the current password hash, so the link works once (the reset changes the hash) and dies
  when the password changes any other way;
- unlock: the current password hash, so a new password ends old unlock links too.
"""

from __future__ import annotations

import hashlib
import hmac
from typing import Literal

from flask import current_app
from itsdangerous import BadSignature, URLSafeTimedSerializer

from ..extensions import db
from .models import User

Purpose = Literal["verify", "reset", "unlock"]
MAX_AGE_SETTING: dict[Purpose, str] = {
    "verify": "EMAIL_VERIFICATION_MAX_AGE",
    "reset": "PASSWORD_RESET_MAX_AGE",
    "unlock": "LOGIN_UNLOCK_MAX_AGE",
}


def _serializer(purpose: Purpose) -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt=f"learnanything-{purpose}")


def fingerprint(purpose: Purpose, user: User) -> str:
    """What must not have changed since the link was made."""
    material = user.email if purpose == "verify" else f"{user.password_hash or ''}|{user.email}"
    return hashlib.sha256(material.encode()).hexdigest()[:32]


def make_token(purpose: Purpose, user: User) -> str:
    """A token for a link that acts on `user` for `purpose`."""
    return _serializer(purpose).dumps({"uid": user.id, "fp": fingerprint(purpose, user)})


def read_token(purpose: Purpose, token: str) -> User | None:
    """The account a still-valid token names, or None (expired, forged, used, or out of date)."""
    max_age = int(current_app.config[MAX_AGE_SETTING[purpose]])
    try:
        data = _serializer(purpose).loads(token, max_age=max_age)
    except BadSignature:  # SignatureExpired is a BadSignature
        return None
    if not isinstance(data, dict) or not isinstance(data.get("uid"), int):
        return None
    user = db.session.get(User, data["uid"])
    if user is None or not user.active:
        return None
    if not hmac.compare_digest(str(data.get("fp", "")), fingerprint(purpose, user)):
        return None
    return user
