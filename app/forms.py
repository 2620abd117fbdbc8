"""Flask-WTF forms of the learning pages (identity forms live in app/auth/forms.py)."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    HiddenField,
    IntegerField,
    RadioField,
    SelectMultipleField,
    StringField,
    SubmitField,
    TextAreaField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length, NumberRange, Optional

from .models import CommunicationStyle, LearningPace, LearningStyle
from .services.learning import MAX_ANSWER_LENGTH
from .services.preferences import MAX_NOTES_LENGTH

COMMUNICATION_CHOICES = [
    SelectChoice(CommunicationStyle.FORMAL.value, _l("Comme un prof 👨‍🏫")),
    SelectChoice(CommunicationStyle.INFORMAL.value, _l("Comme un pote 🤙")),
    SelectChoice(CommunicationStyle.DETAILED.value, _l("Avec plein de détails 🔍")),
    SelectChoice(CommunicationStyle.CONCISE.value, _l("Court et précis ⚡")),
]
PACE_CHOICES = [
    SelectChoice(LearningPace.SLOW.value, _l("Tranquille, on a le temps 🐢")),
    SelectChoice(LearningPace.MODERATE.value, _l("Un bon rythme 🚶‍♂️")),
    SelectChoice(LearningPace.FAST.value, _l("À fond les ballons ! 🚀")),
]
STYLE_CHOICES = [
    SelectChoice(LearningStyle.VISUAL.value, _l("Avec des images et des schémas 📊")),
    SelectChoice(LearningStyle.AUDITORY.value, _l("En écoutant des explications 🎧")),
    SelectChoice(LearningStyle.KINESTHETIC.value, _l("En pratiquant, les mains dans le cambouis 🛠️")),
]


class PreferencesForm(FlaskForm):
    """The preferences page (docs/pages.md §2), field for field."""

    communication_style = RadioField(
        _l("Comment préfères-tu qu'on te parle ? 🗣️"),
        choices=COMMUNICATION_CHOICES,
        validators=[DataRequired()],
    )
    learning_pace = RadioField(
        _l("À quelle vitesse veux-tu apprendre ? 🏃‍♂️"), choices=PACE_CHOICES, validators=[DataRequired()]
    )
    learning_style = RadioField(
        _l("Comment tu apprends le mieux ? 🧠"), choices=STYLE_CHOICES, validators=[DataRequired()]
    )
    custom_preferences = TextAreaField(
        _l("Des trucs spéciaux à nous dire ? 🌈"), validators=[Length(max=MAX_NOTES_LENGTH)]
    )
    submit = SubmitField(_l("C'est parti pour l'aventure ! 🎉"))


class AnswerForm(FlaskForm):
    """One answer to one question ("Votre réponse" + "Vérifier"): a text, the option picked (radio
    buttons of a choice or true/false question) or the options ticked (checkboxes of a multiple
    question). Which one a question takes is the route's business."""

    answer = StringField(_l("Votre réponse"), validators=[Optional(), Length(max=MAX_ANSWER_LENGTH)])
    choice = IntegerField(_l("Votre choix"), validators=[Optional(), NumberRange(min=0)])
    choices = SelectMultipleField(_l("Vos choix"), coerce=int, validate_choice=False)
    origin = HiddenField(default="cours")  # the tab to return to: "cours" or "exercices"
    submit = SubmitField(_l("Vérifier"))


class ExplanationForm(FlaskForm):
    """ "Explique-moi autrement" without JavaScript: the wrong answer it follows (empty when asked
    before answering) travels in a hidden field."""

    answer = HiddenField(validators=[Optional(), Length(max=MAX_ANSWER_LENGTH)])
