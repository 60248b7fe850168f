"""The register on disk: an entry from the awarded offer, its due dates read at later dates,
records journaled and verified, hand-made entries, a substantial change flagging the entry."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from sovereignty.cli import cli, main
from sovereignty.core.errors import ContentError, UsageError
from sovereignty.register.folder import Register
from sovereignty.register.model import Contract
from sovereignty.services import register as service
from sovereignty.services.offer import Offer
from sovereignty.tender.folder import Tender
from sovereignty.tender.journal import read_journal

CONTRACT = Contract(
    start=dt.date(2027, 2, 1),
    months=36,
    renewals=1,
    renewal_months=12,
    notice_months=3,
    go_live=dt.date(2027, 4, 1),
)


def add(tmp_path: Path, tender: Tender, offer: Offer, contract: Contract = CONTRACT) -> Register:
    options = service.AddOptions(vendor="radiance", contract=contract)
    register, _, created = service.add_from_tender(tmp_path / "reg", tender, options, "fr", offer)
    assert created
    return register


def statuses(register: Register, day: dt.date) -> dict[str, tuple[str, str | None]]:
    check = service.check_register(register, day)
    return {
        i.id: (i.status, i.date.isoformat() if i.date else None) for i in check.entries[0].items
    }


def test_the_entry_carries_what_the_offer_says(
    tmp_path: Path, demo_tender: Tender, radiance: Offer
) -> None:
    entry = add(tmp_path, demo_tender, radiance).load_entry("radiance")
    assert entry.vendor == "Radiance Santé SAS"
    assert {"high_risk_annex_i", "high_risk_annex_iii"} <= set(entry.regimes)
    assert "5(d)" in entry.regime_points and entry.role == "deployer"
    assert entry.device_regulation == "mdr" and entry.device and "IIa" in entry.device
    assert any("Ligérien Datacenters" in c for c in entry.control_chain)
    ce = next(c for c in entry.certificates if c.kind == "ce_notified_body")
    assert (ce.number, ce.expires) == ("CME-MDR-2025-01873", dt.date(2030, 3, 14))
    assert {d.id for d in entry.duties} >= {"aipd", "aidf", "aidf-notification", "eu-registration"}
    assert len(entry.establishments) == 3 and entry.oversight
    assert entry.source.journal_entries and entry.source.sheet_sha256
    assert entry.source.awarded is None  # the demo tender journals no award decision here


def test_check_reports_each_due_date_with_its_date(
    tmp_path: Path, demo_tender: Tender, radiance: Offer
) -> None:
    register = add(tmp_path, demo_tender, radiance)
    # an obligation starts applying on 2 Dec 2027 (Art. 26 for an Annex III system)
    assert statuses(register, dt.date(2027, 12, 10))["H-ART26-5"] == ("started", "2027-12-02")
    assert statuses(register, dt.date(2027, 10, 1))["aidf-notification"] == ("due", "2027-12-02")
    # the notice deadline before the renewal of 1 Feb 2030 passes on 1 Nov 2029
    assert statuses(register, dt.date(2029, 12, 1))["notice-2030-02-01"] == (
        "overdue",
        "2029-11-01",
    )
    # the notified body's certificate expires on 14 March 2030
    assert statuses(register, dt.date(2031, 1, 1))["cert-ce_notified_body"] == (
        "expired",
        "2030-03-14",
    )


def test_records_are_journaled_and_a_hand_edit_is_caught(
    tmp_path: Path, demo_tender: Tender, radiance: Offer
) -> None:
    register = add(tmp_path, demo_tender, radiance)
    _, flag = service.add_record(
        register,
        "radiance",
        {"kind": "incident", "on": "2028-02-01", "summary": "Pneumothorax non signalé",
         "harm": "serious_health"},
    )  # fmt: skip
    assert flag is None
    actions = [e.action for e in read_journal(register.journal_path)]
    assert actions[-1] == "record.incident"
    assert statuses(register, dt.date(2028, 2, 20))["report-0001"] == ("overdue", "2028-02-16")
    assert register.verify() == []
    path = next((register.root / "records" / "radiance").glob("0001-*.yaml"))
    path.write_text(path.read_text(encoding="utf-8").replace("serious_health", "none"))
    problems = register.verify()
    assert [p.where for p in problems] == ["records/radiance/0001-incident.yaml"]
    path.unlink()
    assert "missing" in register.verify()[0].says("en")


def test_a_substantial_change_flags_the_entry_until_resolved(
    tmp_path: Path, demo_tender: Tender, radiance: Offer
) -> None:
    register = add(tmp_path, demo_tender, radiance)
    _, flag = service.add_record(
        register, "radiance", {"kind": "change", "on": "2028-01-10", "summary": "Version 4",
                               "substantial": "yes"},
    )  # fmt: skip
    assert flag is not None and flag.id == "reclassify-0001"
    assert "art. 25" in " ".join(flag.legal)
    assert register.load_entry("radiance").flags[0].id == "reclassify-0001"
    assert statuses(register, dt.date(2028, 1, 11))["reclassify-0001"][0] == "open"
    minor = {"kind": "change", "on": "2028-01-12", "summary": "Correctif", "substantial": "no"}
    assert service.add_record(register, "radiance", minor)[1] is None
    service.add_record(
        register, "radiance", {"kind": "completion", "on": "2028-01-20",
                               "summary": "Reclassé : déployeur", "duty": "reclassify-0001"},
    )  # fmt: skip
    assert statuses(register, dt.date(2028, 1, 21))["reclassify-0001"][0] == "done"
    assert register.verify() == []


def test_completing_an_unknown_item_is_refused_with_a_suggestion(
    tmp_path: Path, demo_tender: Tender, radiance: Offer
) -> None:
    register = add(tmp_path, demo_tender, radiance)
    with pytest.raises(UsageError, match=r"did you mean 'aipd'"):
        service.add_record(
            register, "radiance", {"kind": "completion", "on": "2027-03-01", "summary": "s",
                                   "duty": "apid"},
        )  # fmt: skip


def test_a_hand_made_entry_is_imported_checked_and_journaled(tmp_path: Path) -> None:
    source = tmp_path / "old.yaml"
    source.write_text(
        "schema: sovereignty/register-entry/1\nid: dictee\nsystem: Dictée vocale\n"
        "vendor: Vox SA\ncontract: {start: '2022-01-01', months: 60, notice_months: 6}\n"
        "certificates: [{kind: hds, name: HDS, expires: '2026-06-30'}]\n",
        encoding="utf-8",
    )
    register, entry = service.import_entry(tmp_path / "reg", source, None)
    assert entry.source.by_hand
    got = statuses(register, dt.date(2026, 12, 1))
    assert got["cert-hds"] == ("expired", "2026-06-30")
    assert got["contract-end"] == ("expiring", "2027-01-01")
    with pytest.raises(UsageError, match=r"--why"):
        service.import_entry(register.root, source, None)
    bad = tmp_path / "bad.yaml"
    bad.write_text("schema: sovereignty/register-entry/1\nid: Bad Id\nsystem: x\nvendor: y\n")
    with pytest.raises(ContentError, match=r"bad\.yaml"):
        service.import_entry(register.root, bad, None)


def test_the_cli_creates_the_register_here_and_check_json_says_what_expires(
    tmp_path: Path, demo_tender: Tender, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    runner = CliRunner()
    result = runner.invoke(cli, ["register", "add", "--from", str(demo_tender.root), "--vendor",
                                 "radiance", "--id", "chestriage"])  # fmt: skip
    assert result.exit_code == 0, result.output
    assert "Registre créé" in result.output and (tmp_path / "register.yaml").is_file()
    result = runner.invoke(cli, ["register", "check", "--as-of", "2031-06-01", "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["schema"] == "sovereignty/register-check/1" and data["verified"]["ok"]
    items = {i["id"]: i for i in data["entries"][0]["items"]}
    assert items["cert-ce_notified_body"]["status"] == "expired"
    assert items["cert-hds"]["date"] == "2028-09-30"
    listed = runner.invoke(cli, ["register", "list", "--as-of", "2031-06-01"])
    assert "chestriage" in listed.output and "en retard ou expirés)" in listed.output
    result = runner.invoke(
        cli, ["register", "contract", "chestriage", "--start", "2027-02-01", "--months", "36"]
    )
    assert result.exit_code == 0, result.output
    shown = runner.invoke(cli, ["register", "show", "chestriage", "--lang", "en"])
    assert "Start:" in shown.output and "1 February 2027" in shown.output
    entry_file = tmp_path / "entries" / "chestriage.yaml"
    entry_file.write_text(
        entry_file.read_text(encoding="utf-8").replace("months: 36", "months: 48")
    )
    edited = runner.invoke(cli, ["register", "check"])
    assert edited.exit_code == 1
    assert "entries/chestriage.yaml" in edited.output and "journal" in edited.output


def run_main(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    with pytest.raises(SystemExit) as info:
        main(list(args))
    out, err = capsys.readouterr()
    return int(info.value.code or 0), out, err


def test_commands_without_a_register_say_how_to_make_one(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    code, _, err = run_main(capsys, "register", "check")
    assert code == 1
    assert "register add --from" in err
    (tmp_path / "register.yaml").write_text("schema: sovereignty/register/1\nname: GHT\n")
    code, _, err = run_main(capsys, "register", "incident", "nope", "--summary", "x")
    assert code == 1 and "pas d'entrée 'nope'" in err


def test_record_commands_use_the_entry_threshold_and_say_what_they_open(
    tmp_path: Path, demo_tender: Tender, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    runner = CliRunner()
    added = runner.invoke(
        cli,
        ["register", "add", "--from", str(demo_tender.root), "--vendor", "radiance",
         "--threshold", "sensibilite=0.95", "--threshold", "delai-minutes<=60"],
    )  # fmt: skip
    assert added.exit_code == 0, added.output
    low = runner.invoke(
        cli, ["register", "performance", "radiance", "--summary", "Audit trimestriel",
              "--metric", "sensibilite", "--value", "0.91", "--on", "2027-06-30"],
    )  # fmt: skip
    assert low.exit_code == 0, low.output
    assert "sensibilite mesuré à 0.91, seuil du contrat 0.95" in low.output
    slow = runner.invoke(
        cli, ["register", "performance", "radiance", "--summary", "Délai", "--metric",
              "delai-minutes", "--value", "45", "--on", "2027-06-30"],
    )  # fmt: skip
    assert slow.exit_code == 0 and "seuil" not in slow.output  # 45 ≤ 60: within the contract
    change = runner.invoke(
        cli, ["register", "change", "radiance", "--summary", "Nouveau modèle v4", "--on",
              "2027-07-01"],
    )  # fmt: skip
    assert change.exit_code == 0, change.output
    assert "refaire la classification" in change.output  # --substantial unknown flags too
    checked = runner.invoke(cli, ["register", "check", "--as-of", "2027-07-02", "--lang", "en"])
    assert "classify again" in checked.output and "need action" in checked.output


def test_a_tender_whose_journal_was_tampered_with_is_refused(
    tmp_path: Path, demo_tender: Tender
) -> None:
    import shutil

    copy = tmp_path / "tender"
    shutil.copytree(demo_tender.root, copy)
    journal_path = copy / "journal.jsonl"
    lines = journal_path.read_text(encoding="utf-8").splitlines()
    journal_path.write_text("\n".join(lines[1:]) + "\n", encoding="utf-8")
    with pytest.raises(ContentError, match="journal"):
        service.add_from_tender(
            tmp_path / "reg",
            Tender.open(copy),
            service.AddOptions(vendor="radiance"),
            "fr",
        )
    assert not (tmp_path / "reg" / "register.yaml").exists()


def test_check_json_shows_an_obligation_starting_around_the_date(
    tmp_path: Path, demo_tender: Tender, radiance: Offer
) -> None:
    register = add(tmp_path, demo_tender, radiance)
    check = service.check_register(register, dt.date(2027, 12, 10))
    data = service.check_json(check, "en", alerts_only=True)
    items = {i["id"]: i for i in data["entries"][0]["items"]}
    assert items["H-ART26-5"]["status"] == "started" and items["H-ART26-5"]["date"] == "2027-12-02"
    assert items["aidf"]["status"] == "overdue"  # due when Art. 27 started to apply
    assert "H-ART4" not in items  # in force since 2025: not shown without --all


def test_nothing_is_written_when_the_entry_cannot_be_made(
    tmp_path: Path, demo_tender: Tender, radiance: Offer
) -> None:
    options = service.AddOptions(vendor="radiance", establishments=("ch-nulle-part",))
    with pytest.raises(UsageError, match="ch-nulle-part"):
        service.add_from_tender(tmp_path / "reg", demo_tender, options, "fr", radiance)
    assert not (tmp_path / "reg").exists()


def test_records_written_at_the_same_time_get_distinct_numbers_and_verify(tmp_path: Path) -> None:
    from concurrent.futures import ThreadPoolExecutor

    source = tmp_path / "e.yaml"
    source.write_text(
        "schema: sovereignty/register-entry/1\nid: dictee\nsystem: Dictée\nvendor: Vox SA\n",
        encoding="utf-8",
    )
    register, _ = service.import_entry(tmp_path / "reg", source, None)

    def write(n: int) -> str:
        data = {"kind": "disagreement", "on": "2027-05-01", "summary": f"désaccord {n}"}
        return service.add_record(register, "dictee", data)[0].id

    with ThreadPoolExecutor(max_workers=8) as pool:
        numbers = list(pool.map(write, range(16)))
    assert sorted(numbers) == [f"{n:04d}" for n in range(1, 17)]
    assert register.verify() == []
    assert len(register.records("dictee")) == 16


def test_the_register_settings_are_verified_too(tmp_path: Path) -> None:
    source = tmp_path / "e.yaml"
    source.write_text(
        "schema: sovereignty/register-entry/1\nid: dictee\nsystem: Dictée\nvendor: Vox SA\n",
        encoding="utf-8",
    )
    register, _ = service.import_entry(tmp_path / "reg", source, None, name="CH de Valmont")
    assert register.settings.name == "CH de Valmont" and register.verify() == []
    settings = register.root / "register.yaml"
    settings.write_text(settings.read_text(encoding="utf-8").replace("Valmont", "Brière"))
    assert [p.where for p in register.verify()] == ["register.yaml"]


def test_check_reports_an_award_decision_naming_another_offer(
    tmp_path: Path, demo_tender: Tender
) -> None:
    import shutil

    copy = tmp_path / "tender"
    shutil.copytree(demo_tender.root, copy)
    tender = Tender.open(copy)
    tender.log("award.decided", "acheteur", vendor="radiance")
    options = service.AddOptions(vendor="radiance")
    register, entry, _ = service.add_from_tender(tmp_path / "reg", tender, options, "fr")
    assert entry.source.awarded == "radiance"
    assert "award-mismatch" not in statuses(register, dt.date(2027, 1, 1))
    tender.log("award.decided", "acheteur", vendor="northbridge")  # a later decision
    assert statuses(register, dt.date(2027, 1, 1))["award-mismatch"] == ("open", None)


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_the_entry_template_imports_as_it_is(tmp_path: Path, lang: str) -> None:
    path = tmp_path / "modele.yaml"
    path.write_text(service.entry_template(lang), encoding="utf-8")  # type: ignore[arg-type]
    register, entry = service.import_entry(tmp_path / "reg", path, None)
    assert entry.id == "dictee-vocale" and entry.source.by_hand
    assert statuses(register, dt.date(2026, 12, 1))["contract-end"] == ("expiring", "2027-01-01")


def test_only_closable_items_can_be_completed_and_a_renewed_certificate_moves_its_date(
    tmp_path: Path, demo_tender: Tender, radiance: Offer
) -> None:
    register = add(tmp_path, demo_tender, radiance)
    notice = {"kind": "completion", "on": "2029-10-01", "summary": "Reconduction décidée",
              "duty": "notice-2030-02-01"}  # fmt: skip
    service.add_record(register, "radiance", notice)
    assert statuses(register, dt.date(2029, 12, 1))["notice-2030-02-01"][0] == "done"
    standing = {"kind": "completion", "on": "2028-01-01", "summary": "s", "duty": "H-ART26-5"}
    with pytest.raises(UsageError, match="not an item"):
        service.add_record(register, "radiance", standing)  # an obligation is never "done"
    service.renew_certificate(register, "radiance", "hds", dt.date(2031, 9, 30), "HDS-2028-7")
    assert statuses(register, dt.date(2029, 1, 1))["cert-hds"] == ("valid", "2031-09-30")
    with pytest.raises(UsageError, match="did you mean 'hds'"):
        service.renew_certificate(register, "radiance", "hsd", dt.date(2031, 9, 30))
    assert register.verify() == []


def test_an_answer_sheet_edited_outside_the_tool_is_refused(
    tmp_path: Path, demo_tender: Tender
) -> None:
    import shutil

    copy = tmp_path / "tender"
    shutil.copytree(demo_tender.root, copy)
    sheet = copy / "vendors" / "radiance" / "answers.yaml"
    sheet.write_text(sheet.read_text(encoding="utf-8").replace("2030-03-14", "2035-03-14"))
    with pytest.raises(ContentError, match=r"answers\.yaml"):
        service.add_from_tender(
            tmp_path / "reg", Tender.open(copy), service.AddOptions(vendor="radiance"), "fr"
        )
    assert not (tmp_path / "reg").exists()


def test_the_contract_duration_defaults_to_the_one_the_tender_published(
    tmp_path: Path, demo_tender: Tender, radiance: Offer
) -> None:
    settings = demo_tender.settings.model_copy(update={"contract_months": 48})
    tender = Tender(demo_tender.root, settings)
    offer = dataclasses.replace(radiance, tender=tender)
    entry = service.entry_from_offer(offer, service.AddOptions(vendor="radiance"), "fr")
    assert entry.contract.months == 48
    given = service.AddOptions(vendor="radiance", contract=Contract(months=24))
    assert service.entry_from_offer(offer, given, "fr").contract.months == 24
