import pytest

from joinedup.accounts.tests.factories import OperatorFactory, UserFactory


@pytest.mark.django_db
def test_staff_who_are_not_operators_cannot_use_the_admin(client):
    client.force_login(UserFactory(is_staff=True))
    response = client.get("/operator/admin/")
    assert response.status_code == 302
    assert "/operator/admin/login/" in response["Location"]


@pytest.mark.django_db
def test_operators_can_use_the_admin(client):
    client.force_login(OperatorFactory())
    assert client.get("/operator/admin/").status_code == 200
