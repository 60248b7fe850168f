"""Which AI Act regimes apply to an offer, reasoned from its answer sheet.

The reasoning takes the hospital's side: a regime can follow from the vendor's declaration (the
device class, the Annex III areas it lists) or from the hospital's own planned use (emergency
triage, access to care, staff management, a clinical use of software declared "not a device").
Each regime records which (``basis``). Several regimes hold at once: an emergency triage device
is high-risk through Annex I and Annex III and may carry Art. 50 duties. Two results stand
alone: a use outside the Regulation (Art. 2) and a prohibited practice (Art. 5), where no other
regime's duties are listed as if the use could go on.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from sovereignty.aiact.devices import annex_i
from sovereignty.aiact.model import Basis, Reason, RegimeId
from sovereignty.aiact.practices import (
    Outcome,
    biometric_categorisation,
    emotion_recognition,
    out_of_scope,
    prohibited,
)
from sovereignty.aiact.verdict import FALSE, Reader, Verdict, all_of, any_of, negate

AI_TECHNIQUES = ("machine_learning", "generative_model", "knowledge_based")
NOT_AI_TECHNIQUES = ("rule_based", "basic_statistics")
ANNEX_III_POINTS = {
    "biometric_identification": "1(a)",
    "biometric_categorisation": "1(b)",
    "emotion_recognition": "1(c)",
    "critical_infrastructure": "2",
    "education": "3",
    "recruitment": "4(a)",
    "workforce_management": "4(b)",
    "public_services_healthcare": "5(a)",
    "creditworthiness": "5(b)",
    "insurance_pricing": "5(c)",
    "emergency_triage": "5(d)",
    "law_enforcement": "6",
    "migration": "7",
    "justice_democracy": "8",
}
SYNTHETIC = ("text", "image", "audio", "video")
INTERACTING = ("patients", "staff", "public")


@dataclass
class Assessment:
    """Every regime, plus the intermediate verdicts that the role and obligations reuse."""

    outcomes: dict[RegimeId, Outcome] = field(default_factory=dict)
    ai: Verdict = FALSE
    public_authority: Verdict = FALSE
    high_risk_declared: Verdict = FALSE  # from the vendor's declaration alone
    derogation_claimed: Verdict = FALSE  # Annex III listed by the vendor, Art. 6(3) holds
    transparency_points: dict[str, Verdict] = field(default_factory=dict)
    annex_iii_points: dict[str, Verdict] = field(default_factory=dict)
    class_questioned: bool = False  # clinical use, within purpose, of a low declared class
    in_house: bool = False  # MDR art. 5(5) exempts the hospital's own off-label device
    stands_alone: RegimeId | None = None  # "out_of_scope" or "prohibited" when it holds


def _when_true(verdict: Verdict, reasons: tuple[Reason, ...]) -> Verdict:
    """The verdict, with ``reasons`` replacing its own when it is True."""
    if verdict.value is True:
        return Verdict(True, reasons)
    return verdict


def ai_system(r: Reader) -> Verdict:
    return r.decide(
        "aiact.technique",
        lambda v: v in AI_TECHNIQUES,
        "ai.infers",
        "ai.rules_only",
    )


def public_authority(r: Reader) -> Verdict:
    """Prudent reading: a body governed by public law is a public authority (Arts. 26(8), 49(3))."""
    return r.is_(
        "governance.public_law_body", "yes", "deployer.public_law_body", "deployer.private"
    )


def _derogation(r: Reader) -> Verdict:
    """Art. 6(3): a listed system escapes high risk only if a condition holds, the outputs do not
    materially influence the decision, it profiles no one and the hospital's use is not automatic.
    """
    condition = r.decide(
        "aiact.art6_3_conditions",
        lambda v: any(c != "none" for c in v),
        "derogation.condition_met",
        "derogation.no_condition",
    )
    no_influence = r.is_(
        "aiact.material_influence", "no", "derogation.no_influence", "derogation.influence"
    )
    no_profiling = r.is_("aiact.profiling", "no", None, "derogation.profiling")
    automatic = r.is_("purpose.automation", "automatic_decision", "derogation.automatic_use", None)
    verdict = all_of(condition, no_influence, no_profiling, negate(automatic))
    if verdict.value is True:
        documented = r.is_("aiact.art6_3_documented", "yes", None, "derogation.undocumented")
        extra = documented.reasons or (r.reason("derogation.applies"),)
        verdict = Verdict(True, (*verdict.reasons, *extra))
    return verdict


def _use_points(r: Reader, public: Verdict) -> dict[str, Verdict]:
    """Annex III points that follow from the hospital's planned use, whatever the vendor lists."""
    found = {
        "5(d)": (
            all_of(
                r.contains_any("purpose.decisions", ["triage"], None, None),
                r.contains_any("purpose.patients", ["emergency"], None, None),
            ),
            "annex_iii.use_5d",
            ["purpose.decisions", "purpose.patients"],
        ),
        "5(a)": (
            all_of(r.contains_any("purpose.decisions", ["access_to_care"], None, None), public),
            "annex_iii.use_5a",
            ["purpose.decisions", "governance.public_law_body"],
        ),
        "4(a)": (
            r.contains_any("purpose.staff_effects", ["recruitment"], None, None),
            "annex_iii.use_4a",
            ["purpose.staff_effects"],
        ),
        "4(b)": (
            r.contains_any(
                "purpose.staff_effects",
                ["task_allocation", "performance_evaluation", "work_decisions"],
                None,
                None,
            ),
            "annex_iii.use_4b",
            ["purpose.staff_effects"],
        ),
    }
    return {
        point: _when_true(
            verdict, (r.reason(key, questions), r.reason("annex_iii.no_assessment_for_use"))
        )
        for point, (verdict, key, questions) in found.items()
    }


