import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from joinedup.core.models import AuditEntry
from joinedup.partnerships.models import MembershipRole, Role
from joinedup.partnerships.services.directory import (
    link_person_to_user,
    update_person,
    update_training_record,
)
from joinedup.partnerships.tests.directory_helpers import make_body, make_membership, make_seat
from joinedup.partnerships.tests.factories import (
    OrganisationFactory,
    PartnershipFactory,
    PartnershipRoleFactory,
    PersonFactory,
    TrainingRecordFactory,
    UserFactory,
    user_with_role,
)
from joinedup.partnerships.tests.querycount import queries_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def partnership():
    return PartnershipFactory(slug="oxford")


@pytest.fixture
def editor(partnership):
    return user_with_role(partnership, Role.EDITOR)


@pytest.fixture
def admin(partnership):
    return user_with_role(partnership, Role.ADMIN)


def _url(name, partnership, **kwargs):
    return reverse(f"partnerships:{name}", kwargs={"slug": partnership.slug, **kwargs})


def _person_data(**overrides):
    data = {
        "full_name": "Mary Somerville",
        "job_title": "Director of Public Health",
        "organisation": "",
        "email": "mary@example.org",
        "phone": "01865 000000",
        "notes": "",
    }
    data.update(overrides)
    return data


def test_editor_adds_a_person_and_it_is_audited(client, partnership, editor):
    council = OrganisationFactory(partnership=partnership)
    client.force_login(editor)
    response = client.post(_url("person_add", partnership), _person_data(organisation=council.pk))
    person = partnership.people.get()
    assert response.status_code == 302
    assert person.organisation == council
    assert AuditEntry.objects.get(action="partnerships.person.created").target_id == str(person.pk)


def test_a_person_cannot_work_for_another_partnerships_organisation(client, partnership, editor):
    foreign = OrganisationFactory()
    client.force_login(editor)
    html = client.post(
        _url("person_add", partnership), _person_data(organisation=foreign.pk)
    ).content.decode()
    assert "Select an organisation of this partnership" in html
    assert not partnership.people.exists()


def test_missing_name_and_bad_email_use_govuk_wording(client, partnership, editor):
    client.force_login(editor)
    html = client.post(
        _url("person_add", partnership), _person_data(full_name="", email="nope")
    ).content.decode()
    assert "Enter the person&#x27;s full name" in html
    assert "Enter an email address in the correct format" in html
    assert 'value="nope"' in html


@pytest.mark.parametrize("role", [Role.VIEWER, Role.MEMBER, Role.SCRUTINY])
def test_read_only_roles_cannot_add_or_edit_people(client, partnership, role):
    person = PersonFactory(partnership=partnership)
    client.force_login(user_with_role(partnership, role))
    assert client.post(_url("person_add", partnership), _person_data()).status_code == 403
    assert client.get(_url("person_edit", partnership, pk=person.pk)).status_code == 403
    assert client.get(_url("training_add", partnership, pk=person.pk)).status_code == 403
    assert client.get(_url("person", partnership, pk=person.pk)).status_code == 200


def test_edit_is_audited_as_person_updated(client, partnership, editor):
    person = PersonFactory(partnership=partnership, job_title="Officer")
    client.force_login(editor)
    response = client.post(
        _url("person_edit", partnership, pk=person.pk),
        _person_data(
            full_name=person.full_name,
            job_title="Chief Executive",
            email=person.email,
            phone=person.phone,
            version=1,
        ),
    )
    assert response.status_code == 302
    entry = AuditEntry.objects.get(action="partnerships.person.updated")
    assert entry.before == {"job_title": "Officer"}
    assert entry.after == {"job_title": "Chief Executive"}


def test_a_stale_person_edit_is_a_conflict(client, partnership, editor):
    person = PersonFactory(partnership=partnership, full_name="Ada Byron")
    update_person(person=person, user=editor, expected_version=1, changes={"full_name": "Ada Lovelace"})
    client.force_login(editor)
    response = client.post(
        _url("person_edit", partnership, pk=person.pk),
        _person_data(full_name="Augusta Ada King", version=1),
    )
    assert response.status_code == 409
    assert "Ada Lovelace" in response.content.decode()
    person.refresh_from_db()
    assert person.full_name == "Ada Lovelace"


