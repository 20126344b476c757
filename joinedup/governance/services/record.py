"""Writes for what is recorded at and after meetings: attendance (one grid, all or nothing),
decisions and ratifications, meeting actions, challenges, interests and declarations.

Every call is one transaction with one audit entry. Edits of versioned records go through
save_versioned; the attendance grid carries a fingerprint of the rows it was read from, so two
clerks saving the same grid never silently overwrite each other.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import timezone

from joinedup.core import audit
from joinedup.core.audit import Actor
from joinedup.core.conflicts import save_versioned
from joinedup.governance.models import (
    AgendaItem,
    Attendance,
    AttendanceStatus,
    Challenge,
    Decision,
    Declaration,
    Interest,
    Meeting,
    MeetingAction,
    MeetingActionStatus,
    Ratification,
)
from joinedup.partnerships.models import Membership, Organisation, Partnership, Person, Seat

LINKS = ("indicators", "actions", "risks", "programmes")


class AttendanceConflict(Exception):
    """Someone else saved this meeting's attendance after the grid was opened."""


# --- attendance --------------------------------------------------------------------------------


@dataclass(frozen=True)
class SeatEntry:
    seat: Seat
    status: str
    deputy: Person | None = None


@dataclass(frozen=True)
class OtherEntry:
    person: Person
    status: str


def attendance_fingerprint(meeting: Meeting) -> str:
    """A digest of the meeting's saved attendance: the grid carries it to detect concurrent saves."""
    rows = sorted(
        (r.seat_id or 0, r.person_id or 0, r.status, r.deputy_id or 0)
        for r in Attendance.objects.filter(meeting=meeting)
    )
    return hashlib.sha256(repr(rows).encode()).hexdigest()[:32]


def holder_on(seat: Seat, day: dt.date) -> Membership | None:
    """The seat's holder (not a deputy) on a day."""
    return (
        seat.memberships.filter(is_deputy=False, start_date__lte=day)
        .exclude(end_date__lt=day)
        .select_related("person")
        .order_by("-start_date")
        .first()
    )


def _row_plain(row: Attendance) -> dict[str, Any]:
    return {
        "seat": str(row.seat) if row.seat_id else "",
        "person": str(row.person) if row.person_id else "",
        "status": row.status,
        "deputy": str(row.deputy) if row.deputy_id else "",
    }


def save_attendance(
    *,
    meeting: Meeting,
    user: Any,
    seats: Sequence[SeatEntry],
    others: Sequence[OtherEntry],
    fingerprint: str,
) -> list[Attendance]:
    """Replace a meeting's attendance with the grid's rows, all or nothing.

    Each row snapshots the seat's voting status, sector and the holder's seniority as they
    are today, so later changes to seats and memberships do not rewrite past attendance.
    """
    partnership = meeting.partnership
    errors: dict[str, list[str]] = {}
    seat_ids = [e.seat.pk for e in seats]
    if len(set(seat_ids)) != len(seat_ids):
        errors.setdefault("__all__", []).append("Each seat can be recorded only once.")
    for entry in seats:
        if entry.seat.body_id != meeting.body_id:
            errors.setdefault("__all__", []).append(f"{entry.seat.label} is not a seat of {meeting.body}.")
        if entry.status not in AttendanceStatus.values:
            errors.setdefault(f"seat-{entry.seat.pk}-status", []).append("Choose an attendance status")
        if entry.status == AttendanceStatus.DEPUTY and entry.deputy is None:
            errors.setdefault(f"seat-{entry.seat.pk}-deputy", []).append(
                f"Choose who attended as deputy for {entry.seat.label}"
            )
        if entry.deputy is not None and entry.deputy.partnership_id != partnership.pk:
            errors.setdefault(f"seat-{entry.seat.pk}-deputy", []).append(
                "Choose a person in this partnership"
            )
    for index, other in enumerate(others):
        if other.person.partnership_id != partnership.pk:
            errors.setdefault(f"other-{index}-person", []).append("Choose a person in this partnership")
        if other.status not in (AttendanceStatus.PRESENT, AttendanceStatus.REMOTE):
            errors.setdefault(f"other-{index}-status", []).append("Choose in person or remotely")
    other_ids = [o.person.pk for o in others]
    if len(set(other_ids)) != len(other_ids):
        errors.setdefault("__all__", []).append("Each other attendee can be listed only once.")
    if errors:
        raise ValidationError(errors)

    day = timezone.localtime(meeting.starts_at).date()
    with transaction.atomic():
        Meeting.objects.select_for_update().filter(pk=meeting.pk).first()
        if attendance_fingerprint(meeting) != fingerprint:
            raise AttendanceConflict
        old = list(Attendance.objects.filter(meeting=meeting).select_related("seat", "person", "deputy"))
        before = [_row_plain(r) for r in old]
        Attendance.objects.filter(meeting=meeting).delete()
        created = []
        for entry in seats:
            seat = entry.seat
            holder = holder_on(seat, day)
            row = Attendance(
                partnership=partnership,
                meeting=meeting,
                seat=seat,
                person=holder.person if holder else None,
                status=entry.status,
                deputy=entry.deputy if entry.status == AttendanceStatus.DEPUTY else None,
                is_voting=seat.is_voting,
                sector=seat.sector or (seat.organisation.sector if seat.organisation is not None else ""),
                seniority=holder.seniority if holder else "",
            )
            row.full_clean(validate_constraints=False)
            created.append(row)
        for other in others:
            row = Attendance(
                partnership=partnership,
                meeting=meeting,
                person=other.person,
                status=other.status,
                is_voting=False,
                sector=other.person.organisation.sector if other.person.organisation is not None else "",
            )
            row.full_clean(validate_constraints=False)
            created.append(row)
        Attendance.objects.bulk_create(created)
        audit.record(
            action="governance.attendance.recorded",
            actor=Actor.for_user(user),
            partnership_id=partnership.pk,
            target=meeting,
            summary=f"Recorded attendance at {meeting}: {len(seats)} seats and {len(others)} other attendees",
            before={"rows": before},
            after={"rows": [_row_plain(r) for r in created]},
        )
    return created


