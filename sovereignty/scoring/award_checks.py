"""Cross-checks of a grid's award rules and of the uses of its facts, for the loader.

- the award criteria: ids unique, weights adding up to 100 (CCP art. R2152-12), one price
  criterion, every axis of the grid in exactly one criterion scored by the grid, an
  environmental criterion (CCP art. L2152-7 and R2152-7, for consultations launched from
  21 August 2026), tie-breaks naming award criteria;
- the facts: each ``aspects`` entry names a fact its criterion reads, and every fact read by
  several criteria states, in each of them, the aspect of the need it measures there
  (CE 20 Nov 2020, n° 427761; see ``scoring.uses``).

Each problem goes to ``report(location, message, subject)``, the loader's collector.
"""

from __future__ import annotations

from collections.abc import Callable

from sovereignty.core.model import Text
from sovereignty.scoring.model import Profile
from sovereignty.scoring.uses import criterion_facts, shared_facts

Report = Callable[[tuple[str | int, ...], Text, str], None]
WEIGHT_TOTAL = 100.0


def check_award(report: Report, profile: Profile) -> None:
    award = profile.award
    if award is None:
        report(
            ("award",),
            Text(
                fr="la grille publie ses critères d'attribution ('award' : prix, valeur "
                "technique, critère environnemental, pondérations ; CCP art. R2152-11 et "
                "R2152-12)",
                en="the grid publishes its award criteria ('award': price, technical value, "
                "environmental criterion, weights; CCP art. R2152-11 and R2152-12)",
            ),
            "",
        )
        return
    ids = [c.id for c in award.criteria]
    for i, cid in enumerate(ids):
        if cid in ids[:i]:
            report(
                ("award", "criteria", i, "id"),
                Text(fr="cet id de critère figure deux fois", en="criterion id appears twice"),
                cid,
            )
    total = sum(c.weight for c in award.criteria)
    if abs(total - WEIGHT_TOTAL) > 1e-6:
        report(
            ("award", "criteria"),
            Text(
                fr=f"la somme des pondérations des critères d'attribution est {total:g} ; elle "
                "doit être de 100 (CCP art. R2152-12)",
                en=f"the award criteria's weights add up to {total:g}; they must add up to 100 "
                "(CCP art. R2152-12)",
            ),
            "",
        )
    prices = [c.id for c in award.criteria if c.kind == "price"]
    if len(prices) != 1:
        report(
            ("award", "criteria"),
            Text(
                fr=f"un et un seul critère de prix ('kind: price') est attendu (trouvés : "
                f"{len(prices)})",
                en=f"exactly one price criterion ('kind: price') is expected (found {len(prices)})",
            ),
            "",
        )
    if not any(c.environmental for c in award.criteria):
        report(
            ("award", "criteria"),
            Text(
                fr="aucun critère ne prend en compte les caractéristiques environnementales de "
                "l'offre ('environmental: true') : c'est obligatoire pour les consultations "
                "lancées à compter du 21 août 2026 (CCP art. L2152-7 et R2152-7)",
                en="no criterion takes account of the offer's environmental characteristics "
                "('environmental: true'): this is compulsory for consultations launched from "
                "21 August 2026 (CCP art. L2152-7 and R2152-7)",
            ),
            "",
        )
    axis_ids = [a.id for a in profile.axes]
    for i, criterion in enumerate(award.criteria):
        for j, axis in enumerate(criterion.axes):
            if axis not in axis_ids:
                report(
                    ("award", "criteria", i, "axes", j),
                    Text(
                        fr=f"axe inconnu {axis!r} (axes : {', '.join(axis_ids)})",
                        en=f"unknown axis {axis!r} (axes: {', '.join(axis_ids)})",
                    ),
                    criterion.id,
                )
    for axis in axis_ids:
        holders = [c.id for c in award.criteria if axis in c.axes]
        if len(holders) != 1:
            report(
                ("award", "criteria"),
                Text(
                    fr=f"l'axe {axis!r} doit appartenir à un et un seul critère d'attribution "
                    f"noté par la grille (trouvé dans : {', '.join(holders) or 'aucun'})",
                    en=f"axis {axis!r} must belong to exactly one award criterion scored by the "
                    f"grid (found in: {', '.join(holders) or 'none'})",
                ),
                axis,
            )
    for i, ref in enumerate(award.tie_break):
        if ref not in ids:
            report(
                ("award", "tie_break", i),
                Text(
                    fr=f"{ref!r} n'est pas un critère d'attribution ({', '.join(ids)})",
                    en=f"{ref!r} is not an award criterion ({', '.join(ids)})",
                ),
                ref,
            )


def check_uses(report: Report, profile: Profile) -> None:
    for i, criterion in enumerate(profile.criteria):
        read = criterion_facts(criterion)
        for fact in criterion.aspects:
            if fact not in read:
                report(
                    ("criteria", i, "aspects", fact),
                    Text(
                        fr=f"ce critère ne lit pas {fact!r} (il lit : {', '.join(read)})",
                        en=f"this criterion does not read {fact!r} (it reads: {', '.join(read)})",
                    ),
                    criterion.id,
                )
    index = {c.id: i for i, c in enumerate(profile.criteria)}
    for fact, uses in shared_facts(profile).items():
        users = [u.criterion for u in uses]
        for use in uses:
            reader = profile.criterion(use.criterion)
            if reader is None or use.fact in reader.aspects:
                continue
            others = ", ".join(c for c in users if c != use.criterion)
            report(
                ("criteria", index[use.criterion], "aspects"),
                Text(
                    fr=f"{fact!r} est aussi noté par {others} : dites dans 'aspects' "
                    f"({use.fact}: {{fr: ..., en: ...}}) quel aspect du besoin il mesure ici, "
                    "ou ne le notez qu'une fois (un même élément ne compte dans plusieurs "
                    "critères que s'il se rattache à chacun : CE 20 nov. 2020, n° 427761)",
                    en=f"{fact!r} is also scored by {others}: state in 'aspects' "
                    f"({use.fact}: {{fr: ..., en: ...}}) which aspect of the need it measures "
                    "here, or score it once (one element counts in several criteria only where "
                    "it is linked to each: CE 20 Nov 2020, no. 427761)",
                ),
                use.criterion,
            )
