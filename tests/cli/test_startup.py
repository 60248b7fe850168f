"""`sovereignty --help` must not import heavy libraries (timing lives in benchmarks/)."""

from __future__ import annotations

import subprocess
import sys

HEAVY = (
    "networkx",
    "numpy",
    "scipy",
    "igraph",
    "docxtpl",
    "docx",
    "openpyxl",
    "PIL",
    "questionary",
    "jinja2",
    "prompt_toolkit",
    "yaml",
    "pydantic",
)


def test_help_imports_no_heavy_library() -> None:
    code = (
        "import sys\nfrom sovereignty.cli import main\n"
        "try:\n    main(['--help'])\nexcept SystemExit:\n    pass\n"
        f"print('LOADED=' + ','.join(m for m in {HEAVY!r} if m in sys.modules))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], check=True, capture_output=True, text=True
    ).stdout
    loaded = next(x for x in out.splitlines() if x.startswith("LOADED="))
    assert loaded == "LOADED="


def test_help_lines_are_in_the_interface_language() -> None:
    def help_of(*args: str, lang: str) -> str:
        import os

        env = {**os.environ, "SOVEREIGNTY_LANG": lang}
        return subprocess.run(
            [sys.executable, "-m", "sovereignty", *args],
            capture_output=True,
            text=True,
            env=env,
            check=True,
        ).stdout

    assert "-h, --help  Afficher cette aide et quitter." in help_of("-h", lang="fr")
    assert "Show this message and exit." in help_of("vendor", "add", "--help", lang="en")
    french = help_of("vendor", "add", "--help", lang="fr")
    assert "Afficher cette aide et quitter." in french and "Show this message" not in french
