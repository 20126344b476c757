"""Bulk imports of organisations, people and memberships through the shared pipeline."""

import datetime as dt

import pytest

from joinedup.core.imports import get_importer
from joinedup.core.imports.services import confirm_import, start_import
from joinedup.core.models import AuditEntry, ImportRun
from joinedup.partnerships.models import (
    Body,
    Layer,
    Membership,
    Organisation,
    Person,
    Seat,
    SeatKind,
)
from joinedup.partnerships.services.structure import SEAT_HAS_HOLDER
from joinedup.partnerships.tests.import_support import (
    csv_upload,
    make_partnership,
    make_user,
    xlsx_bytes,
)


@pytest.fixture
def partnership(db):
    return make_partnership()


@pytest.fixture
def editor(partnership):
    return make_user(partnership, "editor", "editor@example.org")


def run_import(
    importer_name, partnership, user, text=None, *, data=None, name="upload.csv", encoding="utf-8"
):
    upload = csv_upload(text, name, encoding) if text is not None else csv_upload("", name)
    if data is not None:
        upload.seek(0)
        upload.truncate()
        upload.write(data)
        upload.seek(0)
    run = start_import(
        importer=get_importer(importer_name), partnership_id=partnership.pk, upload=upload, user=user
    )
    run.refresh_from_db()
    return run


def confirmed(run, user):
    confirm_import(run=run, user=user)
    run.refresh_from_db()
    return run


def problems(run):
    return [(e["row"], e["column"], e["message"]) for e in run.errors]


# --- organisations ------------------------------------------------------------------------


def test_organisations_are_imported_with_sector_by_label_or_code_in_any_case(partnership, editor):
    run = run_import(
        "partnerships.organisations",
        partnership,
        editor,
        "Name,Sector,Statutory basis,Website\n"
        "Oxford City Council,LOCAL GOVERNMENT,Responsible authority of a community safety "
        "partnership,www.oxford.gov.uk\n"
        "Thames Valley Police,police,csp_responsible_authority,\n"
        "Oxford Community Action,voluntary and community,,\n",
    )
    assert run.status == ImportRun.Status.READY, run.errors
    assert run.plan == ["3 organisations will be added", "0 organisations with the same name will be updated"]
    run = confirmed(run, editor)
    assert run.status == ImportRun.Status.WRITTEN
    orgs = {o.name: o for o in partnership.organisations.all()}
    assert orgs["Oxford City Council"].sector == "local_government"
    assert orgs["Oxford City Council"].statutory_basis == "csp_responsible_authority"
    assert orgs["Oxford City Council"].website == "https://www.oxford.gov.uk"
    assert orgs["Thames Valley Police"].sector == "police"
    assert orgs["Oxford Community Action"].sector == "voluntary"


def test_an_unknown_sector_names_the_row_column_and_the_choices(partnership, editor):
    rows = "".join(f"Partner {n},Police\n" for n in range(11))
    run = run_import(
        "partnerships.organisations",
        partnership,
        editor,
        "Name,Sector\nOxford City Council,Local government\n" + rows + "Acme,Retail\n",
    )
    assert run.status == ImportRun.Status.INVALID
    assert problems(run) == [
        (
            14,
            "Sector",
            "Select a sector from: Local government, Police, Health, "
            "Fire and rescue, Education, Business, Voluntary and community, Faith, "
            "Housing, Other public",
        )
    ]
    assert not partnership.organisations.exists()


def test_reimporting_an_organisation_updates_it_and_writes_one_audit_entry(partnership, editor):
    Organisation.objects.create(partnership=partnership, name="Oxford City Council", sector="other_public")
    run = confirmed(
        run_import(
            "partnerships.organisations",
            partnership,
            editor,
            "name,SECTOR\noxford city council,Local government\nOxford Hub,Voluntary\n",
            name="partners.csv",
        ),
        editor,
    )
    assert run.report == ["1 organisation added", "1 organisation updated"]
    council = partnership.organisations.get(name__iexact="oxford city council")
    assert council.sector == "local_government" and council.version == 2
    entry = AuditEntry.objects.get()
    assert entry.action == "partnerships.organisations.imported"
    assert entry.partnership_id == partnership.pk
    assert entry.summary == "Imported 2 organisations from partners.csv: 1 added, 1 updated"


