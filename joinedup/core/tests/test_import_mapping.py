"""The column-mapping step's pure functions (joinedup/core/imports/mapping.py)."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from joinedup.core import imports
from joinedup.core.imports import cells
from joinedup.core.imports.mapping import (
    ColumnMapping,
    MappingDoesNotFit,
    WideLayout,
    apply_mapping,
    describe_columns,
    header_signature,
    mapping_reasons,
    suggest_mapping,
)
from joinedup.core.imports.pipeline import validate_table
from joinedup.core.imports.readers import Table, read_csv


class ReadingsImporter(imports.Importer):
    """A small importer with a period and a value, like the performance room's observations."""

    name = "core.test_readings"
    title = "Import readings"
    noun_plural = "readings"
    columns = (
        imports.Column("indicator", "Indicator code", required=True, aliases=("Indicator ID",)),
        imports.Column("area", "Area code", required=True),
        imports.Column("period", "Period", required=True, aliases=("Time period",)),
        imports.Column("value", "Value"),
        imports.Column("note", "Note"),
    )

    def validate_row(self, row, context):
        from joinedup.core.periods import PeriodParseError, parse

        try:
            period = parse(row.text("period"))
        except PeriodParseError as exc:
            row.error("period", str(exc))
            period = None
        value = row.text("value")
        if value and not value.replace(".", "", 1).isdigit():
            row.error("value", "Enter a number")
        if row.errors:
            return row.errors
        return {
            "indicator": row.text("indicator"),
            "area": row.text("area"),
            "period": period,
            "value": value,
        }

    def write(self, rows, context):
        return imports.WriteResult(written=len(rows), report=[], summary="")


class NamesImporter(imports.Importer):
    """No period column: never offered a wide layout."""

    name = "core.test_names"
    title = "Import names"
    columns = (imports.Column("name", "Name", required=True), imports.Column("sector", "Sector"))

    def validate_row(self, row, context):
        return {"name": row.text("name"), "sector": row.parse("sector", cells.text)}

    def write(self, rows, context):
        return imports.WriteResult(written=len(rows), report=[], summary="")


READINGS = ReadingsImporter()
NAMES = NamesImporter()


def table(text: str) -> Table:
    return read_csv(text.encode())


# --- suggest_mapping ----------------------------------------------------------------------


def test_suggestion_matches_headings_whatever_their_case_spacing_and_aliases():
    mapping = suggest_mapping(READINGS, ["indicator id", "  AREA_CODE ", "Time period", "Value", "Notes"])
    assert mapping.columns == {
        "indicator": "indicator id",
        "area": "  AREA_CODE ",
        "period": "Time period",
        "value": "Value",
    }
    assert mapping.wide is None and mapping.fixed == {}
    assert mapping.ignored(["indicator id", "  AREA_CODE ", "Time period", "Value", "Notes"]) == ["Notes"]


def test_headings_that_read_as_periods_are_suggested_as_a_wide_layout():
    mapping = suggest_mapping(
        READINGS, ["Indicator code", "Area code", "2015", "2016/17", "Apr 2020", "Comment"]
    )
    assert mapping.wide == WideLayout(("2015", "2016/17", "Apr 2020"), "period", "value")
    assert mapping.missing_required(READINGS) == []


def test_no_wide_layout_when_the_file_already_has_a_period_column():
    mapping = suggest_mapping(READINGS, ["Indicator code", "Area code", "Period", "Value", "2015"])
    assert mapping.wide is None


def test_an_importer_without_a_period_column_is_never_offered_a_wide_layout():
    assert suggest_mapping(NAMES, ["Name", "2015", "2016"]).wide is None


def test_reasons_name_missing_columns_period_columns_and_extra_columns():
    assert mapping_reasons(READINGS, ["Indicator code", "Area code", "Period", "Value"]) == []
    reasons = mapping_reasons(READINGS, ["Code", "Area code", "2015", "2016", "Owner"])
    assert reasons == [
        "The file has no column called 'Indicator code'",
        "The file has a column for each period ('2015', '2016')",
        "The file has columns this import does not recognise: 'Code', 'Owner'",
    ]


def test_extra_columns_are_not_a_reason_for_an_importer_that_expects_them():
    class Quiet(ReadingsImporter):
        ask_about_extra_columns = False

    assert mapping_reasons(Quiet(), ["Indicator code", "Area code", "Period", "Parent code"]) == []


# --- header_signature --------------------------------------------------------------------


