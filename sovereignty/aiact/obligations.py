"""What the hospital and the vendor must do, from when, given the classification.

The catalogue of obligations and their application dates are data (``data/obligations.yaml``,
``data/dates.yaml``). An obligation applies when one of its ``regimes`` applies (or it lists
none) and all its ``requires`` tags hold; it is *undetermined* when that is not yet decided.
Its date is the earliest date among the regimes that bring it in, so Art. 26 for a device that
is also an Annex III system applies from the Annex III date. ``status`` compares the date with
the as-of date: ``applicable`` (in force) or ``upcoming``. Outside the Regulation (Art. 2) only
the obligations of other law remain; for a prohibited practice, only the prohibition.
"""

from __future__ import annotations

import datetime as dt

from sovereignty.aiact.catalogue import TAGS, Catalogue, ObligationSpec
from sovereignty.aiact.model import ObligationResult, RoleResult
from sovereignty.aiact.regimes import Assessment
from sovereignty.aiact.verdict import FALSE, Reader, Verdict, all_of, any_of

PERSONAL = ("health_identifying", "health_pseudonymised", "administrative", "staff")
HEALTH = ("health_identifying", "health_pseudonymised")
STAFF_PROFILING = ("performance_evaluation", "task_allocation", "work_decisions", "recruitment")
PUBLIC_EMPLOYERS = ("public_hospital", "public_group")  # staff under public-service law
LEARNT = ("machine_learning", "generative_model")  # trained on data (CSP art. L4001-3)

# The bank's choices for a country of the Union: France, the member states it names, and "another
# EEA country" (read as the Union, as the bank does not ask which).
UNION_CHOICES = frozenset(("fr", "de", "at", "be", "dk", "es", "fi", "ie", "it", "lu", "nl", "pl"))
UNION_CHOICES |= {"se", "eea"}


def _role_verdict(role: RoleResult) -> Verdict:
    if role.status == "undetermined":
        return Verdict(None, deciding=role.deciding_questions)
    return Verdict(role.id == "provider")


def compute_tags(r: Reader, assessment: Assessment, role: RoleResult) -> dict[str, Verdict]:
    """Every tag of :data:`TAGS`, three-valued."""
    outcome = assessment.outcomes
    high_risk = any_of(outcome["high_risk_annex_i"].verdict, outcome["high_risk_annex_iii"].verdict)
    paragraphs = assessment.transparency_points
    points = assessment.annex_iii_points
    beyond_2 = any_of(FALSE, *(v for p, v in points.items() if p != "2"))
    staff_data = r.contains_any("purpose.data_categories", ["staff"], None, None)
    staff_effects = r.contains_any(
        "purpose.staff_effects", ["workflow", *STAFF_PROFILING], None, None
    )
    tags = {
        "ai_system": assessment.ai,
        "public_authority": assessment.public_authority,
        "fria_deployer": any_of(
            assessment.public_authority,
            r.is_("governance.establishment_status", "espic", None, None),
            r.is_("governance.establishment_status", "public_group", None, None),
            any_of(FALSE, *(v for p, v in points.items() if p in ("5(b)", "5(c)"))),
        ),
        "annex_iii_beyond_point_2": beyond_2,
        "derogation_claimed": assessment.derogation_claimed,
        "mdr_device": r.is_("aiact.device_status", "mdr", None, None),
        "ivdr_device": r.is_("aiact.device_status", "ivdr", None, None),
        "personal_data": r.contains_any("purpose.data_categories", PERSONAL, None, None),
        "dpia_required": any_of(
            r.contains_any("purpose.data_categories", HEALTH, None, None),
            all_of(r.contains_any("purpose.data_categories", PERSONAL, None, None), high_risk),
            all_of(
                staff_data,
                r.contains_any("purpose.staff_effects", STAFF_PROFILING, None, None),
            ),
        ),
        "staff_affected": any_of(staff_effects, high_risk),
        "interaction": paragraphs.get("50(1)", FALSE),
        "synthetic_content": paragraphs.get("50(2)", FALSE),
        "emotion_or_biometric": paragraphs.get("50(3)", FALSE),
        "ml_device": all_of(
            any_of(
                r.is_("aiact.device_status", "mdr", None, None),
                r.is_("aiact.device_status", "ivdr", None, None),
            ),
            r.decide("aiact.technique", lambda v: v in LEARNT, None, None),
        ),
        "public_employer": r.decide(
            "governance.establishment_status", lambda v: v in PUBLIC_EMPLOYERS, None, None
        ),
        "private_employer": r.decide(
            "governance.establishment_status", lambda v: v not in PUBLIC_EMPLOYERS, None, None
        ),
        "public_content": paragraphs.get("50(4)", FALSE),
        "generative_legacy": r.is_("aiact.market_date", "before_2026_08_02", None, None),
        "provider_role": _role_verdict(role),
        "provider_outside_eu": r.decide(
            "aiact.provider_country", lambda v: v not in UNION_CHOICES, None, None
        ),
    }
    assert set(tags) == TAGS, "compute_tags and catalogue.TAGS must list the same tags"
    return tags


