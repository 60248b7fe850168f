"""The layers of sovereignty/__init__.py, checked on the source: who may import whom."""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).parent.parent / "sovereignty"

# Each heavy or interface library is imported by one place only.
OWNERS = {
    "click": ("sovereignty.cli",),
    "questionary": ("sovereignty.prompts",),
    "prompt_toolkit": ("sovereignty.prompts",),
    "docxtpl": ("sovereignty.documents.render",),
    "docx": ("sovereignty.documents.render",),
    "jinja2": ("sovereignty.documents",),
    "openpyxl": ("sovereignty.forms",),
    "networkx": ("sovereignty.dataflow.graph",),
    "scipy": ("sovereignty.dataflow.analyses.sparse",),
    "igraph": ("sovereignty.dataflow.analyses.sparse",),
    "numpy": ("sovereignty.dataflow",),
    "PIL": ("sovereignty.core.picture", "sovereignty.core.png"),
}
DOMAIN = {"questionnaire", "aiact", "findings", "dataflow", "scoring", "clauses"}
# What each layer must never import (layers only import from below them).
FORBIDDEN = {
    "core": DOMAIN | {"tender", "services", "documents", "forms", "prompts", "cli"},
    **{d: {"tender", "services", "documents", "forms", "prompts", "cli"} for d in DOMAIN},
    "tender": {"services", "documents", "forms", "prompts", "cli"},
    "analysis": {"services", "documents", "forms", "prompts", "cli"},
    "register": {"services", "documents", "forms", "prompts", "cli"},
    "documents": {"services", "prompts", "cli"},
    "forms": {"services", "documents", "prompts", "cli"},
    "services": {"prompts", "cli"},
    "prompts": {"cli"},
}


def imports() -> list[tuple[str, str]]:
    """(importing module, imported module) for every import, function-level ones included."""
    found = []
    for path in PACKAGE.rglob("*.py"):
        module = ".".join(path.relative_to(PACKAGE.parent).with_suffix("").parts)
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                found += [(module, alias.name) for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                found.append((module, node.module))
    return found


def test_heavy_and_interface_libraries_are_imported_in_one_place_each() -> None:
    wrong = [
        (module, name)
        for module, name in imports()
        if name.split(".")[0] in OWNERS and not module.startswith(OWNERS[name.split(".")[0]])
    ]
    assert wrong == []


def test_each_layer_imports_only_from_the_layers_below() -> None:
    wrong = []
    for module, name in imports():
        if not name.startswith("sovereignty.") or module.count(".") < 1:
            continue
        layer, target = module.split(".")[1], name.split(".")[1]
        if target in FORBIDDEN.get(layer, set()):
            wrong.append((module, name))
    assert wrong == []
