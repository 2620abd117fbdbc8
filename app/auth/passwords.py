"""Password hashing and password rules.

Hashes are argon2id (argon2-cffi), with the cost taken from the configuration so that only the
Testing config uses a cheap setting. Rules follow NIST SP 800-63B: a minimum length, long
passphrases welcome and never truncated, the most common passwords refused, and zxcvbn's estimate
of how fast the password would be guessed (its dictionaries are English: the site's own words and
the person's name and address are added to them).
"""

from __future__ import annotations

import gzip
from functools import cache
from pathlib import Path

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError
from flask import current_app
from flask_babel import gettext as _
from zxcvbn import zxcvbn

MAX_PASSWORD_LENGTH = 1024  # long passphrases pass; megabyte bodies do not reach the hasher
COMMON_PASSWORDS_FILE = Path(__file__).with_name("common-passwords.txt.gz")
# zxcvbn's work grows with the length; past this many characters a password is long enough that
# the estimate of its beginning is a fair lower bound.
STRENGTH_CHECK_LENGTH = 72  # zxcvbn refuses longer input
# Words guessers try first on a French learning site, beside zxcvbn's English dictionaries.
SITE_WORDS = ("motdepasse", "learnanything", "apprendre", "bonjour", "soleil", "azerty", "etoile")


def _hasher() -> PasswordHasher:
    """The hasher with this application's cost parameters."""
    return PasswordHasher(**current_app.config["PASSWORD_HASH_PARAMS"])


def hash_password(password: str) -> str:
    """Hash a password for storage."""
    return _hasher().hash(password)


def verify_password(stored_hash: str | None, password: str) -> bool:
    """True when `password` matches; False for a wrong password or a missing/garbled hash."""
    if not stored_hash or len(password) > MAX_PASSWORD_LENGTH:
        return False
    try:
        return _hasher().verify(stored_hash, password)
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False


def needs_rehash(stored_hash: str) -> bool:
    """True when the stored hash used older cost parameters and should be upgraded at login."""
    return _hasher().check_needs_rehash(stored_hash)


@cache
def common_passwords() -> frozenset[str]:
    """The shipped list of the most common passwords, lower-cased."""
    with gzip.open(COMMON_PASSWORDS_FILE, "rt", encoding="utf-8") as handle:
        return frozenset(line.strip().lower() for line in handle if line.strip())


def password_problems(password: str, *, username: str = "", email: str = "") -> list[str]:
    """Every rule the password breaks, as messages for the person choosing it (empty = accepted)."""
    problems: list[str] = []
    minimum = int(current_app.config["PASSWORD_MIN_LENGTH"])
    if len(password) < minimum:
        problems.append(_("Le mot de passe doit contenir au moins %(n)d caractères.", n=minimum))
    if len(password) > MAX_PASSWORD_LENGTH:
        problems.append(_("Le mot de passe ne peut pas dépasser %(n)d caractères.", n=MAX_PASSWORD_LENGTH))
    lowered = password.strip().lower()
    if lowered in common_passwords():
        problems.append(_("Ce mot de passe est trop courant ; choisissez-en un autre."))
    personal = {username.strip().lower(), email.strip().lower(), email.split("@")[0].strip().lower()}
    if lowered and lowered in personal - {""}:
        problems.append(_("Le mot de passe ne doit pas reprendre votre nom d'utilisateur ou votre email."))
    if not problems and strength(password, [*personal - {""}]) < int(
        current_app.config["PASSWORD_MIN_SCORE"]
    ):
        problems.append(
            _(
                "Ce mot de passe serait vite deviné. Ajoutez quelques mots peu courants, "
                "par exemple une phrase de quatre mots sans rapport entre eux."
            )
        )
    return problems


def strength(password: str, personal: list[str]) -> int:
    """zxcvbn's score from 0 (guessed at once) to 4 (very hard to guess)."""
    result = zxcvbn(password[:STRENGTH_CHECK_LENGTH], user_inputs=[*SITE_WORDS, *personal])
    return int(result["score"])
