"""The command line: a lazy click group, so ``sovereignty --help`` imports no heavy library.

Each command lives in its own module and is imported only when it runs. Errors are turned into a
message and an exit code in exactly one place, :func:`main`.
"""

from __future__ import annotations

import importlib
import os
import sys
from typing import TYPE_CHECKING, Any

import click

from sovereignty import __version__

if TYPE_CHECKING:  # core.model imports pydantic, which `sovereignty --help` must not load
    from sovereignty.core.model import Lang

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
    "dce": (
        "sovereignty.cli.documents",
        "dce",
        "Dossier de consultation : annexe au CCAP, critères, exigences minimales",
        "Consultation file: CCAP annex, award criteria, minimum requirements",
    ),
    "annex": (
        "sovereignty.cli.documents",
        "annex",
        "Mise au point de l'annexe publiée pour une offre (blancs complétés)",
        "Mise au point of the published annex for an offer (blanks filled in)",
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
    """Language of the interface (help, messages, errors): SOVEREIGNTY_LANG, else the locale
    (LC_ALL, LC_MESSAGES, LANG, in POSIX order), else French."""
    names = ("SOVEREIGNTY_LANG", "LC_ALL", "LC_MESSAGES", "LANG")
    lang = next((os.environ[n] for n in names if os.environ.get(n)), "")
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
        localise_help_option(command, ctx)
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
        # (shell completion parses resiliently: it must not fail on a word being typed)
        if name and name not in COMMANDS and not name.startswith("-") and not ctx.resilient_parsing:
            from difflib import get_close_matches

            from sovereignty.core.errors import UsageError
            from sovereignty.core.model import Text

            hint = get_close_matches(name, list(COMMANDS), n=1)
            raise UsageError(
                Text(
                    fr=f"pas de commande '{name}'."
                    + (f" Vouliez-vous dire '{hint[0]}' ?" if hint else "")
                    + " Liste : sovereignty --help",
                    en=f"no such command '{name}'."
                    + (f" Did you mean '{hint[0]}'?" if hint else "")
                    + " List: sovereignty --help",
                )
            )
        return super().resolve_command(ctx, args)


HELP_OPTION = {"fr": "Afficher cette aide et quitter.", "en": "Show this message and exit."}


def localise_help_option(command: click.Command, ctx: click.Context) -> None:
    """click writes its --help line in English: give it the interface's language, for the
    command and, for a group, each of its subcommands."""
    option = command.get_help_option(ctx)
    if option is not None:
        option.help = HELP_OPTION[ui_lang()]
    if isinstance(command, click.Group):
        for sub in command.commands.values():
            localise_help_option(sub, ctx)


HELP = {
    "fr": "Acheter des systèmes d'IA hospitaliers sans perdre la capacité de décider, d'auditer, "
    "de renégocier et de sortir.",
    "en": "Buy hospital AI systems without losing the capacity to decide, audit, renegotiate "
    "and exit.",
}


@click.group(
    cls=LazyGroup, help=HELP[ui_lang()], context_settings={"help_option_names": ["-h", "--help"]}
)
@click.version_option(
    __version__,
    prog_name="sovereignty",
    help="Afficher la version et quitter." if ui_lang() == "fr" else "Show the version and exit.",
)
def cli() -> None:
    pass


localise_help_option(cli, click.Context(cli, **cli.context_settings))


def error_lang(argv: list[str] | None = None) -> Lang:
    """The language of error messages: ``--lang`` on the command line, else :func:`ui_lang`.

    Read from the arguments alone, since an error may stop the command before its options are
    parsed (or be about the options themselves).
    """
    args = sys.argv[1:] if argv is None else argv
    for i, arg in enumerate(args):
        if arg == "--":
            break
        if arg == "--lang" and i + 1 < len(args):
            value = args[i + 1]
        elif arg.startswith("--lang="):
            value = arg.removeprefix("--lang=")
        else:
            continue
        if value in ("fr", "en"):
            return "en" if value == "en" else "fr"
    return "en" if ui_lang() == "en" else "fr"


def main(argv: list[str] | None = None) -> None:
    """Entry point: run the CLI, turning our errors into messages and exit codes."""
    from sovereignty.core.errors import SovereigntyError

    lang = error_lang(argv)
    try:
        cli.main(args=argv, prog_name="sovereignty", standalone_mode=False)
    except click.exceptions.Exit as exc:
        sys.exit(exc.exit_code)
    except click.ClickException as exc:
        _click_error(exc, lang)
        sys.exit(exc.exit_code)
    except click.exceptions.Abort as exc:  # click wraps Ctrl-C and end of input in Abort
        if isinstance(exc.__cause__, EOFError):
            _end_of_input(lang)
        _interrupted(lang)
    except SovereigntyError as exc:
        _error(exc.render(lang), lang)
        sys.exit(exc.exit_code)
    except KeyboardInterrupt:
        _interrupted(lang)
    except EOFError:
        _end_of_input(lang)
    except OSError as exc:  # the file system refused: a folder that is a file, a full disk...
        where = f"{exc.filename}{' : ' if lang == 'fr' else ': '}" if exc.filename else ""
        _error(f"{where}{exc.strerror or exc}", lang)
        sys.exit(1)


def _error(message: str, lang: Lang) -> None:
    click.echo(("Erreur : " if lang == "fr" else "Error: ") + message, err=True)


def _click_error(exc: click.ClickException, lang: Lang) -> None:
    """click's own errors (a missing argument, a bad option value) with our prefix; their text
    is click's, in English."""
    ctx = getattr(exc, "ctx", None)
    if isinstance(exc, click.UsageError) and ctx is not None:
        command = f"{ctx.command_path} {max(ctx.help_option_names, key=len)}"
        hint = f"Aide : « {command} »." if lang == "fr" else f"Try '{command}' for help."
        click.echo(f"{ctx.get_usage()}\n{hint}\n", err=True)
    _error(exc.format_message(), lang)


def _interrupted(lang: Lang) -> None:
    click.echo(
        "\nInterrompu : les réponses confirmées sont enregistrées ; relancez la même commande "
        "pour reprendre."
        if lang == "fr"
        else "\nInterrupted: confirmed answers are saved; run the same command again to resume.",
        err=True,
    )
    sys.exit(130)


def _end_of_input(lang: Lang) -> None:
    from sovereignty.core.errors import NonInteractiveError
    from sovereignty.core.model import Text

    error = NonInteractiveError(
        Text(
            fr="pas de terminal pour poser les questions (fin de l'entrée). Répondez plutôt par "
            "un fichier : `sovereignty form import`, ou une feuille de réponses vérifiée avec "
            "`sovereignty check --answers FICHIER`",
            en="no terminal to ask questions on (end of input). Answer through a file instead: "
            "`sovereignty form import` or an answer sheet checked with "
            "`sovereignty check --answers FILE`",
        )
    )
    _error(error.render(lang), lang)
    sys.exit(error.exit_code)
