"""Writes to the governance structure: bodies, their seats and memberships.

Every function owns its transaction, validates (`full_clean()` plus the rules the
database cannot express, such as reporting cycles), and writes one audit entry.
Errors are `ValidationError`s keyed by field name, so a form can show them in place.
Edits of existing records go through `save_versioned` and raise `EditConflict` when
someone else saved first.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.utils import timezone

from joinedup.core import audit
from joinedup.core.audit import Actor
from joinedup.core.conflicts import save_versioned
from joinedup.core.models import StoredFile
from joinedup.core.uploads import UploadRejected, store_upload
from joinedup.partnerships.analysis import reports_to
from joinedup.partnerships.models import Body, Membership, Partnership, Seat

BODY_FIELDS = (
    "name",
    "short_name",
    "layer",
    "parent",
    "is_statutory_body",
    "terms_of_reference",
    "meetings_per_year",
    "quorum_kind",
    "quorum_value",
    "quorum_required_sectors",
    "remote_attendance_counts",
)
SEAT_FIELDS = (
    "label",
    "kind",
    "organisation",
    "sector",
    "is_voting",
    "statutory_basis",
    "statutory_role",
    "position",
)
MEMBERSHIP_FIELDS = (
    "person",
    "seat",
    "is_deputy",
    "role",
    "represents",
    "seniority",
    "start_date",
    "end_date",
    "appointed_by",
    "appointed_on",
    "balancing_arrangements",
)

SEAT_HAS_HOLDER = "This seat already has a holder: end their membership first"

# Only these kinds are accepted for terms of reference, recognised by content, not name.
TERMS_DOCUMENT_KINDS = frozenset({"pdf", "docx"})


# --- bodies -----------------------------------------------------------------------------


def create_body(
    *,
    partnership: Partnership,
    user: Any,
    fields: Mapping[str, Any],
    terms_upload: UploadedFile | None = None,
) -> Body:
    """Add a body to one of the partnership's governance layers."""
    with transaction.atomic():
        body = Body(partnership=partnership)
        _assign(body, fields, BODY_FIELDS)
        check_body(body)
        if terms_upload is not None:
            body.terms_document = _store_terms_document(
                partnership=partnership, user=user, upload=terms_upload
            )
        body.full_clean()
        body.save()
        audit.record(
            action="partnerships.body.created",
            actor=Actor.for_user(user),
            partnership_id=partnership.pk,
            target=body,
            summary=f"Added {body.name} to the {body.get_layer_display().lower()} layer.",
            after=audit.snapshot(body),
        )
    return body


def update_body(
    *,
    body: Body,
    user: Any,
    expected_version: int,
    fields: Mapping[str, Any],
    terms_upload: UploadedFile | None = None,
    remove_terms_document: bool = False,
) -> Body:
    """Change a body's details. Raises EditConflict if someone else saved it first."""
    with transaction.atomic():
        before = audit.snapshot(body)
        _assign(body, fields, BODY_FIELDS)
        check_body(body)
        names = [n for n in BODY_FIELDS if n in fields]
        if terms_upload is not None:
            body.terms_document = _store_terms_document(
                partnership=body.partnership, user=user, upload=terms_upload
            )
            names.append("terms_document")
        elif remove_terms_document:
            body.terms_document = None
            names.append("terms_document")
        body.full_clean()
        save_versioned(body, expected_version=expected_version, fields=names)
        after = audit.snapshot(body)
        changed = _changed_labels(body, before, after)
        audit.record(
            action="partnerships.body.updated",
            actor=Actor.for_user(user),
            partnership_id=body.partnership_id,
            target=body,
            summary=f"Changed {_join(changed)} of {body.name}."
            if changed
            else f"Saved {body.name} unchanged.",
            before=before,
            after=after,
        )
    return body


def body_in_use_reasons(body: Body) -> list[str]:
    """Why a body cannot be deleted yet, in plain words (empty when it can)."""
    reasons = []
    seats = body.seats.count()
    memberships = body.memberships.count()
    children = body.children.count()
    if seats:
        reasons.append(f"it has {_plural(seats, 'seat')}")
    if memberships:
        reasons.append(f"it has {_plural(memberships, 'membership')}, past or current")
    if children:
        reasons.append(f"{_plural(children, 'body', 'bodies')} report to it")
    return reasons


