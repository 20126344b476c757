"""Site operators see nothing until an admin grants time-limited, audited support access."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from joinedup.accounts.tests.factories import OperatorFactory, UserFactory
from joinedup.core.models import AuditEntry
from joinedup.partnerships.models import Role, SupportGrant
from joinedup.partnerships.tests.factories import PartnershipFactory, PartnershipRoleFactory
from joinedup.partnerships.tests.team_factories import make_invitation, make_support_grant

pytestmark = pytest.mark.django_db


@pytest.fixture
def partnership():
    return PartnershipFactory()


@pytest.fixture
def admin(partnership):
    return PartnershipRoleFactory(partnership=partnership, role=Role.ADMIN).user


def home(partnership):
    return reverse("partnerships:home", kwargs={"slug": partnership.slug})


def grant(client, partnership, admin, email, days="1", reason="Ticket 42: cannot add a body"):
    client.force_login(admin)
    return client.post(
        reverse("partnerships:team_support_grant", kwargs={"slug": partnership.slug}),
        {"operator_email": email, "reason": reason, "days": days},
    )


def test_operator_has_no_implicit_access(client, partnership):
    client.force_login(OperatorFactory())
    assert client.get(home(partnership)).status_code == 404


def test_admin_grants_named_operator_read_access_which_is_audited(client, partnership, admin):
    operator = OperatorFactory(email="op@example.org")
    response = grant(client, partnership, admin, "op@example.org", days="3")
    assert response.status_code == 302
    support = SupportGrant.objects.get()
    assert support.operator == operator and support.granted_by == admin
    assert dt.timedelta(days=2, hours=23) < support.expires_at - timezone.now() <= dt.timedelta(days=3)
    entry = AuditEntry.objects.get(action="partnerships.support.granted")
    assert entry.partnership_id == partnership.pk
    assert "Ticket 42" in entry.summary

    client.force_login(operator)
    assert client.get(home(partnership)).status_code == 200
    # Read only: support access never manages or edits.
    assert client.get(reverse("partnerships:team", kwargs={"slug": partnership.slug})).status_code == 403
    assert not operator.has_perm("partnerships.edit", partnership)
    assert not operator.has_perm("partnerships.view_exempt", partnership)


def test_every_page_read_under_support_access_is_audited(client, partnership, admin):
    operator = OperatorFactory(email="op@example.org")
    grant(client, partnership, admin, "op@example.org")
    client.force_login(operator)
    client.get(home(partnership))
    entry = AuditEntry.objects.get(action="partnerships.support.page_viewed")
    assert entry.actor_user == operator
    assert entry.partnership_id == partnership.pk
    assert entry.after == {"path": home(partnership)}


def test_members_page_views_are_not_audited(client, partnership, admin):
    client.force_login(admin)
    client.get(home(partnership))
    assert not AuditEntry.objects.filter(action="partnerships.support.page_viewed").exists()


def test_revoked_or_expired_support_access_ends(client, partnership, admin):
    operator = OperatorFactory(email="op@example.org")
    grant(client, partnership, admin, "op@example.org")
    support = SupportGrant.objects.get()
    url = reverse(
        "partnerships:team_support_revoke",
        kwargs={"slug": partnership.slug, "grant_id": support.pk},
    )
    assert client.post(url).status_code == 302
    assert AuditEntry.objects.filter(action="partnerships.support.revoked").exists()
    client.force_login(operator)
    assert client.get(home(partnership)).status_code == 404

    grant(client, partnership, admin, "op@example.org")
    SupportGrant.objects.filter(revoked_at__isnull=True).update(
        expires_at=timezone.now() - dt.timedelta(seconds=1)
    )
    client.force_login(operator)
    assert client.get(home(partnership)).status_code == 404


def test_support_access_is_only_for_site_operators(client, partnership, admin):
    UserFactory(email="ordinary@example.org")
    html = grant(client, partnership, admin, "ordinary@example.org").content.decode()
    assert "Enter the email address of a site operator" in html
    html = grant(client, partnership, admin, "nobody@example.org").content.decode()
    assert "Enter the email address of a site operator" in html
    assert not SupportGrant.objects.exists()


def test_support_access_needs_a_reason(client, partnership, admin):
    OperatorFactory(email="op@example.org")
    html = grant(client, partnership, admin, "op@example.org", reason="").content.decode()
    assert "Enter why the operator needs access" in html


def test_support_access_for_one_partnership_does_not_open_another(client, partnership, admin):
    operator = OperatorFactory(email="op@example.org")
    grant(client, partnership, admin, "op@example.org")
    other = PartnershipFactory()
    client.force_login(operator)
    assert client.get(home(other)).status_code == 404


def test_operator_with_support_access_cannot_edit_or_manage(partnership, admin):
    operator = OperatorFactory()
    SupportGrant.objects.create(
        partnership=partnership,
        operator=operator,
        granted_by=admin,
        reason="Ticket 7",
        expires_at=timezone.now() + dt.timedelta(days=1),
    )
    assert operator.has_perm("partnerships.view", partnership)
    for perm in (
        "partnerships.edit",
        "partnerships.manage",
        "partnerships.view_exempt",
        "partnerships.write_scrutiny",
    ):
        assert not operator.has_perm(perm, partnership), perm


def test_operator_who_is_also_an_admin_there_acts_as_admin(partnership):
    operator = OperatorFactory()
    PartnershipRoleFactory(partnership=partnership, user=operator, role=Role.ADMIN)
    assert operator.has_perm("partnerships.manage", partnership)


def test_team_page_counts_pages_read_under_each_grant_and_keeps_them_out_of_recent_changes(
    client, partnership, admin
):
    operator = OperatorFactory(email="op@example.org", full_name="Otto Operator")
    grant(client, partnership, admin, "op@example.org")
    client.force_login(operator)
    for _ in range(3):
        client.get(home(partnership))
    client.force_login(admin)
    team_url = reverse("partnerships:team", kwargs={"slug": partnership.slug})
    html = client.get(team_url).content.decode()
    assert "3 pages read" in html
    assert "under support access" not in html  # page views are counted, not listed
    assert "Gave Otto Operator support access" in html


def test_team_page_query_count_does_not_grow_with_the_team(client, partnership, admin):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(admin)
    team_url = reverse("partnerships:team", kwargs={"slug": partnership.slug})

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(team_url).status_code == 200
        return len(captured)

    queries()  # warm the session and content-type caches
    small = queries()
    for _ in range(5):
        PartnershipRoleFactory(partnership=partnership)
        make_invitation(partnership, by=admin)
        SupportGrant.objects.create(
            partnership=partnership,
            operator=OperatorFactory(),
            granted_by=admin,
            reason="r",
            expires_at=timezone.now() + dt.timedelta(days=1),
        )
    assert queries() == small


def test_operator_finds_partnerships_with_support_access_on_the_start_page(client, partnership, admin):
    operator = OperatorFactory()
    client.force_login(operator)
    assert "Support access" not in client.get(reverse("partnerships:choose")).content.decode()
    make_support_grant(partnership, operator=operator, by=admin)
    page = client.get(reverse("partnerships:choose")).content.decode()
    assert "Support access" in page
    assert reverse("partnerships:home", kwargs={"slug": partnership.slug}) in page
