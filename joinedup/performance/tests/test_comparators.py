"""Comparator groups: the partnership's own (add, edit with conflicts, delete, audited), the
shared ones read-only, and the `performance.comparators` importer."""

from __future__ import annotations

import pytest
from django.urls import reverse

from joinedup.core.imports import get_importer
from joinedup.core.imports.services import confirm_import, start_import
from joinedup.core.models import AuditEntry, ImportRun
from joinedup.partnerships.tests.factories import AreaFactory, PartnershipFactory, user_with_role
from joinedup.partnerships.tests.import_support import csv_upload, xlsx_bytes
from joinedup.performance.models import ComparatorGroup, ComparatorKind
from joinedup.performance.tests.factories_library import ComparatorGroupFactory, add_member

pytestmark = pytest.mark.django_db


@pytest.fixture
def partnership():
    return PartnershipFactory(slug="isisbury")


@pytest.fixture
def editor(partnership):
    return user_with_role(partnership, "editor")


@pytest.fixture
def areas():
    return {
        code: AreaFactory(code=code, name=name)
        for code, name in (
            ("E06000001", "Hartlepool"),
            ("E06000002", "Middlesbrough"),
            ("E06000003", "Redcar and Cleveland"),
            ("E92000001", "England"),
        )
    }


def url(name, partnership, **kwargs):
    return reverse(f"performance:{name}", kwargs={"slug": partnership.slug, **kwargs})


def members(group):
    return [(m.area.code, m.rank) for m in group.memberships.order_by("rank", "area__code")]


def test_an_editor_adds_nearest_neighbours_in_rank_order_with_a_benchmark(client, partnership, editor, areas):
    client.force_login(editor)
    response = client.post(
        url("comparator_add", partnership),
        {
            "name": "CIPFA neighbours",
            "kind": "neighbours",
            "member_codes": "e06000003\nE06000001, E06000002",
            "benchmark_code": "E92000001",
            "source": "CIPFA 2023",
        },
    )
    group = ComparatorGroup.objects.get(name="CIPFA neighbours")
    assert response.status_code == 302
    assert group.partnership == partnership
    assert members(group) == [("E06000003", 1), ("E06000001", 2), ("E06000002", 3)]
    assert group.benchmark_area == areas["E92000001"]
    assert AuditEntry.objects.filter(action="performance.comparator_group.created").count() == 1
    page = client.get(url("comparator", partnership, group_id=group.pk)).content.decode()
    assert "Redcar and Cleveland" in page and "CIPFA 2023" in page


def test_unknown_area_codes_are_named_and_nothing_is_saved(client, partnership, editor, areas):
    client.force_login(editor)
    response = client.post(
        url("comparator_add", partnership),
        {"name": "Mine", "kind": "custom", "member_codes": "E06000001\nE09999999", "benchmark_code": ""},
    )
    assert response.status_code == 200
    assert "There is no area with the code E09999999" in response.content.decode()
    assert not ComparatorGroup.objects.exists()


def test_editing_a_group_replaces_its_members_and_a_stale_edit_is_a_conflict(client, partnership, areas):
    group = ComparatorGroupFactory(partnership=partnership, name="Mine")
    add_member(group, areas["E06000001"])
    first, second = user_with_role(partnership, "editor"), user_with_role(partnership, "editor")
    form = {"name": "Mine", "kind": "custom", "member_codes": "E06000002", "version": group.version}
    client.force_login(first)
    assert client.post(url("comparator_edit", partnership, group_id=group.pk), form).status_code == 302
    assert members(group) == [("E06000002", None)]
    client.force_login(second)
    stale = client.post(
        url("comparator_edit", partnership, group_id=group.pk), {**form, "member_codes": "E06000003"}
    )
    assert stale.status_code == 409
    assert members(group) == [("E06000002", None)]


def test_deleting_a_group_asks_first_and_is_audited(client, partnership, editor):
    group = ComparatorGroupFactory(partnership=partnership, name="Old group")
    client.force_login(editor)
    target = url("comparator_delete", partnership, group_id=group.pk)
    assert "Delete the comparator group Old group?" in client.get(target).content.decode()
    assert ComparatorGroup.objects.filter(pk=group.pk).exists()
    assert client.post(target).status_code == 302
    assert not ComparatorGroup.objects.filter(pk=group.pk).exists()
    assert (
        AuditEntry.objects.get(action="performance.comparator_group.deleted").partnership_id == partnership.pk
    )


def test_shared_groups_are_listed_read_only_and_other_partnerships_groups_not_at_all(client, partnership):
    shared = ComparatorGroupFactory(partnership=None, name="All English regions", kind=ComparatorKind.REGION)
    ComparatorGroupFactory(partnership=PartnershipFactory(), name="Somebody else's group")
    admin = user_with_role(partnership, "admin")
    client.force_login(admin)
    page = client.get(url("comparators", partnership)).content.decode()
    assert "All English regions" in page
    assert "Somebody else&#x27;s group" not in page and "Somebody else's group" not in page
    detail = client.get(url("comparator", partnership, group_id=shared.pk)).content.decode()
    assert url("comparator_edit", partnership, group_id=shared.pk) not in detail
    assert client.post(url("comparator_delete", partnership, group_id=shared.pk)).status_code == 403
    assert ComparatorGroup.objects.filter(pk=shared.pk).exists()


