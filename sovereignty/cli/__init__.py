"""The command line: a lazy click group, so ``sovereignty --help`` imports no heavy library.

Each command lives in its own module and is imported only when it runs. Errors are turned into a
message and an exit code in exactly one place, :func:`main`.
"""

from __future__ import annotations

import importlib
import os
import sys
from typing import Any

import click

from sovereignty import __version__

# name -> (module, attribute, short help fr, short help en). Importing a command module is
# deferred until the command runs, or its full help is asked for.
COMMANDS: dict[str, tuple[str, str, str, str]] = {
    "init": (
        "sovereignty.cli.tender",
        "init",
        "Créer un dossier de consultation",
        "Create a tender folder",
    ),
    "status": (
        "sovereignty.cli.tender",
        "status",
        "Consultation, offres et complétude des réponses",
        "Tender, vendors and how complete their answers are",
    ),
    "vendor": (
        "sovereignty.cli.tender",
        "vendor",
        "Ajouter ou lister les offres (éditeurs)",
        "Add or list vendors",
    ),
    "journal": (
        "sovereignty.cli.tender",
        "journal_cmd",
        "Afficher et vérifier le journal",
        "Show and verify the journal",
    ),
    "assess": (
        "sovereignty.cli.assess",
        "assess",
        "Remplir le questionnaire d'une offre (interactif, reprise possible)",
        "Answer the questionnaire for a vendor (interactive, resumable)",
    ),
    "check": (
        "sovereignty.cli.questions",
        "check",
        "Valider une feuille de réponses et mesurer sa complétude",
        "Validate an answer sheet and report completeness",
    ),
    "questions": (
        "sovereignty.cli.questions",
        "questions",
        "Lister la banque de questions",
        "List the question bank",
    ),
    "schema": (
        "sovereignty.cli.questions",
        "schema",
        "Schéma JSON de la feuille de réponses",
        "JSON Schema of the answer sheet",
    ),
    "form": (
        "sovereignty.cli.form",
        "form",
        "Formulaire de réponse xlsx des éditeurs : exporter, importer",
        "Vendor response form (xlsx): export, import",
    ),
    "score": (
        "sovereignty.cli.score",
        "score",
        "Noter une offre : critères, axes, total, risque, justifications",
        "Score one offer: criteria, axes, total, risk, explanations",
    ),
    "compare": (
        "sovereignty.cli.score",
        "compare",
        "Classer les offres après les conditions éliminatoires ; sensibilité",
        "Rank the offers after the gates; sensitivity to the weights",
    ),
    "profile": (
        "sovereignty.cli.score",
        "profile",
        "Grille de notation : afficher, vérifier, geler",
        "Scoring grid: show, check, freeze",
    ),
    "evaluate": (
        "sovereignty.cli.score",
        "evaluate",
        "Saisir ses notes d'évaluateur pour une offre",
        "Enter your marks as an evaluator for an offer",
    ),
    "annex": (
        "sovereignty.cli.documents",
        "annex",
        "Annexe contractuelle Word d'une offre, avec traçabilité",
        "Word contract annex for an offer, with traceability",
    ),
    "report": (
        "sovereignty.cli.documents",
        "report",
        "Rapport de risques d'une offre, ou comparaison des offres (--compare)",
        "Risk report for an offer, or the offer comparison (--compare)",
    ),
    "classify": (
        "sovereignty.cli.classify",
        "classify",
        "Classer une offre (règlement IA) : régimes, rôle, obligations, constats",
        "Classify an offer (AI Act): regimes, role, obligations, findings",
    ),
    "flows": (
        "sovereignty.cli.flows",
        "flows",
        "Flux de données d'une offre : pays, droit, clés, sous-traitants, sortie",
        "Data flows of an offer: countries, law, keys, sub-processors, exit",
    ),
    "demo": (
        "sovereignty.cli.demo",
        "demo",
        "Construire la consultation d'exemple et exécuter toutes les étapes",
        "Build the example tender and run every step",
    ),
}


