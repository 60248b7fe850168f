from __future__ import annotations

from sovereignty.questionnaire.loader import QuestionBank
from sovereignty.questionnaire.present import format_value, plural


def test_nouns_agree_with_their_count() -> None:
    assert plural("sous-traitant", 1) == "sous-traitant"
    assert plural("sous-traitant", 5) == "sous-traitants"
    assert plural("flux de données", 3) == "flux de données"
    assert plural("sub-processor", 2) == "sub-processors"
    assert plural("donnée de santé", 2) == "données de santé"


def test_a_list_of_records_is_counted_and_named(mini_bank: QuestionBank) -> None:
    question = mini_bank.by_id["subprocessors.list"]
    records = [{"name": "CloudCo", "country": "fr"}, {"name": "Backup SA", "country": "fr"}]
    assert format_value(question, records, "fr") == "2 sous-traitants (CloudCo, Backup SA)"
    assert format_value(question, records[:1], "en") == "1 sub-processor (CloudCo)"


def test_an_empty_selection_reads_as_a_dash(mini_bank: QuestionBank) -> None:
    assert format_value(mini_bank.by_id["hosting.hds_scope"], [], "fr") == "—"
