"""Inviting someone by email and following the link from the email."""

import datetime as dt
import re
from urllib.parse import urlsplit

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from joinedup.accounts.models import User
from joinedup.accounts.tests.factories import PASSWORD, UserFactory
from joinedup.core.audit import Actor, history_for
from joinedup.core.models import AuditEntry, SignedLink
from joinedup.partnerships import presenters_team as team_presenters
from joinedup.partnerships.models import Invitation, Person, Role
from joinedup.partnerships.roles import forget_roles, role_in
from joinedup.partnerships.services import team as team_services
from joinedup.partnerships.tests.factories import PartnershipFactory, PartnershipRoleFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def partnership():
    return PartnershipFactory(name="Riverford Health and Wellbeing Board")


@pytest.fixture
def admin(partnership):
    return PartnershipRoleFactory(
        partnership=partnership, role=Role.ADMIN, user=UserFactory(full_name="Ada Admin")
    ).user


def link_in(message) -> str:
    """The path of the signed link in an email's body."""
    url = re.search(r"https?://\S+/l/\S+/", message.body).group(0)
    return urlsplit(url).path


def invite_through_page(client, partnership, admin, **data):
    client.force_login(admin)
    url = reverse("partnerships:team_invite", kwargs={"slug": partnership.slug})
    return client.post(url, {"email": "nina@example.org", "role": "editor", **data})


def test_new_person_follows_the_emailed_link_creates_an_account_and_gets_the_role(client, partnership, admin):
    response = invite_through_page(client, partnership, admin)
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["nina@example.org"]
    assert "Riverford Health and Wellbeing Board" in message.subject
    assert "Ada Admin has invited you" in message.body
    path = link_in(message)

    client.logout()
    page = client.get(path)
    assert page.status_code == 200
    html = page.content.decode()
    assert "create your account" in html
    assert 'autocomplete="new-password"' in html
    # Opening the page changes nothing (mail scanners open links too).
    assert not User.objects.filter(email="nina@example.org").exists()

    response = client.post(
        path,
        {
            "full_name": "Nina Patel",
            "password1": "river otter lantern",
            "password2": "river otter lantern",
        },
    )
    assert response.status_code == 302
    assert response.url == reverse("partnerships:home", kwargs={"slug": partnership.slug})
    nina = User.objects.get(email="nina@example.org")
    assert nina.full_name == "Nina Patel"
    assert nina.check_password("river otter lantern")
    assert role_in(nina, partnership) == Role.EDITOR
    assert client.get(response.url).status_code == 200

    invitation = Invitation.objects.get(email="nina@example.org")
    assert invitation.accepted_by == nina
    actions = set(AuditEntry.objects.filter(partnership_id=partnership.pk).values_list("action", flat=True))
    assert {
        "partnerships.invitation.sent",
        "partnerships.invitation.accepted",
        "partnerships.role.granted",
    } <= actions

    # The link is done: it no longer opens, even for Nina.
    assert client.get(path).status_code == 410


def test_new_account_form_shows_govuk_errors_and_keeps_what_was_typed(client, partnership, admin):
    invite_through_page(client, partnership, admin)
    path = link_in(mail.outbox[0])
    client.logout()
    html = client.post(
        path,
        {
            "full_name": "Nina Patel",
            "password1": "river otter lantern",
            "password2": "different words here",
        },
    ).content.decode()
    assert "govuk-error-summary" in html
    assert "The passwords do not match" in html
    assert 'value="Nina Patel"' in html
    html = client.post(path, {"full_name": "", "password1": "", "password2": ""}).content.decode()
    assert "Enter your full name" in html and "Enter a password" in html
    assert not User.objects.filter(email="nina@example.org").exists()


def test_existing_account_signs_in_then_accepts(client, partnership, admin):
    nina = UserFactory(email="nina@example.org")
    PartnershipRoleFactory(user=nina, role=Role.ADMIN)  # admin somewhere else already
    invite_through_page(client, partnership, admin, role="viewer")
    path = link_in(mail.outbox[0])
    client.logout()

    response = client.get(path)
    assert response.status_code == 302
    sign_in_url = response.url
    assert sign_in_url.startswith(reverse("accounts:sign_in"))

    response = client.post(sign_in_url, {"username": "nina@example.org", "password": PASSWORD, "next": path})
    assert response.status_code == 302 and response.url == path
    assert "Accept the invitation" in client.get(path).content.decode()
    assert role_in(nina, partnership) is None  # nothing happens until they accept

    response = client.post(path)
    assert response.status_code == 302
    forget_roles(nina)  # role_in remembers its answer per user object
    assert role_in(nina, partnership) == Role.VIEWER
    assert client.get(path).status_code == 410


