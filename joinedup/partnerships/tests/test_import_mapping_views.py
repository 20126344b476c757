"""The column-mapping step of the import pages (/p/<slug>/imports/runs/<id>/columns/): files
edited by hand are matched to the importer's columns, the mapping can be saved under a name
and is offered again for a file with the same header (docs/adr/0019-column-mapping.md).

These tests run through the partnerships room's organisations importer, and the wide layout
through a small importer with a period and a value registered here, so the step is proved
without the rooms above. The performance room's `performance.observations` importer has its
own mapping tests (wide and renamed files) in
joinedup/performance/tests/test_import_mapping_observations.py."""

import pytest

from joinedup.core import imports
from joinedup.core.models import AuditEntry, ImportRun, SavedColumnMapping
from joinedup.core.tests.test_import_mapping import ReadingsImporter
from joinedup.partnerships.models import Organisation
from joinedup.partnerships.tests.import_support import csv_upload, make_partnership, make_user, xlsx_bytes

ORGS = "partnerships.organisations"
RENAMED = "Organisation name,Type,Notes\nOxford City Council,Local government,call Ann\n"


@pytest.fixture
def partnership(db):
    return make_partnership()


@pytest.fixture
def editor(partnership):
    return make_user(partnership, "editor", "editor@example.org")


@pytest.fixture
def readings():
    return imports.register(ReadingsImporter())


def url(partnership, rest=""):
    return f"/p/{partnership.slug}/imports/{rest}"


def upload(client, partnership, text, importer=ORGS, name="partners.csv"):
    response = client.post(url(partnership, f"{importer}/"), {"file": csv_upload(text, name)})
    assert response.status_code == 302, response.content.decode()
    return ImportRun.objects.latest("pk")


def mapping_url(partnership, run):
    return url(partnership, f"runs/{run.pk}/columns/")


def choose(**columns):
    """The mapping form's POST body: col__<key>=file:<heading> / fixed values / the rest."""
    body = {}
    for key, value in columns.items():
        if key.startswith(("fixed__", "wide_", "save_as")):
            body[key] = value
        else:
            body[f"col__{key}"] = f"file:{value}" if value else ""
    return body


def test_renamed_and_extra_columns_stop_at_the_mapping_step_and_import_once_matched(
    client, partnership, editor
):
    client.force_login(editor)
    run = upload(client, partnership, RENAMED)
    assert (
        run.status == ImportRun.Status.NEEDS_MAPPING and run.job.message == "The file's columns need matching"
    )
    response = client.get(url(partnership, f"runs/{run.pk}/"))
    assert response.status_code == 302 and response["Location"] == mapping_url(partnership, run)

    page = client.get(mapping_url(partnership, run)).content.decode()
    assert "The file has no column called &#x27;Name&#x27;, &#x27;Sector&#x27;" in page
    assert (
        "The file has columns this import does not recognise: "
        "&#x27;Organisation name&#x27;, &#x27;Type&#x27;, &#x27;Notes&#x27;" in page
    )
    assert '<option value="file:Type">Type (for example: Local government)</option>' in page

    response = client.post(mapping_url(partnership, run), choose(name="Organisation name", sector="Type"))
    assert response.status_code == 302 and response["Location"] == url(partnership, f"runs/{run.pk}/")
    run.refresh_from_db()
    assert run.status == ImportRun.Status.READY, run.errors
    assert run.mapping == {"columns": {"name": "Organisation name", "sector": "Type"}, "fixed": {}}
    assert run.ignored_columns == ["Notes"]
    page = client.get(url(partnership, f"runs/{run.pk}/")).content.decode()
    assert "Matched by hand" in page and "Oxford City Council" in page

    client.post(url(partnership, f"runs/{run.pk}/confirm/"))
    assert partnership.organisations.get().name == "Oxford City Council"


