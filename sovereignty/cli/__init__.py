"""The command line: a lazy click group, so ``sovereignty --help`` imports no heavy library.

Each command lives in its own module and is imported only when it runs. Errors are turned into a
message and an exit code in exactly one place, :func:`main`.
"""

from __future__ import annotations

import importlib
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
        "sovereignty.cli.status",
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
        "sovereignty.cli.journal",
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
    "price": (
        "sovereignty.cli.award",
        "price",
        "Bordereau de prix d'une offre et coût du cycle de vie",
        "An offer's price schedule and life-cycle cost",
    ),
    "regularise": (
        "sovereignty.cli.award",
        "regularise",
        "Régularisation d'une offre irrégulière ou incomplète (journalisée)",
        "Regularise an irregular or incomplete offer (journaled)",
    ),
    "rao": (
        "sovereignty.cli.award",
        "rao",
        "Rapport d'analyse des offres (Word) : régularité, notes justifiées, classement",
        "Offer analysis report (Word): regularity, justified scores, ranking",
    ),
    "letters": (
        "sovereignty.cli.award",
        "letters",
        "Lettres aux candidats : rejets, attributaire, régularisations",
        "Letters to the bidders: rejections, winner, requests to complete",
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
    "register": (
        "sovereignty.cli.register",
        "register",
        "Registre des systèmes d'IA : entrées, échéances, incidents, changements",
        "AI register: entries, due dates, incidents, changes",
    ),
    "aipd": (
        "sovereignty.cli.lifecycle",
        "aipd",
        "AIPD pré-remplie de l'offre retenue (Word, et JSON du logiciel PIA)",
        "Pre-filled AIPD of the awarded offer (Word, and PIA software JSON)",
    ),
    "aidf": (
        "sovereignty.cli.lifecycle",
        "aidf",
        "AIDF pré-remplie (art. 27 du RIA), quand elle s'applique",
        "Pre-filled AIDF (AI Act Art. 27), where it applies",
    ),
    "exit-plan": (
        "sovereignty.cli.lifecycle",
        "exit_plan",
        "Plan de réversibilité et de sortie de l'offre retenue",
        "Exit and reversibility plan of the awarded offer",
    ),
    "registration": (
        "sovereignty.cli.lifecycle",
        "registration",
        "Fiche d'enregistrement du déployeur public (base de l'UE)",
        "Public deployer's registration sheet (EU database)",
    ),
    "demo": (
        "sovereignty.cli.demo",
        "demo",
        "Construire la consultation d'exemple et exécuter toutes les étapes",
        "Build the example tender and run every step",
    ),
}


def ui_lang() -> str:
    """Language of the interface (help, messages, errors), one rule for every word shown:
    ``--lang`` on the command line, else SOVEREIGNTY_LANG, else the language of the tender the
    command acts on (``--dir``, SOVEREIGNTY_DIR, or the current folder and its parents), else the
    locale (LC_ALL, LC_MESSAGES, LANG, in POSIX order), else French."""
    from sovereignty.cli.language import session_lang

    return session_lang(_ARGS if _ARGS is not None else sys.argv[1:])


# The arguments of the running command, set when it starts (None: sys.argv).
_ARGS: list[str] | None = None


class LazyGroup(click.Group):
    def main(self, args: Any = None, *rest: Any, **extra: Any) -> Any:
        """Fix the language of the whole command line before click parses it."""
        global _ARGS
        from sovereignty.cli.language import bind

        _ARGS = list(args) if args is not None else sys.argv[1:]
        bind(ui_lang())
        localise_help_option(self, click.Context(self, **self.context_settings))
        return super().main(args, *rest, **extra)

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
        from gettext import gettext as _

        index = 2 if ui_lang() == "fr" else 3
        rows = [(name, COMMANDS[name][index]) for name in self.list_commands(ctx)]
        with formatter.section(_("Commands")):
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
    """The command's help, and click's --help line, in the interface's language, for the
    command and, for a group, each of its subcommands."""
    from sovereignty.cli.language import localise_help

    lang = ui_lang()
    localise_help(command, lang)
    option = command.get_help_option(ctx)
    if option is not None:
        option.help = HELP_OPTION[lang]
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
    cls=LazyGroup,
    help=HELP["fr"] + "\f" + HELP["en"],
    context_settings={"help_option_names": ["-h", "--help"]},
)
@click.version_option(
    __version__,
    prog_name="sovereignty",
    help="Afficher la version et quitter.\fShow the version and exit.",
)
def cli() -> None:
    pass


localise_help_option(cli, click.Context(cli, **cli.context_settings))


def error_lang(argv: list[str] | None = None) -> Lang:
    """The language of error messages: that of the interface (:func:`ui_lang`), read from the
    arguments alone, since an error may stop the command before its options are parsed (or be
    about the options themselves)."""
    from sovereignty.cli.language import session_lang

    return session_lang(sys.argv[1:] if argv is None else argv)


def main(argv: list[str] | None = None) -> None:
    """Entry point: run the CLI, turning our errors into messages and exit codes."""
    from sovereignty.core.errors import SovereigntyError

    lang = error_lang(argv)
    try:
        _check_arguments(sys.argv[1:] if argv is None else argv)
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


def _check_arguments(args: list[str]) -> None:
    """Refuse an argument that is not valid text in the system's encoding: Python keeps its
    undecodable bytes as lone surrogates, which no file, journal or document can hold."""
    for number, arg in enumerate(args, start=1):
        try:
            arg.encode("utf-8")
        except UnicodeEncodeError as exc:
            from sovereignty.core.errors import UsageError
            from sovereignty.core.model import Text

            shown = arg.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
            raise UsageError(
                Text(
                    fr=f"l'argument {number} ({shown}) contient un octet qui n'est pas du texte "
                    f"UTF-8 (position {exc.start + 1}) ; retapez-le",
                    en=f"argument {number} ({shown}) holds a byte that is not UTF-8 text "
                    f"(position {exc.start + 1}); type it again",
                )
            ) from None


def _error(message: str, lang: Lang) -> None:
    from sovereignty.cli.options import terminal_safe

    prefix = "Erreur : " if lang == "fr" else "Error: "
    click.echo(prefix + terminal_safe(message), err=True)


def _click_error(exc: click.ClickException, lang: Lang) -> None:
    """click's own errors (a missing argument, a bad option value) with our prefix; their text
    is click's, in the interface's language (see :mod:`sovereignty.cli.language`)."""
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
