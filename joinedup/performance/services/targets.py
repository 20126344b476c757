"""Writes to targets: proposals (one target, a trajectory, or a change), decisions, and the
approver role per target type. A target's values change only when a change is approved.
Every write is audited. See docs/adr/0020-target-approval.md.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from joinedup.core import audit
from joinedup.core.audit import Actor
from joinedup.core.conflicts import save_versioned
from joinedup.core.periods import Period, parse
from joinedup.partnerships.models import Area, Partnership, Role
from joinedup.partnerships.roles import role_in
from joinedup.performance.models import (
    DEFAULT_TARGET_APPROVERS,
    Indicator,
    Target,
    TargetApprovalRule,
    TargetChange,
    TargetType,
    ToleranceKind,
)
from joinedup.performance.targets import Step, may_approve

# The values a change proposes, in the order the pages show them.
CHANGE_FIELDS = (
    "value",
    "target_type",
    "baseline_value",
    "baseline_period",
    "without_intervention",
    "tolerance",
    "tolerance_kind",
)


def _plain(name: str, value: Any) -> Any:
    if name == "baseline_period":
        return value.code if isinstance(value, Period) else (value or None)
    return value


def current_values(target: Target) -> dict[str, Any]:
    """A target's values as the JSON a change stores."""
    return {name: _plain(name, getattr(target, name)) for name in CHANGE_FIELDS}


def proposed_values(values: Mapping[str, Any]) -> dict[str, Any]:
    """A form's values as the JSON a change stores (missing ones empty)."""
    plain = {name: _plain(name, values.get(name)) for name in CHANGE_FIELDS}
    plain["target_type"] = plain["target_type"] or TargetType.LOCAL
    plain["tolerance_kind"] = plain["tolerance_kind"] or ToleranceKind.ABSOLUTE
    return plain


def approver_role(partnership: Partnership, target_type: str) -> str:
    """The role that approves changes to targets of a type in this partnership."""
    rule = partnership.target_rules.filter(target_type=target_type).first()
    if rule is not None:
        return rule.approver_role
    return str(DEFAULT_TARGET_APPROVERS[TargetType(target_type)])


def approver_role_map(partnership: Partnership) -> dict[str, str]:
    """Target type → approver role for every type, in one query."""
    rules = dict(partnership.target_rules.values_list("target_type", "approver_role"))
    return {t: rules.get(t) or str(DEFAULT_TARGET_APPROVERS[TargetType(t)]) for t in TargetType.values}


def approver_roles_for(change: TargetChange, roles: Mapping[str, str] | None = None) -> list[str]:
    """A change of target type needs the approvers of both the old and the new type."""
    types = {change.target.target_type, change.proposed.get("target_type") or change.target.target_type}
    if roles is None:
        return [approver_role(change.partnership, t) for t in sorted(types)]
    return [roles[t] for t in sorted(types)]


def may_decide(user: Any, change: TargetChange, roles: Mapping[str, str] | None = None) -> bool:
    """Whether `user` may approve or reject `change` (the proposer may reject, never approve).
    `roles` (from `approver_role_map`) saves a query per change when deciding many."""
    return may_approve(role_in(user, change.partnership), approver_roles_for(change, roles))


def _check_indicator(partnership: Partnership, indicator: Indicator) -> None:
    if indicator.partnership_id not in (None, partnership.pk):
        raise ValidationError("Select an indicator this partnership can see")


def _check_values(values: Mapping[str, Any]) -> None:
    errors = {}
    if values.get("value") is None:
        errors["value"] = "Enter the target value"
    if (values.get("baseline_value") is None) != (not values.get("baseline_period")):
        errors["baseline_value"] = "Enter both the baseline value and its period, or neither"
    if values.get("tolerance") is not None and values["tolerance"] < 0:
        errors["tolerance"] = "Enter a tolerance of 0 or more"
    if errors:
        raise ValidationError(errors)


