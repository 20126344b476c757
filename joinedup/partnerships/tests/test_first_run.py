"""A new installation is usable without the demo."""

import re
from io import StringIO
from urllib.parse import urlsplit

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from django.urls import reverse

from joinedup.accounts.models import User
from joinedup.accounts.tests.factories import UserFactory
from joinedup.core.models import AuditEntry
from joinedup.partnerships import first_run
from joinedup.partnerships.models import Partnership, Role
from joinedup.partnerships.roles import role_in

pytestmark = pytest.mark.django_db
SETUP = reverse("partnerships:first_run")

FIRST_RUN = {
    "full_name": "Olive Operator",
    "email": "olive@example.org",
    "password1": "harbour kettle meadow",
    "password2": "harbour kettle meadow",
    "partnership_name": "Riverford Health and Wellbeing Board",
    "partnership_type": "hwb",
    "tier": "unitary",
    "admin_email": "",
}


def test_first_run_page_creates_operator_partnership_and_admin(client):
    assert client.get(SETUP).status_code == 200
    response = client.post(SETUP, FIRST_RUN)
    assert response.status_code == 200
    assert "Joined Up is ready" in response.content.decode()
    olive = User.objects.get(email="olive@example.org")
    assert olive.is_superuser and olive.check_password("harbour kettle meadow")
    partnership = Partnership.objects.get()
    assert partnership.slug == "riverford-health-and-wellbeing-board"
    assert partnership.partnership_type == "hwb" and partnership.tier == "unitary"
    assert role_in(olive, partnership) == Role.ADMIN
    assert client.get(reverse("partnerships:home", kwargs={"slug": partnership.slug})).status_code == 200
    assert AuditEntry.objects.filter(action="partnerships.partnership.created").exists()


def test_first_run_page_can_invite_a_separate_admin(client):
    response = client.post(SETUP, {**FIRST_RUN, "admin_email": "ada@example.org"})
    assert response.status_code == 200
    olive = User.objects.get(email="olive@example.org")
    partnership = Partnership.objects.get()
    assert role_in(olive, partnership) is None  # the operator has no implicit access
    assert mail.outbox[0].to == ["ada@example.org"]
    assert "/l/" in response.content.decode()


def test_first_run_page_is_gone_once_any_account_exists(client):
    UserFactory()
    assert client.get(SETUP).status_code == 404
    assert client.post(SETUP, FIRST_RUN).status_code == 404
    assert not Partnership.objects.exists()


def test_first_run_page_disappears_after_use(client):
    client.post(SETUP, FIRST_RUN)
    client.logout()
    assert client.get(SETUP).status_code == 404
    assert client.post(SETUP, {**FIRST_RUN, "email": "mallory@example.org"}).status_code == 404
    assert not User.objects.filter(email="mallory@example.org").exists()


def test_first_run_page_validates_and_writes_nothing_on_error(client):
    response = client.post(SETUP, {**FIRST_RUN, "password2": "something else", "partnership_type": ""})
    html = response.content.decode()
    assert "govuk-error-summary" in html
    assert "The passwords do not match" in html
    assert "Select the type of partnership" in html
    assert not User.objects.exists()


def test_first_run_page_shows_a_partnership_error_at_the_top_of_the_form(client, monkeypatch):
    # The Partnership model names its field `name`; the form calls it `partnership_name`. An
    # error about a field the form does not have belongs at the top of the form.
    def refuse(**kwargs):
        raise ValidationError({"name": "Enter a name that is not already in use"})

    monkeypatch.setattr(first_run, "start_partnership", refuse)
    response = client.post(SETUP, FIRST_RUN)
    assert response.status_code == 200
    html = response.content.decode()
    assert "govuk-error-summary" in html
    assert "Enter a name that is not already in use" in html
    assert "olive@example.org" in html  # what was typed is kept
    assert not User.objects.exists()


def test_first_run_page_can_be_switched_off(client, settings):
    settings.FIRST_RUN_PAGE = False
    assert client.get(SETUP).status_code == 404


def test_create_partnership_command_prints_a_link_that_makes_the_admin(client):
    out = StringIO()
    call_command(
        "create_partnership",
        "--name",
        "Lowmoor Community Safety Partnership",
        "--type",
        "csp",
        "--tier",
        "district",
        "--admin-email",
        "ada@example.org",
        stdout=out,
    )
    partnership = Partnership.objects.get()
    assert partnership.partnership_type == "csp"
    url = re.search(r"https?://\S+/l/\S+/", out.getvalue()).group(0)
    path = urlsplit(url).path
    response = client.post(
        path,
        {
            "full_name": "Ada Admin",
            "password1": "harbour kettle meadow",
            "password2": "harbour kettle meadow",
        },
    )
    assert response.status_code == 302
    ada = User.objects.get(email="ada@example.org")
    assert role_in(ada, partnership) == Role.ADMIN
    assert client.get(path).status_code == 410  # one-time


def test_create_partnership_command_makes_an_existing_account_admin_at_once():
    ada = UserFactory(email="ada@example.org")
    out = StringIO()
    call_command(
        "create_partnership",
        "--name",
        "Lowmoor CSP",
        "--type",
        "csp",
        "--tier",
        "district",
        "--admin-email",
        "ADA@example.org",
        stdout=out,
    )
    assert role_in(ada, Partnership.objects.get()) == Role.ADMIN
    assert "/l/" not in out.getvalue()


def test_create_partnership_command_rejects_a_taken_slug():
    call_command(
        "create_partnership",
        "--name",
        "Lowmoor",
        "--type",
        "csp",
        "--tier",
        "district",
        "--admin-email",
        "a@example.org",
        "--slug",
        "lowmoor",
        stdout=StringIO(),
    )
    with pytest.raises(CommandError):
        call_command(
            "create_partnership",
            "--name",
            "Lowmoor 2",
            "--type",
            "csp",
            "--tier",
            "district",
            "--admin-email",
            "b@example.org",
            "--slug",
            "lowmoor",
            stdout=StringIO(),
        )
