"""The CI check that fails on unscoped tenant queries in views and selectors."""

import importlib.util
import subprocess
import sys
from pathlib import Path

import pytest

SCRIPT = Path(__file__).resolve().parents[2] / "scripts" / "check_scoping.py"
_spec = importlib.util.spec_from_file_location("check_scoping", SCRIPT)
assert _spec is not None and _spec.loader is not None
check_scoping = importlib.util.module_from_spec(_spec)
sys.modules["check_scoping"] = check_scoping  # dataclasses look their module up here
_spec.loader.exec_module(check_scoping)

BAD_VIEW = """
from django.shortcuts import get_object_or_404
from joinedup.partnerships import models
from joinedup.partnerships.models import Area, Body, Person


def body(request, slug, pk):
    access = partnership_access(request, slug)
    areas = Area.objects.all()  # global reference data: allowed
    ok = access.partnership.bodies.get(pk=pk)  # scoped: allowed
    bad = Body.objects.get(pk=pk)
    worse = models.Person.objects.filter(full_name="x")
    hidden = Person._default_manager.all()
    shortcut = get_object_or_404(Body, pk=pk)
    fine = get_object_or_404(access.partnership.bodies, pk=pk)
"""


@pytest.fixture
def tree(tmp_path):
    app = tmp_path / "joinedup" / "rooms"
    (app / "views").mkdir(parents=True)
    (app / "views" / "bodies.py").write_text(BAD_VIEW)
    (app / "services.py").write_text("from x import Body\nBody.objects.create()\n")  # services may
    (app / "tests").mkdir()
    (app / "tests" / "views_test_helpers.py").write_text("Body.objects.all()\n")  # tests may
    return tmp_path


def test_unscoped_queries_in_a_view_are_reported_with_file_line_and_rule(tree):
    findings = check_scoping.check_tree(tree / "joinedup", tree)
    assert [(f.path, f.line) for f in findings] == [
        ("joinedup/rooms/views/bodies.py", 11),
        ("joinedup/rooms/views/bodies.py", 12),
        ("joinedup/rooms/views/bodies.py", 13),
        ("joinedup/rooms/views/bodies.py", 14),
    ]
    assert "unscoped `Body.objects`" in findings[0].message
    assert "unscoped `Person._default_manager`" in findings[2].message
    assert "get_object_or_404(Body, ...)" in findings[3].message


def test_selectors_are_checked_too(tmp_path):
    (tmp_path / "selectors.py").write_text("def people():\n    return Person.objects.all()\n")
    findings = check_scoping.check_tree(tmp_path, tmp_path)
    assert [str(f).split(":")[:2] for f in findings] == [["selectors.py", "2"]]


def test_a_global_model_is_allowed_only_where_the_allow_list_says(tmp_path):
    source = "Job.objects.get(pk=1)\n"
    assert check_scoping.check_source(source, "joinedup/core/views.py") == []
    assert len(check_scoping.check_source(source, "joinedup/partnerships/views/home.py")) == 1


def test_core_scopes_by_partnership_id_because_it_cannot_reach_through_the_partnership():
    source = (
        "ImportRun.objects.filter(partnership_id=pid, importer=name)\n"
        "ImportRun.objects.get(partnership_id=pid, pk=1)\n"
        "ImportRun.objects.exclude(partnership_id=pid)\n"
        "ImportRun.objects.filter(importer=name)\n"
    )
    findings = check_scoping.check_source(source, "joinedup/core/imports/selectors.py")
    assert [f.line for f in findings] == [3, 4]
    # Above core, the partnership relation is there to be used.
    assert len(check_scoping.check_source(source, "joinedup/partnerships/selectors.py")) == 4


def test_a_prefetch_queryset_is_scoped_by_the_objects_it_is_fetched_for():
    source = (
        "chairs = Prefetch('memberships', queryset=Membership.objects.filter(role='chair'))\n"
        "bodies = partnership.bodies.prefetch_related(Prefetch('seats', Seat.objects.order_by('position')))\n"
        "loose = Membership.objects.filter(role='chair')\n"
    )
    findings = check_scoping.check_source(source, "joinedup/partnerships/selectors.py")
    assert [f.line for f in findings] == [3]


def test_the_script_exits_non_zero_and_prints_findings(tree):
    result = subprocess.run(  # noqa: S603 - our own script with fixed arguments
        [sys.executable, str(SCRIPT), str(tree / "joinedup")], capture_output=True, text=True, check=False
    )
    assert result.returncode == 1
    assert "views/bodies.py:11: unscoped `Body.objects`" in result.stdout


def test_the_project_itself_passes():
    result = subprocess.run([sys.executable, str(SCRIPT)], capture_output=True, text=True, check=False)  # noqa: S603
    assert result.returncode == 0, result.stdout
