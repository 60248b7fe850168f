"""Benchmark: the full data-flow analysis against one NetworkX multi-source BFS.

Builds synthetic GHT graphs (``sovereignty.dataflow.generate``: at 1x, 10 establishments x 1,200
databases, 50 vendors, 40 provider groups, 60,000 flows) at 1x, 4x and 16x, and times on each:

* one NetworkX multi-source BFS (``nx.bfs_layers`` from every hospital system that holds data,
  over the whole ``MultiDiGraph``), the reference cost of "looking at the graph once";
* the full analysis (``analyse_graph``): building the index, the seven analyses, the findings.

It prints the ratio full analysis / one BFS at each size, and how both grow with size (the
exponent ``log(t2/t1) / log(size2/size1)``: 1.0 is linear). Not part of the test run::

    python benchmarks/bench_dataflow.py                 # 1x, 4x, 16x
    python benchmarks/bench_dataflow.py --scales 1 4    # quicker
"""

from __future__ import annotations

import argparse
import gc
import itertools
import math
import time
from collections.abc import Callable

import networkx as nx

from sovereignty.dataflow.analyses import analyse_graph
from sovereignty.dataflow.catalogue import catalogue, jurisdictions
from sovereignty.dataflow.generate import generate_ght
from sovereignty.dataflow.graph import FlowGraph


def best_of(repeats: int, run: Callable[[], object]) -> float:
    times = []
    for _ in range(repeats):
        gc.collect()
        start = time.perf_counter()
        run()
        times.append(time.perf_counter() - start)
    return min(times)


def one_bfs(graph: nx.MultiDiGraph, sources: list[str]) -> int:
    seen = 0
    for layer in nx.bfs_layers(graph, sources):
        seen += len(layer)
    return seen


def measure(scale: float, repeats: int, seed: int) -> dict[str, float]:
    start = time.perf_counter()
    model = generate_ght(scale, seed)
    graph = FlowGraph.from_model(model)
    built = time.perf_counter() - start
    sources = [
        node
        for node, attrs in graph.nx.nodes(data=True)
        if attrs["kind"] == "hospital_system" and attrs.get("holds")
    ]
    bfs = best_of(repeats, lambda: one_bfs(graph.nx, sources))
    findings = 0

    def full() -> None:
        nonlocal findings
        findings = len(analyse_graph(FlowGraph(graph.nx)).findings)  # a fresh index each time

    analysis = best_of(repeats, full)
    return {
        "scale": scale,
        "nodes": graph.nx.number_of_nodes(),
        "flows": len(model.flows),
        "edges": graph.nx.number_of_edges(),
        "build": built,
        "bfs": bfs,
        "analysis": analysis,
        "findings": findings,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--scales", type=float, nargs="+", default=[1, 4, 16])
    parser.add_argument("--repeats", type=int, default=3, help="best of N below 16x")
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    catalogue(), jurisdictions()  # shipped texts, loaded once per process
    rows = []
    header = (
        f"{'size':>5} {'nodes':>8} {'flows':>9} {'edges':>9} {'build s':>8} "
        f"{'1 BFS s':>8} {'full s':>8} {'ratio':>6} {'findings':>8}"
    )
    print(header)
    for scale in args.scales:
        row = measure(scale, args.repeats if scale < 16 else 1, args.seed)
        rows.append(row)
        print(
            f"{row['scale']:>4g}x {row['nodes']:>8,} {row['flows']:>9,} {row['edges']:>9,} "
            f"{row['build']:>8.2f} {row['bfs']:>8.3f} {row['analysis']:>8.2f} "
            f"{row['analysis'] / row['bfs']:>6.1f} {row['findings']:>8,}",
            flush=True,
        )
    print("\nGrowth between sizes (exponent 1.0 = linear):")
    for a, b in itertools.pairwise(rows):
        size = b["flows"] / a["flows"]
        for key, label in (("bfs", "one BFS"), ("analysis", "full analysis")):
            factor = b[key] / a[key]
            print(
                f"  {a['scale']:g}x -> {b['scale']:g}x: {label:<13} x{factor:5.2f} "
                f"for x{size:.1f} flows (exponent {math.log(factor) / math.log(size):.2f})"
            )


if __name__ == "__main__":
    main()
