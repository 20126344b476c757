"""Comparing an area with a benchmark, ranks and quartiles (methods.md §2 and §6).

The comparison is Fingertips' "confidence intervals overlapping reference value": the area's
interval against the benchmark's point value, inclusive at both ends.
"""

from __future__ import annotations

import dataclasses
import math
from bisect import bisect_left
from collections.abc import Mapping, Sequence
from typing import Literal

from .common import POLARITY_WORDS, Polarity, fmt, level_label

Outcome = Literal["better", "similar", "worse", "lower", "higher", "not_compared",
                  "best", "worst", "lowest", "highest"]  # fmt: skip

OUTCOME_LABELS: dict[str, str] = {
    "better": "Better",
    "similar": "Similar",
    "worse": "Worse",
    "lower": "Lower",
    "higher": "Higher",
    "best": "Better (99.8%)",
    "worst": "Worse (99.8%)",
    "lowest": "Lower (99.8%)",
    "highest": "Higher (99.8%)",
    "not_compared": "Not compared",
}


@dataclasses.dataclass(frozen=True)
class Comparison:
    outcome: Outcome
    value: float | None
    lower: float | None
    upper: float | None
    benchmark: float | None
    benchmark_name: str
    polarity: Polarity | None
    level: float
    explanation: str
    caution: str | None = None

    @property
    def label(self) -> str:
        return OUTCOME_LABELS[self.outcome]

    @property
    def significant(self) -> bool:
        return self.outcome not in ("similar", "not_compared")


def _missing(x: float | None) -> bool:
    return x is None or (isinstance(x, float) and math.isnan(x))


def compare(
    lower: float | None,
    upper: float | None,
    benchmark: float | None,
    polarity: Polarity | None,
    *,
    value: float | None = None,
    level: float = 0.95,
    benchmark_name: str = "the benchmark",
    is_benchmark_area: bool = False,
    area_count: float | None = None,
    benchmark_count: float | None = None,
) -> Comparison:
    """better / similar / worse (or lower / similar / higher with no judgement), or not compared.

    With both counts given, a `caution` is set when the benchmark's count is less than ten times
    the area's: the benchmark's own uncertainty is then not negligible and the rule will call
    some chance differences significant (methods.md §2.3)."""
    caution = None
    if area_count is not None and benchmark_count is not None and benchmark_count < 10 * area_count:
        caution = (
            f"Caution: {benchmark_name} rests on {fmt(benchmark_count)} events, less than ten times the "
            f"area's {fmt(area_count)}, so its own uncertainty is not negligible and this comparison may "
            "call a chance difference significant."
        )
    head = (
        f"Compared with {benchmark_name} by Fingertips' rule 'confidence interval overlapping the reference "
        f"value' at {level_label(level)}: the area's interval against the benchmark's value (the benchmark's "
        "own interval is not used); the ends count as overlapping."
    )

    def result(outcome: Outcome, why: str) -> Comparison:
        text = f"{head} {why}" + (f" {caution}" if caution and outcome != "not_compared" else "")
        return Comparison(outcome, value, lower, upper, benchmark, benchmark_name, polarity, level, text,
                          caution if outcome != "not_compared" else None)  # fmt: skip

    if polarity is None:
        return result("not_compared", "Not compared: the indicator has no polarity that allows a comparison.")
    if is_benchmark_area:
        return result("not_compared", "Not compared: the area is the benchmark.")
    if _missing(lower) or _missing(upper):
        return result("not_compared", "Not compared: the area has no confidence interval at this level.")
    if _missing(benchmark):
        return result("not_compared", "Not compared: the benchmark has no value.")
    assert lower is not None and upper is not None and benchmark is not None
    if lower > upper:
        return result("not_compared", "Not compared: the interval's limits are the wrong way round.")
    interval = f"interval {fmt(lower)} to {fmt(upper)}, benchmark {fmt(benchmark)}"
    if lower <= benchmark <= upper:
        return result("similar", f"The interval contains the benchmark ({interval}): similar.")
    side: Literal["lower", "higher"] = "lower" if upper < benchmark else "higher"
    where = "wholly below" if side == "lower" else "wholly above"
    if polarity == "none":
        return result(side, f"The interval is {where} the benchmark ({interval}); no judgement: {side}.")
    good = (side == "higher") == (polarity == "higher")
    outcome: Outcome = "better" if good else "worse"
    return result(
        outcome,
        f"The interval is {where} the benchmark ({interval}) and {POLARITY_WORDS[polarity]}: {outcome}.",
    )


