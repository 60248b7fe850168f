"""Benchmark: the data-flow analysis and the index build against one NetworkX multi-source BFS.

Builds synthetic GHT graphs (``sovereignty.dataflow.generate``: at 1x, 10 establishments x 1,200
databases, 50 vendors, 40 provider groups, 60,000 flows) at 1x, 4x and 16x, and measures on each,
in CPU time of this process (``time.process_time``, so other work on the machine counts little):

* one NetworkX multi-source BFS (``nx.bfs_layers`` from every hospital system that holds data,
  over the whole ``MultiDiGraph``), the reference cost of "looking at the graph once";
* the build: the integer index the analyses run on, made from the model (``FlowGraph.from_model``
  then ``.index``);
* the analysis (``analyse_graph`` on a built index): the seven analyses, witness paths and
  findings (their wording is written when read, see ``findings.model.DeferredText``; the
  ``words`` column is the time to write every finding in both languages, for reference). Each
  run gets the index's columns afresh, without what an earlier run derived from them (edge
  order, successor lists...): deriving them is part of the analysis.

Runs are paired: each repeat times one BFS and then the measured step, and the ratio of the pair
is kept, so a busy moment slows both sides; the table shows the median ratio and the range.
Peak memory is measured in a fresh process per size (model, index, analysis; no NetworkX graph),
with what the model alone takes and what the index and analysis add on top of it. The growth
exponent ``log(t2/t1) / log(size2/size1)`` is 1.0 when linear. Not part of the test run::

    python benchmarks/bench_dataflow.py                 # 1x, 4x, 16x
    python benchmarks/bench_dataflow.py --scales 1 4    # quicker
"""

from __future__ import annotations

import argparse
import dataclasses
import gc
import itertools
import json
import math
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from typing import Any

import networkx as nx

from sovereignty.dataflow.analyses import analyse_graph
from sovereignty.dataflow.catalogue import catalogue, jurisdictions
from sovereignty.dataflow.generate import generate_ght
from sovereignty.dataflow.graph import FlowGraph


def cpu(run: Callable[[], object]) -> float:
    gc.collect()
    start = time.process_time()
    run()
    return time.process_time() - start


def one_bfs(graph: nx.MultiDiGraph, sources: list[str]) -> int:
    seen = 0
    for layer in nx.bfs_layers(graph, sources):
        seen += len(layer)
    return seen


def paired(
    repeats: int, reference: Callable[[], object], run: Callable[[], object]
) -> dict[str, Any]:
    refs, times, ratios = [], [], []
    for _ in range(repeats):
        r, t = cpu(reference), cpu(run)
        refs.append(r)
        times.append(t)
        ratios.append(t / r)
    return {
        "ref": statistics.median(refs),
        "time": statistics.median(times),
        "ratio": statistics.median(ratios),
        "low": min(ratios),
        "high": max(ratios),
    }


def measure(scale: float, repeats: int, seed: int) -> dict[str, Any]:
    model = generate_ght(scale, seed)
    reference = FlowGraph.from_model(model).nx  # for the reference BFS only
    sources = [
        node
        for node, attrs in reference.nodes(data=True)
        if attrs["kind"] == "hospital_system" and attrs.get("holds")
    ]
    graph = FlowGraph.from_model(model)
    index = graph.index
    bfs = lambda: one_bfs(reference, sources)  # noqa: E731
    build = paired(repeats, bfs, lambda: FlowGraph.from_model(model).index)
    findings: list[Any] = []

    def analysis() -> None:
        fresh = FlowGraph.from_model(model)
        # the index's columns, built once (the build is measured on its own), without what an
        # earlier run derived from them
        fresh.__dict__["index"] = dataclasses.replace(index)
        findings[:] = analyse_graph(fresh).findings

    analysis()  # once first: the compiled libraries are imported on first use
    analysed = paired(repeats, bfs, analysis)
    words = cpu(
        lambda: [(f.title.fr, f.title.en, f.explanation.fr, f.explanation.en) for f in findings]
    )
    return {
        "scale": scale,
        "nodes": index.size,
        "flows": len(model.flows),
        "edges": len(model.flows) + len(model.relations),
        "bfs": analysed["ref"],
        "build": build,
        "analysis": analysed,
        "words": words,
        "findings": len(findings),
    }