def ui_lang() -> str:
    """Language of help texts: SOVEREIGNTY_LANG, else the locale, else French."""
    lang = os.environ.get("SOVEREIGNTY_LANG") or os.environ.get("LANG", "")
    return "en" if lang.lower().startswith("en") else "fr"


class LazyGroup(click.Group):
    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(COMMANDS)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        spec = COMMANDS.get(cmd_name)
        if spec is None:
            return None
        module = importlib.import_module(spec[0])
        command: click.Command = getattr(module, spec[1])
        return command

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        index = 2 if ui_lang() == "fr" else 3
        rows = [(name, COMMANDS[name][index]) for name in self.list_commands(ctx)]
        with formatter.section("Commandes" if index == 2 else "Commands"):
            formatter.write_dl(rows)

    def shell_complete(self, ctx: click.Context, incomplete: str) -> list[Any]:
        from click.shell_completion import CompletionItem

        return [CompletionItem(name) for name in COMMANDS if name.startswith(incomplete)]

    def resolve_command(self, ctx: click.Context, args: list[str]) -> Any:
        name = args[0] if args else ""
        if name and name not in COMMANDS and not name.startswith("-"):
            from difflib import get_close_matches

            hint = get_close_matches(name, list(COMMANDS), n=1)
            did = f" Did you mean '{hint[0]}'?" if hint else ""
            raise click.UsageError(f"No such command '{name}'.{did}", ctx)
        return super().resolve_command(ctx, args)


HELP = {
    "fr": "Acheter des systèmes d'IA hospitaliers sans perdre la capacité de décider, d'auditer, "
    "de renégocier et de sortir.",
    "en": "Buy hospital AI systems without losing the capacity to decide, audit, renegotiate "
    "and exit.",
}


@click.group(
    cls=LazyGroup, help=HELP[ui_lang()], context_settings={"help_option_names": ["-h", "--help"]}
)
@click.version_option(__version__, prog_name="sovereignty")
def cli() -> None:
    pass


def main(argv: list[str] | None = None) -> None:
    """Entry point: run the CLI, turning our errors into messages and exit codes."""
    from sovereignty.core.errors import SovereigntyError

    try:
        cli.main(args=argv, prog_name="sovereignty", standalone_mode=False)
    except click.exceptions.Exit as exc:
        sys.exit(exc.exit_code)
    except click.ClickException as exc:
        exc.show()
        sys.exit(exc.exit_code)
    except click.exceptions.Abort as exc:  # click wraps Ctrl-C and end of input in Abort
        if isinstance(exc.__cause__, EOFError):
            _end_of_input()
        _interrupted()
    except SovereigntyError as exc:
        click.echo(f"Erreur / Error: {exc.render()}", err=True)
        sys.exit(exc.exit_code)
    except KeyboardInterrupt:
        _interrupted()
    except EOFError:
        _end_of_input()
    except OSError as exc:  # the file system refused: a folder that is a file, a full disk...
        where = f"{exc.filename}: " if exc.filename else ""
        click.echo(f"Erreur / Error: {where}{exc.strerror or exc}", err=True)
        sys.exit(1)


def _interrupted() -> None:
    click.echo(
        "\nInterrompu : les réponses confirmées sont enregistrées ; relancez la même commande "
        "pour reprendre.\nInterrupted: confirmed answers are saved; run the same command again "
        "to resume.",
        err=True,
    )
    sys.exit(130)


def _end_of_input() -> None:
    from sovereignty.core.errors import NonInteractiveError

    error = NonInteractiveError(
        "no terminal to ask questions on (end of input). Answer through a file instead: "
        "`sovereignty form import` or an answer sheet checked with "
        "`sovereignty check --answers FILE`"
    )
    click.echo(f"Erreur / Error: {error.render()}", err=True)
    sys.exit(error.exit_code)