def test_search_finds_people_by_name_job_and_organisation(client, partnership):
    police = OrganisationFactory(partnership=partnership, name="Thames Valley Police")
    PersonFactory(
        partnership=partnership,
        full_name="Robert Peel",
        job_title="Superintendent",
        organisation=police,
    )
    PersonFactory(partnership=partnership, full_name="Florence Nightingale", job_title="Chief Nurse")
    client.force_login(user_with_role(partnership, Role.VIEWER))
    for query in ["peel", "superintendent", "thames"]:
        html = client.get(_url("people", partnership), {"q": query}).content.decode()
        assert "Robert Peel" in html and "Florence Nightingale" not in html, query


def _add_people(partnership, body, n):
    for _ in range(n):
        person = PersonFactory(
            partnership=partnership,
            organisation=OrganisationFactory(partnership=partnership),
            user=UserFactory(),
        )
        make_membership(body, person)


def test_people_list_runs_a_fixed_number_of_queries(client, partnership, django_assert_max_num_queries):
    body = make_body(partnership)
    client.force_login(user_with_role(partnership, Role.VIEWER))
    _add_people(partnership, body, 2)
    few = queries_for(client, _url("people", partnership))
    _add_people(partnership, body, 20)
    with django_assert_max_num_queries(few):
        assert client.get(_url("people", partnership)).status_code == 200


# --- linking a person to a user account ------------------------------------------------


def test_only_admins_link_people_to_user_accounts(client, partnership, editor):
    person = PersonFactory(partnership=partnership)
    client.force_login(editor)
    assert client.get(_url("person_account", partnership, pk=person.pk)).status_code == 403


def test_admin_links_a_person_to_a_user_of_the_partnership(client, partnership, admin):
    person = PersonFactory(partnership=partnership)
    colleague = user_with_role(partnership, Role.MEMBER)
    outsider = UserFactory()
    client.force_login(admin)
    page = client.get(_url("person_account", partnership, pk=person.pk)).content.decode()
    assert colleague.email in page and outsider.email not in page

    refused = client.post(
        _url("person_account", partnership, pk=person.pk), {"user": outsider.pk, "version": 1}
    )
    assert "Select a user of this partnership" in refused.content.decode()
    response = client.post(
        _url("person_account", partnership, pk=person.pk), {"user": colleague.pk, "version": 1}
    )
    assert response.status_code == 302
    person.refresh_from_db()
    assert person.user == colleague
    assert AuditEntry.objects.filter(action="partnerships.person.linked_to_user").exists()


def test_a_user_is_at_most_one_person_in_a_partnership(partnership, admin):
    colleague = user_with_role(partnership, Role.MEMBER)
    first = PersonFactory(partnership=partnership, user=colleague, full_name="First Person")
    second = PersonFactory(partnership=partnership)
    with pytest.raises(ValidationError) as error:
        link_person_to_user(person=second, user=admin, account=colleague, expected_version=1)
    assert "already linked to First Person" in str(error.value)
    assert first.user == colleague


def test_one_user_can_be_a_person_in_several_partnerships(partnership, admin):
    other = PartnershipFactory()
    colleague = user_with_role(partnership, Role.MEMBER)
    PartnershipRoleFactory(partnership=other, user=colleague, role=Role.VIEWER)
    PersonFactory(partnership=other, user=colleague)
    here = PersonFactory(partnership=partnership)
    link_person_to_user(person=here, user=admin, account=colleague, expected_version=1)
    assert colleague.people.count() == 2


# --- training ---------------------------------------------------------------------------


