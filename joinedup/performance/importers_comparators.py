"""Comparator groups from a CSV or XLSX file, on the shared import pipeline (ADR 0005).

One row per member area: Group, Kind, Area code, Rank, Benchmark area code, Source. Rows
of the same group (by name, whatever the case) make one group; its kind, benchmark and
source may be given on any of its rows but must not disagree. A group the partnership
already has under that name is replaced by the file's version (its members are the file's
rows); other groups are added. Registered as `performance.comparators` in
`PerformanceConfig.ready()`. Shared groups are never touched.
"""

from __future__ import annotations

from typing import Any

from joinedup.core import imports
from joinedup.core.imports import CellError, Column, ImportContext, ImportRow, ValidRow, WriteResult, cells
from joinedup.partnerships.models import Area, Partnership
from joinedup.performance.models import ComparatorGroup, ComparatorKind, ComparatorMember


def _key(value: str) -> str:
    return " ".join(value.split()).casefold()


def _plural(count: int, singular: str, plural: str) -> str:
    return f"{count} {singular if count == 1 else plural}"


def _partnership(context: ImportContext) -> Partnership:
    if "partnership" not in context.cache:
        if context.partnership_id is None:
            raise ValueError("A comparator groups import needs the partnership it imports into")
        context.cache["partnership"] = Partnership.objects.get(pk=context.partnership_id)
    return context.cache["partnership"]