def test_organisations_import_from_windows_1252_csv_keeps_accents(partnership, editor):
    run = confirmed(
        run_import(
            "partnerships.organisations",
            partnership,
            editor,
            "Name,Sector\nCafé Réunion Co-operative,Business\n",
            encoding="cp1252",
        ),
        editor,
    )
    assert run.encoding == "Windows-1252"
    assert partnership.organisations.get().name == "Café Réunion Co-operative"


def test_organisations_import_from_xlsx(partnership, editor):
    data = xlsx_bytes([["Name", "Sector", "Website"], ["Oxford Brookes University", "Education", None]])
    run = confirmed(
        run_import("partnerships.organisations", partnership, editor, data=data, name="orgs.xlsx"), editor
    )
    assert run.status == ImportRun.Status.WRITTEN
    assert partnership.organisations.get().sector == "education"


def test_organisations_are_only_written_to_the_importing_partnership(partnership, editor):
    other = make_partnership("cherwell", "Cherwell Partnership")
    Organisation.objects.create(partnership=other, name="Oxford City Council", sector="police")
    confirmed(
        run_import(
            "partnerships.organisations",
            partnership,
            editor,
            "Name,Sector\nOxford City Council,Local government\n",
        ),
        editor,
    )
    assert other.organisations.get().sector == "police"
    assert partnership.organisations.get().sector == "local_government"


# --- people -------------------------------------------------------------------------------


def test_people_are_linked_to_their_organisation_by_name(partnership, editor):
    council = Organisation.objects.create(
        partnership=partnership, name="Oxfordshire County Council", sector="local_government"
    )
    run = confirmed(
        run_import(
            "partnerships.people",
            partnership,
            editor,
            "Name,Job title,Organisation,Email\n"
            "Priya Shah,Director of Public Health,oxfordshire county council,"
            "Priya.Shah@Example.org\n"
            "Tom Reed,,,\n",
        ),
        editor,
    )
    assert run.status == ImportRun.Status.WRITTEN
    priya = partnership.people.get(full_name="Priya Shah")
    assert priya.organisation == council and priya.email == "priya.shah@example.org"
    assert AuditEntry.objects.get().action == "partnerships.people.imported"


def test_an_unknown_organisation_is_an_error_naming_row_and_column(partnership, editor):
    run = run_import(
        "partnerships.people", partnership, editor, "Name,Organisation\nPriya Shah,Nowhere Council\n"
    )
    assert problems(run) == [
        (
            2,
            "Organisation",
            "There is no organisation called 'Nowhere Council' in "
            "this partnership. Add it first, or import organisations before this file",
        )
    ]


def test_people_are_updated_by_email_rather_than_duplicated(partnership, editor):
    person = Person.objects.create(partnership=partnership, full_name="P Shah", email="priya@example.org")
    run = confirmed(
        run_import(
            "partnerships.people",
            partnership,
            editor,
            "Name,Job title,Email\nPriya Shah,Director,PRIYA@example.org\n",
        ),
        editor,
    )
    assert run.report == ["0 people added", "1 person updated"]
    person.refresh_from_db()
    assert (person.full_name, person.job_title) == ("Priya Shah", "Director")
    assert partnership.people.count() == 1


def test_two_namesakes_without_emails_cannot_be_told_apart(partnership, editor):
    Person.objects.create(partnership=partnership, full_name="Sam Jones")
    Person.objects.create(partnership=partnership, full_name="Sam Jones")
    run = run_import("partnerships.people", partnership, editor, "Name,Job title\nSam Jones,Officer\n")
    assert problems(run) == [
        (
            2,
            "Name",
            "There is more than one person called 'Sam Jones'. Add their email address to say which one",
        )
    ]


