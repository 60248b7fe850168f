"""The risk report of one offer, as plain data.

Sections: summary, AI Act regimes with their reasons, the hospital's role and its obligations
with dates, findings by severity with their evidence, scores with explanations, the data-flow
diagram, the questions left unanswered. A part whose analysis has not run for this offer (no
classification, no score, no graph) says so instead of being silently empty.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from pathlib import Path
from typing import Any

from sovereignty.clauses.select import answer_line, regime_title
from sovereignty.core.conditions import UNKNOWN
from sovereignty.core.legal import cite
from sovereignty.core.model import Lang
from sovereignty.documents.annex_context import ROLE_WORDS, answer_text
from sovereignty.documents.frame import format_date, frame, label, semicolon, short_hash
from sovereignty.documents.render import Picture
from sovereignty.findings.model import SEVERITY_LABEL, SEVERITY_ORDER
from sovereignty.scoring.figures import number

SEP = {"fr": " : ", "en": ": "}


def cites(refs: Any, lang: Lang) -> str:
    return semicolon(lang).join(cite(ref, lang) for ref in refs)


def quoted_answer(question_id: str, value: Any, bank: Any, lang: Lang) -> str:
    """The question by its label, the answer, the id as a reference."""
    question = bank.by_id.get(question_id)
    if question is None:
        return f"{question_id}{SEP[lang]}{value}"
    try:
        shown = answer_text(question, value, lang)
    except (TypeError, AttributeError):  # a value of another shape than the question's
        shown = str(value)
    return answer_line(question.label(lang), question_id, shown, lang, word=False)


def question_names(question_ids: Any, bank: Any, lang: Lang) -> str:
    """Questions by their label, each with its id as a reference."""
    names = []
    for qid in question_ids:
        question = bank.by_id.get(qid)
        if question is None:
            names.append(qid)
            continue
        text = question.label(lang)
        names.append(f"« {text} » ({qid})" if lang == "fr" else f"'{text}' ({qid})")
    return semicolon(lang).join(names)


def answer_refs(refs: Any, bank: Any, lang: Lang) -> str:
    """Each answer a result rests on, by its question's label, with the evidence given."""
    shown = []
    for ref in refs:
        question = bank.by_id.get(ref.question)
        if ref.unknown or ref.value is None or question is None:
            value = label(lang, "state_unknown") if ref.unknown else str(ref.value)
            name = question.label(lang) if question else ref.question
            line = answer_line(name, ref.question, value, lang, word=False)
        else:
            line = quoted_answer(ref.question, ref.value, bank, lang)
        shown.append(line + with_evidence(getattr(ref, "evidence", None), lang))
    return semicolon(lang).join(shown)


def with_evidence(evidence: str | None, lang: Lang) -> str:
    """What to put after an answer to show the document given in its support."""
    return f" [{label(lang, 'attached')}{SEP[lang]}{evidence}]" if evidence else ""


def finding_name(finding: Any, lang: Lang) -> str:
    """A finding by its id (a reference), its severity and its title."""
    severity = SEVERITY_LABEL[finding.severity](lang)
    return f"{finding.id} ({severity}){SEP[lang]}{finding.title(lang)}"


# A count of findings by severity, the word agreeing with the count: singular, plural.
SEVERITY_COUNTED: dict[str, dict[Lang, tuple[str, str]]] = {
    "blocking": {"fr": ("bloquant", "bloquants"), "en": ("blocking", "blocking")},
    "major": {"fr": ("majeur", "majeurs"), "en": ("major", "major")},
    "minor": {"fr": ("mineur", "mineurs"), "en": ("minor", "minor")},
    "info": {"fr": ("information", "informations"), "en": ("informational", "informational")},
}


def severity_counts(findings: Any, lang: Lang) -> str:
    """ "25 majeurs, 1 mineur": French takes the plural from 2 on."""
    counts = Counter(f.severity for f in findings)
    parts = [
        f"{counts[s]} {SEVERITY_COUNTED[s][lang][1 if counts[s] >= 2 else 0]}"
        for s in sorted(counts, key=SEVERITY_ORDER.__getitem__)
    ]
    return ", ".join(parts) or "0"


