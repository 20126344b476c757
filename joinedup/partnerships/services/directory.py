"""Writes to the directory: the partnership's own settings, its organisations, people
and their training records. Every write is audited and edits are version-checked."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F

from joinedup.core.audit import Actor, record, snapshot
from joinedup.core.conflicts import save_versioned
from joinedup.partnerships import sharing
from joinedup.partnerships.models import (
    Area,
    Organisation,
    Partnership,
    PartnershipRole,
    Person,
    Role,
    TrainingRecord,
)
from joinedup.partnerships.selectors import organisation_uses


class OrganisationInUse(Exception):
    """An organisation still employs people, holds seats or is represented somewhere."""


def _apply(instance, changes: Mapping[str, Any]) -> None:
    for name, value in changes.items():
        setattr(instance, name, value)


def _changed_labels(instance, before: Mapping[str, Any], after: Mapping[str, Any]) -> str:
    names = [instance._meta.get_field(k).verbose_name for k in after if before.get(k) != after.get(k)]
    return ", ".join(str(n) for n in names)


# ---------------------------------------------------------------------------
# The partnership's own settings
# ---------------------------------------------------------------------------


def creates_cycle(*, child_id: int, parent_id: int | None, parent_of: Mapping[int, int | None]) -> bool:
    """Whether making `parent_id` the parent of `child_id` would loop back to the child.

    `parent_of` maps partnership ids to their current parent ids (at least along the
    proposed parent's chain). Pure, so the rule is testable without a database.
    """
    seen: set[int] = set()
    current = parent_id
    while current is not None:
        if current == child_id:
            return True
        if current in seen:
            return True
        seen.add(current)
        current = parent_of.get(current)
    return False


def _ancestry(parent: Partnership | None) -> dict[int, int | None]:
    """The parent links along `parent`'s chain (a handful of rows: chains are short)."""
    links: dict[int, int | None] = {}
    current = parent
    while current is not None and current.pk not in links:
        links[current.pk] = current.parent_id
        current = current.parent
    return links


def _is_admin(user, partnership: Partnership) -> bool:
    return PartnershipRole.objects.filter(
        partnership=partnership, user=user, role=Role.ADMIN, is_active=True
    ).exists()


@transaction.atomic
def update_partnership_settings(
    *,
    partnership: Partnership,
    user,
    expected_version: int,
    name: str,
    partnership_type: str,
    tier: str,
    parent: Partnership | None,
    shares_with_parent: Iterable[str],
    headline_area: Area | None,
) -> Partnership:
    """Change a partnership's settings.

    A new parent must be a partnership the user is also an admin of (the parent's
    admins consent to the link, see ADR 0010) and must not make a loop. The headline area
    must be one of the partnership's own areas (None: the default rule, ADR 0028). Raises
    ValidationError for any of these, EditConflict if someone saved in between.
    """
    before = snapshot(partnership)
    if parent is not None and parent.pk != partnership.parent_id and not _is_admin(user, parent):
        raise ValidationError({"parent": "You can only choose a partnership you are an admin of"})
    if parent is not None and creates_cycle(
        child_id=partnership.pk, parent_id=parent.pk, parent_of=_ancestry(parent)
    ):
        raise ValidationError({"parent": "Choose a partnership that is not part of this one"})
    if headline_area is not None and not partnership.areas.filter(pk=headline_area.pk).exists():
        raise ValidationError({"headline_area": "Select one of the partnership's areas"})
    shares = sorted({key for key in shares_with_parent})
    unknown = [key for key in shares if not sharing.is_known(key)]
    if unknown:
        raise ValidationError({"shares_with_parent": f"Unknown kind of sharing: {', '.join(unknown)}"})
    changes = {
        "name": name.strip(),
        "partnership_type": partnership_type,
        "tier": tier,
        "parent": parent,
        "shares_with_parent": shares,
        "headline_area": headline_area,
    }
    _apply(partnership, changes)
    partnership.full_clean()
    save_versioned(partnership, expected_version=expected_version, fields=changes.keys())
    after = snapshot(partnership)
    if before != after:
        record(
            action="partnerships.partnership.updated",
            actor=Actor.for_user(user),
            partnership_id=partnership.pk,
            target=partnership,
            summary=f"Changed the partnership settings ({_changed_labels(partnership, before, after)})",
            before=before,
            after=after,
        )
    return partnership


@transaction.atomic
def add_partnership_area(*, partnership: Partnership, user, area: Area) -> bool:
    """Add an area to the partnership. Returns False if it was already there."""
    if partnership.areas.filter(pk=area.pk).exists():
        return False
    partnership.areas.add(area)
    record(
        action="partnerships.partnership.area_added",
        actor=Actor.for_user(user),
        partnership_id=partnership.pk,
        target=partnership,
        summary=f"Added the area {area}",
        after={"area": str(area)},
    )
    return True


@transaction.atomic
def remove_partnership_area(*, partnership: Partnership, user, area: Area) -> bool:
    """Remove an area from the partnership. Returns False if it was not there.

    Removing the headline area clears the choice (the default rule applies again) and
    counts as a change of the settings: an open settings form then meets an edit conflict
    rather than choosing an area the partnership no longer has."""
    if not partnership.areas.filter(pk=area.pk).exists():
        return False
    partnership.areas.remove(area)
    before: dict[str, Any] = {"area": str(area)}
    after: dict[str, Any] | None = None
    summary = f"Removed the area {area}"
    cleared = Partnership.objects.filter(pk=partnership.pk, headline_area=area).update(
        headline_area=None, version=F("version") + 1
    )
    if cleared:
        partnership.refresh_from_db(fields=["headline_area", "version"])
        before["headline_area"] = str(area)
        after = {"area": None, "headline_area": None}
        summary += ", which was the headline area"
    record(
        action="partnerships.partnership.area_removed",
        actor=Actor.for_user(user),
        partnership_id=partnership.pk,
        target=partnership,
        summary=summary,
        before=before,
        after=after,
    )
    return True


# ---------------------------------------------------------------------------
# Organisations
# ---------------------------------------------------------------------------

ORGANISATION_FIELDS = ("name", "short_name", "sector", "statutory_basis", "website", "area")


@transaction.atomic
def create_organisation(
    *,
    partnership: Partnership,
    user,
    name: str,
    sector: str,
    short_name: str = "",
    statutory_basis: str = "",
    website: str = "",
    area: Area | None = None,
) -> Organisation:
    organisation = Organisation(
        partnership=partnership,
        name=name.strip(),
        short_name=short_name.strip(),
        sector=sector,
        statutory_basis=statutory_basis,
        website=website,
        area=area,
    )
    organisation.full_clean()
    organisation.save()
    record(
        action="partnerships.organisation.created",
        actor=Actor.for_user(user),
        partnership_id=partnership.pk,
        target=organisation,
        summary=f"Added the organisation {organisation.name}",
        after=snapshot(organisation, ORGANISATION_FIELDS),
    )
    return organisation


@transaction.atomic
def update_organisation(
    *, organisation: Organisation, user, expected_version: int, changes: Mapping[str, Any]
) -> Organisation:
    """Change an organisation's fields (any of ORGANISATION_FIELDS). Raises EditConflict."""
    unknown = set(changes) - set(ORGANISATION_FIELDS)
    if unknown:
        raise ValueError(f"Not organisation fields: {sorted(unknown)}")
    before = snapshot(organisation, ORGANISATION_FIELDS)
    _apply(organisation, changes)
    organisation.full_clean()
    save_versioned(organisation, expected_version=expected_version, fields=changes.keys())
    after = snapshot(organisation, ORGANISATION_FIELDS)
    if before != after:
        record(
            action="partnerships.organisation.updated",
            actor=Actor.for_user(user),
            partnership_id=organisation.partnership_id,
            target=organisation,
            summary=f"Changed {_changed_labels(organisation, before, after)} of {organisation.name}",
            before=before,
            after=after,
        )
    return organisation


@transaction.atomic
def delete_organisation(*, organisation: Organisation, user) -> None:
    """Delete an organisation nobody works for, sits for or represents.

    Raises OrganisationInUse otherwise: deleting it would silently blank people's
    employers and seats' owners.
    """
    if organisation_uses(organisation).in_use:
        raise OrganisationInUse(organisation.name)
    record(
        action="partnerships.organisation.deleted",
        actor=Actor.for_user(user),
        partnership_id=organisation.partnership_id,
        target=organisation,
        summary=f"Deleted the organisation {organisation.name}",
        before=snapshot(organisation, ORGANISATION_FIELDS),
    )
    organisation.delete()


# ---------------------------------------------------------------------------
# People
# ---------------------------------------------------------------------------

PERSON_FIELDS = ("full_name", "job_title", "organisation", "email", "phone", "notes")


def _check_organisation(partnership: Partnership, organisation: Organisation | None) -> None:
    if organisation is not None and organisation.partnership_id != partnership.pk:
        raise ValidationError({"organisation": "Select an organisation of this partnership"})


@transaction.atomic
def create_person(
    *,
    partnership: Partnership,
    user,
    full_name: str,
    job_title: str = "",
    organisation: Organisation | None = None,
    email: str = "",
    phone: str = "",
    notes: str = "",
) -> Person:
    _check_organisation(partnership, organisation)
    person = Person(
        partnership=partnership,
        full_name=full_name.strip(),
        job_title=job_title.strip(),
        organisation=organisation,
        email=email.strip(),
        phone=phone.strip(),
        notes=notes,
    )
    person.full_clean()
    person.save()
    record(
        action="partnerships.person.created",
        actor=Actor.for_user(user),
        partnership_id=partnership.pk,
        target=person,
        summary=f"Added {person.full_name}",
        after=snapshot(person, PERSON_FIELDS),
    )
    return person


@transaction.atomic
def update_person(*, person: Person, user, expected_version: int, changes: Mapping[str, Any]) -> Person:
    """Change a person's fields (any of PERSON_FIELDS). Raises EditConflict."""
    unknown = set(changes) - set(PERSON_FIELDS)
    if unknown:
        raise ValueError(f"Not person fields: {sorted(unknown)}")
    _check_organisation(person.partnership, changes.get("organisation", person.organisation))
    before = snapshot(person, PERSON_FIELDS)
    _apply(person, changes)
    person.full_clean()
    save_versioned(person, expected_version=expected_version, fields=changes.keys())
    after = snapshot(person, PERSON_FIELDS)
    if before != after:
        record(
            action="partnerships.person.updated",
            actor=Actor.for_user(user),
            partnership_id=person.partnership_id,
            target=person,
            summary=f"Changed {_changed_labels(person, before, after)} of {person.full_name}",
            before=before,
            after=after,
        )
    return person


@transaction.atomic
def link_person_to_user(*, person: Person, user, account, expected_version: int) -> Person:
    """Link a person to a user account (or unlink, with account=None) from an edit form.

    The account must hold an active role in the person's partnership, and a user is at
    most one person in a partnership (also a database constraint).
    """
    return _save_link(person, account, actor=Actor.for_user(user), expected_version=expected_version)


@transaction.atomic
def link_person_to_account(*, person: Person, account, actor: Actor) -> Person:
    """Link a person to a user account when no editor read the person first (accepting an
    invitation links the invited person): the same checks, version bump and audit entry
    as `link_person_to_user`, against the version stored now."""
    person = person.partnership.people.select_for_update().get(pk=person.pk)
    return _save_link(person, account, actor=actor, expected_version=person.version)


def _save_link(person: Person, account, *, actor: Actor, expected_version: int) -> Person:
    if account is not None:
        if not person.partnership.roles.filter(user=account, is_active=True).exists():
            raise ValidationError({"user": "Select a user of this partnership"})
        other = person.partnership.people.filter(user=account).exclude(pk=person.pk).first()
        if other is not None:
            raise ValidationError({"user": f"That user is already linked to {other.full_name}"})
    before = snapshot(person, ["user"])
    person.user = account
    person.full_clean()
    save_versioned(person, expected_version=expected_version, fields=["user"])
    after = snapshot(person, ["user"])
    if before != after:
        linked = account is not None
        record(
            action="partnerships.person.linked_to_user"
            if linked
            else "partnerships.person.unlinked_from_user",
            actor=actor,
            partnership_id=person.partnership_id,
            target=person,
            summary=(
                f"Linked {person.full_name} to the user account {account}"
                if linked
                else f"Unlinked {person.full_name} from their user account"
            ),
            before=before,
            after=after,
        )
    return person


# ---------------------------------------------------------------------------
# Training and induction records
# ---------------------------------------------------------------------------

TRAINING_FIELDS = ("kind", "title", "provider", "completed_on", "covers_collaboration")


@transaction.atomic
def add_training_record(
    *,
    person: Person,
    user,
    kind: str,
    title: str,
    completed_on: dt.date,
    provider: str = "",
    covers_collaboration: bool = False,
) -> TrainingRecord:
    training = TrainingRecord(
        person=person,
        kind=kind,
        title=title.strip(),
        provider=provider.strip(),
        completed_on=completed_on,
        covers_collaboration=covers_collaboration,
    )
    training.full_clean()
    training.save()
    record(
        action="partnerships.training_record.created",
        actor=Actor.for_user(user),
        partnership_id=person.partnership_id,
        target=person,
        summary=f"Recorded {training.get_kind_display().lower()} “{training.title}” for {person.full_name}",
        after=snapshot(training, TRAINING_FIELDS),
    )
    return training


@transaction.atomic
def update_training_record(
    *, training: TrainingRecord, user, expected_version: int, changes: Mapping[str, Any]
) -> TrainingRecord:
    unknown = set(changes) - set(TRAINING_FIELDS)
    if unknown:
        raise ValueError(f"Not training record fields: {sorted(unknown)}")
    before = snapshot(training, TRAINING_FIELDS)
    _apply(training, changes)
    training.full_clean()
    save_versioned(training, expected_version=expected_version, fields=changes.keys())
    after = snapshot(training, TRAINING_FIELDS)
    person = training.person
    if before != after:
        # Recorded against the person, so it shows in their history.
        record(
            action="partnerships.training_record.updated",
            actor=Actor.for_user(user),
            partnership_id=person.partnership_id,
            target=person,
            summary=f"Changed the training record “{training.title}” of {person.full_name}",
            before=before,
            after=after,
        )
    return training


@transaction.atomic
def delete_training_record(*, training: TrainingRecord, user) -> None:
    person = training.person
    record(
        action="partnerships.training_record.deleted",
        actor=Actor.for_user(user),
        partnership_id=person.partnership_id,
        target=person,
        summary=f"Deleted the training record “{training.title}” of {person.full_name}",
        before=snapshot(training, TRAINING_FIELDS),
    )
    training.delete()
