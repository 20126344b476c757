"""Managing the team: roles, removal, the last-admin rule, who may do it."""

import importlib.util
import inspect
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from joinedup.accounts.tests.factories import OperatorFactory, UserFactory
from joinedup.core.audit import Actor
from joinedup.core.conflicts import EditConflict
from joinedup.core.models import AuditEntry
from joinedup.partnerships import selectors_team
from joinedup.partnerships.models import PartnershipRole, Role
from joinedup.partnerships.roles import role_in
from joinedup.partnerships.services import team as team_services
from joinedup.partnerships.tests.factories import PartnershipFactory, PartnershipRoleFactory
from joinedup.partnerships.tests.team_factories import make_invitation

pytestmark = pytest.mark.django_db


@pytest.fixture
def partnership():
    return PartnershipFactory()


@pytest.fixture
def admin(partnership):
    return PartnershipRoleFactory(partnership=partnership, role=Role.ADMIN).user


def test_admin_changes_a_role_and_it_is_audited(partnership, admin):
    role = PartnershipRoleFactory(partnership=partnership, role=Role.VIEWER)
    team_services.change_role(
        partnership=partnership,
        role=role,
        new_role=Role.EDITOR,
        expected_version=role.version,
        by=Actor.for_user(admin),
    )
    role.refresh_from_db()
    assert role.role == Role.EDITOR
    entry = AuditEntry.objects.get(action="partnerships.role.changed")
    assert entry.partnership_id == partnership.pk
    assert entry.before == {"role": "viewer"} and entry.after == {"role": "editor"}
    assert "from viewer to editor" in entry.summary


def test_partnership_must_keep_at_least_one_admin(partnership, admin):
    only_admin = PartnershipRole.objects.get(user=admin)
    with pytest.raises(ValidationError, match="at least one admin"):
        team_services.change_role(
            partnership=partnership,
            role=only_admin,
            new_role=Role.EDITOR,
            expected_version=only_admin.version,
            by=Actor.for_user(admin),
        )
    with pytest.raises(ValidationError, match="at least one admin"):
        team_services.remove_from_partnership(
            partnership=partnership, role=only_admin, by=Actor.for_user(admin)
        )
    second = PartnershipRoleFactory(partnership=partnership, role=Role.ADMIN)
    team_services.change_role(
        partnership=partnership,
        role=only_admin,
        new_role=Role.EDITOR,
        expected_version=only_admin.version,
        by=Actor.for_user(admin),
    )
    with pytest.raises(ValidationError, match="at least one admin"):
        team_services.remove_from_partnership(partnership=partnership, role=second, by=Actor.for_user(admin))


def test_a_deactivated_admin_does_not_count_as_the_remaining_admin(partnership, admin):
    PartnershipRoleFactory(partnership=partnership, role=Role.ADMIN, user=UserFactory(is_active=False))
    with pytest.raises(ValidationError):
        team_services.remove_from_partnership(
            partnership=partnership,
            role=PartnershipRole.objects.get(user=admin),
            by=Actor.for_user(admin),
        )


def test_removing_a_user_keeps_their_role_row_and_history(partnership, admin):
    role = PartnershipRoleFactory(partnership=partnership, role=Role.EDITOR)
    team_services.remove_from_partnership(partnership=partnership, role=role, by=Actor.for_user(admin))
    role.refresh_from_db()
    assert role.is_active is False
    assert role_in(role.user, partnership) is None
    assert AuditEntry.objects.filter(action="partnerships.role.removed", target_id=str(role.pk)).exists()


def test_a_user_can_hold_different_roles_in_several_partnerships():
    user = UserFactory()
    first = PartnershipRoleFactory(user=user, role=Role.ADMIN).partnership
    second = PartnershipRoleFactory(user=user, role=Role.VIEWER).partnership
    assert role_in(user, first) == "admin"
    assert role_in(user, second) == "viewer"


def test_user_in_two_partnerships_sees_switch_link_and_both_on_choose_page(client):
    user = UserFactory()
    first = PartnershipRoleFactory(user=user, role=Role.ADMIN).partnership
    second = PartnershipRoleFactory(user=user, role=Role.VIEWER).partnership
    client.force_login(user)
    html = client.get(reverse("partnerships:home", kwargs={"slug": first.slug})).content.decode()
    assert "Switch partnership" in html
    choose = client.get(reverse("partnerships:choose")).content.decode()
    assert first.name in choose and second.name in choose
    assert client.get(reverse("partnerships:home", kwargs={"slug": second.slug})).status_code == 200


