"""The import pages under /p/<slug>/imports/: upload, preview, confirm, report, downloads."""

import io

import pytest
from openpyxl import load_workbook

from joinedup.core import jobs
from joinedup.core.models import ImportRun
from joinedup.partnerships.models import Organisation
from joinedup.partnerships.tests.import_support import csv_upload, make_partnership, make_user

ORGS = "partnerships.organisations"


@pytest.fixture
def partnership(db):
    return make_partnership()


@pytest.fixture
def editor(partnership):
    return make_user(partnership, "editor", "editor@example.org")


@pytest.fixture
def viewer(partnership):
    return make_user(partnership, "viewer", "viewer@example.org")


def url(partnership, rest=""):
    return f"/p/{partnership.slug}/imports/{rest}"


def upload(client, partnership, text, name="partners.csv"):
    return client.post(url(partnership, f"{ORGS}/"), {"file": csv_upload(text, name)})


def test_upload_page_documents_every_column_and_offers_templates(client, partnership, editor):
    client.force_login(editor)
    page = client.get(url(partnership, f"{ORGS}/")).content.decode()
    assert '<h1 class="govuk-heading-l">Import organisations</h1>' in page
    for heading in ("Name", "Sector", "Statutory basis", "Website"):
        assert f'<th scope="row" class="govuk-table__header">{heading}</th>' in page
    assert "One of: Local government; Police;" in page
    assert f"{ORGS}/template.xlsx" in page and f"{ORGS}/template.csv" in page


def test_the_xlsx_template_has_the_importers_headings(client, partnership, editor):
    client.force_login(editor)
    response = client.get(url(partnership, f"{ORGS}/template.xlsx"))
    assert response["Content-Disposition"] == 'attachment; filename="organisations-template.xlsx"'
    sheet = load_workbook(io.BytesIO(response.content)).worksheets[0]
    assert [c.value for c in sheet[1]] == ["Name", "Sector", "Statutory basis", "Website", "Short name"]


def test_a_clean_file_is_previewed_and_written_only_when_confirmed(client, partnership, editor):
    client.force_login(editor)
    response = upload(client, partnership, "Name,Sector\nOxford City Council,Local government\n")
    run = ImportRun.objects.get()
    assert response.status_code == 302 and response["Location"] == url(partnership, f"runs/{run.pk}/")
    page = client.get(response["Location"]).content.decode()
    assert "1 organisation will be added" in page
    assert "Oxford City Council" in page
    assert "Import 1 row" in page
    assert not Organisation.objects.exists()

    response = client.post(url(partnership, f"runs/{run.pk}/confirm/"))
    assert response.status_code == 302
    page = client.get(response["Location"]).content.decode()
    assert "Import complete" in page and "1 organisation added" in page
    assert partnership.organisations.get().name == "Oxford City Council"


def test_errors_are_shown_100_at_a_time_with_the_full_list_as_csv(client, partnership, editor):
    client.force_login(editor)
    rows = "".join(f"Partner {n},Shops\n" for n in range(120))
    upload(client, partnership, "Name,Sector\n" + rows)
    run = ImportRun.objects.get()
    page = client.get(url(partnership, f"runs/{run.pk}/")).content.decode()
    assert "Nothing has been imported" in page
    assert "the first 100 of 120" in page
    assert page.count("Select a sector from:") == 100
    download = client.get(url(partnership, f"runs/{run.pk}/errors.csv"))
    assert download["Content-Disposition"] == 'attachment; filename="partners-errors.csv"'
    lines = download.content.decode("utf-8-sig").strip().split("\r\n")
    assert len(lines) == 121 and lines[-1].startswith("121,Sector,")


def test_a_web_page_named_xlsx_is_refused_on_the_form(client, partnership, editor):
    client.force_login(editor)
    response = client.post(
        url(partnership, f"{ORGS}/"), {"file": csv_upload("<html><body>hello</body></html>", "partners.xlsx")}
    )
    assert response.status_code == 200
    assert "The selected file is a web page, not a document or spreadsheet" in response.content.decode()
    assert "There is a problem" in response.content.decode()
    assert not ImportRun.objects.exists()


def test_choosing_no_file_says_select_a_file(client, partnership, editor):
    client.force_login(editor)
    response = client.post(url(partnership, f"{ORGS}/"), {})
    assert "Select a file" in response.content.decode()


