"""Reading and writing YAML safely.

- Only plain data (``SafeLoader``); anchors and aliases are refused (a "billion laughs" file would
  otherwise expand exponentially once validated).
- YAML 1.1 reads bare ``yes``/``no``/``on``/``off`` as booleans; here only ``true``/``false`` are
  booleans, so a choice value ``no`` stays the string "no". Dates stay strings as well.
- Every loaded document keeps a map from data paths to line/column, so validation errors can say
  ``answers.yaml: line 12, column 5: ...``.
- Writes are atomic: a temporary file in the same folder, fsync, then ``os.replace``.
"""

from __future__ import annotations

import os
import re
import stat
import tempfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from sovereignty.core.errors import ContentError, Problem
from sovereignty.core.model import Text

MAX_YAML_BYTES = 20 * 1024 * 1024

Loc = tuple[str | int, ...]


# libyaml's parser when present (about 10x faster on a question bank), else the Python one.
_BaseLoader: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _StrictBoolLoader(_BaseLoader):  # type: ignore[misc]
    """SafeLoader where only true/false (any case) are booleans."""


# Dates and times stay strings too: models validate them, with a message that says where
# (an impossible date such as 2025-13-02 would otherwise fail inside the YAML constructor).
_IMPLICIT_DROPPED = {"tag:yaml.org,2002:bool", "tag:yaml.org,2002:timestamp"}
_StrictBoolLoader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag not in _IMPLICIT_DROPPED]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
for _first in "tTfF":
    _StrictBoolLoader.yaml_implicit_resolvers.setdefault(_first, []).insert(
        0, ("tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"))
    )


@dataclass
class YamlDocument:
    """Loaded data plus where each part of it came from."""

    path: Path
    data: Any
    marks: dict[Loc, tuple[int, int]] = field(default_factory=dict)

    def where(self, loc: Iterable[str | int]) -> str:
        """The line and column of the deepest known part of ``loc``."""
        parts = tuple(loc)
        while parts and parts not in self.marks:
            parts = parts[:-1]
        line, column = self.marks.get(parts, (0, 0))
        return f"line {line}, column {column}" if line else ""


def data_loc(data: Any, loc: Iterable[str | int]) -> Loc:
    """A pydantic error location without the union tags it inserts (e.g. the question type).

    pydantic puts the discriminator value in the location of a tagged-union member
    (``sections.0.questions.3.single_choice.label``); the data has no such key.
    """
    cleaned: list[str | int] = []
    current = data
    for part in loc:
        if (
            isinstance(current, dict)
            and part not in current
            and isinstance(part, str)
            and (part in (current.get("type"), current.get("op")) or "[" in part)
        ):
            continue
        cleaned.append(part)
        try:
            current = current[part]
        except (KeyError, IndexError, TypeError):
            current = None
    return tuple(cleaned)


class _AliasFound(Exception):
    def __init__(self, node: yaml.Node) -> None:
        self.node = node


class _DuplicateKey(Exception):
    def __init__(self, node: yaml.Node, key: str) -> None:
        self.node = node
        self.key = key


class _TooDeep(Exception):
    def __init__(self, node: yaml.Node) -> None:
        self.node = node


# No file of ours nests deeper than a dozen levels; a deeper one is hostile or broken, and
# refusing it keeps every later walk over the data (validation, hashing) well inside Python's
# recursion limit.
MAX_DEPTH = 64


def _index_marks(node: yaml.Node, marks: dict[Loc, tuple[int, int]]) -> None:
    """Record where each part of the document is; iterative, so depth cannot crash it."""
    seen: set[int] = set()
    stack: list[tuple[yaml.Node, Loc]] = [(node, ())]
    while stack:
        node, loc = stack.pop()
        if id(node) in seen:  # the same node twice: an alias
            raise _AliasFound(node)
        if len(loc) > MAX_DEPTH:
            raise _TooDeep(node)
        if isinstance(node, yaml.MappingNode | yaml.SequenceNode):
            seen.add(id(node))
        marks[loc] = (node.start_mark.line + 1, node.start_mark.column + 1)
        if isinstance(node, yaml.MappingNode):
            keys: set[str] = set()
            for key_node, value_node in node.value:
                key = key_node.value if isinstance(key_node, yaml.ScalarNode) else str(key_node)
                if key in keys:  # YAML would silently keep the last one
                    raise _DuplicateKey(key_node, key)
                keys.add(key)
                stack.append((value_node, (*loc, key)))
        elif isinstance(node, yaml.SequenceNode):
            stack.extend((item, (*loc, i)) for i, item in enumerate(node.value))


