import datetime as dt

import pytest

from joinedup.core.imports import get_importer
from joinedup.core.imports.services import confirm_import, start_import
from joinedup.core.models import AuditEntry, ImportRun
from joinedup.partnerships.tests.factories import OrganisationFactory, PersonFactory
from joinedup.partnerships.tests.import_support import csv_upload, make_partnership, make_user, xlsx_bytes
from joinedup.strategy.models import Action, ActionStatus
from joinedup.strategy.tests.risk_factories import ProgrammeFactory

HEADER = "Programme,Title,Description,Lead organisation,Lead person,Start,Due,Status,Percent\n"


@pytest.fixture
def partnership(db):
    partnership = make_partnership("isisbury", "Isisbury City Partnership")
    ProgrammeFactory(partnership=partnership, title="Regeneration Framework")
    OrganisationFactory(partnership=partnership, name="Isisbury City Council")
    PersonFactory(partnership=partnership, full_name="Priya Shah", email="")
    return partnership


@pytest.fixture
def editor(partnership):
    return make_user(partnership, "editor", "editor@example.org")


def run_import(partnership, user, text=None, *, data=None, name="actions.csv"):
    upload = csv_upload(text or "", name)
    if data is not None:
        upload.seek(0)
        upload.truncate()
        upload.write(data)
        upload.seek(0)
    run = start_import(
        importer=get_importer("strategy.actions"), partnership_id=partnership.pk, upload=upload, user=user
    )
    run.refresh_from_db()
    return run


def problems(run):
    return [(e["row"], e["column"], e["message"]) for e in run.errors]


def test_actions_are_imported_into_programmes_by_title_with_leads_and_one_audit_entry(partnership, editor):
    run = run_import(
        partnership,
        editor,
        HEADER + "regeneration framework,Open the enterprise hub,Refit the old library,Isisbury City Council,"
        "priya shah,01/04/2026,31/03/2027,On track,25\n"
        + "Regeneration Framework,Agree the masterplan,,,,,,complete,\n",
    )
    assert run.status == ImportRun.Status.READY, run.errors
    assert run.plan == ["2 actions will be added to 1 programme"]
    confirm_import(run=run, user=editor)
    run.refresh_from_db()
    assert run.status == ImportRun.Status.WRITTEN
    hub = Action.objects.get(title="Open the enterprise hub")
    assert hub.programme.title == "Regeneration Framework"
    assert hub.lead_organisation.name == "Isisbury City Council"
    assert hub.lead_person.full_name == "Priya Shah"
    assert (hub.start_date, hub.due_date, hub.status, hub.percent_complete) == (
        dt.date(2026, 4, 1),
        dt.date(2027, 3, 31),
        ActionStatus.ON_TRACK,
        25,
    )
    done = Action.objects.get(title="Agree the masterplan")
    assert (done.status, done.percent_complete) == (ActionStatus.COMPLETE, 100)
    assert done.completed_on is not None
    entry = AuditEntry.objects.get(action="strategy.actions.imported")
    assert entry.summary == "Imported 2 actions from actions.csv"


def test_every_problem_is_reported_by_row_and_column_and_nothing_is_written(partnership, editor):
    run = run_import(
        partnership,
        editor,
        HEADER
        + "Regeneration Framework,Good row,,,,,,,\n"
        + "No such programme,Bad programme,,,,,,,\n"
        + "Regeneration Framework,Bad leads,,Nobody Council,Nobody,,,,\n"
        + "Regeneration Framework,Bad values,,,,31/03/2027,01/04/2026,Sleeping,150\n"
        + "Regeneration Framework,Good row,,,,,,,\n",
    )
    assert run.status == ImportRun.Status.INVALID
    found = problems(run)
    assert (
        3,
        "Programme",
        "There is no programme called 'No such programme' in this partnership. Add it first",
    ) in found
    assert any(r == 4 and c == "Lead organisation" for r, c, _ in found)
    assert any(r == 4 and c == "Lead person" for r, c, _ in found)
    assert any(r == 5 and c == "Due" for r, c, _ in found)
    assert any(r == 5 and c == "Status" and m.startswith("Select a status from") for r, c, m in found)
    assert any(r == 5 and c == "Percent" for r, c, _ in found)
    assert (6, "Title", "Row 2 already adds 'Good row' to this programme") in found
    assert not Action.objects.exists()


