"""Flask-WTF forms of the account pages. Every form carries a CSRF token."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    EmailField,
    PasswordField,
    SelectChoice,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.validators import DataRequired, Email, EqualTo, Length

from ..auth.passwords import MAX_PASSWORD_LENGTH
from .models import Role


class RegisterForm(FlaskForm):
    """Inscription: username, email, password (the rules are checked by the accounts service)."""

    username = StringField(_l("Nom d'utilisateur"), validators=[DataRequired(), Length(min=3, max=40)])
    email = EmailField(_l("Email"), validators=[DataRequired(), Email(), Length(max=254)])
    password = PasswordField(_l("Mot de passe"), validators=[DataRequired(), Length(max=MAX_PASSWORD_LENGTH)])
    privacy = BooleanField(
        _l("J'ai lu la page « Vos données » et j'accepte que mes données soient traitées ainsi."),
        validators=[DataRequired(message=_l("Acceptez la page « Vos données » pour créer un compte."))],
    )


class LoginForm(FlaskForm):
    """Connexion by email or username."""

    login = StringField(_l("Email ou nom d'utilisateur"), validators=[DataRequired(), Length(max=254)])
    password = PasswordField(_l("Mot de passe"), validators=[DataRequired(), Length(max=MAX_PASSWORD_LENGTH)])
    remember = BooleanField(_l("Se souvenir de moi"))


class ChangePasswordForm(FlaskForm):
    """Change the password: the current one first, then the new one twice."""

    current_password = PasswordField(_l("Mot de passe actuel"), validators=[DataRequired()])
    new_password = PasswordField(
        _l("Nouveau mot de passe"), validators=[DataRequired(), Length(max=MAX_PASSWORD_LENGTH)]
    )
    confirm = PasswordField(
        _l("Confirmez le nouveau mot de passe"),
        validators=[DataRequired(), EqualTo("new_password", message=_l("Les deux mots de passe diffèrent."))],
    )
    revoke_tokens = BooleanField(_l("Révoquer aussi mes jetons d'accès à l'API"))


class ChangeEmailForm(FlaskForm):
    """Change the email: the new address, and the current password (the mail goes there)."""

    email = EmailField(_l("Nouvelle adresse email"), validators=[DataRequired(), Email(), Length(max=254)])
    current_password = PasswordField(_l("Mot de passe actuel"), validators=[Length(max=MAX_PASSWORD_LENGTH)])


class LogoutEverywhereForm(FlaskForm):
    """ "Log out everywhere", and optionally revoke the API tokens too."""

    revoke_tokens = BooleanField(_l("Révoquer aussi mes jetons d'accès à l'API"))


class PasswordConfirmForm(FlaskForm):
    """Re-authentication before a sensitive action: the password again."""

    password = PasswordField(_l("Mot de passe"), validators=[DataRequired(), Length(max=MAX_PASSWORD_LENGTH)])


class ForgotPasswordForm(FlaskForm):
    """Ask for a password reset link by email."""

    email = EmailField(_l("Email"), validators=[DataRequired(), Email(), Length(max=254)])


class ResetPasswordForm(FlaskForm):
    """Choose a new password from a reset link."""

    new_password = PasswordField(
        _l("Nouveau mot de passe"), validators=[DataRequired(), Length(max=MAX_PASSWORD_LENGTH)]
    )
    confirm = PasswordField(
        _l("Confirmez le nouveau mot de passe"),
        validators=[DataRequired(), EqualTo("new_password", message=_l("Les deux mots de passe diffèrent."))],
    )
    revoke_tokens = BooleanField(_l("Révoquer aussi mes jetons d'accès à l'API"))


class TwoFactorCodeForm(FlaskForm):
    """A code from the authenticator app, or a recovery code."""

    code = StringField(_l("Code"), validators=[DataRequired(), Length(max=32)])


class DeleteAccountForm(FlaskForm):
    """Delete one's account: the password again, and a box to tick."""

    password = PasswordField(_l("Mot de passe"), validators=[DataRequired(), Length(max=MAX_PASSWORD_LENGTH)])
    sure = BooleanField(
        _l("Je comprends que mon compte et mes données seront effacés définitivement."),
        validators=[DataRequired(message=_l("Cochez la case pour confirmer."))],
    )


class ConfirmForm(FlaskForm):
    """A form with nothing but its CSRF token, for POST-only buttons (logout, log out everywhere)."""


class RoleForm(FlaskForm):
    """Admin: change a user's role."""

    role = SelectField(
        _l("Rôle"),
        choices=[
            SelectChoice(Role.LEARNER.value, _l("Apprenant")),
            SelectChoice(Role.AUTHOR.value, _l("Auteur")),
            SelectChoice(Role.ADMIN.value, _l("Administrateur")),
        ],
    )


class ActiveForm(FlaskForm):
    """Admin: activate or deactivate an account."""

    active = SelectField(
        _l("Statut"),
        choices=[SelectChoice("1", _l("Activé")), SelectChoice("0", _l("Désactivé"))],
        validators=[DataRequired()],
    )


class ContactForm(FlaskForm):
    """The contact page: stored in the database and listed for admins."""

    name = StringField(_l("Nom"), validators=[DataRequired(), Length(max=80)])
    email = EmailField(_l("Email"), validators=[DataRequired(), Email(), Length(max=254)])
    message = TextAreaField(_l("Message"), validators=[DataRequired(), Length(min=10, max=5000)])


class TokenForm(FlaskForm):
    """Create a personal access token on the profile page: a name, a scope, a lifetime."""

    name = StringField(_l("Nom du jeton"), validators=[DataRequired(), Length(max=80)])
    scope = SelectField(
        _l("Droits"),
        choices=[SelectChoice("read", _l("Lecture seule")), SelectChoice("write", _l("Lecture et écriture"))],
        default="read",
    )
    days = SelectField(
        _l("Durée de validité"),
        choices=[
            SelectChoice("30", _l("30 jours")),
            SelectChoice("90", _l("90 jours")),
            SelectChoice("365", _l("1 an")),
        ],
        default="90",
    )
