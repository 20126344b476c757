"""The column-mapping step (ADR 0019) with the performance.observations importer: a wide file
with one column per year becomes one value per cell, and a file with renamed columns imports
once its columns are matched."""

from __future__ import annotations

import pytest

from joinedup.core.imports import get_importer
from joinedup.core.imports.mapping import ColumnMapping, WideLayout
from joinedup.core.imports.services import start_import
from joinedup.core.models import ImportRun
from joinedup.partnerships.models import Role
from joinedup.partnerships.tests.factories import PartnershipFactory, user_with_role
from joinedup.performance.models import Observation
from joinedup.performance.tests.factories_imports import area, confirm, local_indicator, upload


@pytest.fixture
def partnership(db):
    return PartnershipFactory(slug="isisbury", name="Isisbury Partnership")


@pytest.fixture
def editor(partnership):
    return user_with_role(partnership, Role.EDITOR)


@pytest.fixture
def homes(partnership):
    area("E06000052", "Cornwall")
    area("E06000053", "Isles of Scilly")
    return local_indicator(partnership, code="NI 154", title="Net additional homes")


def mapped(user, partnership, text: str, mapping: ColumnMapping) -> ImportRun:
    run = start_import(
        importer=get_importer("performance.observations"),
        partnership_id=partnership.pk,
        upload=upload(text, "hand-made.csv"),
        user=user,
        mapping=mapping,
    )
    run.refresh_from_db()
    return run


def test_a_wide_file_with_one_column_per_year_imports_one_value_per_cell(editor, partnership, homes):
    text = (
        "Indicator,Area,2018/19,2019/20,2020/21\r\n"
        'NI 154,E06000052,"1,200",1350,\r\n'
        "NI 154,E06000053,12,£14,9\r\n"
    )
    mapping = ColumnMapping(
        columns={"indicator": "Indicator", "area": "Area"},
        wide=WideLayout(
            headings=("2018/19", "2019/20", "2020/21"), heading_column="period", value_column="value"
        ),
    )
    run = mapped(editor, partnership, text, mapping)
    assert run.status == ImportRun.Status.READY, run.errors[:3]
    run = confirm(run, editor)
    assert run.status == ImportRun.Status.WRITTEN, run.message
    written = sorted(
        (o.area.code, str(o.period), o.value)
        for o in Observation.objects.filter(indicator=homes).select_related("area")
    )
    # The blank 2020/21 cell for Cornwall is no value, not a zero.
    assert [(code, value) for code, _, value in written] == [
        ("E06000052", 1200.0),
        ("E06000052", 1350.0),
        ("E06000053", 12.0),
        ("E06000053", 14.0),
        ("E06000053", 9.0),
    ]
    assert all(o.partnership_id == partnership.pk for o in Observation.objects.all())


def test_a_file_with_renamed_columns_imports_once_they_are_matched(editor, partnership, homes):
    text = "Code,GSS code,Year,Amount,Comment\r\nNI 154,E06000052,2019/20,1350,checked\r\n"
    unmatched = start_import(
        importer=get_importer("performance.observations"),
        partnership_id=partnership.pk,
        upload=upload(text, "renamed.csv"),
        user=editor,
        offer_mapping=True,
    )
    unmatched.refresh_from_db()
    assert unmatched.status == ImportRun.Status.NEEDS_MAPPING

    mapping = ColumnMapping(
        columns={
            "indicator": "Code",
            "area": "GSS code",
            "period": "Year",
            "value": "Amount",
            "note": "Comment",
        }
    )
    run = confirm(mapped(editor, partnership, text, mapping), editor)
    assert run.status == ImportRun.Status.WRITTEN, (run.message, run.errors[:3])
    obs = Observation.objects.get(indicator=homes)
    assert (obs.area.code, obs.value, obs.note) == ("E06000052", 1350.0, "checked")
