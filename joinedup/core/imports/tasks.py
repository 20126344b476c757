"""The pipeline's work, run by the task worker (immediately in tests)."""

from __future__ import annotations

from django_tasks import task

from joinedup.core.imports import services


@task()
def validate_import(*, run_id: int) -> None:
    services.run_validation(run_id)


@task()
def write_import(*, run_id: int) -> None:
    services.run_write(run_id)
