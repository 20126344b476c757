"""RAG against a target with a tolerance band, a RAG history, and the "statistically honest
status" that puts the target RAG beside the benchmark comparison (domain.md §5).

Green: the target is met (on it or better, by polarity). Amber: missed, but by no more than the
tolerance (in the indicator's units, or as a percentage of the target). Red: missed by more than
the tolerance. No RAG when there is no target, no value, or the indicator has no polarity.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from typing import Literal

from joinedup.core.periods import Period

from .benchmark import Comparison
from .common import POLARITY_WORDS, Polarity, fmt

Status = Literal["green", "amber", "red", "not_rated"]
ToleranceKind = Literal["absolute", "percent"]

STATUS_LABELS = {
    "green": "On target",
    "amber": "Just off target",
    "red": "Off target",
    "not_rated": "Not rated",
}


@dataclasses.dataclass(frozen=True)
class Rag:
    status: Status
    value: float | None
    target: float | None
    polarity: Polarity | None
    tolerance: float
    tolerance_kind: ToleranceKind
    shortfall: float | None  # how far the value misses the target (0 when met)
    explanation: str

    @property
    def label(self) -> str:
        return STATUS_LABELS[self.status]


def rag(
    value: float | None,
    target: float | None,
    polarity: Polarity | None,
    *,
    tolerance: float = 0,
    tolerance_kind: ToleranceKind = "absolute",
) -> Rag:
    if tolerance < 0:
        raise ValueError("A tolerance cannot be negative")

    def result(status: Status, shortfall: float | None, why: str) -> Rag:
        return Rag(status, value, target, polarity, tolerance, tolerance_kind, shortfall, why)

    if value is None:
        return result("not_rated", None, "Not rated: there is no value.")
    if target is None:
        return result("not_rated", None, "Not rated: there is no target.")
    if polarity not in ("higher", "lower"):
        return result("not_rated", None, "Not rated: the indicator has no polarity, so no side of the target "
                      "is better.")  # fmt: skip
    band = abs(target) * tolerance / 100 if tolerance_kind == "percent" else tolerance
    band_words = (
        f"{fmt(tolerance)}% of the target (= {fmt(band)})" if tolerance_kind == "percent" else f"{fmt(band)}"
    )
    shortfall = max(0.0, target - value) if polarity == "higher" else max(0.0, value - target)
    head = (
        f"Value {fmt(value)} against target {fmt(target)}, {POLARITY_WORDS[polarity]}, tolerance "
        f"{band_words}. Green when the target is met; amber when missed by no more than the tolerance; red "
        "otherwise."
    )
    if shortfall == 0:
        return result("green", 0.0, f"{head} The target is met: green.")
    if shortfall <= band:
        return result("amber", shortfall, f"{head} Missed by {fmt(shortfall)}, within the tolerance: amber.")
    return result("red", shortfall, f"{head} Missed by {fmt(shortfall)}, beyond the tolerance: red.")


@dataclasses.dataclass(frozen=True)
class RagHistoryItem:
    period: Period
    rag: Rag


def rag_history(
    series: Sequence[tuple[Period, float | None, float | None]],
    polarity: Polarity | None,
    *,
    tolerance: float = 0,
    tolerance_kind: ToleranceKind = "absolute",
) -> list[RagHistoryItem]:
    """The RAG of every (period, value, target) in period order, each against its own target."""
    return [
        RagHistoryItem(
            period, rag(value, target, polarity, tolerance=tolerance, tolerance_kind=tolerance_kind)
        )
        for period, value, target in sorted(series, key=lambda item: item[0])
    ]


@dataclasses.dataclass(frozen=True)
class HonestStatus:
    sentence: str
    rag: Rag
    comparison: Comparison | None
    explanation: str


_RAG_WORDS = {"green": "on target", "amber": "just off target (within tolerance)", "red": "off target"}
_GOOD = {"better", "best"}
_BAD = {"worse", "worst"}


def honest_status(target_rag: Rag, comparison: Comparison | None) -> HonestStatus:
    """One sentence with both judgements, e.g. "On target but significantly worse than similar
    areas": a target can be met while the area still does significantly worse than others."""
    parts = []
    if target_rag.status != "not_rated":
        parts.append(_RAG_WORDS[target_rag.status])
    bench = None
    if comparison is not None:
        name = comparison.benchmark_name
        outcome = comparison.outcome
        if outcome in ("better", "worse", "lower", "higher"):
            bench = f"significantly {outcome} than {name}"
        elif outcome in ("best", "worst", "lowest", "highest"):
            word = {"best": "better", "worst": "worse", "lowest": "lower", "highest": "higher"}[outcome]
            bench = f"significantly {word} than {name} (at 99.8%)"
        elif outcome == "similar":
            bench = f"not significantly different from {name}"
        else:
            bench = f"not compared with {name}"
    if bench and parts:
        clash = (target_rag.status == "green" and comparison is not None and comparison.outcome in _BAD) or (
            target_rag.status == "red" and comparison is not None and comparison.outcome in _GOOD
        )
        sentence = f"{parts[0]} {'but' if clash else 'and'} {bench}"
    elif bench:
        sentence = f"no target rating; {bench}"
    elif parts:
        sentence = f"{parts[0]}; no benchmark comparison"
    else:
        sentence = "not rated and not compared"
    sentence = sentence[0].upper() + sentence[1:]
    explanation = (
        "The target RAG and the benchmark comparison answer different questions and are shown side by side. "
        f"Target: {target_rag.explanation}"
        + (f" Benchmark: {comparison.explanation}" if comparison is not None else " No benchmark comparison.")
    )
    return HonestStatus(sentence, target_rag, comparison, explanation)
