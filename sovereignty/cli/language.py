"""One language for every word the command line shows, click's own words included.

The language is read before click parses anything (an error may be about the options
themselves): ``--lang``, else SOVEREIGNTY_LANG, else the tender's ``language:`` (read with a
regular expression: no YAML parser at start-up), else the locale, else French.

click wraps its messages in the standard ``gettext`` ("Invalid value for", "Missing argument",
"Usage:", "Commands"...). Its French catalogue ships in ``locale/fr/LC_MESSAGES/sovereignty.mo``
(compiled from the ``.po`` beside it by :mod:`sovereignty.cli.msgfmt`); :func:`bind` makes it the
process's domain and selects it with ``LANGUAGE``, which gettext reads at every lookup.
"""

from __future__ import annotations

import gettext
import os
import re
from pathlib import Path
from typing import Any, Literal

import click

DOMAIN = "sovereignty"
LOCALE_DIR = Path(__file__).parent / "locale"
_TENDER_LANGUAGE = re.compile(r"^language:\s*['\"]?(fr|en)\b", re.MULTILINE)


def _option(args: list[str], name: str) -> str | None:
    for i, arg in enumerate(args):
        if arg == "--":
            break
        if arg == name and i + 1 < len(args):
            return args[i + 1]
        if arg.startswith(name + "="):
            return arg.removeprefix(name + "=")
    return None


def tender_language(explicit: str | None) -> Literal["fr", "en"] | None:
    """The ``language:`` of the tender a command would act on, if there is one."""
    folder = explicit or os.environ.get("SOVEREIGNTY_DIR")
    if folder:
        candidates = [Path(folder)]
    else:
        try:
            here = Path.cwd()
        except OSError:
            return None
        candidates = [here, *here.parents]
    for candidate in candidates:
        path = candidate / "tender.yaml"
        try:
            head = path.read_text(encoding="utf-8", errors="replace")[:20_000]
        except OSError:
            continue
        match = _TENDER_LANGUAGE.search(head)
        return "en" if match and match.group(1) == "en" else "fr"
    return None


def session_lang(args: list[str]) -> Literal["fr", "en"]:
    """The language of a command line (see the module's docstring)."""
    explicit = _option(args, "--lang")
    if explicit in ("fr", "en"):
        return "en" if explicit == "en" else "fr"
    chosen = os.environ.get("SOVEREIGNTY_LANG")
    if chosen:
        return "en" if chosen.lower().startswith("en") else "fr"
    tender = tender_language(_option(args, "--dir"))
    if tender is not None:
        return tender
    names = ("LC_ALL", "LC_MESSAGES", "LANG")
    locale = next((os.environ[n] for n in names if os.environ.get(n)), "")
    return "en" if locale.lower().startswith("en") else "fr"


def bind(lang: str) -> None:
    """click's messages in ``lang`` from now on."""
    gettext.bindtextdomain(DOMAIN, str(LOCALE_DIR))
    gettext.textdomain(DOMAIN)
    os.environ["LANGUAGE"] = "fr" if lang == "fr" else "en"


def colon(lang: str) -> str:
    """French puts a space before a colon."""
    return " :" if lang == "fr" else ":"


_FRENCH_SPACES = re.compile(r" ([;:!?»])|(«) ")


def keep_together(text: str) -> str:
    """French text whose ``;``, ``:``, ``?``, ``!`` and guillemets stay on the line of the word
    they belong to when the help is wrapped (a no-break space, which textwrap does not split)."""
    return _FRENCH_SPACES.sub(lambda m: f"\u00a0{m[1]}" if m[1] else f"{m[2]}\u00a0", text)


_DATE_FORMAT = re.compile(r"\b(AAAA|YYYY)-(MM)-(JJ|DD)\b")


def _unbroken(text: str) -> str:
    """A date format is not split at its hyphens when lines are wrapped."""
    return _DATE_FORMAT.sub("\\1\u2011\\2\u2011\\3", text)