def compare_two_levels(
    lower95: float | None,
    upper95: float | None,
    lower998: float | None,
    upper998: float | None,
    benchmark: float | None,
    polarity: Polarity | None,
    *,
    value: float | None = None,
    benchmark_name: str = "the benchmark",
) -> Comparison:
    """Fingertips' two-level variant: tested at 95%, then at 99.8% (best / worst when both)."""
    first = compare(lower95, upper95, benchmark, polarity, value=value, benchmark_name=benchmark_name)
    if not first.significant:
        return first
    second = compare(lower998, upper998, benchmark, polarity, value=value, level=0.998,
                     benchmark_name=benchmark_name)  # fmt: skip
    if second.outcome == "not_compared":
        return dataclasses.replace(second, explanation=second.explanation + " (Both levels are needed.)")
    if second.outcome == "similar":
        return dataclasses.replace(
            first, explanation=first.explanation + " At 99.8% the interval contains the benchmark: 95% only."
        )
    strong: dict[str, Outcome] = {"better": "best", "worse": "worst", "higher": "highest", "lower": "lowest"}
    return dataclasses.replace(
        first,
        outcome=strong[first.outcome],
        explanation=first.explanation + " The 99.8% interval does not contain the benchmark either.",
    )


# Ranks and quantiles (methods.md §6) ----------------------------------------------------------


@dataclasses.dataclass(frozen=True)
class Rank:
    area: str
    value: float
    rank: int
    of: int
    explanation: str

    @property
    def label(self) -> str:
        return f"{_ordinal(self.rank)} of {self.of}"


def _ordinal(n: int) -> str:
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def _valid(values: Mapping[str, float | None]) -> dict[str, float]:
    # `not _missing(v)`, inlined (a float is NaN when it differs from itself).
    return {k: float(v) for k, v in values.items() if v is not None and not (isinstance(v, float) and v != v)}


def _rank_explanation(count: int, polarity: Polarity | None) -> str:
    low_first = polarity == "lower"
    order = "lowest" if low_first else "highest"
    return (
        f"Competition ranking of the {count} areas with a value (ties share the better rank: 1, 2, 2, "
        f"4), rank 1 = the {order} value"
        + (
            f" ({POLARITY_WORDS[polarity]})"
            if polarity in ("higher", "lower")
            else " (no judgement: by value only)"
        )
        + ". A difference in rank is not in itself significant."
    )


def competition_ranks(values: Mapping[str, float | None], polarity: Polarity | None) -> dict[str, Rank]:
    """Competition ranks (1, 2, 2, 4), 1 = best; with no polarity 1 = highest. Missing values
    are left out and do not count in "of". One sort: an area's rank is 1 + the number of
    areas strictly better, i.e. the place of the first of its ties in the sorted keys."""
    valid = _valid(values)
    low_first = polarity == "lower"
    key = {k: (v if low_first else -v) for k, v in valid.items()}
    why = _rank_explanation(len(valid), polarity)
    ordered = sorted(key.values())
    return {
        area: Rank(area, valid[area], 1 + bisect_left(ordered, k), len(valid), why) for area, k in key.items()
    }


def rank_of(values: Mapping[str, float | None], area: str, polarity: Polarity | None) -> Rank | None:
    """`competition_ranks(values, polarity).get(area)`, working out the one area's rank only (a
    dashboard shows the headline area's rank of each indicator, not the whole group's)."""
    value = values.get(area)
    if value is None or _missing(value):
        return None
    valid = _valid(values)
    mine = float(value)
    if polarity == "lower":
        better = sum(1 for v in valid.values() if v < mine)
    else:
        better = sum(1 for v in valid.values() if v > mine)
    return Rank(area, mine, 1 + better, len(valid), _rank_explanation(len(valid), polarity))


