"""A static check of a template's variables against the context it will be rendered with.

Jinja only reports top-level names (``meta.find_undeclared_variables``) and StrictUndefined
only fails on the branch that runs; a legal team editing a template wants every typo named at
once, with a suggestion. This walks the template's syntax tree, follows ``for`` loops into list
items and checks each ``a.b.c`` path against the shape of the real context.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from jinja2 import nodes

from sovereignty.core.errors import did_you_mean
from sovereignty.core.model import Text


class _Any:
    """Shape of a value we cannot see into (an empty list's items, a loop variable...)."""


ANY = _Any()
LEAF = "leaf"
_DICT_ATTRIBUTES = frozenset(dir(dict))  # ``x.items`` is the method, even if x has "items"
_GLOBALS = {"range", "dict", "lipsum", "cycler", "joiner", "namespace", "loop", "true", "false"}


@dataclass(frozen=True)
class ListShape:
    item: Any


def shape(value: Any) -> Any:
    """The shape of a context value: dict of shapes, ListShape, LEAF or ANY."""
    if isinstance(value, Mapping):
        return {str(k): shape(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        items = [shape(v) for v in value]
        if not items:
            return ListShape(ANY)
        if all(isinstance(i, dict) for i in items):
            merged: dict[str, Any] = {}
            for item in items:
                for key, sub in item.items():
                    merged.setdefault(key, sub)
            return ListShape(merged)
        return ListShape(items[0])
    return LEAF


def unknown_variables(ast: nodes.Template, context: Mapping[str, Any]) -> list[Text]:
    checker = _Checker(shape(context))
    checker.visit(ast, dict(checker.root))
    return list(dict.fromkeys(checker.problems))


class _Checker:
    def __init__(self, root: dict[str, Any]) -> None:
        self.root = root
        self.problems: list[Text] = []

    def visit(self, node: nodes.Node, scope: dict[str, Any]) -> None:
        if isinstance(node, nodes.For):
            iterated = self.resolve(node.iter, scope)
            item = iterated.item if isinstance(iterated, ListShape) else ANY
            inner = dict(scope)
            self._bind(node.target, item, inner)
            inner["loop"] = ANY
            for child in [*node.body, *node.else_]:
                self.visit(child, inner)
            if node.test is not None:
                self.visit(node.test, inner)
            return
        if isinstance(node, nodes.Assign | nodes.AssignBlock):
            if isinstance(node, nodes.Assign):
                self.visit(node.node, scope)
            self._bind(node.target, ANY, scope)
            return
        if isinstance(node, nodes.Name | nodes.Getattr | nodes.Getitem | nodes.Call):
            self.resolve(node, scope)
            return
        for child in node.iter_child_nodes():
            self.visit(child, scope)

    def _bind(self, target: nodes.Node, value: Any, scope: dict[str, Any]) -> None:
        if isinstance(target, nodes.Name):
            scope[target.name] = value
        elif isinstance(target, nodes.Tuple):
            for item in target.items:
                self._bind(item, ANY, scope)

    def resolve(self, node: nodes.Node, scope: dict[str, Any]) -> Any:
        """The shape ``node`` evaluates to, recording unknown names and attributes."""
        if isinstance(node, nodes.Name):
            if node.name in scope:
                return scope[node.name]
            if node.name not in _GLOBALS:
                self.problems.append(self._unknown(node.name, scope, "variable"))
            return ANY
        if isinstance(node, nodes.Getattr | nodes.Getitem):
            base = self.resolve(node.node, scope)
            key = node.attr if isinstance(node, nodes.Getattr) else _const(node.arg)
            if isinstance(node, nodes.Getitem) and key is None:
                self.visit(node.arg, scope)
                return base.item if isinstance(base, ListShape) else ANY
            if isinstance(base, dict):
                if isinstance(node, nodes.Getattr) and key in _DICT_ATTRIBUTES:
                    base_path = _path(node.node)
                    self.problems.append(
                        Text(
                            fr=f"'{base_path}.{key}' lit la méthode de dict {key!r}, pas le "
                            f"champ : écrivez {base_path}[{key!r}]",
                            en=f"'{base_path}.{key}' reads the dict method {key!r}, not the "
                            f"field: write {base_path}[{key!r}]",
                        )
                    )
                    return ANY
                if key in base:
                    return base[key]
                self.problems.append(self._unknown(_path(node.node), base, "field", key))
                return ANY
            return ANY
        if isinstance(node, nodes.Call) and isinstance(node.node, nodes.Getattr):
            self.resolve(node.node.node, scope)  # a method call: check what it is called on
            for child in [*node.args, *node.kwargs]:
                self.visit(child, scope)
            return ANY
        if isinstance(node, nodes.Filter | nodes.Test | nodes.Call):
            for child in node.iter_child_nodes():
                self.visit(child, scope)
            return ANY
        self.visit(node, scope)
        return ANY

    def _unknown(self, name: str, known: Mapping[str, Any], kind: str, key: str = "") -> Text:
        candidates = [k for k in known if not k.startswith("__")]
        fr_hint, en_hint = did_you_mean(key or name, candidates)
        listing = ", ".join(sorted(candidates)[:30])
        if kind == "variable":
            return Text(
                fr=f"variable inconnue {name!r}{fr_hint} (disponibles : {listing})",
                en=f"unknown variable {name!r}{en_hint} (available: {listing})",
            )
        return Text(
            fr=f"{name!r} : pas de champ {key!r} ici{fr_hint} (disponibles : {listing})",
            en=f"{name!r}: no {kind} {key!r} here{en_hint} (available: {listing})",
        )


def _const(node: nodes.Node) -> Any:
    return node.value if isinstance(node, nodes.Const) and isinstance(node.value, str) else None


def _path(node: nodes.Node) -> str:
    if isinstance(node, nodes.Name):
        return node.name
    if isinstance(node, nodes.Getattr):
        return f"{_path(node.node)}.{node.attr}"
    if isinstance(node, nodes.Getitem):
        key = _const(node.arg)
        return f"{_path(node.node)}[{key!r}]" if key is not None else f"{_path(node.node)}[...]"
    return "…"
