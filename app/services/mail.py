"""The mails the site sends about an account: address verification, password reset, login unlock,
and a notice after every change of credentials.

Flask-Mailman delivers them: by SMTP (MAIL_SERVER…) in production, to the console in development.
Links are built by the caller (a route knows the site's address; a service does not). A mail that
cannot be delivered is logged and reported as False: the page answers the same either way, so the
answer never says whether an address has an account.
"""

from __future__ import annotations

import smtplib

from flask import current_app
from flask_babel import gettext as _
from flask_mailman import EmailMessage

from ..auth.models import User


def send(to: str, subject: str, body: str) -> bool:
    """Send one plain-text mail; False (and a log line) when the mail server refuses or is away."""
    message = EmailMessage(subject=subject, body=body, to=[to])
    try:
        message.send()
    except (OSError, smtplib.SMTPException) as error:
        current_app.logger.warning("Mail could not be sent: %r", error)
        return False
    return True


def _signature() -> str:
    return "\n\n— " + _("L'équipe LearnAnything")


def send_verification(user: User, link: str) -> bool:
    """Ask the person to confirm their address by opening `link`."""
    body = _(
        "Bonjour %(name)s,\n\nPour confirmer votre adresse et activer votre compte, ouvrez ce lien :\n"
        "%(link)s\n\nSi vous n'avez pas créé de compte, ignorez ce message.",
        name=user.username,
        link=link,
    )
    return send(user.email, _("Confirmez votre adresse email"), body + _signature())


def send_already_registered(user: User, reset_link: str) -> bool:
    """Someone tried to register with an address that already has an account: tell its owner."""
    body = _(
        "Bonjour %(name)s,\n\nQuelqu'un a voulu créer un compte avec votre adresse, qui en a déjà un. "
        "Si c'était vous et que vous avez oublié votre mot de passe, choisissez-en un nouveau ici :\n"
        "%(link)s\n\nSinon, ignorez ce message.",
        name=user.username,
        link=reset_link,
    )
    return send(user.email, _("Votre adresse a déjà un compte"), body + _signature())


def send_password_reset(user: User, link: str) -> bool:
    """The single-use link that lets the person choose a new password."""
    body = _(
        "Bonjour %(name)s,\n\nPour choisir un nouveau mot de passe, ouvrez ce lien (valable une heure, "
        "une seule fois) :\n%(link)s\n\nSi vous n'avez rien demandé, ignorez ce message : "
        "votre mot de passe ne change pas.",
        name=user.username,
        link=link,
    )
    return send(user.email, _("Réinitialisation de votre mot de passe"), body + _signature())


def send_unlock(user: User, link: str) -> bool:
    """Many wrong passwords were tried on the account: this link lets its owner's browser in again."""
    body = _(
        "Bonjour %(name)s,\n\nDe nombreux essais de mot de passe ont visé votre compte, qui n'accepte "
        "plus de connexion pour l'instant. Si vous voulez vous connecter, ouvrez ce lien depuis votre "
        "navigateur : il le laisse passer.\n%(link)s\n\nSi ce n'était pas vous, votre mot de passe "
        "a tenu ; pensez à en choisir un long et unique.",
        name=user.username,
        link=link,
    )
    return send(user.email, _("Connexion bloquée sur votre compte"), body + _signature())


def notify_credential_change(user: User, what: str, *, to: str | None = None) -> bool:
    """Tell the person that `what` (already translated) changed on their account."""
    body = _(
        "Bonjour %(name)s,\n\nSur votre compte LearnAnything : %(what)s\n\n"
        "Si ce n'était pas vous, réinitialisez votre mot de passe sans attendre et écrivez-nous.",
        name=user.username,
        what=what,
    )
    return send(to or user.email, _("Modification de votre compte"), body + _signature())