def _applies(spec: ObligationSpec, assessment: Assessment, tags: dict[str, Verdict]) -> Verdict:
    parts = [tags[t] for t in spec.requires]
    if spec.regimes:
        parts.append(any_of(*(assessment.outcomes[g].verdict for g in spec.regimes)))
    return all_of(*parts) if parts else Verdict(True)


def _date_key(spec: ObligationSpec, assessment: Assessment, catalogue: Catalogue) -> str:
    """The earliest date among the regimes that bring the obligation in (applying or possible)."""
    candidates = [
        spec.from_[regime]
        for regime in spec.regimes
        if regime in spec.from_ and assessment.outcomes[regime].verdict.value is not False
    ]
    if not candidates:
        return spec.from_["default"]
    dates = catalogue.dates.dates

    def when(key: str) -> dt.date:
        return dates[key].date or dt.date.min

    return min(candidates, key=when)


def _in_force(assessment: Assessment, catalogue: Catalogue) -> list[ObligationSpec]:
    """The catalogue, less what cannot bind: outside the Regulation, its own obligations; for a
    prohibited practice, everything but the prohibition (the use cannot go on)."""
    specs = list(catalogue.obligations.obligations)
    if assessment.stands_alone == "out_of_scope":
        return [s for s in specs if not any(ref.startswith("AIA") for ref in s.legal)]
    if assessment.stands_alone == "prohibited":
        return [s for s in specs if "prohibited" in s.regimes]
    return specs


def obligations(
    r: Reader,
    assessment: Assessment,
    role: RoleResult,
    as_of: dt.date,
    catalogue: Catalogue,
) -> tuple[ObligationResult, ...]:
    tags = compute_tags(r, assessment, role)
    results = []
    for spec in _in_force(assessment, catalogue):
        verdict = _applies(spec, assessment, tags)
        if verdict.value is False:
            continue
        key = _date_key(spec, assessment, catalogue)
        if spec.grace and tags[spec.grace.tag].value is True:
            key = spec.grace.date
        date = catalogue.dates.dates[key]
        because: list[str] = [
            g for g in spec.regimes if assessment.outcomes[g].verdict.value is not False
        ]
        because += [t for t in spec.requires if tags[t].value is not False]
        results.append(
            ObligationResult(
                id=spec.id,
                party=spec.party,
                title=spec.title,
                detail=spec.detail,
                legal=spec.legal,
                applies_from=date.date,
                date_key=key,
                date_confirmed=date.confirmed,
                status="applicable" if date.date is None or date.date <= as_of else "upcoming",
                certainty="applies" if verdict.value else "undetermined",
                because=tuple(because),
                deciding_questions=verdict.deciding,
                note=spec.note or date.note,
            )
        )
    return tuple(results)