class LocalisedFormatter(click.HelpFormatter):
    """Section headings followed by a colon as the language writes it ("Options :"), and French
    punctuation kept with its word when lines are wrapped."""

    def write_heading(self, heading: str) -> None:
        self.write(f"{'':>{self.current_indent}}{heading}{colon(_current())}\n")

    def write_text(self, text: str) -> None:
        super().write_text(_unbroken(keep_together(text) if _current() == "fr" else text))

    def write_dl(self, rows: Any, col_max: int = 30, col_spacing: int = 2) -> None:
        french = _current() == "fr"
        rows = [(term, _unbroken(keep_together(d) if french else d)) for term, d in rows]
        super().write_dl(rows, col_max, col_spacing)


class LocalisedContext(click.Context):
    formatter_class = LocalisedFormatter


def _current() -> str:
    return "fr" if os.environ.get("LANGUAGE", "fr").startswith("fr") else "en"


# French names for click's placeholders (its type names, our argument names).
METAVARS_FR = {
    "TEXT": "TEXTE",
    "INTEGER": "ENTIER",
    "FLOAT": "NOMBRE",
    "PATH": "CHEMIN",
    "FILE": "FICHIER",
    "FILENAME": "FICHIER",
    "DIRECTORY": "DOSSIER",
    "DATE": "DATE",
    "BOOLEAN": "BOOLÉEN",
    "VENDOR_ID": "ID_OFFRE",
    "VENDOR": "OFFRE",
    "NAME": "NOM",
    "ID=NAME": "ID=NOM",
    "CRITERION": "CRITÈRE",
    "ENTRY": "ENTRÉE",
    "DUTY": "DEVOIR",
    "DIR": "DOSSIER",
    "FILE.PNG": "FICHIER.PNG",
    "CRITERION=PERCENT": "CRITÈRE=POURCENT",
}
SUBCOMMAND_METAVAR = {"fr": "COMMANDE [ARGUMENTS]...", "en": "COMMAND [ARGS]..."}


def _placeholder(param: click.Parameter) -> str | None:
    """The placeholder click would print for ``param`` in English, or None for a flag."""
    if isinstance(param, click.Option) and (param.is_flag or param.count):
        return None
    if param.metavar:
        return param.metavar
    if isinstance(param, click.Argument):
        return (param.name or "").upper()
    own = type(param.type).__module__.startswith("sovereignty")
    if own or isinstance(param.type, click.Choice):
        return None  # values, or a type that names its own placeholder
    return param.type.name.upper()


# The help of a command is written French first, then English after a form feed (``\f``, where
# click stops reading a help text, so a command not localised still shows only its French).
_SOURCES: dict[int, str] = {}


def localise_help(command: click.Command, lang: str) -> None:
    """Keep the part of ``command``'s help in ``lang``."""
    source = _SOURCES.setdefault(id(command), command.help or "")
    french, form_feed, english = source.partition("\f")
    if form_feed:
        command.help = english.strip() if lang == "en" else french.strip()
    command.context_class = LocalisedContext
    if isinstance(command, click.Group):
        command.subcommand_metavar = SUBCOMMAND_METAVAR["en" if lang == "en" else "fr"]
    for param in command.params:
        _localise_texts(param, lang)
        key = id(param)
        if key not in _PLACEHOLDERS:
            _PLACEHOLDERS[key] = (param.metavar, _placeholder(param))
        original, english_name = _PLACEHOLDERS[key]
        if lang == "en" or english_name is None:
            param.metavar = original
        else:
            param.metavar = METAVARS_FR.get(english_name, english_name)


_PLACEHOLDERS: dict[int, tuple[str | None, str | None]] = {}


def _pick(text: str, lang: str) -> str:
    french, form_feed, english = text.partition("\f")
    return (english if lang == "en" else french).strip() if form_feed else text


def _localise_texts(param: click.Parameter, lang: str) -> None:
    """An option's help and prompt, given in both languages, in ``lang``."""
    if not isinstance(param, click.Option):
        return
    key = id(param)
    if key not in _TEXTS:
        _TEXTS[key] = (param.help, param.prompt)
    help_text, prompt = _TEXTS[key]
    param.help = _pick(help_text, lang) if help_text else help_text
    param.prompt = _pick(prompt, lang) if prompt else prompt


_TEXTS: dict[int, tuple[str | None, str | None]] = {}
