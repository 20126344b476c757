"""Risk scoring: score, band, change since the last review and the 5×5 matrix.

Pure functions on plain values (no ORM) so hypothesis can test them. The bands follow the
usual public-sector 5×5 register (see docs/adr/0017-risk-scoring.md): a score of 1–4 is low,
5–12 medium, 15–25 high. Scores of 13 and 14 cannot occur (no two factors of 1–5 make them).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

SCALE = (1, 2, 3, 4, 5)
HIGH_FROM = 15
MEDIUM_FROM = 5

LIKELIHOOD_WORDS = {1: "Rare", 2: "Unlikely", 3: "Possible", 4: "Likely", 5: "Almost certain"}
IMPACT_WORDS = {1: "Negligible", 2: "Minor", 3: "Moderate", 4: "Major", 5: "Severe"}


def _check(value: int, name: str) -> None:
    if value not in SCALE:
        raise ValueError(f"{name} must be from 1 to 5, not {value!r}")


def score(*, likelihood: int, impact: int) -> int:
    """Likelihood × impact, 1–25."""
    _check(likelihood, "likelihood")
    _check(impact, "impact")
    return likelihood * impact


def band(value: int) -> str:
    """'high', 'medium' or 'low' for a score of 1–25."""
    if not 1 <= value <= 25:
        raise ValueError(f"A risk score is from 1 to 25, not {value!r}")
    if value >= HIGH_FROM:
        return "high"
    if value >= MEDIUM_FROM:
        return "medium"
    return "low"


@dataclass(frozen=True)
class Change:
    """How a score moved since the last review, in words."""

    direction: str  # "up", "down", "no change" or "new"
    previous: int | None
    current: int

    @property
    def sentence(self) -> str:
        if self.previous is None:
            return f"New: {self.current}, not reviewed yet"
        if self.direction == "no change":
            return f"No change: {self.current}"
        return f"{self.direction.capitalize()} from {self.previous} to {self.current}"


def change(*, previous: int | None, current: int) -> Change:
    if previous is None:
        return Change("new", None, current)
    if current > previous:
        return Change("up", previous, current)
    if current < previous:
        return Change("down", previous, current)
    return Change("no change", previous, current)


@dataclass(frozen=True)
class Cell:
    likelihood: int
    impact: int
    count: int

    @property
    def score(self) -> int:
        return self.likelihood * self.impact

    @property
    def band(self) -> str:
        return band(self.score)


@dataclass(frozen=True)
class MatrixRow:
    likelihood: int
    label: str
    cells: list[Cell]


def matrix(positions: Iterable[tuple[int, int]]) -> list[MatrixRow]:
    """The 5×5 matrix of (likelihood, impact) positions: likelihood rows from 5 (top) down to
    1, impact columns from 1 to 5, each cell the number of risks at that position."""
    counts: Counter[tuple[int, int]] = Counter()
    for likelihood, impact in positions:
        _check(likelihood, "likelihood")
        _check(impact, "impact")
        counts[(likelihood, impact)] += 1
    return [
        MatrixRow(
            likelihood=likelihood,
            label=LIKELIHOOD_WORDS[likelihood],
            cells=[Cell(likelihood, impact, counts[(likelihood, impact)]) for impact in SCALE],
        )
        for likelihood in reversed(SCALE)
    ]


def review_overdue(*, review_on, today, closed: bool = False) -> bool:
    """A review date in the past on an open risk."""
    return not closed and review_on is not None and review_on < today
