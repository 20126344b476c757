import datetime as dt

import pytest
from django.core import mail
from django.core.mail import EmailMultiAlternatives
from django.core.management import call_command
from django.db import OperationalError
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from joinedup.core import health
from joinedup.core.mail import OutboxBackend, deliver_email, send_email
from joinedup.core.models import OutboxMessage

DATABASE_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default", "email"]}}


@pytest.mark.django_db
def test_healthz_reports_database_and_worker(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json()["database"] == "ok"
    assert response.json()["task_worker"] == "ok"


@pytest.fixture
def hello_template(tmp_path, settings):
    settings.TEMPLATES = [{**settings.TEMPLATES[0], "DIRS": [tmp_path]}]
    (tmp_path / "hello.txt").write_text("Hello {{ name }} at {{ site_url }}")


# The worker closes its database connections between tasks, as a long-running process should;
# that needs real transactions rather than the test's wrapping one (PostgreSQL notices).
@pytest.mark.django_db(transaction=True)
def test_email_is_queued_as_a_task_and_sent_only_when_the_worker_runs_it(settings, hello_template):
    settings.TASKS = DATABASE_TASKS
    send_email(to=["a@example.org"], subject="Hi", template="hello", context={"name": "Ann"})
    assert mail.outbox == []
    queued = DBTaskResult.objects.get()
    assert queued.task_path == deliver_email.module_path
    assert (queued.queue_name, queued.status) == ("email", "READY")
    call_command("db_worker", batch=True, queue_name="email", no_startup_delay=True, verbosity=0)
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["a@example.org"]
    assert mail.outbox[0].body.startswith("Hello Ann at http")
    assert DBTaskResult.objects.get().status == "SUCCESSFUL"


@pytest.mark.django_db
def test_healthz_reports_a_stalled_worker_when_a_task_has_waited_over_five_minutes(
    client, settings, hello_template
):
    settings.TASKS = DATABASE_TASKS
    send_email(to=["a@example.org"], subject="Hi", template="hello", context={"name": "Ann"})
    DBTaskResult.objects.update(enqueued_at=timezone.now() - dt.timedelta(minutes=4))
    assert client.get("/healthz").json()["task_worker"] == "ok"
    DBTaskResult.objects.update(enqueued_at=timezone.now() - dt.timedelta(minutes=6))
    response = client.get("/healthz")
    assert response.status_code == 200  # the site still serves pages; operators are told
    assert response.json()["task_worker"] == "stalled"


class UnreachableDatabase:
    def cursor(self):
        raise OperationalError("could not connect to server")


@pytest.mark.django_db
def test_healthz_answers_503_when_the_database_cannot_be_reached(client, monkeypatch):
    monkeypatch.setattr(health, "connection", UnreachableDatabase())
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json() == {
        "status": "error",
        "database": "error",
        "task_worker": "unknown",
        "detail": "could not connect to server",
    }


@pytest.mark.django_db
def test_the_outbox_backend_stores_each_message_with_its_recipients_subject_and_body():
    message = EmailMultiAlternatives(
        subject="Your invitation", body="Follow the link", to=["a@example.org", "b@example.org"]
    )
    message.attach_alternative("<p>Follow the link</p>", "text/html")
    plain = EmailMultiAlternatives(subject="Reminder", body="Meeting on Tuesday", to=["c@example.org"])
    assert OutboxBackend().send_messages([message, plain]) == 2
    stored = list(OutboxMessage.objects.order_by("-subject").values("to", "subject", "body", "html_body"))
    assert stored == [
        {
            "to": "a@example.org, b@example.org",
            "subject": "Your invitation",
            "body": "Follow the link",
            "html_body": "<p>Follow the link</p>",
        },
        {"to": "c@example.org", "subject": "Reminder", "body": "Meeting on Tuesday", "html_body": ""},
    ]