def delete_body(*, body: Body, user: Any) -> None:
    """Delete a body that has no seats, memberships or bodies reporting to it.

    Memberships are history, so a body that ever had members is kept; the caller
    shows `body_in_use_reasons` instead.
    """
    with transaction.atomic():
        reasons = body_in_use_reasons(body)
        if reasons:
            raise ValidationError(f"You cannot delete {body.name} because {_join(reasons)}.")
        before = audit.snapshot(body)
        audit.record(
            action="partnerships.body.deleted",
            actor=Actor.for_user(user),
            partnership_id=body.partnership_id,
            target=body,
            summary=f"Deleted {body.name}.",
            before=before,
        )
        body.delete()


def check_body(body: Body) -> None:
    """The rules of a body the database cannot state: a unique name whatever the case, a
    parent in the same partnership that does not report (at any distance) to the body.
    Raises ValidationError keyed by field. Forms call it too, to show errors in place."""
    errors: dict[str, str] = {}
    name = (body.name or "").strip()
    if name:
        clash = body.partnership.bodies.filter(name__iexact=name).exclude(pk=body.pk).exists()
        if clash:
            errors["name"] = f"There is already a body called {name} in this partnership"
    parent = body.parent
    if parent is not None:
        if parent.partnership_id != body.partnership_id:
            errors["parent"] = "Select a body in this partnership"
        elif body.pk is not None and parent.pk == body.pk:
            errors["parent"] = "A body cannot report to itself"
        elif body.pk is not None and reports_to(
            dict(body.partnership.bodies.values_list("id", "parent_id")), start=parent.pk, target=body.pk
        ):
            errors["parent"] = (
                f"{parent.name} reports to {body.name}, so it cannot also be the body {body.name} reports to"
            )
    if body.quorum_kind == "share" and body.quorum_value is not None and body.quorum_value > 100:
        errors["quorum_value"] = "Enter a share of 100 per cent or less"
    if errors:
        raise ValidationError(errors)


def _store_terms_document(*, partnership: Partnership, user: Any, upload: UploadedFile) -> StoredFile:
    try:
        return store_upload(
            upload,
            allowed=TERMS_DOCUMENT_KINDS,
            partnership_id=partnership.pk,
            uploaded_by=user if getattr(user, "is_authenticated", False) else None,
        )
    except UploadRejected as rejected:
        raise ValidationError({"terms_upload": rejected.message}) from rejected


# --- seats ------------------------------------------------------------------------------


def create_seat(*, body: Body, user: Any, fields: Mapping[str, Any]) -> Seat:
    """Add a seat at a body's table, belonging to an organisation or a sector."""
    with transaction.atomic():
        seat = Seat(body=body)
        _assign(seat, fields, SEAT_FIELDS)
        check_seat(seat)
        seat.full_clean()
        seat.save()
        audit.record(
            action="partnerships.seat.created",
            actor=Actor.for_user(user),
            partnership_id=body.partnership_id,
            target=seat,
            summary=f"Added the seat {seat.label} to {body.name}.",
            after=audit.snapshot(seat),
        )
    return seat


def update_seat(*, seat: Seat, user: Any, expected_version: int, fields: Mapping[str, Any]) -> Seat:
    with transaction.atomic():
        before = audit.snapshot(seat)
        _assign(seat, fields, SEAT_FIELDS)
        check_seat(seat)
        seat.full_clean()
        save_versioned(
            seat, expected_version=expected_version, fields=[n for n in SEAT_FIELDS if n in fields]
        )
        after = audit.snapshot(seat)
        changed = _changed_labels(seat, before, after)
        audit.record(
            action="partnerships.seat.updated",
            actor=Actor.for_user(user),
            partnership_id=seat.body.partnership_id,
            target=seat,
            summary=(
                f"Changed {_join(changed)} of the seat {seat.label} on {seat.body.name}."
                if changed
                else f"Saved the seat {seat.label} unchanged."
            ),
            before=before,
            after=after,
        )
    return seat


