"""`sovereignty --help` must not import heavy libraries (timing lives in benchmarks/)."""

from __future__ import annotations

import subprocess
import sys

HEAVY = (
    "networkx",
    "docxtpl",
    "docx",
    "openpyxl",
    "matplotlib",
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
