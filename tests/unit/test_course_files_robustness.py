"""Whatever a file holds, reading and checking it ends in a document or a list of problems —
never an exception (which the API would answer as a 500)."""

from __future__ import annotations

import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.services.course_files import CourseFormat, read_document, validate_document
from app.services.course_files.document import MAX_DEPTH

SYNTAX = st.sampled_from(
    ["{", "}", "=", "~", "#", "####", "::", "\\", "\n", "\n\n", "$CATEGORY: ", "//", "// @tier: ", "%50%",
     "->", "A. ", "ANSWER: ", ";", ",", "|", "/", '"', "[html]", "T", "1..2", ":", "9e999", " "]
)  # fmt: skip
KEYS = ["course", "topics", "questions", "title", "kind", "answers", "choices", "tier", "tolerance", "images",
        "data", "digest", "format_version"]  # fmt: skip
NOISE = st.lists(SYNTAX | st.text(max_size=5), max_size=40).map("".join)


def read_all(data: bytes, fmt: CourseFormat | None) -> list[str]:
    """Read and validate, as an import does; the problems as text."""
    document, problems = read_document(data, "fichier", fmt)
    if document.topics or not problems:
        problems = problems + validate_document(document)
    return [str(problem) for problem in problems]


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(NOISE, st.sampled_from([*CourseFormat, None]))
def test_no_text_makes_a_reader_raise(text: str, fmt: CourseFormat | None) -> None:
    read_all(text.encode("utf-8", "surrogatepass"), fmt)


@settings(max_examples=50, deadline=None)
@given(st.recursive(st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=5),
                    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(
                        st.sampled_from(KEYS), inner, max_size=4),
                    max_leaves=20))  # fmt: skip
def test_no_json_value_makes_the_native_reader_raise(value: object) -> None:
    read_all(json.dumps(value).encode(), CourseFormat.JSON)


def test_a_tree_deeper_than_the_limit_is_a_problem_not_a_crash() -> None:
    deep: dict[str, object] = {
        "title": "feuille",
        "questions": [{"kind": "short", "prompt": "?", "answers": ["a"]}],
    }
    for level in range(300):
        deep = {"title": f"niveau {level}", "topics": [deep]}
    document = json.dumps({"format_version": 1, "course": {"title": "Profond"}, "topics": [deep]})
    problems = read_all(document.encode(), CourseFormat.JSON)
    assert any(f"ne peut pas dépasser {MAX_DEPTH} niveaux" in problem for problem in problems), problems
    nested = read_all(b'{"topics": ' + b"[" * 100_000 + b"]" * 100_000 + b"}", CourseFormat.JSON)
    assert nested == ["ligne 1 : JSON trop profondément imbriqué."]
    path = "/".join(f"n{level}" for level in range(MAX_DEPTH + 1))
    assert read_all(f"$CATEGORY: {path}\n\nQ ? {{=a}}\n".encode(), CourseFormat.GIFT)[0] == (
        f"ligne 1 : L'arbre ne peut pas dépasser {MAX_DEPTH} niveaux."
    )


@pytest.mark.parametrize(
    ("text", "fmt"),
    [
        ('path;prompt;answers\nA;"' + "x" * 200_000 + '";a\n', CourseFormat.CSV),
        ("Q ? {#=1e308:1e308 =2:1}", CourseFormat.GIFT),
        ('{"format_version": 1, "course": {"title": "t"}, "topics": [{"title": "a", "questions": '
         '[{"kind": "numeric", "prompt": "?", "answers": ["1"], "tolerance": 1' + "0" * 400 + "}]}]}",
         CourseFormat.JSON),
    ],
)  # fmt: skip
def test_extreme_values_are_problems(text: str, fmt: CourseFormat) -> None:
    assert read_all(text.encode(), fmt), "a problem is reported"
