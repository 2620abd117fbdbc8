"""Reading course files: golden files of every format give their expected documents, and
malformed files give every problem with its line (or path, for JSON)."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema_rs
import pytest

from app.services.course_files import (
    CourseDocument,
    CourseFormat,
    detect_format,
    read_document,
    validate_document,
)
from app.services.course_files.native import read_native, schema_text

DATA = Path(__file__).resolve().parents[1] / "data" / "course_files"
ROOT = Path(__file__).resolve().parents[2]


def read(name: str) -> tuple[CourseDocument, list[str]]:
    """The document of a test file and every problem, as the CLI prints them."""
    document, problems = read_document((DATA / name).read_bytes(), name)
    if document.topics or not problems:
        problems = problems + validate_document(document)
    return document, [str(problem) for problem in sorted(problems, key=lambda p: (p.line or 0, p.path or ""))]


def expected(name: str) -> CourseDocument:
    """The expected document of a golden file, written as a native JSON document."""
    document, problems = read_native((DATA / name).read_text(encoding="utf-8"))
    assert not problems, problems
    return document


@pytest.mark.parametrize(
    ("source", "golden"),
    [
        ("kinds.gift", "kinds.expected.json"),
        ("escapes.gift", "escapes.expected.json"),
        ("semicolon-bom.csv", "semicolon-bom.expected.json"),
        ("comma.csv", "comma.expected.json"),
        ("kinds.aiken.txt", "kinds.aiken.expected.json"),
    ],
)
def test_golden_file_reads_into_its_expected_document(source: str, golden: str) -> None:
    document, problems = read(source)
    assert problems == [], f"{source} should be valid"
    assert document == expected(golden), f"{source} did not give {golden}"


def test_gift_reads_every_question_kind_with_its_fields() -> None:
    document, _ = read("kinds.gift")
    questions = {question.prompt: question for question in document.questions()}
    unit = questions["Quelle est l'unité de la force ?"]
    assert (unit.kind, unit.answers, unit.choices) == (
        "choice",
        ["le newton"],
        ["le newton", "le joule", "le pascal"],
    )
    assert unit.explanation == "Le newton, du nom d'Isaac Newton.", "#### is the general feedback"
    vectors = questions["Quelles grandeurs sont vectorielles ?"]
    assert (vectors.kind, vectors.answers) == ("multiple", ["la vitesse", "la force"]), "no = : checkboxes"
    relativity = questions["Quel savant a formulé la relativité ?"]
    assert relativity.answers == ["Einstein", "Albert Einstein"], "a 50 % answer is not accepted"
    assert questions["Le son se propage dans le vide."].answers == ["faux"]
    density = questions["Densité de l'aluminium ?"]
    assert (density.answers, density.tolerance) == (["2.7"], 0.1), "French decimal comma"
    assert questions["Une année-lumière, en milliers de milliards de km ?"].answers == ["9..10"]
    assert questions["Un angle droit, en degrés ou en grades ?"].answers == ["90", "99..101"], (
        "different tolerances become ranges"
    )
    assert "Le point de congélation de l'eau est _____ degrés Celsius." in questions, "missing word"


def test_gift_escapes_categories_and_formats() -> None:
    document, _ = read("escapes.gift")
    paths = [" / ".join(path) for path, _topic in document.walk()]
    assert paths == ["Langues", "Langues / Grammaire : bases", "Langues / Pays de Galles/Écosse"]
    grammar = document.topics[0].topics[0]
    assert grammar.lesson.startswith("Les **signes** { } = ~ # : et \\ s'écrivent"), "escapes restored"
    assert grammar.lesson.endswith("inverse.\nDeuxième ligne."), "\\n is a line break"
    prompts = [question.prompt for question in document.questions()]
    assert "Une étoile brille." in prompts, "[html] becomes plain text"
    assert "Quel signe ouvre un bloc { ?" in prompts


def test_csv_reads_french_headers_kinds_and_escaped_separators() -> None:
    document, _ = read("semicolon-bom.csv")
    assert [" / ".join(path) for path, _topic in document.walk()] == [
        "Histoire",
        "Histoire / Antiquité",
        "Histoire / Moyen Âge",
        "Histoire / Branche / Feuille",
    ]
    questions = {question.prompt: question for question in document.questions()}
    assert questions["Quel symbole sépare les réponses ?"].answers == ["la barre | verticale"]
    assert questions["Quel symbole sépare les réponses ?"].strict is True
    assert questions["Durée de la guerre de Cent Ans, en années ?"].tolerance == 0.5
    assert questions["Quelle bataille eut lieu en 1066 ?"].kind == "short", "an empty kind without choices"
    assert document.topics[0].topics[0].lesson.endswith("Ses premiers rois sont légendaires.")


def test_malformed_gift_reports_every_problem_with_its_line() -> None:
    _, problems = read("malformed.gift")
    assert problems == [
        "ligne 3 : Les questions à développement (bloc vide « {} ») ne sont pas prises en charge.",
        "ligne 5 : Les questions d'appariement (« -> ») ne sont pas prises en charge.",
        "ligne 10 : Le bloc de réponses ouvert par « { » n'est jamais fermé par « } ».",
        "ligne 12 : Le niveau doit être 1, 2 ou 3 (et non « 7 »).",
        "ligne 15 : Indiquez la bonne réponse.",
        "ligne 15 : Le choix « a » apparaît deux fois.",
        "ligne 17 : « beaucoup » n'est pas un nombre lisible.",
        "ligne 19 : Une réponse acceptée est vide.",
        "ligne 21 : Le thème « Vide » est vide : ni question ni leçon.",
    ]


def test_malformed_csv_reports_every_problem_with_its_line() -> None:
    _, problems = read("malformed.csv")
    assert problems == [
        "ligne 2 : Le niveau doit être 1, 2 ou 3 (et non « 4 »).",
        "ligne 2 : Le thème « Test » a des sous-thèmes et des questions : "
        "seules les feuilles de l'arbre portent des questions.",
        "ligne 3 : Type de question inconnu « dessin » "
        "(attendu : short, choice, multiple, truefalse, numeric).",
        "ligne 4 : La réponse « d » n'est pas l'un des choix.",
        "ligne 5 : Le choix « A » apparaît deux fois.",
        "ligne 6 : Trop de réponses acceptées : 21 (au plus 20).",
        "ligne 7 : Une réponse dépasse 200 caractères : « " + "x" * 30 + "… ».",
        "ligne 8 : L'énoncé est vide.",
        "ligne 9 : Trop de choix : 13 (au plus 12).",
        "ligne 10 : La colonne strict vaut oui ou non (et non « peut-être »).",
        "ligne 11 : Une question vrai/faux a pour réponse « vrai » ou « faux ».",
        "ligne 12 : « beaucoup » n'est pas un nombre ni un intervalle « min..max ».",
    ]


def test_malformed_aiken_reports_every_problem_with_its_line() -> None:
    _, problems = read("malformed.aiken.txt")
    assert "ligne 1 : La question n'a pas de ligne « ANSWER: »." in problems
    assert "ligne 5 : La réponse « D » n'est pas l'une des options." in problems
    assert "ligne 10 : « ANSWER: » sans question avant lui." in problems


def test_malformed_json_reports_every_problem_with_its_path() -> None:
    _, problems = read("malformed.json")
    assert problems == [
        "course.colour : Champ inconnu.",
        "course.slug : Le nom court du cours doit être fait de minuscules, de chiffres et de tirets.",
        "course.title : Le cours n'a pas de titre.",
        "format_version : Version de format inconnue : seule la version 1 est lue.",
        "images[0].content_type : Type d'image non accepté « image/bmp » "
        "(attendu : image/png, image/jpeg, image/webp, image/gif).",
        "images[0].data : Les octets de l'image doivent être en base64.",
        "images[0].digest : L'empreinte d'une image doit être un SHA-256 en hexadécimal.",
        "topics[0].questions[0].answers : Une liste de textes était attendue.",
        "topics[0].questions[0].answers : Indiquez au moins une réponse acceptée.",
        "topics[0].questions[0].tier : Le niveau doit être 1, 2 ou 3.",
        "topics[0].questions[1].answers : La réponse « x » n'est pas l'un des choix.",
        "topics[0].questions[1].tolerance : Seules les questions numériques ont une tolérance.",
        "topics[1] : Le thème « B » est vide : ni question ni leçon.",
        "topics[1].slug : Le nom court « a » est déjà celui d'un autre thème.",
    ]


def test_json_syntax_error_names_its_line() -> None:
    _, problems = read_native('{\n  "format_version": 1,\n  "course": {"title": "x"\n}')
    assert len(problems) == 1 and problems[0].line == 4, problems


def test_native_golden_file_carries_images_slugs_and_every_field() -> None:
    document, problems = read("full.json")
    assert problems == []
    assert document.slug == "optique" and document.published is True
    assert [topic.slug for _path, topic in document.walk()] == ["lumiere", "couleurs", "lecture"]
    assert len(document.images) == 1 and document.images[0].data.startswith(b"\x89PNG")
    tiers = [(question.kind, question.tier, question.strict) for question in document.questions()]
    assert ("numeric", 3, False) in tiers and ("short", 1, True) in tiers


def test_a_reference_to_an_image_missing_from_the_file_is_a_problem() -> None:
    text = (DATA / "full.json").read_text(encoding="utf-8")
    data = json.loads(text)
    data["images"] = []
    document, problems = read_native(json.dumps(data))
    messages = [problem.message for problem in problems + validate_document(document)]
    assert sum("est citée mais absente du fichier" in message for message in messages) == 3, messages


def test_the_json_schema_accepts_the_golden_document_and_refuses_the_malformed_one() -> None:
    validator = jsonschema_rs.validator_for(json.loads(schema_text()))
    assert validator.is_valid(json.loads((DATA / "full.json").read_text(encoding="utf-8")))
    for name in ("kinds.expected.json", "semicolon-bom.expected.json"):
        assert validator.is_valid(json.loads((DATA / name).read_text(encoding="utf-8"))), name
    assert not validator.is_valid(json.loads((DATA / "malformed.json").read_text(encoding="utf-8")))


def test_the_schema_in_docs_is_the_one_shipped_with_the_package() -> None:
    assert (ROOT / "docs" / "course-document.schema.json").read_text(encoding="utf-8") == schema_text()


@pytest.mark.parametrize(
    ("filename", "text", "fmt"),
    [
        ("banque.gift", "", CourseFormat.GIFT),
        ("banque.CSV", "", CourseFormat.CSV),
        ("cours.json", "", CourseFormat.JSON),
        ("export.txt", "Question ?\nA. Oui\nB. Non\nANSWER: A\n", CourseFormat.AIKEN),
        ("export.txt", "Question ? {=oui}\n", CourseFormat.GIFT),
        ("export", '  {"format_version": 1}', CourseFormat.JSON),
        ("export", "path;kind;prompt;answers\n", CourseFormat.CSV),
    ],
)
def test_format_comes_from_the_extension_then_the_content(
    filename: str, text: str, fmt: CourseFormat
) -> None:
    assert detect_format(filename, text) is fmt


def test_an_unknown_format_and_a_binary_file_are_refused_at_line_one() -> None:
    _, problems = read_document(b"rien de reconnaissable", "notes")
    assert [str(problem) for problem in problems] == [
        "ligne 1 : Format de fichier non reconnu : précisez gift, aiken, csv ou json."
    ]
    _, problems = read_document(b"\x89PNG\r\n\x1a\n\x00\x00", "image.gift")
    assert [str(problem) for problem in problems] == ["ligne 1 : Le fichier n'est pas un texte UTF-8."]


def test_a_spreadsheet_saved_in_windows_1252_is_read() -> None:
    data = "path;prompt;answers\nHistoire;Qui fut sacré en 800 ?;Charlemagne\n".encode("cp1252")
    document, problems = read_document(data, "histoire.csv")
    assert problems == [] and next(document.questions()).prompt == "Qui fut sacré en 800 ?"


def test_the_sample_bank_is_one_course_in_three_formats() -> None:
    bank = ROOT / "data" / "sample-bank"
    documents = {}
    for name in ("sample.gift", "sample.csv", "sample.json"):
        document, problems = read_document((bank / name).read_bytes(), name)
        assert problems + validate_document(document) == [], name
        documents[name] = document
    assert (
        documents["sample.gift"].topics == documents["sample.csv"].topics == documents["sample.json"].topics
    )
    kinds = {question.kind for question in documents["sample.gift"].questions()}
    assert kinds == {"short", "choice", "multiple", "truefalse", "numeric"}


def test_a_file_without_any_question_is_refused() -> None:
    document, problems = read_document(b"Un texte sans accolades.\n\nEt un autre.\n", "notes.gift")
    assert problems == [] and document.topics[0].lesson == "Un texte sans accolades.\n\nEt un autre."
    assert [str(problem) for problem in validate_document(document)] == [
        "topics : Le fichier ne contient aucune question."
    ]
