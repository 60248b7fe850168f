"""Word documents: the contract annex, the risk report of one offer, the GHT comparison report.

- :mod:`context` and its siblings build each document's context as plain data (dicts, lists,
  strings) from an analysed offer: pure, testable without Word.
- :mod:`render` is the only import of docxtpl: a sandboxed Jinja environment with autoescape,
  strict undefined variables, characters Word cannot hold stripped from every value, a static
  check of every template against its context, and an atomic save.
- :mod:`pdf` converts with LibreOffice when it is installed.
"""