@dataclass(frozen=True)
class AnnexIII:
    outcome: Outcome
    declared: Verdict  # high-risk on the vendor's own listing
    derogation_claimed: Verdict  # listed by the vendor, and Art. 6(3) holds
    points: dict[str, Verdict]


def _biometric_points(r: Reader, recognition: Verdict) -> dict[str, Verdict]:
    """Annex III 1(b) and 1(c) from what the vendor says the system infers."""
    return {
        "1(c)": _when_true(
            recognition,
            (r.reason("annex_iii.emotion_recognition", ["aiact.biometric_inference"]),),
        ),
        "1(b)": _when_true(
            biometric_categorisation(r),
            (r.reason("annex_iii.biometric_categorisation", ["aiact.biometric_inference"]),),
        ),
    }


def annex_iii(r: Reader, ai: Verdict, public: Verdict, recognition: Verdict) -> AnnexIII:
    points: dict[str, Verdict] = {}
    derogation = FALSE
    listed = [v for v in r.values("aiact.annex_iii") if v in ANNEX_III_POINTS]
    if listed:
        derogation = _derogation(r)
        kept = negate(derogation)
        for value in listed:
            reason = r.reason(
                "annex_iii.declared",
                ["aiact.annex_iii"],
                point=ANNEX_III_POINTS[value],
                area=r.label("aiact.annex_iii", [value]),
            )
            points[ANNEX_III_POINTS[value]] = Verdict(
                kept.value, (reason, *kept.reasons), kept.deciding
            )
        vendor = any_of(*points.values())
    else:
        vendor = r.decide("aiact.annex_iii", lambda v: False, None, "annex_iii.none_declared")
    found = []
    for point, verdict in _biometric_points(r, recognition).items():
        if point not in points:  # a point the vendor lists is governed by its own assessment
            points[point] = verdict
            found.append(verdict)
    if found:
        vendor = any_of(vendor, *found)
    use_parts = []
    checked = []
    for point, verdict in _use_points(r, public).items():
        if point not in points:  # a point the vendor lists is governed by its own assessment
            points[point] = verdict
            use_parts.append(verdict)
            checked.append(point)
    use = any_of(*use_parts)
    if use.value is False and checked:
        names = r.catalogue.messages.use_points
        in_words = {lang: ", ".join(names[p](lang) for p in checked) for lang in ("fr", "en")}
        reason = r.reason(
            "annex_iii.use_none", ["purpose.decisions", "purpose.staff_effects"], points=in_words
        )
        use = Verdict(False, (reason,))
    verdict = all_of(ai, any_of(vendor, use))
    candidates: tuple[tuple[Basis, Verdict], ...] = (("declared", vendor), ("intended_use", use))
    basis = [b for b, v in candidates if v.value]
    applying = tuple(p for p, v in points.items() if v.value is True) if verdict.value else ()
    return AnnexIII(
        Outcome(verdict, applying, tuple(basis)),
        all_of(ai, vendor),
        all_of(ai, derogation),
        points,
    )


