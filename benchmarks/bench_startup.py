"""Start-up time of `sovereignty --help`, as a ratio to `python -c "import click"`.

Run: python benchmarks/bench_startup.py [--runs N]
Heavy libraries (networkx, docxtpl, openpyxl, Pillow, questionary) must not be imported by
--help; this also checks that, and exits 1 if one is.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time

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
)


def timed(command: list[str], runs: int) -> float:
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(command, check=True, stdout=subprocess.DEVNULL)
        samples.append(time.perf_counter() - start)
    return statistics.median(samples)


def heavy_imports() -> list[str]:
    code = (
        "import sys\n"
        "from sovereignty.cli import main\n"
        "try:\n    main(['--help'])\nexcept SystemExit:\n    pass\n"
        f"print('HEAVY=' + ','.join(m for m in {HEAVY!r} if m in sys.modules))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], check=True, capture_output=True, text=True
    ).stdout
    line = next(x for x in out.splitlines() if x.startswith("HEAVY="))
    return [m for m in line.removeprefix("HEAVY=").split(",") if m]


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=15)
    runs = parser.parse_args().runs
    python = [sys.executable]
    baseline = timed([*python, "-c", "import click"], runs)
    bare = timed([*python, "-c", "pass"], runs)
    help_time = timed([*python, "-m", "sovereignty", "--help"], runs)
    print(f"python -c pass           {bare * 1000:7.1f} ms")
    print(f"python -c 'import click' {baseline * 1000:7.1f} ms")
    print(f"sovereignty --help       {help_time * 1000:7.1f} ms")
    print(f"ratio --help / import click: {help_time / baseline:.2f}")
    loaded = heavy_imports()
    if loaded:
        print(f"heavy modules imported by --help: {', '.join(loaded)}")
        return 1
    print("no heavy module imported by --help")
    return 0


if __name__ == "__main__":
    sys.exit(main())
