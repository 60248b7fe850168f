"""Scoring: a published grid (profile) applied to offers, by rules and by several evaluators.

::

    model        the profile: axes of the sovereignty matrix, criteria and how each is scored,
                 gates (eliminatory conditions, minimum levels), risk levels, ranking rules
    loader       YAML -> validated profile, cross-checked against the question bank, the known
                 findings and AI Act regimes; its identity is a content hash
    engine       pure: (profile, answers, findings, regimes, evaluations, overrides) -> scores
    results      what the engine returns, each figure with its evidence
    aggregate    several evaluators' marks -> median or mean, spread, disagreement flag
    evaluations  each evaluator's file of manual marks, validated against profile and tender
    overrides    human overrides of a criterion's score (who, when, why), checked against the
                 journal
    compare      ranking after the gates, ties, sensitivity to the weights (seeded, pure)
    export       the comparison as JSON data and CSV (formula cells neutralised)
    present      plain-text renderings in French or English
    data/        the shipped default grid, and the demo's two evaluators' files

The grid is an award (sub-)criterion of the consultation: its criteria, sub-criteria and weights
are published in the consultation documents (CCP art. R2152-11, R2152-12), which is why a frozen
profile cannot change silently.
"""
