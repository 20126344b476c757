"""What /healthz reports: can we reach the database, and is the task worker alive?"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db import connection
from django.utils import timezone


@dataclass(frozen=True)
class HealthReport:
    database: str
    task_worker: str
    detail: str = ""

    @property
    def ok(self) -> bool:
        return self.database == "ok"

    def as_dict(self) -> dict:
        return {
            "status": "ok" if self.ok else "error",
            "database": self.database,
            "task_worker": self.task_worker,
            "detail": self.detail,
        }


def check(*, stale_after: dt.timedelta = dt.timedelta(minutes=5)) -> HealthReport:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except Exception as exc:
        return HealthReport(database="error", task_worker="unknown", detail=str(exc)[:200])
    return HealthReport(database="ok", task_worker=_task_worker_status(stale_after))


def _task_worker_status(stale_after: dt.timedelta) -> str:
    """'ok' if no task has waited longer than `stale_after`, else 'stalled'.

    A queue that is empty or moving means a worker is running; a task that has waited
    too long means none is.
    """
    from django_tasks_db.models import DBTaskResult

    oldest_ready = (
        DBTaskResult.objects.filter(status="READY")
        .order_by("enqueued_at")
        .values_list("enqueued_at", flat=True)
        .first()
    )
    if oldest_ready is None:
        return "ok"
    return "ok" if timezone.now() - oldest_ready < stale_after else "stalled"
