"""One tender's offers, analysed once per command: the layer documents, scoring and the CLI share.

::

    offer    an offer: its validated sheet, AI Act classification, regulatory findings, data flows
    flows    an offer's data-flow model and graph analysis, its diagram drawn once per language
    tender   the tender-level analysis: each sheet loaded once, each offer analysed once, the GHT
             graph merged from the offers' models; shared by every step of a command

It imports the domain packages and the tender folder, never services, documents or the CLI.
"""