def test_a_file_whose_columns_match_goes_straight_to_the_preview_with_a_way_to_change_them(
    client, partnership, editor
):
    client.force_login(editor)
    run = upload(client, partnership, "name,SECTOR\nOxford City Council,Local government\n")
    assert run.status == ImportRun.Status.READY and run.mapping is None
    page = client.get(url(partnership, f"runs/{run.pk}/")).content.decode()
    assert f'href="{mapping_url(partnership, run)}">Change how columns are matched</a>' in page

    page = client.get(mapping_url(partnership, run)).content.decode()
    assert '<option value="file:name" selected>name' in page
    # Take the sector for the whole file instead of from its column.
    response = client.post(
        mapping_url(partnership, run), {**choose(name="name", sector=""), "fixed__sector": "Police"}
    )
    assert response.status_code == 302
    run.refresh_from_db()
    assert run.status == ImportRun.Status.READY and run.ignored_columns == ["SECTOR"]
    client.post(url(partnership, f"runs/{run.pk}/confirm/"))
    assert partnership.organisations.get().sector == "police"


def test_a_wide_layout_with_one_column_per_year_becomes_one_row_per_cell(
    client, partnership, editor, readings
):
    client.force_login(editor)
    text = "Indicator code,Area code,2015,2016/17,2017/18\nNI 154,E07000178,10,11,\nNI 154,E07000177,,12,13\n"
    run = upload(client, partnership, text, importer=readings.name)
    assert run.status == ImportRun.Status.NEEDS_MAPPING

    page = client.get(mapping_url(partnership, run)).content.decode()
    assert (
        "The file has a column for each period (&#x27;2015&#x27;, &#x27;2016/17&#x27;, &#x27;2017/18&#x27;)"
        in page
    )
    assert 'name="wide_headings" type="checkbox" value="2016/17" checked' in page

    body = {
        **choose(indicator="Indicator code", area="Area code", period="", value=""),
        "wide_headings": ["2015", "2016/17", "2017/18"],
        "wide_heading_column": "period",
        "wide_value_column": "value",
    }
    assert client.post(mapping_url(partnership, run), body).status_code == 302
    run.refresh_from_db()
    assert run.status == ImportRun.Status.READY, run.errors
    assert run.total_rows == 4 and run.valid_rows == 4
    assert [cells[2] for _number, cells in run.preview["rows"]] == ["2015", "2016/17", "2016/17", "2017/18"]
    assert [number for number, _cells in run.preview["rows"]] == [2, 2, 3, 3]


def test_a_problem_in_a_wide_cell_names_the_files_row_and_year_column(client, partnership, editor, readings):
    client.force_login(editor)
    run = upload(
        client, partnership, "Indicator code,Area code,2015,2016\nNI 154,E1,10,n/a\n", importer=readings.name
    )
    body = {
        **choose(indicator="Indicator code", area="Area code"),
        "wide_headings": ["2015", "2016"],
        "wide_heading_column": "period",
        "wide_value_column": "value",
    }
    client.post(mapping_url(partnership, run), body)
    run.refresh_from_db()
    assert run.status == ImportRun.Status.INVALID
    assert run.errors == [{"row": 2, "column": "2016", "message": "Enter a number"}]


def test_a_value_for_every_row_fills_a_column_the_file_lacks(client, partnership, editor, readings):
    client.force_login(editor)
    run = upload(client, partnership, "Area code,2019\nE1,10\n", importer=readings.name)
    body = {
        **choose(area="Area code", indicator=""),
        "fixed__indicator": "NI 154",
        "wide_headings": ["2019"],
        "wide_heading_column": "period",
        "wide_value_column": "value",
    }
    client.post(mapping_url(partnership, run), body)
    run.refresh_from_db()
    assert run.status == ImportRun.Status.READY
    assert run.preview["rows"] == [[2, ["NI 154", "E1", "2019", "10"]]]


def test_a_required_column_matched_to_nothing_gets_a_clear_message(client, partnership, editor):
    client.force_login(editor)
    run = upload(client, partnership, RENAMED)
    response = client.post(mapping_url(partnership, run), choose(name="Organisation name", sector=""))
    page = response.content.decode()
    assert response.status_code == 200 and "There is a problem" in page
    assert (
        "Choose the column in your file that holds the sector, or enter a value for every row: "
        "every row needs one" in page
    )
    run.refresh_from_db()
    assert run.status == ImportRun.Status.NEEDS_MAPPING and run.mapping is None


