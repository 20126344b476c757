"""Observation imports: the generic layout and the real Fingertips export, through the shared
pipeline; bad files write nothing; re-imports change nothing; shared values are never
silently overwritten by a partnership; undoing a whole run."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from django.core.management import call_command

from joinedup.accounts.tests.factories import UserFactory
from joinedup.core.imports.undo import UndoRefused, undo_import, undo_problems
from joinedup.core.models import AuditEntry, ImportRun
from joinedup.core.periods import Period
from joinedup.core.uploads import UploadRejected
from joinedup.partnerships.models import Area, Role
from joinedup.partnerships.tests.factories import PartnershipFactory, user_with_role
from joinedup.performance.models import Indicator, Observation, Polarity, Unit, ValueType
from joinedup.performance.services.observations import NewObservation, plan_observations, write_observations
from joinedup.performance.tests.factories_imports import (
    area,
    confirm,
    local_indicator,
    run_import,
    shared_indicator,
)

# The real published export, shipped byte-for-byte with the core tests (core/tests/data/README.md);
# the same file as ../shared/data/real/.
FINGERTIPS = (
    Path(__file__).resolve().parents[2]
    / "core"
    / "tests"
    / "data"
    / "fingertips_93356_campylobacter_CountyUA.csv"
)
HEADER = "Indicator code,Area code,Period,Value,Note\r\n"


@pytest.fixture
def partnership(db):
    return PartnershipFactory(slug="isisbury", name="Isisbury Partnership")


@pytest.fixture
def editor(partnership):
    return user_with_role(partnership, Role.EDITOR)


@pytest.fixture
def places(db):
    return [
        area("E06000052", "Cornwall"),
        area("E06000053", "Isles of Scilly"),
        area("X01000001", "Isisbury", fictional=True),
    ]


@pytest.fixture
def homes(partnership):
    return local_indicator(partnership, code="NI 154", title="Net additional homes")


def problems(run: ImportRun) -> list[tuple]:
    return [(e["row"], e["column"], e["message"]) for e in run.errors]


def generic(user, partnership, text: str, name: str = "values.csv") -> ImportRun:
    return run_import("performance.observations", text, partnership=partnership, user=user, name=name)


# --- the generic layout -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("written", "period"),
    [
        ("2015", Period.calendar_year(2015)),
        ("2018/19", Period.financial_year(2018)),
        ("2018 - 20", Period.calendar_years(2018, 2020)),
        ("2019/20 Q1", Period.financial_quarter(2019, 1)),
        ("Q1 2019/20", Period.financial_quarter(2019, 1)),
        ("Apr 2020", Period.month(2020, 4)),
        ("April 2020", Period.month(2020, 4)),
        ("2020-04", Period.month(2020, 4)),
        ("2020 Q2", Period.quarter(2020, 2)),
        ("Jan to Mar 2020", Period.quarter(2020, 1)),
        ("2015-16", Period.financial_year(2015)),
        ("FY2015/16", Period.financial_year(2015)),
        ("AY 2019/20", Period.academic_year(2019)),
        ("2017/18 - 19/20", Period.financial_years(2017, 2019)),
        ("2018 to 2020", Period.calendar_years(2018, 2020)),
        ("Apr-20", Period.month(2020, 4)),
        ("2020 APR", Period.month(2020, 4)),
        ("2020/21 Quarter 1", Period.financial_quarter(2020, 1)),
        ("20150000", Period.calendar_year(2015)),
    ],
)
def test_each_written_form_of_a_period_imports_as_that_period(
    editor, partnership, places, homes, written, period
):
    run = generic(editor, partnership, f'{HEADER}NI 154,E06000052,"{written}",10,\r\n')
    assert run.status == ImportRun.Status.READY, problems(run)
    confirm(run, editor)
    assert Observation.objects.get(indicator=homes).period == period


def test_a_period_typed_as_a_spreadsheet_date_is_its_month(editor, partnership, places, homes):
    import datetime as dt

    from joinedup.partnerships.tests.import_support import xlsx_bytes

    data = xlsx_bytes(
        [["Indicator code", "Area code", "Period", "Value"], ["NI 154", "E06000052", dt.date(2020, 4, 1), 7]]
    )
    run = generic(editor, partnership, data, name="values.xlsx")
    assert run.status == ImportRun.Status.READY, problems(run)
    confirm(run, editor)
    assert Observation.objects.get().period == Period.month(2020, 4)


def test_generic_import_writes_every_column_with_its_provenance(editor, partnership, places, homes):
    text = (
        "Indicator code,Area code,Period,Value,Sex,Age,Category type,Category,Numerator,Denominator,"
        "Lower 95% limit,Upper 95% limit,Lower 99.8% limit,Upper 99.8% limit,Quality,Note\r\n"
        'ni 154,e06000052,2019/20,"1,234.5",Female,18-64 yrs,Deprivation,Most deprived,"1,000",2000,'
        "1,2,0.5,3,provisional,Early figure\r\n"
    )
    run = confirm(generic(editor, partnership, text), editor)
    assert run.status == ImportRun.Status.WRITTEN, (run.message, problems(run))
    obs = Observation.objects.get()
    assert (obs.indicator, obs.partnership, obs.area.code) == (homes, partnership, "E06000052")
    assert (obs.value, obs.numerator, obs.denominator) == (1234.5, 1000.0, 2000.0)
    assert (obs.lower_95, obs.upper_95, obs.lower_998, obs.upper_998) == (1, 2, 0.5, 3)
    assert (obs.sex, obs.age, obs.category_type, obs.category) == (
        "Female",
        "18-64 yrs",
        "Deprivation",
        "Most deprived",
    )
    assert (obs.quality, obs.note) == ("provisional", "Early figure")
    assert (obs.import_run_id, obs.source_row, obs.entered_by) == (run.pk, 2, None)
    assert run.created_by == editor  # who imported it is on the run
    assert AuditEntry.objects.filter(action="performance.observations.imported").count() == 1


def test_defaults_are_persons_all_ages_no_category_and_validated(editor, partnership, places, homes):
    confirm(generic(editor, partnership, f"{HEADER}NI 154,E06000052,2020,5,\r\n"), editor)
    obs = Observation.objects.get()
    assert obs.is_default_breakdown and obs.quality == "validated"


def test_a_blank_value_with_a_note_is_kept_as_no_value_with_its_reason(editor, partnership, places, homes):
    run = confirm(
        generic(editor, partnership, f"{HEADER}NI 154,E06000053,2020,,Suppressed: fewer than 5\r\n"), editor
    )
    assert run.status == ImportRun.Status.WRITTEN
    obs = Observation.objects.get()
    assert obs.value is None and obs.note == "Suppressed: fewer than 5"


def test_a_local_code_resolves_before_a_shared_indicator_with_the_same_code(
    editor, partnership, places, homes
):
    shared_indicator(code="NI 154", title="Shared namesake")
    confirm(generic(editor, partnership, f"{HEADER}NI 154,E06000052,2020,5,\r\n"), editor)
    assert Observation.objects.get().indicator == homes


def test_a_shared_indicators_values_from_a_partnership_import_belong_to_no_partnership(
    editor, partnership, places
):
    indicator = shared_indicator(code="90001")
    confirm(generic(editor, partnership, f"{HEADER}90001,E06000052,2020,5,\r\n"), editor)
    obs = Observation.objects.get()
    assert (obs.indicator, obs.partnership) == (indicator, None)


def test_another_partnerships_local_indicator_is_unknown(editor, partnership, places):
    other = PartnershipFactory(slug="elsewhere")
    local_indicator(other, code="THEIRS")
    run = generic(editor, partnership, f"{HEADER}THEIRS,E06000052,2020,5,\r\n")
    assert run.status == ImportRun.Status.INVALID
    assert problems(run) == [
        (
            2,
            "Indicator code",
            "There is no indicator with the code 'THEIRS'. Add it to the indicator library first",
        )
    ]


# --- bad files: messages name row and column, nothing is written ---------------------------------


def assert_nothing_written():
    assert not Observation.objects.exists()


def test_wrong_columns_are_reported_once_for_the_file(editor, partnership, places, homes):
    run = generic(editor, partnership, "Measure,Place,When,Value\r\nNI 154,E06000052,2020,5\r\n")
    assert run.status == ImportRun.Status.INVALID
    assert {(row, column) for row, column, _ in problems(run)} == {
        (None, "Indicator code"),
        (None, "Area code"),
        (None, "Period"),
    }
    assert_nothing_written()


def test_an_unknown_area_is_named_by_row_and_column(editor, partnership, places, homes):
    run = generic(editor, partnership, f"{HEADER}NI 154,E06000052,2020,5,\r\nNI 154,E09999999,2020,6,\r\n")
    assert problems(run) == [
        (3, "Area code", "There is no area with the code 'E09999999'. Use a GSS code, like E06000052")
    ]
    assert_nothing_written()


def test_a_fictional_area_code_is_an_area(editor, partnership, places, homes):
    run = confirm(generic(editor, partnership, f"{HEADER}NI 154,X01000001,2020,5,\r\n"), editor)
    assert run.status == ImportRun.Status.WRITTEN
    assert Observation.objects.get().area.is_fictional


def test_non_numeric_values_are_named_by_row_and_column(editor, partnership, places, homes):
    text = (
        "Indicator code,Area code,Period,Value,Denominator\r\n"
        "NI 154,E06000052,2020,about 5,\r\nNI 154,E06000053,2020,5,lots\r\n"
    )
    run = generic(editor, partnership, text)
    assert problems(run) == [
        (2, "Value", "'about 5' is not a number. Enter a number, like 1,234.5"),
        (3, "Denominator", "'lots' is not a number. Enter a number, like 1,234.5"),
    ]
    assert_nothing_written()


def test_a_blank_value_without_a_note_is_an_error(editor, partnership, places, homes):
    run = generic(editor, partnership, f"{HEADER}NI 154,E06000052,2020,,\r\n")
    assert problems(run) == [(2, "Value", "Enter the value, or a note saying why there is no value")]
    assert_nothing_written()


def test_duplicate_keys_within_the_file_are_reported(editor, partnership, places, homes):
    text = f"{HEADER}NI 154,E06000052,2020,5,\r\nNI 154,E06000053,2020,5,\r\nni 154,E06000052,2020,6,\r\n"
    run = generic(editor, partnership, text)
    assert problems(run) == [
        (
            4,
            "Period",
            "Row 2 already has a value for this indicator, area, period, sex, age and category. "
            "Each row must be a different one",
        )
    ]
    assert_nothing_written()


def test_the_same_key_with_another_breakdown_is_not_a_duplicate(editor, partnership, places, homes):
    text = (
        "Indicator code,Area code,Period,Value,Age\r\n"
        "NI 154,E06000052,2020,5,\r\nNI 154,E06000052,2020,6,0-9 yrs\r\n"
    )
    assert generic(editor, partnership, text).status == ImportRun.Status.READY


@pytest.mark.parametrize("period", ["2019/21", "2020-13-01", "Q5 2020", "Feb to Apr 2020", "3000", "soon"])
def test_impossible_periods_are_named_by_row_and_column(editor, partnership, places, homes, period):
    run = generic(editor, partnership, f"{HEADER}NI 154,E06000052,{period},5,\r\n")
    assert run.status == ImportRun.Status.INVALID
    [(row, column, message)] = problems(run)
    assert (row, column) == (2, "Period") and period in message
    assert_nothing_written()


def test_an_oversize_file_is_refused_and_nothing_is_written(editor, partnership, places, homes, settings):
    settings.UPLOAD_MAX_BYTES = 100
    with pytest.raises(UploadRejected, match="smaller than"):
        generic(editor, partnership, HEADER + "NI 154,E06000052,2020,5,\r\n" * 20)
    assert not ImportRun.objects.exists()
    assert_nothing_written()


def test_one_bad_row_among_good_ones_writes_nothing(editor, partnership, places, homes):
    text = (
        HEADER
        + "".join(f"NI 154,E06000052,{year},5,\r\n" for year in range(2000, 2020))
        + "NI 154,E06000052,2020,x,\r\n"
    )
    run = generic(editor, partnership, text)
    assert run.status == ImportRun.Status.INVALID and len(problems(run)) == 1
    assert_nothing_written()


# --- re-imports, revisions and shared data -----------------------------------------------------


def test_reimporting_the_same_file_changes_nothing(editor, partnership, places, homes):
    text = f"{HEADER}NI 154,E06000052,2020,5,\r\nNI 154,E06000053,2020,,Suppressed\r\n"
    confirm(generic(editor, partnership, text), editor)
    before = list(Observation.objects.values_list("pk", "value", "superseded_at"))
    again = generic(editor, partnership, text)
    assert again.plan == ["2 values are already held and will not change"]
    confirm(again, editor)
    assert list(Observation.objects.values_list("pk", "value", "superseded_at")) == before


def test_a_local_indicators_changed_value_is_revised_and_the_earlier_kept(editor, partnership, places, homes):
    confirm(generic(editor, partnership, f"{HEADER}NI 154,E06000052,2020,5,\r\n"), editor)
    second = generic(editor, partnership, f"{HEADER}NI 154,E06000052,2020,6,\r\n")
    assert second.plan == ["1 values will be revised (the earlier figures are kept as history)"]
    confirm(second, editor)
    current = Observation.objects.get(superseded_at__isnull=True)
    old = Observation.objects.get(superseded_at__isnull=False)
    assert (current.value, old.value, old.superseded_by_id) == (6, 5, current.pk)


def test_a_partnership_import_never_overwrites_another_sources_shared_value(editor, partnership, places):
    indicator = shared_indicator(code="90001")
    held = plan_observations(
        [NewObservation(indicator.pk, places[0].pk, Period.calendar_year(2020), 5.0)], may_revise=True
    )
    write_observations(held, partnership_id=None, entered_by_label="Operator")
    run = generic(editor, partnership, f"{HEADER}90001,E06000052,2020,9,\r\n90001,E06000053,2020,3,\r\n")
    assert "1 new values will be added" in run.plan
    assert any(s.startswith("1 values differ from figures already held") for s in run.plan)
    confirm(run, editor)
    assert Observation.objects.get(area=places[0]).value == 5
    assert Observation.objects.get(area=places[1]).value == 3


def test_an_operator_import_from_the_shell_may_revise_shared_values(places, tmp_path, capsys):
    indicator = shared_indicator(code="90001")
    write_observations(
        plan_observations(
            [NewObservation(indicator.pk, places[0].pk, Period.calendar_year(2020), 5.0)], may_revise=True
        ),
        partnership_id=None,
    )
    path = tmp_path / "shared.csv"
    path.write_text(f"{HEADER}90001,E06000052,2020,9,\r\n")
    call_command("import_observations", str(path), importer="performance.observations")
    out = capsys.readouterr().out
    assert "1 values will be revised" in out
    assert Observation.objects.get(superseded_at__isnull=True).value == 9
    run = ImportRun.objects.get()
    assert (run.partnership_id, run.status) == (None, ImportRun.Status.WRITTEN)


def test_the_command_prints_problems_with_row_and_column_and_writes_nothing(
    partnership, places, homes, tmp_path
):
    from django.core.management.base import CommandError

    path = tmp_path / "bad.csv"
    path.write_text(f"{HEADER}NI 154,E06000052,2020,lots,\r\n")
    with pytest.raises(CommandError, match="Row 2, column 'Value': 'lots' is not a number"):
        call_command(
            "import_observations",
            str(path),
            importer="performance.observations",
            partnership=partnership.slug,
        )
    assert_nothing_written()


def test_the_command_imports_into_a_partnership_as_a_named_user(editor, partnership, places, homes, tmp_path):
    path = tmp_path / "good.csv"
    path.write_text(f"{HEADER}NI 154,E06000052,2020,5,\r\n")
    call_command(
        "import_observations",
        str(path),
        importer="performance.observations",
        partnership=partnership.slug,
        **{"as": editor.email},
    )
    obs = Observation.objects.get()
    assert (obs.partnership, obs.import_run.created_by) == (partnership, editor)


# --- the real Fingertips export ----------------------------------------------------------------


@pytest.fixture
def geography(db):
    call_command("load_geography", verbosity=0)


def fingertips(user, partnership, data: bytes | None = None) -> ImportRun:
    return run_import(
        "performance.fingertips",
        data if data is not None else FINGERTIPS.read_bytes(),
        partnership=partnership,
        user=user,
        name=FINGERTIPS.name,
    )


def test_the_real_fingertips_file_creates_its_indicator_and_852_values(geography, partnership, editor):
    assert not Indicator.objects.filter(code="93356").exists()
    run = fingertips(editor, partnership)
    assert run.status == ImportRun.Status.READY, problems(run)[:5]
    assert run.total_rows == 852
    assert run.plan == [
        "The indicator 93356 is not in the library yet: confirming creates it as a shared indicator "
        "called 'Campylobacter incidence rate/100,000', in rate per 100,000, value type crude rate, "
        "polarity: lower is better",
        "852 new values will be added",
    ]
    assert not Indicator.objects.exists()  # the preview only offers

    run = confirm(run, editor)
    assert run.status == ImportRun.Status.WRITTEN, run.message
    indicator = Indicator.objects.get(code="93356")
    assert indicator.partnership is None and indicator.is_shared
    assert indicator.title == "Campylobacter incidence rate/100,000"
    assert (indicator.unit, indicator.value_type, indicator.polarity) == (
        Unit.RATE_100000,
        ValueType.CRUDE_RATE,
        Polarity.LOWER_IS_BETTER,
    )
    assert indicator.created_by == editor
    assert AuditEntry.objects.filter(action="performance.indicator.created").count() == 1

    assert Observation.objects.count() == 852 == run.written_rows
    keys = Observation.objects.values_list("area", "period", "sex", "age", "category_type", "category")
    assert len(set(keys)) == 852
    assert not Observation.objects.exclude(partnership=None).exists()
    assert not Observation.objects.filter(import_run=None).exists()
    assert not Observation.objects.filter(source_row=None).exists()


def test_fingertips_quirks_are_kept_as_the_model_holds_them(geography, partnership, editor):
    confirm(fingertips(editor, partnership), editor)
    with FINGERTIPS.open(newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    blanks = [r for r in rows if r["Value"] == ""]
    assert len(blanks) == 10
    assert Observation.objects.filter(value=None).count() == 10
    assert not Observation.objects.filter(value=None, note="").exists()

    england = Area.objects.get(code="E92000001")
    deciles = Observation.objects.filter(area=england).exclude(category="")
    assert deciles.count() == 60 and not deciles.filter(category_type="").exists()
    assert Observation.objects.filter(age="0-9 yrs").count() == 306

    first = rows[0]
    obs = Observation.objects.get(
        area=england, period=Period.calendar_year(2015), age="All ages", category=""
    )
    assert obs.value == float(first["Value"])
    assert (obs.numerator, obs.denominator) == (float(first["Count"]), float(first["Denominator"]))
    assert (obs.lower_95, obs.upper_95) == (
        float(first["Lower CI 95.0 limit"]),
        float(first["Upper CI 95.0 limit"]),
    )
    assert obs.source_row == 2
    # Bournemouth ended in 2019, but its 2015 values keep its code.
    assert Observation.objects.filter(area__code="E06000028").exists()


def test_reimporting_the_real_file_changes_nothing(geography, partnership, editor):
    confirm(fingertips(editor, partnership), editor)
    again = fingertips(editor, partnership)
    assert again.plan == ["852 values are already held and will not change"]
    confirm(again, editor)
    assert Observation.objects.count() == 852 and Indicator.objects.count() == 1


def test_a_fingertips_file_with_one_bad_row_writes_nothing_not_even_the_indicator(
    geography, partnership, editor
):
    data = FINGERTIPS.read_bytes().replace(b",E06000052,", b",E06999999,", 1)
    run = fingertips(editor, partnership, data)
    assert run.status == ImportRun.Status.INVALID
    [(_row, column, message)] = problems(run)
    assert column == "Area Code" and "E06999999" in message
    assert not Indicator.objects.exists() and not Observation.objects.exists()


def test_a_failure_while_writing_rolls_back_the_new_indicator_too(
    geography, partnership, editor, monkeypatch
):
    from joinedup.performance import importers

    run = fingertips(editor, partnership)

    def explode(*args, **kwargs):
        raise RuntimeError("the database went away")

    monkeypatch.setattr(importers, "write_observations", explode)
    run = confirm(run, editor)
    assert run.status == ImportRun.Status.FAILED
    assert not Indicator.objects.exists() and not Observation.objects.exists()


def test_a_known_fingertips_indicator_is_not_offered_again(geography, partnership, editor):
    shared_indicator(code="93356", title="Campylobacter")
    run = fingertips(editor, partnership)
    assert run.plan == ["852 new values will be added"]


# --- undo ---------------------------------------------------------------------------------------


def test_undo_removes_the_runs_values_and_restores_what_they_revised(editor, partnership, places, homes):
    confirm(generic(editor, partnership, f"{HEADER}NI 154,E06000052,2020,5,\r\n"), editor)
    second = confirm(
        generic(editor, partnership, f"{HEADER}NI 154,E06000052,2020,6,\r\nNI 154,E06000053,2020,1,\r\n"),
        editor,
    )
    result = undo_import(run=second, user=editor)
    assert result.report == ["2 values removed", "1 earlier figure restored as current"]
    current = Observation.objects.get()
    assert (current.value, current.superseded_at, current.superseded_by) == (5, None, None)
    second.refresh_from_db()
    assert (second.status, second.undone_by) == (ImportRun.Status.UNDONE, editor)
    assert second.undone_at is not None
    assert AuditEntry.objects.filter(action="performance.observations.undone").count() == 1


def test_undo_is_refused_when_later_changes_were_made_on_top(editor, partnership, places, homes):
    first = confirm(generic(editor, partnership, f"{HEADER}NI 154,E06000052,2020,5,\r\n"), editor)
    confirm(generic(editor, partnership, f"{HEADER}NI 154,E06000052,2020,6,\r\n"), editor)
    assert undo_problems(first)[0].startswith("1 value from this import has been revised since")
    with pytest.raises(UndoRefused):
        undo_import(run=first, user=editor)
    first.refresh_from_db()
    assert first.status == ImportRun.Status.WRITTEN
    assert Observation.objects.count() == 2


def test_undo_twice_is_refused(editor, partnership, places, homes):
    run = confirm(generic(editor, partnership, f"{HEADER}NI 154,E06000052,2020,5,\r\n"), editor)
    undo_import(run=run, user=editor)
    with pytest.raises(UndoRefused, match="already been undone"):
        undo_import(run=run, user=editor)


def test_a_partnership_cannot_undo_shared_values_every_partnership_sees(geography, partnership, editor):
    run = confirm(fingertips(editor, partnership), editor)
    with pytest.raises(UndoRefused, match="Only a site operator can remove shared reference data"):
        undo_import(run=run, user=editor)
    admin = user_with_role(partnership, Role.ADMIN)
    with pytest.raises(UndoRefused):
        undo_import(run=run, user=admin)
    assert Observation.objects.count() == 852


def test_an_operator_undo_removes_the_shared_values_and_the_indicator_the_run_created(
    geography, partnership, editor
):
    run = confirm(fingertips(editor, partnership), editor)
    operator = UserFactory(is_superuser=True, is_staff=True)
    result = undo_import(run=run, user=operator)
    assert result.written == 852
    assert not Indicator.objects.exists() and not Observation.objects.exists()


def test_undo_is_refused_when_the_created_indicator_is_used_by_other_data(geography, partnership, editor):
    run = confirm(fingertips(editor, partnership), editor)
    indicator = Indicator.objects.get()
    write_observations(
        plan_observations(
            [
                NewObservation(
                    indicator.pk, Area.objects.get(code="E06000052").pk, Period.calendar_year(2018), 50.0
                )
            ],
            may_revise=True,
        ),
        partnership_id=None,
    )
    operator = UserFactory(is_superuser=True, is_staff=True)
    [problem] = undo_problems(run, operator)
    assert "created the indicator 93356" in problem
    with pytest.raises(UndoRefused):
        undo_import(run=run, user=operator)
    assert Observation.objects.count() == 853


# --- describing a new indicator from a Fingertips file ------------------------------------------


@pytest.mark.parametrize(
    ("name", "unit"),
    [
        ("Campylobacter incidence rate/100,000", Unit.RATE_100000),
        ("Hospital admissions per 100,000", Unit.RATE_100000),
        ("Under 18s conception rate /1,000", Unit.RATE_1000),
        ("Smoking prevalence in adults (%)", Unit.PERCENTAGE),
        ("Percentage of physically active adults", Unit.PERCENTAGE),
        ("Number of households in temporary accommodation", Unit.NUMBER),
    ],
)
def test_a_new_indicators_unit_is_read_from_its_name(name, unit):
    from joinedup.performance.importers import infer_unit

    assert infer_unit(name) == unit


def _obs(value, numerator=None, denominator=None, *, area_id=2, compared="", breakdown=("2015",)):
    return {
        "value": value,
        "numerator": numerator,
        "denominator": denominator,
        "area_id": area_id,
        "category_type": "",
        "compared": compared,
        "breakdown": breakdown,
    }


def test_a_new_indicators_value_type_is_read_from_count_and_denominator():
    from joinedup.performance.importers import infer_value_type

    assert infer_value_type(Unit.RATE_100000, [_obs(50.0, 5, 10_000)]) == ValueType.CRUDE_RATE
    assert infer_value_type(Unit.PERCENTAGE, [_obs(25.0, 1, 4)]) == ValueType.PROPORTION
    assert infer_value_type(Unit.NUMBER, [_obs(7.0, 7, 100)]) == ValueType.COUNT
    # A standardised rate is not count over population: nothing can be claimed.
    assert infer_value_type(Unit.RATE_100000, [_obs(61.3, 5, 10_000)]) == ValueType.OTHER
    assert infer_value_type(Unit.RATE_100000, [_obs(50.0)]) == ValueType.OTHER


def test_a_new_indicators_polarity_is_read_from_better_and_worse_against_england():
    from joinedup.performance.importers import infer_polarity

    england = _obs(100.0, area_id=1)
    lower = [england, _obs(80.0, compared="better"), _obs(120.0, compared="worse", area_id=3)]
    higher = [england, _obs(120.0, compared="better"), _obs(80.0, compared="worse", area_id=3)]
    assert infer_polarity(lower, 1) == Polarity.LOWER_IS_BETTER
    assert infer_polarity(higher, 1) == Polarity.HIGHER_IS_BETTER
    assert infer_polarity([england, _obs(80.0, compared="lower")], 1) == Polarity.NO_JUDGEMENT
    assert infer_polarity([england, _obs(80.0, compared="not compared")], 1) == Polarity.NO_JUDGEMENT
    assert infer_polarity([england, _obs(80.0, compared="similar")], 1) == Polarity.NO_JUDGEMENT
