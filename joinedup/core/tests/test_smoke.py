import pytest
from django.core import mail

from joinedup.core.mail import send_email


@pytest.mark.django_db
def test_healthz_reports_database_and_worker(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json()["database"] == "ok"
    assert response.json()["task_worker"] == "ok"


@pytest.mark.django_db
def test_email_goes_through_the_task_queue(tmp_path, settings):
    settings.TEMPLATES = [{**settings.TEMPLATES[0], "DIRS": [tmp_path]}]
    (tmp_path / "hello.txt").write_text("Hello {{ name }} at {{ site_url }}")
    send_email(to=["a@example.org"], subject="Hi", template="hello", context={"name": "Ann"})
    assert len(mail.outbox) == 1
    assert mail.outbox[0].body.startswith("Hello Ann at http")
