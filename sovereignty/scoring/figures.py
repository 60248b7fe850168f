"""Figures as each language writes them, for what people read (never for CSV or JSON, which
keep plain numbers with a '.' decimal point).

French: a space between thousands, a decimal comma, a space before '%' ("+2 464 %", "94,20",
"100,0 %"). English: a comma between thousands, a decimal point, '%' after the figure
("+2,464%", "94.20", "100.0%"). Negative figures take the minus sign "−".
"""

from __future__ import annotations

from sovereignty.core.model import Lang


def number(value: float, lang: Lang, digits: int | None = None, sign: bool = False) -> str:
    """``value`` with ``digits`` decimals, or as few as needed when None (like ``:g``: 2, 0.5,
    51.28); ``sign`` writes '+' before a positive figure."""
    plus = "+" if sign else ""
    if digits is None:
        text = f"{value:{plus},.6f}".rstrip("0").rstrip(".")
        text = "0" if text in ("-0", "+0", "") else text
    else:
        text = f"{value:{plus},.{digits}f}"
    if lang == "fr":
        # "," (thousands) -> space and "." (decimals) -> ",", in one pass
        text = text.translate(str.maketrans(",.", " ,"))
    return text.replace("-", "−")  # the minus sign, as the deductions write it


def percent(value: float, lang: Lang, digits: int | None = None, sign: bool = False) -> str:
    """``value`` (already in percent: 30 for 30 %) followed by the percent sign."""
    figure = number(value, lang, digits, sign)
    return f"{figure} %" if lang == "fr" else f"{figure}%"


def share(value: float, lang: Lang, digits: int = 0, sign: bool = False) -> str:
    """A ratio (0.2 for 20 %) in percent."""
    return percent(100 * value, lang, digits, sign)


def points(value: float, lang: Lang) -> str:
    """Grid or award points, as published and as applied alike: two decimals, a whole number
    without them ("3", "1,88")."""
    whole = abs(value - round(value)) < 0.005
    return number(round(value), lang) if whole else number(value, lang, 2)


def money(value: float, lang: Lang) -> str:
    """An amount in euros excluding VAT, to the euro ("245 000 € HT", "€245,000 excl. VAT")."""
    figure = number(round(value), lang)
    return f"{figure} € HT" if lang == "fr" else f"€{figure} excl. VAT"