# --- pages --------------------------------------------------------------------------


def test_team_page_lists_members_invitations_and_recent_history(client, partnership, admin):
    editor = PartnershipRoleFactory(
        partnership=partnership, role=Role.EDITOR, user=UserFactory(full_name="Edith Ward")
    )
    make_invitation(partnership, email="newcomer@example.org", by=admin)
    team_services.change_role(
        partnership=partnership,
        role=editor,
        new_role=Role.MEMBER,
        expected_version=editor.version,
        by=Actor.for_user(admin),
    )
    client.force_login(admin)
    html = client.get(reverse("partnerships:team", kwargs={"slug": partnership.slug})).content.decode()
    assert "Edith Ward" in html
    assert "newcomer@example.org" in html
    assert "Changed Edith Ward&#x27;s role from editor to member." in html
    assert "Invited newcomer@example.org" in html


@pytest.mark.parametrize("role", [Role.EDITOR, Role.MEMBER, Role.VIEWER, Role.SCRUTINY])
def test_only_admins_manage_the_team(client, partnership, role):
    user = PartnershipRoleFactory(partnership=partnership, role=role).user
    target = PartnershipRoleFactory(partnership=partnership, role=Role.VIEWER)
    invitation, _ = make_invitation(partnership)
    client.force_login(user)
    slug = partnership.slug
    urls = [
        ("get", reverse("partnerships:team", kwargs={"slug": slug})),
        ("get", reverse("partnerships:team_invite", kwargs={"slug": slug})),
        ("post", reverse("partnerships:team_invite", kwargs={"slug": slug})),
        ("post", reverse("partnerships:team_member", kwargs={"slug": slug, "role_id": target.pk})),
        ("post", reverse("partnerships:team_remove", kwargs={"slug": slug, "role_id": target.pk})),
        (
            "post",
            reverse(
                "partnerships:team_invitation_resend",
                kwargs={"slug": slug, "invitation_id": invitation.pk},
            ),
        ),
        (
            "post",
            reverse(
                "partnerships:team_invitation_revoke",
                kwargs={"slug": slug, "invitation_id": invitation.pk},
            ),
        ),
        ("post", reverse("partnerships:team_support_grant", kwargs={"slug": slug})),
    ]
    for method, url in urls:
        assert getattr(client, method)(url, {"role": "admin", "email": "x@example.org"}).status_code == 403, (
            url
        )
    target.refresh_from_db()
    assert target.role == Role.VIEWER and target.is_active


def test_outsiders_and_operators_do_not_learn_the_team_page_exists(client, partnership, admin):
    url = reverse("partnerships:team", kwargs={"slug": partnership.slug})
    client.force_login(PartnershipRoleFactory(role=Role.ADMIN).user)  # admin of another partnership
    assert client.get(url).status_code == 404
    client.force_login(OperatorFactory())
    assert client.get(url).status_code == 404
    client.logout()
    assert client.get(url).status_code == 302


def test_admin_changes_a_role_through_the_page(client, partnership, admin):
    target = PartnershipRoleFactory(partnership=partnership, role=Role.VIEWER)
    client.force_login(admin)
    url = reverse("partnerships:team_member", kwargs={"slug": partnership.slug, "role_id": target.pk})
    assert client.get(url).status_code == 200
    response = client.post(url, {"role": "scrutiny", "version": target.version})
    assert response.status_code == 302
    target.refresh_from_db()
    assert target.role == Role.SCRUTINY


def test_second_admin_changing_the_same_role_sees_both_versions_and_overwrites_nothing(
    client, partnership, admin
):
    target = PartnershipRoleFactory(partnership=partnership, role=Role.VIEWER)
    other_admin = PartnershipRoleFactory(partnership=partnership, role=Role.ADMIN).user
    url = reverse("partnerships:team_member", kwargs={"slug": partnership.slug, "role_id": target.pk})
    # Both admins open the role page while it reads "viewer".
    read_at = target.version
    client.force_login(other_admin)
    assert client.post(url, {"role": "editor", "version": read_at}).status_code == 302

    client.force_login(admin)
    response = client.post(url, {"role": "scrutiny", "version": read_at})
    assert response.status_code == 409
    html = response.content.decode()
    assert "Someone else changed this while you were editing" in html
    assert '<td class="govuk-table__cell">Editor</td>' in html
    assert '<td class="govuk-table__cell">Scrutiny</td>' in html
    target.refresh_from_db()
    assert target.role == Role.EDITOR
    assert AuditEntry.objects.filter(action="partnerships.role.changed").count() == 1
    # The re-shown form keeps the second admin's choice and adopts the stored version, so
    # saving again overwrites knowingly.
    assert client.post(url, {"role": "scrutiny", "version": target.version}).status_code == 302
    target.refresh_from_db()
    assert target.role == Role.SCRUTINY


