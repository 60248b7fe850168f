"""Whether the AI Act applies at all (Art. 2) and whether a practice is prohibited (Art. 5).

The buyer and the vendor describe facts (how the hospital will use the system, what it infers
from people's biometric data and from whom, for what purpose); the legal conclusion is drawn
here, with the exception or limit of the text that decided it. Art. 5(1)(f) and (g) are read as
the Commission's guidelines on prohibited practices read them (C(2025) 884): emotions are not
physical states (recital 18); the ban covers workers and students, not patients; personal
training whose results never reach the employer has no effect on the work relationship.
"""

from __future__ import annotations

from dataclasses import dataclass

from sovereignty.aiact.model import Basis
from sovereignty.aiact.verdict import FALSE, Reader, Verdict, all_of, any_of, negate

# Art. 2 exclusions a hospital can meet, by answer of purpose.research_use.
SCOPE_EXCLUSIONS = {"scientific_research_only": "2(6)", "rd_before_market": "2(8)"}
# Practices the vendor declares; (f) and (g) are decided from facts instead.
DECLARED_PRACTICES = {
    "manipulation": "5(1)(a)",
    "exploiting_vulnerabilities": "5(1)(b)",
    "social_scoring": "5(1)(c)",
    "crime_prediction": "5(1)(d)",
    "facial_scraping": "5(1)(e)",
    "realtime_biometric_identification": "5(1)(h)",
}
AT_WORK_OR_SCHOOL = ("staff", "students")
EMOTION_EXCEPTIONS = {
    "medical": "emotion.medical_exception",
    "safety": "emotion.safety_exception",
    "personal_training": "emotion.no_effect_on_work",
}
INFERENCE = "aiact.biometric_inference"


@dataclass(frozen=True)
class Outcome:
    """One regime as computed: its verdict, the provisions that apply, and on what basis."""

    verdict: Verdict
    points: tuple[str, ...] = ()
    basis: tuple[Basis, ...] = ()


def out_of_scope(r: Reader, ai: Verdict) -> Outcome:
    """Art. 2(6) and 2(8): research uses the Regulation does not reach."""
    use = r.value("purpose.research_use")
    verdict = r.decide("purpose.research_use", lambda v: v in SCOPE_EXCLUSIONS, None, None)
    if verdict.value is True:
        key = "scope.scientific_research" if use == "scientific_research_only" else "scope.rd"
        reason = r.reason(key, ["purpose.research_use"])
        return Outcome(all_of(ai, Verdict(True, (reason,))), (SCOPE_EXCLUSIONS[use],))
    if verdict.value is False:
        key = "scope.real_world_testing" if use == "real_world_testing" else "scope.in_service"
        reasons = [r.reason(key, ["purpose.research_use"])]
        if r.value("reversibility.licence") == "open_source":  # Art. 2(12), and why it fails
            reasons.append(r.reason("scope.open_source_priced", ["reversibility.licence"]))
        verdict = Verdict(False, tuple(reasons))
    return Outcome(all_of(ai, verdict))


def emotion_recognition(r: Reader) -> Verdict:
    """Art. 3(39): emotions or intentions inferred from biometric data (not physical states,
    not mere expressions, recital 18)."""
    inferred = r.contains_any(INFERENCE, ["emotions"], "emotion.inferred", None)
    if inferred.value is False and r.known(INFERENCE):
        values = r.values(INFERENCE)
        if "physical_states" in values:
            return Verdict(False, (r.reason("emotion.physical_states", [INFERENCE]),))
        if "expressions" in values:
            return Verdict(False, (r.reason("emotion.expressions", [INFERENCE]),))
    return inferred


def emotions_at_work(r: Reader, recognition: Verdict) -> Verdict:
    """Art. 5(1)(f): inferring the emotions of workers or students, save medical or safety
    reasons; a use with no effect on the work relationship is outside the ban (guidelines)."""
    at_work = r.contains_any("aiact.emotion_subjects", AT_WORK_OR_SCHOOL, None, None)
    if recognition.value is not False and at_work.value is False:
        subjects = r.label("aiact.emotion_subjects")
        reason = r.reason("emotion.not_at_work", ["aiact.emotion_subjects"], subjects=subjects)
        return Verdict(False, (reason,))
    purpose = r.value("aiact.emotion_purpose")
    other = r.decide("aiact.emotion_purpose", lambda v: v == "other", None, None)
    verdict = all_of(recognition, at_work, other)
    questions = [INFERENCE, "aiact.emotion_subjects", "aiact.emotion_purpose"]
    if verdict.value is True:
        label = r.label("aiact.emotion_purpose")
        return Verdict(
            True,
            (
                r.reason("emotion.prohibited", questions, purpose=label),
                r.reason("prohibited.lawful_f"),
            ),
        )
    if other.value is False and purpose in EMOTION_EXCEPTIONS and recognition.value is not False:
        return Verdict(False, (r.reason(EMOTION_EXCEPTIONS[purpose], questions),))
    if recognition.value is False:
        return Verdict(False, recognition.reasons)
    return verdict


def sensitive_categorisation(r: Reader) -> Verdict:
    """Art. 5(1)(g): deducing race, opinions, union membership, beliefs, sex life or sexual
    orientation from biometric data; labelling or filtering lawful datasets is not covered."""
    sensitive = r.contains_any(INFERENCE, ["sensitive_traits"], None, None)
    dataset_only = r.is_("aiact.categorisation_dataset_only", "yes", None, None)
    verdict = all_of(sensitive, negate(dataset_only))
    questions = [INFERENCE, "aiact.categorisation_dataset_only"]
    if verdict.value is True:
        return Verdict(
            True,
            (r.reason("categorisation.prohibited", questions), r.reason("prohibited.lawful_g")),
        )
    if sensitive.value is True and dataset_only.value is True:
        return Verdict(False, (r.reason("categorisation.dataset_only", questions),))
    return verdict if verdict.value is None else FALSE


def biometric_categorisation(r: Reader) -> Verdict:
    """Art. 3(40): people sorted into categories from their biometric data (Annex III 1(b))."""
    return r.contains_any(
        INFERENCE, ["sensitive_traits", "other_traits"], "categorisation.system", None
    )


def _declared(r: Reader) -> tuple[Verdict, tuple[str, ...]]:
    if not r.known("aiact.prohibited"):  # absent (not an AI system), unknown or missing
        return r.decide("aiact.prohibited", lambda v: False, None, None), ()
    found = [p for p in r.values("aiact.prohibited") if p in DECLARED_PRACTICES]
    if not found:
        return Verdict(False, (r.reason("prohibited.none", ["aiact.prohibited"]),)), ()
    reasons = [
        r.reason(
            "prohibited.practice",
            ["aiact.prohibited"],
            point=DECLARED_PRACTICES[p],
            practice=r.label("aiact.prohibited", [p]),
        )
        for p in found
    ]
    reasons.append(r.reason("prohibited.lawful_none"))
    return Verdict(True, tuple(reasons)), tuple(DECLARED_PRACTICES[p] for p in found)


def prohibited(r: Reader, ai: Verdict, recognition: Verdict) -> Outcome:
    declared, points = _declared(r)
    at_work = emotions_at_work(r, recognition)
    sensitive = sensitive_categorisation(r)
    found = list(points)
    if at_work.value is True:
        found.append("5(1)(f)")
    if sensitive.value is True:
        found.append("5(1)(g)")
    verdict = all_of(ai, any_of(declared, at_work, sensitive))
    return Outcome(verdict, tuple(sorted(found)) if verdict.value else ())
