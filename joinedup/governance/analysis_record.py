"""Pure calculations about what is recorded at meetings: quorum, attendance rates, overdue
decisions and actions, challenge over time, and who should be prompted to declare an interest.

No ORM here: selectors turn rows into the plain values below, so every rule is tested with
plain values (and Hypothesis) and every result carries words saying how it was computed.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Callable, Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field

# Attendance statuses (the values of governance.models.AttendanceStatus, repeated here so this
# module stays free of Django).
PRESENT = "present"
REMOTE = "remote"
DEPUTY = "deputy"
APOLOGIES = "apologies"
ABSENT = "absent"

# Seniorities that count as "senior" for the senior attendance rate.
SENIOR = frozenset({"elected_member", "chief_executive", "director"})


# --- quorum ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class QuorumRule:
    kind: str  # "number" or "share" (partnerships.QuorumKind)
    value: int | None
    required_sectors: tuple[str, ...] = ()
    remote_counts: bool = True


@dataclass(frozen=True)
class SeatRow:
    """One row of a meeting's attendance, as the quorum rule needs it."""

    status: str
    is_voting: bool = True
    has_seat: bool = True
    sector: str = ""


@dataclass(frozen=True)
class QuorumResult:
    quorate: bool | None  # None: the body has no quorum rule
    present: int
    voting_seats: int
    needed: int
    remote_not_counted: int
    missing_sectors: tuple[str, ...]
    explanation: str


def seats_needed(rule: QuorumRule, voting_seats: int) -> int:
    """How many voting seats must be present: a number, or a share rounded up."""
    if rule.value is None:
        return 0
    if rule.kind == "share":
        return math.ceil(rule.value * voting_seats / 100)
    return rule.value


def _counts(row: SeatRow, rule: QuorumRule) -> bool:
    if row.status in (PRESENT, DEPUTY):  # a deputy counts for their seat
        return True
    return row.status == REMOTE and rule.remote_counts


