import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from joinedup.core.conflicts import EditConflict
from joinedup.core.models import AuditEntry
from joinedup.partnerships.models import AreaType, LocalGovernmentTier, PartnershipType, Role
from joinedup.partnerships.services.directory import creates_cycle, update_partnership_settings
from joinedup.partnerships.tests.factories import AreaFactory, PartnershipFactory, user_with_role

pytestmark = pytest.mark.django_db


@pytest.fixture
def partnership():
    return PartnershipFactory(name="Oxford Partnership", slug="oxford")


@pytest.fixture
def admin(partnership):
    return user_with_role(partnership, Role.ADMIN)


@pytest.fixture
def areas():
    county = AreaFactory(code="E10000025", name="Oxfordshire", area_type=AreaType.COUNTY)
    city = AreaFactory(code="E07000178", name="Oxford", alt_names="Oxford")
    south = AreaFactory(code="E07000179", name="South Oxfordshire")
    return {"county": county, "city": city, "south": south}


def _url(name, partnership, **kwargs):
    return reverse(f"partnerships:{name}", kwargs={"slug": partnership.slug, **kwargs})


def _settings_data(partnership, **overrides):
    data = {
        "version": partnership.version,
        "name": partnership.name,
        "partnership_type": partnership.partnership_type,
        "tier": partnership.tier,
        "parent": partnership.parent_id or "",
    }
    data.update(overrides)
    return data


def test_admin_changes_the_settings_and_the_change_is_audited(client, partnership, admin):
    client.force_login(admin)
    response = client.post(
        _url("settings", partnership),
        _settings_data(
            partnership,
            name="Oxford Strategic Partnership",
            partnership_type=PartnershipType.COMMUNITY_SAFETY_PARTNERSHIP,
            tier=LocalGovernmentTier.COUNTY,
        ),
    )
    assert response.status_code == 302
    partnership.refresh_from_db()
    assert partnership.name == "Oxford Strategic Partnership"
    assert partnership.partnership_type == "csp"
    assert partnership.version == 2
    entry = AuditEntry.objects.get(action="partnerships.partnership.updated")
    assert entry.actor_user == admin
    assert entry.before["name"] == "Oxford Partnership"
    assert entry.after["name"] == "Oxford Strategic Partnership"
    history = client.get(_url("settings", partnership)).content.decode()
    assert "Changed the partnership settings" in history


@pytest.mark.parametrize("role", [Role.EDITOR, Role.MEMBER, Role.VIEWER, Role.SCRUTINY])
def test_only_admins_may_open_the_settings(client, partnership, role):
    client.force_login(user_with_role(partnership, role))
    assert client.get(_url("settings", partnership)).status_code == 403
    assert (
        client.post(_url("settings", partnership), _settings_data(partnership, name="X")).status_code == 403
    )
    partnership.refresh_from_db()
    assert partnership.name == "Oxford Partnership"


def test_a_blank_name_is_shown_with_govuk_wording(client, partnership, admin):
    client.force_login(admin)
    response = client.post(_url("settings", partnership), _settings_data(partnership, name=""))
    assert response.status_code == 200
    assert "Enter a name" in response.content.decode()


def test_a_stale_settings_form_shows_both_versions_and_saves_nothing(client, partnership, admin):
    client.force_login(admin)
    stale = _settings_data(partnership, name="Mine")
    update_partnership_settings(
        partnership=partnership,
        user=admin,
        expected_version=1,
        name="Theirs",
        partnership_type=partnership.partnership_type,
        tier=partnership.tier,
        parent=None,
        shares_with_parent=[],
        headline_area=None,
    )
    response = client.post(_url("settings", partnership), stale)
    assert response.status_code == 409
    html = response.content.decode()
    assert "Someone else changed this" in html
    assert "Theirs" in html and "Mine" in html
    partnership.refresh_from_db()
    assert partnership.name == "Theirs"


def test_parent_can_only_be_a_partnership_the_admin_also_administers(client, partnership, admin):
    county = PartnershipFactory(name="Oxfordshire Partnership")
    elsewhere = PartnershipFactory(name="Somewhere Else")
    user_with_role(elsewhere, Role.ADMIN)
    # An admin of the county: it is offered, the unrelated partnership is not.
    from joinedup.partnerships.tests.factories import PartnershipRoleFactory

    PartnershipRoleFactory(partnership=county, user=admin, role=Role.ADMIN)
    client.force_login(admin)
    page = client.get(_url("settings", partnership)).content.decode()
    assert "Oxfordshire Partnership" in page
    assert "Somewhere Else" not in page

    refused = client.post(_url("settings", partnership), _settings_data(partnership, parent=elsewhere.pk))
    assert "Select a partnership you are an admin of" in refused.content.decode()
    accepted = client.post(_url("settings", partnership), _settings_data(partnership, parent=county.pk))
    assert accepted.status_code == 302
    partnership.refresh_from_db()
    assert partnership.parent == county


def test_service_refuses_a_parent_the_user_does_not_administer(partnership, admin):
    other = PartnershipFactory()
    with pytest.raises(ValidationError):
        update_partnership_settings(
            partnership=partnership,
            user=admin,
            expected_version=1,
            name="X",
            partnership_type="other",
            tier="other",
            parent=other,
            shares_with_parent=[],
            headline_area=None,
        )


