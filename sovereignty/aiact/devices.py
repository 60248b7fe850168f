"""High risk through Annex I (Art. 6(1)): medical devices under the MDR and the IVDR.

The class the manufacturer declared is never replaced: it covers the device's declared purpose.
MDR Rule 11 is used for one thing, to say which class a clinical use would need. Where the
hospital plans such a use outside the declared purpose (off-label), that use is what the
classification describes: it would need that class, hence a notified body and Art. 6(1), and
the hospital takes on the manufacturer's and the provider's duties (MDR art. 16(1), AI Act
art. 25(1)(c)) unless the in-house exemption of MDR art. 5(5) holds. Where the hospital stays
within the declared purpose, the declared class stands and the gap is reported for the vendor
to answer.
"""

from __future__ import annotations

from dataclasses import dataclass

from sovereignty.aiact.model import Basis, Reason
from sovereignty.aiact.practices import Outcome
from sovereignty.aiact.verdict import Reader, Verdict, all_of, any_of

NOTIFIED_BODY_CLASSES = {"class_iia", "class_iib", "class_iii", "class_b", "class_c", "class_d"}
CLINICAL_DECISIONS = ("diagnosis", "therapy", "triage")
RULE_11_CLASS = {"death_irreversible": "III", "serious_or_surgery": "IIb", "other": "IIa"}
IN_HOUSE_CONDITIONS = ("no_transfer", "qms", "no_equivalent", "documentation")
IN_HOUSE = "purpose.in_house_conditions"


@dataclass(frozen=True)
class AnnexI:
    outcome: Outcome
    declared: Verdict  # high-risk on the manufacturer's declaration alone
    class_questioned: bool  # a clinical use within the declared purpose of a low-class claim
    in_house: bool  # MDR art. 5(5) exempts the hospital's off-label use of its own device


def needed_class(r: Reader) -> dict[str, str]:
    """The class MDR Rule 11 gives the planned clinical use, in words."""
    found = RULE_11_CLASS.get(r.value("purpose.decision_impact"))
    if found:
        return {"fr": f"classe {found}", "en": f"class {found}"}
    return {
        "fr": "classe IIa au moins (IIb ou III selon la gravité des décisions)",
        "en": "class IIa at least (IIb or III depending on how serious the decisions are)",
    }


def _device_needs_notified_body(r: Reader) -> Verdict:
    status = r.value("aiact.device_status")
    if status in ("mdr", "ivdr"):
        question = "aiact.mdr_class" if status == "mdr" else "aiact.ivdr_class"
        suffix = "_ivdr" if status == "ivdr" else ""  # each cites its own regulation
        return r.decide(
            question,
            lambda v: v in NOTIFIED_BODY_CLASSES,
            f"annex_i.notified_body{suffix}",
            f"annex_i.self_declared{suffix}",
            regulation=status.upper(),
        )
    return r.decide("aiact.device_status", lambda v: False, None, "annex_i.not_a_device")


def in_house_exemption(r: Reader) -> Verdict:
    """MDR art. 5(5): every condition must hold; the missing ones are named."""
    value = r.value(IN_HOUSE)
    missing = [c for c in IN_HOUSE_CONDITIONS if not isinstance(value, list) or c not in value]
    labels = r.label(IN_HOUSE, missing) if missing else {"fr": "—", "en": "—"}
    return r.decide(
        IN_HOUSE,
        lambda v: not missing,
        "annex_i.in_house_exemption",
        "annex_i.in_house_not_met",
        missing=labels,
    )


def annex_i(r: Reader, ai: Verdict) -> AnnexI:
    device = _device_needs_notified_body(r)
    component = r.is_("aiact.safety_component", "yes", "annex_i.safety_component", None)
    declared = any_of(device, component)
    low_class = any_of(
        r.is_("aiact.device_status", "not_device", None, None),
        r.is_("aiact.mdr_class", "class_i", None, None),
    )
    clinical = r.contains_any("purpose.decisions", CLINICAL_DECISIONS, None, None)
    gap = all_of(low_class, clinical)
    off_label = r.decide("purpose.alignment", lambda v: v in ("broader", "different"), None, None)
    in_house = in_house_exemption(r)
    questions = ["purpose.decisions", "purpose.alignment", "aiact.device_status", "aiact.mdr_class"]
    words = {
        "decisions": r.label("purpose.decisions"),
        "declared": r.label("aiact.mdr_class")
        if r.value("aiact.device_status") == "mdr"
        else r.label("aiact.device_status"),
        "needed": needed_class(r),
    }
    use = all_of(gap, off_label)
    notes: list[Reason] = []
    exempt = False
    if use.value is True:
        off = r.reason("annex_i.off_label_use", [*questions, "purpose.decision_impact"], **words)
        if in_house.value is True:  # MDR 5(5): no third-party assessment, so not Art. 6(1)
            use, exempt = Verdict(False, (off, *in_house.reasons)), True
        elif in_house.value is False:
            use = Verdict(True, (off, *in_house.reasons))
        else:
            use = Verdict(None, (off, *in_house.reasons), in_house.deciding)
    elif gap.value is True and off_label.value is False:
        notes.append(r.reason("annex_i.declared_class_kept", questions, **words))
    elif r.known(IN_HOUSE):  # a device the hospital modifies: say where MDR 5(5) stands
        met = in_house.value is True
        notes.extend(
            (r.reason("annex_i.in_house_possible", [IN_HOUSE]),) if met else in_house.reasons
        )
    verdict = all_of(ai, any_of(declared, use))
    basis: list[Basis] = []
    if declared.value:
        basis.append("declared")
    if use.value:
        basis.append("intended_use")
    if verdict.value is not None and notes:
        verdict = Verdict(verdict.value, (*verdict.reasons, *notes))
    return AnnexI(
        Outcome(verdict, basis=tuple(basis)),
        all_of(ai, declared),
        bool(gap.value is True and off_label.value is False),
        exempt,
    )