def parse_yaml(text: str, path: Path) -> YamlDocument:
    """Parse one YAML document from text; errors name the file and the line."""
    try:
        loader = _StrictBoolLoader(text)
        try:
            node = loader.get_single_node()
            marks: dict[Loc, tuple[int, int]] = {}
            if node is not None:
                _index_marks(node, marks)
            data = loader.construct_document(node) if node is not None else None
        finally:
            loader.dispose()
    except _AliasFound as found:
        mark = found.node.start_mark
        raise ContentError(
            path,
            Problem(
                f"line {mark.line + 1}, column {mark.column + 1}",
                Text(
                    fr="les ancres et alias YAML (&, *) ne sont pas acceptés ; écrivez la valeur "
                    "en entier",
                    en="YAML anchors and aliases (&, *) are not accepted; write the value out",
                ),
            ),
        ) from None
    except _TooDeep as deep:
        mark = deep.node.start_mark
        raise ContentError(
            path,
            Problem(
                f"line {mark.line + 1}, column {mark.column + 1}",
                Text(
                    fr=f"imbrication trop profonde (plus de {MAX_DEPTH} niveaux)",
                    en=f"nested too deeply (more than {MAX_DEPTH} levels)",
                ),
            ),
        ) from None
    except RecursionError:  # the pure-Python parser, where libyaml is missing
        raise ContentError(
            path,
            Text(
                fr=f"imbrication trop profonde (plus de {MAX_DEPTH} niveaux)",
                en=f"nested too deeply (more than {MAX_DEPTH} levels)",
            ),
        ) from None
    except _DuplicateKey as duplicate:
        mark = duplicate.node.start_mark
        raise ContentError(
            path,
            Problem(
                f"line {mark.line + 1}, column {mark.column + 1}",
                Text(
                    fr=f"la clé {duplicate.key!r} figure deux fois dans la même table ; "
                    "n'en gardez qu'une",
                    en=f"the key {duplicate.key!r} appears twice in the same mapping; keep one",
                ),
            ),
        ) from None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark
        where = f"line {mark.line + 1}, column {mark.column + 1}" if mark else ""
        raise ContentError(path, Problem(where, _not_yaml(exc.problem))) from None
    except yaml.YAMLError as exc:
        raise ContentError(path, _not_yaml(exc)) from None
    except (ValueError, TypeError, OverflowError) as exc:  # an explicit !!tag with a bad value
        raise ContentError(path, _not_yaml(exc)) from None
    return YamlDocument(path=path, data=data, marks=marks)


# The parser's most frequent reasons, in French; any other stays in the parser's English.
_REASONS_FR = {
    "did not find expected node content": "une valeur est attendue ici",
    "mapping values are not allowed": "un « : » est mal placé (une valeur contenant « : » doit "
    "être entre guillemets)",
    "could not find expected ':'": "un « : » est attendu après la clé",
    "found character that cannot start any token": "un caractère ne peut pas commencer une "
    "valeur ici (une tabulation ? indentez avec des espaces)",
    "found unexpected end of stream": "le fichier s'arrête avant la fin d'un texte entre "
    "guillemets",
    "did not find expected key": "une clé est attendue ici (indentation ?)",
    "did not find expected ',' or '}'": "« , » ou « } » attendu",
    "did not find expected ',' or ']'": "« , » ou « ] » attendu",
    "found undefined alias": "alias non défini",
    "exceeded maximum nesting depth": "imbrication trop profonde",
}


def _not_yaml(reason: object) -> Text:
    text = str(reason)
    french = next((fr for en, fr in _REASONS_FR.items() if text.startswith(en)), text)
    return Text(fr=f"YAML non valide : {french}", en=f"not valid YAML: {text}")


def regular_file_size(path: Path) -> int:
    """The size of ``path``, refusing what is missing, a folder, or not a regular file.

    A device, FIFO or socket would be read forever (``/dev/zero``) or block (a FIFO), and
    ``stat`` gives them a size of 0, so size limits alone do not protect from them.
    """
    try:
        info = path.stat()
    except FileNotFoundError:
        raise ContentError(path, Text(fr="fichier introuvable", en="file not found")) from None
    except OSError as exc:
        raise ContentError(path, _unreadable(exc)) from None
    if stat.S_ISDIR(info.st_mode):
        raise ContentError(
            path,
            Text(
                fr="est un dossier ; un fichier est attendu", en="is a folder, a file was expected"
            ),
        )
    if not stat.S_ISREG(info.st_mode):
        raise ContentError(
            path,
            Text(
                fr="n'est pas un fichier ordinaire (périphérique, tube ou socket) ; un fichier "
                "est attendu",
                en="is not a regular file (a device, pipe or socket); a file was expected",
            ),
        )
    return info.st_size


