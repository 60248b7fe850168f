"""AI Act classification from the hospital's side: regimes, role and obligations.

``engine.classify(bank, sheet, as_of)`` returns a :class:`model.Classification`: every regime
(applies, does not apply, undetermined) with its chain of cited reasons, the hospital's role
(deployer, or provider under Art. 25), and the obligations of the hospital and of the vendor with
the date from which each applies. Texts, dates and obligations are data in ``aiact/data/``.
"""