def test_a_role_form_opened_before_the_member_was_removed_and_restored_is_out_of_date(partnership, admin):
    target = PartnershipRoleFactory(partnership=partnership, role=Role.VIEWER)
    read_at = target.version
    by = Actor.for_user(admin)
    team_services.remove_from_partnership(partnership=partnership, role=target, by=by)
    team_services.grant_role(partnership=partnership, user=target.user, role=Role.MEMBER, by=by)
    with pytest.raises(EditConflict):
        team_services.change_role(
            partnership=partnership, role=target, new_role=Role.ADMIN, expected_version=read_at, by=by
        )
    target.refresh_from_db()
    assert target.role == Role.MEMBER


def test_last_admin_demoting_themselves_sees_an_error(client, partnership, admin):
    client.force_login(admin)
    own = PartnershipRole.objects.get(user=admin)
    url = reverse("partnerships:team_member", kwargs={"slug": partnership.slug, "role_id": own.pk})
    html = client.post(url, {"role": "viewer", "version": own.version}).content.decode()
    assert "govuk-error-summary" in html
    assert "at least one admin" in html
    own.refresh_from_db()
    assert own.role == Role.ADMIN


def test_role_form_needs_a_role(client, partnership, admin):
    target = PartnershipRoleFactory(partnership=partnership)
    client.force_login(admin)
    url = reverse("partnerships:team_member", kwargs={"slug": partnership.slug, "role_id": target.pk})
    assert "Select a role" in client.post(url, {}).content.decode()


def test_admin_removes_a_user_after_confirming(client, partnership, admin):
    target = PartnershipRoleFactory(partnership=partnership, role=Role.EDITOR)
    client.force_login(admin)
    url = reverse("partnerships:team_remove", kwargs={"slug": partnership.slug, "role_id": target.pk})
    assert "Remove from the partnership" in client.get(url).content.decode()
    assert client.post(url).status_code == 302
    target.refresh_from_db()
    assert not target.is_active
    client.force_login(target.user)
    assert client.get(reverse("partnerships:home", kwargs={"slug": partnership.slug})).status_code == 404


def test_role_of_another_partnership_is_not_reachable(client, partnership, admin):
    elsewhere = PartnershipRoleFactory(role=Role.VIEWER)
    client.force_login(admin)
    url = reverse("partnerships:team_member", kwargs={"slug": partnership.slug, "role_id": elsewhere.pk})
    assert client.get(url).status_code == 404
    assert client.post(url, {"role": "admin"}).status_code == 404
    elsewhere.refresh_from_db()
    assert elsewhere.role == Role.VIEWER


def test_team_link_appears_in_the_menu_for_admins_only(client, partnership, admin):
    home = reverse("partnerships:home", kwargs={"slug": partnership.slug})
    team_url = reverse("partnerships:team", kwargs={"slug": partnership.slug})
    client.force_login(admin)
    assert f'href="{team_url}"' in client.get(home).content.decode()
    client.force_login(PartnershipRoleFactory(partnership=partnership, role=Role.EDITOR).user)
    assert f'href="{team_url}"' not in client.get(home).content.decode()


def _scoping_check():
    script = Path(__file__).resolve().parents[3] / "scripts" / "check_scoping.py"
    spec = importlib.util.spec_from_file_location("check_scoping", script)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("check_scoping", module)  # dataclasses look their module up here
    spec.loader.exec_module(module)
    return module


def test_the_teams_reads_live_where_the_scoping_check_parses_them():
    # The team's reads once sat in a module the check never parsed, so an unscoped query
    # there would have passed CI.
    joinedup = Path(__file__).resolve().parents[2]
    checked = {path.resolve() for path in _scoping_check().files_to_check(joinedup)}
    reads = [
        selectors_team.team_roles,
        selectors_team.open_invitations,
        selectors_team.invitation_for_link,
        selectors_team.support_grants,
        selectors_team.person_choices,
        selectors_team.team_history,
    ]
    for read in reads:
        assert Path(inspect.getsourcefile(read) or "").resolve() in checked, read.__name__
