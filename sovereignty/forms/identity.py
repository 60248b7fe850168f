"""Whose form is this? Comparing the company named in a form with a vendor of the tender (pure).

Names are written many ways ("Radiance Santé SAS", "RADIANCE SANTE", "Radiance-Santé S.A.S."):
they are compared without case, accents, punctuation or legal form. A name matches when one
reads as the beginning of the other, word for word ("Acme" and "Acme Santé SAS"), so a short
name registered in the tender still matches the full one written in the form.
"""

from __future__ import annotations

import re
import unicodedata

# Legal forms, written without dots ("S.A.S." -> "sas", "B.V." -> "bv"): they say nothing of who.
LEGAL_FORMS = frozenset(
    {
        "sa", "sas", "sasu", "sarl", "eurl", "sca", "scs", "snc", "scop", "scic", "sci", "gie",
        "selarl", "bv", "nv", "vof", "gmbh", "ag", "kg", "ug", "ohg", "ev", "inc", "incorporated",
        "ltd", "limited", "llc", "llp", "lp", "plc", "corp", "corporation", "co", "company",
        "srl", "spa", "sl", "slu", "ab", "oy", "oyj", "as", "asa", "aps", "se", "sp", "zoo",
        "pvt", "pty", "kft", "sro", "doo",
    }
)  # fmt: skip


def company_words(name: str) -> tuple[str, ...]:
    """The words that identify a company: lower case, no accents, punctuation or legal form."""
    text = unicodedata.normalize("NFKD", name.casefold())
    text = "".join(c for c in text if not unicodedata.combining(c))
    text = text.replace(".", "")  # "s.a.s." -> "sas", "b.v." -> "bv"
    words = re.findall(r"[^\W_]+", text)
    kept = tuple(w for w in words if w not in LEGAL_FORMS)
    return kept or tuple(words)  # a name made only of legal-form words is still a name


def same_company(a: str, b: str) -> bool:
    """Whether two names designate the same company (one starts the other, word for word)."""
    wa, wb = company_words(a), company_words(b)
    if not wa or not wb:
        return False
    shorter, longer = sorted((wa, wb), key=len)
    return longer[: len(shorter)] == shorter


def company_matches(company: str, vendor_name: str, vendor_id: str) -> bool:
    """Whether the form's company is the vendor, by its registered name or by its id."""
    return same_company(company, vendor_name) or same_company(company, vendor_id.replace("-", " "))