def seat_in_use_reasons(seat: Seat) -> list[str]:
    count = seat.memberships.count()
    return [f"{_plural(count, 'membership')}, past or current, belong to it"] if count else []


def delete_seat(*, seat: Seat, user: Any) -> None:
    """Delete a seat nobody has ever held; a held seat keeps its history."""
    with transaction.atomic():
        reasons = seat_in_use_reasons(seat)
        if reasons:
            raise ValidationError(f"You cannot delete the seat {seat.label} because {_join(reasons)}.")
        audit.record(
            action="partnerships.seat.deleted",
            actor=Actor.for_user(user),
            partnership_id=seat.body.partnership_id,
            target=seat,
            summary=f"Removed the seat {seat.label} from {seat.body.name}.",
            before=audit.snapshot(seat),
        )
        seat.delete()


def check_seat(seat: Seat) -> None:
    errors: dict[str, str] = {}
    partnership_id = seat.body.partnership_id
    if seat.organisation is not None and seat.organisation.partnership_id != partnership_id:
        errors["organisation"] = "Select an organisation in this partnership"
    if seat.organisation is None and not seat.sector:
        errors["organisation"] = "Select the organisation or the sector the seat belongs to"
    if errors:
        raise ValidationError(errors)


# --- memberships --------------------------------------------------------------------------


def add_membership(*, body: Body, user: Any, fields: Mapping[str, Any]) -> Membership:
    """Put a person on a body: as a seat's holder, its deputy, or without a seat."""
    with transaction.atomic():
        membership = Membership(body=body)
        _assign(membership, fields, MEMBERSHIP_FIELDS)
        check_membership(membership)
        # check_membership states the constraints in users' words; the database enforces them
        # against races (see _save_guarding_holder).
        membership.full_clean(validate_constraints=False)
        _save_guarding_holder(membership.save)
        audit.record(
            action="partnerships.membership.added",
            actor=Actor.for_user(user),
            partnership_id=body.partnership_id,
            target=membership,
            summary=(f"Added {membership.person.full_name} to {body.name} as {_role_words(membership)}."),
            after=audit.snapshot(membership),
        )
    return membership


def update_membership(
    *, membership: Membership, user: Any, expected_version: int, fields: Mapping[str, Any]
) -> Membership:
    with transaction.atomic():
        before = audit.snapshot(membership)
        _assign(membership, fields, MEMBERSHIP_FIELDS)
        check_membership(membership)
        # check_membership states the constraints in users' words; the database enforces them
        # against races (see _save_guarding_holder).
        membership.full_clean(validate_constraints=False)
        names = [n for n in MEMBERSHIP_FIELDS if n in fields]
        _save_guarding_holder(
            lambda: save_versioned(membership, expected_version=expected_version, fields=names)
        )
        after = audit.snapshot(membership)
        changed = _changed_labels(membership, before, after)
        audit.record(
            action="partnerships.membership.updated",
            actor=Actor.for_user(user),
            partnership_id=membership.body.partnership_id,
            target=membership,
            summary=(
                f"Changed {_join(changed)} of {membership.person.full_name}'s membership of "
                f"{membership.body.name}."
                if changed
                else f"Saved {membership.person.full_name}'s membership unchanged."
            ),
            before=before,
            after=after,
        )
    return membership


def end_membership(
    *, membership: Membership, user: Any, expected_version: int, end_date: dt.date | None = None
) -> Membership:
    """End a membership on a date (today by default). The record stays as history."""
    end_date = end_date or timezone.localdate()
    with transaction.atomic():
        if membership.end_date is not None:
            raise ValidationError(
                {"end_date": f"This membership already ended on {_date(membership.end_date)}"}
            )
        if end_date < membership.start_date:
            raise ValidationError(
                {
                    "end_date": "The end date must be on or after the start date, "
                    f"{_date(membership.start_date)}"
                }
            )
        before = audit.snapshot(membership)
        membership.end_date = end_date
        membership.full_clean()
        save_versioned(membership, expected_version=expected_version, fields=["end_date"])
        audit.record(
            action="partnerships.membership.ended",
            actor=Actor.for_user(user),
            partnership_id=membership.body.partnership_id,
            target=membership,
            summary=(
                f"Ended {membership.person.full_name}'s membership of {membership.body.name} "
                f"({_role_words(membership)}) on {_date(end_date)}."
            ),
            before=before,
            after=audit.snapshot(membership),
        )
    return membership


