import re
from io import StringIO
from urllib.parse import urlsplit

import pytest
from django.core.management import CommandError, call_command

from joinedup.accounts.models import User
from joinedup.accounts.tests.factories import UserFactory
from joinedup.core.models import AuditEntry

pytestmark = pytest.mark.django_db


def link_in(text: str) -> str:
    return urlsplit(re.search(r"https?://\S+/l/\S+/", text).group(0)).path


def test_create_operator_prints_a_one_time_set_password_link(client):
    out = StringIO()
    call_command("create_operator", "--email", "Olive@Example.org", "--name", "Olive Operator", stdout=out)
    olive = User.objects.get(email="olive@example.org")
    assert olive.is_superuser and not olive.has_usable_password()
    path = link_in(out.getvalue())
    page = client.get(path)
    assert page.status_code == 200
    assert 'autocomplete="new-password"' in page.content.decode()
    response = client.post(
        path, {"new_password1": "harbour kettle meadow", "new_password2": "harbour kettle meadow"}
    )
    assert response.status_code == 302
    olive.refresh_from_db()
    assert olive.check_password("harbour kettle meadow")
    assert client.get(path).status_code == 410
    assert AuditEntry.objects.filter(action="accounts.operator.created").exists()
    assert AuditEntry.objects.filter(action="accounts.password.set").exists()


def test_create_operator_refuses_an_existing_email():
    UserFactory(email="olive@example.org")
    with pytest.raises(CommandError):
        call_command("create_operator", "--email", "olive@example.org", stdout=StringIO())


def test_deactivate_user_keeps_the_account_and_its_history():
    user = UserFactory(email="gone@example.org")
    call_command("deactivate_user", "gone@example.org", stdout=StringIO())
    user.refresh_from_db()
    assert not user.is_active and user.deactivated_at is not None
    assert AuditEntry.objects.filter(action="accounts.user.deactivated", target_id=str(user.pk)).exists()
    call_command("deactivate_user", "gone@example.org", "--reactivate", stdout=StringIO())
    user.refresh_from_db()
    assert user.is_active
