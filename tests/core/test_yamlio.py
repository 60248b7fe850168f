from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

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


_BMP = st.characters(max_codepoint=0xFFFF, exclude_categories=("Cs",))
_SCALARS = st.one_of(
    st.text(_BMP, max_size=30),
    st.sampled_from(["no", "Yes", "off", "y", " leading", "a: b", "#x", "- x", "ligne\nsuivante"]),
    st.integers(),
    st.floats(allow_nan=False),
    st.booleans(),
    st.none(),
)
# emoji and other characters beyond the basic plane are tried by the fuzz tests
_DATA = st.recursive(
    _SCALARS,
    lambda inner: (
        st.lists(inner, max_size=4)
        | st.dictionaries(st.text(_BMP, min_size=1, max_size=8), inner, max_size=4)
    ),
    max_leaves=20,
)


@given(st.dictionaries(st.text(max_size=8), _DATA, max_size=5))
def test_what_is_written_reads_back_as_it_was(data: dict[str, object]) -> None:
    assert parse_yaml(dump_yaml(data), Path("x.yaml")).data == data


def test_libyaml_writes_our_files_as_pyyaml_does() -> None:
    """libyaml, where installed, writes the files we write (answer sheets, grids, clause
    libraries) in the same text as PyYAML. Not every string: it escapes characters beyond the
    basic plane (emoji) and writes an empty key differently, the same data read back alike."""
    from sovereignty.core import yamlio
    from sovereignty.core.resources import data_dir

    files = [
        *data_dir("examples").rglob("*.yaml"),
        *Path(yamlio.__file__).parents[1].rglob("data/**/*.yaml"),
    ]
    assert len(files) > 20
    for path in files:
        data = load_yaml(path).data
        assert dump_yaml(data) == dump_yaml(data, yamlio._PythonDumper), path
