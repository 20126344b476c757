import pytest
from django.urls import reverse

from joinedup.core.models import AuditEntry
from joinedup.partnerships.models import Organisation, Role, Sector
from joinedup.partnerships.services.directory import (
    OrganisationInUse,
    delete_organisation,
    update_organisation,
)
from joinedup.partnerships.tests.directory_helpers import make_body, make_membership, make_seat
from joinedup.partnerships.tests.factories import (
    AreaFactory,
    OrganisationFactory,
    PartnershipFactory,
    PersonFactory,
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


def _url(name, partnership, **kwargs):
    return reverse(f"partnerships:{name}", kwargs={"slug": partnership.slug, **kwargs})


def _data(**overrides):
    data = {
        "name": "Thames Valley Police",
        "short_name": "TVP",
        "sector": Sector.POLICE,
        "statutory_basis": "csp_responsible_authority",
        "website": "https://www.thamesvalley.police.uk",
        "area_text": "",
    }
    data.update(overrides)
    return data


def test_editor_adds_an_organisation_and_it_is_audited(client, partnership, editor):
    client.force_login(editor)
    response = client.post(_url("organisation_add", partnership), _data())
    organisation = partnership.organisations.get()
    assert response.status_code == 302
    assert response["Location"] == _url("organisation", partnership, pk=organisation.pk)
    assert organisation.sector == Sector.POLICE
    entry = AuditEntry.objects.get(action="partnerships.organisation.created")
    assert entry.partnership_id == partnership.pk
    assert entry.summary == "Added the organisation Thames Valley Police"


def test_council_area_is_resolved_from_its_code(client, partnership, editor):
    area = AreaFactory(code="E07000178", name="Oxford")
    client.force_login(editor)
    client.post(
        _url("organisation_add", partnership),
        _data(name="Oxford City Council", sector=Sector.LOCAL_GOVERNMENT, area_text="E07000178"),
    )
    assert partnership.organisations.get().area == area


def test_ambiguous_council_area_offers_candidates_and_keeps_what_was_typed(client, partnership, editor):
    AreaFactory(code="E07000179", name="South Oxfordshire")
    AreaFactory(code="E07000181", name="West Oxfordshire")
    client.force_login(editor)
    response = client.post(_url("organisation_add", partnership), _data(area_text="Oxfordshire"))
    html = response.content.decode()
    assert "Select one of these areas" in html
    assert 'value="Thames Valley Police"' in html
    assert not partnership.organisations.exists()


@pytest.mark.parametrize("role", [Role.VIEWER, Role.MEMBER, Role.SCRUTINY])
def test_read_only_roles_cannot_add_organisations(client, partnership, role):
    client.force_login(user_with_role(partnership, role))
    assert client.get(_url("organisation_add", partnership)).status_code == 403
    assert client.post(_url("organisation_add", partnership), _data()).status_code == 403
    assert not partnership.organisations.exists()


def test_missing_name_and_sector_use_govuk_wording(client, partnership, editor):
    client.force_login(editor)
    html = client.post(_url("organisation_add", partnership), _data(name="", sector="")).content.decode()
    assert "Enter a name" in html
    assert "Select a sector" in html
    assert "There is a problem" in html


def test_names_are_unique_in_a_partnership_ignoring_case(client, partnership, editor):
    OrganisationFactory(partnership=partnership, name="Thames Valley Police")
    OrganisationFactory(name="Oxford City Council")  # another partnership's does not clash
    client.force_login(editor)
    html = client.post(
        _url("organisation_add", partnership), _data(name="thames valley police")
    ).content.decode()
    assert "already in the partnership" in html
    client.post(_url("organisation_add", partnership), _data(name="Oxford City Council"))
    assert partnership.organisations.count() == 2


def test_edit_saves_changes_and_audits_them(client, partnership, editor):
    organisation = OrganisationFactory(
        partnership=partnership, name="Oxford Brookes", sector=Sector.EDUCATION
    )
    client.force_login(editor)
    response = client.post(
        _url("organisation_edit", partnership, pk=organisation.pk),
        _data(name="Oxford Brookes University", sector=Sector.EDUCATION, version=1),
    )
    assert response.status_code == 302
    organisation.refresh_from_db()
    assert organisation.name == "Oxford Brookes University"
    entry = AuditEntry.objects.get(action="partnerships.organisation.updated")
    assert entry.before["name"] == "Oxford Brookes"
    assert entry.after["name"] == "Oxford Brookes University"
    page = client.get(_url("organisation", partnership, pk=organisation.pk)).content.decode()
    assert "from “Oxford Brookes” to “Oxford Brookes University”" in page


def test_a_stale_edit_shows_the_conflict_and_keeps_the_other_save(client, partnership, editor):
    organisation = OrganisationFactory(
        partnership=partnership, name="Age UK Oxfordshire", sector=Sector.VOLUNTARY
    )
    update_organisation(
        organisation=organisation, user=editor, expected_version=1, changes={"short_name": "AUKO"}
    )
    client.force_login(editor)
    response = client.post(
        _url("organisation_edit", partnership, pk=organisation.pk),
        _data(name="Age UK Oxon", sector=Sector.VOLUNTARY, short_name="AUO", version=1),
    )
    assert response.status_code == 409
    html = response.content.decode()
    assert "Someone else changed this" in html and "AUKO" in html and "AUO" in html
    assert "Area (for councils)" in html
    organisation.refresh_from_db()
    assert (organisation.name, organisation.short_name) == ("Age UK Oxfordshire", "AUKO")
    # The form now carries the stored version: saving again overwrites knowingly.
    assert f'name="version" value="{organisation.version}"' in html


def test_an_unused_organisation_can_be_deleted(client, partnership, editor):
    organisation = OrganisationFactory(partnership=partnership)
    client.force_login(editor)
    assert client.get(_url("organisation_delete", partnership, pk=organisation.pk)).status_code == 200
    response = client.post(_url("organisation_delete", partnership, pk=organisation.pk))
    assert response.status_code == 302
    assert not partnership.organisations.exists()
    assert AuditEntry.objects.filter(action="partnerships.organisation.deleted").exists()


def test_an_organisation_in_use_cannot_be_deleted(client, partnership, editor):
    organisation = OrganisationFactory(partnership=partnership, name="Oxford City Council")
    PersonFactory(partnership=partnership, organisation=organisation)
    client.force_login(editor)
    page = client.get(_url("organisation_delete", partnership, pk=organisation.pk)).content.decode()
    assert "You cannot delete Oxford City Council" in page
    assert "1 person works for it" in page
    response = client.post(_url("organisation_delete", partnership, pk=organisation.pk))
    assert response.status_code == 409
    assert Organisation.objects.filter(pk=organisation.pk).exists()
    with pytest.raises(OrganisationInUse):
        delete_organisation(organisation=organisation, user=editor)


def test_another_partnerships_organisation_is_not_found(client, partnership, editor):
    elsewhere = OrganisationFactory()
    client.force_login(editor)
    for name in ["organisation", "organisation_edit", "organisation_delete"]:
        assert client.get(_url(name, partnership, pk=elsewhere.pk)).status_code == 404


def test_list_groups_by_sector_and_filters(client, partnership):
    OrganisationFactory(partnership=partnership, name="Oxford City Council", sector=Sector.LOCAL_GOVERNMENT)
    OrganisationFactory(partnership=partnership, name="Thames Valley Police", sector=Sector.POLICE)
    client.force_login(user_with_role(partnership, Role.VIEWER))
    html = client.get(_url("organisations", partnership)).content.decode()
    assert html.index("Local government") < html.index("Oxford City Council") < html.index("Police</caption>")
    filtered = client.get(_url("organisations", partnership), {"sector": Sector.POLICE}).content.decode()
    assert "Thames Valley Police" in filtered and "Oxford City Council" not in filtered


def _add_organisations(partnership, body, start, n):
    for i in range(start, start + n):
        organisation = OrganisationFactory(partnership=partnership, sector=list(Sector.values)[i % 5])
        person = PersonFactory(partnership=partnership, organisation=organisation)
        make_membership(
            body,
            person,
            seat=make_seat(body, organisation, label=f"Seat {i}"),
            represents=organisation,
        )


def test_list_runs_a_fixed_number_of_queries(client, partnership, django_assert_max_num_queries):
    client.force_login(user_with_role(partnership, Role.VIEWER))
    body = make_body(partnership)
    _add_organisations(partnership, body, 0, 1)
    few = queries_for(client, _url("organisations", partnership))
    _add_organisations(partnership, body, 1, 15)
    with django_assert_max_num_queries(few):
        assert client.get(_url("organisations", partnership)).status_code == 200


def test_organisation_page_shows_people_seats_memberships_and_history(client, partnership, editor):
    council = OrganisationFactory(partnership=partnership, name="Oxford City Council")
    officer = PersonFactory(partnership=partnership, full_name="Grace Hopper", organisation=council)
    deputy = PersonFactory(partnership=partnership, full_name="Alan Turing")
    board = make_body(partnership, name="Health and Wellbeing Board")
    seat = make_seat(board, council, label="City council seat")
    make_membership(board, officer, seat=seat, represents=council)
    make_membership(board, deputy, seat=seat, represents=council, is_deputy=True)
    update_organisation(organisation=council, user=editor, expected_version=1, changes={"short_name": "OCC"})
    client.force_login(user_with_role(partnership, Role.VIEWER))
    html = client.get(_url("organisation", partnership, pk=council.pk)).content.decode()
    for text in [
        "Grace Hopper",
        "City council seat",
        "Health and Wellbeing Board",
        "Alan Turing",
        "(deputy)",
        "History",
        "Changed short name of Oxford City Council",
    ]:
        assert text in html, text
    assert "Delete" not in html  # viewers get no edit links
