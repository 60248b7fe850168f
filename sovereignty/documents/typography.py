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
# What any rule acts on; a paragraph without any is left as it is, unread.
_ACTED_ON = re.compile(r"[':;!?«»]|\d ")


def _needs_space_before(chars: list[str], i: int) -> bool:
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
    return "".join(c for c, _ in _apply([(c, 0) for c in text]))


def _apply(chars: list[tuple[str, int]]) -> list[tuple[str, int]]:
    """The rules on characters tagged with the index of the Word run holding them."""
    out: list[tuple[str, int]] = []
    text = [c for c, _ in chars]
    for i, (c, run) in enumerate(chars):
        if c == "'":
            c = "’"
        if c in _BEFORE or c == "»":
            if out and out[-1][0] == " ":
                out[-1] = (NBSP, out[-1][1])
            elif (c == "»" or _needs_space_before(text, i)) and _glued(out):
                out.append((NBSP, run))
        if c == " " and out:
            prev = out[-1][0]
            nxt = text[i + 1] if i + 1 < len(text) else ""
            number = prev.isdigit() and (
                (nxt != "" and nxt in "€%") or _group_of_three(text, i + 1)
            )
            if prev == "«" or number:
                c = NBSP
        out.append((c, run))
        if c == "«" and i + 1 < len(text) and not text[i + 1].isspace():
            out.append((NBSP, run))
    return out


def _glued(out: list[tuple[str, int]]) -> bool:
    """Whether the last character written is a visible one (a space must be inserted)."""
    return bool(out) and not out[-1][0].isspace() and out[-1][0] not in _SPACES_KEPT


def _group_of_three(text: list[str], start: int) -> bool:
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
    if not _ACTED_ON.search("".join(texts)):
        return list(texts)
    tagged = [(c, n) for n, text in enumerate(texts) for c in text]
    out = [""] * len(texts)
    for c, n in _apply(tagged):
        out[n] += c
    return out
