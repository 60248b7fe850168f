"""Answers that name an organisation (a host, a parent company, a sub-processor) must be names.

A vendor filling a form often writes « Voir mémoire technique, p. 12 » or « N/C » where a name is
asked. Taken as a name, that text would become an organisation in the data-flow graph, with
findings and points lost. Such answers are recognised here and refused with a message saying
what is expected (``entity: true`` on a text question or record field of the bank).
"""

from __future__ import annotations

import re
import unicodedata

from sovereignty.core.model import Text

MAX_NAME = 200

# Words that point to another document or say nothing, compared without accents or case.
_REFERENCE = re.compile(
    r"^(voir|vois|cf|cfr|see|refer|reportez|se reporter|consulter|consult|comme indique|"
    r"as stated|as described|as per|ci-joint|ci joint|ci-dessus|ci-dessous|attached|enclosed)\b"
    r"|\b(memoire technique|memoire|technical (brief|proposal|memo|answer|response)|annexe?s?|"
    r"appendix|appendices|piece jointe|pieces jointes|dossier technique|offre technique|"
    r"reponse technique|cahier des charges|cctp|ccap|dce|document|documents|chapitre|chapter|"
    r"paragraphe|paragraph|page|pages)\b"
    r"|\bp\.? ?\d+\b|\bsection \d|§"
)
_PLACEHOLDER = re.compile(
    r"^(n/?a|n\.a\.?|nc|n/c|non communique|non applicable|not applicable|confidentiel|"
    r"confidential|tbd|tbc|a definir|a preciser|to be defined|to be confirmed|sur demande|"
    r"on request|idem|same|inconnu|unknown|xxx+|-+|\?+|\.+)$"
)


def _plain(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).lower().strip()


# An answer saying there is none (no parent company): not an organisation, not an error.
_NONE = re.compile(r"^(aucun|aucune|neant|none|no|non|sans objet|no group|pas de groupe)\.?$")


def says_none(text: str) -> bool:
    """Whether ``text`` answers that there is no such organisation ("Aucun", "None")."""
    return _NONE.match(_plain(text)) is not None


def document_reference(text: str) -> str | None:
    """The words of ``text`` that make it a reference to another document or a placeholder
    rather than a name, or None."""
    plain = _plain(text)
    found = _REFERENCE.search(plain) or _PLACEHOLDER.match(plain)
    if found is not None:
        return found.group().strip()
    if not any(c.isalnum() for c in plain):
        return plain or "?"
    return None


def name_problem(text: str) -> Text | None:
    """Why ``text`` cannot be the name of an organisation, or None."""
    if "\n" in text.strip():
        return Text(
            fr="le nom d'une organisation tient sur une ligne (sa raison sociale)",
            en="the name of an organisation fits on one line (its legal name)",
        )
    if len(text) > MAX_NAME:
        return Text(
            fr=f"un nom d'organisation est attendu ({MAX_NAME} caractères au plus), pas un texte",
            en=f"the name of an organisation is expected (at most {MAX_NAME} characters), "
            "not a text",
        )
    cue = document_reference(text)
    if cue is not None:
        return Text(
            fr=f"« {text.strip()} » n'est pas le nom d'une organisation (« {cue} » renvoie à un "
            "autre document ou ne dit rien) : donnez sa raison sociale, par ex. « Stratus Web "
            "Services EMEA SARL »",
            en=f"“{text.strip()}” is not the name of an organisation (“{cue}” refers to another "
            "document or says nothing): give its legal name, e.g. “Stratus Web Services EMEA "
            "SARL”",
        )
    return None
