"""The vendor response form: an xlsx workbook put in the consultation file (DCE), filled offline by
each vendor, and imported back into the vendor's answer sheet.

::

    layout     where every question lives in the workbook (pure: derived from the bank and language)
    cells      how an answer becomes cell text and back (pure)
    texts      the form's words in French and English
    safety     limits and checks on untrusted workbooks before any parser sees them; neutralising
               text that a spreadsheet would take for a formula
    export     writing the empty form (openpyxl)
    fill       writing answers into a form, as a vendor's tool would (openpyxl)
    read       reading a filled form into answers, cell by cell (openpyxl, read-only, no formulas)
    merge      merging imported vendor answers into an answer sheet, and what changed (pure)

This package is the only importer of openpyxl, and imports it inside the modules that write or read
workbooks, which only the form commands load.
"""
