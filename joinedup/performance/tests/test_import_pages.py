"""The shared import pages with the observation importers: upload, preview, confirm, the import
history (who, what, when, rows, file, status) and undoing a run after a warning."""

from __future__ import annotations

import pytest
from django.urls import reverse

from joinedup.core.imports.undo import undo_import
from joinedup.core.models import ImportRun
from joinedup.partnerships.models import Role
from joinedup.partnerships.tests.factories import PartnershipFactory, user_with_role
from joinedup.performance.models import Observation
from joinedup.performance.tests.factories_imports import area, confirm, local_indicator, run_import, upload

HEADER = "Indicator code,Area code,Period,Value,Note\r\n"


@pytest.fixture
def partnership(db):
    return PartnershipFactory(slug="isisbury", name="Isisbury Partnership")


@pytest.fixture
def editor(partnership):
    return user_with_role(partnership, Role.EDITOR, full_name="Erin Editor")


@pytest.fixture
def homes(partnership):
    area("E06000052", "Cornwall")
    return local_indicator(partnership, code="NI 154")


@pytest.fixture
def signed_in(client, editor):
    client.force_login(editor)
    return client


def url(name: str, partnership, **kwargs) -> str:
    return reverse(f"partnerships:{name}", kwargs={"slug": partnership.slug, **kwargs})


def test_uploading_previewing_and_confirming_through_the_pages(signed_in, partnership, homes):
    response = signed_in.post(
        url("import_upload", partnership, importer="performance.observations"),
        {"file": upload(f"{HEADER}NI 154,E06000052,2019/20,5,\r\n")},
    )
    run = ImportRun.objects.get()
    assert response.status_code == 302
    page = signed_in.get(url("import_run", partnership, run_id=run.pk)).content.decode()
    assert "1 new values will be added" in page
    signed_in.post(url("import_confirm", partnership, run_id=run.pk))
    assert Observation.objects.get().value == 5
    page = signed_in.get(url("import_run", partnership, run_id=run.pk)).content.decode()
    assert "Undo this import" in page


def test_the_history_shows_who_what_when_rows_file_status_and_undo(signed_in, partnership, editor, homes):
    run = confirm(
        run_import(
            "performance.observations",
            f"{HEADER}NI 154,E06000052,2020,5,\r\n",
            partnership=partnership,
            user=editor,
        ),
        editor,
    )
    page = signed_in.get(url("import_history", partnership)).content.decode()
    assert "values.csv" in page and "Import performance data" in page
    assert "Erin Editor" in page and "1 written" in page and "Imported" in page
    assert url("import_file", partnership, run_id=run.pk) in page
    assert url("import_undo", partnership, run_id=run.pk) in page


def test_the_history_hides_runs_of_imports_the_role_cannot_use(client, partnership, editor, homes):
    confirm(
        run_import(
            "performance.observations",
            f"{HEADER}NI 154,E06000052,2020,5,\r\n",
            partnership=partnership,
            user=editor,
        ),
        editor,
    )
    client.force_login(user_with_role(partnership, Role.VIEWER))
    page = client.get(url("import_history", partnership)).content.decode()
    assert "values.csv" not in page and "Nothing has been imported yet" in page


def test_the_history_shows_only_this_partnerships_runs(signed_in, partnership, editor, homes):
    other = PartnershipFactory(slug="elsewhere")
    other_editor = user_with_role(other, Role.EDITOR)
    local_indicator(other, code="NI 154")
    run_import(
        "performance.observations",
        f"{HEADER}NI 154,E06000052,2020,5,\r\n",
        partnership=other,
        user=other_editor,
        name="theirs.csv",
    )
    page = signed_in.get(url("import_history", partnership)).content.decode()
    assert "theirs.csv" not in page


def test_undo_asks_first_with_a_warning_then_undoes(signed_in, partnership, editor, homes):
    run = confirm(
        run_import(
            "performance.observations",
            f"{HEADER}NI 154,E06000052,2020,5,\r\n",
            partnership=partnership,
            user=editor,
        ),
        editor,
    )
    page = signed_in.get(url("import_undo", partnership, run_id=run.pk)).content.decode()
    assert "govuk-warning-text" in page and "Undo this import" in page
    assert Observation.objects.count() == 1
    response = signed_in.post(url("import_undo", partnership, run_id=run.pk))
    assert response.status_code == 302 and response.url == url("import_history", partnership)
    assert not Observation.objects.exists()
    run.refresh_from_db()
    assert run.status == ImportRun.Status.UNDONE
    page = signed_in.get(url("import_history", partnership)).content.decode()
    assert "Undone" in page and url("import_undo", partnership, run_id=run.pk) not in page


def test_undo_that_is_refused_says_why_and_changes_nothing(signed_in, partnership, editor, homes):
    first = confirm(
        run_import(
            "performance.observations",
            f"{HEADER}NI 154,E06000052,2020,5,\r\n",
            partnership=partnership,
            user=editor,
        ),
        editor,
    )
    confirm(
        run_import(
            "performance.observations",
            f"{HEADER}NI 154,E06000052,2020,6,\r\n",
            partnership=partnership,
            user=editor,
        ),
        editor,
    )
    page = signed_in.get(url("import_undo", partnership, run_id=first.pk)).content.decode()
    assert "This import cannot be undone" in page and "revised since" in page
    assert "govuk-button--warning" not in page
    response = signed_in.post(url("import_undo", partnership, run_id=first.pk))
    assert response.status_code == 409
    assert Observation.objects.count() == 2


def test_a_viewer_cannot_undo(client, partnership, editor, homes):
    run = confirm(
        run_import(
            "performance.observations",
            f"{HEADER}NI 154,E06000052,2020,5,\r\n",
            partnership=partnership,
            user=editor,
        ),
        editor,
    )
    client.force_login(user_with_role(partnership, Role.VIEWER))
    assert client.post(url("import_undo", partnership, run_id=run.pk)).status_code == 403
    assert Observation.objects.count() == 1


def test_an_import_that_cannot_be_undone_has_no_undo_page(signed_in, partnership, editor):
    data = "Name,Sector\r\nIsisbury Fire and Rescue,Fire and rescue\r\n"
    run = confirm(
        run_import("partnerships.organisations", data, partnership=partnership, user=editor), editor
    )
    assert run.status == ImportRun.Status.WRITTEN
    assert signed_in.get(url("import_undo", partnership, run_id=run.pk)).status_code == 404
    from joinedup.core.imports.undo import UndoRefused

    with pytest.raises(UndoRefused, match="This kind of import cannot be undone"):
        undo_import(run=run, user=editor)
