"""A multiple-choice prompt built on questionary's pieces, for two things its ``checkbox`` cannot
do: Enter on a menu action (« ? Aide », « Passer cette section », « Question précédente »...)
acts at once, as in a single-choice prompt, and the answer echoed once confirmed is in the
user's language (questionary writes "done (2 selections)", a fixed English string).
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Sequence
from typing import Any

from prompt_toolkit.application import Application
from prompt_toolkit.formatted_text import FormattedText
from prompt_toolkit.key_binding import KeyBindings
from prompt_toolkit.keys import Keys
from prompt_toolkit.styles import Style
from questionary.prompts.common import Choice, InquirerControl, Separator, create_inquirer_layout
from questionary.question import Question
from questionary.styles import merge_styles_default

from sovereignty.core.model import Lang

TICKED = {"fr": "{n} cochées : {titles}", "en": "{n} ticked: {titles}"}


def ticked(titles: Sequence[str], lang: Lang, width: int = 70) -> str:
    """The echo of a confirmed answer: the one title, or how many and which, shortened."""
    if len(titles) == 1:
        return titles[0]
    text = TICKED[lang].format(n=len(titles), titles=", ".join(titles))
    return text if len(text) <= width else text[: width - 1] + "…"


def checkbox(
    message: str,
    choices: Sequence[Choice | Separator],
    instruction: str,
    lang: Lang,
    actions: Collection[str] = (),
    validate: Callable[[list[Any]], bool | str] = lambda values: True,
    style: Style | None = None,
) -> Question:
    """Tick with Space, confirm with Enter; Enter on a choice whose value is in ``actions``
    returns ``[that value]`` whatever is ticked (as does ticking it, then Enter)."""
    ic = InquirerControl(list(choices), None, pointer="»")

    def prompt_tokens() -> list[tuple[str, str]]:
        tokens = [("class:qmark", "?"), ("class:question", f" {message} ")]
        if ic.is_answered:
            titles = [str(c.title) for c in ic.get_selected_values() if c.value not in actions]
            tokens.append(("class:answer", ticked(titles, lang)))
        else:
            tokens.append(("class:instruction", instruction))
        return tokens

    layout = create_inquirer_layout(ic, prompt_tokens)
    bindings = KeyBindings()

    @bindings.add(Keys.ControlQ, eager=True)
    @bindings.add(Keys.ControlC, eager=True)
    def _interrupt(event: Any) -> None:
        event.app.exit(exception=KeyboardInterrupt, style="class:aborting")

    @bindings.add(" ", eager=True)
    def _toggle(event: Any) -> None:
        value = ic.get_pointed_at().value
        if value in ic.selected_options:
            ic.selected_options.remove(value)
        else:
            ic.selected_options.append(value)
        ic.error_message = None

    def _down(event: Any) -> None:
        ic.select_next()
        while not ic.is_selection_valid():
            ic.select_next()

    def _up(event: Any) -> None:
        ic.select_previous()
        while not ic.is_selection_valid():
            ic.select_previous()

    for key in (Keys.Down, "j", Keys.ControlN):
        bindings.add(key, eager=True)(_down)
    for key in (Keys.Up, "k", Keys.ControlP):
        bindings.add(key, eager=True)(_up)

    @bindings.add(Keys.ControlM, eager=True)
    def _confirm(event: Any) -> None:
        pointed = ic.get_pointed_at().value
        chosen = [c.value for c in ic.get_selected_values()]
        action = pointed if pointed in actions else next((v for v in chosen if v in actions), None)
        if action is not None:
            ic.selected_options = [action]
            ic.is_answered = True
            event.app.exit(result=[action])
            return
        verdict = validate(chosen)
        if verdict is True:
            ic.is_answered = True
            event.app.exit(result=chosen)
        else:
            message = FormattedText([("class:validation-toolbar", str(verdict))])
            ic.error_message = message  # type: ignore[assignment]

    @bindings.add(Keys.Any)
    def _other(event: Any) -> None:
        """Typing does nothing here."""

    merged = merge_styles_default([Style([("bottom-toolbar", "noreverse")]), style])
    return Question(Application(layout=layout, key_bindings=bindings, style=merged))
