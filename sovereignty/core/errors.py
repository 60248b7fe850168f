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

Languages: a message is a :class:`~sovereignty.core.model.Text` (French and English) or a plain
``str``, which reads the same in both languages (packages not translated yet pass English).
``render(lang)`` is what the user sees, French unless asked otherwise. ``str(error)`` is the
English text, as for Python's own exceptions: it is what logs, tracebacks and ``pytest.raises(...,
match=...)`` see, and stays the same whatever the user's language.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # not imported at run time: `sovereignty --help` must not load pydantic
    from sovereignty.core.model import Lang, Text

    Message = str | Text


def in_lang(message: Message, lang: Lang) -> str:
    """The message in ``lang``; a plain ``str`` is the same in every language."""
    return message if isinstance(message, str) else message(lang)


# Places are written in English in the data ("line 12, column 5", "sheet 'Hosting', cell C7":
# they are also read by programs, e.g. `check --json`); they are put in French when shown.
_PLACE_WORDS_FR = (
    (re.compile(r"\bline (\d+)"), r"ligne \1"),
    (re.compile(r"\bcolumn (\d+)"), r"colonne \1"),
    (re.compile(r"\bsheet ('[^']*')"), r"feuille \1"),  # alone when a whole sheet is at fault
    (re.compile(r"\bcell ([A-Z]+\d+)\b"), r"cellule \1"),
)


def place_in(where: str, lang: Lang) -> str:
    """A place such as "line 12, column 5" in ``lang``."""
    if lang == "fr":
        for pattern, french in _PLACE_WORDS_FR:
            where = pattern.sub(french, where)
    return where


def did_you_mean(word: object, among: Iterable[str]) -> tuple[str, str]:
    """The end of a message suggesting the id of ``among`` closest to ``word``, in French and in
    English (" ; vouliez-vous dire 'x' ?", "; did you mean 'x'?"), or two empty strings."""
    from difflib import get_close_matches

    hint = get_close_matches(word, list(among), n=1) if isinstance(word, str) else []
    if not hint:
        return "", ""
    return f" ; vouliez-vous dire {hint[0]!r} ?", f"; did you mean {hint[0]!r}?"


def colon(lang: Lang) -> str:
    """The separator after a file or place: French typography puts a space before the colon."""
    return " : " if lang == "fr" else ": "


@dataclass(frozen=True)
class Problem:
    """One thing wrong in a file: where it is and what is expected."""

    where: str  # "line 12, column 5", "questions[3].choices", "sheet Hosting, cell C7"...
    message: Message
    subject: str = ""  # the question id, clause id... the problem is about, when there is one

    def says(self, lang: Lang = "fr") -> str:
        """The message alone, in ``lang``."""
        return in_lang(self.message, lang)

    def render(self, lang: Lang = "fr") -> str:
        about = f"[{self.subject}] " if self.subject else ""
        place = f"{place_in(self.where, lang)}{colon(lang)}" if self.where else ""
        return f"{place}{about}{self.says(lang)}"


class SovereigntyError(Exception):
    """Base of every error reported to the user."""

    exit_code = 1

    def __init__(self, message: Message = "") -> None:
        self.message = message
        super().__init__(in_lang(message, "en"))

    def render(self, lang: Lang = "fr") -> str:
        return in_lang(self.message, lang)


class ContentError(SovereigntyError):
    """A file we read is invalid. Lists every problem found, not only the first."""

    def __init__(self, path: Path | str, problems: list[Problem] | Problem | Message) -> None:
        if isinstance(problems, Problem):
            problems = [problems]
        elif not isinstance(problems, list):
            problems = [Problem("", problems)]
        self.path = str(path)
        self.problems = problems
        super().__init__()
        self.args = (self.render("en"),)

    def render(self, lang: Lang = "fr") -> str:
        if len(self.problems) == 1:
            return f"{self.path}{colon(lang)}{self.problems[0].render(lang)}"
        count = f"{len(self.problems)} " + ("problèmes" if lang == "fr" else "problems")
        lines = [f"{self.path}{colon(lang)}{count}"]
        lines += [f"  - {p.render(lang)}" for p in self.problems]
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
