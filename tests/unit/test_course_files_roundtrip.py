"""Round trips, as properties: for every format, a course within what the format can carry is
written, read back and written again without a change; the native JSON keeps every field."""

from __future__ import annotations

import hashlib

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.services.course_files import CourseDocument, ImageDocument, QuestionDocument, TopicDocument
from app.services.course_files.aiken import read_aiken, write_aiken
from app.services.course_files.csv_format import read_csv, write_csv
from app.services.course_files.gift import read_gift, write_gift
from app.services.course_files.native import read_native, write_native
from app.services.course_files.validate import validate_document
from app.services.grading import literal

SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# Letters with accents, digits and every character that means something in one of the formats.
SPECIALS = ":#={}~\\|/;,\"'«»!?.()[]*_-+$@&"
ALPHABET = st.sampled_from(list("abcdeéèàçôœxyzABCÉZ0123456789 ") + list(SPECIALS))


def line_text(min_size: int = 1, max_size: int = 25) -> st.SearchStrategy[str]:
    """One line of text without surrounding spaces."""
    return (
        st.text(ALPHABET, min_size=min_size, max_size=max_size)
        .map(str.strip)
        .filter(lambda text: len(text) >= min_size)
    )


def block_text() -> st.SearchStrategy[str]:
    """Markdown-like text: lines joined by line breaks, without surrounding spaces."""
    return st.lists(line_text(), min_size=1, max_size=3).map("\n".join)


NUMBERS = st.integers(-5000, 5000).map(str) | st.decimals(-1000, 1000, places=2).map(
    lambda value: format(value.normalize(), "f")
)


def _ordered_range(bounds: tuple[str, str]) -> str:
    """`min..max` with min ≤ max, the only range a question may hold."""
    low, high = sorted(bounds, key=lambda bound: float(bound))
    return f"{low}..{high}"


@st.composite
def questions(draw: st.DrawFn, kinds: tuple[str, ...], plain: bool = False) -> QuestionDocument:
    """A valid question of one of `kinds`; `plain`: the fields Aiken cannot carry keep their defaults."""
    kind = draw(st.sampled_from(kinds))
    prompt = draw(line_text() if plain else block_text())
    choices = None
    tolerance = None
    if kind in ("choice", "multiple"):
        choices = draw(st.lists(line_text(), min_size=2, max_size=6, unique_by=literal))
        right = draw(st.integers(1, len(choices)))
        answers = choices[:1] if plain else draw(st.permutations(choices))[:right]
        if kind == "choice":  # exactly one right option (services/question_rules.py)
            answers = answers[:1]
        answers = [choice for choice in choices if choice in answers]
    elif kind == "truefalse":
        answers = [draw(st.sampled_from(["vrai", "faux"]))]
    elif kind == "numeric":
        values = draw(st.lists(NUMBERS, min_size=1, max_size=3, unique=True))
        answers = [*values, *draw(st.lists(st.tuples(NUMBERS, NUMBERS).map(_ordered_range), max_size=1))]
        tolerance = draw(st.none() | st.sampled_from([0.0, 0.5, 2.0, 10.0]))
    else:
        answers = draw(st.lists(line_text(), min_size=1, max_size=4, unique=True))
    return QuestionDocument(
        kind=kind,
        prompt=prompt,
        answers=answers,
        choices=choices,
        tolerance=tolerance,
        explanation="" if plain else draw(st.just("") | block_text()),
        tier=1 if plain else draw(st.integers(1, 3)),
        strict=False if plain else draw(st.booleans()),
    )


TITLES = line_text(1, 20).filter(lambda title: "/" not in title and title != "top" and "$" not in title)


@st.composite
def topics(draw: st.DrawFn, kinds: tuple[str, ...], depth: int, lessons: bool) -> TopicDocument:
    """A topic: a branch of sibling topics with distinct titles, or a leaf of questions."""
    title = draw(TITLES)
    lesson = draw(st.just("") | block_text()) if lessons else ""
    if depth > 0 and draw(st.booleans()):
        children = draw(
            st.lists(topics(kinds, depth - 1, lessons), min_size=1, max_size=3, unique_by=lambda t: t.title)
        )
        return TopicDocument(title=title, lesson=lesson, topics=children)
    return TopicDocument(
        title=title, lesson=lesson, questions=draw(st.lists(questions(kinds), min_size=1, max_size=4))
    )