def _with_exception(
    duty: Verdict, exempt: Verdict, exceptions: dict[str, str], r: Reader, question: str
) -> tuple[Verdict, tuple[Reason, ...]]:
    """``duty`` unless ``exempt``: the paragraph's verdict, and the exception reason if applied."""
    verdict = all_of(duty, negate(exempt))
    if duty.value is True and exempt.value is True:
        value = r.value(question)
        key = exceptions.get(value) if isinstance(value, str) else None
        reason = r.reason(key or next(iter(exceptions.values())), [question])
        return Verdict(False, (reason,)), (reason,)
    return verdict, ()


def transparency(
    r: Reader, ai: Verdict, recognition: Verdict
) -> tuple[Outcome, dict[str, Verdict]]:
    """Art. 50: each paragraph separately (1 and 2 bind the provider, 3 and 4 the deployer),
    each with the exception the text states for it, named in the reasons when applied."""
    p1, obvious = _with_exception(
        r.contains_any("aiact.interaction", INTERACTING, "transparency.interaction", None),
        r.is_("aiact.interaction_obvious", "yes", None, None),
        {"yes": "transparency.interaction_obvious"},
        r,
        "aiact.interaction_obvious",
    )
    p2, assistive = _with_exception(
        r.contains_any("aiact.synthetic_content", SYNTHETIC, "transparency.synthetic", None),
        r.decide("aiact.synthetic_role", lambda v: v != "generates", None, None),
        {
            "assistive_editing": "transparency.assistive_editing",
            "no_substantial_alteration": "transparency.no_substantial_alteration",
        },
        r,
        "aiact.synthetic_role",
    )
    p4, editorial = _with_exception(
        r.is_("aiact.public_content", "yes", "transparency.public_content", None),
        r.decide(
            "aiact.public_content_kind",
            lambda v: not {"deep_fakes", "text_unreviewed"} & set(v),
            None,
            None,
        ),
        {"text_reviewed": "transparency.editorial_review"},
        r,
        "aiact.public_content_kind",
    )
    paragraphs = {
        "50(1)": p1,
        "50(2)": p2,
        "50(3)": any_of(
            _when_true(
                any_of(recognition, biometric_categorisation(r)),
                (r.reason("transparency.emotion_biometric", ["aiact.biometric_inference"]),),
            ),
            r.contains_any(
                "aiact.annex_iii",
                ["emotion_recognition", "biometric_categorisation"],
                "transparency.emotion_biometric_listed",
                None,
            ),
        ),
        "50(4)": p4,
    }
    paragraphs = {p: all_of(ai, v) for p, v in paragraphs.items()}
    verdict = any_of(*paragraphs.values())
    exceptions = (*obvious, *assistive, *editorial) if ai.value else ()
    if verdict.value is False and ai.value is not False:
        none = (
            r.reason("transparency.none_other")
            if exceptions
            else r.reason("transparency.none", ["aiact.interaction"])
        )
        verdict = Verdict(False, (*exceptions, none))
    elif verdict.value is False:
        verdict = Verdict(False, ai.reasons)
    elif exceptions:
        verdict = Verdict(verdict.value, (*verdict.reasons, *exceptions), verdict.deciding)
    points = tuple(p for p, v in paragraphs.items() if v.value is True)
    return Outcome(verdict, points, ("declared",) if points else ()), paragraphs


