"""Ask indicator owners for their due values and escalate missed deadlines, for every
partnership (run daily by cron or the worker; safe to run more often: nobody is asked twice
for the same period). See ADR 0021."""

from __future__ import annotations

import datetime as dt

from django.core.management.base import BaseCommand
from django.utils import timezone

from joinedup.partnerships.models import Partnership
from joinedup.performance.services.entry import send_data_requests


class Command(BaseCommand):
    help = (
        "Email each indicator owner a link to enter the values due from them, and escalate missed deadlines."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--date", type=dt.date.fromisoformat, default=None, help="Run as if today were this date."
        )

    def handle(self, *args, **options):
        today = options["date"] or timezone.localdate()
        for partnership in Partnership.objects.order_by("slug"):
            run = send_data_requests(partnership=partnership, today=today)
            if run.sent or run.no_email or run.escalated:
                self.stdout.write(
                    f"{partnership.slug}: sent {len(run.sent)}, already sent {len(run.already_sent)}, "
                    f"no email {len(run.no_email)}, escalated {len(run.escalated)}"
                )
