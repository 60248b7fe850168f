"""Scoring: a published grid (profile) applied to offers, by rules and by several evaluators.

::

    model        the profile: axes of the sovereignty matrix, criteria and how each is scored,
                 gates (eliminatory conditions, minimum levels), risk levels, ranking rules
    loader       YAML -> validated profile, cross-checked against the question bank, the known
                 findings and AI Act regimes; its identity is a content hash
    engine       pure: (profile, answers, findings, regimes, evaluations, overrides) -> scores
    evaluations  each evaluator's file of manual scores; aggregation and disagreement flags
    overrides    human overrides of a criterion's score (who, when, why)
    compare      ranking after the gates, ties, sensitivity to the weights (seeded, pure)
    present      plain-text renderings in French or English

The grid is an award (sub-)criterion of the consultation: its criteria, sub-criteria and weights
are published in the consultation documents (CCP art. R2152-11, R2152-12), which is why a frozen
profile cannot change silently.
"""
