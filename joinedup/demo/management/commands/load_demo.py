"""Loads the demo scenario (fictional partnerships, people and accounts).

Idempotent by skipping: if every demo partnership is already there, nothing changes, so
whatever someone did while exploring the demo survives a second `make demo`. Pass
`--reset` to delete the demo partnerships and accounts and load them afresh.
"""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from joinedup.demo import loader
from joinedup.partnerships.models import Partnership
from joinedup.strategy.services.owners import send_owner_digests


class Command(BaseCommand):
    help = "Load the fictional demo partnerships from joinedup/demo/scenarios/."

    def add_arguments(self, parser):
        parser.add_argument(
            "--reset",
            action="store_true",
            help="Delete the demo partnerships and accounts first, then load them again.",
        )

    def handle(self, *args, reset: bool = False, **options):
        try:
            scenarios = loader.read_scenarios()
            if reset:
                loader.remove_demo(scenarios)
                self.stdout.write("Removed the previous demo data.")
            elif loader.is_loaded(scenarios):
                self.stdout.write(
                    "The demo is already loaded; nothing changed. "
                    "Run `manage.py load_demo --reset` to load it afresh."
                )
                return
            report = loader.load(scenarios)
        except loader.ScenarioError as exc:
            raise CommandError(str(exc)) from exc
        counts = ", ".join(f"{n} {what}" for what, n in report.counts.items())
        self.stdout.write(self.style.SUCCESS(f"Loaded the demo: {', '.join(report.partnerships)}."))
        self.stdout.write(counts)
        for note in report.notes:
            self.stdout.write(self.style.WARNING(note))
        # Owners without accounts get this cycle's digest now, so the outbox shows the emailed
        # links the strategy room depends on (the worker delivers them to the outbox).
        for partnership in Partnership.objects.filter(is_fictional=True, strategies__isnull=False).distinct():
            run = send_owner_digests(partnership=partnership, today=timezone.localdate())
            self.stdout.write(f"{partnership.name}: {len(run.sent)} owners' digests queued for the outbox.")
