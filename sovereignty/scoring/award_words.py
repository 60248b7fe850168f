"""The award rules in words, French or English: award criteria with their weights and how each
is scored, the price formula and the life-cycle cost, the minimum requirements with their
consequence, and the regularity states. ``profile show``, the consultation file's criteria
excerpt, the analysis report and the letters all say them with these functions, from the same
numbers the award applies (``scoring.award``).
"""

from __future__ import annotations

from sovereignty.core.legal import cite
from sovereignty.core.model import Lang, Text
from sovereignty.scoring.award import (
    CONSEQUENCES,
    PRICE_COMPONENTS,
    PRICE_FORMULAS,
    AwardCriterion,
    Consequence,
    Requirement,
    award_weight,
)
from sovereignty.scoring.figures import money, number, points
from sovereignty.scoring.model import Profile
from sovereignty.scoring.regularity import State

STATES: dict[str, Text] = {
    "regular": Text(fr="régulière", en="regular"),
    "incomplete": Text(fr="incomplète", en="incomplete"),
    "irregular": Text(fr="irrégulière", en="irregular"),
    "unacceptable": Text(fr="inacceptable", en="unacceptable"),
    "inappropriate": Text(fr="inappropriée", en="inappropriate"),
    "ranked": Text(fr="classée", en="ranked"),
    "awarded": Text(fr="attributaire", en="awarded"),
}

_W: dict[str, Text] = {
    "award": Text(fr="Critères d'attribution", en="Award criteria"),
    "requirements": Text(
        fr="Exigences minimales (vérifiées avant toute notation ; une offre qui n'en respecte "
        "pas une n'est ni notée ni classée)",
        en="Minimum requirements (checked before any scoring; an offer failing one is neither "
        "scored nor ranked)",
    ),
    "grid_scored": Text(
        fr="noté par la grille : sous-critères des axes {axes}, notés sur {n} points, ramenés "
        "à {w} points",
        en="scored by the grid: sub-criteria of the axes {axes}, scored out of {n} points, "
        "brought to {w} points",
    ),
    "environmental": Text(
        fr="prend en compte les caractéristiques environnementales de l'offre",
        en="takes account of the offer's environmental characteristics",
    ),
    "life_cycle": Text(
        fr="Coût du cycle de vie sur {m} mois, hors taxes : somme des montants uniques et des "
        "montants annuels × {y} ans, composantes : {c}. Une composante non chiffrée compte "
        "pour 0 et est signalée.",
        en="Life-cycle cost over {m} months, excluding VAT: one-off amounts plus yearly "
        "amounts × {y} years, components: {c}. A component left unpriced counts as 0 and is "
        "pointed out.",
    ),
    "budget": Text(
        fr="Au-delà de {b}, montant des crédits budgétaires alloués, une offre est inacceptable "
        "(CCP art. L2152-3).",
        en="Above {b}, the budget allotted, an offer is unacceptable (CCP art. L2152-3).",
    ),
    "ties": Text(
        fr="Égalité de note totale : l'offre la mieux notée sur {t} l'emporte ; à égalité "
        "persistante, les offres sont classées ex aequo.",
        en="Equal total scores: the offer with the better score on {t} comes first; offers "
        "still equal are ranked joint.",
    ),
    "when": Text(fr="non respectée si", en="not met if"),
    "consequence": Text(fr="l'offre est {c} ({a})", en="the offer is {c} ({a})"),
    "only_regular": Text(
        fr="Seules les offres régulières, acceptables et appropriées sont classées (CCP art. "
        "R2152-6) ; une note basse n'est jamais un motif d'écarter une offre.",
        en="Only regular, acceptable and appropriate offers are ranked (CCP art. R2152-6); a "
        "low score is never a ground to set an offer aside.",
    ),
}


def word(key: str, lang: Lang, **values: str) -> str:
    text = _W[key](lang)
    return text.format(**values) if values else text


def state_words(state: State | str, lang: Lang) -> str:
    return STATES[state](lang)


def consequence_words(consequence: Consequence, lang: Lang) -> str:
    """« l'offre est irrégulière (article L2152-2 du code de la commande publique) »."""
    label, article = CONSEQUENCES[consequence]
    return word("consequence", lang, c=label(lang), a=cite(article, lang))


def _sep(lang: Lang) -> str:
    return " ; " if lang == "fr" else "; "


def criterion_scoring(profile: Profile, criterion: AwardCriterion, lang: Lang) -> str:
    """How one award criterion is scored, in a sentence."""
    award = profile.award
    assert award is not None
    if criterion.kind == "price":
        assert criterion.formula is not None
        months = award.price.duration_months
        text = PRICE_FORMULAS[criterion.formula](lang) + ". " + life_cycle_words(months, lang)
        if award.price.budget is not None:
            text += " " + word("budget", lang, b=money(award.price.budget, lang))
        return text
    names = [a.label(lang) for a in profile.axes if a.id in criterion.axes]
    grid_points = sum(c.weight for c in profile.criteria if c.axis in criterion.axes)
    text = word(
        "grid_scored",
        lang,
        axes=", ".join(names),
        n=points(grid_points, lang),
        w=points(award_weight(award, criterion.id), lang),
    )
    if criterion.environmental:
        text += _sep(lang) + word("environmental", lang)
    return text


def life_cycle_words(months: int, lang: Lang) -> str:
    components = ", ".join(t(lang).lower() for t in PRICE_COMPONENTS.values())
    return word("life_cycle", lang, m=str(months), y=number(months / 12, lang), c=components)


def award_lines(profile: Profile, lang: Lang) -> list[str]:
    """The award criteria as published: weight, label, how each is scored, the tie rule."""
    award = profile.award
    if award is None:
        return []
    lines = [word("award", lang)]
    for criterion in award.criteria:
        weight = points(award_weight(award, criterion.id), lang)
        lines.append(f"  {weight:>5} %  {criterion.label(lang)}  ({criterion.id})")
        lines.append(f"        {criterion_scoring(profile, criterion, lang)}")
        if criterion.description:
            lines.append(f"        {criterion.description(lang)}")
        if criterion.legal:
            lines.append("        " + _sep(lang).join(cite(r, lang) for r in criterion.legal))
    if award.tie_break:
        names = [
            (award.criterion(t).label(lang) if award.criterion(t) else t)  # type: ignore[union-attr]
            for t in award.tie_break
        ]
        lines.append(word("ties", lang, t=", ".join(f"« {n} »" for n in names)))
    lines.append(word("only_regular", lang))
    return lines


def requirement_text(requirement: Requirement, condition: str, lang: Lang) -> tuple[str, str, str]:
    """(when it is not met, the consequence, the legal basis) of one requirement, given its
    condition already in words (``published.condition_words``)."""
    return (
        f"{word('when', lang)} {condition}",
        consequence_words(requirement.consequence, lang),
        _sep(lang).join(cite(r, lang) for r in requirement.legal),
    )
