"""Legal citations: one compact reference syntax, rendered in French or English.

A reference is ``CODE`` or ``CODE locator``, e.g. ``AIA art. 26(6)``, ``AIA annex III 5(d)``,
``GDPR art. 28(3)``, ``CSP art. L1111-8``, ``MDR annex VIII rule 11``. The code names an instrument
from the catalogue below; an unknown code is an error when content is loaded, so every statement
the tool makes cites a text it knows.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Annotated

from pydantic import AfterValidator

from sovereignty.core.errors import did_you_mean
from sovereignty.core.model import InvalidValue, Lang, Text


@dataclass(frozen=True)
class Instrument:
    fr: str  # its name, standing alone
    en: str
    fr_of: str  # how it follows a locator: « art. 26 » + « du règlement … »
    en_of: str  # "Art. 26" + "of Regulation …"


def _inst(fr: str, en: str, fr_prep: str = "du", en_prep: str = "of") -> Instrument:
    return Instrument(
        fr,
        en,
        f"{fr_prep} {fr}".replace("de le ", "du ").replace("du l'", "de l'"),
        f"{en_prep} {en}",
    )


INSTRUMENTS: dict[str, Instrument] = {
    "AIA": _inst(
        "règlement (UE) 2024/1689 sur l'intelligence artificielle",
        "Regulation (EU) 2024/1689 (AI Act)",
    ),
    "OMNIBUS": _inst(
        "règlement omnibus numérique sur l'IA (2026)",
        "Digital Omnibus on AI (2026)",
        en_prep="of the",
    ),
    "GDPR": _inst("règlement (UE) 2016/679 (RGPD)", "Regulation (EU) 2016/679 (GDPR)"),
    "MDR": _inst(
        "règlement (UE) 2017/745 relatif aux dispositifs médicaux",
        "Regulation (EU) 2017/745 on medical devices (MDR)",
    ),
    "IVDR": _inst(
        "règlement (UE) 2017/746 relatif aux dispositifs médicaux de diagnostic in vitro",
        "Regulation (EU) 2017/746 on in vitro diagnostic devices (IVDR)",
    ),
    "DA": _inst(
        "règlement (UE) 2023/2854 sur les données (Data Act)",
        "Regulation (EU) 2023/2854 (Data Act)",
    ),
    "NIS2": _inst("directive (UE) 2022/2555 (NIS 2)", "Directive (EU) 2022/2555 (NIS2)", "de la"),
    "CSP": _inst("code de la santé publique", "French Public Health Code", en_prep="of the"),
    "CCP": _inst(
        "code de la commande publique", "French Public Procurement Code", en_prep="of the"
    ),
    "CT": _inst("code du travail", "French Labour Code", en_prep="of the"),
    "CCOM": _inst("code de commerce", "French Commercial Code", en_prep="of the"),
    "D2021-1570": _inst(
        "décret n° 2021-1570 du 3 décembre 2021 relatif aux comités sociaux d'établissement "
        "des établissements publics de santé",
        "Decree no. 2021-1570 of 3 December 2021 on the staff committees (comités sociaux "
        "d'établissement) of public health establishments",
    ),
    "HDS": _inst(
        "référentiel de certification HDS v2 (arrêté du 26 avril 2024)",
        "HDS certification framework v2 (order of 26 April 2024)",
        en_prep="of the",
    ),
    "SNC": _inst(
        "référentiel SecNumCloud 3.2 de l'ANSSI",
        "ANSSI SecNumCloud 3.2 framework",
        en_prep="of the",
    ),
    "SREN": _inst(
        "loi n° 2024-449 du 21 mai 2024 (SREN)", "Law no. 2024-449 of 21 May 2024 (SREN)", "de la"
    ),
    "CLOUD": _inst(
        "doctrine « cloud au centre » (circulaire n° 6404/SG du 31 mai 2023)",
        "'cloud au centre' doctrine (circular no. 6404/SG, 31 May 2023)",
        "de la",
        "of the",
    ),
    "CCAG-TIC": _inst(
        "CCAG-TIC (arrêté du 30 mars 2021)",
        "CCAG-TIC general terms for IT contracts (order of 30 March 2021)",
        en_prep="of the",
    ),
    "CNIL-AIPD": _inst(
        "liste CNIL des traitements soumis à AIPD (délibération n° 2018-327)",
        "CNIL list of processing requiring a DPIA (deliberation no. 2018-327)",
        "de la",
        "of the",
    ),
    "MDCG": _inst(
        "guide MDCG 2025-6 / AIB 2025-1 (dispositifs médicaux et AI Act)",
        "MDCG 2025-6 / AIB 2025-1 guidance (medical devices and the AI Act)",
        en_prep="of the",
    ),
    "SCC": _inst(
        "clauses contractuelles types (décision d'exécution (UE) 2021/914)",
        "standard contractual clauses (Implementing Decision (EU) 2021/914)",
        "des",
        "of the",
    ),
    "DPF": _inst(
        "décision d'adéquation (UE) 2023/1795 (cadre UE–États-Unis)",
        "adequacy decision (EU) 2023/1795 (EU–US Data Privacy Framework)",
        "de la",
        "of the",
    ),
    "FHF": _inst(
        "synthèse des Master Class IA de la FHF (2025-2026)",
        "FHF AI Master Class synthesis (2025-2026)",
        "de la",
        "of the",
    ),
    "HAS-CNIL": _inst(
        "recommandations HAS-CNIL sur l'IA en santé",
        "HAS-CNIL recommendations on AI in healthcare",
        "des",
        "of the",
    ),
    "MCC-AI": _inst(
        "clauses contractuelles types de l'UE pour l'achat d'IA (MCC-AI, 2025)",
        "EU model contractual clauses for AI procurement (MCC-AI, 2025)",
        "des",
        "of the",
    ),
}

_REF = re.compile(r"^(?P<code>[A-Z0-9][A-Z0-9-]*)(?:\s+(?P<locator>\S.*))?$")

# Locator words written in English in references, shown in French.
_FR_WORDS = {
    "annex": "annexe",
    "rule": "règle",
    "recital": "considérant",
    "req.": "exigences",
    "section": "section",
    "key": "clé",
    "chapter": "chapitre",
}


def check_reference(ref: str) -> Text | None:
    """None when ``ref`` is well formed, else what is wrong with it (French and English)."""
    match = _REF.fullmatch(ref)
    if not match:
        return Text(
            fr=f"la référence juridique {ref!r} n'est pas de la forme 'CODE repère' "
            "(par ex. 'AIA art. 26(6)')",
            en=f"legal reference {ref!r} is not of the form 'CODE locator' (e.g. 'AIA art. 26(6)')",
        )
    if match["code"] not in INSTRUMENTS:
        fr_hint, en_hint = did_you_mean(match["code"], INSTRUMENTS)
        return Text(
            fr=f"la référence juridique {ref!r} cite un texte inconnu {match['code']!r}{fr_hint}",
            en=f"legal reference {ref!r} names an unknown instrument {match['code']!r}{en_hint}",
        )
    return None


def known_references(refs: tuple[str, ...]) -> tuple[str, ...]:
    """``refs`` when every one is well formed; else an error saying what is wrong."""
    for ref in refs:
        problem = check_reference(ref)
        if problem is not None:
            raise InvalidValue(problem)
    return refs


# The type of a model's ``legal`` field: references checked when the content is loaded.
LegalRefs = Annotated[tuple[str, ...], AfterValidator(known_references)]


def cite(ref: str, lang: Lang) -> str:
    """Render a reference in full, e.g. « art. 26(6) du règlement (UE) 2024/1689 … »."""
    match = _REF.fullmatch(ref)
    if not match or match["code"] not in INSTRUMENTS:
        return ref
    instrument = INSTRUMENTS[match["code"]]
    locator = match["locator"]
    if lang == "fr":
        if not locator:
            return instrument.fr
        words = " ".join(_FR_WORDS.get(w.lower(), w) for w in locator.split(" "))
        return f"{words} {instrument.fr_of}"
    if not locator:
        return instrument.en
    return f"{locator[0].upper()}{locator[1:]} {instrument.en_of}"


# Short names for compact listings (terminal output); documents cite in full with ``cite``.
SHORT_NAMES: dict[str, tuple[str, str]] = {
    "AIA": ("RIA", "AI Act"),
    "OMNIBUS": ("omnibus IA", "AI Omnibus"),
    "GDPR": ("RGPD", "GDPR"),
    "MDR": ("MDR", "MDR"),
    "IVDR": ("IVDR", "IVDR"),
    "DA": ("Data Act", "Data Act"),
    "NIS2": ("NIS 2", "NIS2"),
    "CSP": ("CSP", "French Public Health Code"),
    "CCP": ("CCP", "French Public Procurement Code"),
    "CT": ("code du travail", "French Labour Code"),
    "CCOM": ("code de commerce", "French Commercial Code"),
    "D2021-1570": ("décret n° 2021-1570", "Decree 2021-1570"),
    "HDS": ("référentiel HDS", "HDS framework"),
    "SNC": ("SecNumCloud", "SecNumCloud"),
    "SREN": ("loi SREN", "SREN law"),
    "CLOUD": ("doctrine cloud au centre", "cloud au centre doctrine"),
    "CCAG-TIC": ("CCAG-TIC", "CCAG-TIC"),
    "CNIL-AIPD": ("liste CNIL AIPD", "CNIL DPIA list"),
    "MDCG": ("MDCG 2025-6", "MDCG 2025-6"),
    "SCC": ("CCT 2021/914", "SCC 2021/914"),
    "DPF": ("décision 2023/1795", "decision 2023/1795"),
    "FHF": ("synthèse FHF", "FHF synthesis"),
    "HAS-CNIL": ("HAS-CNIL", "HAS-CNIL"),
    "MCC-AI": ("MCC-AI", "MCC-AI"),
}


def cite_short(ref: str, lang: Lang) -> str:
    """A compact citation, e.g. « art. 26(6) RIA » / "Art. 26(6) AI Act"."""
    match = _REF.fullmatch(ref)
    if not match or match["code"] not in INSTRUMENTS:
        return ref
    short = SHORT_NAMES.get(match["code"], (match["code"], match["code"]))[0 if lang == "fr" else 1]
    locator = match["locator"]
    if not locator:
        return short
    if lang == "fr":
        words = " ".join(_FR_WORDS.get(w.lower(), w) for w in locator.split(" "))
        return f"{words} {short}"
    return f"{locator[0].upper()}{locator[1:]} {short}"
