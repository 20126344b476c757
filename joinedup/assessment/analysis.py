"""The rules of a self-assessment, as pure functions over plain values (no ORM).

Documented in docs/assessment.md (the scoring rule, spread, perception gaps, suppression,
maturity, judgements and contradictions). Every page, chart, export and the review paper
computes its figures through these functions.

Scales:
- an answer is one of "in_place", "partly", "not_in_place", "dont_know";
- points (default in place 2, partly 1, not in place 0; "don't know" is excluded, never
  counted as 0) give a question's mean score on 0..2;
- a judgement is "green", "amber" or "red" (or None: nothing to judge).
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

IN_PLACE, PARTLY, NOT_IN_PLACE, DONT_KNOW = "in_place", "partly", "not_in_place", "dont_know"
CHOICES = (IN_PLACE, PARTLY, NOT_IN_PLACE, DONT_KNOW)
DEFAULT_POINTS: Mapping[str, float] = {IN_PLACE: 2, PARTLY: 1, NOT_IN_PLACE: 0}
MAX_POINTS = 2.0

GREEN, AMBER, RED = "green", "amber", "red"
JUDGEMENT_RANK = {RED: 0, AMBER: 1, GREEN: 2}
# Judgements in words: always printed beside (never instead of) the colour.
JUDGEMENT_WORDS: Mapping[str | None, str] = {
    GREEN: "Green: in place",
    AMBER: "Amber: partly in place",
    RED: "Red: not in place",
    None: "No judgement: no answers or evidence",
}


def judgement_words(judgement: str | None) -> str:
    return JUDGEMENT_WORDS.get(judgement or None, JUDGEMENT_WORDS[None])


# A mean score of at least 1.5 is perceived green, below 0.5 red, amber between.
PERCEIVED_GREEN_AT = 1.5
PERCEIVED_AMBER_AT = 0.5
# Respondents disagree where the spread (population standard deviation of points, on the
# 0..2 scale) is at least this: e.g. a third each of "in place", "partly" and "not in place"
# gives 0.82; everyone agreeing gives 0.
DISAGREEMENT_AT = 0.75
DEFAULT_MIN_GROUP = 5


@dataclass(frozen=True)
class Score:
    """A question's (or any set of answers') score."""

    distribution: Mapping[str, int]  # count per choice, "dont_know" included
    answered: int  # answers that score (don't know excluded)
    mean: float | None  # None when nobody gave a scoring answer
    spread: float | None  # population standard deviation of points; None below two answers

    @property
    def responses(self) -> int:
        return self.answered + self.distribution.get(DONT_KNOW, 0)

    @property
    def disagree(self) -> bool:
        return self.spread is not None and self.spread >= DISAGREEMENT_AT


def score(choices: Iterable[str], points: Mapping[str, float] | None = None) -> Score:
    points = points or DEFAULT_POINTS
    distribution = Counter(choices)
    unknown = set(distribution) - set(CHOICES)
    if unknown:
        raise ValueError(f"Unknown answers: {sorted(unknown)}")
    values = [points[c] for c in (IN_PLACE, PARTLY, NOT_IN_PLACE) for _ in range(distribution.get(c, 0))]
    if not values:
        return Score({c: distribution.get(c, 0) for c in CHOICES}, 0, None, None)
    mean = math.fsum(values) / len(values)
    spread = math.sqrt(math.fsum((v - mean) ** 2 for v in values) / len(values)) if len(values) > 1 else None
    return Score({c: distribution.get(c, 0) for c in CHOICES}, len(values), mean, spread)


def element_mean(question_means: Iterable[float | None]) -> float | None:
    """An element's score: the mean of its questions' means (each question weighs the same,
    whatever its number of answers); questions nobody scored are left out."""
    known = [m for m in question_means if m is not None]
    return math.fsum(known) / len(known) if known else None


def perceived(mean: float | None) -> str | None:
    if mean is None:
        return None
    if mean >= PERCEIVED_GREEN_AT:
        return GREEN
    if mean >= PERCEIVED_AMBER_AT:
        return AMBER
    return RED


def choice_judgement(choice: str | None) -> str | None:
    """A single answer (a consensus answer) as a judgement."""
    return {IN_PLACE: GREEN, PARTLY: AMBER, NOT_IN_PLACE: RED}.get(choice or "")


def metric_judgement(
    value: float | None, *, green_at: float, amber_at: float, higher_is_better: bool
) -> str | None:
    """An evidence metric's judgement against its thresholds."""
    if value is None:
        return None
    if higher_is_better:
        return GREEN if value >= green_at else AMBER if value >= amber_at else RED
    return GREEN if value <= green_at else AMBER if value <= amber_at else RED


