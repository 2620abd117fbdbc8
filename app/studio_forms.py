"""Flask-WTF forms of the authoring studio (app/routes/studio.py). Each carries a CSRF token.

The forms check the shape of what is typed (lengths, known values); the content rules of a course
and of a question live in the services (app/services/authoring.py, course_checks.py), shared with
the API, and come back as field errors shown beside each field.
"""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileAllowed, FileField, FileRequired
from wtforms import (
    BooleanField,
    DecimalField,
    HiddenField,
    IntegerField,
    RadioField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length, NumberRange, Optional, Regexp

from .models import QuestionKind
from .services.generation import MAX_QUESTIONS_PER_TOPIC, MAX_TOPICS
from .services.generations import MAX_SOURCE_CHARACTERS
from .services.question_rules import MAX_CHOICES, MAX_EXPLANATION_LENGTH, MAX_PROMPT_LENGTH
from .services.slugs import SLUG_MAX, SLUG_PATTERN

SLUG_RULE = Regexp(SLUG_PATTERN, message=_l("Lettres minuscules, chiffres et tirets."))

LANGUAGE_CHOICES = [SelectChoice("fr", _l("Français")), SelectChoice("en", _l("Anglais"))]
KIND_CHOICES = [
    SelectChoice(QuestionKind.SHORT.value, _l("Réponse courte")),
    SelectChoice(QuestionKind.CHOICE.value, _l("Choix multiple, une bonne réponse")),
    SelectChoice(QuestionKind.MULTIPLE.value, _l("Choix multiple, plusieurs bonnes réponses")),
    SelectChoice(QuestionKind.TRUE_FALSE.value, _l("Vrai ou faux")),
    SelectChoice(QuestionKind.NUMERIC.value, _l("Nombre")),
]
TIER_CHOICES = [
    SelectChoice("1", _l("1 — Découvreur")),
    SelectChoice("2", _l("2 — Explorateur")),
    SelectChoice("3", _l("3 — Vainqueur")),
]
IMPORT_FORMATS = [
    SelectChoice("auto", _l("Deviner d'après le fichier")),
    SelectChoice("gift", "GIFT"),
    SelectChoice("aiken", "Aiken"),
    SelectChoice("csv", "CSV"),
    SelectChoice("json", "JSON"),
]


class CourseForm(FlaskForm):
    """A course's settings: title, description, language, URL name and whether it is published."""

    title = StringField(_l("Titre"), validators=[DataRequired(), Length(max=200)])
    description = TextAreaField(_l("Description"), validators=[Length(max=10000)])
    language = SelectField(_l("Langue du cours"), choices=LANGUAGE_CHOICES, default="fr")
    slug = StringField(
        _l("Nom court dans l'adresse"),
        validators=[Optional(), Length(max=SLUG_MAX), SLUG_RULE],
        description=_l("Laissez vide pour le tirer du titre."),
    )
    visibility = RadioField(  # not `published`: the stored boolean must not fill it in
        _l("Visibilité"),
        choices=[
            SelectChoice("0", _l("Brouillon (vous seul)")),
            SelectChoice("1", _l("Publié (tout le monde)")),
        ],
        default="0",
    )


class TopicAddForm(FlaskForm):
    """A new topic, at the top of the tree or under a parent."""

    title = StringField(_l("Titre du nouveau thème"), validators=[DataRequired(), Length(max=200)])
    parent_id = SelectField(_l("Placé sous"), coerce=str, default="")


class TopicMoveForm(FlaskForm):
    """Move a topic up or down among its siblings, or under another parent."""

    direction = HiddenField()
    parent_id = StringField(_l("Déplacer sous"), default="")  # a topic of the course, checked by the view


class LessonForm(FlaskForm):
    """A topic's title and its lesson in Markdown."""

    title = StringField(_l("Titre du thème"), validators=[DataRequired(), Length(max=200)])
    lesson = TextAreaField(_l("Leçon (Markdown)"), validators=[Length(max=50000)])


class ImageForm(FlaskForm):
    """An image for the course's lessons and prompts."""

    image = FileField(_l("Image (PNG, JPEG, WebP ou GIF)"), validators=[FileRequired()])


class QuestionForm(FlaskForm):
    """One question of any kind; the fields that do not apply to the chosen kind are ignored."""

    kind = SelectField(_l("Type de question"), choices=KIND_CHOICES, default=QuestionKind.SHORT.value)
    prompt = TextAreaField(
        _l("Énoncé (Markdown)"), validators=[DataRequired(), Length(max=MAX_PROMPT_LENGTH)]
    )
    answers = TextAreaField(_l("Réponses acceptées, une par ligne"), validators=[Length(max=10000)])
    choices = TextAreaField(_l("Options, une par ligne"), validators=[Length(max=10000)])
    right_choice = IntegerField(
        _l("Numéro de la bonne option"), validators=[Optional(), NumberRange(min=1, max=MAX_CHOICES)]
    )
    right_choices = SelectMultipleField(_l("Bonnes options"), choices=[], validate_choice=False)
    truth = RadioField(
        _l("La bonne réponse"),
        choices=[SelectChoice("vrai", _l("Vrai")), SelectChoice("faux", _l("Faux"))],
        validators=[Optional()],
    )
    numeric_mode = RadioField(
        _l("Réponse numérique"),
        choices=[
            SelectChoice("value", _l("Une valeur ± une tolérance")),
            SelectChoice("range", _l("Un intervalle")),
        ],
        default="value",
        validators=[Optional()],
    )
    value = DecimalField(_l("Valeur"), validators=[Optional()], places=None)
    tolerance = DecimalField(_l("Tolérance (±)"), validators=[Optional(), NumberRange(min=0)], places=None)
    minimum = DecimalField(_l("Minimum"), validators=[Optional()], places=None)
    maximum = DecimalField(_l("Maximum"), validators=[Optional()], places=None)
    tier = SelectField(_l("Palier"), choices=TIER_CHOICES, default="1")
    explanation = TextAreaField(
        _l("Explication (Markdown, montrée après la réponse)"),
        validators=[Length(max=MAX_EXPLANATION_LENGTH)],
    )
    strict = BooleanField(_l("L'orthographe compte (aucune faute tolérée)"))


class TryAnswerForm(FlaskForm):
    """The author tries an answer against the real grader."""

    answer = StringField(_l("Réponse à essayer"), validators=[Length(max=500)])
    picked = SelectMultipleField(_l("Options cochées"), choices=[], validate_choice=False)


class ImportForm(FlaskForm):
    """A course file to import (the import services do the reading)."""

    file = FileField(_l("Fichier du cours"), validators=[FileRequired()])
    format = SelectField(_l("Format"), choices=IMPORT_FORMATS, default="auto")
    publish = BooleanField(_l("Publier après l'import"))


class GenerationForm(FlaskForm):
    """What the language model should write (routes/generation.py); the sizes match the API's."""

    subject = StringField(_l("Sujet"), validators=[DataRequired(), Length(min=3, max=200)])
    level = StringField(_l("Public ou niveau"), validators=[Optional(), Length(max=120)])
    language = SelectField(_l("Langue du cours"), choices=LANGUAGE_CHOICES, default="fr")
    topics = IntegerField(
        _l("Nombre de thèmes (leçons)"),
        default=6,
        validators=[DataRequired(), NumberRange(min=1, max=MAX_TOPICS)],
    )
    questions_per_topic = IntegerField(
        _l("Questions par thème"),
        default=4,
        validators=[DataRequired(), NumberRange(min=1, max=MAX_QUESTIONS_PER_TOPIC)],
    )
    source_text = TextAreaField(
        _l("Vos notes ou un texte source (facultatif)"),
        validators=[Optional(), Length(max=MAX_SOURCE_CHARACTERS)],
    )
    source_file = FileField(
        _l("Ou un document (.txt, .md, .pdf, facultatif)"),
        validators=[FileAllowed(["txt", "md", "markdown", "pdf"], _l("Un fichier .txt, .md ou .pdf."))],
    )
