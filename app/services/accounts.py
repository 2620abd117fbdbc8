"""Account use-cases: register, verify the address, authenticate, change or reset the password,
log out everywhere, manage roles.

Each function is one transaction and raises a domain error the caller turns into a message.
Login failures are deliberately vague: the same answer whether the account exists or not; so is
registration, whose answer never says whether an address already has an account. Every change of
credentials ends sessions as it should, is logged as a security event and is mailed to the person.
"""

from __future__ import annotations

from dataclasses import dataclass

from email_validator import EmailNotValidError, validate_email
from flask_babel import gettext as _
from flask_sqlalchemy.pagination import Pagination
from sqlalchemy import ColumnElement, func, or_, select

from ..auth import tokens as token_service
from ..auth import user_sessions
from ..auth.audit import security_event
from ..auth.models import Role, User, UserSession
from ..auth.passwords import hash_password, needs_rehash, password_problems, verify_password
from ..database import rolled_back_on_failure
from ..extensions import db
from ..models import Preferences
from ..types import utcnow
from . import mail
from .errors import Conflict, InvalidInput, NotFound, PermissionDenied
from .search import like_pattern

USERNAME_MAX = 40
# A hash of a random password, checked when no account matches, so the time taken does not
# reveal whether an email is registered.
_dummy_hash: str | None = None


def normalise_email(email: str) -> str:
    """Validate an email address and return its normalised, lower-cased form."""
    try:
        result = validate_email(email.strip(), check_deliverability=False)
    except EmailNotValidError as error:
        raise InvalidInput(
            _("Adresse email invalide."), fields={"email": [_("Adresse email invalide.")]}
        ) from error
    return result.normalized.lower()


def clean_username(username: str) -> str:
    """Trim and check a username: 3–40 letters, digits, dot, dash or underscore."""
    name = username.strip()
    allowed = name.replace(".", "").replace("-", "").replace("_", "")
    if not 3 <= len(name) <= USERNAME_MAX or not allowed.isalnum():
        message = _(
            "Le nom d'utilisateur doit faire de 3 à 40 caractères : "
            "lettres, chiffres, point, tiret ou souligné."
        )
        raise InvalidInput(message, fields={"username": [message]})
    return name


def check_password_rules(password: str, *, username: str = "", email: str = "") -> None:
    """Raise InvalidInput listing every password rule broken."""
    problems = password_problems(password, username=username, email=email)
    if problems:
        raise InvalidInput(problems[0], fields={"password": problems})


@dataclass(frozen=True)
class SignUp:
    """What a registration led to: a new account, or the existing account of that address."""

    created: User | None = None
    existing: User | None = None


def sign_up(username: str, email: str, password: str, *, privacy_accepted: bool) -> SignUp:
    """Registration from the site: a new, unverified account — or, when the address already has an
    account, that account (for the caller to mail its owner), without saying so to the visitor."""
    name = clean_username(username)
    address = normalise_email(email)
    check_password_rules(password, username=name, email=address)
    existing = db.session.scalar(select(User).where(User.email == address))
    if existing is not None:
        hash_password(password)  # the same work as a real registration: the time reveals nothing
        security_event("account.register_existing_email", user_id=existing.id)
        return SignUp(existing=existing)
    user = register_user(name, address, password)
    if privacy_accepted:
        user.privacy_accepted_at = utcnow()
        db.session.commit()
    return SignUp(created=user)


def register_user(
    username: str, email: str, password: str, *, role: Role = Role.LEARNER, verified: bool = False
) -> User:
    """Create an account with default preferences, committed together (the user and its rows).

    `verified` is for accounts made by someone who vouches for the address (an admin's command).
    """
    name = clean_username(username)
    address = normalise_email(email)
    check_password_rules(password, username=name, email=address)
    taken = db.session.scalar(
        select(User).where(or_(func.lower(User.username) == name.lower(), User.email == address))
    )
    if taken is not None:
        field = "email" if taken.email == address else "username"
        message = (
            _("Cette adresse email est déjà utilisée.")
            if field == "email"
            else _("Ce nom d'utilisateur est déjà pris.")
        )
        raise Conflict(message, fields={field: [message]})
    user = User(
        username=name,
        email=address,
        password_hash=hash_password(password),
        role=role,
        email_verified_at=utcnow() if verified else None,
    )
    db.session.add_all([user, Preferences(user=user)])
    db.session.commit()
    security_event("account.registered", user_id=user.id, role=role.value)
    return user