# --- AI Act ------------------------------------------------------------------------------------
def _status(status: str, lang: Lang) -> str:
    return label(lang, f"status_{status}")


def aiact_block(classification: Any, bank: Any, lang: Lang) -> dict[str, Any]:
    if classification is None:
        return {
            "available": False,
            "note": label(lang, "not_available"),
            "regimes": [],
            "applicable": [],
            "role": {"summary": "", "reasons": []},
            "obligations": [],
        }
    regimes = []
    seen: set[str] = set()  # a reason shared by several regimes is printed once, first
    for regime in classification.regimes:
        lines = []
        for reason in regime.reasons:
            line = f"{reason.text(lang)} ({cites(reason.legal, lang)})" + (
                f" [{answer_refs(reason.answers, bank, lang)}]" if reason.answers else ""
            )
            if line not in seen:
                lines.append(line)
                seen.add(line)
        if regime.status == "undetermined" and regime.deciding_questions:
            questions = question_names(regime.deciding_questions, bank, lang)
            lines.append(label(lang, "deciding", questions=questions))
        points = f" — {', '.join(regime.points)}" if regime.points else ""
        regimes.append(
            {
                "id": regime.id,
                "title": regime.title(lang) + points,
                "status": _status(regime.status, lang),
                "status_id": regime.status,
                "reasons": "\n".join(lines) or "—",
            }
        )
    role = classification.role
    if role.stands_alone:  # outside the Regulation, or prohibited: no role to exercise
        summary = label(lang, f"role_{role.stands_alone}")
    elif role.status == "determined" and role.id is not None:
        summary = label(lang, f"role_{role.id}")
    else:
        possible = ", ".join(ROLE_WORDS[r][0 if lang == "fr" else 1] for r in role.possible)
        summary = label(lang, "role_undetermined", possible=possible)
    reasons = [f"{r.text(lang)} ({cites(r.legal, lang)})" for r in role.reasons]
    reasons += [
        label(lang, "requalification_risk", risk=f"{r.text(lang)} ({cites(r.legal, lang)})")
        for r in role.risks
    ]
    if role.deciding_questions:
        questions = question_names(role.deciding_questions, bank, lang)
        reasons.append(label(lang, "deciding", questions=questions))
    obligations = []
    for item in classification.obligations_of("hospital"):
        date = (
            format_date(item.applies_from, lang) if item.applies_from else label(lang, "in_force")
        )
        if item.applies_from and not item.date_confirmed:
            date += " " + label(lang, "date_unconfirmed")
        status = _status(item.status, lang)
        if item.certainty == "undetermined":
            status += f" ({_status('undetermined', lang)})"
        obligations.append(
            {
                "id": item.id,
                "title": item.title(lang),
                "detail": item.detail(lang) + (f" {item.note(lang)}" if item.note else ""),
                "date": date,
                "status": status,
                "legal": cites(item.legal, lang),
            }
        )
    return {
        "available": True,
        "note": "",
        "regimes": regimes,
        "applicable": [r.title(lang) for r in classification.regimes if r.status == "applies"],
        "role": {"summary": summary, "reasons": reasons},
        "obligations": obligations,
    }


# --- findings ----------------------------------------------------------------------------------
def _node_names(graph: Any, lang: Lang) -> Any:
    """Node id -> its name in ``lang``, for the path of a data-flow finding."""
    nx_graph = _flow_graph(graph)

    def name(node_id: str) -> str:
        if nx_graph is None or node_id not in nx_graph:
            return node_id
        attrs = nx_graph.nodes[node_id]
        shown = attrs.get("name_en") if lang == "en" else None
        return str(shown or attrs.get("name") or node_id)

    return name


