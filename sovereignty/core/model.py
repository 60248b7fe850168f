"""Base pydantic models and the bilingual text type."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, StringConstraints

Lang = Literal["fr", "en"]
LANGS: tuple[Lang, ...] = ("fr", "en")

NonEmptyStr = Annotated[str, StringConstraints(strict=True, min_length=1)]


class Model(BaseModel):
    """Strict by default: unknown keys are errors, not silently ignored."""

    model_config = ConfigDict(extra="forbid", frozen=True, strict=False)


class Text(Model):
    """A user-facing text in French (default) and English."""

    fr: NonEmptyStr
    en: NonEmptyStr

    def __call__(self, lang: Lang) -> str:
        return self.fr if lang == "fr" else self.en
