"""Options shared by commands, and small output helpers."""

from __future__ import annotations

import datetime as dt
import json
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


def dir_option(f: F) -> F:
    return click.option(
        "--dir",
        "tender_dir",
        type=click.Path(file_okay=False, path_type=Path),
        envvar="SOVEREIGNTY_DIR",
        default=None,
        help=bilingual(
            "Dossier de consultation (défaut : le dossier courant).",
            "Tender folder (default: the current folder).",
        ),
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


def json_option(f: F) -> F:
    return click.option(
        "--json",
        "as_json",
        is_flag=True,
        help=bilingual("Sortie JSON.", "JSON output."),
    )(f)


def echo_json(data: Any) -> None:
    click.echo(json.dumps(data, ensure_ascii=False, indent=2, default=str))
