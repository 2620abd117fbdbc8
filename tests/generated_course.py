"""Canned answers of a language model writing a course, for the local stand-in server: an outline,
lessons and questions of every kind at three tiers, as a well-behaved model writes them.

`scripted_author` answers any step from what the request asks for (the schema's name — or, from a
server without structured output, the prompt's words — and the number of leaves or questions in
the prompt), so a whole course of any size can be generated against the
stand-in without queuing each answer.
"""

from __future__ import annotations

import json
import re
from typing import Any

KINDS = ("short", "choice", "truefalse", "multiple", "numeric")


def outline(leaves: int, *, parts: int = 1, passages: list[int] | None = None) -> dict[str, Any]:
    """An outline with `leaves` leaves spread over `parts` parts (a flat list when parts is 1)."""
    titles = [f"Notion {n}" for n in range(1, leaves + 1)]

    def leaf(title: str) -> dict[str, Any]:
        return {"title": title, **({"passages": passages} if passages is not None else {})}

    if parts <= 1:
        topics = [leaf(title) for title in titles]
    else:
        size = -(-leaves // parts)
        topics = [
            {"title": f"Partie {n + 1}", "topics": [leaf(t) for t in titles[n * size : (n + 1) * size]]}
            for n in range(parts)
            if titles[n * size : (n + 1) * size]
        ]
    return {"title": "Les volcans", "description": "Un cours pour comprendre les volcans.", "topics": topics}


def lesson(title: str = "Notion") -> dict[str, Any]:
    """A short Markdown lesson."""
    return {
        "lesson": f"Bienvenue dans **{title}** !\n\n### L'essentiel\n\n- Un volcan crache du magma.\n"
        "- Le magma refroidi devient de la roche.\n\nPar exemple, l'Etna est en Sicile."
    }


def question(kind: str, tier: int, source: dict[str, Any] | None = None) -> dict[str, Any]:
    """A valid question of `kind`."""
    base: dict[str, Any] = {
        "short": {"prompt": "Comment appelle-t-on la roche fondue ?", "answers": ["magma", "le magma"]},
        "choice": {
            "prompt": "Où se trouve l'Etna ?",
            "choices": ["En Sicile", "En Islande", "Au Japon"],
            "answers": ["En Sicile"],
        },
        "truefalse": {"prompt": "Le magma refroidi devient de la roche.", "answers": ["vrai"]},
        "multiple": {
            "prompt": "Lesquels sont des volcans ?",
            "choices": ["L'Etna", "Le Vésuve", "Le Rhône"],
            "answers": ["L'Etna", "Le Vésuve"],
        },
        "numeric": {
            "prompt": "Combien de volcans actifs en Italie (environ) ?",
            "answers": ["3"],
            "tolerance": 1,
        },
    }[kind]
    item = {"kind": kind, **base, "explanation": "Bien vu : relis la leçon si besoin.", "tier": tier}
    if source is not None:
        item["source"] = source
    return item


def questions(count: int = 5, *, source: dict[str, Any] | None = None) -> dict[str, Any]:
    """`count` questions cycling over every kind and the three tiers."""
    return {"questions": [question(KINDS[i % 5], i % 3 + 1, source) for i in range(count)]}


def dumps(data: Any) -> str:
    """JSON as a model writes it."""
    return json.dumps(data, ensure_ascii=False)


def scripted_author(request: dict[str, Any]) -> str | None:
    """The answer a good model gives to any step of a generation (the stand-in's `default`)."""
    name = request.get("response_format", {}).get("json_schema", {}).get("name", "")
    prompt = request["messages"][-1]["content"]
    if not name:  # a server without structured output: the step is told by the prompt's words
        steps = {"Prépare le plan": "course_outline", "Plan a course": "course_outline"}
        steps |= {"Écris la leçon": "topic_lesson", "Write the lesson": "topic_lesson"}
        steps |= {
            "questions sur cette leçon": "topic_questions",
            "questions on this lesson": "topic_questions",
        }
        name = next((step for words, step in steps.items() if words in prompt), "")
        answer = scripted_author({**request, "response_format": {"json_schema": {"name": name}}})
        return f"```json\n{answer}\n```" if answer else None  # such models like a code fence
    if name == "course_outline":
        wanted = re.search(r"exactement (\d+) feuilles|exactly (\d+) leaves", prompt)
        count = int(next(g for g in wanted.groups() if g)) if wanted else 1
        return dumps(outline(count, parts=max(1, count // 4)))
    if name == "topic_lesson":
        return dumps(lesson())
    if name == "topic_questions":
        wanted = re.search(r"exactement (\d+) questions|exactly (\d+) questions", prompt)
        count = int(next(g for g in wanted.groups() if g)) if wanted else 5
        passage = re.search(r"\[passage (\d+)\]\n(.+)", prompt)  # with a source, cite its first words
        source = {"passage": int(passage[1]), "quote": " ".join(passage[2].split()[:4])} if passage else None
        return dumps(questions(count, source=source))
    return None


# What an author asks for in the tests of the generations API, pages and worker.
REQUEST = {
    "subject": "Les volcans",
    "level": "élèves de 5e",
    "language": "fr",
    "topics": 3,
    "questions_per_topic": 2,
}


def add_generation(owner: Any, **values: Any) -> Any:
    """A generation job row of `owner` for REQUEST's subject, committed; `values` set its state."""
    from app import db
    from app.models import Generation

    generation = Generation(
        user_id=owner.id, subject="Les volcans", language="fr", topics=3, questions_per_topic=2, **values
    )
    db.session.add(generation)
    db.session.commit()
    return generation