def findings_block(findings: Any, bank: Any, lang: Lang, graph: Any = None) -> dict[str, Any]:
    node_name = _node_names(graph, lang)
    groups = []
    for severity in sorted({f.severity for f in findings}, key=SEVERITY_ORDER.__getitem__):
        members = [f for f in findings if f.severity == severity]
        items = []
        for finding in members:
            parts = []
            if finding.triggers:
                refs = answer_refs(finding.triggers, bank, lang)
                parts.append(f"{label(lang, 'evidence')}{SEP[lang]}{refs}")
            if finding.path:
                path = " → ".join(node_name(n) for n in finding.path)
                parts.append(f"{label(lang, 'path')}{SEP[lang]}{path}")
            if finding.legal:
                parts.append(f"{label(lang, 'legal_basis')}{SEP[lang]}{cites(finding.legal, lang)}")
            if finding.clauses:
                parts.append(f"{label(lang, 'remedies')}{SEP[lang]}{', '.join(finding.clauses)}")
            parts.append(label(lang, f"source_{finding.source}"))
            # the subject of a data-flow finding is a node id: its name, unless the title has it
            about = node_name(finding.subject) if finding.subject else ""
            subject = f" ({about})" if about and about not in finding.title(lang) else ""
            items.append(
                {
                    "id": finding.id,
                    "heading": f"{finding.id} — {finding.title(lang)}{subject}",
                    "explanation": finding.explanation(lang),
                    "evidence": " · ".join(parts),
                }
            )
        groups.append(
            {
                "severity": severity,
                "heading": f"{SEVERITY_LABEL[severity](lang)} ({len(members)})",
                "entries": items,
            }
        )
    intro = (
        label(
            lang, "findings_intro", count=len(findings), by_severity=severity_counts(findings, lang)
        )
        if findings
        else label(lang, "no_findings")
    )
    return {"intro": intro, "groups": groups, "count": len(findings)}


# --- scores ------------------------------------------------------------------------------------
def _fact_text(
    fact: Any, bank: Any, findings: Any, lang: Lang, attached: dict[str, str] | None = None
) -> str:
    """One input of a score, in words: an answer, a regime, a finding."""
    if fact.kind == "regime":
        if fact.state == "unknown":
            status = _status("undetermined", lang)
        else:
            status = _status("applies" if fact.value else "does_not_apply", lang)
        regime = label(lang, "regime_named", title=regime_title(fact.id, lang))
        return f"{regime}{SEP[lang]}{status}"
    if fact.kind == "finding":
        raised = next((f for f in findings if f.id == fact.id), None)
        name = finding_name(raised, lang) if raised else fact.id
        return f"{name}{SEP[lang]}{label(lang, 'raised' if fact.value else 'not_raised')}"
    if fact.state != "value":
        question = bank.by_id.get(fact.id)
        name = question.label(lang) if question else fact.id
        state = label(lang, f"state_{fact.state}")
        return answer_line(name, fact.id, state, lang, word=False)
    line = quoted_answer(fact.id, fact.value, bank, lang)
    return line + with_evidence(attached.get(fact.id) if attached else None, lang)


def _item_label(criterion: Any, evidence: Any, lang: Lang) -> str:
    """The label of the profile item a line of evidence scores, when it has one."""
    items = getattr(getattr(criterion, "scoring", None), "items", ())
    if evidence.item is None or not 0 <= evidence.item < len(items):
        return ""
    text = getattr(items[evidence.item], "label", None)
    return f"{text(lang)}{SEP[lang]}" if text is not None else ""


def _evidence_line(
    evidence: Any,
    criterion: Any,
    bank: Any,
    findings: Any,
    lang: Lang,
    attached: dict[str, str] | None = None,
) -> str:
    kind = evidence.kind
    if kind in ("answer", "condition"):
        facts = _item_label(criterion, evidence, lang) + semicolon(lang).join(
            _fact_text(f, bank, findings, lang, attached) for f in evidence.facts
        )
        points = (
            f" → {number(evidence.points, lang)}/{number(evidence.max, lang)}"
            if evidence.points is not None and evidence.max is not None
            else ""
        )
        return f"{facts}{points}"
    if kind == "finding":
        deduction = number(evidence.deduction or 0, lang)
        raised = next(
            (f for f in findings if f.id == evidence.finding and f.subject == evidence.subject),
            None,
        )
        if raised is None:
            severity = SEVERITY_LABEL[evidence.severity or "info"](lang)
            return f"{evidence.finding} ({severity}) → −{deduction} %"
        return f"{finding_name(raised, lang)} → −{deduction} %"
    if kind == "no_finding":
        return label(lang, "no_findings")
    if kind == "evaluation":
        mark = number(evidence.mark or 0, lang)
        return f"{evidence.evaluator}{SEP[lang]}{mark} — {evidence.justification or ''}"
    if kind == "override":
        return f"{evidence.by}{SEP[lang]}{evidence.justification or ''}"
    return str(kind)


