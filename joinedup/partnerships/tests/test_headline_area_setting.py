"""The partnership's headline area: chosen by its admins on the settings page, only among its own
areas, audited and conflict-safe; unset, the default rule (its only area, else its first by name).
See docs/adr/0028-headline-area.md."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st

from joinedup.core.models import AuditEntry
from joinedup.partnerships.analysis import headline_first, is_headline_chosen
from joinedup.partnerships.models import AreaType, Role
from joinedup.partnerships.services.directory import remove_partnership_area, update_partnership_settings
from joinedup.partnerships.tests.factories import AreaFactory, PartnershipFactory, user_with_role

# --- the rule (pure) ----------------------------------------------------------------------------

area_ids = st.lists(st.integers(min_value=1, max_value=10_000), unique=True, max_size=12)


@given(ids=area_ids, data=st.data())
def test_a_chosen_area_of_the_partnership_comes_first_and_the_rest_keep_their_order(ids, data):
    if not ids:
        assert headline_first(ids, None) == []
        return
    chosen = data.draw(st.sampled_from(ids))
    ordered = headline_first(ids, chosen)
    assert ordered[0] == chosen
    assert sorted(ordered) == sorted(ids)
    assert ordered[1:] == [pk for pk in ids if pk != chosen]
    assert is_headline_chosen(ids, chosen)


@given(ids=area_ids, stray=st.one_of(st.none(), st.integers(min_value=10_001)))
def test_unset_or_not_one_of_its_areas_the_order_by_name_stands(ids, stray):
    # The default rule: the partnership's only area, else its first area by name.
    assert headline_first(ids, stray) == ids
    assert not is_headline_chosen(ids, stray)


# --- the settings page --------------------------------------------------------------------------


@pytest.fixture
def partnership():
    return PartnershipFactory(name="Vale Partnership", slug="vale")


@pytest.fixture
def areas(partnership):
    county = AreaFactory(code="E10000099", name="Valeshire", area_type=AreaType.COUNTY)
    north = AreaFactory(code="E07000991", name="Abbeyford")
    south = AreaFactory(code="E07000992", name="Southvale")
    partnership.areas.add(county, north, south)
    return {"county": county, "north": north, "south": south}


@pytest.fixture
def admin(partnership):
    return user_with_role(partnership, Role.ADMIN)


def _url(name, partnership, **kwargs):
    return reverse(f"partnerships:{name}", kwargs={"slug": partnership.slug, **kwargs})


def _data(partnership, **overrides):
    data = {
        "version": partnership.version,
        "name": partnership.name,
        "partnership_type": partnership.partnership_type,
        "tier": partnership.tier,
        "parent": "",
        "headline_area": partnership.headline_area_id or "",
    }
    data.update(overrides)
    return data


@pytest.mark.django_db
def test_an_admin_chooses_the_headline_area_and_the_change_is_audited(client, partnership, areas, admin):
    client.force_login(admin)
    response = client.post(
        _url("settings", partnership), _data(partnership, headline_area=areas["county"].pk)
    )
    assert response.status_code == 302
    partnership.refresh_from_db()
    assert partnership.headline_area == areas["county"]
    entry = AuditEntry.objects.get(action="partnerships.partnership.updated")
    assert entry.actor_user == admin
    assert entry.before == {"headline_area": None}
    assert "Valeshire" in entry.after["headline_area"]
    assert "headline area" in entry.summary
    page = client.get(_url("settings", partnership)).content.decode()
    assert f'value="{areas["county"].pk}" checked' in page


@pytest.mark.django_db
def test_the_settings_page_offers_only_the_partnerships_areas_and_names_the_default(
    client, partnership, areas, admin
):
    AreaFactory(code="E07000993", name="Elsewhere")  # in the geography, not the partnership
    client.force_login(admin)
    page = client.get(_url("settings", partnership)).content.decode()
    assert "Headline area" in page
    assert "No choice: the first area by name, Abbeyford" in page
    for area in areas.values():
        assert f'value="{area.pk}"' in page
    assert "Elsewhere" not in page


@pytest.mark.django_db
def test_a_partnership_with_one_area_names_it_as_the_default(client, partnership, admin):
    partnership.areas.add(AreaFactory(code="E07000994", name="Onlyton"))
    client.force_login(admin)
    page = client.get(_url("settings", partnership)).content.decode()
    assert "No choice: the partnership&#x27;s only area, Onlyton" in page


@pytest.mark.django_db
def test_an_area_of_another_partnership_is_refused_beside_the_field(client, partnership, areas, admin):
    theirs = AreaFactory(code="E07000995", name="Theirton")
    PartnershipFactory(slug="other").areas.add(theirs)
    client.force_login(admin)
    response = client.post(_url("settings", partnership), _data(partnership, headline_area=theirs.pk))
    assert response.status_code == 200
    assert "Select one of the partnership&#x27;s areas" in response.content.decode()
    partnership.refresh_from_db()
    assert partnership.headline_area is None
    assert not AuditEntry.objects.filter(action="partnerships.partnership.updated").exists()


@pytest.mark.django_db
def test_the_service_refuses_an_area_that_is_not_the_partnerships(partnership, areas, admin):
    with pytest.raises(ValidationError) as error:
        update_partnership_settings(
            partnership=partnership,
            user=admin,
            expected_version=partnership.version,
            name=partnership.name,
            partnership_type=partnership.partnership_type,
            tier=partnership.tier,
            parent=None,
            shares_with_parent=[],
            headline_area=AreaFactory(code="E07000996", name="Nowhere"),
        )
    assert "headline_area" in error.value.message_dict


@pytest.mark.django_db
@pytest.mark.parametrize("role", [Role.EDITOR, Role.MEMBER, Role.VIEWER, Role.SCRUTINY])
def test_only_admins_may_choose_the_headline_area(client, partnership, areas, role):
    client.force_login(user_with_role(partnership, role))
    response = client.post(_url("settings", partnership), _data(partnership, headline_area=areas["south"].pk))
    assert response.status_code == 403
    partnership.refresh_from_db()
    assert partnership.headline_area is None


@pytest.mark.django_db
def test_a_stale_form_does_not_overwrite_a_newer_headline_choice(client, partnership, areas, admin):
    client.force_login(admin)
    stale = _data(partnership, headline_area=areas["north"].pk)
    client.post(_url("settings", partnership), _data(partnership, headline_area=areas["south"].pk))
    response = client.post(_url("settings", partnership), stale)
    assert response.status_code == 409
    assert "Someone else changed this" in response.content.decode()
    partnership.refresh_from_db()
    assert partnership.headline_area == areas["south"]


@pytest.mark.django_db
def test_clearing_the_choice_returns_to_the_default_rule(client, partnership, areas, admin):
    partnership.headline_area = areas["south"]
    partnership.save()
    client.force_login(admin)
    response = client.post(_url("settings", partnership), _data(partnership, headline_area=""))
    assert response.status_code == 302
    partnership.refresh_from_db()
    assert partnership.headline_area is None


@pytest.mark.django_db
def test_removing_the_headline_area_clears_the_choice_and_says_so_in_the_audit(partnership, areas, admin):
    partnership.headline_area = areas["south"]
    partnership.save()
    version = partnership.version
    remove_partnership_area(partnership=partnership, user=admin, area=areas["south"])
    partnership.refresh_from_db()
    assert partnership.headline_area is None
    assert partnership.version == version + 1  # an open settings form meets a conflict
    entry = AuditEntry.objects.get(action="partnerships.partnership.area_removed")
    assert "which was the headline area" in entry.summary
    assert entry.after == {"area": None, "headline_area": None}


@pytest.mark.django_db
def test_removing_another_area_keeps_the_headline_choice(partnership, areas, admin):
    partnership.headline_area = areas["south"]
    partnership.save()
    version = partnership.version
    remove_partnership_area(partnership=partnership, user=admin, area=areas["north"])
    partnership.refresh_from_db()
    assert partnership.headline_area == areas["south"]
    assert partnership.version == version
    entry = AuditEntry.objects.get(action="partnerships.partnership.area_removed")
    assert entry.summary == f"Removed the area {areas['north']}"
