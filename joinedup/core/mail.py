"""Email, always sent through the task worker.

`send_email` renders the message now (so the text is fixed when the change is made)
and enqueues delivery. In demo mode the `OutboxBackend` stores messages for the
outbox page instead of delivering them.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.core.mail.backends.base import BaseEmailBackend
from django.template.loader import render_to_string
from django_tasks import task

from joinedup.core.models import OutboxMessage


def send_email(*, to: Sequence[str], subject: str, template: str, context: Mapping[str, Any]) -> None:
    """Render `<template>.txt` with the context and queue it for delivery."""
    ctx = {"site_url": settings.SITE_URL.rstrip("/"), **context}
    body = render_to_string(f"{template}.txt", ctx)
    deliver_email.enqueue(to=list(to), subject=subject, body=body)


@task(queue_name="email")
def deliver_email(*, to: list[str], subject: str, body: str) -> int:
    message = EmailMultiAlternatives(subject=subject, body=body, to=to)
    return message.send(fail_silently=False)


class OutboxBackend(BaseEmailBackend):
    """Keeps sent emails in the database so the demo outbox page can list them."""

    def send_messages(self, email_messages) -> int:
        count = 0
        for message in email_messages:
            html = ""
            for content, mimetype in getattr(message, "alternatives", []) or []:
                if mimetype == "text/html":
                    html = content
            OutboxMessage.objects.create(
                to=", ".join(message.to), subject=message.subject, body=message.body, html_body=html
            )
            count += 1
        return count
