"""The persona-table rows of the accounts and team sections, walked against a small
world of their own (the project-wide walk covers every row; this one fails close to
the code when a team or accounts rule changes)."""

from types import SimpleNamespace

import pytest
from django.urls import reverse

from joinedup.accounts.tests.factories import OperatorFactory, UserFactory
from joinedup.partnerships.models import Role
from joinedup.partnerships.tests.factories import PartnershipFactory, PartnershipRoleFactory
from joinedup.partnerships.tests.team_factories import add_team_to_world
from joinedup.tests.url_access import PERSONAS, ROWS

pytestmark = pytest.mark.django_db

OURS = ("accounts:", "partnerships:team", "partnerships:first_run")


@pytest.fixture
def world():
    w = SimpleNamespace(partnership=PartnershipFactory(), users={})
    for role in (Role.ADMIN, Role.EDITOR, Role.MEMBER, Role.SCRUTINY, Role.VIEWER):
        w.users[str(role)] = PartnershipRoleFactory(partnership=w.partnership, role=role).user
    w.users["operator"] = OperatorFactory()
    elsewhere = UserFactory()
    PartnershipRoleFactory(user=elsewhere, role=Role.ADMIN)
    PartnershipRoleFactory(partnership=w.partnership, user=elsewhere, role=Role.VIEWER)
    w.users["admin_elsewhere"] = elsewhere
    add_team_to_world(w)
    return w


@pytest.mark.parametrize("row", [r for r in ROWS if r.url_name.startswith(OURS)], ids=lambda r: r.url_name)
def test_persona_table_rows_for_accounts_and_team(client, world, row):
    assert set(row.expect) == set(PERSONAS)
    url = reverse(row.url_name, kwargs=row.kwargs(world))
    for persona in PERSONAS:
        client.logout()
        if persona in world.users:
            client.force_login(world.users[persona])
        if row.method == "post":
            response = client.post(url, row.data(world) if row.data else {})
        else:
            response = client.get(url)
        assert response.status_code == row.expect[persona], f"{row.url_name} as {persona}"
