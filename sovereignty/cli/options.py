"""Options shared by commands, and small output helpers."""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import click

from sovereignty.core.errors import UsageError

if TYPE_CHECKING:
    from sovereignty.core.model import Lang

F = TypeVar("F", bound=Callable[..., Any])


def interface_lang() -> Lang:
    """The language of the interface (see ``sovereignty.cli.ui_lang``)."""
    from sovereignty.cli import ui_lang

    return "en" if ui_lang() == "en" else "fr"


def bilingual(fr: str, en: str) -> str:
    """A help text or prompt in both languages, French first, for click: the one shown is
    chosen when the command runs (``sovereignty.cli.language.localise_help``), not when its
    module is imported."""
    return f"{fr}\f{en}"


def no_such_section(section: str, bank: Any) -> UsageError:
    """The error for a ``--section`` that the bank does not have, listing the ones it has."""
    from sovereignty.core.model import Text

    known = ", ".join(s.id for s in bank.sections())
    return UsageError(
        Text(
            fr=f"--section {section!r} : pas de section de cet id (sections : {known})",
            en=f"--section {section!r}: no such section (sections: {known})",
        )
    )


def folder_option(flag: str, dest: str, envvar: str, fr: str, en: str) -> Callable[[F], F]:
    """An optional folder, also read from ``envvar``; None when neither is given."""
    return click.option(
        flag,
        dest,
        type=click.Path(file_okay=False, path_type=Path),
        envvar=envvar,
        default=None,
        help=bilingual(fr, en),
    )


def dir_option(f: F) -> F:
    return folder_option(
        "--dir",
        "tender_dir",
        "SOVEREIGNTY_DIR",
        "Dossier de consultation (défaut : le dossier courant).",
        "Tender folder (default: the current folder).",
    )(f)


def lang_option(f: F) -> F:
    return click.option(
        "--lang",
        type=click.Choice(["fr", "en"]),
        default=None,
        help=bilingual(
            "Langue des messages et documents (défaut : celle de la consultation, sinon celle "
            "de l'interface).",
            "Language of messages and documents (default: the tender's, else the interface's).",
        ),
    )(f)


def path_option(*names: str, help: str, dir_okay: bool = False) -> Callable[[F], F]:
    """An optional option naming a file (a folder too with ``dir_okay``); None when not given."""
    return click.option(
        *names, type=click.Path(dir_okay=dir_okay, path_type=Path), default=None, help=help
    )


def actor_option(help: str | None = None) -> Callable[[F], F]:
    """``--as NAME``: who acts, for the journal (default: $SOVEREIGNTY_USER, else the login)."""
    text = help or bilingual("Qui agit (nom) ; inscrit au journal.", "Who acts (name); journaled.")
    return click.option("--as", "actor", default=None, envvar="SOVEREIGNTY_USER", help=text)


class DateType(click.ParamType[dt.datetime]):
    """A date typed as ``JJ/MM/AAAA`` or ``AAAA-MM-JJ`` (see :mod:`sovereignty.core.dates`);
    the value is a ``datetime`` at midnight, as ``click.DateTime`` gave."""

    name = "date"

    def get_metavar(self, param: click.Parameter, ctx: click.Context) -> str | None:
        return "JJ/MM/AAAA" if interface_lang() == "fr" else "DD/MM/YYYY"

    def convert(
        self, value: Any, param: click.Parameter | None, ctx: click.Context | None
    ) -> dt.datetime:
        if isinstance(value, dt.datetime):
            return value
        if isinstance(value, dt.date):
            return dt.datetime.combine(value, dt.time())
        from sovereignty.core.dates import DateProblem, parse_date

        try:
            return dt.datetime.combine(parse_date(str(value)), dt.time())
        except DateProblem as problem:
            self.fail(problem.message(interface_lang()), param, ctx)


DATE = DateType()


def as_of_option(f: F) -> F:
    """``--as-of DATE``: the date at which the law is read (default: today)."""
    return click.option(
        "--as-of",
        "as_of",
        type=DATE,
        default=None,
        help=bilingual(
            "Date d'appréciation (JJ/MM/AAAA ou AAAA-MM-JJ, défaut : aujourd'hui) : obligations "
            "et constats en vigueur à cette date.",
            "Date the law is read at (DD/MM/YYYY or YYYY-MM-DD, default: today): obligations "
            "and findings in force at that date.",
        ),
    )(f)


