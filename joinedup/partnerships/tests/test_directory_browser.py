"""The directory in a real browser: zero axe-core violations (WCAG 2.2 AA) on every page,
and area picking with JavaScript on (suggestions announced, usable from the keyboard)."""

import pytest
from django.urls import reverse

from joinedup.partnerships import sharing
from joinedup.partnerships.models import AreaType, MembershipRole, Role
from joinedup.partnerships.tests.directory_helpers import make_body, make_membership, make_seat
from joinedup.partnerships.tests.factories import (
    AreaFactory,
    OrganisationFactory,
    PartnershipFactory,
    PartnershipRoleFactory,
    PersonFactory,
    TrainingRecordFactory,
    UserFactory,
)
from joinedup.tests.system.axe import axe_violations, describe
from joinedup.tests.system.harness import sign_in_without_the_form

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def oxford():
    county = PartnershipFactory(name="Oxfordshire Partnership", slug="county")
    city = PartnershipFactory(
        name="Oxford Partnership",
        slug="oxford",
        parent=county,
        shares_with_parent=[sharing.STRUCTURE_SUMMARY],
    )
    admin = UserFactory(email="admin@example.org")
    PartnershipRoleFactory(partnership=city, user=admin, role=Role.ADMIN)
    PartnershipRoleFactory(partnership=county, user=admin, role=Role.ADMIN)
    AreaFactory(code="E10000025", name="Oxfordshire", area_type=AreaType.COUNTY)
    AreaFactory(code="E07000179", name="South Oxfordshire")
    city.areas.add(AreaFactory(code="E07000178", name="Oxford"))
    council = OrganisationFactory(partnership=city, name="Oxford City Council")
    person = PersonFactory(partnership=city, organisation=council)
    body = make_body(city)
    make_membership(
        body, person, seat=make_seat(body, council), role=MembershipRole.CHAIR, represents=council
    )
    training = TrainingRecordFactory(person=person)
    return {"city": city, "admin": admin, "council": council, "person": person, "training": training}


def _axe(page) -> str:
    return describe(axe_violations(page))


def test_every_directory_page_has_no_accessibility_violations(page, live_server, oxford):
    sign_in_without_the_form(page, live_server.url, oxford["admin"])
    o, p, t = oxford["council"].pk, oxford["person"].pk, oxford["training"].pk
    pages = [
        ("home", {}),
        ("settings", {}),
        ("organisations", {}),
        ("organisation_add", {}),
        ("organisation", {"pk": o}),
        ("organisation_edit", {"pk": o}),
        ("organisation_delete", {"pk": o}),
        ("people", {}),
        ("person_add", {}),
        ("person", {"pk": p}),
        ("person_edit", {"pk": p}),
        ("person_account", {"pk": p}),
        ("training_add", {"pk": p}),
        ("training_edit", {"pk": p, "training_pk": t}),
        ("training_delete", {"pk": p, "training_pk": t}),
    ]
    violations = {}
    for name, kwargs in pages:
        page.goto(live_server.url + reverse(f"partnerships:{name}", kwargs={"slug": "oxford", **kwargs}))
        violations[name] = _axe(page)
    page.goto(live_server.url + reverse("partnerships:children", kwargs={"slug": "county"}))
    violations["children"] = _axe(page)
    assert {name: found for name, found in violations.items() if found} == {}


def test_area_suggestions_are_announced_and_chosen_from_the_keyboard(page, live_server, oxford):
    sign_in_without_the_form(page, live_server.url, oxford["admin"])
    page.goto(live_server.url + reverse("partnerships:settings", kwargs={"slug": "oxford"}))
    page.locator("#id_area").type("Oxfords")
    page.wait_for_selector("#area-suggestions button")
    assert "2 matching areas" in page.inner_text("#area-suggestions-status")
    assert _axe(page) == ""

    page.keyboard.press("Tab")  # from the input to the Add area button
    page.keyboard.press("Tab")  # to the first suggestion
    page.keyboard.press("Enter")
    page.wait_for_selector("text=Added Oxfordshire")
    assert list(oxford["city"].areas.values_list("code", flat=True).order_by("code")) == [
        "E07000178",
        "E10000025",
    ]


def test_enter_in_the_area_input_resolves_what_was_typed(page, live_server, oxford):
    sign_in_without_the_form(page, live_server.url, oxford["admin"])
    page.goto(live_server.url + reverse("partnerships:settings", kwargs={"slug": "oxford"}))
    page.locator("#id_area").type("Oxfords")
    page.wait_for_selector("#area-suggestions button")
    page.locator("#id_area").press("Enter")
    page.wait_for_selector("text=Which area did you mean?")
    assert page.locator("input[name=area_choice][type=radio]").count() == 2
    assert _axe(page) == ""
