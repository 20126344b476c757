from urllib.parse import urlsplit

import pytest
from django.core import mail
from django.urls import reverse

from joinedup.accounts.tests.factories import PASSWORD, UserFactory
from joinedup.core.models import AuditEntry

pytestmark = pytest.mark.django_db
RESET = reverse("accounts:password_reset")


def link_from(message) -> str:
    return next(line.strip() for line in message.body.splitlines() if "/password-reset/" in line)


def path_of(url: str) -> str:
    return urlsplit(url).path


def test_reset_by_email_lets_the_user_choose_a_new_password(client, settings):
    settings.SITE_URL = "https://joinedup.example"
    user = UserFactory(email="ann@example.org")
    response = client.post(RESET, {"email": "Ann@example.org"})
    assert response.status_code == 302
    assert response.url == reverse("accounts:password_reset_done")
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["ann@example.org"]
    link = link_from(mail.outbox[0])
    assert link.startswith("https://joinedup.example/account/password-reset/")

    page = client.get(link.removeprefix("https://joinedup.example"), follow=True)
    assert "Choose a new password" in page.content.decode()
    form_url = page.redirect_chain[-1][0]
    response = client.post(
        form_url,
        {"new_password1": "a brand new passphrase", "new_password2": "a brand new passphrase"},
    )
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.check_password("a brand new passphrase")
    assert AuditEntry.objects.filter(action="accounts.password.reset", target_id=str(user.pk)).exists()

    # The link is spent.
    again = client.get(link.removeprefix("https://joinedup.example"), follow=True)
    assert "This link cannot be used" in again.content.decode()


def test_reset_never_reveals_whether_an_address_has_an_account(client):
    UserFactory(email="ann@example.org")
    known = client.post(RESET, {"email": "ann@example.org"}, follow=True)
    unknown = client.post(RESET, {"email": "nobody@example.org"}, follow=True)
    assert known.redirect_chain == unknown.redirect_chain
    assert known.content == unknown.content
    assert [m.to for m in mail.outbox] == [["ann@example.org"]]


def test_deactivated_accounts_get_no_reset_email(client):
    UserFactory(email="gone@example.org", is_active=False)
    client.post(RESET, {"email": "gone@example.org"})
    assert mail.outbox == []


def test_reset_link_ignores_a_forged_host_header(client, settings):
    settings.SITE_URL = "https://joinedup.example"
    settings.ALLOWED_HOSTS = ["*"]
    UserFactory(email="ann@example.org")
    client.post(RESET, {"email": "ann@example.org"}, HTTP_HOST="evil.example")
    assert "evil.example" not in mail.outbox[0].body


def test_reset_email_is_validated_with_govuk_wording(client):
    html = client.post(RESET, {"email": "not-an-email"}).content.decode()
    assert "Enter an email address in the correct format, like name@example.com" in html
    assert "govuk-error-summary" in html


def test_new_passwords_must_match_and_be_strong(client):
    UserFactory(email="ann@example.org")
    client.post(RESET, {"email": "ann@example.org"})
    page = client.get(path_of(link_from(mail.outbox[0])), follow=True)
    form_url = page.redirect_chain[-1][0]
    html = client.post(
        form_url, {"new_password1": "a brand new passphrase", "new_password2": "another passphrase"}
    ).content.decode()
    assert "The passwords do not match" in html
    html = client.post(form_url, {"new_password1": "short", "new_password2": "short"}).content.decode()
    assert "too short" in html


def test_old_password_still_works_until_the_reset_is_finished(client):
    user = UserFactory(email="ann@example.org")
    client.post(RESET, {"email": "ann@example.org"})
    user.refresh_from_db()
    assert user.check_password(PASSWORD)