def _describe(target: Target) -> str:
    period: Any = target.period
    return f"the {target.indicator.code} target for {target.area.name} in {period.label}"


def _new_change(*, target: Target, values: Mapping[str, Any], reason: str, user: Any) -> TargetChange:
    if not reason.strip():
        raise ValidationError({"reason": "Enter the reason for the change"})
    if target.changes.filter(status=TargetChange.Status.PROPOSED).exists():
        raise ValidationError(
            f"A change to {_describe(target)} is already waiting for approval. "
            "It must be approved or rejected before another is proposed"
        )
    proposed = proposed_values(values)
    _check_values(proposed)
    if target.value is not None and proposed == current_values(target):
        raise ValidationError("Change at least one value of the target")
    change = TargetChange(
        partnership_id=target.partnership_id,
        target=target,
        proposed=proposed,
        reason=reason.strip(),
        proposed_by=user,
        proposed_at=timezone.now(),
    )
    change.full_clean()
    change.save()
    return change


def _new_target(
    *, partnership: Partnership, indicator: Indicator, area: Area, period: Period, target_type: str
) -> Target:
    if partnership.targets.filter(indicator=indicator, area=area, period=period.code).exists():
        raise ValidationError(
            {"period": f"There is already a target for {area.name} in {period.label}. Propose a change to it"}
        )
    target = Target(partnership=partnership, indicator=indicator, area=area, target_type=target_type)
    target.period = period  # type: ignore[assignment]  # PeriodField takes a Period
    target.full_clean(validate_unique=False)
    target.save()
    return target


def propose_target(
    *,
    partnership: Partnership,
    indicator: Indicator,
    area: Area,
    period: Period,
    values: Mapping[str, Any],
    reason: str,
    user: Any,
) -> TargetChange:
    """Propose a new target. It has no value until the change is approved."""
    _check_indicator(partnership, indicator)
    with transaction.atomic():
        proposed = proposed_values(values)
        _check_values(proposed)
        target = _new_target(
            partnership=partnership,
            indicator=indicator,
            area=area,
            period=period,
            target_type=proposed["target_type"],
        )
        change = _new_change(target=target, values=proposed, reason=reason, user=user)
        audit.record(
            action="performance.target.proposed",
            actor=Actor.for_user(user),
            partnership_id=partnership.pk,
            target=target,
            summary=f"Proposed {_describe(target)}: {proposed['value']}. Reason: {change.reason}",
            after=proposed,
        )
    return change


def propose_change(*, target: Target, values: Mapping[str, Any], reason: str, user: Any) -> TargetChange:
    """Propose a change to a target; its values stay as they are until it is approved."""
    with transaction.atomic():
        change = _new_change(target=target, values=values, reason=reason, user=user)
        audit.record(
            action="performance.target.change_proposed",
            actor=Actor.for_user(user),
            partnership_id=target.partnership_id,
            target=target,
            summary=f"Proposed a change to {_describe(target)}. Reason: {change.reason}",
            before=current_values(target),
            after=change.proposed,
        )
    return change


def propose_trajectory(
    *,
    partnership: Partnership,
    indicator: Indicator,
    area: Area,
    steps: Sequence[Step],
    values: Mapping[str, Any],
    reason: str,
    user: Any,
) -> list[TargetChange]:
    """Propose one target per period of a trajectory, all or nothing. Periods that already
    have a target get a proposed change; the others a new target. `values` holds what every
    step shares (type, baseline, tolerance)."""
    _check_indicator(partnership, indicator)
    if not steps:
        raise ValidationError("A trajectory needs at least one period")
    changes = []
    with transaction.atomic():
        for step in steps:
            step_values = {**values, "value": step.value}
            existing = partnership.targets.filter(
                indicator=indicator, area=area, period=step.period.code
            ).first()
            if existing is None:
                proposed = proposed_values(step_values)
                _check_values(proposed)
                existing = _new_target(
                    partnership=partnership,
                    indicator=indicator,
                    area=area,
                    period=step.period,
                    target_type=proposed["target_type"],
                )
            changes.append(_new_change(target=existing, values=step_values, reason=reason, user=user))
        audit.record(
            action="performance.target.trajectory_proposed",
            actor=Actor.for_user(user),
            partnership_id=partnership.pk,
            target=indicator,
            summary=(
                f"Proposed a trajectory of {len(steps)} targets for {indicator.code} in {area.name}, "
                f"{steps[0].period.label} to {steps[-1].period.label}. Reason: {reason.strip()}"
            ),
            after={s.period.label: s.value for s in steps},
        )
    return changes