# --- the importer -------------------------------------------------------------------------------

HEADER = "Group,Kind,Area code,Rank,Benchmark area code,Source\n"


def run_import(partnership, user, text, name="comparators.csv"):
    run = start_import(
        importer=get_importer("performance.comparators"),
        partnership_id=partnership.pk,
        upload=csv_upload(text, name),
        user=user,
    )
    run.refresh_from_db()
    return run


def test_groups_are_imported_from_csv_one_row_per_member_with_one_audit_entry(partnership, editor, areas):
    run = run_import(
        partnership,
        editor,
        HEADER
        + "CIPFA neighbours,Nearest neighbours,E06000002,2,E92000001,CIPFA 2023\n"
        + "cipfa neighbours,,e06000001,1,,\n"
        + "Tees Valley,Custom,E06000003,,,\n",
    )
    assert run.status == ImportRun.Status.READY, run.errors
    assert run.plan == ["2 comparator groups will be added", "3 member areas in all"]
    confirm_import(run=run, user=editor)
    run.refresh_from_db()
    assert run.status == ImportRun.Status.WRITTEN
    neighbours = ComparatorGroup.objects.get(name="CIPFA neighbours")
    assert neighbours.partnership == partnership
    assert neighbours.kind == ComparatorKind.NEAREST_NEIGHBOURS
    assert neighbours.benchmark_area == areas["E92000001"]
    assert neighbours.source == "CIPFA 2023"
    assert members(neighbours) == [("E06000001", 1), ("E06000002", 2)]
    assert ComparatorGroup.objects.get(name="Tees Valley").kind == ComparatorKind.CUSTOM
    entry = AuditEntry.objects.get(action="performance.comparators.imported")
    assert entry.summary == "Imported 2 comparator groups (3 member areas) from comparators.csv"


def test_importing_a_group_again_replaces_its_members_and_leaves_shared_groups_alone(
    partnership, editor, areas
):
    mine = ComparatorGroupFactory(partnership=partnership, name="Tees Valley")
    add_member(mine, areas["E06000001"])
    shared = ComparatorGroupFactory(partnership=None, name="Tees Valley")
    add_member(shared, areas["E06000001"])
    run = run_import(
        partnership, editor, HEADER + "TEES VALLEY,Custom,E06000002,,,\nTees Valley,,E06000003,,,\n"
    )
    assert run.plan == [
        "1 comparator group already recorded will be replaced by the file's members",
        "2 member areas in all",
    ]
    confirm_import(run=run, user=editor)
    assert members(mine) == [("E06000002", None), ("E06000003", None)]
    assert members(shared) == [("E06000001", None)]
    assert ComparatorGroup.objects.filter(partnership=partnership).count() == 1


def test_a_bad_comparator_file_names_row_and_column_and_writes_nothing(partnership, editor, areas):
    run = run_import(
        partnership,
        editor,
        HEADER
        + "CIPFA,Nearest neighbours,E06000001,1,,\n"
        + "CIPFA,Region,E06000001,1,,\n"
        + "CIPFA,,E09999999,x,,\n"
        + "Other,Sideways,E06000001,,,\n",
    )
    assert run.status == ImportRun.Status.INVALID
    problems = {(e["row"], e["column"], e["message"]) for e in run.errors}
    assert (4, "Area code", "There is no area with the code 'E09999999'") in problems
    assert (4, "Rank", "Enter the rank as a whole number from 1, or leave it blank") in problems
    assert (3, "Kind", "Row 2 gives another kind for the group 'CIPFA'") in problems
    assert (3, "Area code", "Row 2 already puts this area in 'CIPFA'") in problems
    assert (3, "Rank", "Row 2 already has rank 1 in 'CIPFA'") in problems
    assert any(row == 5 and column == "Kind" for row, column, _ in problems)
    assert not ComparatorGroup.objects.exists()


def test_comparator_groups_import_from_xlsx_too(partnership, editor, areas):
    data = xlsx_bytes(
        [
            ["Group", "Kind", "Area code", "Rank", "Benchmark area code", "Source"],
            ["England", "England", "E92000001", None, None, "ONS"],
        ]
    )
    upload = csv_upload("", "comparators.xlsx")
    upload.seek(0)
    upload.truncate()
    upload.write(data)
    upload.seek(0)
    run = start_import(
        importer=get_importer("performance.comparators"),
        partnership_id=partnership.pk,
        upload=upload,
        user=editor,
    )
    run.refresh_from_db()
    assert run.status == ImportRun.Status.READY, run.errors
    confirm_import(run=run, user=editor)
    assert members(ComparatorGroup.objects.get(name="England")) == [("E92000001", None)]
