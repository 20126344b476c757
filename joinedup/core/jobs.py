"""Progress of long work (imports, report builds) for the job status page."""

from __future__ import annotations

import uuid

from django.db.models import F

from joinedup.core.models import Job


def start_job(
    *, kind: str, title: str, partnership_id: int | None, created_by=None, total: int | None = None
) -> Job:
    return Job.objects.create(
        kind=kind, title=title, partnership_id=partnership_id, created_by=created_by, total=total
    )


def report_progress(
    job_id: uuid.UUID | str, *, done: int, total: int | None = None, message: str = ""
) -> None:
    changes: dict = {"status": Job.Status.RUNNING, "done": done}
    if total is not None:
        changes["total"] = total
    if message:
        changes["message"] = message
    Job.objects.filter(pk=job_id).update(**changes)


def advance(job_id: uuid.UUID | str, by: int = 1) -> None:
    Job.objects.filter(pk=job_id).update(status=Job.Status.RUNNING, done=F("done") + by)


def finish_job(job_id: uuid.UUID | str, *, message: str = "", result_url: str = "") -> None:
    Job.objects.filter(pk=job_id).update(status=Job.Status.DONE, message=message, result_url=result_url)


def fail_job(job_id: uuid.UUID | str, *, message: str) -> None:
    Job.objects.filter(pk=job_id).update(status=Job.Status.FAILED, message=message)