def test_a_missing_required_column_is_reported_once_for_the_file(partnership, editor):
    run = run_import(partnership, editor, "Title,Due\nOpen the hub,31/03/2027\nAnother,31/03/2027\n")
    assert run.status == ImportRun.Status.INVALID
    assert [e for e in problems(run) if e[1] == "Programme"] == [
        (None, "Programme", "The file has no column with this heading. Use the template's headings")
    ]
    assert not Action.objects.exists()


def test_actions_import_from_xlsx_with_real_dates(partnership, editor):
    data = xlsx_bytes(
        [
            ["Programme", "Title", "Start", "Due", "Status", "Percent"],
            [
                "Regeneration Framework",
                "Open the hub",
                dt.datetime(2026, 4, 1),
                dt.datetime(2027, 3, 31),
                "At risk",
                10,
            ],
        ]
    )
    run = run_import(partnership, editor, data=data, name="actions.xlsx")
    assert run.status == ImportRun.Status.READY, run.errors
    confirm_import(run=run, user=editor)
    action = Action.objects.get()
    assert (action.due_date, action.status, action.percent_complete) == (dt.date(2027, 3, 31), "at_risk", 10)


def test_programmes_of_another_partnership_are_not_found(partnership, editor):
    ProgrammeFactory(title="Their programme")
    run = run_import(partnership, editor, HEADER + "Their programme,Sneaky,,,,,,,\n")
    assert run.status == ImportRun.Status.INVALID
    assert problems(run)[0][1] == "Programme"


def test_the_actions_import_is_offered_on_the_shared_import_pages_with_a_template(
    partnership, editor, client
):
    client.force_login(editor)
    index = client.get(f"/p/{partnership.slug}/imports/").content.decode()
    assert "Import actions" in index
    assert client.get(f"/p/{partnership.slug}/imports/strategy.actions/").status_code == 200
    template = client.get(f"/p/{partnership.slug}/imports/strategy.actions/template.csv")
    assert template.content.decode("utf-8-sig").splitlines()[0].startswith("Programme,Title,Description")


def test_an_imported_complete_action_follows_the_same_completion_rules_as_one_added_by_hand(
    partnership, editor, monkeypatch
):
    from joinedup.strategy.services import delivery

    applied = []
    shared = delivery.apply_completion_rules

    def spy(action):
        applied.append(action.title)
        shared(action)

    monkeypatch.setattr("joinedup.strategy.importers.apply_completion_rules", spy)
    run = run_import(
        partnership, editor, HEADER + "Regeneration Framework,Agree the masterplan,,,,,,Complete,\n"
    )
    confirm_import(run=run, user=editor)
    done = Action.objects.get(title="Agree the masterplan")
    assert applied == ["Agree the masterplan"]
    assert (done.percent_complete, done.completed_on is not None) == (100, True)


def test_an_import_run_is_audited_once_not_once_per_action(partnership, editor):
    run = run_import(
        partnership,
        editor,
        HEADER + "Regeneration Framework,First,,,,,,,\n" + "Regeneration Framework,Second,,,,,,,\n",
    )
    confirm_import(run=run, user=editor)
    assert AuditEntry.objects.filter(action="strategy.actions.imported").count() == 1
    assert not AuditEntry.objects.filter(action="strategy.action.created").exists()


def test_the_completion_rules_make_a_complete_action_whole_and_clear_the_day_otherwise():
    from joinedup.strategy.services.delivery import apply_completion_rules

    done = Action(status=ActionStatus.COMPLETE, percent_complete=40, completed_on=dt.date(2026, 3, 2))
    apply_completion_rules(done)
    reopened = Action(status=ActionStatus.ON_TRACK, percent_complete=40, completed_on=dt.date(2026, 3, 2))
    apply_completion_rules(reopened)
    assert (done.percent_complete, done.completed_on) == (100, dt.date(2026, 3, 2))
    assert (reopened.percent_complete, reopened.completed_on) == (40, None)