def test_service_refuses_a_parent_that_would_make_a_loop(partnership, admin):
    child = PartnershipFactory(parent=partnership)
    grandchild = PartnershipFactory(parent=child)
    from joinedup.partnerships.tests.factories import PartnershipRoleFactory

    PartnershipRoleFactory(partnership=grandchild, user=admin, role=Role.ADMIN)
    with pytest.raises(ValidationError) as error:
        update_partnership_settings(
            partnership=partnership,
            user=admin,
            expected_version=1,
            name=partnership.name,
            partnership_type="other",
            tier="other",
            parent=grandchild,
            shares_with_parent=[],
            headline_area=None,
        )
    assert "not part of this one" in str(error.value)


def test_creates_cycle_follows_the_chain_of_parents():
    assert creates_cycle(child_id=1, parent_id=3, parent_of={3: 2, 2: 1, 1: None})
    assert not creates_cycle(child_id=1, parent_id=3, parent_of={3: 2, 2: None})
    assert not creates_cycle(child_id=1, parent_id=None, parent_of={})
    assert creates_cycle(child_id=1, parent_id=1, parent_of={})


def test_edit_conflict_is_raised_by_the_service_for_a_stale_version(partnership, admin):
    with pytest.raises(EditConflict):
        update_partnership_settings(
            partnership=partnership,
            user=admin,
            expected_version=7,
            name="X",
            partnership_type="other",
            tier="other",
            parent=None,
            shares_with_parent=[],
            headline_area=None,
        )


# --- areas -------------------------------------------------------------------------------


def test_area_typed_by_code_is_added_and_audited(client, partnership, admin, areas):
    client.force_login(admin)
    response = client.post(_url("settings_area_add", partnership), {"area": "E07000178"})
    assert response.status_code == 302
    assert list(partnership.areas.all()) == [areas["city"]]
    assert AuditEntry.objects.filter(action="partnerships.partnership.area_added").count() == 1


def test_area_typed_by_exact_name_is_added(client, partnership, admin, areas):
    client.force_login(admin)
    client.post(_url("settings_area_add", partnership), {"area": "Oxford"})
    assert list(partnership.areas.all()) == [areas["city"]]


def test_ambiguous_area_re_shows_the_form_with_the_candidates_as_radios(client, partnership, admin, areas):
    client.force_login(admin)
    response = client.post(_url("settings_area_add", partnership), {"area": "Oxfords"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "Select one of these areas" in html
    assert 'type="radio"' in html and f'value="{areas["county"].pk}"' in html
    assert f'value="{areas["south"].pk}"' in html
    assert 'value="Oxfords"' in html  # what the user typed is kept
    assert not partnership.areas.exists()

    chosen = client.post(
        _url("settings_area_add", partnership),
        {"area": "Oxfords", "area_choice": areas["south"].pk},
    )
    assert chosen.status_code == 302
    assert list(partnership.areas.all()) == [areas["south"]]


def test_area_that_matches_nothing_is_an_error(client, partnership, admin, areas):
    client.force_login(admin)
    response = client.post(_url("settings_area_add", partnership), {"area": "Atlantis"})
    assert "No area matches “Atlantis”" in response.content.decode()
    assert not partnership.areas.exists()


def test_blank_area_asks_for_a_name_or_code(client, partnership, admin, areas):
    client.force_login(admin)
    response = client.post(_url("settings_area_add", partnership), {"area": ""})
    assert "Enter the name or code of an area" in response.content.decode()


def test_area_is_removed_and_audited(client, partnership, admin, areas):
    partnership.areas.add(areas["city"])
    client.force_login(admin)
    assert client.get(_url("settings_area_remove", partnership, area_id=areas["city"].pk)).status_code == 405
    response = client.post(_url("settings_area_remove", partnership, area_id=areas["city"].pk))
    assert response.status_code == 302
    assert not partnership.areas.exists()
    assert AuditEntry.objects.filter(action="partnerships.partnership.area_removed").exists()


def test_suggestions_list_matching_areas_as_buttons_and_announce_the_count(client, partnership, admin, areas):
    client.force_login(admin)
    response = client.get(
        _url("settings_area_suggestions", partnership), {"q": "Oxf"}, HTTP_HX_REQUEST="true"
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "3 matching areas" in html
    assert 'hx-swap-oob="innerHTML"' in html
    assert html.count('name="area_choice"') == 3
    assert "<html" not in html


def test_settings_page_wires_the_area_input_to_suggestions(client, partnership, admin):
    client.force_login(admin)
    html = client.get(_url("settings", partnership)).content.decode()
    assert f'hx-get="{_url("settings_area_suggestions", partnership)}"' in html
    assert 'aria-live="polite"' in html


def test_suggestions_are_for_admins_only(client, partnership):
    client.force_login(user_with_role(partnership, Role.EDITOR))
    assert client.get(_url("settings_area_suggestions", partnership), {"q": "Oxf"}).status_code == 403
