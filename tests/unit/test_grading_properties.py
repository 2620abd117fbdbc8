"""Properties of grading that must hold for any text, found by hypothesis."""

from __future__ import annotations

import unicodedata

from hypothesis import given, settings
from hypothesis import strategies as st

from app.models import QuestionKind, Verdict
from app.services.grading import grade_answer, normalise

# Answers in Latin script (French and English courses), accents and ligatures included.
answers = st.text(
    alphabet=st.characters(categories=("L", "Nd", "Zs"), max_codepoint=0x24F), min_size=1, max_size=40
).filter(lambda text: normalise(text) != "")


@settings(max_examples=300, deadline=None)
@given(st.text())
def test_normalising_twice_changes_nothing(text: str) -> None:
    once = normalise(text)
    assert normalise(once) == once


@settings(max_examples=200, deadline=None)
@given(answers)
def test_every_accepted_answer_is_correct_in_any_case_and_almost_without_its_accents(answer: str) -> None:
    for typed in (answer, answer.upper(), answer.lower()):
        verdict = grade_answer(QuestionKind.SHORT, [answer], typed).verdict
        assert verdict is Verdict.CORRECT, f"{typed!r} against {answer!r} gave {verdict}"
    bare = "".join(c for c in unicodedata.normalize("NFD", answer) if not unicodedata.combining(c))
    verdict = grade_answer(QuestionKind.SHORT, [answer], bare).verdict
    expected = Verdict.CORRECT if normalise(bare) == normalise(answer) else Verdict.ALMOST
    assert verdict is expected, f"{bare!r} against {answer!r} gave {verdict}"


@settings(max_examples=200, deadline=None)
@given(answers, st.text(alphabet=" \t\n.,;!?'’-", max_size=10), st.sampled_from(list(QuestionKind)))
def test_an_empty_answer_is_never_correct(answer: str, blank: str, kind: QuestionKind) -> None:
    verdict = grade_answer(kind, [answer], blank, choices=[answer]).verdict
    assert verdict is Verdict.INCORRECT
