"""The clause library: contract clauses chosen by the answers, the AI Act regimes and the findings.

A clause is data (YAML, French and English): an id, a title, its legal basis, a condition in the
shared condition language (``sovereignty.core.conditions``) and one or more text variants whose
placeholders (``{tender.name}``, ``{answers.reversibility.transition_days}``) are filled by a safe
formatter, never by a template engine. A hospital or GHT can add or override clauses by id with a
folder of its own. Pure domain code: no docx here.
"""
