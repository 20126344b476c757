"""Targets as plain values: trajectories, which target applied when, who may approve.

No ORM here: services and views hand in plain values, so the rules are tested on their
own (joinedup/performance/tests/test_targets_pure.py). See docs/adr/0020-target-approval.md.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from joinedup.core.periods import Period, periods_between

APPROVED = "approved"

# A partnership's roles from most to least trusted. Members, scrutiny and viewers rank
# alike: none of them edits, so none outranks another.
ROLE_RANK = {"admin": 3, "editor": 2, "member": 1, "scrutiny": 1, "viewer": 1}


@dataclass(frozen=True)
class Step:
    """One proposed target of a trajectory."""

    period: Period
    value: float


def linear_values(start: float, end: float, steps: int, *, decimal_places: int | None = None) -> list[float]:
    """`steps + 1` values on the straight line from `start` to `end`, both ends exact.

    Values in between are rounded to `decimal_places` (if given) and kept between the ends,
    so the list never overshoots and is monotone (never rising then falling).
    """
    if steps < 1:
        raise ValueError("A line needs at least one step")
    low, high = min(start, end), max(start, end)
    values = [start]
    for i in range(1, steps):
        value = start + (end - start) * i / steps
        if decimal_places is not None:
            value = round(value, decimal_places)
        # Rounding (of the arithmetic, or to decimal places) must not step outside the ends.
        values.append(min(high, max(low, value)))
    values.append(end)
    return values


def trajectory(
    *,
    baseline_period: Period,
    baseline_value: float,
    final_period: Period,
    final_value: float,
    decimal_places: int | None = None,
) -> list[Step]:
    """One target per period after the baseline up to and including the final period, on a
    straight line from the baseline value to the final target.

    Raises ValueError if the periods are of different kinds or the final period does not
    come after the baseline.
    """
    periods = periods_between(baseline_period, final_period)
    if len(periods) < 2:
        raise ValueError("The final target's period must come after the baseline period")
    values = linear_values(baseline_value, final_value, len(periods) - 1, decimal_places=decimal_places)
    return [Step(period, value) for period, value in zip(periods[1:], values[1:], strict=True)]


def may_approve(role: str | None, approver_roles: Iterable[str]) -> bool:
    """Whether someone with `role` may approve a change needing every role in
    `approver_roles` (a change of target type needs the approvers of both types).

    Admins always may; otherwise the role must be the approver role or rank above it.
    """
    if role is None or role not in ROLE_RANK:
        return False
    if role == "admin":
        return True
    for needed in approver_roles:
        if role != needed and ROLE_RANK[role] <= ROLE_RANK.get(needed, 3):
            return False
    return True


@dataclass(frozen=True)
class ChangeFact:
    """A decided or pending change of one target, as plain values."""

    status: str
    proposed: Mapping[str, Any]
    reason: str = ""
    proposed_by: str = ""
    decided_by: str = ""
    decided_at: dt.datetime | None = None
    proposed_at: dt.datetime | None = None
    note: str = ""
    key: Any = None  # the change's id, for the pages to link to


def _approved_in_order(changes: Iterable[ChangeFact]) -> list[ChangeFact]:
    approved = [c for c in changes if c.status == APPROVED and c.decided_at is not None]
    return sorted(approved, key=lambda c: c.decided_at)  # type: ignore[arg-type, return-value]


def target_applying(changes: Iterable[ChangeFact], at: dt.datetime) -> ChangeFact | None:
    """The approved change in force at `at`: the last one approved on or before it.

    Proposals waiting for approval, rejections and withdrawals never applied. None if no
    change had been approved by then.
    """
    applying = None
    for change in _approved_in_order(changes):
        if change.decided_at is not None and change.decided_at <= at:
            applying = change
    return applying


@dataclass(frozen=True)
class HistoryLine:
    """One value a target held, from its approval until the next approval (None: still)."""

    change: ChangeFact
    applied_from: dt.datetime
    applied_to: dt.datetime | None = None
    values: Mapping[str, Any] = field(default_factory=dict)

    @property
    def value(self) -> Any:
        return self.values.get("value")


def target_history(changes: Sequence[ChangeFact]) -> list[HistoryLine]:
    """Which values applied when, newest first: each approved change from its approval to
    the next approval."""
    approved = _approved_in_order(changes)
    lines = []
    for index, change in enumerate(approved):
        following = approved[index + 1].decided_at if index + 1 < len(approved) else None
        assert change.decided_at is not None
        lines.append(HistoryLine(change, change.decided_at, following, dict(change.proposed)))
    return list(reversed(lines))


def tolerance_amount(*, target: float, tolerance: float | None, kind: str) -> float | None:
    """The amber tolerance in the indicator's units (`kind` "percent": a share of the target)."""
    if tolerance is None:
        return None
    if kind == "percent":
        return abs(target) * tolerance / 100
    return tolerance