# Linux's VmHWM is the peak of this process's own memory (ru_maxrss would count the memory of
# the benchmark process it was started from); clear_refs starts it afresh.
MEMORY = """
import resource, sys

def status(key):  # Linux: VmRSS (held now), VmHWM (peak since start or last reset), in kB
    try:
        with open("/proc/self/status") as lines:
            return next(int(l.split()[1]) for l in lines if l.startswith(key + ":"))
    except (OSError, StopIteration):
        return -1

from sovereignty.dataflow.analyses import analyse_graph
from sovereignty.dataflow.generate import generate_ght
from sovereignty.dataflow.graph import FlowGraph

model = generate_ght(float(sys.argv[1]), int(sys.argv[2]))
made, held = status("VmHWM"), status("VmRSS")
try:  # start the peak afresh: what the index and analysis need on top of the model
    with open("/proc/self/clear_refs", "w") as clear:
        clear.write("5")
except OSError:
    made = -1
analyse_graph(FlowGraph.from_model(model))
if made < 0:  # no /proc: the peak as the system counts it, and nothing more
    print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, -1, -1)
else:
    analysed = status("VmHWM")
    print(max(made, analysed), held, analysed)
"""


def peak_memory(scale: float, seed: int) -> tuple[float, float, float]:
    """Peak resident memory (MB) of a process that generates, indexes and analyses the graph;
    what the model holds once made; the peak while indexing and analysing it (NaN where the
    system cannot say)."""
    out = subprocess.run(
        [sys.executable, "-c", MEMORY, str(scale), str(seed)],
        check=True,
        capture_output=True,
        text=True,
    )
    values = [int(kb) / 1024 if int(kb) >= 0 else float("nan") for kb in out.stdout.split()[-3:]]
    return values[0], values[1], values[2]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--scales", type=float, nargs="+", default=[1, 4, 16])
    parser.add_argument("--repeats", type=int, default=5, help="paired runs below 16x")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--no-memory", action="store_true", help="skip the peak memory runs")
    parser.add_argument("--json", action="store_true", help="also print the rows as JSON")
    args = parser.parse_args()
    catalogue(), jurisdictions()  # shipped texts, loaded once per process
    rows = []
    print("CPU seconds; medians of paired runs, range in brackets.")
    header = (
        f"{'size':>5} {'nodes':>8} {'flows':>9} {'1_BFS_s':>8} {'build_s':>8} "
        f"{'build/BFS':>9} {'analysis_s':>10} {'range':>11} {'words_s':>8} {'peak_MB':>8} "
        f"{'ratio':>6} {'findings':>8}"
    )
    print(header)
    for scale in args.scales:
        row = measure(scale, args.repeats if scale < 16 else 3, args.seed)
        nan = float("nan")
        row["peak_mb"], row["model_mb"], row["analysis_mb"] = (
            (nan, nan, nan) if args.no_memory else peak_memory(scale, args.seed)
        )
        rows.append(row)
        a, b = row["analysis"], row["build"]
        spread = f"[{a['low']:.1f}-{a['high']:.1f}]"
        print(
            f"{row['scale']:>4g}x {row['nodes']:>8,} {row['flows']:>9,} {row['bfs']:>8.3f} "
            f"{b['time']:>8.3f} {b['ratio']:>9.1f} {a['time']:>10.3f} {spread:>11} "
            f"{row['words']:>8.3f} {row['peak_mb']:>8.0f} {a['ratio']:>6.1f} {row['findings']:>8,}",
            flush=True,
        )
    print("\nBuild ÷ one BFS; peak memory of the process, and of indexing and analysing alone:")
    for row in rows:
        b = row["build"]
        print(
            f"  {row['scale']:g}x: build/BFS {b['ratio']:.1f} [{b['low']:.1f}-{b['high']:.1f}]; "
            f"peak {row['peak_mb']:,.0f} MB; the model holds {row['model_mb']:,.0f} MB, "
            f"indexing and analysing it peak at {row['analysis_mb']:,.0f} MB "
            f"(+{row['analysis_mb'] - row['model_mb']:,.0f} MB)"
        )
    print("\nGrowth between sizes (exponent 1.0 = linear):")
    for a, b in itertools.pairwise(rows):
        size = b["flows"] / a["flows"]
        for label, first, second in (
            ("one BFS", a["bfs"], b["bfs"]),
            ("build", a["build"]["time"], b["build"]["time"]),
            ("analysis", a["analysis"]["time"], b["analysis"]["time"]),
        ):
            factor = second / first
            print(
                f"  {a['scale']:g}x -> {b['scale']:g}x: {label:<9} x{factor:5.2f} "
                f"for x{size:.1f} flows (exponent {math.log(factor) / math.log(size):.2f})"
            )
    worst = max(max(r["analysis"]["ratio"], r["build"]["ratio"]) for r in rows)
    largest = rows[-1]
    print(
        f"\nGoals (issue): analysis and build <= 5x one BFS: worst {worst:.1f} "
        f"({'met' if worst <= 5 else 'NOT met'}); peak memory at {largest['scale']:g}x "
        f"{largest['peak_mb']:.0f} MB (goal < 1,500 MB at 16x)"
    )
    if args.json:
        print(json.dumps(rows, default=str))


if __name__ == "__main__":
    main()
