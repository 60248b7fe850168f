"""sovereignty: buy hospital AI systems without giving away the capacity to decide, audit,
renegotiate and exit.

The package is layered (each layer imports only from those below it)::

    cli          click commands, output formatting, error-to-exit-code mapping
    prompts      the questionary adapter behind the ``Prompter`` protocol
    services     use cases (assess, classify, analyse, score, render, demo)
    documents    Word documents; forms: xlsx response forms
    tender       the tender folder on disk: settings, vendors, journal
    domain       questionnaire, aiact, findings, dataflow, scoring, clauses (pure)
    core         conditions language, errors, YAML I/O, resources, i18n, legal citations
"""

__version__ = "0.1.0"
