"""Account use-cases: register, authenticate, change password, log out everywhere, manage roles.

Each function is one transaction and raises a domain error the caller turns into a message.
Login failures are deliberately vague: the same answer whether the account exists or not.
"""

from __future__ import annotations

from email_validator import EmailNotValidError, validate_email
from flask_babel import gettext as _
from flask_sqlalchemy.pagination import Pagination
from sqlalchemy import ColumnElement, func, or_, select

from ..auth.models import Role, User
from ..auth.passwords import hash_password, needs_rehash, password_problems, verify_password
from ..extensions import db
from ..models import Preferences
from ..types import utcnow
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


def register_user(username: str, email: str, password: str, *, role: Role = Role.LEARNER) -> User:
    """Create an account with default preferences, committed together (the user and its rows)."""
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
    user = User(username=name, email=address, password_hash=hash_password(password), role=role)
    db.session.add_all([user, Preferences(user=user)])
    db.session.commit()
    return user


def normalise_login(identifier: str) -> str:
    """The form of a login identifier (email or username) that accounts are looked up by."""
    return identifier.strip().lower()


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
        return None
    if not verify_password(user.password_hash, password) or not user.active:
        return None
    if needs_rehash(user.password_hash):
        user.password_hash = hash_password(password)
        db.session.commit()
    return user


def record_login(user: User) -> None:
    """Remember when the user last logged in (the first login leads to the preferences page)."""
    user.last_login_at = utcnow()
    db.session.commit()


def change_password(user: User, current: str, new: str) -> None:
    """Change the password after checking the current one; every other session ends."""
    if not verify_password(user.password_hash, current):
        message = _("Le mot de passe actuel est incorrect.")
        raise InvalidInput(message, fields={"current_password": [message]})
    check_password_rules(new, username=user.username, email=user.email)
    user.password_hash = hash_password(new)
    user.rotate_session_token()
    db.session.commit()


def log_out_everywhere(user: User) -> None:
    """End every session and remember-me cookie of `user` (the caller logs the current one back in)."""
    user.rotate_session_token()
    db.session.commit()


def set_role(actor: User, user: User, role: Role) -> None:
    """An admin changes someone else's role."""
    _refuse_self(actor, user)
    user.role = role
    db.session.commit()


def set_role_by_email(email: str, role: Role) -> User:
    """The operator's way to change a role (`flask set-role`): NotFound for an unknown email."""
    user = db.session.scalar(select(User).where(User.email == normalise_login(email)))
    if user is None:
        raise NotFound(_("Aucun compte n'a cet email."))
    user.role = role
    db.session.commit()
    return user


def set_active(actor: User, user: User, active: bool) -> None:
    """An admin activates or deactivates someone else's account; deactivation ends its sessions."""
    _refuse_self(actor, user)
    user.active = active
    if not active:
        user.rotate_session_token()
    db.session.commit()


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
        existing.rotate_session_token()
        db.session.commit()
        return existing
    return register_user(username, email, password, role=Role.ADMIN)


def name_or_email_contains(text: str) -> ColumnElement[bool]:
    """The filter of the user lists (admin page, API): username or email contains `text`, any case."""
    pattern = like_pattern(text)
    return or_(func.lower(User.username).like(pattern, escape="\\"), User.email.like(pattern, escape="\\"))


def set_locale(user: User, language: str) -> None:
    """Remember the interface language on the account (the caller checked it is offered)."""
    user.locale = language
    db.session.commit()


def users_page(text: str, page: int, per_page: int) -> Pagination:
    """One page of every account, oldest first, filtered by `name_or_email_contains(text)` when
    `text` is given (the admin page's list)."""
    statement = select(User).order_by(User.created_at, User.id)
    if text:
        statement = statement.where(name_or_email_contains(text))
    return db.paginate(statement, page=page, per_page=per_page, error_out=False)
