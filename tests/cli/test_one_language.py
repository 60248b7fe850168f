"""Every word the command line shows follows one language: each command's --help and a list of
usage errors, run in French then in English, carry no word of the other language.

The texts are produced in a fresh interpreter per language, as a user meets them: help texts are
fixed when a command module is first imported.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from sovereignty.cli import COMMANDS

# Words that belong to one language only (those both languages share, such as "options",
# "date", "version" or "argument", are left out).
ENGLISH = set(
    """the of and to with for is are this that these your which each every from its their only
    show shows file files folder vendor vendors answer answers tender invalid missing such
    unexpected got requires require error commands default required help value values
    write written read when then than not no does did mean try list add name instead""".split()  # noqa: SIM905
)
FRENCH = set(
    """le la les des du une et pour avec dans sur par est sont cette ces qui ou aux ne pas
    offre offres fichier dossier réponse réponses aide erreur défaut obligatoire afficher
    quitter valeur manquant commande commandes utilisation grille""".split()  # noqa: SIM905
)
ACCENTED = re.compile(r"[éèêàâçôûîù]", re.IGNORECASE)

# What is not prose: options, choice lists, quoted values, file names, placeholders, paths.
NOT_PROSE = re.compile(
    r"--?[\w-]+|\[[^\]\n]*\|[^\]\n]*\]|'[^'\n]*'|\"[^\"\n]*\"|`[^`\n]*`|«[^»\n]*»"
    r"|\b[\w-]+\.(?:ya?ml|xlsx|docx|json|csv|png|graphml|pdf)\b|\b[A-Z_=]{2,}\b|/\S+"
    r"|sovereignty(?: [a-z][\w-]*)*|^ {2}[a-z][\w-]*(?= {2,})",
    re.MULTILINE,
)

USAGE_ERRORS = [
    ["score", "radiance", "--why"],
    ["classify", "radiance", "--as-of", "demain"],
    ["classify", "radiance", "--as-of", "30/02/2027"],
    ["classify", "radiance", "--as-of", "2027-13-01"],
    ["compare", "--frobnicate"],
    ["status", "extra"],
    ["vendor", "add"],
    ["vendor", "frob"],
    ["classify", "--format", "x"],
    ["form", "import"],
    ["form", "export"],
    ["evaluate", "radiance"],
    ["flows", "--export"],
    ["profile", "freeze", "--frob"],
    ["stauts"],
    ["init"],
]

RUNNER = """
import contextlib, io, json, sys
from sovereignty.cli import main
out = []
for args in json.loads(sys.argv[1]):
    buffer = io.StringIO()
    with contextlib.redirect_stdout(buffer), contextlib.redirect_stderr(buffer):
        try:
            main(args)
        except SystemExit:
            pass
    out.append(buffer.getvalue())
print(json.dumps(out))
"""


def _subcommands() -> list[list[str]]:
    import importlib

    import click

    lines: list[list[str]] = []
    for name, (module, attribute, *_) in sorted(COMMANDS.items()):
        command = getattr(importlib.import_module(module), attribute)
        lines.append([name])
        if isinstance(command, click.Group):
            lines += [[name, sub] for sub in sorted(command.commands)]
    return lines


def _run(lines: list[list[str]], lang: str, cwd: Path) -> list[str]:
    env = {k: v for k, v in os.environ.items() if k not in ("SOVEREIGNTY_DIR", "LANGUAGE")}
    env.update(SOVEREIGNTY_LANG=lang, COLUMNS="100")
    result = subprocess.run(
        [sys.executable, "-c", RUNNER, json.dumps(lines)],
        capture_output=True,
        text=True,
        env=env,
        cwd=cwd,
        check=True,
    )
    return list(json.loads(result.stdout))


def strangers(text: str, lang: str) -> list[str]:
    """Words of the other language in ``text``."""
    prose = NOT_PROSE.sub(" ", text)
    words = re.findall(r"[^\W\d_]+(?:'[^\W\d_]+)?", prose)
    if lang == "fr":
        # "usage" is French too, but not click's "Usage:" heading
        return [w for w in words if w.lower() in ENGLISH] + re.findall(r"\bUsage:", text)
    return [w for w in words if w.lower() in FRENCH or ACCENTED.search(w)]


def test_the_detector_sees_a_word_of_the_other_language() -> None:
    assert strangers("Erreur : No such option '--x'.", "fr") == ["No", "such"]
    assert strangers("Error: 'x' is not a date (JJ/MM/AAAA)", "en") == []
    assert strangers("Error: the file est absent", "en") == ["est"]


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_every_help_and_usage_error_speaks_one_language(lang: str, tmp_path: Path) -> None:
    helps = [[*line, "--help"] for line in [[], *_subcommands()]]
    lines = helps + USAGE_ERRORS
    texts = _run(lines, lang, tmp_path)
    found = {
        " ".join(line): words
        for line, text in zip(lines, texts, strict=True)
        if (words := strangers(text, lang))
    }
    assert found == {}
    assert all(text.strip() for text in texts)
    usage = texts[len(helps) :]
    if lang == "fr":
        assert "Erreur : L'option '--why' attend une valeur." in usage[0]
        assert "cette date n'existe pas (février 2027 a 28 jours)" in usage[2]
        assert "Pas d'option '--frobnicate'." in usage[4]
    else:
        assert "Error: Option '--why' requires an argument." in usage[0]
        assert "no such date (February 2027 has 28 days)" in usage[2]
        assert "No such option '--frobnicate'." in usage[4]


def test_the_shipped_click_catalogue_is_compiled_from_its_po_file() -> None:
    from sovereignty.cli.msgfmt import catalogues, compile_mo, parse_po

    (po,) = catalogues()
    entries = parse_po(po.read_text(encoding="utf-8"))
    assert entries["Missing argument"] == "Argument manquant"
    assert po.with_suffix(".mo").read_bytes() == compile_mo(entries)