def verify_email(user: User) -> None:
    """The person opened the link mailed to their address."""
    if user.email_verified_at is None:
        user.email_verified_at = utcnow()
        db.session.commit()
        security_event("account.email_verified", user_id=user.id)


def active_user(user_id: object) -> User | None:
    """The active account with this id (an id read back from the session may be anything)."""
    user = db.session.get(User, user_id) if isinstance(user_id, int) else None
    return user if user is not None and user.active else None


def normalise_login(identifier: str) -> str:
    """The form of a login identifier (email or username) that accounts are looked up by."""
    return identifier.strip().lower()


@rolled_back_on_failure  # runs inside the login limit's key function (app/routes/auth.py)
def find_by_login(identifier: str) -> User | None:
    """The account whose email or username (any case) is `identifier`."""
    key = normalise_login(identifier)
    if not key:
        return None
    return db.session.scalar(select(User).where(or_(User.email == key, func.lower(User.username) == key)))


def authenticate(identifier: str, password: str) -> User | None:
    """The active user with these credentials, or None — without saying which part was wrong."""
    global _dummy_hash
    user = find_by_login(identifier)
    if user is None or not user.password_hash:
        if _dummy_hash is None:
            _dummy_hash = hash_password("not-a-real-password-just-timing")
        verify_password(_dummy_hash, password)
        security_event("login.failed", user_id=user.id if user else None)
        return None
    if not verify_password(user.password_hash, password) or not user.active:
        security_event("login.failed", user_id=user.id, active=user.active)
        return None
    if needs_rehash(user.password_hash):
        user.password_hash = hash_password(password)
        db.session.commit()
    return user


def record_login(user: User, *, method: str) -> None:
    """Remember when the user last logged in (the first login leads to the preferences page)."""
    user.last_login_at = utcnow()
    db.session.commit()
    security_event("login.succeeded", user_id=user.id, method=method)


def check_password(user: User, password: str, *, field: str = "password") -> None:
    """Raise InvalidInput unless `password` is the account's current one (re-authentication)."""
    if not verify_password(user.password_hash, password):
        security_event("reauth.failed", user_id=user.id)
        message = _("Le mot de passe est incorrect.")
        raise InvalidInput(message, fields={field: [message]})


def change_password(
    user: User, current: str, new: str, *, keep: UserSession | None = None, revoke_tokens: bool = False
) -> None:
    """Change the password after checking the current one; every other session ends (`keep` goes
    on), and the API tokens too when the person asks."""
    if not verify_password(user.password_hash, current):
        security_event("password.change_failed", user_id=user.id)
        message = _("Le mot de passe actuel est incorrect.")
        raise InvalidInput(message, fields={"current_password": [message]})
    check_password_rules(new, username=user.username, email=user.email)
    user.password_hash = hash_password(new)
    user_sessions.revoke_all(user.id, reason="password_changed", keep=keep)
    if revoke_tokens:
        token_service.revoke_all_tokens(user.id)
    db.session.commit()
    security_event("password.changed", user_id=user.id, tokens_revoked=revoke_tokens)
    mail.notify_credential_change(user, _("votre mot de passe a été changé."))


def reset_password(user: User, new: str, *, revoke_tokens: bool = False) -> None:
    """Set a new password from a reset link: every session ends, the API tokens too when asked.

    Opening the link proves the person reads the account's mail, so the address is verified too.
    """
    check_password_rules(new, username=user.username, email=user.email)
    user.password_hash = hash_password(new)
    if user.email_verified_at is None:
        user.email_verified_at = utcnow()
    user_sessions.revoke_all(user.id, reason="password_reset")
    if revoke_tokens:
        token_service.revoke_all_tokens(user.id)
    db.session.commit()
    security_event("password.reset", user_id=user.id, tokens_revoked=revoke_tokens)
    mail.notify_credential_change(user, _("votre mot de passe a été réinitialisé."))