def gpai(r: Reader, ai: Verdict) -> tuple[Outcome, Outcome]:
    uses = r.is_(
        "aiact.gpai",
        "yes",
        "gpai.in_chain",
        "gpai.none",
        model=r.text("aiact.gpai_model") or "—",
    )
    model = all_of(ai, uses)
    if model.value is True:
        passed = r.is_(
            "aiact.gpai_annex_xii", "yes", "gpai.annex_xii_received", "gpai.annex_xii_missing"
        )
        model = Verdict(True, (*model.reasons, *passed.reasons))
    systemic = all_of(
        model,
        r.is_("aiact.gpai_systemic", "yes", "gpai.systemic", "gpai.not_systemic"),
    )
    basis: tuple[Basis, ...] = ("declared",)
    return (
        Outcome(model, basis=basis if model.value else ()),
        Outcome(systemic, basis=basis if systemic.value else ()),
    )


def minimal_risk(r: Reader, ai: Verdict, others: list[Verdict]) -> Outcome:
    """An AI system that is neither prohibited, high-risk nor under Art. 50: minimal risk."""
    verdict = all_of(ai, *(negate(v) for v in others))
    if verdict.value is True:
        verdict = Verdict(True, (r.reason("minimal.literacy"),))
    return Outcome(verdict)


STANDING_ALONE: dict[RegimeId, str] = {
    "out_of_scope": "scope.excludes_all",
    "prohibited": "prohibited.stands_alone",
}


def _stand_alone(r: Reader, result: Assessment) -> None:
    """Outside the Regulation, or prohibited: no other regime is listed as applying."""
    for regime, key in STANDING_ALONE.items():
        outcome = result.outcomes[regime]
        if outcome.verdict.value is not True:
            continue
        reason = r.reason(key, points=", ".join(outcome.points) or "—")
        for other in result.outcomes:
            if other not in ("not_ai_system", "out_of_scope", regime):
                result.outcomes[other] = Outcome(Verdict(False, (reason,)))
        result.stands_alone = regime
        result.high_risk_declared = result.derogation_claimed = FALSE
        result.transparency_points = {}
        result.annex_iii_points = {}
        result.class_questioned = result.in_house = False
        return


def assess(r: Reader) -> Assessment:
    """Every regime of the sheet read by ``r``."""
    result = Assessment()
    ai = result.ai = ai_system(r)
    public = result.public_authority = public_authority(r)
    recognition = emotion_recognition(r)
    outcomes = result.outcomes
    outcomes["not_ai_system"] = Outcome(negate(ai))
    outcomes["out_of_scope"] = out_of_scope(r, ai)
    outcomes["prohibited"] = prohibited(r, ai, recognition)
    first = annex_i(r, ai)
    outcomes["high_risk_annex_i"] = first.outcome
    result.class_questioned, result.in_house = first.class_questioned, first.in_house
    third = annex_iii(r, ai, public, recognition)
    outcomes["high_risk_annex_iii"] = third.outcome
    result.annex_iii_points = third.points
    result.derogation_claimed = third.derogation_claimed
    result.high_risk_declared = any_of(first.declared, third.declared)
    outcomes["transparency"], result.transparency_points = transparency(r, ai, recognition)
    outcomes["gpai"], outcomes["gpai_systemic_risk"] = gpai(r, ai)
    outcomes["minimal_risk"] = minimal_risk(
        r,
        ai,
        [
            outcomes[k].verdict
            for k in (
                "out_of_scope",
                "prohibited",
                "high_risk_annex_i",
                "high_risk_annex_iii",
                "transparency",
            )
        ],
    )
    _stand_alone(r, result)
    return result
