"""French grammar for names inserted into sentences: the article a hospital's name takes.

« passée par le CHU de Port-Sainte-Anne », « pour le compte de l'Hôpital Nord », « au centre
hospitalier », « de la Clinique du Parc »: public bodies are named with their article, which
depends on the first word's gender and on elision before a vowel or a mute h; after « de » and
« à » the masculine article contracts (« du », « au »). A name whose first word is not a known
kind of body (a company name, « Radiance Santé SAS ») takes no article.
"""

from __future__ import annotations

import re

# First words of the names of health and public bodies, by grammatical gender.
_MASCULINE = {
    "chu",
    "ch",
    "chr",
    "chru",
    "chs",
    "chi",
    "chic",
    "centre",
    "groupe",
    "groupement",
    "ght",
    "gcs",
    "gip",
    "institut",
    "hôpital",
    "hopital",
    "établissement",
    "etablissement",
    "syndicat",
    "sih",
    "pôle",
    "pole",
    "service",
    "ministère",
    "conseil",
    "département",
}
_FEMININE = {
    "clinique",
    "polyclinique",
    "fondation",
    "maison",
    "assistance",
    "ap-hp",
    "aphp",
    "ap-hm",
    "agence",
    "université",
    "universite",
    "mutuelle",
    "direction",
    "région",
    "communauté",
}
_ELIDED = re.compile(r"^[aeiouyàâäéèêëîïôöûüh]", re.IGNORECASE)
_CONTRACTED = {("de", "le"): "du", ("à", "le"): "au", ("de", "les"): "des", ("à", "les"): "aux"}


def article(name: str) -> str:
    """« le », « la », « l' » or « » for ``name``."""
    first = re.split(r"[\s,]+", name.strip(), maxsplit=1)[0].lower() if name.strip() else ""
    if first in _MASCULINE:
        gender = "le"
    elif first in _FEMININE:
        gender = "la"
    else:
        return ""
    return "l'" if _ELIDED.match(first) else gender


def with_article(preposition: str, name: str) -> str:
    """``name`` after ``preposition`` (« par », « de », « à », « pour »), article included.

    ``with_article("de", "CHU de Nantes")`` gives « du CHU de Nantes »; a name without a known
    article keeps the preposition alone, elided where French elides it (« d'Acme »).
    """
    name = name.strip()
    art = article(name)
    if art in ("le", "les") and (preposition, art) in _CONTRACTED:
        return f"{_CONTRACTED[(preposition, art)]} {name}"
    if art:
        glue = "" if art.endswith("'") else " "
        return f"{preposition} {art}{glue}{name}"
    if preposition == "de" and _ELIDED.match(name):
        return f"d'{name}"
    return f"{preposition} {name}"