def scores_block(
    score: Any,
    profile: Any,
    bank: Any,
    lang: Lang,
    chart: Path | None = None,
    findings: Any = (),
    attached: dict[str, str] | None = None,
) -> dict[str, Any]:
    if score is None or profile is None:
        return {
            "available": False,
            "note": label(lang, "not_available"),
            "paragraphs": [],
            "criteria": [],
            "chart": None,
            "total": "",
            "risk": "",
        }
    risk = next((r for r in profile.risk_levels if r.id == score.risk.level), None)
    risk_label = risk.label(lang) if risk else score.risk.level
    paragraphs = [
        label(
            lang,
            "score_headline",
            total=number(score.total, lang, 2),  # as `sovereignty score` shows it
            profile=f"{profile.id} {profile.version}",
            risk=risk_label,
        )
    ]
    if score.pending:
        criteria = [(c, profile.criterion(c)) for c in score.pending]
        names = [criterion.label(lang) if criterion else c for c, criterion in criteria]
        paragraphs.append(label(lang, "pending", items=semicolon(lang).join(names)))
    rows = []
    for result in score.criteria:
        criterion = profile.criterion(result.id)
        axis = profile.axis(result.axis)
        lines = [
            _evidence_line(e, criterion, bank, findings, lang, attached) for e in result.evidence
        ]
        rows.append(
            {
                "id": result.id,
                "label": criterion.label(lang) if criterion else result.id,
                "axis": axis.label(lang) if axis else result.axis,
                "points": (f"{number(result.points, lang, 2)} / {number(result.weight, lang)}"),
                "explanation": "\n".join(line for line in lines if line) or "—",
            }
        )
    return {
        "available": True,
        "note": "",
        "paragraphs": paragraphs,
        "criteria": rows,
        "chart": Picture(chart, 150) if chart else None,
        "total": number(score.total, lang, 2),
        "risk": risk_label,
    }


# --- data flows and unanswered questions -----------------------------------------------------
def _flow_graph(graph: Any) -> Any:
    for candidate in (getattr(graph, "graph", None), graph):
        if candidate is not None and hasattr(candidate, "nx"):
            return candidate.nx
    return None


def dataflow_block(offer: Any, lang: Lang, diagram: Path | None) -> dict[str, Any]:
    graph_findings = [f for f in offer.findings if f.source == "graph"]
    nx_graph = _flow_graph(offer.graph)
    if offer.graph is None or nx_graph is None:
        paragraphs = [label(lang, "dataflow_none")]
    else:
        flows = sum(1 for *_, d in nx_graph.edges(data=True) if d.get("relation") == "flow")
        ids = ", ".join(sorted({f.id for f in graph_findings})) or "—"
        paragraphs = [
            label(
                lang,
                "dataflow_summary",
                nodes=nx_graph.number_of_nodes(),
                edges=flows,
                findings=len(graph_findings),
                ids=ids,
            )
        ]
    return {"paragraphs": paragraphs, "diagram": Picture(diagram, 165) if diagram else None}


