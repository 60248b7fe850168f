"""The questionary implementation of :class:`sovereignty.services.assess.Prompter`.

Choice questions get extra menu entries (help, "I don't know", back, skip the section); free-text
questions accept short commands typed instead of an answer: ``?`` help, ``<`` back,
``!`` "I don't know", ``>>`` skip the section. ``unsafe_ask`` is used so that Ctrl-C raises
KeyboardInterrupt (``ask`` would swallow it and return None).
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import questionary
from prompt_toolkit.styles import Style

from sovereignty.core.dates import DateProblem, parse_date
from sovereignty.core.legal import cite
from sovereignty.core.model import Lang
from sovereignty.prompts.checkbox import checkbox
from sovereignty.questionnaire.model import (
    DateField,
    DateQuestion,
    MultipleChoice,
    NumberField,
    NumberQuestion,
    Question,
    RecordsQuestion,
    SingleChoice,
    TextQuestion,
    YesNo,
    YesNoField,
)
from sovereignty.questionnaire.present import YES_NO
from sovereignty.questionnaire.validate import value_problem
from sovereignty.services.assess import QuestionView, Reply, ReviewItem

HELP, UNKNOWN, BACK, SKIP, DONE = "::help", "::unknown", "::back", "::skip", "::done"
EVIDENCE = "::evidence"
NAV = (HELP, UNKNOWN, BACK, SKIP, EVIDENCE)

WORDS: dict[str, dict[Lang, str]] = {
    "help": {"fr": "? Aide sur cette question", "en": "? Help on this question"},
    "unknown": {"fr": "Je ne sais pas", "en": "I don't know"},
    "back": {"fr": "← Question précédente", "en": "← Previous question"},
    "skip": {"fr": "» Passer cette section", "en": "» Skip this section"},
    "tokens": {
        "fr": "(? aide · < précédente · ! je ne sais pas · >> passer la section · + pièce)",
        "en": "(? help · < previous · ! I don't know · >> skip the section · + evidence)",
    },
    "attach": {"fr": "+ Pièce justificative…", "en": "+ Supporting evidence…"},
    "attach_prompt": {
        "fr": "Pièce justificative de cette réponse (document, page ; vide pour la retirer)",
        "en": "Evidence for this answer (document, page; empty to remove it)",
    },
    "attached": {"fr": "Pièce notée : {text}", "en": "Evidence noted: {text}"},
    "progress": {
        "fr": "Section {s}/{S} · {title} — question {n}/{N} — {a}/{A} réponses",
        "en": "Section {s}/{S} · {title} — question {n}/{N} — {a}/{A} answered",
    },
    "select_hint": {
        "fr": "(flèches pour choisir, Entrée pour valider)",
        "en": "(arrow keys to move, Enter to confirm)",
    },
    "checkbox_hint": {
        "fr": "(flèches, Espace pour cocher, Entrée pour valider)",
        "en": "(arrow keys, Space to tick, Enter to confirm)",
    },
    "no_help": {"fr": "Pas d'aide pour cette question.", "en": "No help for this question."},
    "legal": {"fr": "Références", "en": "References"},
    "evidence": {"fr": "Pièces à joindre", "en": "Evidence to attach"},
    "review": {
        "fr": "Relecture : choisissez une réponse à modifier, ou terminez",
        "en": "Review: choose an answer to change, or finish",
    },
    "finish": {"fr": "✓ Terminer", "en": "✓ Finish"},
    "add": {"fr": "+ Ajouter : {noun}", "en": "+ Add: {noun}"},
    "remove": {"fr": "− Retirer : {name}", "en": "− Remove: {name}"},
    "records_done": {"fr": "✓ Liste terminée ({n})", "en": "✓ List complete ({n})"},
    "record": {"fr": "élément", "en": "item"},
    "number": {"fr": "Nombre attendu", "en": "A number is expected"},
    "date": {
        "fr": "Date attendue (JJ/MM/AAAA ou AAAA-MM-JJ)",
        "en": "Date expected (DD/MM/YYYY or YYYY-MM-DD)",
    },
    "empty": {"fr": "Réponse attendue", "en": "An answer is expected"},
    "optional": {"fr": "(facultatif, Entrée pour passer)", "en": "(optional, Enter to skip)"},
    "pick_one": {"fr": "Choisissez au moins une option", "en": "Pick at least one option"},
}

STYLE = Style([("qmark", "fg:#005f87 bold"), ("question", "bold"), ("instruction", "fg:#808080")])


def _w(key: str, lang: Lang, **kwargs: Any) -> str:
    return WORDS[key][lang].format(**kwargs)


class QuestionaryPrompter:
    def __init__(self, echo: Any = print) -> None:
        self.echo = echo
        self._evidence: str | None = None

    def notify(self, message: str) -> None:
        self.echo(message)

    # --- questions ------------------------------------------------------------------------
    def ask(self, view: QuestionView) -> Reply:
        lang = view.lang
        self.echo("")
        self.echo(
            _w(
                "progress",
                lang,
                s=view.section_number,
                S=view.section_count,
                title=view.section.title(lang),
                n=view.number_in_section,
                N=view.section_size,
                a=view.answered,
                A=view.applicable,
            )
        )
        self._evidence = None  # given with the menu entry or "+", for this answer
        while True:
            reply = self._ask_once(view)
            if reply is None:  # help was shown, or evidence given: ask again
                continue
            if self._evidence is not None and reply.kind in ("value", "unknown"):
                reply = replace(reply, evidence=self._evidence)
            return reply

    def _ask_evidence(self, view: QuestionView) -> None:
        lang = view.lang
        current = self._evidence
        if current is None and view.current is not None:
            current = view.current.evidence
        text = questionary.text(
            _w("attach_prompt", lang), default=current or "", style=STYLE
        ).unsafe_ask()
        self._evidence = text.strip()
        if self._evidence:
            self.echo(_w("attached", lang, text=self._evidence))

    def _show_help(self, view: QuestionView) -> None:
        q, lang = view.question, view.lang
        shown = False
        for text in (q.help, q.why):
            if text:
                self.echo(f"  {text(lang)}")
                shown = True
        if q.legal:
            self.echo(f"  {_w('legal', lang)} : " + " ; ".join(cite(r, lang) for r in q.legal))
            shown = True
        if q.evidence:
            self.echo(f"  {_w('evidence', lang)} : " + " ; ".join(e(lang) for e in q.evidence))
            shown = True
        if not shown:
            self.echo(f"  {_w('no_help', lang)}")

    def _ask_once(self, view: QuestionView) -> Reply | None:
        q = view.question
        match q:
            case SingleChoice() | YesNo():
                return self._select(view)
            case MultipleChoice():
                return self._checkbox(view)
            case RecordsQuestion():
                return self._records(view)
            case _:
                return self._text(view)

    def _nav_choices(self, view: QuestionView) -> list[Any]:
        lang = view.lang
        extra: list[Any] = [questionary.Separator(), questionary.Choice(_w("help", lang), HELP)]
        if view.question.allow_unknown:
            extra.append(questionary.Choice(_w("unknown", lang), UNKNOWN))
        if view.can_go_back:
            extra.append(questionary.Choice(_w("back", lang), BACK))
        extra.append(questionary.Choice(_w("skip", lang), SKIP))
        extra.append(questionary.Choice(_w("attach", lang), EVIDENCE))
        return extra

    def _nav(self, token: str, view: QuestionView) -> Reply | None:
        if token == HELP:
            self._show_help(view)
            return None
        if token == EVIDENCE:
            self._ask_evidence(view)
            return None
        if token == UNKNOWN:
            return Reply("unknown")
        if token == BACK:
            return Reply("back")
        return Reply("skip_section")

    def _select(self, view: QuestionView) -> Reply | None:
        q, lang = view.question, view.lang
        if isinstance(q, YesNo):
            options = [(YES_NO[v][lang], v) for v in ("yes", "no")]
        else:
            options = [(c.label(lang), c.value) for c in q.choices]  # type: ignore[union-attr]
        choices = [questionary.Choice(title, value) for title, value in options]
        current = view.current
        default = None
        if current is not None:
            default = UNKNOWN if current.unknown else current.value
        answer = questionary.select(
            instruction=_w("select_hint", lang),
            message=q.label(lang),
            choices=choices + self._nav_choices(view),
            default=default if default in {c.value for c in choices} | {UNKNOWN} else None,
            style=STYLE,
            use_shortcuts=False,
        ).unsafe_ask()
        if answer in NAV:
            return self._nav(answer, view)
        return Reply("value", answer)

    def _checkbox(self, view: QuestionView) -> Reply | None:
        q, lang = view.question, view.lang
        assert isinstance(q, MultipleChoice)
        selected = set(view.current.value) if view.current and not view.current.unknown else set()
        choices = [
            questionary.Choice(c.label(lang), c.value, checked=c.value in selected)
            for c in q.choices
        ]
        nav = [c for c in self._nav_choices(view) if not isinstance(c, questionary.Separator)]

        def validate(values: list[str]) -> bool | str:
            if any(v in NAV for v in values):
                return True
            if not values:
                return _w("pick_one", lang)
            problem = value_problem(q, list(values))  # e.g. « Aucun » ticked with another
            return problem(lang) if problem is not None else True

        values = checkbox(
            q.label(lang),
            [*choices, questionary.Separator(), *nav],
            instruction=_w("checkbox_hint", lang),
            lang=lang,
            actions=NAV,
            validate=validate,
            style=STYLE,
        ).unsafe_ask()
        for token in NAV:
            if token in values:
                return self._nav(token, view)
        return Reply("value", list(values))

    def _text(self, view: QuestionView) -> Reply | None:
        q, lang = view.question, view.lang
        default = ""
        if view.current is not None and not view.current.unknown:
            default = (
                _shown_date(str(view.current.value), lang)
                if isinstance(q, DateQuestion)
                else str(view.current.value)
            )
            if isinstance(q, NumberQuestion):
                default = _plain_number(view.current.value)
        unit = f" ({q.unit(lang)})" if isinstance(q, NumberQuestion) and q.unit else ""
        optional = "" if q.required else " " + _w("optional", lang)
        raw = questionary.text(
            q.label(lang) + unit + optional,
            default=default,
            instruction=_w("tokens", lang),
            validate=lambda text: _validate_text(q, text, lang),
            style=STYLE,
        ).unsafe_ask()
        token = {"?": HELP, "<": BACK, "!": UNKNOWN, ">>": SKIP, "+": EVIDENCE}.get(raw.strip())
        if token:
            return self._nav(token, view)
        if not raw.strip():
            return Reply("skip_question")
        return Reply("value", _parse(q, raw))

    def _records(self, view: QuestionView) -> Reply | None:
        q, lang = view.question, view.lang
        assert isinstance(q, RecordsQuestion)
        records: list[dict[str, Any]] = []
        if view.current is not None and not view.current.unknown:
            records = [dict(r) for r in view.current.value]
        noun = q.item_label(lang) if q.item_label else _w("record", lang)
        while True:
            options: list[Any] = [questionary.Choice(_w("add", lang, noun=noun), "::add")]
            for i, record in enumerate(records):
                name = " · ".join(str(v) for v in list(record.values())[:2])
                options.append(questionary.Choice(_w("remove", lang, name=name), f"::rm{i}"))
            options.append(questionary.Choice(_w("records_done", lang, n=len(records)), DONE))
            picked = questionary.select(
                instruction=_w("select_hint", lang),
                message=q.label(lang),
                choices=options + self._nav_choices(view),
                style=STYLE,
            ).unsafe_ask()
            if picked in NAV:
                return self._nav(picked, view)
            if picked == DONE:
                return Reply("value", records)
            if picked.startswith("::rm"):
                records.pop(int(picked[4:]))
                continue
            records.append(self._record(q, lang))

    def _record(self, q: RecordsQuestion, lang: Lang) -> dict[str, Any]:
        record: dict[str, Any] = {}
        for fld in q.fields:
            label = fld.label(lang)
            if fld.type == "single_choice" or isinstance(fld, YesNoField):
                values = fld.values
                choices = [
                    questionary.Choice(
                        YES_NO[v][lang]
                        if isinstance(fld, YesNoField)
                        else next(c.label(lang) for c in fld.choices if c.value == v),
                        v,
                    )
                    for v in values
                ]
                record[fld.id] = questionary.select(
                    instruction=_w("select_hint", lang), message=label, choices=choices, style=STYLE
                ).unsafe_ask()
            elif fld.type == "multiple_choice":
                choices = [questionary.Choice(c.label(lang), c.value) for c in fld.choices]
                record[fld.id] = list(
                    checkbox(
                        label,
                        choices,
                        instruction=_w("checkbox_hint", lang),
                        lang=lang,
                        style=STYLE,
                    ).unsafe_ask()
                )
            else:
                optional = "" if fld.required else " " + _w("optional", lang)
                raw = questionary.text(
                    label + optional,
                    style=STYLE,
                    validate=lambda t, f=fld: _validate_field(f, t, lang),
                ).unsafe_ask()
                if raw.strip():
                    record[fld.id] = _parse(fld, raw)
        return record

    # --- review ---------------------------------------------------------------------------
    def review(self, items: list[ReviewItem], lang: Lang) -> str | None:
        choices: list[Any] = [questionary.Choice(_w("finish", lang), DONE), questionary.Separator()]
        section = None
        for item in items:
            if item.section.id != section:
                section = item.section.id
                choices.append(questionary.Separator(f"— {item.section.title(lang)}"))
            shown = item.shown if len(item.shown) <= 60 else item.shown[:57] + "..."
            choices.append(
                questionary.Choice(f"{item.question.label(lang)} → {shown}", item.question.id)
            )
        picked = questionary.select(
            instruction=_w("select_hint", lang),
            message=_w("review", lang),
            choices=choices,
            style=STYLE,
        ).unsafe_ask()
        return None if picked == DONE else str(picked)


def _shown_date(iso: str, lang: Lang) -> str:
    """A stored date as the user types it: JJ/MM/AAAA in French, ISO in English."""
    try:
        day = parse_date(iso)
    except DateProblem:
        return iso
    return f"{day:%d/%m/%Y}" if lang == "fr" else day.isoformat()


def _plain_number(value: Any) -> str:
    return f"{value:g}" if isinstance(value, float) else str(value)


def _parse(q: Question | Any, raw: str) -> Any:
    text = raw.strip()
    if isinstance(q, NumberQuestion | NumberField):
        number = float(text.replace(",", ".").replace(" ", "").replace("\u202f", ""))
        return int(number) if q.integer or number.is_integer() else number
    if isinstance(q, DateQuestion | DateField):
        return parse_date(text).isoformat()
    return raw if isinstance(q, TextQuestion) and q.multiline else text


def _validate_text(q: Question, text: str, lang: Lang) -> bool | str:
    if text.strip() in {"?", "<", "!", ">>"}:
        return True
    return _validate_field(q, text, lang)


def _validate_field(q: Any, text: str, lang: Lang) -> bool | str:
    if not text.strip():
        return True if not getattr(q, "required", True) else _w("empty", lang)
    try:
        _parse(q, text)
    except DateProblem as problem:
        return problem.message(lang)
    except ValueError:
        return _w("date", lang) if isinstance(q, DateQuestion | DateField) else _w("number", lang)
    return True