def notify_change(user: User, what: str, *, to: str | None = None) -> None:
    """A credential changed (`what`, already translated): log it and mail the person (at `to`)."""
    security_event("credentials.changed", user_id=user.id, what=what)
    mail.notify_credential_change(user, what, to=to)


def log_out_everywhere(user: User, *, revoke_tokens: bool = False) -> None:
    """End every session of `user`, this one included, and the API tokens too when asked."""
    user_sessions.revoke_all(user.id, reason="log_out_everywhere")
    if revoke_tokens:
        token_service.revoke_all_tokens(user.id)
    db.session.commit()
    security_event("session.logged_out_everywhere", user_id=user.id, tokens_revoked=revoke_tokens)


def set_role(actor: User, user: User, role: Role) -> None:
    """An admin changes someone else's role."""
    _refuse_self(actor, user)
    before = user.role
    user.role = role
    db.session.commit()
    security_event("role.changed", actor_id=actor.id, user_id=user.id, before=before.value, after=role.value)


def set_role_by_email(email: str, role: Role) -> User:
    """The operator's way to change a role (`flask set-role`): NotFound for an unknown email."""
    user = db.session.scalar(select(User).where(User.email == normalise_login(email)))
    if user is None:
        raise NotFound(_("Aucun compte n'a cet email."))
    before = user.role
    user.role = role
    db.session.commit()
    security_event("role.changed", actor_id=None, user_id=user.id, before=before.value, after=role.value)
    return user


def set_active(actor: User, user: User, active: bool) -> None:
    """An admin activates or deactivates someone else's account; deactivation ends its sessions."""
    _refuse_self(actor, user)
    user.active = active
    if not active:
        user_sessions.revoke_all(user.id, reason="deactivated")
    db.session.commit()
    security_event("account.active_changed", actor_id=actor.id, user_id=user.id, active=active)


def _refuse_self(actor: User, user: User) -> None:
    """Admins cannot demote or deactivate themselves (the site must keep an admin)."""
    if actor.id == user.id:
        raise PermissionDenied(_("Vous ne pouvez pas modifier votre propre compte ici."))


def create_admin(username: str, email: str, password: str, *, promote: bool = False) -> User:
    """Create an admin account; with `promote`, make the existing account with this email an admin.

    Promoting replaces that account's password and ends its sessions, so it is never implicit.
    """
    address = normalise_email(email)
    existing = db.session.scalar(select(User).where(User.email == address))
    if existing is not None:
        if not promote:
            message = _("Un compte existe déjà avec cet email (promotion possible avec --promote).")
            raise Conflict(message, fields={"email": [message]})
        check_password_rules(password, username=existing.username, email=address)
        existing.role = Role.ADMIN
        existing.active = True
        existing.password_hash = hash_password(password)
        user_sessions.revoke_all(existing.id, reason="promoted")
        db.session.commit()
        security_event("role.changed", actor_id=None, user_id=existing.id, after=Role.ADMIN.value)
        return existing
    return register_user(username, email, password, role=Role.ADMIN, verified=True)


def name_or_email_contains(text: str) -> ColumnElement[bool]:
    """The filter of the user lists (admin page, API): username or email contains `text`, any case."""
    pattern = like_pattern(text)
    return or_(func.lower(User.username).like(pattern, escape="\\"), User.email.like(pattern, escape="\\"))


def set_locale(user: User, language: str) -> None:
    """Remember the interface language on the account (the caller checked it is offered)."""
    user.locale = language
    db.session.commit()


def users_page(text: str, page: int, per_page: int) -> Pagination | None:
    """One page of every account, oldest first, filtered by `name_or_email_contains(text)` when
    `text` is given (the admin page's list); None for a page past the last one."""
    statement = select(User).order_by(User.created_at, User.id)
    if text:
        statement = statement.where(name_or_email_contains(text))
    total = db.session.scalar(select(func.count()).select_from(statement.order_by(None).subquery())) or 0
    if page < 1 or page > max(1, -(-total // per_page)):
        return None
    return db.paginate(statement, page=page, per_page=per_page, error_out=False)
