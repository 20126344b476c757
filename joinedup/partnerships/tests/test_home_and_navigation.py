import pytest
from django.urls import reverse

from joinedup.partnerships.models import LocalGovernmentTier, PartnershipType, Role
from joinedup.partnerships.tests.factories import AreaFactory, PartnershipFactory, user_with_role

pytestmark = pytest.mark.django_db


@pytest.fixture
def partnership():
    partnership = PartnershipFactory(
        name="Oxford Partnership",
        slug="oxford",
        partnership_type=PartnershipType.HEALTH_AND_WELLBEING_BOARD,
        tier=LocalGovernmentTier.DISTRICT,
    )
    partnership.areas.add(AreaFactory(code="E07000178", name="Oxford"))
    return partnership


def _home(client, partnership):
    return client.get(reverse("partnerships:home", kwargs={"slug": partnership.slug})).content.decode()


def test_home_page_summarises_type_tier_and_areas(client, partnership):
    client.force_login(user_with_role(partnership, Role.VIEWER))
    html = _home(client, partnership)
    assert "Health and Wellbeing Board" in html
    assert "District" in html
    assert "Oxford (E07000178)" in html


def test_menu_lists_organisations_and_people_for_everyone_and_settings_for_admins(client, partnership):
    settings_url = reverse("partnerships:settings", kwargs={"slug": partnership.slug})
    client.force_login(user_with_role(partnership, Role.EDITOR))
    html = _home(client, partnership)
    assert reverse("partnerships:organisations", kwargs={"slug": partnership.slug}) in html
    assert reverse("partnerships:people", kwargs={"slug": partnership.slug}) in html
    assert settings_url not in html

    client.force_login(user_with_role(partnership, Role.ADMIN))
    assert settings_url in _home(client, partnership)


def test_home_page_lists_child_partnerships_and_links_to_what_they_share(client, partnership):
    PartnershipFactory(name="Headington Partnership", parent=partnership)
    client.force_login(user_with_role(partnership, Role.MEMBER))
    html = _home(client, partnership)
    assert "Headington Partnership" in html
    assert reverse("partnerships:children", kwargs={"slug": partnership.slug}) in html


def test_the_home_page_uses_the_words_of_the_partnership_type_and_lists_expected_seats(client):
    board = PartnershipFactory(partnership_type=PartnershipType.HEALTH_AND_WELLBEING_BOARD)
    client.force_login(user_with_role(board, Role.VIEWER))
    page = client.get(reverse("partnerships:home", kwargs={"slug": board.slug})).content.decode()
    assert "joint health and wellbeing strategy" in page
    assert "joint strategic needs assessment" in page
    assert "The director of public health" in page
    assert "Health and Social Care Act 2012" in page

    place = PartnershipFactory(partnership_type=PartnershipType.PLACE_PARTNERSHIP)
    client.force_login(user_with_role(place, Role.VIEWER))
    page = client.get(reverse("partnerships:home", kwargs={"slug": place.slug})).content.decode()
    assert "community strategy" in page
    assert "None: membership is for the partnership to decide." in page
