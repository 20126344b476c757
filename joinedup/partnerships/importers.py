"""Bulk imports of a partnership's organisations, people and memberships, through the shared
import pipeline (`joinedup.core.imports`). Registered in `PartnershipsConfig.ready()`.

Re-importing a corrected sheet updates what matches instead of adding duplicates:
organisations match by name, people by email (else by name), and a membership that is
already recorded is left alone.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from typing import Any

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.utils import timezone

from joinedup.core import imports
from joinedup.core.imports import CellError, Column, ImportContext, ImportRow, ValidRow, WriteResult, cells
from joinedup.partnerships.models import (
    Body,
    Membership,
    MembershipRole,
    Organisation,
    Partnership,
    Person,
    Seat,
    SeatKind,
    Sector,
    Seniority,
    StatutoryBasis,
)
from joinedup.partnerships.services.structure import check_membership


def _key(value: str) -> str:
    return " ".join(value.split()).casefold()


def _labels(choices) -> tuple[str, ...]:
    return tuple(str(label) for code, label in choices if code != "")


def _partnership(context: ImportContext) -> Partnership:
    if "partnership" not in context.cache:
        if context.partnership_id is None:
            raise ValueError("A partnership import needs the partnership it imports into")
        context.cache["partnership"] = Partnership.objects.get(pk=context.partnership_id)
    return context.cache["partnership"]


def _plural(count: int, singular: str, plural: str) -> str:
    return f"{count} {singular if count == 1 else plural}"


def _organisations_by_name(partnership: Partnership) -> dict[str, Organisation]:
    return {_key(o.name): o for o in partnership.organisations.all()}


def _find_organisation(row: ImportRow, key: str, context: ImportContext) -> Organisation | None:
    if not row.has(key):
        return None
    organisation = context.cache["organisations"].get(_key(row.text(key)))
    if organisation is None:
        row.error(
            key,
            f"There is no organisation called '{row.text(key)}' in this partnership. "
            "Add it first, or import organisations before this file",
        )
    return organisation


# ---------------------------------------------------------------------------------------------


class OrganisationsImporter(imports.Importer):
    name = "partnerships.organisations"
    title = "Import organisations"
    description = "Add partner organisations, or update those with the same name."
    noun_plural = "organisations"
    columns = (
        Column(
            "name",
            "Name",
            required=True,
            unique=True,
            example="Oxford City Council",
            help="The organisation's full name. An organisation with the same name is updated.",
        ),
        Column(
            "sector",
            "Sector",
            required=True,
            choices=_labels(Sector.choices),
            missing_message="Select a sector",
        ),
        Column(
            "statutory_basis",
            "Statutory basis",
            choices=_labels(StatutoryBasis.choices),
            help="Leave blank if the organisation has no statutory basis for its membership.",
        ),
        Column("website", "Website", example="https://www.oxford.gov.uk"),
        Column("short_name", "Short name", help="Optional, for tables, e.g. OCC."),
    )
    example_rows = (
        {
            "name": "Oxford City Council",
            "sector": "Local government",
            "statutory_basis": "Responsible authority of a community safety partnership",
            "website": "https://www.oxford.gov.uk",
            "short_name": "OCC",
        },
        {"name": "Oxford Community Action", "sector": "Voluntary and community"},
    )

    def prepare(self, context: ImportContext) -> None:
        context.cache["organisations"] = _organisations_by_name(_partnership(context))

    def validate_row(self, row: ImportRow, context: ImportContext) -> dict[str, Any] | list[CellError]:
        name = row.parse("name", cells.text, max_length=200)
        sector = row.parse("sector", cells.choice, Sector.choices, noun="a sector")
        basis = row.parse("statutory_basis", cells.choice, StatutoryBasis.choices, noun="a statutory basis")
        website = row.parse("website", cells.website)
        short_name = row.parse("short_name", cells.text, max_length=60)
        if row.errors:
            return row.errors
        return {
            "name": name,
            "sector": sector,
            "statutory_basis": basis or "",
            "website": website or "",
            "short_name": short_name or "",
        }

    def plan(self, rows: list[ValidRow], context: ImportContext) -> list[str]:
        existing = context.cache["organisations"]
        updated = sum(1 for r in rows if _key(r.data["name"]) in existing)
        return [
            f"{_plural(len(rows) - updated, 'organisation', 'organisations')} will be added",
            f"{_plural(updated, 'organisation', 'organisations')} with the same name will be updated",
        ]

    def write(self, rows: list[ValidRow], context: ImportContext) -> WriteResult:
        partnership = _partnership(context)
        existing = _organisations_by_name(partnership)
        added = updated = 0
        for row in rows:
            data = row.data
            organisation = existing.get(_key(data["name"]))
            if organisation is None:
                organisation = Organisation(partnership=partnership, **data)
                added += 1
            else:
                for field, value in data.items():
                    if field == "short_name" and not value:
                        continue
                    setattr(organisation, field, value)
                organisation.version += 1
                updated += 1
            organisation.full_clean()
            organisation.save()
            existing[_key(organisation.name)] = organisation
        report = [
            f"{_plural(added, 'organisation', 'organisations')} added",
            f"{_plural(updated, 'organisation', 'organisations')} updated",
        ]
        return WriteResult(
            written=added + updated,
            report=report,
            summary=f"Imported {_plural(added + updated, 'organisation', 'organisations')} from "
            f"{context.file_name}: {added} added, {updated} updated",
        )


# ---------------------------------------------------------------------------------------------


class PeopleImporter(imports.Importer):
    name = "partnerships.people"
    title = "Import people"
    description = (
        "Add the people who take part in the partnership, or update those with the same "
        "email address (or, without one, the same name)."
    )
    noun_plural = "people"
    columns = (
        Column("full_name", "Name", required=True, example="Priya Shah", aliases=("full name",)),
        Column("job_title", "Job title", example="Director of Public Health"),
        Column(
            "organisation",
            "Organisation",
            example="Oxfordshire County Council",
            help="The employing organisation, spelt as it is in the partnership's list of organisations.",
        ),
        Column(
            "email",
            "Email",
            unique=True,
            example="priya.shah@example.org",
            aliases=("email address", "contact email"),
        ),
    )
    example_rows = (
        {
            "full_name": "Priya Shah",
            "job_title": "Director of Public Health",
            "organisation": "Oxfordshire County Council",
            "email": "priya.shah@example.org",
        },
    )

    def prepare(self, context: ImportContext) -> None:
        partnership = _partnership(context)
        context.cache["organisations"] = _organisations_by_name(partnership)
        people = list(partnership.people.all())
        context.cache["people_by_email"] = {p.email.lower(): p for p in people if p.email}
        by_name: dict[str, list[Person]] = {}
        for person in people:
            by_name.setdefault(_key(person.full_name), []).append(person)
        context.cache["people_by_name"] = by_name

    def _match(self, name: str, email: str | None, context: ImportContext) -> tuple[Person | None, str]:
        """The existing person a row updates (None to add one), or why it cannot be told."""
        if email and email in context.cache["people_by_email"]:
            return context.cache["people_by_email"][email], ""
        namesakes = context.cache["people_by_name"].get(_key(name), [])
        if email:
            without_email = [p for p in namesakes if not p.email]
            return (without_email[0] if len(without_email) == 1 else None), ""
        if len(namesakes) > 1:
            return None, (
                f"There is more than one person called '{name}'. Add their email address to say which one"
            )
        return (namesakes[0] if namesakes else None), ""

    def validate_row(self, row: ImportRow, context: ImportContext) -> dict[str, Any] | list[CellError]:
        name = row.parse("full_name", cells.text, max_length=200)
        job_title = row.parse("job_title", cells.text, max_length=200)
        email = row.parse("email", cells.email)
        organisation = _find_organisation(row, "organisation", context)
        if row.errors:
            return row.errors
        person, problem = self._match(name, email, context)
        if problem:
            row.error("full_name", problem)
            return row.errors
        return {
            "full_name": name,
            "job_title": job_title or "",
            "email": email or "",
            "organisation_id": organisation.pk if organisation else None,
            "person_id": person.pk if person else None,
        }

    def check_rows(self, rows: list[ValidRow], context: ImportContext) -> list[CellError]:
        errors = []
        first: dict[str, int] = {}
        for row in rows:
            if row.data["email"]:
                continue
            name = _key(row.data["full_name"])
            if name in first:
                errors.append(
                    CellError(
                        "full_name",
                        f"'{row.data['full_name']}' is already in row "
                        f"{first[name]}. Add email addresses to tell them apart",
                        row.number,
                    )
                )
            else:
                first[name] = row.number
        return errors

    def plan(self, rows: list[ValidRow], context: ImportContext) -> list[str]:
        updated = sum(1 for r in rows if r.data["person_id"])
        return [
            f"{_plural(len(rows) - updated, 'person', 'people')} will be added",
            f"{_plural(updated, 'person', 'people')} already recorded will be updated",
        ]

    def write(self, rows: list[ValidRow], context: ImportContext) -> WriteResult:
        partnership = _partnership(context)
        existing = {p.pk: p for p in partnership.people.all()}
        added = updated = 0
        for row in rows:
            data = dict(row.data)
            person = existing.get(data.pop("person_id"))
            if person is None:
                person = Person(partnership=partnership, **data)
                added += 1
            else:
                person.full_name = data["full_name"]
                if data["job_title"]:
                    person.job_title = data["job_title"]
                if data["email"]:
                    person.email = data["email"]
                if data["organisation_id"]:
                    person.organisation_id = data["organisation_id"]
                person.version += 1
                updated += 1
            person.full_clean()
            person.save()
        report = [
            f"{_plural(added, 'person', 'people')} added",
            f"{_plural(updated, 'person', 'people')} updated",
        ]
        return WriteResult(
            written=added + updated,
            report=report,
            summary=f"Imported {_plural(added + updated, 'person', 'people')} from {context.file_name}: "
            f"{added} added, {updated} updated",
        )


# ---------------------------------------------------------------------------------------------


def _seat_kind_for(organisation: Organisation | None, seniority: str) -> str:
    if organisation is None:
        return SeatKind.COMMUNITY if seniority == Seniority.COMMUNITY_REPRESENTATIVE else SeatKind.CO_OPTED
    by_sector: dict[str, str] = {
        Sector.VOLUNTARY: SeatKind.VOLUNTARY,
        Sector.BUSINESS: SeatKind.BUSINESS,
        Sector.FAITH: SeatKind.VOLUNTARY,
    }
    return by_sector.get(organisation.sector, SeatKind.PARTNER)


# check_membership's field errors, by the column of the memberships sheet they belong to.
MEMBERSHIP_FIELD_COLUMNS: dict[str, str | None] = {
    "body": "body",
    "person": "person",
    "seat": "seat",
    "role": "role",
    "seniority": "seniority",
    "is_deputy": "is_deputy",
    "start_date": "start_date",
    "end_date": "end_date",
    "represents": "represents",
    NON_FIELD_ERRORS: None,
}


class MembershipsImporter(imports.Importer):
    name = "partnerships.memberships"
    title = "Import memberships"
    description = (
        "Record who sits on which body, in which seat and role. Bodies, people and "
        "organisations must already exist; seats that do not are added."
    )
    noun_plural = "memberships"
    columns = (
        Column(
            "body",
            "Body",
            required=True,
            example="Health and Wellbeing Board",
            help="The body's name, as in the partnership's structure.",
            missing_message="Enter the body",
        ),
        Column(
            "person",
            "Person",
            required=True,
            example="priya.shah@example.org",
            help="The person's email address, or their name if it is unique in the partnership.",
            missing_message="Enter the person's name or email address",
        ),
        Column(
            "seat",
            "Seat",
            example="Director of Public Health",
            help="The seat's label on that body. A seat that does not exist yet is added.",
        ),
        Column("role", "Role", choices=_labels(MembershipRole.choices), help="Member if left blank."),
        Column(
            "seniority",
            "Seniority",
            required=True,
            choices=_labels(Seniority.choices),
            missing_message="Select a seniority",
        ),
        Column(
            "is_deputy",
            "Deputy",
            choices=("Yes", "No"),
            help="Yes if the person stands in for the seat's holder. No if left blank.",
            aliases=("is deputy",),
        ),
        Column(
            "start_date", "Start date", example="01/04/2025", help="Today if left blank. Like 31/03/2025."
        ),
        Column("end_date", "End date", help="Leave blank if the membership continues."),
        Column(
            "represents",
            "Organisation represented",
            example="Oxfordshire County Council",
            help="Leave blank for the person's own employing organisation.",
            aliases=("organisation", "represents"),
        ),
    )
    example_rows = (
        {
            "body": "Health and Wellbeing Board",
            "person": "priya.shah@example.org",
            "seat": "Director of Public Health",
            "role": "Member",
            "seniority": "Director",
            "is_deputy": "No",
            "start_date": "01/04/2025",
            "represents": "Oxfordshire County Council",
        },
    )

    def prepare(self, context: ImportContext) -> None:
        partnership = _partnership(context)
        cache = context.cache
        cache["organisations"] = _organisations_by_name(partnership)
        cache["organisations_by_id"] = {o.pk: o for o in cache["organisations"].values()}
        cache["bodies"] = {_key(b.name): b for b in partnership.bodies.all()}
        people = list(partnership.people.all())
        cache["people_by_email"] = {p.email.lower(): p for p in people if p.email}
        by_name: dict[str, list[Person]] = {}
        for person in people:
            by_name.setdefault(_key(person.full_name), []).append(person)
        cache["people_by_name"] = by_name
        seats = Seat.objects.filter(body__partnership=partnership)
        cache["seats"] = {(s.body_id, _key(s.label)): s for s in seats}
        memberships = Membership.objects.filter(body__partnership=partnership)
        cache["recorded"] = {
            (m.body_id, m.person_id, m.seat_id, m.role, m.is_deputy, m.start_date) for m in memberships
        }

    def _person(self, row: ImportRow, context: ImportContext) -> Person | None:
        given = row.text("person")
        if "@" in given:
            person = context.cache["people_by_email"].get(given.lower())
            if person is None:
                row.error(
                    "person", f"There is no person with the email address '{given}' in this partnership"
                )
            return person
        namesakes = context.cache["people_by_name"].get(_key(given), [])
        if len(namesakes) > 1:
            row.error(
                "person", f"There is more than one person called '{given}'. Use their email address instead"
            )
            return None
        if not namesakes:
            row.error(
                "person",
                f"There is no person called '{given}' in this partnership. "
                "Add them first, or import people before memberships",
            )
            return None
        return namesakes[0]

    def validate_row(self, row: ImportRow, context: ImportContext) -> dict[str, Any] | list[CellError]:
        cache = context.cache
        body = cache["bodies"].get(_key(row.text("body")))
        if body is None:
            row.error("body", f"There is no body called '{row.text('body')}' in this partnership")
        person = self._person(row, context)
        role = row.parse("role", cells.choice, MembershipRole.choices, noun="a role") or MembershipRole.MEMBER
        seniority = row.parse("seniority", cells.choice, Seniority.choices, noun="a seniority")
        is_deputy = bool(row.parse("is_deputy", cells.yes_no))
        start = row.parse("start_date", cells.date) or timezone.localdate()
        end = row.parse("end_date", cells.date)
        label = row.parse("seat", cells.text, max_length=200)
        represents = _find_organisation(row, "represents", context)
        if person is not None and represents is None and person.organisation_id:
            represents = cache["organisations_by_id"].get(person.organisation_id)
        seat = cache["seats"].get((body.pk, _key(label))) if body is not None and label else None
        already = (
            body is not None
            and person is not None
            and (body.pk, person.pk, seat.pk if seat else None, role, is_deputy, start) in cache["recorded"]
        )
        if not already:
            self._check_membership(
                row,
                context,
                body=body,
                seat=seat,
                label=label,
                person=person,
                represents=represents,
                is_deputy=is_deputy,
                start=start,
                end=end,
            )
        if row.errors or body is None or person is None:
            return row.errors
        return {
            "body_id": body.pk,
            "person_id": person.pk,
            "seat_id": seat.pk if seat else None,
            "seat_label": label or "",
            "role": role,
            "seniority": seniority,
            "is_deputy": is_deputy,
            "start_date": start,
            "end_date": end,
            "represents_id": represents.pk if represents else None,
            "already_recorded": bool(already),
        }

    def _check_membership(
        self,
        row: ImportRow,
        context: ImportContext,
        *,
        body: Body | None,
        seat: Seat | None,
        label: str | None,
        person: Person | None,
        represents: Organisation | None,
        is_deputy: bool,
        start: dt.date,
        end: dt.date | None,
    ) -> None:
        """Apply the membership form's rules (`check_membership`) to the row, so a sheet
        cannot record what the form refuses; its field errors go to the sheet's columns."""
        # An unknown body is already reported; a stand-in for it lets the rest of the row
        # still be checked, so one pass reports every problem.
        body = body or Body(partnership=_partnership(context))
        if seat is None and label:
            seat = Seat(body=body, label=label)  # added when the import is written
        candidate = Membership(
            body=body,
            seat=seat,
            person=person,
            represents=represents,
            is_deputy=is_deputy,
            start_date=start,
            end_date=end,
        )
        in_error = {error.column for error in row.errors}
        try:
            check_membership(candidate)
        except ValidationError as error:
            for field, messages in error.message_dict.items():
                column = MEMBERSHIP_FIELD_COLUMNS.get(field)
                if column is not None and column in in_error:
                    continue
                for message in messages:
                    row.error(column, message)

    def check_rows(self, rows: list[ValidRow], context: ImportContext) -> list[CellError]:
        errors = []
        holders: dict[tuple[int, str], int] = {}
        for row in rows:
            data = row.data
            if not data["seat_label"] or data["is_deputy"] or data["end_date"] is not None:
                continue
            seat = (data["body_id"], _key(data["seat_label"]))
            if seat in holders:
                errors.append(
                    CellError(
                        "seat",
                        f"Row {holders[seat]} already makes someone the current "
                        f"holder of '{data['seat_label']}'. A seat has one holder; "
                        "make the others deputies",
                        row.number,
                    )
                )
            else:
                holders[seat] = row.number
        return errors

    def _new_seats(self, rows: list[ValidRow]) -> set[tuple[int, str]]:
        return {
            (r.data["body_id"], _key(r.data["seat_label"]))
            for r in rows
            if r.data["seat_label"] and r.data["seat_id"] is None
        }

    def plan(self, rows: list[ValidRow], context: ImportContext) -> list[str]:
        skipped = sum(1 for r in rows if r.data["already_recorded"])
        sentences = [f"{_plural(len(rows) - skipped, 'membership', 'memberships')} will be added"]
        new_seats = len(self._new_seats(rows))
        if new_seats:
            sentences.append(f"{_plural(new_seats, 'seat', 'seats')} will be added to bodies")
        if skipped:
            sentences.append(
                f"{_plural(skipped, 'membership', 'memberships')} already recorded will be left as they are"
            )
        return sentences

    def write(self, rows: list[ValidRow], context: ImportContext) -> WriteResult:
        cache = context.cache
        bodies = {b.pk: b for b in cache["bodies"].values()}
        seats: dict[tuple[int, str], Seat] = dict(cache["seats"])
        positions = Counter(seat.body_id for seat in seats.values())
        added = seats_added = skipped = 0
        for row in rows:
            data = row.data
            if data["already_recorded"]:
                skipped += 1
                continue
            seat = None
            if data["seat_label"]:
                seat = seats.get((data["body_id"], _key(data["seat_label"])))
                if seat is None:
                    organisation = cache["organisations_by_id"].get(data["represents_id"])
                    positions[data["body_id"]] += 1
                    seat = Seat(
                        body=bodies[data["body_id"]],
                        label=data["seat_label"],
                        kind=_seat_kind_for(organisation, data["seniority"]),
                        organisation=organisation,
                        sector=organisation.sector if organisation else "",
                        position=positions[data["body_id"]],
                    )
                    seat.full_clean()
                    seat.save()
                    seats[(data["body_id"], _key(data["seat_label"]))] = seat
                    seats_added += 1
            membership = Membership(
                body=bodies[data["body_id"]],
                seat=seat,
                person_id=data["person_id"],
                role=data["role"],
                seniority=data["seniority"],
                is_deputy=data["is_deputy"],
                start_date=data["start_date"],
                end_date=data["end_date"],
                represents_id=data["represents_id"],
            )
            membership.full_clean()
            membership.save()
            added += 1
        report = [f"{_plural(added, 'membership', 'memberships')} added"]
        if seats_added:
            report.append(f"{_plural(seats_added, 'seat', 'seats')} added")
        if skipped:
            report.append(
                f"{_plural(skipped, 'membership', 'memberships')} already recorded, left as they were"
            )
        return WriteResult(
            written=added,
            report=report,
            summary=f"Imported {_plural(added, 'membership', 'memberships')} from {context.file_name}"
            + (f", adding {_plural(seats_added, 'seat', 'seats')}" if seats_added else ""),
        )


def register_all() -> None:
    for importer in (OrganisationsImporter(), PeopleImporter(), MembershipsImporter()):
        imports.register(importer)