def percentile_linear(sorted_values: Sequence[float], fraction: float) -> float:
    """The interpolated percentile (Excel PERCENTILE.INC, numpy's default)."""
    n = len(sorted_values)
    pos = (n - 1) * fraction + 1
    k = int(pos)
    d = pos - k
    if k >= n:
        return sorted_values[-1]
    return sorted_values[k - 1] + d * (sorted_values[k] - sorted_values[k - 1])


@dataclasses.dataclass(frozen=True)
class Quantile:
    area: str
    value: float
    group: int  # 1 = lowest values
    groups: int
    bounds: tuple[float, ...]
    explanation: str

    @property
    def label(self) -> str:
        names = {4: "quartile", 5: "quintile", 10: "decile"}
        return (
            f"{_ordinal(self.group)} {names.get(self.groups, 'group')} of {self.groups} (1st = lowest values)"
        )


def _quantile_bounds(valid: Mapping[str, float], groups: int) -> tuple[tuple[float, ...], str]:
    s = sorted(valid.values())
    bounds = tuple([s[0]] + [percentile_linear(s, i / groups) for i in range(1, groups)] + [s[-1]])
    why = (
        f"Position among {len(valid)} areas by interpolated percentile bounds (legacy Fingertips quartiles; "
        f"the same as Excel PERCENTILE.INC): bounds {', '.join(fmt(b) for b in bounds)}; an area falls in "
        "the first group whose upper bound its value does not exceed. Chosen because it is stable under "
        "ties and reproducible. Group 1 holds the lowest values; the position is not a significance test."
    )
    return bounds, why


def quantiles(values: Mapping[str, float | None], groups: int = 4) -> dict[str, Quantile]:
    """Legacy Fingertips quantiles (methods.md §6.2 method A): interpolated bounds at 0, 1/q, …, 1;
    an area is in the first group whose upper bound it does not exceed. Group 1 holds the lowest
    values. Empty when fewer than max(q, 4) areas have a value."""
    valid = _valid(values)
    if len(valid) < max(groups, 4):
        return {}
    bounds, why = _quantile_bounds(valid, groups)
    out = {}
    for area, v in valid.items():
        group = next(i for i in range(1, groups + 1) if v <= bounds[i])
        out[area] = Quantile(area, v, group, groups, bounds, why)
    return out


def quantile_of(values: Mapping[str, float | None], area: str, groups: int = 4) -> Quantile | None:
    """`quantiles(values, groups).get(area)`, building the one area's position only."""
    valid = _valid(values)
    if area not in valid or len(valid) < max(groups, 4):
        return None
    bounds, why = _quantile_bounds(valid, groups)
    v = valid[area]
    group = next(i for i in range(1, groups + 1) if v <= bounds[i])
    return Quantile(area, v, group, groups, bounds, why)


def ntile(values: Sequence[float], groups: int) -> list[int]:
    """SQL NTILE (FingertipsNext, methods.md §6.2 method B), in input order."""
    order = sorted(range(len(values)), key=lambda i: values[i])
    small, extra = divmod(len(values), groups)
    out = [0] * len(values)
    pos = 0
    for g in range(1, groups + 1):
        size = small + (1 if g <= extra else 0)
        for i in order[pos : pos + size]:
            out[i] = g
        pos += size
    return out


def phe_quantile(values: Sequence[float], groups: int = 10, *, invert: bool = True) -> list[int | None]:
    """PHEindicatormethods' rank-based quantiles (methods.md §6.2 method C), in input order."""
    n = len(values)
    if n < groups:
        return [None] * n
    keyed = [-v for v in values] if invert else list(values)
    out: list[int | None] = []
    for v in keyed:
        rank = 1 + sum(1 for w in keyed if w < v)
        q = math.floor((groups + 1) - math.ceil(((n + 1) - rank) / (n / groups)))
        out.append(max(q, 1))
    return out
