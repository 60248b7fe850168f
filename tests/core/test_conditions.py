from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pydantic import TypeAdapter, ValidationError

from sovereignty.core.conditions import (
    ABSENT,
    MISSING,
    UNKNOWN,
    Condition,
    DictFacts,
    describe,
    evaluate,
)

parse = TypeAdapter(Condition).validate_python


def test_equals_is_true_false_or_undetermined() -> None:
    cond = parse({"op": "equals", "question": "a", "value": "x"})
    assert evaluate(cond, DictFacts({"a": "x"})) is True
    assert evaluate(cond, DictFacts({"a": "y"})) is False
    assert evaluate(cond, DictFacts({"a": UNKNOWN})) is None
    assert evaluate(cond, DictFacts({})) is None


def test_an_answer_to_a_question_that_does_not_apply_equals_nothing() -> None:
    cond = parse({"op": "not", "condition": {"op": "equals", "question": "a", "value": "x"}})
    assert evaluate(cond, DictFacts({"a": ABSENT})) is True


def test_in_and_contains_read_multiple_choice_answers() -> None:
    facts = DictFacts({"m": ["a", "b"], "s": "b"})
    assert evaluate(parse({"op": "contains", "question": "m", "value": "b"}), facts) is True
    assert evaluate(parse({"op": "contains", "question": "m", "value": "c"}), facts) is False
    assert evaluate(parse({"op": "in", "question": "m", "values": ["c", "a"]}), facts) is True
    assert evaluate(parse({"op": "in", "question": "s", "values": ["a", "b"]}), facts) is True


def test_number_bounds_ignore_non_numbers() -> None:
    at_least = parse({"op": "at_least", "question": "n", "value": 3})
    assert evaluate(at_least, DictFacts({"n": 3})) is True
    assert evaluate(at_least, DictFacts({"n": 2.5})) is False
    assert evaluate(at_least, DictFacts({"n": "3"})) is False
    assert (
        evaluate(parse({"op": "at_most", "question": "n", "value": 3}), DictFacts({"n": 1})) is True
    )


def test_answered_is_never_undetermined() -> None:
    cond = parse({"op": "answered", "question": "a"})
    assert evaluate(cond, DictFacts({})) is False
    assert evaluate(cond, DictFacts({"a": UNKNOWN})) is False
    assert evaluate(cond, DictFacts({"a": "x"})) is True


def test_all_is_false_as_soon_as_one_part_is_false_even_if_another_is_undetermined() -> None:
    cond = parse(
        {
            "op": "all",
            "conditions": [
                {"op": "equals", "question": "a", "value": "x"},
                {"op": "equals", "question": "b", "value": "y"},
            ],
        }
    )
    assert evaluate(cond, DictFacts({"a": "z", "b": MISSING})) is False
    assert evaluate(cond, DictFacts({"a": "x", "b": MISSING})) is None


def test_regime_and_finding_are_undetermined_where_unknown_in_context() -> None:
    regime = parse({"op": "regime", "id": "gpai"})
    finding = parse({"op": "finding", "id": "HOST-01"})
    assert evaluate(regime, DictFacts({})) is None
    assert evaluate(regime, DictFacts({}, regimes=frozenset({"gpai"}))) is True
    assert evaluate(finding, DictFacts({}, findings=frozenset())) is False


def test_an_unknown_op_is_rejected_with_the_list_of_valid_ones() -> None:
    with pytest.raises(ValidationError, match="equals"):
        parse({"op": "eval", "question": "a", "value": "__import__('os')"})


def test_describe_renders_in_both_languages() -> None:
    cond = parse({"op": "not", "condition": {"op": "equals", "question": "a", "value": "x"}})
    assert describe(cond, "fr") == "non (« a » vaut « x »)"
    assert describe(cond, "en") == "not ('a' is 'x')"


# Property: Kleene logic agrees with classical logic whenever every leaf is decided,
# and an undetermined leaf never flips a decided result into its opposite.
leaf_values = st.sampled_from(["x", "y", UNKNOWN, MISSING])
conditions = st.recursive(
    st.builds(
        lambda q, v: {"op": "equals", "question": q, "value": v},
        st.sampled_from(["a", "b", "c"]),
        st.sampled_from(["x", "y"]),
    ),
    lambda children: st.one_of(
        st.builds(lambda c: {"op": "not", "condition": c}, children),
        st.builds(
            lambda cs: {"op": "all", "conditions": cs}, st.lists(children, min_size=1, max_size=3)
        ),
        st.builds(
            lambda cs: {"op": "any", "conditions": cs}, st.lists(children, min_size=1, max_size=3)
        ),
    ),
    max_leaves=8,
)


def _classical(cond: dict, values: dict) -> bool:
    match cond["op"]:
        case "equals":
            return values[cond["question"]] == cond["value"]
        case "not":
            return not _classical(cond["condition"], values)
        case "all":
            return all(_classical(c, values) for c in cond["conditions"])
        case "any":
            return any(_classical(c, values) for c in cond["conditions"])
    raise AssertionError(cond)


@given(conditions, st.fixed_dictionaries({k: leaf_values for k in "abc"}))
def test_three_valued_logic_is_consistent_with_every_completion(cond: dict, values: dict) -> None:
    result = evaluate(parse(cond), DictFacts(values))
    undecided = [k for k, v in values.items() if v in (UNKNOWN, MISSING)]
    completions = [{}]
    for key in undecided:
        completions = [{**c, key: v} for c in completions for v in ("x", "y")]
    outcomes = {_classical(cond, {**values, **c}) for c in completions}
    if result is None:
        assert len(outcomes) >= 1
    else:
        assert outcomes == {result}
