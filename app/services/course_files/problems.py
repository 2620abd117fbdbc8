"""What is wrong with a course file: each problem says where (a line of the file, or the path of
the field in a JSON document) and what, and a refused import reports all of them at once."""

from __future__ import annotations

from dataclasses import dataclass

from flask_babel import gettext as _
from flask_babel import ngettext

from ..errors import InvalidInput


@dataclass(frozen=True)
class Problem:
    """One problem of a course file, at a line (text formats) or a path (JSON)."""

    message: str
    line: int | None = None
    path: str | None = None

    def as_dict(self) -> dict[str, int | str | None]:
        """The problem as the API reports it: `{line, message}`, plus `path` when there is one."""
        found: dict[str, int | str | None] = {"line": self.line, "message": self.message}
        if self.path is not None:
            found["path"] = self.path
        return found

    def __str__(self) -> str:
        if self.line is not None:
            return _("ligne %(line)d : %(message)s", line=self.line, message=self.message)
        if self.path:
            return f"{self.path} : {self.message}"
        return self.message


def sort_key(problem: Problem) -> tuple[int, str]:
    """File order: by line, then by path; problems of the whole file first."""
    return (problem.line or 0, problem.path or "")


class CourseFileInvalid(InvalidInput):
    """A course file that cannot be imported; `errors` lists every problem found in it."""

    def __init__(self, problems: list[Problem]) -> None:
        ordered = sorted(problems, key=sort_key)
        count = len(ordered)
        super().__init__(
            ngettext(
                "Le fichier contient %(num)d erreur : rien n'a été importé.",
                "Le fichier contient %(num)d erreurs : rien n'a été importé.",
                count,
            )
        )
        self.problems = ordered
        self.errors = [problem.as_dict() for problem in ordered]
