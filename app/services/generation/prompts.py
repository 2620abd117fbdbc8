"""The prompts of a generation, rendered from versioned template files in app/prompts/<version>/<lang>/.

A new wording is a new version folder (v2/…), never an edit of a version in use: the version is
recorded with what it produced, so a course can be traced to the words that made it. Templates are
rendered by a sandboxed Jinja environment (a template cannot reach Python objects) with escaping
off — a prompt is plain text, not HTML — and undefined names refused.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

from jinja2 import FileSystemLoader, StrictUndefined
from jinja2.sandbox import SandboxedEnvironment

PROMPT_VERSION = "v1"
PROMPTS_FOLDER = Path(__file__).resolve().parents[2] / "prompts"
PROMPT_LANGUAGES = ("fr", "en")


@cache
def _environment() -> SandboxedEnvironment:
    return SandboxedEnvironment(
        loader=FileSystemLoader(str(PROMPTS_FOLDER)),
        autoescape=False,  # prompts are plain text sent to a model, never HTML
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )


def render_prompt(name: str, language: str, version: str = PROMPT_VERSION, **context: Any) -> str:
    """The text of prompt `name` (system, outline, lesson, questions, retry) in `language`."""
    if language not in PROMPT_LANGUAGES:
        language = PROMPT_LANGUAGES[0]
    template = _environment().get_template(f"{version}/{language}/{name}.md.j2")
    return template.render(**context).strip()