def test_the_same_header_has_the_same_signature_whatever_its_order_case_and_spacing():
    assert header_signature(["Org name", "Kind", ""]) == header_signature(["kind", " ORG  NAME "])
    assert header_signature(["Org name", "Kind"]) != header_signature(["Org name", "Kind", "Notes"])


# --- apply_mapping -----------------------------------------------------------------------


def test_renamed_columns_are_read_as_the_importers_and_extra_columns_are_left_out():
    source = table("Ind,Where,When,Amount,Owner\nNI 154,E07000178,2019,12,Ann\n")
    mapping = ColumnMapping(
        columns={"indicator": "Ind", "area": "Where", "period": "When", "value": "Amount"}
    )
    mapped = apply_mapping(source, mapping)
    assert mapped.headings == ["indicator", "area", "period", "value"]
    assert mapped.rows == [(2, ["NI 154", "E07000178", "2019", "12"])]
    assert mapped.ignored == ["Owner"]
    result = validate_table(READINGS, mapped, imports.ImportContext(partnership_id=1))
    assert result.ok and result.ignored_columns == ["Owner"]
    assert result.rows[0].data["indicator"] == "NI 154"


def test_a_fixed_value_fills_a_column_the_file_lacks():
    source = table("Area code,Period,Value\nE07000178,2019,12\nE07000177,2019,13\n")
    mapping = ColumnMapping(
        columns={"area": "Area code", "period": "Period", "value": "Value"}, fixed={"indicator": "NI 154"}
    )
    result = validate_table(READINGS, apply_mapping(source, mapping), imports.ImportContext(partnership_id=1))
    assert result.ok
    assert [r.data["indicator"] for r in result.rows] == ["NI 154", "NI 154"]


def test_a_wide_layout_melts_into_one_row_per_cell_keeping_the_files_row_numbers():
    source = table("Indicator code,Area code,2015,2016/17,Comment\nNI 154,E1,10,11,x\nNI 154,E2,,12,\n")
    mapping = suggest_mapping(READINGS, source.headings)
    mapped = apply_mapping(source, mapping)
    assert mapped.headings == ["indicator", "area", "period", "value"]
    assert mapped.rows == [
        (2, ["NI 154", "E1", "2015", "10"]),
        (2, ["NI 154", "E1", "2016/17", "11"]),
        (3, ["NI 154", "E2", "2016/17", "12"]),
    ]
    assert mapped.ignored == ["Comment"]


def test_a_problem_in_a_melted_cell_names_the_row_and_the_original_heading():
    source = table("Indicator code,Area code,2015,2016/17\nNI 154,E1,10,lots\n")
    result = validate_table(
        READINGS, apply_mapping(source, suggest_mapping(READINGS, source.headings)), imports.ImportContext(1)
    )
    assert [str(p) for p in result.problems] == ["Row 2, column '2016/17': Enter a number"]


def test_a_problem_in_a_renamed_column_names_the_files_heading():
    source = table("Ind,Area code,When\nNI 154,E1,someday\n")
    mapping = ColumnMapping(columns={"indicator": "Ind", "area": "Area code", "period": "When"})
    result = validate_table(READINGS, apply_mapping(source, mapping), imports.ImportContext(1))
    assert [(p.row, p.column) for p in result.problems] == [(2, "When")]


def test_a_mapping_naming_a_heading_the_file_lacks_does_not_fit():
    with pytest.raises(MappingDoesNotFit, match="no column called 'Gone'"):
        apply_mapping(table("Name\nA\n"), ColumnMapping(columns={"name": "Gone"}))


def test_a_mapping_survives_its_json_form():
    mapping = ColumnMapping(
        columns={"area": "Where"},
        fixed={"indicator": "NI 154"},
        wide=WideLayout(("2015",), "period", "value"),
    )
    assert ColumnMapping.from_json(mapping.as_json()) == mapping


def test_a_saved_mapping_is_fitted_to_a_header_spelt_differently():
    saved = ColumnMapping(
        columns={"name": "Org name", "sector": "Gone"}, wide=WideLayout(("2015",), "p", "v")
    )
    assert saved.fitted(["ORG  NAME", "2015"]) == ColumnMapping(
        columns={"name": "ORG  NAME"}, wide=WideLayout(("2015",), "p", "v")
    )


