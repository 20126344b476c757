"""Shared vocabulary of the analysis: polarity, confidence levels and number formatting."""

from __future__ import annotations

from typing import Literal

from scipy.stats import norm

Polarity = Literal["higher", "lower", "none"]

# The spellings other sources use for the same three polarities (methods.md §2.2, Fingertips).
_POLARITY_ALIASES: dict[str, Polarity] = {
    "higher": "higher",
    "high_is_good": "higher",
    "highisgood": "higher",
    "rag - high is good": "higher",
    "lower": "lower",
    "low_is_good": "lower",
    "lowisgood": "lower",
    "rag - low is good": "lower",
    "none": "none",
    "no_judgement": "none",
    "nojudgement": "none",
    "bob - blue orange blue": "none",
}

POLARITY_WORDS: dict[str, str] = {
    "higher": "higher is better",
    "lower": "lower is better",
    "none": "no judgement (neither higher nor lower is better)",
}

LEVELS = (0.95, 0.998)


def polarity(value: str | None) -> Polarity | None:
    """The polarity code for `value` ("higher", "lower", "none"), or None when it is not
    applicable (no comparison is made): None, "", "not_applicable"."""
    if value is None:
        return None
    key = value.strip().lower().replace("–", "-")
    if key in ("", "not_applicable", "not applicable", "-1"):
        return None
    try:
        return _POLARITY_ALIASES[key]
    except KeyError:
        raise ValueError(f"Unknown polarity {value!r}") from None


def z_value(level: float) -> float:
    """The two-sided normal quantile for a confidence level (0.95 -> 1.959964), from the
    quantile function, never a rounded constant (methods.md §1.1)."""
    if not 0 < level < 1:
        raise ValueError(f"A confidence level is between 0 and 1, not {level}")
    return float(norm.ppf(0.5 + level / 2))


def level_label(level: float) -> str:
    """0.95 -> "95%", 0.998 -> "99.8%"."""
    return f"{level * 100:g}%"


_FORMATS = {places: f",.{places}f" for places in range(10)}


def fmt(value: float | None, places: int = 4) -> str:
    """A number for an explanation: up to `places` decimals, trailing zeros dropped."""
    if value is None:
        return "none"
    # Infinities and NaN format as str() gives them ("inf", "-inf", "nan"), with no ".".
    text = format(value, _FORMATS.get(places) or f",.{places}f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text