def evidence_judgement(judgements: Iterable[str | None]) -> str | None:
    """Several metrics' judgements as one: the lower median (so one green metric does not
    outweigh two red ones); metrics with no evidence are left out."""
    ranks = sorted(JUDGEMENT_RANK[j] for j in judgements if j is not None)
    if not ranks:
        return None
    median_rank = ranks[(len(ranks) - 1) // 2]
    return next(j for j, r in JUDGEMENT_RANK.items() if r == median_rank)


def contradiction(perceived_judgement: str | None, evidence: str | None) -> bool:
    """Perception and evidence two steps apart: perceived green and evidence red, or the reverse."""
    if perceived_judgement is None or evidence is None:
        return False
    return abs(JUDGEMENT_RANK[perceived_judgement] - JUDGEMENT_RANK[evidence]) == 2


def combined(perceived_judgement: str | None, evidence: str | None) -> str | None:
    """A finding's judgement from answers and evidence: the worse of the two where both exist."""
    known = [j for j in (perceived_judgement, evidence) if j is not None]
    return min(known, key=JUDGEMENT_RANK.__getitem__) if known else None


# ---------------------------------------------------------------------------
# Maturity
# ---------------------------------------------------------------------------

LEVELS = ("networking", "coordination", "cooperation", "collaboration")


@dataclass(frozen=True)
class MaturityRule:
    """An element's level from its mean score: below the first bound networking, below the
    second coordination, below the third cooperation, otherwise collaboration, and never
    above `cap_level` while any of its questions is perceived "not in place"."""

    bounds: tuple[float, float, float] = (0.5, 1.0, 1.5)
    cap_level: str = "cooperation"

    @classmethod
    def from_data(cls, data: Mapping | None) -> MaturityRule:
        if not data:
            return cls()
        bounds = tuple(float(b) for b in data.get("bounds", cls.bounds))
        if len(bounds) != 3 or list(bounds) != sorted(bounds):
            raise ValueError("A maturity rule needs three rising bounds.")
        cap = data.get("cap_level", cls.cap_level)
        if cap not in LEVELS:
            raise ValueError(f"Unknown maturity level {cap!r}.")
        return cls(bounds=(bounds[0], bounds[1], bounds[2]), cap_level=cap)

    def to_data(self) -> dict:
        return {"bounds": list(self.bounds), "cap_level": self.cap_level}


def maturity(question_means: Sequence[float | None], rule: MaturityRule | None = None) -> str | None:
    rule = rule or MaturityRule()
    mean = element_mean(question_means)
    if mean is None:
        return None
    level = next((LEVELS[i] for i, bound in enumerate(rule.bounds) if mean < bound), LEVELS[-1])
    if any(perceived(m) == RED for m in question_means if m is not None):
        level = LEVELS[min(LEVELS.index(level), LEVELS.index(rule.cap_level))]
    return level


# ---------------------------------------------------------------------------
# Anonymity: small groups are never shown, and never derivable by subtraction
# ---------------------------------------------------------------------------


def hidden_groups(counts: Mapping[str, int], min_size: int = DEFAULT_MIN_GROUP) -> set[str]:
    """The groups to hide in a breakdown whose total is also shown.

    Every group with 1..min_size-1 respondents is hidden. Then, complementary suppression:
    if exactly one group is hidden, or the hidden groups together number fewer than
    min_size, the next smallest shown group is hidden too (repeated), so neither a hidden
    group nor the hidden groups together can be worked out by subtracting the shown groups
    from the total. Groups with no respondents reveal nothing and stay shown.
    """
    hidden = {g for g, n in counts.items() if 0 < n < min_size}
    if not hidden:
        return hidden
    shown = sorted((n, g) for g, n in counts.items() if g not in hidden and n > 0)
    while shown and (len(hidden) == 1 or sum(counts[g] for g in hidden) < min_size):
        hidden.add(shown.pop(0)[1])
    return hidden


@dataclass(frozen=True)
class Gap:
    """The widest difference between shown groups' mean scores for a question or element."""

    low_group: str
    low_mean: float
    high_group: str
    high_mean: float

    @property
    def size(self) -> float:
        return self.high_mean - self.low_mean


def perception_gap(
    means: Mapping[str, float | None], counts: Mapping[str, int], min_size: int = DEFAULT_MIN_GROUP
) -> Gap | None:
    """The gap between the highest- and lowest-scoring groups, over groups that may be shown."""
    hidden = hidden_groups(counts, min_size)
    shown = [(m, g) for g, m in means.items() if m is not None and g not in hidden and counts.get(g, 0) > 0]
    if len(shown) < 2:
        return None
    (low_mean, low_group), (high_mean, high_group) = min(shown), max(shown)
    return Gap(low_group, low_mean, high_group, high_mean)


@dataclass(frozen=True)
class Share:
    """Share of scoring answers that are "in place", e.g. the report's 58% of coordinators
    against 44% of members who saw real challenge."""

    yes: int
    of: int

    @property
    def value(self) -> float | None:
        return self.yes / self.of if self.of else None


def share_in_place(choices: Iterable[str]) -> Share:
    distribution = Counter(choices)
    scoring = sum(distribution.get(c, 0) for c in (IN_PLACE, PARTLY, NOT_IN_PLACE))
    return Share(distribution.get(IN_PLACE, 0), scoring)


# ---------------------------------------------------------------------------
# rounds: who is invited as what (the snapshot rule), and response rates
# ---------------------------------------------------------------------------

# Highest first: a person who sits on several layers answers once, as the highest.
LAYER_ORDER = ("strategic", "executive", "thematic")


@dataclass(frozen=True)
class Seat:
    """One current membership of an invited body, as plain values."""

    person_id: int
    layer: str  # the body's layer
    sector: str  # of the organisation represented on the body, else the person's own
    body_name: str = ""


@dataclass(frozen=True)
class Snapshot:
    person_id: int
    sector: str
    layer: str


def membership_sector(represents_sector: str | None, own_sector: str | None) -> str:
    """A membership's sector: the organisation the person represents on the body, else their own."""
    return represents_sector or own_sector or ""


def snapshot_invitees(
    seats: Iterable[Seat],
    *,
    sectors: Iterable[str] = (),
    layers: Iterable[str] = (),
    named: Mapping[int, str] | None = None,
) -> dict[int, Snapshot]:
    """Who is invited, each once, with the sector and layer they answer as.

    Seats are narrowed first (to `sectors` and `layers`, each empty meaning all); then a
    person's layer is the highest layer among their remaining seats (strategic > executive >
    thematic) and their sector is the sector of that seat (ties: the body that sorts first
    by name). `named` people (person id → their own organisation's sector) are invited
    whatever the narrowing; where they have no remaining seat, they answer with their own
    sector and no layer.
    """
    wanted_sectors, wanted_layers = set(sectors), set(layers)
    best: dict[int, Seat] = {}
    for seat in seats:
        if wanted_sectors and seat.sector not in wanted_sectors:
            continue
        if wanted_layers and seat.layer not in wanted_layers:
            continue
        current = best.get(seat.person_id)
        if current is None or _seat_rank(seat) < _seat_rank(current):
            best[seat.person_id] = seat
    result = {pid: Snapshot(pid, s.sector, s.layer) for pid, s in best.items()}
    for pid, own_sector in (named or {}).items():
        result.setdefault(pid, Snapshot(pid, own_sector or "", ""))
    return result


def _seat_rank(seat: Seat) -> tuple[int, str]:
    layer_rank = LAYER_ORDER.index(seat.layer) if seat.layer in LAYER_ORDER else len(LAYER_ORDER)
    return (layer_rank, seat.body_name)


@dataclass(frozen=True)
class RateRow:
    group: str
    invited: int
    responded: int | None  # None when hidden
    hidden: bool

    @property
    def rate(self) -> float | None:
        if self.responded is None or not self.invited:
            return None
        return self.responded / self.invited


def response_rates(
    invited: Mapping[str, int], responded: Mapping[str, int], min_size: int = DEFAULT_MIN_GROUP
) -> list[RateRow]:
    """Response rate per group, with the responded count of small groups hidden
    (complementary suppression over responded counts, as `hidden_groups`). Invited counts
    are always shown: who was invited is not secret, who answered is."""
    counts = {g: responded.get(g, 0) for g in invited}
    hidden = hidden_groups(counts, min_size)
    return [RateRow(g, invited[g], None if g in hidden else counts[g], g in hidden) for g in invited]


# ---------------------------------------------------------------------------
# fixanon: whole-round and per-question minimum (docs/assessment.md, "Anonymity")
# ---------------------------------------------------------------------------

TOO_FEW = "Too few responses to show (fewer than {n})."
NOT_CLOSED = "Results of an anonymous round are shown only once the round has closed."


def results_withheld(respondents: int, min_size: int, *, anonymous: bool, closed: bool) -> str:
    """Why a round's answers may not be shown at all ("" when they may): an anonymous round
    shows nothing until it has closed (to coordinators too, so before/after comparison with
    the live "responded" list cannot reveal one person's answers), and no round shows answers
    from fewer than `min_size` submitted respondents (then every group would be hidden but the
    total would give them away)."""
    if anonymous and not closed:
        return NOT_CLOSED
    if respondents < min_size:
        return TOO_FEW.format(n=min_size)
    return ""


def too_few(answers: int, min_size: int) -> bool:
    """A question's answers are shown (distribution, mean, breakdowns, comments) only where at
    least `min_size` respondents answered it."""
    return answers < min_size
