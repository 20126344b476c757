import pytest
from django.urls import reverse

from joinedup.accounts import demo_logins
from joinedup.accounts.tests.factories import PASSWORD, UserFactory
from joinedup.core.models import AuditEntry

pytestmark = pytest.mark.django_db
SIGN_IN = reverse("accounts:sign_in")


def sign_in(client, email, password=PASSWORD, ip="10.0.0.1"):
    return client.post(SIGN_IN, {"username": email, "password": password}, REMOTE_ADDR=ip)


def test_user_signs_in_with_email_and_password(client):
    user = UserFactory(email="ann@example.org")
    response = sign_in(client, "ann@example.org")
    assert response.status_code == 302
    assert response.wsgi_request.user == user


def test_email_is_not_case_sensitive(client):
    UserFactory(email="ann@example.org")
    response = sign_in(client, "Ann@Example.org")
    assert response.status_code == 302


def test_wrong_password_shows_a_govuk_error_summary(client):
    UserFactory(email="ann@example.org")
    response = sign_in(client, "ann@example.org", "wrong password")
    assert response.status_code == 200
    html = response.content.decode()
    assert "govuk-error-summary" in html
    assert "Enter a correct email address and password" in html
    assert "<title>Error: Sign in" in html
    # What the user typed is re-shown (the email, never the password).
    assert 'value="ann@example.org"' in html
    assert "wrong password" not in html


def test_empty_form_names_each_missing_field(client):
    response = client.post(SIGN_IN, {"username": "", "password": ""})
    html = response.content.decode()
    assert "Enter your email address" in html
    assert "Enter your password" in html
    assert 'href="#id_username"' in html


def test_sign_in_fields_help_password_managers_and_allow_paste(client):
    html = client.get(SIGN_IN).content.decode()
    assert 'autocomplete="username"' in html
    assert 'autocomplete="current-password"' in html
    for blocker in ("onpaste", "oncopy", 'autocomplete="off"'):
        assert blocker not in html


def test_deactivated_user_cannot_sign_in_and_is_not_told_why(client):
    UserFactory(email="gone@example.org", is_active=False)
    response = sign_in(client, "gone@example.org")
    assert response.status_code == 200
    assert not response.wsgi_request.user.is_authenticated
    assert "Enter a correct email address and password" in response.content.decode()


def test_deactivated_user_is_signed_out_of_an_open_session(client):
    user = UserFactory()
    client.force_login(user)
    user.is_active = False
    user.save()
    response = client.get(reverse("accounts:profile"))
    assert response.status_code == 302
    assert response.url.startswith(SIGN_IN)


def test_sign_out_needs_post(client):
    client.force_login(UserFactory())
    assert client.get(reverse("accounts:sign_out")).status_code == 405
    response = client.post(reverse("accounts:sign_out"))
    assert response.status_code == 302
    assert not client.get(reverse("accounts:profile")).wsgi_request.user.is_authenticated


def test_signed_in_user_is_sent_on_from_sign_in_page(client):
    client.force_login(UserFactory())
    assert client.get(SIGN_IN).status_code == 302


def test_demo_logins_are_shown_only_in_demo_mode(client, settings):
    def provider():
        return [demo_logins.DemoLogin(email="demo-admin@example.org", password="demo pass", label="Admin")]

    demo_logins.register(provider)
    try:
        settings.DEMO_MODE = False
        assert "demo-admin@example.org" not in client.get(SIGN_IN).content.decode()
        settings.DEMO_MODE = True
        html = client.get(SIGN_IN).content.decode()
        assert "Demo logins" in html
        assert "demo-admin@example.org" in html
        assert "demo pass" in html
    finally:
        demo_logins.unregister(provider)


def test_profile_name_can_be_changed_and_is_audited(client):
    user = UserFactory(full_name="Ann Old")
    client.force_login(user)
    response = client.post(reverse("accounts:profile"), {"full_name": "Ann New"})
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.full_name == "Ann New"
    entry = AuditEntry.objects.get(action="accounts.profile.changed")
    assert entry.before == {"full_name": "Ann Old"}
    assert entry.after == {"full_name": "Ann New"}


def test_profile_name_is_required(client):
    client.force_login(UserFactory())
    html = client.post(reverse("accounts:profile"), {"full_name": ""}).content.decode()
    assert "Enter your full name" in html


def test_change_password_needs_the_current_one(client):
    user = UserFactory()
    client.force_login(user)
    url = reverse("accounts:password_change")
    response = client.post(
        url,
        {
            "old_password": "nope",
            "new_password1": "a new long passphrase",
            "new_password2": "a new long passphrase",
        },
    )
    assert "Your current password is not right" in response.content.decode()
    response = client.post(
        url,
        {
            "old_password": PASSWORD,
            "new_password1": "a new long passphrase",
            "new_password2": "a new long passphrase",
        },
    )
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.check_password("a new long passphrase")
    # Still signed in after the change.
    assert client.get(reverse("accounts:profile")).status_code == 200
    assert AuditEntry.objects.filter(action="accounts.password.changed").exists()


def test_change_password_page_uses_new_password_autocomplete(client):
    client.force_login(UserFactory())
    html = client.get(reverse("accounts:password_change")).content.decode()
    assert html.count('autocomplete="new-password"') == 2
    assert 'autocomplete="current-password"' in html
