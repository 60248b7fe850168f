"""Which AI Act regimes apply to an offer, reasoned from its answer sheet.

The reasoning takes the hospital's side: a regime can follow from the vendor's declaration (the
device class, the Annex III areas it lists) or from the hospital's own planned use (emergency
triage, access to care, staff management, a clinical use of software declared "not a device").
Each regime records which (``basis``). Several regimes hold at once: an emergency triage device
is high-risk through Annex I and Annex III and may carry Art. 50 duties.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from sovereignty.aiact.model import Basis, Reason, RegimeId
from sovereignty.aiact.verdict import FALSE, Reader, Verdict, all_of, any_of, negate

AI_TECHNIQUES = ("machine_learning", "generative_model", "knowledge_based")
NOT_AI_TECHNIQUES = ("rule_based", "basic_statistics")
PROHIBITED_POINTS = {
    "manipulation": "5(1)(a)",
    "exploiting_vulnerabilities": "5(1)(b)",
    "social_scoring": "5(1)(c)",
    "crime_prediction": "5(1)(d)",
    "facial_scraping": "5(1)(e)",
    "emotion_workplace": "5(1)(f)",
    "biometric_categorisation_sensitive": "5(1)(g)",
    "realtime_biometric_identification": "5(1)(h)",
}
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
NOTIFIED_BODY_CLASSES = {"class_iia", "class_iib", "class_iii", "class_b", "class_c", "class_d"}
CLINICAL_DECISIONS = ("diagnosis", "therapy", "triage")
SYNTHETIC = ("text", "image", "audio", "video")
INTERACTING = ("patients", "staff", "public")


@dataclass(frozen=True)
class Outcome:
    """One regime as computed: its verdict, the provisions that apply, and on what basis."""

    verdict: Verdict
    points: tuple[str, ...] = ()
    basis: tuple[Basis, ...] = ()


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


def prohibited(r: Reader, ai: Verdict) -> Outcome:
    if not r.known("aiact.prohibited"):  # absent (not an AI system), unknown or missing
        return Outcome(all_of(ai, r.decide("aiact.prohibited", lambda v: False, None, None)))
    verdicts: list[Verdict] = []
    points: list[str] = []
    for practice in r.values("aiact.prohibited"):
        if practice not in PROHIBITED_POINTS:
            continue
        point = PROHIBITED_POINTS[practice]
        declared = r.reason(
            "prohibited.practice",
            ["aiact.prohibited"],
            point=point,
            practice=r.label("aiact.prohibited", [practice]),
        )
        verdict = Verdict(True, (declared,))
        if practice == "emotion_workplace":  # Art. 5(1)(f) spares medical or safety reasons
            exception = r.is_(
                "aiact.emotion_exception",
                "yes",
                "prohibited.medical_exception",
                "prohibited.no_exception",
            )
            kept = negate(exception)
            verdict = Verdict(kept.value, (declared, *kept.reasons), kept.deciding)
        if verdict.value is True:
            points.append(point)
        verdicts.append(verdict)
    if not verdicts:
        verdicts.append(Verdict(False, (r.reason("prohibited.none", ["aiact.prohibited"]),)))
    return Outcome(all_of(ai, any_of(*verdicts)), tuple(points))


def _device_needs_notified_body(r: Reader) -> Verdict:
    status = r.value("aiact.device_status")
    if status in ("mdr", "ivdr"):
        question = "aiact.mdr_class" if status == "mdr" else "aiact.ivdr_class"
        return r.decide(
            question,
            lambda v: v in NOTIFIED_BODY_CLASSES,
            "annex_i.notified_body",
            "annex_i.self_declared",
            regulation=status.upper(),
        )
    return r.decide("aiact.device_status", lambda v: False, None, "annex_i.not_a_device")


def _use_requalifies_as_device(r: Reader) -> Verdict:
    """MDR Rule 11: software informing diagnostic or therapeutic decisions is class IIa at least."""
    low_class = any_of(
        r.is_("aiact.device_status", "not_device", None, None),
        r.is_("aiact.mdr_class", "class_i", None, None),
    )
    clinical = r.contains_any("purpose.decisions", CLINICAL_DECISIONS, None, None)
    verdict = all_of(low_class, clinical)
    reason = r.reason(
        "annex_i.rule_11_use",
        ["purpose.decisions", "aiact.device_status", "aiact.mdr_class"],
        decisions=r.label("purpose.decisions"),
        status=r.label("aiact.device_status"),
    )
    return _when_true(verdict, (reason,))


def annex_i(r: Reader, ai: Verdict) -> tuple[Outcome, Verdict]:
    device = _device_needs_notified_body(r)
    component = r.is_("aiact.safety_component", "yes", "annex_i.safety_component", None)
    declared = any_of(device, component)
    use = _use_requalifies_as_device(r)
    verdict = all_of(ai, any_of(declared, use))
    basis: list[Basis] = []
    if declared.value:
        basis.append("declared")
    if use.value:
        basis.append("intended_use")
    if verdict.value is True and not declared.value:
        verdict = Verdict(True, (*verdict.reasons, r.reason("annex_i.uncertified_use")))
    return Outcome(verdict, basis=tuple(basis)), all_of(ai, declared)


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
            any_of(
                r.contains_any(
                    "purpose.staff_effects",
                    ["task_allocation", "performance_evaluation"],
                    None,
                    None,
                ),
                r.contains_any("purpose.decisions", ["staff_management"], None, None),
            ),
            "annex_iii.use_4b",
            ["purpose.staff_effects", "purpose.decisions"],
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


def annex_iii(r: Reader, ai: Verdict, public: Verdict) -> AnnexIII:
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


def transparency(r: Reader, ai: Verdict) -> tuple[Outcome, dict[str, Verdict]]:
    """Art. 50: each paragraph separately (1 and 2 bind the provider, 3 and 4 the deployer)."""
    paragraphs = {
        "50(1)": r.contains_any("aiact.interaction", INTERACTING, "transparency.interaction", None),
        "50(2)": r.contains_any(
            "aiact.synthetic_content", SYNTHETIC, "transparency.synthetic", None
        ),
        "50(3)": any_of(
            r.is_("aiact.emotion_or_biometric", "yes", "transparency.emotion_biometric", None),
            r.contains_any(
                "aiact.annex_iii",
                ["emotion_recognition", "biometric_categorisation"],
                "transparency.emotion_biometric_listed",
                None,
            ),
        ),
        "50(4)": r.is_("aiact.public_content", "yes", "transparency.public_content", None),
    }
    paragraphs = {p: all_of(ai, v) for p, v in paragraphs.items()}
    verdict = any_of(*paragraphs.values())
    if verdict.value is False and ai.value is not False:
        verdict = Verdict(False, (r.reason("transparency.none", ["aiact.interaction"]),))
    elif verdict.value is False:
        verdict = Verdict(False, ai.reasons)
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


def assess(r: Reader) -> Assessment:
    """Every regime of the sheet read by ``r``."""
    result = Assessment()
    ai = result.ai = ai_system(r)
    public = result.public_authority = public_authority(r)
    outcomes = result.outcomes
    outcomes["not_ai_system"] = Outcome(negate(ai))
    outcomes["prohibited"] = prohibited(r, ai)
    outcomes["high_risk_annex_i"], declared_i = annex_i(r, ai)
    third = annex_iii(r, ai, public)
    outcomes["high_risk_annex_iii"] = third.outcome
    result.annex_iii_points = third.points
    result.derogation_claimed = third.derogation_claimed
    result.high_risk_declared = any_of(declared_i, third.declared)
    outcomes["transparency"], result.transparency_points = transparency(r, ai)
    outcomes["gpai"], outcomes["gpai_systemic_risk"] = gpai(r, ai)
    outcomes["minimal_risk"] = minimal_risk(
        r,
        ai,
        [
            outcomes[k].verdict
            for k in ("prohibited", "high_risk_annex_i", "high_risk_annex_iii", "transparency")
        ],
    )
    return result
