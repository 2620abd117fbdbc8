"""Cheap signing for the two things every first visit signs: the session cookie and the CSRF token.

Flask builds a new itsdangerous serializer for every session it opens or saves, and Flask-WTF one
for every CSRF token; building one costs more than using it (itsdangerous tries its payload
serializer on an empty dict to learn whether it speaks text). The serializers here are built once
per secret key and reused. The cookies and the tokens have Flask's and Flask-WTF's format (a short
payload is simply not offered to zlib, which could not shorten it): Flask reads these cookies and
this code reads Flask's, Flask-WTF's own `validate_csrf` checks the tokens, and a key rotation
(SECRET_KEY_FALLBACKS) or a new SECRET_KEY takes effect at once.
"""

from __future__ import annotations

import hashlib
import os
import zlib
from functools import lru_cache
from typing import Any

from flask import Flask, current_app, g, session
from flask.sessions import SecureCookieSessionInterface
from itsdangerous import Signer, URLSafeTimedSerializer
from itsdangerous.encoding import base64_encode
from itsdangerous.serializer import Serializer
from itsdangerous.timed import TimestampSigner

CSRF_SALT = "wtf-csrf-token"  # Flask-WTF's salt: its validate_csrf reads what this signs
CSRF_FIELD = "csrf_token"  # Flask-WTF's default session key and `g` attribute (WTF_CSRF_FIELD_NAME)
# A payload shorter than this is never shorter once compressed (a session holding a CSRF token is
# about 60 bytes): it is not tried. Longer ones are compressed as itsdangerous does.
COMPRESS_FROM = 128


@lru_cache(maxsize=32)
def _derived_key(secret_key: bytes, salt: bytes, key_derivation: str, digest_method: Any) -> bytes:
    signer = Signer(secret_key, salt=salt, key_derivation=key_derivation, digest_method=digest_method)
    return signer.derive_key()


class KeyCachingSigner(TimestampSigner):
    """itsdangerous's timed signer, deriving each key once instead of on every signature."""

    def derive_key(self, secret_key: str | bytes | None = None) -> bytes:
        """The signing key for `secret_key` (the newest key by default), from the cache."""
        key = self.secret_keys[-1] if secret_key is None else secret_key
        key_bytes = key.encode() if isinstance(key, str) else key
        return _derived_key(key_bytes, self.salt, self.key_derivation, self.digest_method)


class ReusableSerializer(URLSafeTimedSerializer):
    """The URL-safe timed serializer of Flask and Flask-WTF, with the key-caching signer and no
    compression attempt on a short payload. Its output reads back with theirs, and theirs with it."""

    default_signer = KeyCachingSigner

    def make_signer(self, salt: str | bytes | None = None) -> Signer:
        """The signer for `salt`: the one of the serializer's own salt is made once (a signer
        keeps no state between signatures, so threads may share it)."""
        if salt is not None and salt != self.salt:
            return super().make_signer(salt)
        signer: Signer | None = self.__dict__.get("_own_signer")
        if signer is None:
            signer = self.__dict__["_own_signer"] = super().make_signer(salt)
        return signer

    def dump_payload(self, obj: Any) -> bytes:
        """The payload as itsdangerous's URL-safe serializers write it ("." marks compression)."""
        json = Serializer.dump_payload(self, obj)
        if len(json) >= COMPRESS_FROM:
            compressed = zlib.compress(json)
            if len(compressed) < len(json) - 1:
                return b"." + base64_encode(compressed)
        return base64_encode(json)


class ReusedSerializerSessionInterface(SecureCookieSessionInterface):
    """Flask's signed-cookie sessions, with the signing serializer built once per key set."""

    def get_signing_serializer(self, app: Flask) -> ReusableSerializer | None:
        """The serializer for `app`'s current keys (None without a secret key, as in Flask)."""
        if not app.secret_key:
            return None
        fallbacks = tuple(app.config.get("SECRET_KEY_FALLBACKS") or ())
        return _session_serializer(self, app.secret_key, fallbacks)


@lru_cache(maxsize=8)
def _session_serializer(
    interface: SecureCookieSessionInterface, secret_key: str | bytes, fallbacks: tuple[Any, ...]
) -> ReusableSerializer:
    keys: list[str | bytes] = [*fallbacks, secret_key]  # itsdangerous signs with the last one
    return ReusableSerializer(
        keys,  # type: ignore[arg-type]
        salt=interface.salt,
        serializer=interface.serializer,
        signer_kwargs={"key_derivation": interface.key_derivation, "digest_method": interface.digest_method},
    )


@lru_cache(maxsize=8)
def _csrf_serializer(secret_key: str | bytes) -> ReusableSerializer:
    return ReusableSerializer(secret_key, salt=CSRF_SALT)


def csrf_token() -> str:
    """This request's CSRF token, as Flask-WTF's `generate_csrf` makes it (same session key,
    same signature), with a serializer built once; a session gets its raw token on first use."""
    config = current_app.config
    field = config.get("WTF_CSRF_FIELD_NAME") or CSRF_FIELD
    token: str | None = g.get(field)
    if token is not None:
        return token
    secret_key = config.get("WTF_CSRF_SECRET_KEY") or current_app.secret_key
    raw = session.get(field)
    if not isinstance(raw, str):
        raw = session[field] = hashlib.sha1(os.urandom(64)).hexdigest()  # noqa: S324 (Flask-WTF's token)
    token = _csrf_serializer(secret_key).dumps(raw)
    setattr(g, field, token)
    return str(token)


def install_signing(app: Flask) -> None:
    """Use the reused serializers for `app`'s sessions and for its templates' `csrf_token()`."""
    app.session_interface = ReusedSerializerSessionInterface()
    app.jinja_env.globals["csrf_token"] = csrf_token