def _plural(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


def quorum(
    rule: QuorumRule, rows: Iterable[SeatRow], *, sector_labels: Mapping[str, str] | None = None
) -> QuorumResult:
    """Whether a meeting was quorate under its body's rule, and why, in words.

    Only voting seats count (other attendees never do); a deputy counts for the seat they
    stand in for; remote attendance counts only where the body's rule says so.
    """
    labels = sector_labels or {}
    seats = [r for r in rows if r.has_seat and r.is_voting]
    counted = [r for r in seats if _counts(r, rule)]
    remote_not_counted = sum(1 for r in seats if r.status == REMOTE and not rule.remote_counts)
    voting = len(seats)
    needed = seats_needed(rule, voting)
    how = "in person, remotely or by deputy" if rule.remote_counts else "in person or by deputy"
    parts = [f"{len(counted)} of {_plural(voting, 'voting seat')} present {how}"]
    present_sectors = {r.sector for r in counted}
    missing = tuple(s for s in rule.required_sectors if s not in present_sectors)
    if rule.value is None:
        parts.append("this body has no quorum rule recorded, so quoracy cannot be judged")
        return QuorumResult(
            None, len(counted), voting, 0, remote_not_counted, missing, "; ".join(parts) + "."
        )
    if rule.kind == "share":
        parts.append(f"the rule needs {needed} ({rule.value}% of {voting}, rounded up)")
    else:
        parts.append(f"the rule needs {needed}")
    if rule.remote_counts:
        parts.append("remote attendance counts for this body")
    else:
        text = "remote attendance does not count for this body"
        if remote_not_counted:
            verb = "is" if remote_not_counted == 1 else "are"
            text += f" ({remote_not_counted} attended remotely and {verb} not counted)"
        parts.append(text)
    if rule.required_sectors:
        names = ", ".join(labels.get(s, s) for s in rule.required_sectors)
        if missing:
            parts.append(
                f"no one was present for {', '.join(labels.get(s, s) for s in missing)} (required: {names})"
            )
        else:
            parts.append(f"every required sector was present ({names})")
    quorate = len(counted) >= needed and not missing
    explanation = "; ".join(parts) + (". Quorate." if quorate else ". Not quorate.")
    return QuorumResult(quorate, len(counted), voting, needed, remote_not_counted, missing, explanation)


@dataclass(frozen=True)
class Quoracy:
    quorate: int
    judged: int
    not_judged: int
    rate: float | None
    explanation: str


def quoracy(results: Iterable[bool | None]) -> Quoracy:
    """The share of meetings that were quorate, among those whose quoracy could be judged."""
    values = list(results)
    judged = [v for v in values if v is not None]
    quorate = sum(1 for v in judged if v)
    rate = quorate / len(judged) if judged else None
    explanation = (
        f"{quorate} of {_plural(len(judged), 'meeting')} with recorded attendance "
        "and a quorum rule were quorate"
    )
    if len(values) > len(judged):
        explanation += f"; {len(values) - len(judged)} could not be judged (no quorum rule)"
    return Quoracy(quorate, len(judged), len(values) - len(judged), rate, explanation + ".")


# --- attendance rates --------------------------------------------------------------------------


@dataclass(frozen=True)
class AttendanceRow:
    """One seat (or attendee) at one meeting, with what was snapshotted when it was recorded."""

    meeting_id: int
    status: str
    seat_id: int | None = None
    person_id: int | None = None  # the seat's holder (not the deputy)
    organisation_id: int | None = None
    sector: str = ""
    seniority: str = ""


@dataclass(frozen=True)
class Rate:
    key: Hashable
    attended: int
    expected: int
    explanation: str

    @property
    def rate(self) -> float | None:
        return self.attended / self.expected if self.expected else None


def _rates(
    rows: Iterable[AttendanceRow],
    key: Callable[[AttendanceRow], Hashable],
    attended: frozenset[str],
    how: str,
) -> list[Rate]:
    groups: dict[Hashable, list[AttendanceRow]] = {}
    for row in rows:
        k = key(row)
        if k is None or k == "":
            continue
        groups.setdefault(k, []).append(row)
    result = []
    for k, group in groups.items():
        count = sum(1 for r in group if r.status in attended)
        result.append(Rate(k, count, len(group), f"{count} of {_plural(len(group), 'meeting')} {how}."))
    return sorted(result, key=lambda r: (r.rate if r.rate is not None else 2, str(r.key)))


SEAT_FILLED = frozenset({PRESENT, REMOTE, DEPUTY})
IN_PERSON_OR_REMOTE = frozenset({PRESENT, REMOTE})


def attendance_by_member(rows: Iterable[AttendanceRow]) -> list[Rate]:
    """Per seat holder: meetings they attended themselves (in person or remotely) out of the
    meetings where they held a seat. Sending a deputy is not attending."""
    return _rates(
        rows,
        lambda r: r.person_id,
        IN_PERSON_OR_REMOTE,
        "attended in person or remotely, not counting deputies",
    )


def attendance_by_seat(rows: Iterable[AttendanceRow]) -> list[Rate]:
    """Per seat: meetings where the seat was filled (holder in person or remotely, or a deputy)."""
    return _rates(
        rows,
        lambda r: r.seat_id,
        SEAT_FILLED,
        "with the seat filled by its holder (in person or remotely) or a deputy",
    )


def attendance_by_organisation(rows: Iterable[AttendanceRow]) -> list[Rate]:
    """Per organisation: its seats filled out of its seats at meetings (one count per seat per meeting)."""
    return _rates(
        rows, lambda r: r.organisation_id, SEAT_FILLED, "seat-meetings filled by the holder or a deputy"
    )


def attendance_by_sector(rows: Iterable[AttendanceRow]) -> list[Rate]:
    """Per sector (as snapshotted when attendance was recorded): seats filled out of seats."""
    return _rates(rows, lambda r: r.sector, SEAT_FILLED, "seat-meetings filled by the holder or a deputy")


def senior_attendance(rows: Iterable[AttendanceRow]) -> Rate:
    """Of the seat-meetings whose holder is senior (elected member, chief executive or director),
    the share where that senior person came themselves rather than sending a deputy or apologies."""
    senior = [r for r in rows if r.seat_id is not None and r.seniority in SENIOR]
    came = sum(1 for r in senior if r.status in IN_PERSON_OR_REMOTE)
    return Rate(
        "senior",
        came,
        len(senior),
        f"{came} of {_plural(len(senior), 'seat-meeting')} held by elected members, chief executives or "
        "directors were attended by that person in person or remotely (deputies and apologies do not count).",
    )


# --- decisions and actions ---------------------------------------------------------------------

CLOSED = frozenset({"done", "dropped", "superseded"})


@dataclass(frozen=True)
class Tracked:
    """A decision or a meeting action, as the overdue rule needs it."""

    id: int
    status: str
    due: dt.date | None
    report_due: dt.date | None = None


def is_overdue(record: Tracked, today: dt.date) -> bool:
    """Overdue: still open and its due date has passed (the due day itself is not overdue)."""
    return record.status not in CLOSED and record.due is not None and record.due < today


def is_due_back(record: Tracked, today: dt.date, *, within_days: int = 28) -> bool:
    """A decision is "due back" when it must be reported somewhere within `within_days` (or
    its report date has passed) and it is not closed."""
    if record.status in CLOSED or record.report_due is None:
        return False
    return record.report_due <= today + dt.timedelta(days=within_days)


@dataclass(frozen=True)
class Overdue:
    overdue: int
    open: int
    ids: tuple[int, ...]
    explanation: str


def overdue(records: Iterable[Tracked], today: dt.date, *, noun: str = "record") -> Overdue:
    values = list(records)
    open_ = [r for r in values if r.status not in CLOSED]
    late = [r for r in open_ if is_overdue(r, today)]
    return Overdue(
        len(late),
        len(open_),
        tuple(r.id for r in late),
        f"{len(late)} of {_plural(len(open_), 'open ' + noun)} are past their due date on {today:%d %B %Y} "
        "(done, dropped and superseded ones are not counted; those with no due date are never overdue).",
    )


def action_log_order(records: Sequence[Tracked], today: dt.date) -> list[Tracked]:
    """Open first (overdue first among them, then by due date, undated last), then closed."""
    far = dt.date.max

    def key(r: Tracked) -> tuple[int, int, dt.date, int]:
        closed = r.status in CLOSED
        return (1 if closed else 0, 0 if is_overdue(r, today) else 1, r.due or far, r.id)

    return sorted(records, key=key)


# --- challenge ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class ChallengePoint:
    year: int
    meetings: int
    challenges: int
    explanation: str

    @property
    def per_meeting(self) -> float | None:
        return self.challenges / self.meetings if self.meetings else None


def challenges_per_meeting(meetings: Iterable[tuple[dt.date, int]]) -> list[ChallengePoint]:
    """Per calendar year: challenges recorded divided by meetings held, from (meeting date,
    number of challenges at it) pairs. Meetings with no challenge count as meetings."""
    years: dict[int, list[int]] = {}
    for day, count in meetings:
        years.setdefault(day.year, []).append(count)
    points = []
    for year in sorted(years):
        counts = years[year]
        total = sum(counts)
        points.append(
            ChallengePoint(
                year,
                len(counts),
                total,
                f"{total} challenges recorded across {_plural(len(counts), 'meeting')} held in {year}.",
            )
        )
    return points


# --- prompts to declare an interest ------------------------------------------------------------


@dataclass(frozen=True)
class MemberLinks:
    """What links a body's member to organisations."""

    person_id: int
    name: str
    employer_id: int | None = None
    seat_organisation_ids: tuple[int, ...] = ()
    interest_organisation_ids: tuple[int, ...] = ()


@dataclass(frozen=True)
class Prompt:
    person_id: int
    name: str
    reasons: tuple[str, ...] = field(default=())

    @property
    def why(self) -> str:
        return "; ".join(self.reasons)


def declaration_prompts(
    item_organisation_ids: Iterable[int],
    organisation_names: Mapping[int, str],
    members: Iterable[MemberLinks],
    *,
    already_declared: Iterable[int] = (),
) -> list[Prompt]:
    """Members who may need to declare an interest on an item, and why.

    A member is prompted when an organisation the item concerns is their employer, the
    organisation of their seat, or the organisation of an interest they have registered.
    Members who have already declared on the item are not prompted again.
    """
    concerned = set(item_organisation_ids)
    declared = set(already_declared)
    prompts = []

    def name(org: int | None) -> str:
        return organisation_names.get(org, "an organisation") if org is not None else "an organisation"

    for member in members:
        if member.person_id in declared:
            continue
        reasons: list[str] = []
        if member.employer_id in concerned:
            reasons.append(f"you work for {name(member.employer_id)}, which the item concerns")
        for org in dict.fromkeys(member.seat_organisation_ids):
            if org in concerned and org != member.employer_id:
                reasons.append(f"your seat is {name(org)}'s, which the item concerns")
        for org in dict.fromkeys(member.interest_organisation_ids):
            if org in concerned:
                reasons.append(f"you have registered an interest in {name(org)}, which the item concerns")
        if reasons:
            prompts.append(Prompt(member.person_id, member.name, tuple(reasons)))
    return sorted(prompts, key=lambda p: p.name)
