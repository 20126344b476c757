"""What a parent partnership may see of its children (docs/adr/0010)."""

import pytest
from django.urls import reverse

from joinedup.core.models import AuditEntry
from joinedup.partnerships import sharing
from joinedup.partnerships.models import Layer, MembershipRole, Role, Sector
from joinedup.partnerships.selectors import children_of, shared_with_parent
from joinedup.partnerships.services.directory import update_partnership_settings
from joinedup.partnerships.tests.directory_helpers import make_body, make_membership
from joinedup.partnerships.tests.factories import (
    OrganisationFactory,
    PartnershipFactory,
    PartnershipRoleFactory,
    PersonFactory,
    user_with_role,
)
from joinedup.partnerships.tests.querycount import queries_for

pytestmark = pytest.mark.django_db

CHILD_PAGES = ["home", "organisations", "people", "children", "settings"]


@pytest.fixture
def county():
    return PartnershipFactory(name="Oxfordshire Partnership", slug="oxfordshire")


@pytest.fixture
def city(county):
    city = PartnershipFactory(name="Oxford Partnership", slug="oxford", parent=county)
    council = OrganisationFactory(
        partnership=city, name="Oxford City Council", sector=Sector.LOCAL_GOVERNMENT
    )
    make_body(city, name="Community Safety Group", layer=Layer.THEMATIC)
    make_body(city, name="City Executive", layer=Layer.EXECUTIVE)
    forum = make_body(city, name="Oxford Strategic Forum", layer=Layer.STRATEGIC)
    leader = PersonFactory(partnership=city, full_name="Councillor Ada Lovelace", organisation=council)
    make_membership(forum, leader, role=MembershipRole.CHAIR, represents=council)
    PersonFactory(partnership=city, full_name="Secret Officer")
    return city


@pytest.fixture
def city_admin(city):
    return user_with_role(city, Role.ADMIN)


def _share(city, city_admin, *keys):
    update_partnership_settings(
        partnership=city,
        user=city_admin,
        expected_version=city.version,
        name=city.name,
        partnership_type=city.partnership_type,
        tier=city.tier,
        parent=city.parent,
        shares_with_parent=list(keys),
        headline_area=None,
    )


@pytest.mark.parametrize("role", [Role.ADMIN, Role.MEMBER, Role.VIEWER])
def test_a_user_of_the_parent_gets_404_on_every_page_of_the_child(client, county, city, city_admin, role):
    client.force_login(user_with_role(county, role))
    for name in CHILD_PAGES:
        assert client.get(reverse(f"partnerships:{name}", kwargs={"slug": city.slug})).status_code == 404, (
            name
        )
    _share(city, city_admin, sharing.STRUCTURE_SUMMARY)
    for name in CHILD_PAGES:
        assert client.get(reverse(f"partnerships:{name}", kwargs={"slug": city.slug})).status_code == 404, (
            name
        )


def test_by_default_the_parent_sees_only_that_the_child_exists(client, county, city):
    client.force_login(user_with_role(county, Role.MEMBER))
    html = client.get(reverse("partnerships:children", kwargs={"slug": county.slug})).content.decode()
    assert "Oxford Partnership" in html
    assert "does not share anything" in html
    assert "Oxford Strategic Forum" not in html
    assert "Ada Lovelace" not in html


def test_after_the_child_shares_its_structure_the_parent_sees_bodies_and_chairs(
    client, county, city, city_admin
):
    _share(city, city_admin, sharing.STRUCTURE_SUMMARY)
    client.force_login(user_with_role(county, Role.VIEWER))
    html = client.get(reverse("partnerships:children", kwargs={"slug": county.slug})).content.decode()
    # Layers in their own order (strategic, executive, thematic), not alphabetically.
    assert (
        html.index("Oxford Strategic Forum")
        < html.index("City Executive")
        < html.index("Community Safety Group")
    )
    assert "Councillor Ada Lovelace" in html
    assert "Oxford City Council, Local government" in html
    # People who chair nothing are never shown.
    assert "Secret Officer" not in html
    assert AuditEntry.objects.filter(
        action="partnerships.partnership.updated", partnership_id=city.pk
    ).exists()


