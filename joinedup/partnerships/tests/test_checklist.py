import pytest
from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st

from joinedup.partnerships.checklist import checklist_complete, setup_checklist
from joinedup.partnerships.models import Role
from joinedup.partnerships.tests.directory_helpers import make_body, make_membership, make_seat
from joinedup.partnerships.tests.factories import (
    OrganisationFactory,
    PartnershipFactory,
    PersonFactory,
    user_with_role,
)

KEYS = ["organisations", "bodies", "seats", "members", "users"]


def test_a_new_partnership_has_every_step_to_do():
    items = setup_checklist(dict.fromkeys(KEYS, 0))
    assert [i.key for i in items] == KEYS
    assert not any(i.done for i in items)
    assert not checklist_complete(items)


@given(st.fixed_dictionaries({k: st.integers(min_value=0, max_value=5) for k in KEYS}))
def test_a_step_is_done_exactly_when_something_of_its_kind_exists(counts):
    items = setup_checklist(counts)
    assert {i.key: i.done for i in items} == {k: counts[k] > 0 for k in KEYS}
    assert checklist_complete(items) == all(counts[k] > 0 for k in KEYS)


@pytest.mark.django_db
def test_admin_sees_the_checklist_with_links_on_a_new_partnership(client):
    partnership = PartnershipFactory()
    client.force_login(user_with_role(partnership, Role.ADMIN))
    page = client.get(reverse("partnerships:home", kwargs={"slug": partnership.slug}))
    html = page.content.decode()
    assert "Set up your partnership" in html
    assert reverse("partnerships:organisation_add", kwargs={"slug": partnership.slug}) in html
    assert html.count("Not done yet") == 5


@pytest.mark.django_db
def test_editor_does_not_see_the_checklist(client):
    partnership = PartnershipFactory()
    client.force_login(user_with_role(partnership, Role.EDITOR))
    page = client.get(reverse("partnerships:home", kwargs={"slug": partnership.slug}))
    assert "Set up your partnership" not in page.content.decode()


@pytest.mark.django_db
def test_checklist_marks_done_steps_and_disappears_when_all_are_done(client):
    partnership = PartnershipFactory()
    client.force_login(user_with_role(partnership, Role.ADMIN))
    url = reverse("partnerships:home", kwargs={"slug": partnership.slug})
    council = OrganisationFactory(partnership=partnership)
    body = make_body(partnership)
    html = client.get(url).content.decode()
    assert html.count("Not done yet") == 3

    seat = make_seat(body, council)
    make_membership(body, PersonFactory(partnership=partnership), seat=seat)
    user_with_role(partnership, Role.VIEWER)
    assert "Set up your partnership" not in client.get(url).content.decode()
