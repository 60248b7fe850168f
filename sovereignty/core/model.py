"""Base pydantic models and the bilingual text type."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, StringConstraints

Lang = Literal["fr", "en"]
LANGS: tuple[Lang, ...] = ("fr", "en")


class InvalidValue(ValueError):
    """A validator's refusal, worded in French and English (see ``core.validation``).

    pydantic keeps the exception, so the bilingual text reaches the user; as a plain
    ``ValueError`` it reads in English.
    """

    def __init__(self, text: Text) -> None:
        super().__init__(text.en)
        self.text = text


def _not_blank(value: str) -> str:
    if not value.strip():
        raise InvalidValue(
            Text(fr="ne doit pas être vide ni blanc", en="must not be empty or blank")
        )
    return value


NonEmptyStr = Annotated[str, StringConstraints(strict=True), AfterValidator(_not_blank)]


class Model(BaseModel):
    """Strict by default: unknown keys are errors, not silently ignored."""

    model_config = ConfigDict(extra="forbid", frozen=True, strict=False)


class Text(Model):
    """A user-facing text in French (default) and English."""

    fr: NonEmptyStr
    en: NonEmptyStr

    def __call__(self, lang: Lang) -> str:
        return self.fr if lang == "fr" else self.en
