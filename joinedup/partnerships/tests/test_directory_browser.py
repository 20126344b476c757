"""The directory in a real browser: zero axe-core violations (WCAG 2.2 AA) on every page,
and area picking with JavaScript on (suggestions announced, usable from the keyboard)."""

import os
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse
from playwright.sync_api import sync_playwright

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

# Playwright's sync API runs an event loop in this thread; the test's own ORM calls are
# still synchronous.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

CHROMIUM = "/usr/bin/chromium"
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
RUN_AXE = (
    "async (tags) => (await axe.run(document, {runOnly: tags})).violations"
    ".map(v => v.id + ': ' + v.nodes.map(n => n.html).slice(0, 2).join(' | '))"
)


@pytest.fixture
def browser_page(live_server):
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        context = browser.new_context()
        yield context
        browser.close()


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


def _signed_in(context, live_server, user):
    client = Client()
    client.force_login(user)
    context.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                "url": live_server.url,
            }
        ]
    )
    return context.new_page()


def _axe(page) -> list[str]:
    page.add_script_tag(content=Path(settings.BASE_DIR, "joinedup/static/dist/axe.min.js").read_text())
    return page.evaluate(RUN_AXE, AXE_TAGS)


def test_every_directory_page_has_no_accessibility_violations(browser_page, live_server, oxford):
    page = _signed_in(browser_page, live_server, oxford["admin"])
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


def test_area_suggestions_are_announced_and_chosen_from_the_keyboard(browser_page, live_server, oxford):
    page = _signed_in(browser_page, live_server, oxford["admin"])
    page.goto(live_server.url + reverse("partnerships:settings", kwargs={"slug": "oxford"}))
    page.locator("#id_area").type("Oxfords")
    page.wait_for_selector("#area-suggestions button")
    assert "2 matching areas" in page.inner_text("#area-suggestions-status")
    assert _axe(page) == []

    page.keyboard.press("Tab")  # from the input to the Add area button
    page.keyboard.press("Tab")  # to the first suggestion
    page.keyboard.press("Enter")
    page.wait_for_selector("text=Added Oxfordshire")
    assert list(oxford["city"].areas.values_list("code", flat=True).order_by("code")) == [
        "E07000178",
        "E10000025",
    ]


def test_enter_in_the_area_input_resolves_what_was_typed(browser_page, live_server, oxford):
    page = _signed_in(browser_page, live_server, oxford["admin"])
    page.goto(live_server.url + reverse("partnerships:settings", kwargs={"slug": "oxford"}))
    page.locator("#id_area").type("Oxfords")
    page.wait_for_selector("#area-suggestions button")
    page.locator("#id_area").press("Enter")
    page.wait_for_selector("text=Which area did you mean?")
    assert page.locator("input[name=area_choice][type=radio]").count() == 2
    assert _axe(page) == []
