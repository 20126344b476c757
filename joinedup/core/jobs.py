"""Progress of long work (imports, report builds) for the job status page."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

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


@dataclass(frozen=True)
class Progress:
    """What `core/components/progress.html` shows, passed to a page as `progress`.

    While `finished` is false, `base.html` adds a meta refresh (JavaScript off) and the
    component polls `url` with htmx into an aria-live region with the id `region_id`; a
    view answers that poll (an htmx request) with the component alone.
    """

    url: str
    finished: bool
    job: Job | None = None
    region_id: str = "job-progress"
    unit: str = "done"


def progress_of(job: Job, *, url: str) -> Progress:
    return Progress(url=url, finished=job.status in {Job.Status.DONE, Job.Status.FAILED}, job=job)
