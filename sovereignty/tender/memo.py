"""Values computed from files, kept while those files are unchanged.

One command, or the demo's steps, asks several times for what the same files give: the grid,
the comparison of the offers, an offer's analysis. Each is computed once and given again while
every file it was made from has the same device, inode, size, modification and change times
(an atomic write replaces the inode; an edit by hand changes the times), so a file changed on
disk, by a step of the same command or by a person, is always read again.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Hashable, Iterable
from pathlib import Path
from typing import Any, TypeVar

Stamp = tuple[tuple[int, int, int, int, int] | None, ...]
T = TypeVar("T")


def stamp(paths: Iterable[Path]) -> Stamp:
    """What identifies each file's content as read, or None when it is absent. A folder
    stands for its list of entries (adding or removing one changes its modification time);
    give its files too when their content matters."""
    found: list[tuple[int, int, int, int, int] | None] = []
    for path in paths:
        try:
            st = os.stat(path)
        except (FileNotFoundError, NotADirectoryError):
            found.append(None)
        else:  # the change time too: a file system with coarse modification times
            found.append((st.st_dev, st.st_ino, st.st_size, st.st_mtime_ns, st.st_ctime_ns))
    return tuple(found)


class FileMemo:
    """Computed values by key, each with the stamp of the files it was made from."""

    def __init__(self) -> None:
        self._kept: dict[Hashable, tuple[Stamp, Any]] = {}

    def get(self, key: Hashable, paths: Iterable[Path], compute: Callable[[], T]) -> T:
        """The value kept for ``key`` if ``paths`` are unchanged since, else ``compute()``."""
        now = stamp(paths)
        kept = self._kept.get(key)
        if kept is not None and kept[0] == now:
            value: T = kept[1]
            return value
        value = compute()
        self._kept[key] = (now, value)
        return value
