"""Lockout is per account-and-address pair: a whole council shares one address."""

import pytest
from django.core import mail
from django.urls import reverse

from joinedup.accounts.tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db
SIGN_IN = reverse("accounts:sign_in")
COUNCIL_IP = "192.0.2.10"
HOME_IP = "198.51.100.7"


def attempt(client, email, password, ip):
    return client.post(SIGN_IN, {"username": email, "password": password}, REMOTE_ADDR=ip)


def fail_five_times(client, email, ip=COUNCIL_IP):
    return [attempt(client, email, "not the password", ip) for _ in range(5)]


def test_five_failures_lock_the_account_from_that_address(client):
    UserFactory(email="ann@example.org")
    responses = fail_five_times(client, "ann@example.org")
    assert [r.status_code for r in responses[:4]] == [200] * 4
    assert responses[4].status_code == 429
    # The right password no longer works from that address during the cool-off.
    response = attempt(client, "ann@example.org", PASSWORD, COUNCIL_IP)
    assert response.status_code == 429
    assert not response.wsgi_request.user.is_authenticated


def test_lockout_page_explains_what_to_do(client):
    UserFactory(email="ann@example.org")
    response = fail_five_times(client, "ann@example.org")[-1]
    html = response.content.decode()
    assert "Too many attempts to sign in" in html
    assert "15 minutes" in html
    assert reverse("accounts:password_reset") in html


def test_colleague_on_the_same_address_can_still_sign_in(client):
    UserFactory(email="ann@example.org")
    bob = UserFactory(email="bob@example.org")
    fail_five_times(client, "ann@example.org")
    response = attempt(client, "bob@example.org", PASSWORD, COUNCIL_IP)
    assert response.status_code == 302
    assert response.wsgi_request.user == bob


def test_same_account_can_sign_in_from_another_address(client):
    ann = UserFactory(email="ann@example.org")
    fail_five_times(client, "ann@example.org")
    response = attempt(client, "ann@example.org", PASSWORD, HOME_IP)
    assert response.status_code == 302
    assert response.wsgi_request.user == ann


def test_changing_the_case_of_the_email_does_not_dodge_the_lockout(client):
    UserFactory(email="ann@example.org")
    for email in ["ann@example.org", "Ann@example.org", "ANN@example.org", "ann@EXAMPLE.org"]:
        attempt(client, email, "not the password", COUNCIL_IP)
    assert attempt(client, "aNn@example.org", "not the password", COUNCIL_IP).status_code == 429


def test_cool_off_ends_the_lockout(client, settings):
    import datetime as dt

    from axes.models import AccessAttempt

    ann = UserFactory(email="ann@example.org")
    fail_five_times(client, "ann@example.org")
    AccessAttempt.objects.update(attempt_time=dt.datetime.now(dt.UTC) - dt.timedelta(minutes=16))
    response = attempt(client, "ann@example.org", PASSWORD, COUNCIL_IP)
    assert response.status_code == 302
    assert response.wsgi_request.user == ann


def test_resetting_the_password_lifts_the_lockout(client):
    ann = UserFactory(email="ann@example.org")
    fail_five_times(client, "ann@example.org")
    client.post(reverse("accounts:password_reset"), {"email": "ann@example.org"})
    link = next(line for line in mail.outbox[0].body.splitlines() if "/password-reset/" in line)
    response = client.get(link, follow=True)
    client.post(
        response.redirect_chain[-1][0],
        {"new_password1": "a brand new passphrase", "new_password2": "a brand new passphrase"},
    )
    response = attempt(client, "ann@example.org", "a brand new passphrase", COUNCIL_IP)
    assert response.status_code == 302
    assert response.wsgi_request.user == ann