def test_signed_in_as_someone_else_cannot_take_the_invitation(client, partnership, admin):
    invite_through_page(client, partnership, admin)
    path = link_in(mail.outbox[0])
    other = UserFactory(email="someone.else@example.org")
    client.force_login(other)
    response = client.post(path)
    assert response.status_code == 403
    assert "This invitation is for someone else" in response.content.decode()
    assert role_in(other, partnership) is None


def test_resend_sends_a_new_link_and_the_old_one_stops_working(client, partnership, admin):
    invite_through_page(client, partnership, admin)
    old_path = link_in(mail.outbox[0])
    invitation = Invitation.objects.get(email="nina@example.org")
    url = reverse(
        "partnerships:team_invitation_resend",
        kwargs={"slug": partnership.slug, "invitation_id": invitation.pk},
    )
    assert client.post(url).status_code == 302
    assert len(mail.outbox) == 2
    new_path = link_in(mail.outbox[1])
    assert new_path != old_path
    invitation.refresh_from_db()
    assert invitation.sent_count == 2
    client.logout()
    assert client.get(old_path).status_code == 410
    assert client.get(new_path).status_code == 200
    assert AuditEntry.objects.filter(action="partnerships.invitation.resent").exists()


def test_withdrawn_invitation_link_no_longer_opens(client, partnership, admin):
    invite_through_page(client, partnership, admin)
    path = link_in(mail.outbox[0])
    invitation = Invitation.objects.get(email="nina@example.org")
    url = reverse(
        "partnerships:team_invitation_revoke",
        kwargs={"slug": partnership.slug, "invitation_id": invitation.pk},
    )
    assert client.post(url).status_code == 302
    client.logout()
    response = client.get(path)
    assert response.status_code == 410
    assert "withdrawn" in response.content.decode()
    assert AuditEntry.objects.filter(action="partnerships.invitation.revoked").exists()


def test_invitation_expires_after_the_configured_days(client, partnership, admin, settings):
    settings.INVITATION_LIFETIME_DAYS = 3
    invite_through_page(client, partnership, admin)
    path = link_in(mail.outbox[0])
    link = SignedLink.objects.get(purpose=team_services.INVITATION_PURPOSE)
    assert dt.timedelta(days=2, hours=23) < link.expires_at - timezone.now() <= dt.timedelta(days=3)
    SignedLink.objects.filter(pk=link.pk).update(expires_at=timezone.now() - dt.timedelta(minutes=1))
    client.logout()
    response = client.get(path)
    assert response.status_code == 410
    assert "expired" in response.content.decode()
    invitation = Invitation.objects.get(email="nina@example.org")
    assert team_presenters.invitation_state(invitation).key == "expired"


def test_default_invitation_lifetime_is_fourteen_days(partnership, admin, settings):
    del settings.INVITATION_LIFETIME_DAYS
    assert team_services.invitation_lifetime() == dt.timedelta(days=14)


def test_invitation_can_link_the_new_account_to_a_person(client, partnership, admin):
    person = Person.objects.create(partnership=partnership, full_name="Nina Patel", job_title="Director")
    invite_through_page(client, partnership, admin, person=person.pk)
    path = link_in(mail.outbox[0])
    client.logout()
    client.post(
        path,
        {
            "full_name": "Nina Patel",
            "password1": "river otter lantern",
            "password2": "river otter lantern",
        },
    )
    person.refresh_from_db()
    assert person.user.email == "nina@example.org"