def pdf_option(f: F) -> F:
    """``--pdf``: a PDF beside each Word document written, where LibreOffice is installed."""
    return click.option(
        "--pdf",
        is_flag=True,
        help=bilingual(
            "Écrire aussi un PDF (LibreOffice requis).", "Also write a PDF (needs LibreOffice)."
        ),
    )(f)


def docx_output_option(
    fr: str = "documents/ dans le dossier de consultation",
    en: str = "documents/ in the tender folder",
) -> Callable[[F], F]:
    """``-o/--output FILE.docx``; ``fr`` and ``en`` say where it goes without it."""
    return path_option(
        "-o",
        "--output",
        help=bilingual(
            f"Fichier .docx à écrire (défaut : {fr}).", f".docx file to write (default: {en})."
        ),
    )


def json_option(f: F) -> F:
    return click.option(
        "--json",
        "as_json",
        is_flag=True,
        help=bilingual("Sortie JSON.", "JSON output."),
    )(f)


def echo_json(data: Any) -> None:
    text = json.dumps(data, ensure_ascii=False, indent=2, default=str)
    # JSON escapes C0 controls itself; C1 controls and direction overrides it leaves raw
    click.echo(_CONTROL.sub(lambda m: f"\\u{ord(m.group()):04x}", text))


# Control characters a terminal acts on (clear the screen, move the cursor, rewrite a line):
# C0 but tab and line feed, DEL, C1 (U+009B is a one-character CSI) and direction overrides.
_CONTROL = re.compile(
    r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069\ufffe\uffff]"
)
# The styles click.style writes for us (bold, dim, colours, reset) are let through.
_STYLE = re.compile(r"\x1b\[(?:(?:[0-9]|[1-9][0-9])(?:;(?:[0-9]|[1-9][0-9]))*)?m")
_ALLOWED_STYLE_CODES = {
    "",
    "0",
    "1",
    "2",
    "22",
    "39",
    *map(str, range(30, 38)),
    *map(str, range(90, 98)),
}


def terminal_safe(text: str) -> str:
    """``text`` with every control character shown as an escape (``\\x1b``) instead of acted on
    by the terminal, but for the colour and bold styles of our own output."""

    def shown(match: re.Match[str]) -> str:
        found = match.group()
        if found.startswith("\x1b[") and all(
            code in _ALLOWED_STYLE_CODES for code in found[2:-1].split(";")
        ):
            return found
        return _CONTROL.sub(_escaped, found)

    return _STYLED_OR_CONTROL.sub(shown, text)


def _escaped(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


_STYLED_OR_CONTROL = re.compile(f"{_STYLE.pattern}|{_CONTROL.pattern}")


def echo(message: Any = None, **kwargs: Any) -> None:
    """``click.echo`` for our output: text from files and vendors is shown, never obeyed."""
    if isinstance(message, str):
        message = terminal_safe(message)
    click.echo(message, **kwargs)


def show_written(written: Any, fr: bool, templates_dir: Path | None = None) -> None:
    """Each Word document written, with its time and its PDF; a document a templates folder
    did not override is named (a folder may override only some)."""
    wrote = "Écrit : " if fr else "Written: "
    for item in written:
        echo(f"{wrote}{item.path} ({item.seconds * 1000:.0f} ms)")
        if item.shipped_template:
            echo(
                f"  modèle livré utilisé pour {item.kind}.docx (absent de {templates_dir})"
                if fr
                else f"  shipped template used for {item.kind}.docx (not in {templates_dir})"
            )
        if item.pdf:
            pages = f" ({item.pages} pages)" if item.pages else ""
            echo(f"{wrote}{item.pdf}{pages}")


def warn_no_pdf(fr: bool) -> None:
    """``--pdf`` was asked where LibreOffice is not installed."""
    echo(
        "PDF non écrit : LibreOffice (soffice) n'est pas installé."
        if fr
        else "PDF not written: LibreOffice (soffice) is not installed.",
        err=True,
    )
