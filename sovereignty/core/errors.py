"""Errors the tool reports to its user (anything else is a bug and keeps its traceback).

::

    SovereigntyError                  a problem the user can fix; exit code 1
    ├── ContentError                  a YAML/xlsx/template file is wrong: file, place, problem
    │   └── (carries several Problem entries, all reported at once)
    ├── AnswersError                  an answer sheet does not satisfy its question bank
    ├── TenderError                   no tender folder, unknown vendor, frozen profile mismatch...
    ├── DocumentError                 a Word/PDF document cannot be produced
    ├── UsageError                    a command was called wrongly; exit code 2
    └── NonInteractiveError           a prompt needed a terminal; exit code 2

The CLI turns these into one message on stderr and an exit code, in exactly one place.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Problem:
    """One thing wrong in a file: where it is and what is expected."""

    where: str  # "line 12, column 5", "questions[3].choices", "sheet Hosting, cell C7"...
    message: str
    subject: str = ""  # the question id, clause id... the problem is about, when there is one

    def render(self) -> str:
        about = f"[{self.subject}] " if self.subject else ""
        place = f"{self.where}: " if self.where else ""
        return f"{place}{about}{self.message}"


class SovereigntyError(Exception):
    """Base of every error reported to the user."""

    exit_code = 1

    def render(self) -> str:
        return str(self)


class ContentError(SovereigntyError):
    """A file we read is invalid. Lists every problem found, not only the first."""

    def __init__(self, path: Path | str, problems: list[Problem] | Problem | str) -> None:
        if isinstance(problems, str):
            problems = [Problem("", problems)]
        elif isinstance(problems, Problem):
            problems = [problems]
        self.path = str(path)
        self.problems = problems
        super().__init__(self.render())

    def render(self) -> str:
        if len(self.problems) == 1:
            return f"{self.path}: {self.problems[0].render()}"
        lines = [f"{self.path}: {len(self.problems)} problems"]
        lines += [f"  - {p.render()}" for p in self.problems]
        return "\n".join(lines)


class AnswersError(ContentError):
    """An answer sheet is not valid against its question bank."""


class TenderError(SovereigntyError):
    """The tender folder is missing, inconsistent, or refuses the operation."""


class DocumentError(SovereigntyError):
    """A document could not be rendered or converted."""


class UsageError(SovereigntyError):
    """The command was called wrongly."""

    exit_code = 2


class NonInteractiveError(SovereigntyError):
    """A question had to be asked but there is no terminal to ask it on."""

    exit_code = 2