# --- shared helpers ----------------------------------------------------------------------------


def _check_links(partnership: Partnership, links: Mapping[str, Iterable[models.Model]]) -> None:
    """Links go only to the partnership's own records; a shared indicator only if it uses it."""
    used_shared = set(partnership.indicator_links.values_list("indicator_id", flat=True))
    for name, objects in links.items():
        for obj in objects:
            owner = getattr(obj, "partnership_id", None)
            if owner == partnership.pk:
                continue
            if name == "indicators" and owner is None and obj.pk in used_shared:
                continue
            raise ValidationError({name: "Choose records of this partnership only"})


def _set_links(instance: models.Model, links: Mapping[str, Iterable[models.Model]]) -> None:
    for name, objects in links.items():
        getattr(instance, name).set(list(objects))


def _assign(instance: models.Model, fields: Mapping[str, Any]) -> list[str]:
    for name, value in fields.items():
        setattr(instance, name, value)
    return list(fields)


def _create(
    instance: models.Model,
    *,
    user: Any,
    action: str,
    summary: str,
    links: Mapping[str, Iterable[models.Model]] | None = None,
) -> Any:
    partnership: Partnership = instance.partnership  # type: ignore[attr-defined]
    if links:
        _check_links(partnership, links)
    with transaction.atomic():
        instance.full_clean()
        instance.save()
        if links:
            _set_links(instance, links)
        audit.record(
            action=action,
            actor=Actor.for_user(user),
            partnership_id=partnership.pk,
            target=instance,
            summary=summary,
            after=audit.snapshot(instance),
        )
    return instance


def _update(
    instance: models.Model,
    *,
    user: Any,
    expected_version: int,
    fields: Mapping[str, Any],
    action: str,
    summary: str,
    links: Mapping[str, Iterable[models.Model]] | None = None,
) -> Any:
    partnership: Partnership = instance.partnership  # type: ignore[attr-defined]
    if links:
        _check_links(partnership, links)
    with transaction.atomic():
        before = audit.snapshot(instance)
        names = _assign(instance, fields)
        instance.full_clean()
        save_versioned(instance, expected_version=expected_version, fields=names)
        if links:
            _set_links(instance, links)
        audit.record(
            action=action,
            actor=Actor.for_user(user),
            partnership_id=partnership.pk,
            target=instance,
            summary=summary,
            before=before,
            after=audit.snapshot(instance),
        )
    return instance


# --- decisions and ratifications ---------------------------------------------------------------


def create_decision(
    *, item: AgendaItem, user: Any, fields: Mapping[str, Any], links: Mapping[str, Iterable[Any]]
) -> Decision:
    decision = Decision(partnership=item.partnership, item=item, **fields)
    return _create(
        decision,
        user=user,
        action="governance.decision.created",
        summary=f"Recorded a decision on {item}",
        links=links,
    )


def update_decision(
    *,
    decision: Decision,
    user: Any,
    expected_version: int,
    fields: Mapping[str, Any],
    links: Mapping[str, Iterable[Any]],
) -> Decision:
    return _update(
        decision,
        user=user,
        expected_version=expected_version,
        fields=fields,
        action="governance.decision.updated",
        summary="Updated a decision",
        links=links,
    )