def read_bytes(path: Path, max_bytes: int) -> bytes:
    """The content of a regular file of at most ``max_bytes`` bytes."""
    size = regular_file_size(path)
    if size > max_bytes:
        raise _too_large(path, size, max_bytes)
    try:
        # O_NONBLOCK: should the file be swapped for a FIFO after the check, open does not block
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
        with os.fdopen(fd, "rb") as handle:
            if not stat.S_ISREG(os.fstat(handle.fileno()).st_mode):
                raise ContentError(
                    path,
                    Text(fr="n'est pas un fichier ordinaire", en="is not a regular file"),
                )
            data = handle.read(max_bytes + 1)
    except OSError as exc:
        raise ContentError(path, _unreadable(exc)) from None
    if len(data) > max_bytes:  # it grew meanwhile
        raise _too_large(path, len(data), max_bytes)
    return data


def _too_large(path: Path, size: int, max_bytes: int) -> ContentError:
    return ContentError(
        path,
        Text(
            fr=f"trop volumineux ({size:_} octets ; au plus {max_bytes:_} acceptés)".replace(
                "_", " "
            ),
            en=f"too large ({size:,} bytes; at most {max_bytes:,} accepted)",
        ),
    )


def read_text(path: Path, max_bytes: int = MAX_YAML_BYTES) -> str:
    """Read a UTF-8 text file we were given, refusing what is missing, huge or not text."""
    data = read_bytes(path, max_bytes)
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise ContentError(
            path,
            Text(
                fr=f"pas un texte UTF-8 (octet {exc.start}) ; enregistrez-le en UTF-8",
                en=f"not UTF-8 text (byte {exc.start}); save it as UTF-8",
            ),
        ) from None


def _unreadable(exc: OSError) -> Text:
    # strerror comes from the system, in its own language
    return Text(fr=f"illisible : {exc.strerror}", en=f"cannot be read: {exc.strerror}")


def load_yaml(path: Path) -> YamlDocument:
    return parse_yaml(read_text(path), path)


def dump_yaml(data: Any, dumper: Any = None) -> str:
    return yaml.dump(
        data,
        Dumper=dumper or _Dumper,
        allow_unicode=True,
        sort_keys=False,
        width=100,
        default_flow_style=False,
    )


class _PythonDumper(yaml.SafeDumper):
    """Quotes strings that a YAML 1.1 reader would take for booleans, e.g. 'no'."""


# libyaml's emitter where installed (the same text, several times quicker), else PyYAML's.
class _Dumper(getattr(yaml, "CSafeDumper", yaml.SafeDumper)):  # type: ignore[misc]
    """Quotes strings that a YAML 1.1 reader would take for booleans, e.g. 'no'."""


def _represent_str(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    if value.lower() in {"yes", "no", "on", "off", "y", "n"}:
        return dumper.represent_scalar("tag:yaml.org,2002:str", value, style="'")
    if "\n" in value:
        return dumper.represent_scalar("tag:yaml.org,2002:str", value, style="|")
    return dumper.represent_str(value)


_Dumper.add_representer(str, _represent_str)
_PythonDumper.add_representer(str, _represent_str)


def write_atomic(
    path: Path, content: str | bytes, before_replace: Callable[[], None] | None = None
) -> None:
    """Replace ``path`` with ``content`` so that a crash leaves the old or the new file, whole.
    ``before_replace`` runs once the temporary file is complete, before the rename."""
    tmp = temporary_file(path, content)
    try:
        if before_replace is not None:
            before_replace()
        replace_durably(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def replace_durably(tmp: Path, path: Path) -> None:
    """Rename ``tmp`` over ``path``, then sync the folder so the rename survives a crash
    (best effort: some file systems cannot sync a folder)."""
    os.replace(tmp, path)
    try:
        dir_fd = os.open(path.parent, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(dir_fd)
    except OSError:
        pass
    finally:
        os.close(dir_fd)


def temporary_file(path: Path, content: str | bytes) -> Path:
    """``content``, whole and synced, in a new temporary file beside ``path`` (with the mode
    ``path`` has, or a plain ``open()`` would give): what an atomic write renames into place."""
    path.parent.mkdir(parents=True, exist_ok=True)
    data = content.encode("utf-8") if isinstance(content, str) else content
    fd, name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        # mkstemp creates 0600; give the file the mode a plain open() would (or the old one's)
        try:
            mode = path.stat().st_mode & 0o777
        except FileNotFoundError:
            umask = os.umask(0)
            os.umask(umask)
            mode = 0o666 & ~umask
        os.fchmod(fd, mode)
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
    except BaseException:
        Path(name).unlink(missing_ok=True)
        raise
    return Path(name)


def write_yaml(path: Path, data: Any, header: str = "") -> None:
    write_atomic(path, header + dump_yaml(data))
