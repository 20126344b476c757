"""Import observations from the shell, through the same pipeline as the import pages:
keep the file, check every row (with a progress bar), print the problems (row and column)
or the plan, then write everything in one transaction, with one audit entry.

    manage.py import_observations PATH --importer performance.fingertips
    manage.py import_observations PATH --importer performance.observations --partnership SLUG --as EMAIL

Without `--partnership` it is an operator's import: shared indicators' values may be revised.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.contrib.auth import get_user_model
from django.core.files import File
from django.core.management.base import BaseCommand, CommandError, CommandParser

from joinedup.core.imports import get_importer
from joinedup.core.imports import services as import_services
from joinedup.core.imports.pipeline import Problem
from joinedup.core.models import ImportRun
from joinedup.core.uploads import UploadRejected
from joinedup.partnerships.models import Partnership

IMPORTERS = ("performance.fingertips", "performance.observations")
SHOWN_PROBLEMS = 50


class _Progress:
    """A tqdm progress bar when tqdm is installed, else a line every tenth of the way."""

    def __init__(self, command: BaseCommand, description: str):
        self.command = command
        self.description = description
        self.bar: Any = None
        self.said = -1
        try:
            from tqdm import tqdm
        except ImportError:  # pragma: no cover - tqdm is a dependency; the fallback is for old venvs
            self.tqdm = None
        else:
            self.tqdm = tqdm

    def __call__(self, done: int, total: int) -> None:
        if self.tqdm is not None:
            if self.bar is None:
                self.bar = self.tqdm(
                    total=total, desc=self.description, unit="rows", file=self.command.stderr
                )
            self.bar.update(done - self.bar.n)
            return
        tenth = done * 10 // max(total, 1)
        if tenth != self.said:
            self.said = tenth
            self.command.stderr.write(f"{self.description}: {done} of {total} rows")

    def close(self) -> None:
        if self.bar is not None:
            self.bar.close()


class Command(BaseCommand):
    help = "Import observations from a CSV or XLSX file (Fingertips export or the generic layout)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path")
        parser.add_argument("--importer", choices=IMPORTERS, required=True)
        parser.add_argument("--partnership", help="The partnership's slug; without it, an operator's import.")
        parser.add_argument("--as", dest="as", metavar="EMAIL", help="The user the import is recorded as.")

    def handle(self, *args: Any, **options: Any) -> None:
        importer = get_importer(options["importer"])
        if importer is None:
            raise CommandError(f"No importer called {options['importer']}")
        path = Path(options["path"])
        if not path.is_file():
            raise CommandError(f"There is no file at {path}")
        partnership = None
        if options.get("partnership"):
            partnership = Partnership.objects.filter(slug=options["partnership"]).first()
            if partnership is None:
                raise CommandError(f"There is no partnership with the slug '{options['partnership']}'")
        user = None
        if options.get("as"):
            user = get_user_model().objects.filter(email__iexact=options["as"]).first()
            if user is None:
                raise CommandError(f"There is no user with the email address {options['as']}")

        partnership_id = partnership.pk if partnership else None
        progress = _Progress(self, "Checking")
        try:
            with path.open("rb") as handle:
                run = import_services.check_now(
                    importer=importer,
                    partnership_id=partnership_id,
                    upload=File(handle, name=path.name),
                    user=user,
                    original_name=path.name,
                    on_progress=progress,
                )
        except UploadRejected as exc:
            raise CommandError(exc.message) from exc
        finally:
            progress.close()
        if run.status != ImportRun.Status.READY:
            shown = [str(Problem(e.get("row"), e.get("column"), e.get("message", ""))) for e in run.errors]
            for line in shown[:SHOWN_PROBLEMS]:
                self.stderr.write(line)
            more = len(shown) - SHOWN_PROBLEMS
            if more > 0:
                self.stderr.write(f"... and {more} more problems")
            summary = shown[0] if len(shown) == 1 else f"{len(shown)} problems, the first: {shown[0]}"
            raise CommandError(f"Nothing was imported (import run {run.pk}). {summary}")

        for sentence in run.plan:
            self.stdout.write(f"- {sentence}")
        self.stderr.write(f"Writing {run.valid_rows} rows in one transaction")
        run = import_services.write_now(run=run, user=user)
        if run.status != ImportRun.Status.WRITTEN:
            raise CommandError(f"Nothing was imported (import run {run.pk}): {run.message}")
        for sentence in run.report:
            self.stdout.write(self.style.SUCCESS(sentence))
        self.stdout.write(f"Import run {run.pk}: {run.written_rows} rows written")