def unanswered_block(offer: Any, lang: Lang) -> dict[str, Any]:
    bank = offer.tender.bank
    facts = offer.facts
    rows = []
    for question in bank.questions:
        if not facts.applies(question.id):
            continue
        answer = offer.sheet.answers.get(question.id)
        if answer is not None and facts.value(question.id) is not UNKNOWN:
            continue
        state = label(lang, "state_unknown" if answer is not None else "state_missing")
        rows.append(
            {
                "id": question.id,
                "label": question.label(lang),
                "section": bank.section_of[question.id].title(lang),
                "state": state,
            }
        )
    intro = (
        label(lang, "unanswered_intro", count=len(rows)) if rows else label(lang, "unanswered_none")
    )
    return {"intro": intro, "rows": rows}


# --- the report --------------------------------------------------------------------------------
def report_context(
    offer: Any,
    lang: Lang,
    *,
    score: Any = None,
    profile: Any = None,
    profile_hash: str | None = None,
    diagram: Path | None = None,
    chart: Path | None = None,
    clauses: int | None = None,
    generated: dt.datetime | None = None,
) -> dict[str, Any]:
    bank = offer.tender.bank
    settings = offer.tender.settings
    report = offer.report
    findings = list(offer.findings)
    aiact = aiact_block(offer.classification, bank, lang)
    unknown = sum(s.unknown for s in report.sections)
    facts = [
        (
            label(lang, "fact_completeness"),
            label(
                lang,
                "fact_completeness_value",
                answered=report.answered,
                applicable=report.applicable,
                unknown=unknown,
                missing=len(report.missing_required),
            ),
        ),
        (
            label(lang, "fact_regimes"),
            ", ".join(aiact["applicable"]) if aiact["available"] else label(lang, "not_available"),
        ),
    ]
    if aiact["available"]:
        facts.append((label(lang, "fact_role"), aiact["role"]["summary"]))
    facts.append((label(lang, "fact_findings"), severity_counts(findings, lang)))
    # the documents given in support of answers, shown next to each answer quoted
    attached = {qid: a.evidence for qid, a in offer.sheet.answers.items() if a.evidence}
    scores = scores_block(score, profile, bank, lang, chart, findings, attached)
    if scores["available"]:
        facts.append((label(lang, "fact_score"), f"{scores['total']} / 100"))
        facts.append((label(lang, "fact_risk"), scores["risk"]))
    if clauses is not None:
        facts.append((label(lang, "fact_clauses"), str(clauses)))
    blocking = [f"{f.id} — {f.title(lang)}" for f in findings if f.severity == "blocking"]
    paragraphs = [
        label(lang, "summary_1", vendor=offer.name, tender=settings.name, answered=report.answered),
        label(
            lang,
            "summary_blocking",
            count=len(blocking),
            ids=semicolon(lang).join(dict.fromkeys(blocking)),
        )
        if blocking
        else label(lang, "summary_none_blocking"),
    ]
    findings_part = findings_block(findings, bank, lang, offer.graph)
    toc = [label(lang, "summary"), label(lang, "aiact_title")]
    if aiact["available"]:
        toc += [
            f"    {label(lang, key)}"
            for key in ("regimes_title", "role_title", "obligations_title")
        ]
    toc.append(label(lang, "findings_title"))
    toc += [f"    {g['heading']}" for g in findings_part["groups"]]
    toc += [label(lang, k) for k in ("scores_title", "dataflow_title", "unanswered_title")]
    context = frame(
        settings,
        lang,
        title=label(lang, "report_title"),
        subtitle=label(lang, "report_subtitle", vendor=offer.name),
        extra=[
            (label(lang, "id_vendor"), offer.name),
            (label(lang, "id_bank"), f"{bank.id} {bank.version} ({short_hash(bank.hash, lang)})"),
        ],
        as_of=offer.as_of,
        profile_hash=profile_hash,
        toc=toc,
        generated=generated,
    )
    context.update(
        {
            "vendor": {"id": offer.vendor_id, "name": offer.name},
            "summary": {
                "paragraphs": paragraphs,
                "facts": [{"label": k, "value": v} for k, v in facts],
            },
            "aiact": aiact,
            "findings": findings_part,
            "scores": scores,
            "dataflow": dataflow_block(offer, lang, diagram),
            "unanswered": unanswered_block(offer, lang),
        }
    )
    return context
