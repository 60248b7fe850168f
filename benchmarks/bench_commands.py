"""Benchmark: the commands' speed goals, each reported as a ratio or a count.

* questions asked: a simple rule-based tool on premises (tests/fixtures/simple-tool.yaml) and a
  high-risk device (the demo's northbridge), as ``check --answers FILE --partial --json`` counts
  them (sum of ``applicable`` over sections) over ``questions --json`` (goal: simple <= 35 %);
* demo CPU time, without PDF (every process of the command; goal < 5 s);
* offer analyses per command at 3 and 50 offers (goal: no more than the offers the command needs);
* ``annex`` / ``report`` CPU time over a bare docxtpl render of the same template and context plus
  the analysis of that one offer (goal <= 1.5), paired runs, median.

Not part of the test run::

    python benchmarks/bench_commands.py            # everything (about a minute or two)
    python benchmarks/bench_commands.py --quick    # 3 offers only, fewer repeats
"""

from __future__ import annotations

import argparse
import contextlib
import io
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
SOV = [sys.executable, "-m", "sovereignty"]


def cpu_children(command: list[str], env: dict[str, str] | None = None) -> float:
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    subprocess.run(command, check=True, capture_output=True, env=env)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def questions() -> None:
    listed = json.loads(
        subprocess.run([*SOV, "questions", "--json"], capture_output=True, text=True).stdout
    )
    total = len(listed.get("questions") or [q for s in listed["sections"] for q in s["questions"]])
    for label, sheet in (
        ("simple tool", ROOT / "tests" / "fixtures" / "simple-tool.yaml"),
        ("high-risk device", ROOT / "examples" / "demo" / "vendors" / "northbridge.yaml"),
    ):
        out = subprocess.run(
            [*SOV, "check", "--answers", str(sheet), "--partial", "--json"],
            capture_output=True,
            text=True,
        ).stdout
        asked = sum(s.get("applicable", 0) for s in json.loads(out)["sections"])
        print(f"  questions asked, {label:<16} {asked:>4}/{total} = {asked / total:6.1%}")


def demo_cpu(repeats: int) -> None:
    times = []
    with tempfile.TemporaryDirectory() as tmp:
        nobin = Path(tmp) / "nobin"
        nobin.mkdir()
        env = dict(os.environ, PATH=str(nobin))  # no soffice: no PDF
        for _ in range(repeats):
            times.append(cpu_children([*SOV, "demo", "--out", f"{tmp}/demo", "--force"], env))
    print(
        f"  demo without PDF, CPU s        {statistics.median(times):6.2f} (goal < 5; runs {times})"
    )


def tender_with(offers: int, folder: Path) -> Path:
    """The demo tender, with copies of its vendors up to ``offers`` offers."""
    from sovereignty.services.demo import build_demo_tender

    tender = build_demo_tender(folder / f"tender-{offers}", force=True)
    sheets = [tender.load_sheet(v) for v in tender.vendor_ids()]
    for i in range(len(sheets), offers):
        sheet = sheets[i % len(sheets)]
        vendor = sheet.vendor.model_copy(update={"id": f"copy-{i}", "name": f"Copie {i}"})
        tender.save_sheet(sheet.model_copy(update={"vendor": vendor}), "vendor.imported", "bench")
    return tender.root


def in_process(args: list[str]) -> None:
    from sovereignty.cli import main

    with (
        open(os.devnull, "w") as sink,
        contextlib.redirect_stdout(sink),
        contextlib.suppress(SystemExit),
    ):
        main(args)


def analyses_per_command(offers: int, folder: Path) -> None:
    from sovereignty.analysis.offer import COUNTS

    root = tender_with(offers, folder)
    d = ["--dir", str(root)]
    commands = {
        "classify V": ["classify", "radiance", *d, "--json"],
        "flows V": ["flows", "radiance", *d, "--json"],
        "flows --all": ["flows", "--all", *d, "--json"],
        "score V": ["score", "radiance", *d, "--json"],
        "annex V": ["annex", "radiance", *d, "-o", str(folder / "a.docx")],
        "report V": ["report", "radiance", *d, "-o", str(folder / "r.docx")],
        "compare": ["compare", *d, "--json"],
    }
    counts = []
    for label, args in commands.items():
        before = COUNTS["offer"]
        in_process(args)
        counts.append(f"{label}: {COUNTS['offer'] - before}")
    print(f"  offer analyses at {offers:>2} offers   " + ", ".join(counts))


