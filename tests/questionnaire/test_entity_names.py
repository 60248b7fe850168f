"""Questions whose answer names an organisation accept names only; the graph never makes an
organisation up from a reference to another document, a placeholder or an empty flow end."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest

from sovereignty.core.errors import ContentError
from sovereignty.dataflow.answers import OfferAnswers
from sovereignty.dataflow.build import HospitalSide, build_offer_model
from sovereignty.questionnaire.names import document_reference, name_problem, says_none
from sovereignty.questionnaire.validate import value_problem
from sovereignty.services.assess import Assessment, Reply
from sovereignty.services.demo import build_demo_tender
from sovereignty.services.offer import load_offer
from sovereignty.tender.folder import Tender
from tests.hand_edit import sheet_edit

REFERENCES = [
    "Voir mémoire technique, p. 12",
    "voir MT §4.2",
    "Cf. annexe 3",
    "See technical proposal, page 7",
    "Se reporter au dossier technique",
    "N/C",
    "NA",
    "Confidentiel",
    "?",
    "—",
    "Sur demande",
]
NAMES = [
    "Stratus Web Services EMEA SARL",
    "Ligérien Datacenters SAS",
    "NorthBridge Imaging Holdings Inc.",
    "Meridian AI Inc.",
    "Groupe Armor Numérique SA",
    "3D Systems Europe Ltd",
    "L'Hébergeur Français",
]


@pytest.mark.parametrize("text", REFERENCES)
def test_a_reference_or_a_placeholder_is_not_a_name(text: str) -> None:
    assert document_reference(text) is not None
    problem = name_problem(text)
    assert problem is not None
    assert "n'est pas le nom d'une organisation" in problem.fr
    assert "is not the name of an organisation" in problem.en


@pytest.mark.parametrize("text", NAMES)
def test_names_are_names(text: str) -> None:
    assert name_problem(text) is None


def test_a_name_is_one_line_and_not_a_text() -> None:
    assert name_problem("Stratus\nWeb Services") is not None
    assert name_problem("Stratus " * 40) is not None
    assert says_none("Aucun") and says_none("none.") and not says_none("Nonet SAS")


def test_the_bank_marks_the_questions_that_name_an_organisation(shipped_bank: Any) -> None:
    entity = {q.id for q in shipped_bank.questions if getattr(q, "entity", False)}
    assert {"hosting.provider_name", "hosting.provider_parent", "aiact.provider_parent"} <= entity
    fields = {
        f.id for f in shipped_bank.by_id["subprocessors.list"].fields if getattr(f, "entity", 0)
    }
    assert fields == {"name", "parent_company"}
    provider = shipped_bank.by_id["hosting.provider_name"]
    problem = value_problem(provider, "Voir mémoire technique, p. 12")
    assert problem is not None and "« Voir mémoire technique, p. 12 »" in problem.fr
    record = {"name": "Voir mémoire technique", "country": "fr", "role": "hosting"}
    problem = value_problem(shipped_bank.by_id["subprocessors.list"], [record])
    assert problem is not None and "field 'name'" in problem.en
    # a text question that names nothing keeps any text
    assert value_problem(shipped_bank.by_id["need.problem"], "Voir mémoire technique") is None


@pytest.fixture(scope="module")
def demo_root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_demo_tender(tmp_path_factory.mktemp("entities") / "tender").root


def test_a_sheet_giving_a_reference_as_the_host_is_refused_with_its_place(
    demo_root: Path, tmp_path: Path
) -> None:
    root = Path(shutil.copytree(demo_root, tmp_path / "t"))
    sheet_edit(
        root,
        "northbridge",
        lambda d: d["answers"]["hosting.provider_name"].__setitem__(
            "value", "Voir mémoire technique, p. 12"
        ),
    )
    with pytest.raises(ContentError) as caught:
        load_offer(Tender.open(root), "northbridge")
    text = caught.value.render("fr")
    assert "answers.yaml" in text and "ligne " in text and "hosting.provider_name" in text
    assert "n'est pas le nom d'une organisation" in text


class Prompter:
    """Gives a reference first, then the name, to the question asked."""

    def __init__(self, question_id: str, replies: list[str]) -> None:
        self.question_id = question_id
        self.replies = replies
        self.notices: list[str] = []

    def ask(self, view: Any) -> Reply:
        assert view.question.id == self.question_id
        return Reply("value", self.replies.pop(0))

    def review(self, items: Any, lang: Any) -> None:
        return None

    def notify(self, message: str) -> None:
        self.notices.append(message)


def test_assess_asks_again_when_a_reference_is_given_for_a_name(
    demo_root: Path, tmp_path: Path
) -> None:
    from sovereignty.questionnaire.flow import Scope

    root = Path(shutil.copytree(demo_root, tmp_path / "t"))
    tender = Tender.open(root)
    sheet = tender.load_sheet("northbridge")
    tender.save_sheet(sheet.without("hosting.provider_name"))
    prompter = Prompter("hosting.provider_name", ["Cf. annexe 3", "Stratus Web Services SARL"])
    Assessment(tender, "northbridge", prompter, lang="fr", scope=Scope(), review=False).run()
    assert tender.load_sheet("northbridge").answers["hosting.provider_name"].value == (
        "Stratus Web Services SARL"
    )
    assert any("n'est pas le nom d'une organisation" in n for n in prompter.notices)
    assert prompter.replies == []


# --- the graph ---------------------------------------------------------------------------------
GHT = HospitalSide("CHU A", (("chu-a", "CHU A", "support"),))


def entity_names(values: dict[str, Any]) -> set[str]:
    model = build_offer_model(OfferAnswers("acme", "Acme SAS", values), GHT)
    return {n.name for n in model.nodes if n.kind == "entity"}


def test_the_graph_makes_no_organisation_up_from_references_or_empty_flow_ends() -> None:
    base = {"hosting.model": "third_party_cloud", "purpose.data_categories": ["health_identifying"]}
    names = entity_names(
        {
            **base,
            "hosting.provider_name": "Voir mémoire technique, p. 12",
            "hosting.provider_parent": "Aucun",
            "subprocessors.flows": [
                {
                    "source": "Plateforme Acme",
                    "destination": "Cf. annexe 3",
                    "data_categories": ["health_identifying"],
                },
                {"source": "Plateforme Acme", "data_categories": ["health_identifying"]},
            ],
        }
    )
    assert not {n for n in names if "mémoire" in n.lower() or "annexe" in n.lower()}
    assert "Aucun" not in names and "?" not in names
    named = entity_names({**base, "hosting.provider_name": "Stratus Web Services SARL"})
    assert "Stratus Web Services SARL" in named