def test_a_bad_email_is_reported(partnership, editor):
    run = run_import("partnerships.people", partnership, editor, "Name,Email\nSam Jones,sam-at-example\n")
    assert problems(run) == [
        (2, "Email", "Enter an email address in the correct format, like name@example.org")
    ]


# --- memberships --------------------------------------------------------------------------


@pytest.fixture
def structure(partnership):
    council = Organisation.objects.create(
        partnership=partnership, name="Oxford City Council", sector="local_government"
    )
    charity = Organisation.objects.create(partnership=partnership, name="Oxford Hub", sector="voluntary")
    board = Body.objects.create(
        partnership=partnership, name="Oxford Strategic Partnership Board", layer=Layer.STRATEGIC
    )
    seat = Seat.objects.create(
        body=board, label="City Council leader", kind=SeatKind.STATUTORY_PARTNER, organisation=council
    )
    susan = Person.objects.create(
        partnership=partnership, full_name="Susan Brown", organisation=council, email="susan@example.org"
    )
    ali = Person.objects.create(partnership=partnership, full_name="Ali Khan", organisation=charity)
    return {"council": council, "charity": charity, "board": board, "seat": seat, "susan": susan, "ali": ali}


def test_memberships_are_imported_into_existing_and_new_seats(partnership, editor, structure):
    run = run_import(
        "partnerships.memberships",
        partnership,
        editor,
        "Body,Person,Seat,Role,Seniority,Deputy,Start date,End date,Organisation represented\n"
        "oxford strategic partnership board,susan@example.org,City Council leader,Chair,"
        "Elected member,No,01/04/2024,,\n"
        "Oxford Strategic Partnership Board,Ali Khan,Voluntary sector,vice_chair,"
        "community representative,,2024-04-01,,\n"
        "Oxford Strategic Partnership Board,Ali Khan,City Council leader,Member,Officer,yes,"
        "01/04/2024,31/03/2025,Oxford City Council\n",
    )
    assert run.status == ImportRun.Status.READY, run.errors
    assert run.plan == ["3 memberships will be added", "1 seat will be added to bodies"]
    run = confirmed(run, editor)
    assert run.status == ImportRun.Status.WRITTEN
    assert run.report == ["3 memberships added", "1 seat added"]
    chair = Membership.objects.get(role="chair")
    assert (chair.person, chair.seat, chair.seniority, chair.represents) == (
        structure["susan"],
        structure["seat"],
        "elected_member",
        structure["council"],
    )
    assert chair.start_date == dt.date(2024, 4, 1)
    new_seat = Seat.objects.get(label="Voluntary sector")
    assert new_seat.body == structure["board"] and new_seat.kind == SeatKind.VOLUNTARY
    assert new_seat.organisation == structure["charity"]
    deputy = Membership.objects.get(is_deputy=True)
    assert deputy.end_date == dt.date(2025, 3, 31) and deputy.represents == structure["council"]
    assert AuditEntry.objects.filter(action="partnerships.memberships.imported").count() == 1


def test_a_seat_with_a_current_holder_cannot_get_another(partnership, editor, structure):
    Membership.objects.create(
        body=structure["board"], seat=structure["seat"], person=structure["susan"], seniority="elected_member"
    )
    run = run_import(
        "partnerships.memberships",
        partnership,
        editor,
        "Body,Person,Seat,Seniority\n"
        "Oxford Strategic Partnership Board,Ali Khan,City Council leader,Officer\n",
    )
    assert problems(run) == [(2, "Seat", SEAT_HAS_HOLDER)]


def test_a_deputy_without_a_seat_is_refused_as_the_membership_form_refuses_it(partnership, editor, structure):
    run = run_import(
        "partnerships.memberships",
        partnership,
        editor,
        "Body,Person,Seniority,Deputy\nOxford Strategic Partnership Board,Ali Khan,Officer,Yes\n",
    )
    assert run.status == ImportRun.Status.INVALID
    assert problems(run) == [(2, "Seat", "Select the seat this deputy stands in for")]
    assert not Membership.objects.exists()