def test_accepting_an_invitation_records_the_link_in_the_persons_history(client, partnership, admin):
    person = Person.objects.create(partnership=partnership, full_name="Nina Patel", job_title="Director")
    invite_through_page(client, partnership, admin, person=person.pk)
    path = link_in(mail.outbox[0])
    client.logout()
    client.post(
        path,
        {"full_name": "Nina Patel", "password1": "river otter lantern", "password2": "river otter lantern"},
    )
    person.refresh_from_db()
    assert person.user.email == "nina@example.org"
    # The same link as an admin makes on the person's page: a new version, so an editor who
    # opened the person before cannot overwrite it unseen, and an entry in its history.
    assert person.version == 2
    entry = history_for(person, partnership_id=partnership.pk).get()
    assert entry.action == "partnerships.person.linked_to_user"
    assert entry.actor_user == person.user
    client.force_login(admin)
    page = client.get(reverse("partnerships:person", kwargs={"slug": partnership.slug, "pk": person.pk}))
    assert "Linked Nina Patel to the user account" in page.content.decode()


def test_person_from_another_partnership_cannot_be_linked(client, partnership, admin):
    elsewhere = Person.objects.create(partnership=PartnershipFactory(), full_name="Other Person")
    response = invite_through_page(client, partnership, admin, person=elsewhere.pk)
    assert response.status_code == 200
    assert "Select a person from the list" in response.content.decode()
    assert mail.outbox == []


def test_cannot_invite_a_current_member_or_invite_twice(client, partnership, admin):
    PartnershipRoleFactory(partnership=partnership, user=UserFactory(email="member@example.org"))
    html = invite_through_page(client, partnership, admin, email="member@example.org").content.decode()
    assert "already has a role" in html
    invite_through_page(client, partnership, admin)
    html = invite_through_page(client, partnership, admin).content.decode()
    assert "already been invited" in html
    assert len(mail.outbox) == 1


def test_an_invitation_error_about_no_field_of_the_form_shows_at_the_top(
    client, partnership, admin, monkeypatch
):
    def refuse(**kwargs):
        raise ValidationError({"partnership": "This partnership is closed to new members"})

    monkeypatch.setattr(team_services, "invite", refuse)
    response = invite_through_page(client, partnership, admin)
    assert response.status_code == 200
    html = response.content.decode()
    assert "govuk-error-summary" in html
    assert "This partnership is closed to new members" in html
    assert "nina@example.org" in html


def test_invite_form_uses_govuk_wording(client, partnership, admin):
    html = invite_through_page(client, partnership, admin, email="", role="").content.decode()
    assert "Enter an email address" in html and "Select a role" in html


def test_accepting_does_not_change_a_role_already_held(partnership, admin):
    nina = UserFactory(email="nina@example.org")
    invitation, _ = team_services.invite(
        partnership=partnership,
        email="nina@example.org",
        role=Role.VIEWER,
        by=Actor.for_user(admin),
    )
    PartnershipRoleFactory(partnership=partnership, user=nina, role=Role.EDITOR)
    team_services.accept_invitation(invitation=invitation, user=nina)
    assert role_in(nina, partnership) == Role.EDITOR


def test_removed_user_can_be_invited_back(client, partnership, admin):
    role = PartnershipRoleFactory(
        partnership=partnership, role=Role.EDITOR, user=UserFactory(email="nina@example.org")
    )
    team_services.remove_from_partnership(partnership=partnership, role=role, by=Actor.for_user(admin))
    invitation, _ = team_services.invite(
        partnership=partnership,
        email="nina@example.org",
        role=Role.VIEWER,
        by=Actor.for_user(admin),
    )
    team_services.accept_invitation(invitation=invitation, user=role.user)
    role.refresh_from_db()
    assert role.is_active and role.role == Role.VIEWER


def test_opening_the_invitation_link_changes_nothing(client, partnership, admin):
    # Mail scanners fetch links, and the persona walker opens the world's invitation link as
    # every persona: only a POST may take up the invitation.
    invite_through_page(client, partnership, admin)
    path = link_in(mail.outbox[0])
    entries_before = AuditEntry.objects.count()
    client.logout()
    assert client.get(path).status_code == 200  # the form to choose a name and password
    invited = UserFactory(email="nina@example.org")
    assert client.get(path).status_code == 302  # sign in first
    client.force_login(UserFactory(email="someone.else@example.org"))
    assert client.get(path).status_code == 403
    client.force_login(invited)
    assert client.get(path).status_code == 200

    invitation = Invitation.objects.get(email="nina@example.org")
    assert invitation.accepted_at is None
    assert invitation.link.completed_at is None
    assert role_in(invited, partnership) is None
    assert AuditEntry.objects.exclude(action__startswith="accounts.").count() == entries_before
