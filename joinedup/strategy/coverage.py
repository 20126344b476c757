"""Coverage per theme: how many agreement and local outcomes have an owner, an action plan
and evidence. Pure functions over plain facts, so the rule is testable without a database
and every count can name the outcomes behind it.

An outcome *has an owner* when it names a lead body, a lead organisation or a champion;
*has an action plan* when at least one programme is linked to it; *has evidence* when at
least one piece of evidence is attached to it (evidence on its theme does not count).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

EXPLANATION = (
    "Each theme's outcomes are split into those in the agreement with government and those "
    "that are local only. An outcome counts as having an owner when it names a lead body, a "
    "lead organisation or a champion; as having an action plan when at least one programme "
    "is linked to it; and as having evidence when at least one piece of evidence is attached "
    "to the outcome itself. Each figure links to the outcomes it counts."
)


@dataclass(frozen=True)
class OutcomeFacts:
    outcome_id: int
    theme_id: int
    in_agreement: bool
    has_owner: bool
    has_plan: bool
    has_evidence: bool


@dataclass(frozen=True)
class Tally:
    """Counts for one group (agreement or local) of one theme, with the ids behind them."""

    outcome_ids: tuple[int, ...] = ()
    owner_ids: tuple[int, ...] = ()
    plan_ids: tuple[int, ...] = ()
    evidence_ids: tuple[int, ...] = ()

    @property
    def total(self) -> int:
        return len(self.outcome_ids)

    @property
    def with_owner(self) -> int:
        return len(self.owner_ids)

    @property
    def with_plan(self) -> int:
        return len(self.plan_ids)

    @property
    def with_evidence(self) -> int:
        return len(self.evidence_ids)

    @property
    def without_evidence_ids(self) -> tuple[int, ...]:
        return tuple(i for i in self.outcome_ids if i not in set(self.evidence_ids))


@dataclass(frozen=True)
class ThemeCoverage:
    theme_id: int
    agreement: Tally = field(default_factory=Tally)
    local: Tally = field(default_factory=Tally)


def _tally(facts: Sequence[OutcomeFacts]) -> Tally:
    return Tally(
        outcome_ids=tuple(f.outcome_id for f in facts),
        owner_ids=tuple(f.outcome_id for f in facts if f.has_owner),
        plan_ids=tuple(f.outcome_id for f in facts if f.has_plan),
        evidence_ids=tuple(f.outcome_id for f in facts if f.has_evidence),
    )


def coverage_by_theme(theme_ids: Iterable[int], facts: Iterable[OutcomeFacts]) -> list[ThemeCoverage]:
    """One ThemeCoverage per theme id, in the order given (themes with no outcomes get
    zero counts); facts about themes not listed are ignored."""
    by_theme: dict[int, list[OutcomeFacts]] = {}
    for fact in facts:
        by_theme.setdefault(fact.theme_id, []).append(fact)
    result = []
    for theme_id in theme_ids:
        own = by_theme.get(theme_id, [])
        result.append(
            ThemeCoverage(
                theme_id=theme_id,
                agreement=_tally([f for f in own if f.in_agreement]),
                local=_tally([f for f in own if not f.in_agreement]),
            )
        )
    return result


def drive_warning(board_roles: Iterable[str], limit: int) -> int | None:
    """How many priorities the board drives, if that is more than `limit`; else None."""
    driven = sum(1 for role in board_roles if role == "drive")
    return driven if driven > limit else None