def test_training_is_added_edited_and_deleted_with_audit(client, partnership, editor):
    person = PersonFactory(partnership=partnership)
    client.force_login(editor)
    response = client.post(
        _url("training_add", partnership, pk=person.pk),
        {
            "kind": "induction",
            "title": "Board induction",
            "provider": "LGA",
            "completed_on": "27 3 2025",
            "covers_collaboration": "on",
        },
    )
    assert response.status_code == 302
    training = person.training_records.get()
    assert training.completed_on == dt.date(2025, 3, 27) and training.covers_collaboration

    client.post(
        _url("training_edit", partnership, pk=person.pk, training_pk=training.pk),
        {
            "kind": "training",
            "title": "Board induction",
            "provider": "LGA",
            "completed_on": "2025-03-28",
            "version": 1,
        },
    )
    training.refresh_from_db()
    assert training.kind == "training" and not training.covers_collaboration

    client.post(_url("training_delete", partnership, pk=person.pk, training_pk=training.pk))
    assert not person.training_records.exists()
    actions = set(AuditEntry.objects.filter(target_id=str(person.pk)).values_list("action", flat=True))
    assert {
        "partnerships.training_record.created",
        "partnerships.training_record.updated",
        "partnerships.training_record.deleted",
    } <= actions


def test_training_needs_a_real_date(client, partnership, editor):
    person = PersonFactory(partnership=partnership)
    client.force_login(editor)
    html = client.post(
        _url("training_add", partnership, pk=person.pk),
        {"kind": "induction", "title": "Induction", "completed_on": "31 2 2025"},
    ).content.decode()
    assert "Completed on must be a real date" in html


def test_a_stale_training_edit_is_a_conflict(client, partnership, editor):
    training = TrainingRecordFactory(person=PersonFactory(partnership=partnership), title="Induction")
    update_training_record(
        training=training, user=editor, expected_version=1, changes={"title": "Induction day"}
    )
    client.force_login(editor)
    response = client.post(
        _url("training_edit", partnership, pk=training.person_id, training_pk=training.pk),
        {
            "kind": "induction",
            "title": "Induction morning",
            "completed_on": "2025-03-27",
            "version": 1,
        },
    )
    assert response.status_code == 409
    training.refresh_from_db()
    assert training.title == "Induction day"


def test_training_of_someone_else_is_not_found(client, partnership, editor):
    person = PersonFactory(partnership=partnership)
    other = TrainingRecordFactory(person=PersonFactory(partnership=partnership))
    client.force_login(editor)
    url = _url("training_edit", partnership, pk=person.pk, training_pk=other.pk)
    assert client.get(url).status_code == 404


# --- the person page ---------------------------------------------------------------------


def test_person_page_shows_memberships_deputies_training_and_history(client, partnership, editor):
    council = OrganisationFactory(partnership=partnership, name="Oxford City Council")
    leader = PersonFactory(partnership=partnership, full_name="Susan Brown", organisation=council)
    deputy = PersonFactory(partnership=partnership, full_name="Ed Turner")
    board = make_body(partnership, name="Health and Wellbeing Board")
    seat = make_seat(board, council, label="Leader of the council")
    make_membership(board, leader, seat=seat, role=MembershipRole.CHAIR, represents=council)
    make_membership(board, deputy, seat=seat, is_deputy=True)
    TrainingRecordFactory(person=leader, title="Chairing skills", covers_collaboration=True)
    update_person(person=leader, user=editor, expected_version=1, changes={"job_title": "Council leader"})
    client.force_login(user_with_role(partnership, Role.VIEWER))
    html = client.get(_url("person", partnership, pk=leader.pk)).content.decode()
    for text in [
        "Health and Wellbeing Board",
        "Chair",
        "Leader of the council",
        "Ed Turner (deputy)",
        "Chairing skills",
        "Changed job title of Susan Brown",
        "Oxford City Council",
    ]:
        assert text in html, text


def _add_seats(partnership, person, start, n):
    for i in range(start, start + n):
        body = make_body(partnership, name=f"Group {i}")
        seat = make_seat(body, label=f"Seat {i}", organisation=OrganisationFactory(partnership=partnership))
        make_membership(body, person, seat=seat, represents=seat.organisation)
        make_membership(body, PersonFactory(partnership=partnership), seat=seat, is_deputy=True)
        TrainingRecordFactory(person=person)


def test_person_page_runs_a_fixed_number_of_queries(client, partnership, django_assert_max_num_queries):
    person = PersonFactory(partnership=partnership)
    client.force_login(user_with_role(partnership, Role.VIEWER))
    url = _url("person", partnership, pk=person.pk)
    _add_seats(partnership, person, 0, 1)
    few = queries_for(client, url)
    _add_seats(partnership, person, 1, 8)
    with django_assert_max_num_queries(few):
        assert client.get(url).status_code == 200
