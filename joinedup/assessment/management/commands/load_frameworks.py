"""Install or update the shipped frameworks from joinedup/assessment/data/.

    manage.py load_frameworks

Idempotent: a file whose content is already the latest version writes nothing; a changed
file adds a new published version (versions that rounds use are never edited). Migrate runs
the same step after every migration.
"""

from __future__ import annotations

from django.core.management.base import BaseCommand

from joinedup.assessment.services.frameworks import install_shipped


class Command(BaseCommand):
    help = "Install or update the shipped self-assessment frameworks (the public sector 7S framework)."

    def handle(self, *args, **options) -> None:
        for version in install_shipped():
            questions = sum(e.questions.count() for e in version.elements.all())
            self.stdout.write(
                f"{version}: {version.elements.count()} elements, {questions} questions, published"
            )