def test_the_mapping_page_gets_a_few_examples_of_each_column():
    described = describe_columns(table("Name,Kind,\nA,x,\nB,x,\nC,y,\nD,z,\n"))
    assert described == [
        {"heading": "Name", "examples": ["A", "B", "C"]},
        {"heading": "Kind", "examples": ["x", "y", "z"]},
    ]


cell = st.one_of(st.just(""), st.integers(0, 999).map(str))


@given(st.lists(st.lists(cell, min_size=3, max_size=3), max_size=30), st.sampled_from(["", "NI 1"]))
def test_melting_gives_one_row_per_non_blank_period_cell(grid, indicator):
    headings = ["Area code", "2015", "2016", "2017"]
    rows = [(n, [f"E{n}", *cells]) for n, cells in enumerate(grid, start=2)]
    mapping = ColumnMapping(
        columns={"area": "Area code"},
        fixed={"indicator": indicator} if indicator else {},
        wide=WideLayout(("2015", "2016", "2017"), "period", "value"),
    )
    mapped = apply_mapping(Table(headings=headings, rows=rows), mapping)
    assert len(mapped.rows) == sum(1 for line in grid for c in line if c != "")
    assert len(mapped.row_sources or []) == len(mapped.rows)
    for (number, melted), heading in zip(mapped.rows, mapped.row_sources or [], strict=True):
        original = dict(zip(headings, rows[number - 2][1], strict=True))
        assert melted[mapped.headings.index("period")] == heading
        assert melted[mapped.headings.index("value")] == original[heading]
        assert melted[mapped.headings.index("area")] == f"E{number}"


# --- the pipeline's services with a mapping ----------------------------------------------


@pytest.fixture
def user(db):
    from django.contrib.auth import get_user_model

    return get_user_model().objects.create_user("ann@example.org", "a-long-password")


def _start(data: bytes, user, **options):
    import io

    from joinedup.core.imports.services import start_import

    imports.register(READINGS)
    stream = io.BytesIO(data)
    stream.name = "readings.csv"
    run = start_import(importer=READINGS, partnership_id=1, upload=stream, user=user, **options)
    run.refresh_from_db()
    return run


WIDE = b"Indicator code,Area code,2015,2016\nNI 154,E1,10,11\n"


def test_without_offer_mapping_a_file_is_checked_as_it_is(user):
    from joinedup.core.models import ImportRun

    run = _start(WIDE, user)
    assert run.status == ImportRun.Status.INVALID
    assert {e["column"] for e in run.errors} == {"Period"}


def test_with_offer_mapping_a_wide_file_waits_for_its_columns_to_be_matched(user):
    from joinedup.core.models import ImportRun

    run = _start(WIDE, user, offer_mapping=True)
    assert run.status == ImportRun.Status.NEEDS_MAPPING and run.errors == []
    assert [c["heading"] for c in run.file_columns] == ["Indicator code", "Area code", "2015", "2016"]


def test_a_mapping_given_to_start_import_is_applied_without_asking(user):
    from joinedup.core.models import ImportRun

    mapping = suggest_mapping(READINGS, ["Indicator code", "Area code", "2015", "2016"])
    run = _start(WIDE, user, offer_mapping=True, mapping=mapping)
    assert run.status == ImportRun.Status.READY and run.total_rows == 2


def test_choosing_a_mapping_checks_the_file_again_and_writing_applies_it(user):
    from joinedup.core.imports.services import choose_mapping, confirm_import
    from joinedup.core.models import AuditEntry, ImportRun

    run = _start(WIDE, user, offer_mapping=True)
    mapping = suggest_mapping(READINGS, ["Indicator code", "Area code", "2015", "2016"])
    run = choose_mapping(run=run, mapping=mapping, user=user)
    assert run.status == ImportRun.Status.READY and run.valid_rows == 2
    assert AuditEntry.objects.get(action="core.import_run.mapped").after == {"mapping": mapping.as_json()}
    run = confirm_import(run=run, user=user)
    run.refresh_from_db()
    assert run.status == ImportRun.Status.WRITTEN and run.written_rows == 2


def test_a_mapping_that_no_longer_fits_the_file_makes_the_run_invalid_with_a_plain_message(user):
    from joinedup.core.imports.services import choose_mapping
    from joinedup.core.models import ImportRun

    run = _start(WIDE, user, offer_mapping=True)
    run = choose_mapping(run=run, mapping=ColumnMapping(columns={"indicator": "Gone"}), user=user)
    assert run.status == ImportRun.Status.INVALID
    assert run.errors[0]["message"].startswith("The file has no column called 'Gone'")
