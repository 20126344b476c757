"""Confidence intervals for indicator values (methods.md §1; ADR 0023).

- proportions: Wilson score interval;
- counts and crude rates: exact Poisson limits below 10 events, Byar's method from 10;
- indirectly standardised ratios: the count limits divided by the expected count;
- directly standardised rates: Dobson's method, suppressed below 10 events;
- means: Student's t.

The Wilson, exact and Byar's limits come from the Department of Health and Social Care's
PHStatsMethods (``wilson_lower``/``wilson_upper``, ``byars_lower``/``byars_upper``, which switch
to the exact method below 10). Its ``byars()`` convenience wrapper is never used: it passes
``1 - confidence`` to the limit functions and so returns a far too narrow interval; and its
``byars_upper`` rejects a count of 0, so 0 is handled here (lower limit 0, exact upper limit).
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Sequence
from typing import Literal

from PHStatsMethods.confidence_intervals import (
    byars_lower,
    byars_upper,
    exact_lower,
    exact_upper,
    student_t_dist,
    wilson_lower,
    wilson_upper,
)

from .common import fmt, level_label, z_value

Method = Literal["Wilson", "Exact", "Byars", "Dobson", "Student's t"]

EXACT_BELOW = 10  # counts below this use the exact Poisson method, from it Byar's
DSR_MIN_COUNT = 10  # directly standardised rates are suppressed below this many events

# The 2013 European Standard Population, 0-4, 5-9, ..., 85-89, 90+ (methods.md §1.5).
ESP2013 = (5000, 5500, 5500, 5500, 6000, 6000, 6500, 7000, 7000, 7000, 7000, 6500, 6000, 5500, 5000, 4000,
           2500, 1500, 1000)  # fmt: skip


@dataclasses.dataclass(frozen=True)
class Interval:
    """A value with its confidence interval, on the presentation scale (× multiplier)."""

    value: float
    lower: float
    upper: float
    level: float
    method: Method
    multiplier: float
    numerator: float | None
    denominator: float | None
    explanation: str

    @property
    def level_label(self) -> str:
        return level_label(self.level)


@dataclasses.dataclass(frozen=True)
class NoInterval:
    """No value or interval can be given, and why."""

    reason: str
    explanation: str
    value: float | None = None


def _check_level(level: float) -> float:
    z_value(level)  # validates
    return level


def count_limits(
    count: float, *, level: float = 0.95, exact_below: int = EXACT_BELOW
) -> tuple[float, float, Method]:
    """Limits for a Poisson count: exact below 10, Byar's from 10 (methods.md §1.3).

    `exact_below=1` uses Byar's for every count above 0, as Fingertips did before PHE moved to
    "exact below 10" in 2018 (its 2015-16 published limits for small counts are Byar's)."""
    _check_level(level)
    if count < 0 or not math.isfinite(count):
        raise ValueError(f"A count cannot be negative or missing ({count})")
    if count == 0:
        # scipy's chi2.ppf(q, 0) is NaN and PHStatsMethods' byars_upper rejects 0.
        return 0.0, float(exact_upper(0, level)), "Exact"
    if count < exact_below:
        return float(exact_lower(count, level)), float(exact_upper(count, level)), "Exact"
    z = z_value(level)
    lower = count * (1 - 1 / (9 * count) - z / (3 * math.sqrt(count))) ** 3
    upper = (count + 1) * (1 - 1 / (9 * (count + 1)) + z / (3 * math.sqrt(count + 1))) ** 3
    if count >= EXACT_BELOW:
        # From 10 events PHStatsMethods' byars_lower/byars_upper are these same formulas.
        lower, upper = float(byars_lower(count, level)), float(byars_upper(count, level))
    return max(0.0, lower), upper, "Byars"


def _count_method_words(count: float, method: Method, level: float) -> str:
    if method == "Byars" and count < EXACT_BELOW:
        return (
            f"Byar's method, used here below {EXACT_BELOW} events too (as the source did): lower = O·(1 − "
            "1/(9O) − z/(3√O))³, upper = (O + 1)·(1 − 1/(9(O + 1)) + z/(3√(O + 1)))³ with z = "
            f"{fmt(z_value(level), 6)}"
        )
    if method == "Exact":
        return (
            f"the exact Poisson method (used below {EXACT_BELOW} events): lower = ½·χ²({(1 - level) / 2:g}; "
            "2O), "
            f"upper = ½·χ²({1 - (1 - level) / 2:g}; 2O + 2)" + (", lower = 0 for O = 0" if count == 0 else "")
        )
    return (
        f"Byar's method (used from {EXACT_BELOW} events): lower = O·(1 − 1/(9O) − z/(3√O))³, upper = (O + "
        f"1)·(1 − 1/(9(O + 1)) + z/(3√(O + 1)))³ with z = {fmt(z_value(level), 6)}"
    )


def wilson(numerator: float, denominator: float, *, level: float = 0.95, multiplier: float = 100) -> Interval:
    """A proportion with its Wilson score interval (methods.md §1.2)."""
    _check_level(level)
    if not denominator or denominator <= 0:
        raise ValueError("A proportion needs a denominator above 0")
    if numerator < 0 or numerator > denominator:
        raise ValueError(f"A numerator must be between 0 and the denominator ({numerator} of {denominator})")
    lower = 0.0 if numerator == 0 else max(0.0, float(wilson_lower(numerator, denominator, level)))
    upper = 1.0 if numerator == denominator else min(1.0, float(wilson_upper(numerator, denominator, level)))
    value = numerator / denominator
    z = z_value(level)
    explanation = (
        f"Proportion {fmt(numerator)} out of {fmt(denominator)} = "
        f"{fmt(value, 6)}{f', × {fmt(multiplier)}' if multiplier != 1 else ''}. {level_label(level)} "
        "confidence interval by the Wilson score method: (2O + z² ∓ z·√(z² + 4·O·(1 − p))) / (2·(n + z²)) "
        f"with O = {fmt(numerator)}, n = {fmt(denominator)}, p = O/n and z = {fmt(z, 6)}, giving "
        f"{fmt(lower * multiplier)} to {fmt(upper * multiplier)}."
    )
    if numerator != int(numerator):
        explanation += (
            " The numerator is not a whole number (a weighted estimate?): treat the interval with care."
        )
    return Interval(value * multiplier, lower * multiplier, upper * multiplier, level, "Wilson", multiplier,
                    numerator, denominator, explanation)  # fmt: skip


def poisson_count(count: float, *, level: float = 0.95) -> Interval:
    """A count with its Poisson interval (exact below 10, Byar's from 10)."""
    lower, upper, method = count_limits(count, level=level)
    explanation = (
        f"Count O = {fmt(count)}. {level_label(level)} confidence interval by "
        f"{_count_method_words(count, method, level)}, giving {fmt(lower)} to {fmt(upper)}."
    )
    return Interval(float(count), lower, upper, level, method, 1, count, None, explanation)


def crude_rate(
    count: float,
    denominator: float,
    *,
    level: float = 0.95,
    multiplier: float = 100_000,
    exact_below: int = EXACT_BELOW,
) -> Interval:
    """A crude rate O/n × m: the count's interval divided by the (fixed) denominator.
    `exact_below` as for `count_limits`."""
    if not denominator or denominator <= 0:
        raise ValueError("A rate needs a denominator above 0")
    lower, upper, method = count_limits(count, level=level, exact_below=exact_below)
    scale = multiplier / denominator
    explanation = (
        f"Crude rate = O / n × {fmt(multiplier)} with O = {fmt(count)} and n = {fmt(denominator)}, = "
        f"{fmt(count * scale)}. {level_label(level)} confidence interval: limits for the count by "
        f"{_count_method_words(count, method, level)} ({fmt(lower)} to {fmt(upper)} events), divided by n "
        f"and multiplied by {fmt(multiplier)}: {fmt(lower * scale)} to {fmt(upper * scale)}."
    )
    return Interval(
        count * scale,
        lower * scale,
        upper * scale,
        level,
        method,
        multiplier,
        count,
        denominator,
        explanation,
    )


def isr(observed: float, expected: float, *, level: float = 0.95, reference: float = 100) -> Interval:
    """An indirectly standardised ratio O/E × reference (methods.md §1.4)."""
    if expected <= 0:
        raise ValueError("An indirectly standardised ratio needs expected events above 0")
    lower, upper, method = count_limits(observed, level=level)
    scale = reference / expected
    explanation = (
        f"Indirectly standardised ratio = O / E × {fmt(reference)} with O = {fmt(observed)} observed and E = "
        f"{fmt(expected)} expected events, = {fmt(observed * scale)}. {level_label(level)} confidence "
        f"interval: the count's limits by {_count_method_words(observed, method, level)}, divided by E."
    )
    limits = (observed * scale, lower * scale, upper * scale)
    return Interval(*limits, level, method, reference, observed, expected, explanation)


def dsr(
    counts: Sequence[float],
    populations: Sequence[float],
    weights: Sequence[float] = ESP2013,
    *,
    level: float = 0.95,
    multiplier: float = 100_000,
) -> Interval | NoInterval:
    """A directly standardised rate with Dobson's interval; suppressed below 10 events."""
    _check_level(level)
    if not (len(counts) == len(populations) == len(weights)) or not counts:
        raise ValueError("Counts, populations and standard weights need one value per band")
    if any(p is None or p <= 0 for p in populations):
        raise ValueError("Every band needs a population above 0")
    counts = [0 if c is None else c for c in counts]
    total = sum(counts)
    w_total = sum(weights)
    value = sum(w * o / n for o, n, w in zip(counts, populations, weights, strict=True)) / w_total
    var = sum(w * w * o / (n * n) for o, n, w in zip(counts, populations, weights, strict=True)) / w_total**2
    if total < DSR_MIN_COUNT:
        return NoInterval(
            reason=f"fewer than {DSR_MIN_COUNT} events",
            explanation=(
                "A directly standardised rate is not published when the total count is below "
                f"{DSR_MIN_COUNT} (here {fmt(total)}): its Dobson interval is unreliable with so few events."
            ),
        )
    lo_o, hi_o = float(byars_lower(total, level)), float(byars_upper(total, level))
    k = math.sqrt(var / total)
    lower, upper = value + k * (lo_o - total), value + k * (hi_o - total)
    explanation = (
        f"Directly standardised rate over {len(counts)} bands = Σ w·O/n ÷ Σ w × {fmt(multiplier)} = "
        f"{fmt(value * multiplier)} (total events O = {fmt(total)}, standard population total "
        f"{fmt(w_total)}). {level_label(level)} confidence interval by Dobson's method: DSR + "
        "√(Var/O)·(limit − O), with Var = Σ w²·O/n² ÷ (Σ w)² and the limits of O by Byar's method "
        f"({fmt(lo_o)} to {fmt(hi_o)}): {fmt(lower * multiplier)} to {fmt(upper * multiplier)}."
    )
    return Interval(value * multiplier, lower * multiplier, upper * multiplier, level, "Dobson", multiplier,
                    total, None, explanation)  # fmt: skip


def mean(values: Sequence[float], *, level: float = 0.95) -> Interval | NoInterval:
    """A mean with its Student's t interval (methods.md §1.6)."""
    _check_level(level)
    n = len(values)
    if n < 2:
        return NoInterval(
            reason="fewer than 2 values",
            explanation="A mean of fewer than 2 values has no confidence interval.",
            value=float(values[0]) if values else None,
        )
    m = sum(values) / n
    sd = math.sqrt(sum((v - m) ** 2 for v in values) / (n - 1))
    half = float(student_t_dist(n, sd, level))
    explanation = (
        f"Mean of {n} values = {fmt(m)} (standard deviation {fmt(sd)}). {level_label(level)} confidence "
        f"interval by Student's t: mean ∓ t({1 - (1 - level) / 2:g}; {n - 1})·s/√N = {fmt(m - half)} to "
        f"{fmt(m + half)}."
    )
    return Interval(m, m - half, m + half, level, "Student's t", 1, None, n, explanation)


def interval_for(
    value_type: str,
    numerator: float | None,
    denominator: float | None,
    *,
    level: float = 0.95,
    multiplier: float = 1,
) -> Interval | NoInterval:
    """The interval for an observation with a numerator (and a denominator) but no interval,
    by its value type ("count", "proportion", "crude_rate"; others cannot be recomputed)."""
    if numerator is None:
        return NoInterval("no numerator", "There is no count, so no interval can be calculated.")
    if value_type == "count":
        return poisson_count(numerator, level=level)
    if value_type in ("proportion", "crude_rate"):
        if not denominator:
            return NoInterval("no denominator", "There is no denominator (or it is 0), so there is no value.")
        if value_type == "proportion":
            return wilson(numerator, denominator, level=level, multiplier=multiplier)
        return crude_rate(numerator, denominator, level=level, multiplier=multiplier)
    if value_type == "dsr":
        return NoInterval(
            "needs band-level data",
            "A directly standardised rate's interval needs the counts and populations of every age band.",
        )
    return NoInterval(
        "not computable",
        f"An interval for a value of type {value_type!r} cannot be calculated from a numerator and "
        "denominator.",
    )
