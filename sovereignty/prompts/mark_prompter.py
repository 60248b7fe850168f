"""The questionary implementation of :class:`sovereignty.services.evaluation.MarkPrompter`.

For each criterion scored by evaluators: the criterion, what to look at, the vendor's answers
behind it and the evaluator's previous mark; then a mark on the stated scale and a required
justification. ``unsafe_ask`` makes Ctrl-C raise KeyboardInterrupt (``ask`` would return None);
marks already confirmed are saved by then.
"""

from __future__ import annotations

from typing import Any

import questionary

from sovereignty.core.errors import colon
from sovereignty.core.legal import cite
from sovereignty.core.model import Lang
from sovereignty.prompts.questionary_prompter import STYLE
from sovereignty.scoring.model import EvaluatorsMethod
from sovereignty.services.evaluation import MarkReply, MarkView

SKIP = "::skip"
WORDS: dict[str, dict[Lang, str]] = {
    "header": {
        "fr": "Critère {n}/{N} · {label} ({id}) — offre : {vendor}",
        "en": "Criterion {n}/{N} · {label} ({id}) — offer: {vendor}",
    },
    "answers": {"fr": "Réponses de l'offre :", "en": "The offer's answers:"},
    "current": {
        "fr": "Votre note actuelle : {mark:g} — « {why} »",
        "en": "Your current mark: {mark:g} — “{why}”",
    },
    "mark": {"fr": "Votre note", "en": "Your mark"},
    "skip": {"fr": "» Passer ce critère", "en": "» Skip this criterion"},
    "why": {
        "fr": "Justification (obligatoire : sur quoi repose la note ?)",
        "en": "Justification (required: what does the mark rest on?)",
    },
    "why_needed": {"fr": "Une justification est obligatoire", "en": "A justification is required"},
    "establishment": {
        "fr": "Votre établissement (membre du GHT)",
        "en": "Your establishment (GHT member)",
    },
}


def _w(key: str, lang: Lang, **kwargs: Any) -> str:
    return WORDS[key][lang].format(**kwargs)


# questionary's own hint is English ("Use arrow keys"): ours, in the user's language.
SELECT_HINT = {
    "fr": "(flèches pour choisir, Entrée pour valider)",
    "en": "(arrow keys to move, Enter to confirm)",
}


class QuestionaryMarkPrompter:
    def __init__(self, echo: Any = print) -> None:
        self.echo = echo

    def notify(self, message: str) -> None:
        self.echo(message)

    def choose_establishment(self, choices: list[tuple[str, str]], lang: Lang) -> str:
        answer: str = questionary.select(
            _w("establishment", lang),
            instruction=SELECT_HINT[lang],
            choices=[questionary.Choice(f"{name} ({ident})", ident) for ident, name in choices],
            style=STYLE,
        ).unsafe_ask()
        return answer

    def ask_mark(self, view: MarkView) -> MarkReply:
        criterion, lang = view.criterion, view.lang
        method = criterion.scoring
        assert isinstance(method, EvaluatorsMethod)
        self.echo("")
        self.echo(
            _w(
                "header",
                lang,
                n=view.number,
                N=view.count,
                label=criterion.label(lang),
                id=criterion.id,
                vendor=view.vendor_name,
            )
        )
        if criterion.description:
            self.echo(f"  {criterion.description(lang)}")
        self.echo(f"  {method.guidance(lang)}")
        if criterion.legal:
            self.echo("  " + " ; ".join(cite(r, lang) for r in criterion.legal))
        if view.answers:
            self.echo(f"  {_w('answers', lang)}")
            for label, shown in view.answers:
                self.echo(f"    - {label}{colon(lang)}{shown}")
        if view.current is not None:
            self.echo(
                "  " + _w("current", lang, mark=view.current.mark, why=view.current.justification)
            )
        levels = {level.value: level.label(lang) for level in method.scale.levels}
        choices = [
            questionary.Choice(f"{m:g}" + (f" — {levels[m]}" if m in levels else ""), m)
            for m in method.scale.marks()
        ]
        current = view.current.mark if view.current is not None else None
        mark = questionary.select(
            _w("mark", lang),
            instruction=SELECT_HINT[lang],
            choices=[*choices, questionary.Separator(), questionary.Choice(_w("skip", lang), SKIP)],
            default=next((c for c in choices if c.value == current), None),
            style=STYLE,
        ).unsafe_ask()
        if mark == SKIP:
            return MarkReply("skip")

        def validate(text: str) -> bool | str:
            return True if text.strip() else _w("why_needed", lang)

        why = questionary.text(
            _w("why", lang),
            default=view.current.justification if view.current is not None else "",
            validate=validate,
            style=STYLE,
        ).unsafe_ask()
        return MarkReply("mark", float(mark), why.strip())
