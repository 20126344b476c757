"""Writes for evidence thresholds: a partnership's own green/amber thresholds for a metric
(MetricThreshold), with the reason, conflict-safe and audited; and back to the defaults."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from joinedup.assessment.models import MetricThreshold
from joinedup.core import audit
from joinedup.core.audit import Actor
from joinedup.core.conflicts import EditConflict, save_versioned
from joinedup.core.evidence import Metric
from joinedup.partnerships.models import Partnership

FIELDS = ("green_at", "amber_at", "reason", "changed_by", "changed_at")


def check_thresholds(metric: Metric, green_at: float, amber_at: float) -> None:
    """Green must be at least as demanding as amber, in the metric's own direction."""
    if metric.unit == "share" and not (0 <= green_at <= 1 and 0 <= amber_at <= 1):
        raise ValidationError({"green_at": "Enter thresholds between 0% and 100%"})
    if green_at < 0 or amber_at < 0:
        raise ValidationError({"green_at": "Enter thresholds of 0 or more"})
    if metric.higher_is_better and green_at < amber_at:
        raise ValidationError({"green_at": "The green threshold must be at least the amber threshold"})
    if not metric.higher_is_better and green_at > amber_at:
        raise ValidationError(
            {"green_at": "The green threshold must be at most the amber threshold (lower is better)"}
        )


def set_thresholds(
    *,
    partnership: Partnership,
    metric: Metric,
    green_at: float,
    amber_at: float,
    reason: str,
    user: Any,
    expected_version: int,
) -> MetricThreshold:
    """Store the partnership's thresholds for `metric`. `expected_version` is the version the
    editor read (0 when the partnership had no thresholds of its own): if someone saved in
    between, EditConflict carries both versions."""
    check_thresholds(metric, green_at, amber_at)
    if not reason.strip():
        raise ValidationError({"reason": "Enter why the partnership uses its own thresholds"})
    with transaction.atomic():
        row = partnership.metric_thresholds.select_for_update().filter(metric_key=metric.key).first()
        if row is None and expected_version:
            # The thresholds the editor read were reset in between: nothing to compare with, so
            # the editor's values are simply saved as new thresholds.
            expected_version = 0
        if row is not None and not expected_version:
            raise EditConflict(
                current=row, attempted={"green_at": green_at, "amber_at": amber_at, "reason": reason}
            )
        before = audit.snapshot(row, ["green_at", "amber_at", "reason"]) if row is not None else None
        instance = row or MetricThreshold(partnership=partnership, metric_key=metric.key)
        instance.green_at, instance.amber_at, instance.reason = green_at, amber_at, reason.strip()
        instance.changed_by, instance.changed_at = user, timezone.now()
        instance.full_clean()
        if row is None:
            instance.save()
        else:
            save_versioned(instance, expected_version=expected_version, fields=FIELDS)
        audit.record(
            action="assessment.threshold.set",
            actor=Actor.for_user(user),
            partnership_id=partnership.pk,
            target=instance,
            summary=f"Set the partnership's thresholds for {metric.title}",
            before=before or {"green_at": metric.green_at, "amber_at": metric.amber_at, "reason": ""},
            after=audit.snapshot(instance, ["green_at", "amber_at", "reason"]),
        )
    return instance


def reset_thresholds(*, partnership: Partnership, metric: Metric, user: Any) -> bool:
    """Back to the metric's default thresholds; False when the partnership had none of its own."""
    with transaction.atomic():
        row = partnership.metric_thresholds.select_for_update().filter(metric_key=metric.key).first()
        if row is None:
            return False
        before = audit.snapshot(row, ["green_at", "amber_at", "reason"])
        audit.record(
            action="assessment.threshold.reset",
            actor=Actor.for_user(user),
            partnership_id=partnership.pk,
            target=row,
            summary=f"Reset the thresholds for {metric.title} to the defaults",
            before=before,
            after={"green_at": metric.green_at, "amber_at": metric.amber_at, "reason": ""},
        )
        row.delete()
    return True
