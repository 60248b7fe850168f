"""`sovereignty demo`."""

from __future__ import annotations

from pathlib import Path

import click

from sovereignty.cli.options import bilingual, echo
from sovereignty.core.model import Lang


@click.command()
@click.option(
    "--out",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("sovereignty-demo"),
    show_default=True,
    help=bilingual(
        "Dossier où construire la consultation d'exemple.",
        "Folder to build the example tender in.",
    ),
)
@click.option(
    "--lang",
    type=click.Choice(["fr", "en"]),
    default="fr",
    show_default=True,
    help=bilingual("Langue de la consultation d'exemple.", "Language of the example tender."),
)
@click.option(
    "--force",
    is_flag=True,
    help=bilingual(
        "Reconstruire une démo existante dans --out.",
        "Rebuild an existing demo in --out.",
    ),
)
def demo(out: Path, lang: Lang, force: bool) -> None:
    """Consultation d'exemple : un GHT, trois offres, toutes les étapes.

    Construit la consultation d'exemple (un GHT, trois éditeurs fictifs) et exécute chaque étape.
    \f
    Build the example tender (a GHT, three fictional vendors) and run every step on it.
    """
    from sovereignty.services.demo import DemoStep, run_demo

    def show(step: DemoStep) -> None:
        echo(click.style(f"== {step.name}", bold=True))
        for line in step.summary:
            echo(f"  {line}")
        for path in step.files:
            echo(f"  → {path}")

    run_demo(out, lang, force, on_step=show)
    echo(
        (
            "\nDémo prête dans {out}. Essayez : sovereignty status --dir {out}"
            if lang == "fr"
            else "\nDemo ready in {out}. Try: sovereignty status --dir {out}"
        ).format(out=out)
    )