def test_viewers_cannot_upload_or_confirm(client, partnership, editor, viewer):
    client.force_login(editor)
    upload(client, partnership, "Name,Sector\nOxford City Council,Local government\n")
    run = ImportRun.objects.get()
    client.force_login(viewer)
    assert client.get(url(partnership, f"{ORGS}/")).status_code == 403
    assert client.post(url(partnership, f"runs/{run.pk}/confirm/")).status_code == 403
    assert client.get(url(partnership, f"runs/{run.pk}/")).status_code == 403
    run.refresh_from_db()
    assert run.status == ImportRun.Status.READY and not Organisation.objects.exists()


def test_a_run_from_another_partnership_is_not_found(client, partnership, editor):
    client.force_login(editor)
    upload(client, partnership, "Name,Sector\nOxford City Council,Local government\n")
    run = ImportRun.objects.get()
    other = make_partnership("cherwell", "Cherwell Partnership")
    # An admin of another partnership asks for this run through their own slug, then ours.
    client.force_login(make_user(other, "admin", "admin@cherwell.example"))
    assert client.get(f"/p/{other.slug}/imports/runs/{run.pk}/").status_code == 404
    assert client.get(url(partnership, f"runs/{run.pk}/")).status_code == 404


def test_the_imports_page_lists_only_what_the_role_may_use(client, partnership, editor, viewer):
    client.force_login(editor)
    page = client.get(url(partnership)).content.decode()
    assert "Import organisations" in page and "Import people" in page and "Import memberships" in page
    client.force_login(viewer)
    page = client.get(url(partnership)).content.decode()
    assert "Import organisations" not in page
    assert "does not let you import anything" in page


def test_the_uploaded_file_is_downloaded_as_an_attachment(client, partnership, editor):
    client.force_login(editor)
    upload(client, partnership, "Name,Sector\nOxford City Council,Local government\n")
    run = ImportRun.objects.get()
    response = client.get(url(partnership, f"runs/{run.pk}/file/"))
    assert response["Content-Disposition"] == 'attachment; filename="partners.csv"'
    assert response["X-Content-Type-Options"] == "nosniff"


def test_htmx_polling_gets_only_the_status_partial(client, partnership, editor):
    client.force_login(editor)
    upload(client, partnership, "Name,Sector\nOxford City Council,Local government\n")
    run = ImportRun.objects.get()
    html = client.get(url(partnership, f"runs/{run.pk}/"), headers={"HX-Request": "true"}).content.decode()
    assert html.lstrip().startswith('<div id="import-run" aria-live="polite"')
    assert "<html" not in html


def test_a_run_still_being_checked_refreshes_itself(client, partnership, editor):
    client.force_login(editor)
    upload(client, partnership, "Name,Sector\nOxford City Council,Local government\n")
    run = ImportRun.objects.get()
    ImportRun.objects.filter(pk=run.pk).update(status=ImportRun.Status.VALIDATING)
    page = client.get(url(partnership, f"runs/{run.pk}/")).content.decode()
    assert '<meta http-equiv="refresh" content="3">' in page
    assert 'hx-trigger="every 2s"' in page


def test_a_busy_run_shows_its_job_through_the_shared_progress_component(client, partnership, editor):
    client.force_login(editor)
    upload(client, partnership, "Name,Sector\nOxford City Council,Local government\n")
    run = ImportRun.objects.get()
    job = jobs.start_job(kind="import", title="Checking", partnership_id=partnership.pk, total=10)
    jobs.report_progress(job.pk, done=4, message="Checking rows")
    ImportRun.objects.filter(pk=run.pk).update(status=ImportRun.Status.VALIDATING, job=job)
    response = client.get(url(partnership, f"runs/{run.pk}/"))
    assert "core/components/progress.html" in [t.name for t in response.templates]
    page = response.content.decode()
    assert f'<div id="import-run" aria-live="polite" hx-get="{url(partnership, f"runs/{run.pk}/")}"' in page
    assert "4 of 10 rows (40%)" in page and "Checking rows" in page
    assert "This page updates itself every few seconds." in page


def test_a_checked_run_stops_refreshing_and_polling(client, partnership, editor):
    client.force_login(editor)
    upload(client, partnership, "Name,Sector\nOxford City Council,Local government\n")
    run = ImportRun.objects.get()
    assert run.status == ImportRun.Status.READY
    response = client.get(url(partnership, f"runs/{run.pk}/"))
    page = response.content.decode()
    assert "core/components/progress.html" in [t.name for t in response.templates]
    assert '<meta http-equiv="refresh"' not in page and "hx-get" not in page
    assert 'aria-live="polite"' in page and "What will happen" in page
