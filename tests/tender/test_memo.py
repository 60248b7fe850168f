"""What a command computed from files is given again only while the files are unchanged."""

from __future__ import annotations

import os
from pathlib import Path

from sovereignty.core.yamlio import write_atomic
from sovereignty.tender.memo import FileMemo, stamp


def counted(memo: FileMemo, paths: list[Path], calls: list[int]) -> int:
    def compute() -> int:
        calls.append(1)
        return len(calls)

    return memo.get("key", paths, compute)


def test_a_value_is_kept_while_its_files_are_unchanged(tmp_path: Path) -> None:
    grid = tmp_path / "profile.yaml"
    grid.write_text("a: 1\n")
    memo, calls = FileMemo(), []
    assert counted(memo, [grid], calls) == 1
    assert counted(memo, [grid], calls) == 1
    assert len(calls) == 1


def test_an_atomic_rewrite_an_edit_in_place_a_removal_or_a_creation_computes_again(
    tmp_path: Path,
) -> None:
    grid, absent = tmp_path / "profile.yaml", tmp_path / "overrides.yaml"
    grid.write_text("a: 1\n")
    memo, calls = FileMemo(), []
    counted(memo, [grid, absent], calls)
    write_atomic(grid, b"a: 1\n")  # same bytes, new inode
    assert counted(memo, [grid, absent], calls) == 2
    with grid.open("a") as handle:  # by hand, in place
        handle.write("b: 2\n")
    assert counted(memo, [grid, absent], calls) == 3
    absent.write_text("x: 1\n")
    assert counted(memo, [grid, absent], calls) == 4
    grid.unlink()
    assert counted(memo, [grid, absent], calls) == 5
    assert counted(memo, [grid, absent], calls) == 5


def test_the_same_size_edited_by_hand_later_is_seen_by_its_time(tmp_path: Path) -> None:
    grid = tmp_path / "profile.yaml"
    grid.write_text("a: 1\n")
    memo, calls = FileMemo(), []
    counted(memo, [grid], calls)
    grid.write_text("a: 2\n")
    info = grid.stat()
    os.utime(grid, ns=(info.st_atime_ns, info.st_mtime_ns + 1_000_000))
    assert counted(memo, [grid], calls) == 2


def test_a_folder_stands_for_its_list_of_entries(tmp_path: Path) -> None:
    folder = tmp_path / "evaluations"
    folder.mkdir()
    before = stamp([folder])
    (folder / "jeanne.yaml").write_text("x: 1\n")
    assert stamp([folder]) != before