def bare_over(kind: str, folder: Path, repeats: int) -> None:
    """``annex``/``report`` CPU over (bare docxtpl render + that offer's analysis), paired.

    A report also draws its offer's data-flow diagram and score chart (each once): the second
    ratio counts that drawing as needed work too (the same calls, made again outside the
    command); the first does not."""
    from docx.shared import Mm
    from docxtpl import DocxTemplate, InlineImage

    import sovereignty.core.picture as picture
    import sovereignty.dataflow.draw as draw
    import sovereignty.documents.charts as charts
    import sovereignty.documents.render as render
    import sovereignty.services.documents as documents
    from sovereignty.documents.render import Picture
    from sovereignty.services.offer import analyse_offer
    from sovereignty.tender.folder import Tender

    root = tender_with(3, folder)
    jobs: list[Any] = []
    drawings: list[tuple[Callable[..., Any], tuple[Any, ...], dict[str, Any]]] = []
    real = documents.render_jobs
    kept = Path(tempfile.mkdtemp(prefix="bench-pictures-"))

    def keep(batch: Any, tender: Any, reads: Any = None) -> Any:
        # the pictures live in a folder removed after the command: keep copies for the bare one
        jobs[:] = [(job.template, _copy_pictures(job.context, kept)) for job in batch]
        return real(batch, tender, reads)

    def recorded(module: Any, name: str) -> Callable[..., Any]:
        function = getattr(module, name)

        def call(*args: Any, **kwargs: Any) -> Any:
            drawings.append((function, args, kwargs))
            return function(*args, **kwargs)

        setattr(module, name, call)
        return function

    documents.render_jobs = keep  # type: ignore[assignment]
    originals = [
        (draw, "draw_png", recorded(draw, "draw_png")),
        (charts, "bar_chart", recorded(charts, "bar_chart")),
    ]

    def command() -> None:
        # as in a new process: no template parsed, compiled or font opened by an earlier run
        render._ENVIRONMENT = None
        render._TREES.clear()
        picture._font.cache_clear()
        in_process([kind, "radiance", "--dir", str(root), "-o", str(folder / f"{kind}.docx")])

    def analysis() -> None:
        analyse_offer(Tender.open(root), "radiance")

    def drawing() -> None:
        for function, args, kwargs in made:
            function(*args, **kwargs)

    def bare() -> None:
        path, context = jobs[0]
        template = DocxTemplate(str(path))

        def pictures(value: Any) -> Any:
            if isinstance(value, Picture):
                return InlineImage(template, str(value.path), width=Mm(value.width_mm))
            if isinstance(value, dict):
                return {k: pictures(v) for k, v in value.items()}
            if isinstance(value, list | tuple):
                return [pictures(v) for v in value]
            return value

        template.render(pictures(context), autoescape=True)
        template.save(io.BytesIO())

    command()  # warm: imports, and the job kept for the bare render
    made = list(drawings)  # the drawings one command makes
    ratios, with_drawing = [], []
    for _ in range(repeats):
        c, b, a, d = cpu(command), cpu(bare), cpu(analysis), cpu(drawing)
        ratios.append(c / (b + a))
        with_drawing.append(c / (b + a + d))
    documents.render_jobs = real  # type: ignore[assignment]
    for module, name, function in originals:
        setattr(module, name, function)
    print(
        f"  {kind:<6} / (bare render + analysis) {statistics.median(ratios):5.2f} "
        f"(goal <= 1.5; runs {', '.join(f'{r:.2f}' for r in ratios)})"
    )
    if made:
        print(
            f"  {kind:<6} / (bare render + analysis + its {len(made)} drawing(s)) "
            f"{statistics.median(with_drawing):5.2f} "
            f"(runs {', '.join(f'{r:.2f}' for r in with_drawing)})"
        )


def _copy_pictures(value: Any, folder: Path) -> Any:
    import dataclasses
    import shutil

    from sovereignty.documents.render import Picture

    if isinstance(value, Picture):
        target = folder / f"{len(list(folder.iterdir()))}-{value.path.name}"
        shutil.copyfile(value.path, target)
        return dataclasses.replace(value, path=target)
    if isinstance(value, dict):
        return {k: _copy_pictures(v, folder) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_copy_pictures(v, folder) for v in value]
    return value


def cpu(run: Callable[[], object]) -> float:
    start = time.process_time()
    run()
    return time.process_time() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true")
    args = parser.parse_args()
    repeats = 2 if args.quick else 3
    print("Questions")
    questions()
    print("Demo")
    demo_cpu(1 if args.quick else 3)
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        print("Analyses per command")
        for offers in (3,) if args.quick else (3, 50):
            analyses_per_command(offers, folder)
        print("Documents")
        for kind in ("annex", "report"):
            bare_over(kind, folder, repeats)


if __name__ == "__main__":
    main()
