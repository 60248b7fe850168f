from __future__ import annotations

from pathlib import Path

from sovereignty.tender.journal import append, read_journal, verify_journal


def test_entries_are_appended_in_order_with_actor_and_details(tmp_path: Path) -> None:
    path = tmp_path / "journal.jsonl"
    append(path, "a", "alice", n=1)
    append(path, "b", "bob", n=2)
    entries = read_journal(path)
    assert [(e.action, e.actor, e.details["n"]) for e in entries] == [
        ("a", "alice", 1),
        ("b", "bob", 2),
    ]
    assert verify_journal(path) == []


def test_an_edited_or_removed_line_breaks_the_chain(tmp_path: Path) -> None:
    path = tmp_path / "journal.jsonl"
    for i in range(4):
        append(path, "step", "alice", n=i)
    lines = path.read_text().splitlines()
    edited = [*lines[:1], lines[1].replace('"n": 1', '"n": 7'), *lines[2:]]
    path.write_text("\n".join(edited) + "\n")
    assert [(p.where, p.says("en")) for p in verify_journal(path)] == [
        ("line 2", "this entry was edited")
    ]
    assert [p.render("fr") for p in verify_journal(path)] == [
        "ligne 2 : cette entrée a été modifiée"
    ]
    path.write_text("\n".join([lines[0], *lines[2:]]) + "\n")
    assert [p.where for p in verify_journal(path)] == ["line 2"]


def test_the_actor_defaults_to_the_configured_user(tmp_path: Path) -> None:
    path = tmp_path / "journal.jsonl"
    append(path, "x")
    assert read_journal(path)[0].actor == "test-user"


def _append_many(path: str, count: int) -> None:
    from pathlib import Path as _Path

    for i in range(count):
        append(_Path(path), "step", "worker", n=i)


def test_concurrent_writers_keep_the_chain_whole(tmp_path: Path) -> None:
    import multiprocessing

    path = tmp_path / "journal.jsonl"
    context = multiprocessing.get_context("fork")
    workers = [context.Process(target=_append_many, args=(str(path), 25)) for _ in range(4)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    assert len(read_journal(path)) == 100
    assert verify_journal(path) == []
