"""Load the shared reference geography (see joinedup/partnerships/geography.py).

Safe to run again: areas are matched by code and updated in place.
"""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand

from joinedup.partnerships import geography


class Command(BaseCommand):
    help = "Load or refresh the reference geography from the shipped mySociety and ONS lists."

    def add_arguments(self, parser):
        parser.add_argument(
            "--mysociety",
            type=Path,
            default=geography.MYSOCIETY_FILE,
            help="mySociety local authorities CSV (default: the shipped copy)",
        )
        parser.add_argument(
            "--ons",
            type=Path,
            default=geography.ONS_FILE,
            help="ONS district-to-county lookup CSV (default: the shipped copy)",
        )

    def handle(self, *args, **options):
        records = geography.parse_sources(options["mysociety"], options["ons"])
        result = geography.load_geography(records)
        self.stdout.write(
            self.style.SUCCESS(
                f"Reference geography: {result.total} areas "
                f"({result.created} added, {result.updated} updated)"
            )
        )
