"""The directory's rows of the persona table, walked against a small world of its own.

The project-wide walk (joinedup/tests) covers every URL with the shared world; this
checks the directory's rows while that world does not yet have the directory's objects.
"""

from types import SimpleNamespace

import pytest
from django.urls import reverse

from joinedup.partnerships import sharing
from joinedup.partnerships.models import Role
from joinedup.partnerships.tests.factories import (
    AreaFactory,
    OrganisationFactory,
    PartnershipFactory,
    PartnershipRoleFactory,
    PersonFactory,
    TrainingRecordFactory,
    UserFactory,
    user_with_role,
)
from joinedup.tests.url_access import DIRECTORY_ROWS, PERSONAS


@pytest.fixture
def world():
    partnership = PartnershipFactory(slug="world")
    elsewhere = PartnershipFactory(slug="elsewhere")
    person = PersonFactory(partnership=partnership)
    users = {role: user_with_role(partnership, role) for role in Role.values}
    admin_elsewhere = user_with_role(elsewhere, Role.ADMIN)
    PartnershipRoleFactory(partnership=partnership, user=admin_elsewhere, role=Role.VIEWER)
    users["admin_elsewhere"] = admin_elsewhere
    users["operator"] = UserFactory(is_superuser=True, is_staff=True)
    area = AreaFactory()
    partnership.areas.add(area)
    return SimpleNamespace(
        partnership=partnership,
        organisation=OrganisationFactory(partnership=partnership),
        person=person,
        training_record=TrainingRecordFactory(person=person),
        area=area,
        child=PartnershipFactory(
            slug="world-child", parent=partnership, shares_with_parent=[sharing.STRUCTURE_SUMMARY]
        ),
        users=users,
    )


@pytest.mark.django_db
@pytest.mark.parametrize("persona", PERSONAS)
def test_directory_rows_give_each_persona_the_declared_status(client, world, persona):
    failures = []
    for row in DIRECTORY_ROWS:
        client.logout()
        user = world.users.get(persona)
        if user is not None:
            client.force_login(user)
        url = reverse(row.url_name, kwargs=row.kwargs(world))
        status = client.get(url).status_code
        if status != row.expect[persona]:
            failures.append(f"{row.url_name} {url}: {status}, expected {row.expect[persona]}")
    assert not failures, "\n".join(failures)
