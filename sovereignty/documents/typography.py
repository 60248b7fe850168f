"""French typography for every generated French document, applied once after rendering.

The rules (those of the Imprimerie nationale's *Lexique des règles typographiques*, as French
legal and administrative texts follow them):

- a non-breaking space before ``:`` ``;`` ``!`` ``?`` and ``»``, and after ``«``; a plain space
  there is replaced, a missing one is inserted (``Offre:`` becomes ``Offre :``), but a colon
  inside a time, a URL or a reference (``12:30``, ``https://``, ``sha256:ab12``) is left alone;
- the typographic apostrophe ``’`` instead of the straight one;
- a non-breaking space between the groups of a number (``45 000``) and before ``€`` or ``%``
  (``45 000 € HT``, ``12 %``), so a figure never breaks across two lines.

Why after rendering, on the document itself: the same text reaches a document from labels,
clause libraries, answers and templates a legal team may replace; applying the rules to the
rendered text is the one place that sees all of it. Words split across Word runs (``Offre`` in one
run, ``:`` in the next) are handled by working on each paragraph's text as a whole.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

NBSP = "\u00a0"
_NARROW = "\u202f"
_SPACES_KEPT = {NBSP, _NARROW}
_BEFORE = {":", ";", "!", "?"}
_DIGITS = frozenset("0123456789")
# The characters a rule acts on: the marks, and a space after a digit or « (a space elsewhere
# is left as it is). A paragraph without any is left unread.
_ACTED_ON = re.compile(r"[':;!?«»]|(?<=[0-9«]) ")


def _needs_space_before(chars: str, i: int) -> bool:
    """Whether punctuation ``chars[i]`` (: ; ! ?) glued to a word takes an inserted space."""
    prev = chars[i - 1] if i > 0 else ""
    nxt = chars[i + 1] if i + 1 < len(chars) else ""
    if not prev or prev.isspace() or prev in _SPACES_KEPT or prev in _BEFORE or prev in "([«/":
        return False
    if nxt and not (nxt.isspace() or nxt in ")]»,.;:!?\"’'"):
        return False  # 12:30, https://, sha256:ab12, « ?! » handled by the first mark
    return prev.isalpha() or prev in ")]»"


def french(text: str) -> str:
    """``text`` with the rules above applied; idempotent."""
    if not _ACTED_ON.search(text):
        return text
    chars, _ = _apply(text, [0] * len(text))
    return "".join(chars)


def _apply(text: str, runs: list[int]) -> tuple[list[str], list[int]]:
    """The rules on ``text``, whose characters are held in the Word runs ``runs``: the
    characters out, with their runs. Only the characters a rule acts on are looked at one by
    one; the stretches between them are copied whole."""
    out: list[str] = []
    where: list[int] = []
    copied = 0
    size = len(text)
    for found in _ACTED_ON.finditer(text):
        i = found.start()
        out += text[copied:i]
        where += runs[copied:i]
        copied = i + 1
        c, run = text[i], runs[i]
        if c == "'":
            c = "’"
        if c in _BEFORE or c == "»":
            if out and out[-1] == " ":
                out[-1] = NBSP
            elif (c == "»" or _needs_space_before(text, i)) and _glued(out):
                out.append(NBSP)
                where.append(run)
        if c == " " and out:
            prev = out[-1]
            nxt = text[i + 1] if i + 1 < size else ""
            number = prev in _DIGITS and (
                (nxt != "" and nxt in "€%") or _group_of_three(text, i + 1)
            )
            if prev == "«" or number:
                c = NBSP
        out.append(c)
        where.append(run)
        if c == "«" and i + 1 < size and not text[i + 1].isspace():
            out.append(NBSP)
            where.append(run)
    out += text[copied:]
    where += runs[copied:]
    return out, where


def _glued(out: list[str]) -> bool:
    """Whether the last character written is a visible one (a space must be inserted)."""
    return bool(out) and not out[-1].isspace() and out[-1] not in _SPACES_KEPT


def _group_of_three(text: str, start: int) -> bool:
    """Three digits at ``start``, not followed by a fourth: the next group of a number."""
    group = text[start : start + 4]
    return (
        len(group) >= 3
        and all(c.isdigit() for c in group[:3])
        and (len(group) == 3 or not group[3].isdigit())
    )


def french_runs(texts: Sequence[str]) -> list[str]:
    """The rules applied to one paragraph held in several Word runs; each run keeps its text.

    ``["Offre", ":"]`` gives ``["Offre", "\u00a0:"]``: an inserted space goes into the run of
    the mark that needs it, so no run's formatting moves to another's text.
    """
    joined = "".join(texts)
    if not _ACTED_ON.search(joined):
        return list(texts)
    runs = [n for n, text in enumerate(texts) for _ in text]
    chars, where = _apply(joined, runs)
    out: list[list[str]] = [[] for _ in texts]
    for c, n in zip(chars, where, strict=True):
        out[n].append(c)
    return ["".join(part) for part in out]