def test_a_deputy_for_a_seat_the_import_adds_is_accepted(partnership, editor, structure):
    run = run_import(
        "partnerships.memberships",
        partnership,
        editor,
        "Body,Person,Seat,Seniority,Deputy\n"
        "Oxford Strategic Partnership Board,Ali Khan,New seat,Officer,Yes\n",
    )
    assert run.status == ImportRun.Status.READY, run.errors
    confirmed(run, editor)
    assert Membership.objects.get().seat.label == "New seat"


def test_two_rows_cannot_both_hold_one_seat(partnership, editor, structure):
    run = run_import(
        "partnerships.memberships",
        partnership,
        editor,
        "Body,Person,Seat,Seniority\n"
        "Oxford Strategic Partnership Board,Ali Khan,Business seat,Officer\n"
        "Oxford Strategic Partnership Board,Susan Brown,business seat,Officer\n",
    )
    assert problems(run) == [
        (
            3,
            "Seat",
            "Row 2 already makes someone the current holder of 'business seat'. "
            "A seat has one holder; make the others deputies",
        )
    ]


def test_membership_rows_report_every_problem_with_row_and_column(partnership, editor, structure):
    run = run_import(
        "partnerships.memberships",
        partnership,
        editor,
        "Body,Person,Role,Seniority,Deputy,Start date,End date\n"
        "Board of Nothing,nobody@example.org,Boss,Grand,perhaps,01/04/2025,31/03/2025\n"
        "Oxford Strategic Partnership Board,Ali Khan,Member,Officer,No,01/04/2025,31/03/2024\n",
    )
    assert problems(run) == [
        (2, "Body", "There is no body called 'Board of Nothing' in this partnership"),
        (2, "Person", "There is no person with the email address 'nobody@example.org' in this partnership"),
        (2, "Role", "Select a role from: Chair, Vice-chair, Member, Adviser, Support officer"),
        (
            2,
            "Seniority",
            "Select a seniority from: Elected member, Chief executive, Director, Senior manager, "
            "Officer, Community representative",
        ),
        (2, "Deputy", "Enter yes or no"),
        (2, "End date", "The end date must be on or after the start date"),
        (3, "End date", "The end date must be on or after the start date"),
    ]
    assert not Membership.objects.exists()


def test_reimporting_the_same_memberships_leaves_them_as_they_are(partnership, editor, structure):
    text = (
        "Body,Person,Seat,Role,Seniority,Start date\n"
        "Oxford Strategic Partnership Board,susan@example.org,City Council leader,Chair,Elected member,"
        "01/04/2024\n"
    )
    confirmed(run_import("partnerships.memberships", partnership, editor, text), editor)
    run = confirmed(run_import("partnerships.memberships", partnership, editor, text), editor)
    assert run.status == ImportRun.Status.WRITTEN
    assert run.report == ["0 memberships added", "1 membership already recorded, left as they were"]
    assert Membership.objects.count() == 1


def test_an_error_in_the_last_membership_row_writes_nothing(partnership, editor, structure):
    rows = "".join(
        f"Oxford Strategic Partnership Board,Ali Khan,Seat {n},Member,Officer,yes\n" for n in range(40)
    )
    run = run_import(
        "partnerships.memberships",
        partnership,
        editor,
        "Body,Person,Seat,Role,Seniority,Deputy\n"
        + rows
        + "Oxford Strategic Partnership Board,Ali Khan,Seat x,Member,Nobody,no\n",
    )
    assert run.status == ImportRun.Status.INVALID
    assert [e["row"] for e in run.errors] == [42]
    assert not Membership.objects.exists() and not Seat.objects.exclude(pk=structure["seat"].pk).exists()


def test_records_changed_after_the_preview_stop_the_write(partnership, editor, structure):
    run = run_import(
        "partnerships.memberships",
        partnership,
        editor,
        "Body,Person,Seniority\nOxford Strategic Partnership Board,Ali Khan,Officer\n",
    )
    assert run.status == ImportRun.Status.READY
    structure["board"].delete()
    run = confirmed(run, editor)
    assert run.status == ImportRun.Status.INVALID
    assert run.message.startswith("The partnership's records changed after the file was checked")
    assert not Membership.objects.exists()