def check_membership(membership: Membership) -> None:
    """One current holder per seat, a deputy needs a seat, everything from the same
    partnership and body. Raises ValidationError keyed by field."""
    errors: dict[str, str] = {}
    body = membership.body
    partnership_id = body.partnership_id
    if membership.person_id is not None and membership.person.partnership_id != partnership_id:
        errors["person"] = "Select a person in this partnership"
    if membership.represents is not None and membership.represents.partnership_id != partnership_id:
        errors["represents"] = "Select an organisation in this partnership"
    seat = membership.seat
    if seat is not None and seat.body_id != body.pk:
        errors["seat"] = f"Select a seat on {body.name}"
    if seat is None and membership.is_deputy:
        errors["seat"] = "Select the seat this deputy stands in for"
    if membership.start_date and membership.end_date and membership.end_date < membership.start_date:
        errors["end_date"] = "The end date must be on or after the start date"
    # A seat not saved yet (an import adding it) has no holder to clash with.
    holds = seat is not None and seat.pk is not None and not membership.is_deputy
    if holds and membership.end_date is None and "seat" not in errors:
        assert seat is not None
        holders = seat.memberships.filter(is_deputy=False, end_date__isnull=True)
        if membership.pk is not None:
            holders = holders.exclude(pk=membership.pk)
        if holders.exists():
            errors["seat"] = SEAT_HAS_HOLDER
    if errors:
        raise ValidationError(errors)


def _save_guarding_holder(save) -> None:
    # Two editors can pass the check at the same moment; the database constraint decides.
    try:
        with transaction.atomic():
            save()
    except IntegrityError as exc:
        if "membership_one_current_holder_per_seat" in str(exc) or "UNIQUE" in str(exc).upper():
            raise ValidationError({"seat": SEAT_HAS_HOLDER}) from exc
        raise


def _role_words(membership: Membership) -> str:
    role = membership.get_role_display().lower()
    if membership.seat is None:
        return role
    if membership.is_deputy:
        return f"deputy for the seat {membership.seat.label}"
    return f"{role}, holding the seat {membership.seat.label}"


# --- helpers ------------------------------------------------------------------------------


def _assign(instance: Any, fields: Mapping[str, Any], allowed: tuple[str, ...]) -> None:
    unknown = set(fields) - set(allowed)
    if unknown:
        raise TypeError(f"Unexpected fields for {type(instance).__name__}: {sorted(unknown)}")
    for name, value in fields.items():
        setattr(instance, name, value)


# Field names as a history sentence says them, where the verbose name reads badly.
CHANGE_WORDS = {
    "parent": "the body it reports to",
    "quorum_kind": "how the quorum is counted",
    "quorum_value": "the quorum",
    "quorum_required_sectors": "the sectors the quorum needs",
    "remote_attendance_counts": "whether remote attendance counts",
    "terms_document": "the terms of reference document",
    "is_statutory_body": "whether it is a statutory body",
    "is_voting": "whether it votes",
    "is_deputy": "whether they are a deputy",
    "statutory_role": "the statutory seat it fills",
}


def _changed_labels(instance: Any, before: Mapping[str, Any], after: Mapping[str, Any]) -> list[str]:
    labels = []
    for name, value in after.items():
        if before.get(name) != value and name != "version":
            labels.append(CHANGE_WORDS.get(name, str(instance._meta.get_field(name).verbose_name)))
    return labels


def _join(items: list[str]) -> str:
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


def _date(value: dt.date) -> str:
    return f"{value.day} {value:%B %Y}"


def _plural(n: int, singular: str, plural: str | None = None) -> str:
    return f"{n} {singular if n == 1 else (plural or singular + 's')}"


__all__ = [
    "SEAT_HAS_HOLDER",
    "add_membership",
    "body_in_use_reasons",
    "create_body",
    "create_seat",
    "delete_body",
    "delete_seat",
    "end_membership",
    "seat_in_use_reasons",
    "update_body",
    "update_membership",
    "update_seat",
]
