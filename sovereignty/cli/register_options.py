"""What the `register` commands share: options, dates, the printing of due items."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypeVar

import click

from sovereignty.cli.options import DATE, bilingual, folder_option

if TYPE_CHECKING:
    from sovereignty.core.model import Lang
    from sovereignty.register.deadlines import DueItem
    from sovereignty.register.folder import Register

F = TypeVar("F", bound=Callable[..., Any])
__all__ = [
    "DATE",
    "F",
    "as_of_option",
    "contract_options",
    "register_option",
]  # DATE: JJ/MM/AAAA or ISO


def register_option(f: F) -> F:
    return folder_option(
        "--register",
        "register_dir",
        "SOVEREIGNTY_REGISTER",
        "Dossier du registre (défaut : le dossier courant ou le plus proche au-dessus).",
        "Register folder (default: the current folder or the nearest one above).",
    )(f)


def contract_options(renewals: int | None) -> Callable[[F], F]:
    """The contract's dates and terms, as ``register add`` takes them and ``register contract``
    changes them; ``renewals``: the count of renewals when not given (None: unchanged)."""
    new = renewals is not None  # an entry made: what is not given takes a default
    options = [
        click.option(
            "--reference",
            default=None,
            help=bilingual("Référence du contrat.", "Contract reference."),
        ),
        click.option(
            "--signed",
            type=DATE,
            default=None,
            help=bilingual("Date de signature.", "Signature date."),
        ),
        click.option(
            "--start",
            type=DATE,
            default=None,
            help=bilingual("Début d'exécution.", "Start of performance."),
        ),
        click.option(
            "--months",
            type=click.IntRange(1, 600),
            default=None,
            help=bilingual("Durée initiale (mois).", "Initial duration (months)."),
        ),
        click.option(
            "--renewals",
            type=click.IntRange(0, 20),
            default=renewals,
            help=bilingual("Reconductions possibles.", "Renewals allowed."),
        ),
        click.option(
            "--renewal-months",
            type=click.IntRange(1, 600),
            default=None,
            help=bilingual(
                "Durée d'une reconduction (mois"
                + (" ; défaut : la durée initiale)." if new else ")."),
                "Length of a renewal (months"
                + ("; default: the initial duration)." if new else ")."),
            ),
        ),
        click.option(
            "--notice-months",
            type=click.IntRange(0, 60),
            default=None,
            help=bilingual(
                "Préavis pour ne pas reconduire (mois).", "Notice to stop a renewal (months)."
            ),
        ),
        click.option(
            "--go-live", type=DATE, default=None, help=bilingual("Mise en service.", "Go-live.")
        ),
    ]

    def decorate(f: F) -> F:
        for option in reversed(options):  # listed in the order --help shows them
            f = option(f)
        return f

    return decorate


def as_of_option(f: F) -> F:
    return click.option(
        "--as-of",
        "as_of",
        type=DATE,
        default=None,
        help=bilingual(
            "Date à laquelle lire les échéances (AAAA-MM-JJ, défaut : aujourd'hui).",
            "Date at which to read the due dates (YYYY-MM-DD, default: today).",
        ),
    )(f)


def day_of(value: dt.datetime | None) -> dt.date | None:
    return value.date() if value else None


def lang_of(register: Register, lang: Lang | None) -> Lang:
    return lang or register.settings.language


_SYMBOL = {
    "overdue": "!!",
    "expired": "!!",
    "open": "! ",
    "due": "! ",
    "expiring": "! ",
    "missing": "? ",
}


def print_items(items: list[DueItem], lang: Lang, alerts_only: bool) -> None:
    from sovereignty.documents.frame import format_date
    from sovereignty.register.deadlines import STATUS_WORDS

    shown = [i for i in items if i.notable or not alerts_only]
    for item in shown:
        when = format_date(item.date, lang) if item.date else "—"
        mark = _SYMBOL.get(item.status, "  ")
        # what `register done` takes, for what needs action and can be closed
        closable = item.alert and item.kind in (
            "duty",
            "contract",
            "incident",
            "performance",
            "flag",
        )
        tag = f"  [{item.id}]" if closable and item.id != "contract-dates" else ""
        click.echo(
            f"  {mark} {when:<18} {STATUS_WORDS[item.status](lang):<20} {item.title(lang)}{tag}"
        )
        if item.detail and item.alert:
            click.echo(f"       {item.detail(lang)}")
