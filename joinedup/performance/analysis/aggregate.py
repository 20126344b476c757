"""Footprints: a value for a group of areas, by pooling numerators and denominators and
recomputing (methods.md §5). Rates and percentages are never averaged; published directly
standardised rates cannot be combined (only their band-level data can, `pool_dsr_bands`).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence

from .common import fmt
from .intervals import Interval, NoInterval, crude_rate, dsr, poisson_count, wilson


@dataclasses.dataclass(frozen=True)
class Part:
    area: str
    numerator: float | None
    denominator: float | None = None


@dataclasses.dataclass(frozen=True)
class Aggregate:
    value_type: str
    areas: tuple[str, ...]
    numerator: float | None
    denominator: float | None
    value: float | None
    intervals: tuple[Interval, ...]  # 95% and 99.8% when they can be computed
    refused: str | None  # why no value is given
    explanation: str

    @property
    def ok(self) -> bool:
        return self.refused is None


def aggregate(
    parts: Sequence[Part], value_type: str, *, multiplier: float = 1, levels: Sequence[float] = (0.95, 0.998)
) -> Aggregate:
    """Pool the parts' numerators (and denominators) and recompute the value and its intervals.
    Counts are summed; proportions and crude rates are pooled; anything else is refused."""
    areas = tuple(p.area for p in parts)
    names = ", ".join(areas)

    def refuse(reason: str) -> Aggregate:
        return Aggregate(value_type, areas, None, None, None, (), reason, f"No value for {names}: {reason}")

    if not parts:
        return refuse("there are no areas to combine.")
    if len(set(areas)) != len(areas):
        return refuse("an area is listed twice (it would be counted twice).")
    if value_type == "dsr":
        return refuse(
            "a directly standardised rate cannot be combined from the areas' published rates; it needs "
            "their counts and populations for every age band, pooled band by band and standardised again."
        )
    if value_type not in ("count", "proportion", "crude_rate"):
        return refuse(f"a value of type {value_type!r} cannot be combined from numerators and denominators.")
    missing = [p.area for p in parts if p.numerator is None]
    if missing:
        return refuse(f"{', '.join(missing)} {'has' if len(missing) == 1 else 'have'} no count (missing or "
                      "suppressed), so a total would be an undercount.")  # fmt: skip
    numerator = float(sum(p.numerator for p in parts if p.numerator is not None))
    if value_type == "count":
        intervals = tuple(poisson_count(numerator, level=lv) for lv in levels)
        explanation = f"Counts of {len(parts)} areas ({names}) summed: {fmt(numerator)}. " + " ".join(
            i.explanation for i in intervals
        )
        return Aggregate(value_type, areas, numerator, None, numerator, intervals, None, explanation)
    missing = [p.area for p in parts if not p.denominator]
    if missing:
        return refuse(f"{', '.join(missing)} {'has' if len(missing) == 1 else 'have'} no denominator.")
    denominator = float(sum(p.denominator for p in parts if p.denominator))
    if value_type == "proportion":
        intervals = tuple(wilson(numerator, denominator, level=lv, multiplier=multiplier) for lv in levels)
    else:
        intervals = tuple(
            crude_rate(numerator, denominator, level=lv, multiplier=multiplier) for lv in levels
        )
    value = numerator / denominator * multiplier
    explanation = (
        f"Pooled over {len(parts)} areas ({names}): numerators summed to {fmt(numerator)} and denominators "
        f"to {fmt(denominator)}, then the value recomputed as {fmt(numerator)} / {fmt(denominator)} × "
        f"{fmt(multiplier)} = {fmt(value)} (never an average of the areas' values). "
        + " ".join(i.explanation for i in intervals)
    )
    return Aggregate(value_type, areas, numerator, denominator, value, intervals, None, explanation)


def pool_dsr_bands(
    areas: Sequence[tuple[str, Sequence[float], Sequence[float]]],
    weights: Sequence[float],
    *,
    level: float = 0.95,
    multiplier: float = 100_000,
) -> Interval | NoInterval:
    """A directly standardised rate for a group: each area's (name, band counts, band
    populations) summed band by band, then standardised again (methods.md §5.2)."""
    if not areas:
        raise ValueError("No areas to combine")
    bands = len(weights)
    if any(len(c) != bands or len(p) != bands for _, c, p in areas):
        raise ValueError("Every area needs a count and a population for every band")
    counts = [sum(c[k] for _, c, _ in areas) for k in range(bands)]
    pops = [sum(p[k] for _, _, p in areas) for k in range(bands)]
    result = dsr(counts, pops, weights, level=level, multiplier=multiplier)
    prefix = f"Band-by-band pooling of {', '.join(a for a, _, _ in areas)}, then standardised again. "
    return dataclasses.replace(result, explanation=prefix + result.explanation)
