"""Scheduled work for self-assessment rounds whose closing date has passed: delete the
unsubmitted drafts of anonymous rounds, so no answers stay linked to a person. Run daily by
cron (like send_data_requests); safe to run more often. See docs/assessment.md."""

from __future__ import annotations

import datetime as dt

from django.core.management.base import BaseCommand
from django.utils import timezone

from joinedup.assessment.services.rounds import close_due_rounds


class Command(BaseCommand):
    help = "Delete unsubmitted drafts of anonymous self-assessment rounds whose closing date has passed."

    def add_arguments(self, parser):
        parser.add_argument(
            "--date", type=dt.date.fromisoformat, default=None, help="Run as if today were this date."
        )

    def handle(self, *args, **options):
        today = options["date"] or timezone.localdate()
        deleted = close_due_rounds(today=today)
        self.stdout.write(
            f"Deleted {deleted} unsubmitted draft{'s' if deleted != 1 else ''} of closed anonymous rounds."
        )
