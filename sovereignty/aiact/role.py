"""The hospital's role: deployer, or provider through Art. 25(1).

A deployer becomes the provider of a high-risk system when it (a) puts its name or trademark on
it, (b) modifies it substantially (beyond the provider's pre-determined changes, Art. 3(23) and
recital 128), or (c) changes the intended purpose of a system that was not high-risk so that it
becomes high-risk. The vendor's declared purpose is compared with the hospital's planned use;
a mismatch is flagged as a requalification risk even when it does not (yet) change the role. A
hospital that puts its own off-label device into service under the MDR in-house exemption is its
provider (Art. 3(3)).
"""

from __future__ import annotations

from sovereignty.aiact.model import Reason, RoleResult
from sovereignty.aiact.regimes import Assessment
from sovereignty.aiact.verdict import Reader, Verdict, all_of, any_of, negate


def _high_risk(assessment: Assessment) -> Verdict:
    return any_of(
        assessment.outcomes["high_risk_annex_i"].verdict,
        assessment.outcomes["high_risk_annex_iii"].verdict,
    )


def _own(verdict: Verdict) -> tuple[Reason, ...]:
    """The role's own reasons and the unanswered questions; the regimes give the rest."""
    return tuple(r for r in verdict.reasons if r.key.startswith(("role.", "answer.")))


def _short(text: str | None, limit: int = 160) -> str:
    if not text:
        return "—"
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def determine_role(r: Reader, assessment: Assessment) -> RoleResult:
    texts = {
        "vendor_intended": r.text("purpose.vendor_intended"),
        "hospital_intended": r.text("purpose.hospital_intended"),
        "alignment": r.text("purpose.alignment"),
    }
    if assessment.ai.value is False:
        return RoleResult(
            id="deployer",
            status="determined",
            possible=("deployer",),
            reasons=(r.reason("role.not_ai_system", ["aiact.technique"]),),
            requalification_risk=False,
            **texts,
        )
    if assessment.stands_alone:  # outside the Regulation, or a use that cannot go on
        key = f"role.{assessment.stands_alone}"
        read = (
            ["purpose.research_use"]
            if assessment.stands_alone == "out_of_scope"
            else ["aiact.prohibited", "aiact.biometric_inference"]
        )
        return RoleResult(
            id="deployer",
            status="determined",
            possible=("deployer",),
            reasons=(r.reason(key, read),),
            requalification_risk=False,
            stands_alone=assessment.stands_alone,
            **texts,
        )
    high_risk = _high_risk(assessment)
    declared = assessment.high_risk_declared
    use_only = all_of(high_risk, negate(declared))

    rebrand = all_of(r.is_("purpose.rebrand", "yes", "role.rebrand", None), high_risk)
    modified = all_of(
        r.is_("purpose.retrain", "yes", None, None),
        r.is_("purpose.retrain_within_plan", "no", "role.substantial_modification", None),
        declared,
    )
    departs = r.decide(
        "purpose.alignment",
        lambda v: v in ("broader", "different"),
        "role.purpose_changed",
        None,
        vendor=_short(texts["vendor_intended"]),
        hospital=_short(texts["hospital_intended"]),
    )
    repurposed = all_of(departs, use_only)
    if repurposed.value is None and departs.value:
        # The use departs from the purpose; whether that use is what makes it high-risk is open.
        possible = r.reason(
            "role.purpose_changed_possible",
            ["purpose.alignment"],
            vendor=_short(texts["vendor_intended"]),
            hospital=_short(texts["hospital_intended"]),
        )
        kept = tuple(x for x in repurposed.reasons if x.key != "role.purpose_changed")
        repurposed = Verdict(None, (possible, *kept), repurposed.deciding)
    in_house = (
        Verdict(True, (r.reason("role.in_house", ["purpose.in_house_conditions"]),))
        if assessment.in_house
        else Verdict(False)
    )
    provider = any_of(rebrand, modified, repurposed, in_house)

    risks = []
    if departs.value:
        risks.append(
            r.reason(
                "role.risk_mismatch",
                ["purpose.alignment", "purpose.vendor_intended", "purpose.hospital_intended"],
                vendor=_short(texts["vendor_intended"]),
                hospital=_short(texts["hospital_intended"]),
            )
        )
    if all_of(use_only, r.is_("purpose.alignment", "within", None, None)).value:
        risks.append(r.reason("role.risk_vendor_listing", ["aiact.annex_iii"]))
    if assessment.class_questioned:
        risks.append(
            r.reason(
                "role.risk_vendor_classification",
                ["aiact.device_status", "aiact.mdr_class", "purpose.decisions"],
            )
        )
    if r.is_("purpose.repurpose", "yes", None, None).value:
        risks.append(r.reason("role.risk_repurpose", ["purpose.repurpose"]))
    if all_of(use_only, r.is_("purpose.high_risk_exclusion", "yes", None, None)).value:
        risks.append(r.reason("role.risk_excluded_high_risk", ["purpose.high_risk_exclusion"]))
    if r.is_("purpose.retrain", "yes", None, None).value and not modified.value:
        risks.append(r.reason("role.risk_retraining", ["purpose.retrain"]))

    requalification = bool(risks) or provider.value is True
    if provider.value is None:
        return RoleResult(
            id=None,
            status="undetermined",
            possible=("deployer", "provider"),
            reasons=_own(provider),
            risks=tuple(risks),
            requalification_risk=True if requalification else None,
            deciding_questions=provider.deciding,
            **texts,
        )
    if provider.value:
        return RoleResult(
            id="provider",
            status="determined",
            possible=("provider",),
            reasons=(*_own(provider), r.reason("role.provider_duties")),
            risks=tuple(risks),
            requalification_risk=True,
            **texts,
        )
    return RoleResult(
        id="deployer",
        status="determined",
        possible=("deployer",),
        reasons=(
            r.reason("role.deployer", ["purpose.rebrand", "purpose.retrain", "purpose.alignment"]),
        ),
        risks=tuple(risks),
        requalification_risk=requalification,
        **texts,
    )