def test_a_partnership_that_is_not_the_parent_sees_nothing_even_if_shared(client, county, city, city_admin):
    _share(city, city_admin, sharing.STRUCTURE_SUMMARY)
    stranger = PartnershipFactory(name="Unrelated")
    client.force_login(user_with_role(stranger, Role.ADMIN))
    html = client.get(reverse("partnerships:children", kwargs={"slug": stranger.slug})).content.decode()
    assert "Oxford" not in html


def test_shared_with_parent_is_false_by_default_and_without_a_parent(county, city, city_admin):
    assert not shared_with_parent(city, sharing.STRUCTURE_SUMMARY)
    _share(city, city_admin, sharing.STRUCTURE_SUMMARY)
    city.refresh_from_db()
    assert shared_with_parent(city, sharing.STRUCTURE_SUMMARY)
    assert not shared_with_parent(city, "performance.indicators")
    orphan = PartnershipFactory(shares_with_parent=[sharing.STRUCTURE_SUMMARY])
    assert not shared_with_parent(orphan, sharing.STRUCTURE_SUMMARY)


def test_children_page_runs_a_fixed_number_of_queries(
    client, county, city, city_admin, django_assert_max_num_queries
):
    _share(city, city_admin, sharing.STRUCTURE_SUMMARY)
    client.force_login(user_with_role(county, Role.VIEWER))
    url = reverse("partnerships:children", kwargs={"slug": county.slug})
    few = queries_for(client, url)
    for n in range(4):
        other = PartnershipFactory(parent=county, shares_with_parent=[sharing.STRUCTURE_SUMMARY])
        PartnershipFactory(parent=county)
        for b in range(3):
            body = make_body(other, name=f"Body {n}-{b}")
            make_membership(
                body,
                PersonFactory(partnership=other),
                role=MembershipRole.CHAIR,
                represents=OrganisationFactory(partnership=other),
            )
    with django_assert_max_num_queries(few):
        assert client.get(url).status_code == 200


def test_children_of_loads_bodies_only_for_children_sharing_their_structure(county, city):
    children = children_of(county)
    assert children == [city]
    assert children[0].shared_bodies == []
    assert not children[0].shares_structure


def test_the_child_admin_chooses_sharing_in_the_settings_form(client, county, city, city_admin):
    client.force_login(city_admin)
    url = reverse("partnerships:settings", kwargs={"slug": city.slug})
    assert "Structure summary" in client.get(url).content.decode()
    response = client.post(
        url,
        {
            "version": city.version,
            "name": city.name,
            "partnership_type": city.partnership_type,
            "tier": city.tier,
            "parent": county.pk,
            "shares_with_parent": [sharing.STRUCTURE_SUMMARY],
        },
    )
    assert response.status_code == 302
    city.refresh_from_db()
    assert city.shares_with_parent == [sharing.STRUCTURE_SUMMARY]
    assert city.parent == county


def test_the_home_page_links_only_to_related_partnerships_the_user_belongs_to(client, county, city):
    member_of_both = user_with_role(city, Role.VIEWER)
    PartnershipRoleFactory(partnership=county, user=member_of_both, role=Role.VIEWER)
    only_city = user_with_role(city, Role.VIEWER)

    client.force_login(member_of_both)
    html = client.get(reverse("partnerships:home", kwargs={"slug": city.slug})).content.decode()
    assert f'href="{reverse("partnerships:home", kwargs={"slug": county.slug})}"' in html

    client.force_login(only_city)
    html = client.get(reverse("partnerships:home", kwargs={"slug": city.slug})).content.decode()
    assert "Oxfordshire Partnership" in html
    assert f'href="{reverse("partnerships:home", kwargs={"slug": county.slug})}"' not in html
