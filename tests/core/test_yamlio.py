from __future__ import annotations

import os
from pathlib import Path

import pytest

from sovereignty.core.errors import ContentError
from sovereignty.core.yamlio import dump_yaml, load_yaml, parse_yaml, write_atomic


def test_bare_yes_and_no_stay_strings_but_true_is_a_boolean() -> None:
    doc = parse_yaml("a: yes\nb: no\nc: on\nd: true\n", Path("x.yaml"))
    assert doc.data == {"a": "yes", "b": "no", "c": "on", "d": True}


def test_dumped_strings_that_look_like_booleans_are_quoted() -> None:
    text = dump_yaml({"v": "no", "w": "yes"})
    assert parse_yaml(text, Path("x.yaml")).data == {"v": "no", "w": "yes"}
    assert "'no'" in text


def test_invalid_yaml_names_the_file_and_line() -> None:
    with pytest.raises(ContentError) as info:
        parse_yaml("a: 1\nb: [unclosed\n", Path("bad.yaml"))
    assert "bad.yaml" in str(info.value)
    assert "line 3, column 1" in str(info.value)


def test_anchors_and_aliases_are_refused() -> None:
    bomb = "a: &a [x, x]\nb: &b [*a, *a]\nc: [*b, *b]\n"
    with pytest.raises(ContentError, match="anchors and aliases"):
        parse_yaml(bomb, Path("bomb.yaml"))


def test_locations_point_at_the_value(tmp_path: Path) -> None:
    path = tmp_path / "f.yaml"
    path.write_text("answers:\n  q.one:\n    value: 3\n", encoding="utf-8")
    doc = load_yaml(path)
    assert doc.where(("answers", "q.one", "value")) == "line 3, column 12"
    assert doc.where(("answers", "q.one", "missing")) == "line 3, column 5"


def test_a_missing_binary_or_huge_file_is_reported_not_raised(tmp_path: Path) -> None:
    with pytest.raises(ContentError, match="file not found"):
        load_yaml(tmp_path / "nope.yaml")
    binary = tmp_path / "bin.yaml"
    binary.write_bytes(b"\xff\xfe\x00")
    with pytest.raises(ContentError, match="not UTF-8"):
        load_yaml(binary)
    huge = tmp_path / "huge.yaml"
    with huge.open("wb") as handle:
        handle.truncate(21 * 1024 * 1024)
    with pytest.raises(ContentError, match="too large"):
        load_yaml(huge)


def test_atomic_write_leaves_the_old_file_when_interrupted(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "sheet.yaml"
    write_atomic(path, "old\n")

    def crash(src: str, dst: str) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(os, "replace", crash)
    with pytest.raises(KeyboardInterrupt):
        write_atomic(path, "new\n")
    assert path.read_text() == "old\n"
    assert [p.name for p in tmp_path.iterdir()] == ["sheet.yaml"]


def test_atomic_write_gives_new_files_the_usual_mode_and_keeps_an_existing_mode(
    tmp_path: Path,
) -> None:
    old = os.umask(0o022)
    try:
        path = tmp_path / "new.yaml"
        write_atomic(path, "x")
        assert path.stat().st_mode & 0o777 == 0o644
        path.chmod(0o600)
        write_atomic(path, "y")
        assert path.stat().st_mode & 0o777 == 0o600
    finally:
        os.umask(old)


def test_dates_stay_strings_so_an_impossible_date_is_reported_by_validation() -> None:
    doc = parse_yaml("d: 2025-13-02\ne: 2025-01-02\n", Path("x.yaml"))
    assert doc.data == {"d": "2025-13-02", "e": "2025-01-02"}
    with pytest.raises(ContentError, match="not valid YAML"):
        parse_yaml("f: !!timestamp 2025-14-01\n", Path("x.yaml"))


def test_a_key_given_twice_is_refused_where_the_second_one_stands() -> None:
    text = "answers:\n  need.problem: {value: a}\n  need.problem: {value: b}\n"
    with pytest.raises(ContentError) as info:
        parse_yaml(text, Path("sheet.yaml"))
    assert "line 3, column 3" in str(info.value)
    assert "'need.problem' appears twice" in str(info.value)


def test_yaml_refusals_read_in_french_with_the_file_and_the_place(tmp_path: Path) -> None:
    with pytest.raises(ContentError) as info:
        load_yaml(tmp_path / "nope.yaml")
    assert info.value.render() == f"{tmp_path / 'nope.yaml'} : fichier introuvable"
    assert info.value.render("en") == f"{tmp_path / 'nope.yaml'}: file not found"
    text = "answers:\n  need.problem: {value: a}\n  need.problem: {value: b}\n"
    with pytest.raises(ContentError) as info:
        parse_yaml(text, Path("sheet.yaml"))
    assert info.value.render() == (
        "sheet.yaml : ligne 3, colonne 3 : la clé 'need.problem' figure deux fois dans la même "
        "table ; n'en gardez qu'une"
    )
    with pytest.raises(ContentError) as info:
        parse_yaml("a: 1\nb: [unclosed\n", Path("bad.yaml"))
    assert info.value.render().startswith("bad.yaml : ligne 3, colonne 1 : YAML non valide : ")


def test_the_parsers_usual_reasons_are_given_in_french() -> None:
    with pytest.raises(ContentError) as info:
        parse_yaml("a: b: c\n", Path("x.yaml"))
    assert "un « : » est mal placé" in info.value.render("fr")
    assert "mapping values are not allowed" in info.value.render("en")
