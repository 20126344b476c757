"""Bulk import of actions into the partnership's programmes, through the shared import
pipeline (`joinedup.core.imports`, ADR 0005). Registered in `StrategyConfig.ready()`.

Programmes, organisations and lead people must already exist and are found by name; every
row is an action to add. The pipeline writes all rows or none.
"""

from __future__ import annotations

from typing import Any

from joinedup.core import imports
from joinedup.core.imports import CellError, Column, ImportContext, ImportRow, ValidRow, WriteResult, cells
from joinedup.partnerships.models import Partnership
from joinedup.strategy.models import Action, ActionStatus
from joinedup.strategy.services.delivery import apply_completion_rules


def _key(value: str) -> str:
    return " ".join(value.split()).casefold()


def _plural(count: int, singular: str, plural: str) -> str:
    return f"{count} {singular if count == 1 else plural}"


def _partnership(context: ImportContext) -> Partnership:
    if "partnership" not in context.cache:
        if context.partnership_id is None:
            raise ValueError("An actions import needs the partnership it imports into")
        context.cache["partnership"] = Partnership.objects.get(pk=context.partnership_id)
    return context.cache["partnership"]


class ActionsImporter(imports.Importer):
    name = "strategy.actions"
    title = "Import actions"
    description = (
        "Add actions to the partnership's programmes. Programmes, lead organisations and lead "
        "people must already be recorded; each row adds one action."
    )
    noun_plural = "actions"
    columns = (
        Column(
            "programme",
            "Programme",
            required=True,
            example="Regeneration Framework",
            help="The programme's title, as recorded in the partnership.",
            missing_message="Enter the programme",
        ),
        Column(
            "title",
            "Title",
            required=True,
            example="Open the city centre enterprise hub",
            missing_message="Enter the action's title",
            aliases=("action",),
        ),
        Column("description", "Description"),
        Column(
            "lead_organisation",
            "Lead organisation",
            example="Isisbury City Council",
            help="Spelt as in the partnership's list of organisations.",
        ),
        Column(
            "lead_person",
            "Lead person",
            example="Priya Shah",
            help="The person's name or email address, as in the partnership's list of people.",
        ),
        Column("start_date", "Start", example="01/04/2026", help="Like 31/03/2026.", aliases=("start date",)),
        Column("due_date", "Due", example="31/03/2027", help="Like 31/03/2027.", aliases=("due date",)),
        Column(
            "status",
            "Status",
            choices=tuple(str(label) for _, label in ActionStatus.choices),
            help="Not started if left blank.",
        ),
        Column(
            "percent_complete",
            "Percent",
            help="A whole number from 0 to 100. 0 if left blank.",
            aliases=("percent complete", "% complete"),
        ),
    )
    example_rows = (
        {
            "programme": "Regeneration Framework",
            "title": "Open the city centre enterprise hub",
            "description": "Refit the former library as workspace for start-ups.",
            "lead_organisation": "Isisbury City Council",
            "lead_person": "Priya Shah",
            "start_date": "01/04/2026",
            "due_date": "31/03/2027",
            "status": "On track",
            "percent_complete": "25",
        },
    )

    def prepare(self, context: ImportContext) -> None:
        partnership = _partnership(context)
        cache = context.cache
        programmes: dict[str, list[int]] = {}
        for programme in partnership.programmes.all():
            programmes.setdefault(_key(programme.title), []).append(programme.pk)
        cache["programmes"] = programmes
        cache["organisations"] = {_key(o.name): o.pk for o in partnership.organisations.all()}
        people = list(partnership.people.all())
        cache["people_by_email"] = {p.email.lower(): p.pk for p in people if p.email}
        by_name: dict[str, list[int]] = {}
        for person in people:
            by_name.setdefault(_key(person.full_name), []).append(person.pk)
        cache["people_by_name"] = by_name

    def _programme(self, row: ImportRow, context: ImportContext) -> int | None:
        given = row.text("programme")
        found = context.cache["programmes"].get(_key(given), [])
        if not found:
            row.error(
                "programme", f"There is no programme called '{given}' in this partnership. Add it first"
            )
            return None
        if len(found) > 1:
            row.error("programme", f"There is more than one programme called '{given}'. Rename one first")
            return None
        return found[0]

    def _organisation(self, row: ImportRow, context: ImportContext) -> int | None:
        if not row.has("lead_organisation"):
            return None
        given = row.text("lead_organisation")
        found = context.cache["organisations"].get(_key(given))
        if found is None:
            row.error(
                "lead_organisation",
                f"There is no organisation called '{given}' in this partnership. Add it first",
            )
        return found

    def _person(self, row: ImportRow, context: ImportContext) -> int | None:
        if not row.has("lead_person"):
            return None
        given = row.text("lead_person")
        if "@" in given:
            found = context.cache["people_by_email"].get(given.lower())
            if found is None:
                row.error(
                    "lead_person", f"There is no person with the email address '{given}' in this partnership"
                )
            return found
        namesakes = context.cache["people_by_name"].get(_key(given), [])
        if len(namesakes) > 1:
            row.error(
                "lead_person",
                f"There is more than one person called '{given}'. Use their email address instead",
            )
            return None
        if not namesakes:
            row.error(
                "lead_person", f"There is no person called '{given}' in this partnership. Add them first"
            )
            return None
        return namesakes[0]

    def validate_row(self, row: ImportRow, context: ImportContext) -> dict[str, Any] | list[CellError]:
        programme_id = self._programme(row, context)
        title = row.parse("title", cells.text, max_length=300)
        description = row.parse("description", cells.text) or ""
        organisation_id = self._organisation(row, context)
        person_id = self._person(row, context)
        start = row.parse("start_date", cells.date)
        due = row.parse("due_date", cells.date)
        status = (
            row.parse("status", cells.choice, ActionStatus.choices, noun="a status")
            or ActionStatus.NOT_STARTED
        )
        percent = 0
        if row.has("percent_complete"):
            raw = row.text("percent_complete").rstrip("%").strip()
            if raw.endswith(".0"):
                raw = raw[:-2]
            if not raw.isdigit() or int(raw) > 100:
                row.error("percent_complete", "Enter the percent complete as a whole number from 0 to 100")
            else:
                percent = int(raw)
        if start and due and due < start:
            row.error("due_date", "The due date must be the same as or after the start date")
        if status == ActionStatus.COMPLETE and row.has("percent_complete") and percent != 100:
            row.error(
                "percent_complete", "A complete action is 100 percent complete. Leave it blank or enter 100"
            )
        if row.errors:
            return row.errors
        return {
            "programme_id": programme_id,
            "title": title,
            "description": description,
            "lead_organisation_id": organisation_id,
            "lead_person_id": person_id,
            "start_date": start,
            "due_date": due,
            "status": status,
            "percent_complete": percent,
        }

    def check_rows(self, rows: list[ValidRow], context: ImportContext) -> list[CellError]:
        errors = []
        first: dict[tuple[int, str], int] = {}
        for row in rows:
            key = (row.data["programme_id"], _key(row.data["title"]))
            if key in first:
                errors.append(
                    CellError(
                        "title",
                        f"Row {first[key]} already adds '{row.data['title']}' to this programme",
                        row.number,
                    )
                )
            else:
                first[key] = row.number
        return errors

    def plan(self, rows: list[ValidRow], context: ImportContext) -> list[str]:
        programmes = {r.data["programme_id"] for r in rows}
        return [
            f"{_plural(len(rows), 'action', 'actions')} will be added to "
            f"{_plural(len(programmes), 'programme', 'programmes')}"
        ]

    def write(self, rows: list[ValidRow], context: ImportContext) -> WriteResult:
        partnership = _partnership(context)
        programmes = {p.pk: p for p in partnership.programmes.all()}
        for row in rows:
            data = dict(row.data)
            programme = programmes[data.pop("programme_id")]
            action = Action(partnership=partnership, programme=programme, **data)
            # The file says whether it is done but not when: the day of the import is recorded.
            apply_completion_rules(action)
            action.full_clean()
            action.save()
        count = len(rows)
        return WriteResult(
            written=count,
            report=[f"{_plural(count, 'action', 'actions')} added"],
            summary=f"Imported {_plural(count, 'action', 'actions')} from {context.file_name}",
        )


def register_all() -> None:
    imports.register(ActionsImporter())