def test_mapping_errors_are_shown_with_what_the_user_chose(client, partnership, editor):
    client.force_login(editor)
    run = upload(client, partnership, RENAMED)
    body = {
        **choose(name="Organisation name", sector="Type", website="Notes"),
        "fixed__sector": "Police",
        "col__short_name": "fixed",
        "save_as": "Partner list from the county",
    }
    page = client.post(mapping_url(partnership, run), body).content.decode()
    assert "Choose a column for the sector or enter a value for every row, not both" in page
    assert "Enter the short name to use for every row" in page
    # What was chosen is shown again.
    assert '<option value="file:Notes" selected>' in page
    assert 'value="Police"' in page and 'value="Partner list from the county"' in page
    assert '<option value="fixed" selected>' in page
    assert not SavedColumnMapping.objects.exists()


def test_a_saved_mapping_is_offered_again_for_a_file_with_the_same_header(client, partnership, editor):
    client.force_login(editor)
    first = upload(client, partnership, RENAMED)
    body = {**choose(name="Organisation name", sector="Type"), "save_as": "County partner list"}
    client.post(mapping_url(partnership, first), body)
    saved = SavedColumnMapping.objects.get()
    assert (saved.partnership_id, saved.importer, saved.name) == (partnership.pk, ORGS, "County partner list")
    assert saved.headings == ["Organisation name", "Type", "Notes"]

    # Same headings, other order and case: offered, pre-selected, and named.
    second = upload(client, partnership, "type,ORGANISATION NAME,Notes\nPolice,Thames Valley Police,\n")
    assert second.status == ImportRun.Status.NEEDS_MAPPING
    page = client.get(mapping_url(partnership, second)).content.decode()
    assert "We used your saved mapping 'County partner list'" in page
    assert '<option value="file:ORGANISATION NAME" selected>' in page
    assert '<option value="file:type" selected>' in page
    client.post(mapping_url(partnership, second), choose(name="ORGANISATION NAME", sector="type"))
    second.refresh_from_db()
    assert second.status == ImportRun.Status.READY, second.errors

    # A different header is not offered it.
    third = upload(client, partnership, "Organisation name,Kind\nThames Valley Police,Police\n")
    page = client.get(mapping_url(partnership, third)).content.decode()
    assert "We used your saved mapping" not in page


def test_another_partnerships_saved_mapping_is_never_offered(client, partnership, editor):
    other = make_partnership("cherwell", "Cherwell Partnership")
    other_admin = make_user(other, "admin", "admin@cherwell.example")
    client.force_login(other_admin)
    theirs = client.post(f"/p/{other.slug}/imports/{ORGS}/", {"file": csv_upload(RENAMED, "partners.csv")})
    assert theirs.status_code == 302
    their_run = ImportRun.objects.get(partnership_id=other.pk)
    body = {**choose(name="Organisation name", sector="Type"), "save_as": "Cherwell list"}
    client.post(f"/p/{other.slug}/imports/runs/{their_run.pk}/columns/", body)
    assert SavedColumnMapping.objects.filter(partnership_id=other.pk).exists()

    client.force_login(editor)
    run = upload(client, partnership, RENAMED)
    page = client.get(mapping_url(partnership, run)).content.decode()
    assert "Cherwell list" not in page and "We used your saved mapping" not in page
    # Nor can their run's mapping page be reached from here.
    assert client.get(f"/p/{partnership.slug}/imports/runs/{their_run.pk}/columns/").status_code == 404


def test_saving_a_mapping_is_audited(client, partnership, editor):
    client.force_login(editor)
    run = upload(client, partnership, RENAMED)
    body = {**choose(name="Organisation name", sector="Type"), "save_as": "County partner list"}
    client.post(mapping_url(partnership, run), body)
    entry = AuditEntry.objects.get(action="core.import_mapping.saved")
    assert entry.partnership_id == partnership.pk and entry.actor_user == editor
    assert entry.summary == "Saved the column mapping 'County partner list' (from partners.csv)"
    assert entry.after["mapping"] == {"columns": {"name": "Organisation name", "sector": "Type"}, "fixed": {}}