class ComparatorsImporter(imports.Importer):
    name = "performance.comparators"
    title = "Import comparator groups"
    description = (
        "Add or replace the partnership's comparator groups: one row per member area. A group "
        "the partnership already has with the same name is replaced by the file's version."
    )
    noun_plural = "member areas"
    columns = (
        Column(
            "group",
            "Group",
            required=True,
            example="CIPFA nearest neighbours",
            missing_message="Enter the group's name",
        ),
        Column(
            "kind",
            "Kind",
            choices=tuple(str(label) for _, label in ComparatorKind.choices),
            help="Custom if left blank.",
        ),
        Column(
            "area_code",
            "Area code",
            required=True,
            example="E06000001",
            help="The member area's ONS code.",
            missing_message="Enter the member area's code",
            aliases=("area", "code"),
        ),
        Column("rank", "Rank", example="1", help="For nearest neighbours: 1 is the nearest."),
        Column(
            "benchmark",
            "Benchmark area code",
            example="E92000001",
            help="The area whose value is the group's benchmark, for example England.",
            aliases=("benchmark",),
        ),
        Column("source", "Source", example="CIPFA 2023"),
    )
    example_rows = (
        {
            "group": "CIPFA nearest neighbours",
            "kind": "Nearest neighbours",
            "area_code": "E06000001",
            "rank": "1",
            "benchmark": "E92000001",
            "source": "CIPFA 2023",
        },
    )

    def prepare(self, context: ImportContext) -> None:
        partnership = _partnership(context)
        context.cache["areas"] = dict(Area.objects.values_list("code", "pk"))
        context.cache["existing"] = {_key(g.name): g.pk for g in partnership.comparator_groups.all()}

    def _area(self, row: ImportRow, key: str, context: ImportContext) -> int | None:
        code = row.text(key).upper()
        found = context.cache["areas"].get(code)
        if found is None:
            row.error(key, f"There is no area with the code '{code}'")
        return found

    def validate_row(self, row: ImportRow, context: ImportContext) -> dict[str, Any] | list[CellError]:
        name = row.parse("group", cells.text, max_length=200)
        kind = (
            row.parse("kind", cells.choice, ComparatorKind.choices, noun="a kind") if row.has("kind") else ""
        )
        area_id = self._area(row, "area_code", context)
        benchmark_id = self._area(row, "benchmark", context) if row.has("benchmark") else None
        source = row.parse("source", cells.text, max_length=300) if row.has("source") else ""
        rank = None
        if row.has("rank"):
            raw = row.text("rank")
            raw = raw[:-2] if raw.endswith(".0") else raw
            if not raw.isdigit() or not 0 < int(raw) < 1000:
                row.error("rank", "Enter the rank as a whole number from 1, or leave it blank")
            else:
                rank = int(raw)
        if row.errors:
            return row.errors
        return {
            "name": name,
            "kind": kind,
            "area_id": area_id,
            "rank": rank,
            "benchmark_id": benchmark_id,
            "source": source,
        }

    def _groups(self, rows: list[ValidRow]) -> dict[str, list[ValidRow]]:
        groups: dict[str, list[ValidRow]] = {}
        for row in rows:
            groups.setdefault(_key(row.data["name"]), []).append(row)
        return groups

    def check_rows(self, rows: list[ValidRow], context: ImportContext) -> list[CellError]:
        errors = []
        for members in self._groups(rows).values():
            name = members[0].data["name"]
            first: dict[str, tuple[Any, int]] = {}
            areas: dict[int, int] = {}
            ranks: dict[int, int] = {}
            for row in members:
                for field, column, what in (
                    ("kind", "kind", "kind"),
                    ("benchmark_id", "benchmark", "benchmark area"),
                    ("source", "source", "source"),
                ):
                    value = row.data[field]
                    if value in ("", None):
                        continue
                    if field in first and first[field][0] != value:
                        errors.append(
                            CellError(
                                column,
                                f"Row {first[field][1]} gives another {what} for the group '{name}'",
                                row.number,
                            )
                        )
                    first.setdefault(field, (value, row.number))
                area_id = row.data["area_id"]
                if area_id in areas:
                    errors.append(
                        CellError(
                            "area_code",
                            f"Row {areas[area_id]} already puts this area in '{name}'",
                            row.number,
                        )
                    )
                areas.setdefault(area_id, row.number)
                rank = row.data["rank"]
                if rank is not None:
                    if rank in ranks:
                        errors.append(
                            CellError(
                                "rank", f"Row {ranks[rank]} already has rank {rank} in '{name}'", row.number
                            )
                        )
                    ranks.setdefault(rank, row.number)
        return errors

    def plan(self, rows: list[ValidRow], context: ImportContext) -> list[str]:
        groups = self._groups(rows)
        existing = context.cache["existing"]
        replaced = sum(1 for key in groups if key in existing)
        said = []
        if len(groups) - replaced:
            said.append(
                f"{_plural(len(groups) - replaced, 'comparator group', 'comparator groups')} will be added"
            )
        if replaced:
            said.append(
                f"{_plural(replaced, 'comparator group', 'comparator groups')} already recorded "
                "will be replaced by the file's members"
            )
        said.append(f"{_plural(len(rows), 'member area', 'member areas')} in all")
        return said

    def write(self, rows: list[ValidRow], context: ImportContext) -> WriteResult:
        partnership = _partnership(context)
        existing = {_key(g.name): g for g in partnership.comparator_groups.all()}
        added = replaced = 0
        for key, members in self._groups(rows).items():

            def given(field: str, members: list[ValidRow] = members) -> Any:
                return next((r.data[field] for r in members if r.data[field] not in ("", None)), None)

            group = existing.get(key)
            if group is None:
                group = ComparatorGroup(partnership=partnership, name=members[0].data["name"])
                added += 1
            else:
                group.version += 1
                replaced += 1
            group.kind = given("kind") or ComparatorKind.CUSTOM
            group.benchmark_area_id = given("benchmark_id")
            group.source = given("source") or ""
            group.full_clean()
            group.save()
            group.memberships.all().delete()
            ComparatorMember.objects.bulk_create(
                [
                    ComparatorMember(group=group, area_id=r.data["area_id"], rank=r.data["rank"])
                    for r in members
                ]
            )
        report = []
        if added:
            report.append(f"{_plural(added, 'comparator group', 'comparator groups')} added")
        if replaced:
            report.append(f"{_plural(replaced, 'comparator group', 'comparator groups')} replaced")
        return WriteResult(
            written=len(rows),
            report=report,
            summary=f"Imported {_plural(added + replaced, 'comparator group', 'comparator groups')} "
            f"({_plural(len(rows), 'member area', 'member areas')}) from {context.file_name}",
        )
