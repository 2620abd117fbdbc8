"""Courses written by a language model: outline → lessons → questions, each answer checked by the
course importer's own validator, saved as a draft of the author only when everything succeeded.

`generate_course` runs a whole generation synchronously (the CLI calls it directly, the job worker
from a background job) and reports progress after each step; docs/generation.md describes the
pipeline, the prompts (app/prompts/<version>/<language>/) and what a generation costs.
"""

from __future__ import annotations

from .pipeline import (
    MAX_QUESTIONS_PER_TOPIC,
    MAX_TOPICS,
    GenerationCancelled,
    GenerationFailed,
    GenerationOutcome,
    GenerationRequest,
    Progress,
    check_request,
    generate_course,
)
from .prompts import PROMPT_VERSION
from .sources import SourceInvalid, read_source

__all__ = [
    "MAX_QUESTIONS_PER_TOPIC",
    "MAX_TOPICS",
    "PROMPT_VERSION",
    "GenerationCancelled",
    "GenerationFailed",
    "GenerationOutcome",
    "GenerationRequest",
    "Progress",
    "SourceInvalid",
    "check_request",
    "generate_course",
    "read_source",
]
