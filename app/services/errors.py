"""Domain errors raised by services. They carry no HTTP or HTML: `app/errors.py` turns each into
a page or the API's JSON envelope, so a service stays usable from a CLI command or a test."""

from __future__ import annotations


class DomainError(Exception):
    """Base of every error a use-case reports to its caller. `status` is the HTTP meaning; `code`,
    when set, is a stable word the JSON envelope carries for clients that act on it."""

    status = 400
    code: str | None = None

    def __init__(self, message: str, *, fields: dict[str, list[str]] | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.fields = fields or {}


class InvalidInput(DomainError):
    """The input breaks a rule (too short, not a known value…); `fields` says which."""

    status = 422


class NotFound(DomainError):
    """The thing does not exist — or belongs to someone else, which is reported the same way."""

    status = 404


class PermissionDenied(DomainError):
    """The user is known but their role does not allow the action."""

    status = 403


class Conflict(DomainError):
    """The action clashes with existing data (a taken email, a duplicate name)."""

    status = 409


class AuthenticationFailed(DomainError):
    """The credentials do not match an active account (never says which part was wrong)."""

    status = 401


class FeatureDisabled(DomainError):
    """A feature this site has not been set up for (its message says how to switch it on)."""

    status = 503

    def __init__(self, message: str, *, code: str) -> None:
        super().__init__(message)
        self.code = code