def courses(
    kinds: tuple[str, ...], *, lessons: bool = True, fields: bool = True
) -> st.SearchStrategy[CourseDocument]:
    """Valid courses whose questions are of `kinds`; `fields`: the course's own fields vary."""
    return st.builds(
        CourseDocument,
        title=line_text() if fields else st.just("Cours"),
        description=(st.just("") | block_text()) if fields else st.just(""),
        language=st.sampled_from(["fr", "en"]) if fields else st.just("fr"),
        topics=st.lists(topics(kinds, 2, lessons), min_size=1, max_size=3, unique_by=lambda t: t.title),
    )


ALL_KINDS = ("short", "choice", "multiple", "truefalse", "numeric")


@SETTINGS
@given(courses(ALL_KINDS))
def test_gift_round_trip_keeps_the_course(document: CourseDocument) -> None:
    assert validate_document(document) == []
    text = write_gift(document)
    again, problems = read_gift(text, "autre titre")
    assert problems == []
    assert again == document
    assert write_gift(again) == text


@SETTINGS
@given(courses(ALL_KINDS, fields=False))
def test_csv_round_trip_keeps_the_course(document: CourseDocument) -> None:
    text = write_csv(document)
    again, problems = read_csv(text, "Cours")
    assert problems == []
    assert again == document
    assert write_csv(again) == text


@st.composite
def aiken_courses(draw: st.DrawFn) -> CourseDocument:
    """One topic titled like the course, of single-answer choice questions on one line."""
    items = draw(st.lists(questions(("choice",), plain=True), min_size=1, max_size=6))
    for item in items:
        item.prompt = item.prompt.replace("ANSWER", "answer")
    return CourseDocument(title="Quiz", topics=[TopicDocument(title="Quiz", questions=items)])


@SETTINGS
@given(aiken_courses())
def test_aiken_round_trip_keeps_the_choice_questions(document: CourseDocument) -> None:
    text = write_aiken(document)
    again, problems = read_aiken(text, "Quiz")
    assert problems == []
    assert again == document
    assert write_aiken(again) == text


def test_aiken_leaves_out_what_it_cannot_carry() -> None:
    keep = QuestionDocument("choice", "Capitale ?", ["Rome"], ["Rome", "Milan"])
    drop = QuestionDocument("short", "Pourquoi ?", ["parce que"])
    document = CourseDocument(title="Quiz", topics=[TopicDocument(title="Quiz", questions=[keep, drop])])
    assert write_aiken(document) == "Capitale ?\nA. Rome\nB. Milan\nANSWER: A\n"


@st.composite
def images(draw: st.DrawFn) -> ImageDocument:
    """An image with consistent bytes and digest."""
    data = draw(st.binary(min_size=1, max_size=64))
    return ImageDocument(
        digest=hashlib.sha256(data).hexdigest(),
        content_type=draw(st.sampled_from(["image/png", "image/jpeg", "image/webp", "image/gif"])),
        data=data,
        name=draw(st.just("") | line_text()),
    )


ANY_TEXT = st.text(min_size=1, max_size=30).filter(lambda text: text.strip() and "\x00" not in text)


@SETTINGS
@given(courses(ALL_KINDS), st.lists(images(), max_size=2, unique_by=lambda image: image.digest), st.data())
def test_native_json_round_trip_keeps_every_field(
    document: CourseDocument, pictures: list[ImageDocument], data: st.DataObject
) -> None:
    document.slug = data.draw(st.none() | st.from_regex(r"[a-z0-9]{1,10}(-[a-z0-9]{1,10})?", fullmatch=True))
    document.published = data.draw(st.booleans())
    document.images = pictures
    for position, (_path, topic) in enumerate(document.walk()):
        topic.slug = data.draw(st.none() | st.just(f"theme-{position}"))
        topic.lesson = data.draw(st.just(topic.lesson) | ANY_TEXT.map(lambda text: f"  {text}\n"))
    text = write_native(document)
    again, problems = read_native(text)
    assert problems == []
    assert again == document
    assert write_native(again) == text
