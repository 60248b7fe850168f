"""The three-valued combinators of the classification: Kleene logic, citing what decides."""

from __future__ import annotations

from itertools import product

from sovereignty.aiact.model import Reason
from sovereignty.aiact.verdict import Verdict, all_of, any_of
from sovereignty.core.model import Text

VALUES: tuple[bool | None, ...] = (True, False, None)


def _part(i: int, value: bool | None) -> Verdict:
    reason = Reason(key=f"r{i}", text=Text(fr=f"motif {i}", en=f"reason {i}"), legal=("AIA",))
    return Verdict(value, (reason,), (f"q{i}",) if value is None else ())


def _kleene_and(values: tuple[bool | None, ...]) -> bool | None:
    if False in values:
        return False
    return None if None in values else True


def _kleene_or(values: tuple[bool | None, ...]) -> bool | None:
    if True in values:
        return True
    return None if None in values else False


def test_all_of_and_any_of_follow_kleene_logic_and_keep_the_deciding_reasons() -> None:
    for values in (v for n in (1, 2, 3) for v in product(VALUES, repeat=n)):
        parts = [_part(i, v) for i, v in enumerate(values)]
        for combine, expected, decisive in (
            (all_of, _kleene_and(values), False),
            (any_of, _kleene_or(values), True),
        ):
            verdict = combine(*parts)
            assert verdict.value is expected, (combine.__name__, values)
            if expected is decisive:  # only the parts that settle it are cited
                assert [r.key for r in verdict.reasons] == [
                    f"r{i}" for i, v in enumerate(values) if v is decisive
                ]
                assert verdict.deciding == ()
            else:
                assert len(verdict.reasons) == len(values)
                undecided = [f"q{i}" for i, v in enumerate(values) if v is None]
                assert list(verdict.deciding) == (undecided if expected is None else [])