def decide_change(
    *, change: TargetChange, user: Any, approve: bool, note: str, expected_version: int
) -> TargetChange:
    """Approve (apply the values to the target) or reject a proposed change.

    The approver role for the target type decides (admins always may); the proposer may
    not approve their own change. `expected_version` is the target's version the decider
    saw: if the target changed since, EditConflict.
    """
    with transaction.atomic():
        change = (
            TargetChange.objects.select_for_update().select_related("target", "partnership").get(pk=change.pk)
        )
        target = change.target
        if change.status != TargetChange.Status.PROPOSED:
            raise ValidationError(f"This change was already {change.get_status_display().lower()}")
        if not may_decide(user, change):
            raise PermissionDenied("Your role may not decide changes to targets of this type")
        if approve and change.proposed_by_id == getattr(user, "pk", None):
            raise ValidationError("You proposed this change, so someone else must approve it")
        if not approve and not note.strip():
            raise ValidationError({"note": "Enter why the change is rejected"})
        now = timezone.now()
        previous = current_values(target)
        approver = Actor.for_user(user)
        if approve:
            for name in CHANGE_FIELDS:
                value = change.proposed.get(name)
                if name == "baseline_period":
                    value = parse(value) if value else None
                setattr(target, name, value)
            target.approved_at = now
            target.full_clean(validate_unique=False)
            save_versioned(
                target,
                expected_version=expected_version,
                fields=[*CHANGE_FIELDS, "baseline_period_start", "baseline_period_end", "approved_at"],
            )
        change.status = TargetChange.Status.APPROVED if approve else TargetChange.Status.REJECTED
        change.previous = previous
        change.decided_by = user
        change.decided_at = now
        change.decision_note = note.strip()
        change.save(update_fields=["status", "previous", "decided_by", "decided_at", "decision_note"])
        proposer = change.proposed_by.get_full_name() if change.proposed_by else "someone since removed"
        verb = "Approved" if approve else "Rejected"
        summary = (
            f"{verb} a change to {_describe(target)} proposed by {proposer}. Reason: {change.reason}"
            + (f" Note: {change.decision_note}" if change.decision_note else "")
        )
        audit.record(
            action=f"performance.target.{'approved' if approve else 'rejected'}",
            actor=approver,
            partnership_id=change.partnership_id,
            target=target,
            summary=summary,
            before=previous if approve else None,
            after=current_values(target) if approve else None,
        )
    return change


def set_approver_roles(*, partnership: Partnership, user: Any, roles: Mapping[str, str]) -> None:
    """Set the approver role per target type (`roles`: target type → role)."""
    with transaction.atomic():
        before = {t: approver_role(partnership, t) for t in TargetType.values}
        for target_type, role in roles.items():
            if target_type not in TargetType.values or role not in Role.values:
                raise ValidationError(f"Select a role for {target_type} targets")
            TargetApprovalRule.objects.update_or_create(
                partnership=partnership, target_type=target_type, defaults={"approver_role": role}
            )
        after = {t: approver_role(partnership, t) for t in TargetType.values}
        audit.record(
            action="performance.target_rules.updated",
            actor=Actor.for_user(user),
            partnership_id=partnership.pk,
            target=partnership,
            summary="Changed who approves changes to targets.",
            before=before,
            after=after,
        )
