"""marshmallow and webargs word their validation messages in English; the API answers in the
request's language. Their message templates are recognised here, in one place, and re-worded
through Flask-Babel (French source, English catalog), so no schema repeats an error message.

A message no template matches (our own, already translated) passes through unchanged.
"""

from __future__ import annotations

import re
from string import Formatter
from typing import Any

from flask_babel import LazyString
from flask_babel import lazy_gettext as _l

# marshmallow's templates ({name} placeholders), most specific first, each with its French source
# (%(name)s placeholders). The English catalog gives marshmallow's own wording back.
TEMPLATES: dict[str, LazyString] = {
    "Unknown field.": _l("Champ inconnu."),
    "Missing data for required field.": _l("Ce champ est obligatoire."),
    "Field may not be null.": _l("Ce champ ne peut pas être nul."),
    "Invalid value.": _l("Valeur invalide."),
    "Invalid input.": _l("Valeur invalide."),
    "Invalid input type.": _l("Type de données invalide."),
    "Invalid type.": _l("Type de données invalide."),
    "Invalid JSON body.": _l("Le corps de la requête n'est pas du JSON valide."),
    "Not a valid string.": _l("Ce n'est pas un texte valide."),
    "Not a valid utf-8 string.": _l("Ce n'est pas un texte UTF-8 valide."),
    "Not a valid integer.": _l("Ce n'est pas un nombre entier valide."),
    "Not a valid number.": _l("Ce n'est pas un nombre valide."),
    "Number too large.": _l("Nombre trop grand."),
    "Special numeric values (nan or infinity) are not permitted.": _l(
        "Les valeurs numériques spéciales (nan, infini) ne sont pas permises."
    ),
    "Not a valid boolean.": _l("Ce n'est pas un booléen valide."),
    "Not a valid datetime.": _l("Ce n'est pas une date et heure valide."),
    "Not a valid date.": _l("Ce n'est pas une date valide."),
    "Not a valid list.": _l("Ce n'est pas une liste valide."),
    "Not a valid mapping type.": _l("Ce n'est pas un objet valide."),
    "Not a valid URL.": _l("Ce n'est pas une URL valide."),
    "Not a valid email address.": _l("Ce n'est pas une adresse email valide."),
    "String does not match expected pattern.": _l("Le format n'est pas valide."),
    "Must be one of: {choices}.": _l("Doit être l'une de ces valeurs : %(choices)s."),
    "Length must be between {min} and {max}.": _l("La longueur doit être comprise entre %(min)s et %(max)s."),
    "Length must be {equal}.": _l("La longueur doit être %(equal)s."),
    "Shorter than minimum length {min}.": _l("Plus court que la longueur minimale (%(min)s)."),
    "Longer than maximum length {max}.": _l("Plus long que la longueur maximale (%(max)s)."),
    "Must be greater than or equal to {min} and less than or equal to {max}.": _l(
        "Doit être supérieur ou égal à %(min)s et inférieur ou égal à %(max)s."
    ),
    "Must be greater than {min} and less than {max}.": _l(
        "Doit être strictement supérieur à %(min)s et strictement inférieur à %(max)s."
    ),
    "Must be greater than or equal to {min}.": _l("Doit être supérieur ou égal à %(min)s."),
    "Must be greater than {min}.": _l("Doit être strictement supérieur à %(min)s."),
    "Must be less than or equal to {max}.": _l("Doit être inférieur ou égal à %(max)s."),
    "Must be less than {max}.": _l("Doit être strictement inférieur à %(max)s."),
}

# Values that are lists of words may hold spaces; bounds and lengths are one token each.
_SPACED_VALUES = {"choices"}


def _pattern(template: str) -> re.Pattern[str]:
    """A regular expression matching the messages `template` produces, capturing its values."""
    parts: list[str] = []
    for literal, name, _spec, _conversion in Formatter().parse(template):
        parts.append(re.escape(literal))
        if name:
            parts.append(f"(?P<{name}>.+?)" if name in _SPACED_VALUES else rf"(?P<{name}>\S+?)")
    return re.compile("".join(parts), re.DOTALL)


_PATTERNS = [(_pattern(template), translated) for template, translated in TEMPLATES.items()]


def translate_message(message: str) -> str:
    """One marshmallow/webargs message in the current language (unknown messages are kept)."""
    for pattern, translated in _PATTERNS:
        match = pattern.fullmatch(message)
        if match:
            return str(translated) % match.groupdict()
    return message


def translate_messages(messages: Any) -> Any:
    """Every message of a (nested) field → messages structure, in the current language."""
    if isinstance(messages, str):
        return translate_message(messages)
    if isinstance(messages, dict):
        return {key: translate_messages(value) for key, value in messages.items()}
    if isinstance(messages, list | tuple):
        return [translate_messages(value) for value in messages]
    return messages