def record_ratification(
    *,
    decision: Decision,
    user: Any,
    organisation: Organisation,
    outcome: str,
    decided_on: dt.date | None = None,
    body_name: str = "",
    note: str = "",
) -> Ratification:
    """Record (or update) one partner's ratification of a decision."""
    if organisation.partnership_id != decision.partnership_id:
        raise ValidationError({"organisation": "Choose an organisation in this partnership"})
    if outcome != Ratification.Outcome.PENDING and decided_on is None:
        raise ValidationError({"decided_on": "Enter the date the partner's body decided"})
    with transaction.atomic():
        ratification = Ratification.objects.filter(decision=decision, organisation=organisation).first()
        before = audit.snapshot(ratification) if ratification else None
        if ratification is None:
            ratification = Ratification(
                partnership=decision.partnership, decision=decision, organisation=organisation
            )
        ratification.outcome = outcome
        ratification.decided_on = decided_on
        ratification.body_name = body_name
        ratification.note = note
        ratification.full_clean()
        ratification.save()
        audit.record(
            action="governance.ratification.recorded",
            actor=Actor.for_user(user),
            partnership_id=decision.partnership_id,
            target=decision,
            summary=f"{organisation}: {ratification.get_outcome_display()}",
            before=before,
            after=audit.snapshot(ratification),
        )
    return ratification


# --- meeting actions ---------------------------------------------------------------------------


def _done_date(fields: dict[str, Any]) -> dict[str, Any]:
    if fields.get("status") == MeetingActionStatus.DONE and not fields.get("done_on"):
        fields["done_on"] = timezone.localdate()
    if fields.get("status") == MeetingActionStatus.OPEN:
        fields["done_on"] = None
    return fields


def create_meeting_action(
    *, item: AgendaItem, user: Any, fields: Mapping[str, Any], links: Mapping[str, Iterable[Any]]
) -> MeetingAction:
    action = MeetingAction(partnership=item.partnership, item=item, **_done_date(dict(fields)))
    return _create(
        action,
        user=user,
        action="governance.meeting_action.created",
        summary=f"Recorded an action on {item}",
        links=links,
    )


def update_meeting_action(
    *,
    action: MeetingAction,
    user: Any,
    expected_version: int,
    fields: Mapping[str, Any],
    links: Mapping[str, Iterable[Any]],
) -> MeetingAction:
    return _update(
        action,
        user=user,
        expected_version=expected_version,
        fields=_done_date(dict(fields)),
        action="governance.meeting_action.updated",
        summary="Updated a meeting action",
        links=links,
    )


# --- challenge ---------------------------------------------------------------------------------


def _check_challenge(partnership: Partnership, fields: Mapping[str, Any]) -> None:
    if not fields.get("challenged_person") and not fields.get("challenged_organisation"):
        raise ValidationError({"challenged_person": "Choose who was challenged: a person or an organisation"})
    for name in ("challenger", "challenged_person", "challenged_organisation"):
        value = fields.get(name)
        if value is not None and value.partnership_id != partnership.pk:
            raise ValidationError({name: "Choose from this partnership"})


def create_challenge(*, item: AgendaItem, user: Any, fields: Mapping[str, Any]) -> Challenge:
    _check_challenge(item.partnership, fields)
    challenge = Challenge(partnership=item.partnership, item=item, **fields)
    return _create(
        challenge, user=user, action="governance.challenge.created", summary=f"Recorded a challenge on {item}"
    )


def update_challenge(
    *, challenge: Challenge, user: Any, expected_version: int, fields: Mapping[str, Any]
) -> Challenge:
    _check_challenge(challenge.partnership, fields)
    return _update(
        challenge,
        user=user,
        expected_version=expected_version,
        fields=fields,
        action="governance.challenge.updated",
        summary="Updated a challenge",
    )


# --- interests and declarations ----------------------------------------------------------------


def create_interest(*, person: Person, user: Any, fields: Mapping[str, Any]) -> Interest:
    interest = Interest(partnership=person.partnership, person=person, **fields)
    # The audit summary never repeats a sensitive interest's details.
    return _create(
        interest,
        user=user,
        action="governance.interest.registered",
        summary=f"Registered an interest for {person}",
    )


def update_interest(
    *, interest: Interest, user: Any, expected_version: int, fields: Mapping[str, Any]
) -> Interest:
    return _update(
        interest,
        user=user,
        expected_version=expected_version,
        fields=fields,
        action="governance.interest.updated",
        summary=f"Updated an interest of {interest.person}",
    )


def create_declaration(
    *,
    item: AgendaItem,
    user: Any,
    person: Person,
    nature: str,
    withdrew: bool = False,
    interest: Interest | None = None,
) -> Declaration:
    if person.partnership_id != item.partnership_id:
        raise ValidationError({"person": "Choose a person in this partnership"})
    if interest is not None and interest.person_id != person.pk:
        raise ValidationError({"interest": "Choose one of this person's registered interests"})
    if Declaration.objects.filter(item=item, person=person).exists():
        raise ValidationError({"person": f"{person} has already declared an interest on this item"})
    declaration = Declaration(
        partnership=item.partnership,
        item=item,
        person=person,
        nature=nature,
        withdrew=withdrew,
        interest=interest,
        declared_by=user,
    )
    return _create(
        declaration,
        user=user,
        action="governance.declaration.made",
        summary=f"{person} declared an interest on {item}",
    )