def test_a_name_used_for_another_header_is_refused_and_the_same_header_updates_it(
    client, partnership, editor
):
    client.force_login(editor)
    first = upload(client, partnership, RENAMED)
    client.post(
        mapping_url(partnership, first),
        {**choose(name="Organisation name", sector="Type"), "save_as": "County list"},
    )
    other = upload(client, partnership, "Org,Type\nThames Valley Police,Police\n")
    page = client.post(
        mapping_url(partnership, other), {**choose(name="Org", sector="Type"), "save_as": "county list"}
    ).content.decode()
    assert "You already have a mapping called &#x27;County list&#x27; for files with other columns" in page
    other.refresh_from_db()
    assert other.status == ImportRun.Status.NEEDS_MAPPING

    again = upload(client, partnership, RENAMED)
    client.post(
        mapping_url(partnership, again),
        {**choose(name="Organisation name", sector="Type", short_name="Notes"), "save_as": "County list"},
    )
    saved = SavedColumnMapping.objects.get()
    assert saved.mapping["columns"]["short_name"] == "Notes"
    assert AuditEntry.objects.filter(action="core.import_mapping.updated").count() == 1


def test_htmx_polling_of_a_run_that_needs_its_columns_matched_is_sent_to_the_mapping_page(
    client, partnership, editor
):
    client.force_login(editor)
    run = upload(client, partnership, RENAMED)
    response = client.get(url(partnership, f"runs/{run.pk}/"), headers={"HX-Request": "true"})
    assert response["HX-Redirect"] == mapping_url(partnership, run)
    assert "Match the columns" in response.content.decode()


def test_the_columns_of_a_written_import_cannot_be_changed(client, partnership, editor):
    client.force_login(editor)
    run = upload(client, partnership, "Name,Sector\nOxford City Council,Local government\n")
    client.post(url(partnership, f"runs/{run.pk}/confirm/"))
    response = client.post(mapping_url(partnership, run), choose(name="Name", sector="Sector"))
    assert response.status_code == 302 and response["Location"] == url(partnership, f"runs/{run.pk}/")
    run.refresh_from_db()
    assert run.status == ImportRun.Status.WRITTEN and run.mapping is None
    assert Organisation.objects.count() == 1


def test_viewers_cannot_match_columns(client, partnership, editor):
    client.force_login(editor)
    run = upload(client, partnership, RENAMED)
    client.force_login(make_user(partnership, "viewer", "viewer@example.org"))
    assert client.get(mapping_url(partnership, run)).status_code == 403
    assert (
        client.post(
            mapping_url(partnership, run), choose(name="Organisation name", sector="Type")
        ).status_code
        == 403
    )


def test_an_xlsx_with_years_as_number_headings_is_offered_as_a_wide_layout(
    client, partnership, editor, readings
):
    client.force_login(editor)
    data = xlsx_bytes([["Indicator code", "Area code", 2015, 2016], ["NI 154", "E1", 10.5, 12]])
    stream = csv_upload("", "wide.xlsx")
    stream.seek(0)
    stream.truncate()
    stream.write(data)
    stream.seek(0)
    assert client.post(url(partnership, f"{readings.name}/"), {"file": stream}).status_code == 302
    run = ImportRun.objects.latest("pk")
    assert run.status == ImportRun.Status.NEEDS_MAPPING
    page = client.get(mapping_url(partnership, run)).content.decode()
    assert 'name="wide_headings" type="checkbox" value="2015" checked' in page
    body = {
        **choose(indicator="Indicator code", area="Area code"),
        "wide_headings": ["2015", "2016"],
        "wide_heading_column": "period",
        "wide_value_column": "value",
    }
    client.post(mapping_url(partnership, run), body)
    run.refresh_from_db()
    assert run.status == ImportRun.Status.READY, run.errors
    assert [cells[2:] for _n, cells in run.preview["rows"]] == [["2015", "10.5"], ["2016", "12"]]
