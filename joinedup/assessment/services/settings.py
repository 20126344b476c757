"""Writes for a partnership's self-assessment settings: the smallest group shown and the
maturity rule override (AssessmentSettings), the target maturity per element
(MaturityTarget), and naming or removing coordinators (Coordinator). Conflict-safe where a
form edits a stored row, and audited."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from joinedup.assessment import analysis
from joinedup.assessment.models import AssessmentSettings, Coordinator, MaturityLevel, MaturityTarget
from joinedup.assessment.selectors_settings import MIN_GROUP_FLOOR
from joinedup.core import audit
from joinedup.core.audit import Actor
from joinedup.core.conflicts import EditConflict, save_versioned
from joinedup.core.evidence import ELEMENTS
from joinedup.partnerships.models import Partnership


def update_settings(
    *,
    partnership: Partnership,
    min_group_size: int,
    maturity_rule: Mapping[str, Any] | None,
    user: Any,
    expected_version: int,
) -> AssessmentSettings:
    """`maturity_rule` None or empty: use each framework version's own rule."""
    if min_group_size < MIN_GROUP_FLOOR:
        raise ValidationError(
            {"min_group_size": f"Enter a smallest group of {MIN_GROUP_FLOOR} or more respondents"}
        )
    rule_data: dict[str, Any] = {}
    if maturity_rule:
        try:
            rule_data = analysis.MaturityRule.from_data(maturity_rule).to_data()
        except (TypeError, ValueError) as error:
            raise ValidationError({"bounds": str(error)}) from error
    with transaction.atomic():
        row = AssessmentSettings.objects.select_for_update().filter(partnership=partnership).first()
        if row is not None and not expected_version:
            raise EditConflict(
                current=row, attempted={"min_group_size": min_group_size, "maturity_rule": rule_data}
            )
        before = audit.snapshot(row, ["min_group_size", "maturity_rule"]) if row is not None else {}
        # partnership_id, not partnership: the partnership's cached reverse relation stays unset,
        # so later reads through it fetch the stored row.
        instance = row or AssessmentSettings(partnership_id=partnership.pk)
        instance.min_group_size, instance.maturity_rule = min_group_size, rule_data
        instance.full_clean()
        if row is None:
            instance.save()
        else:
            save_versioned(
                instance, expected_version=expected_version, fields=["min_group_size", "maturity_rule"]
            )
        audit.record(
            action="assessment.settings.updated",
            actor=Actor.for_user(user),
            partnership_id=partnership.pk,
            target=instance,
            summary="Changed the self-assessment settings",
            before=before or {"min_group_size": analysis.DEFAULT_MIN_GROUP, "maturity_rule": {}},
            after=audit.snapshot(instance, ["min_group_size", "maturity_rule"]),
        )
    return instance


def set_targets(
    *,
    partnership: Partnership,
    targets: Mapping[str, str],
    expected_versions: Mapping[str, int],
    user: Any,
) -> None:
    """The target maturity per element key ("" removes a target). `expected_versions` holds the
    version of each target row the editor read (0: none): a target changed in between raises
    EditConflict and nothing is saved."""
    levels = set(MaturityLevel.values)
    for key, level in targets.items():
        if key not in ELEMENTS:
            raise ValidationError(f"Unknown element {key!r}")
        if level and level not in levels:
            raise ValidationError({key: "Choose a maturity level"})
    with transaction.atomic():
        rows = {t.element_key: t for t in partnership.maturity_targets.select_for_update()}
        for key, level in targets.items():
            row = rows.get(key)
            expected = expected_versions.get(key, 0)
            if (row.version if row is not None else 0) != expected:
                current = row or MaturityTarget(partnership=partnership, element_key=key, level="")
                raise EditConflict(current=current, attempted={key: level})
        changed_before, changed_after = {}, {}
        for key, level in targets.items():
            row = rows.get(key)
            old = row.level if row is not None else ""
            if old == level:
                continue
            changed_before[key], changed_after[key] = old, level
            if not level and row is not None:
                row.delete()
            elif row is None:
                new = MaturityTarget(partnership=partnership, element_key=key, level=level)
                new.full_clean()
                new.save()
            else:
                row.level = level
                row.full_clean()
                save_versioned(row, expected_version=row.version, fields=["level"])
        if changed_after:
            audit.record(
                action="assessment.targets.updated",
                actor=Actor.for_user(user),
                partnership_id=partnership.pk,
                summary="Changed the target maturity of " + ", ".join(ELEMENTS[k] for k in changed_after),
                before=changed_before,
                after=changed_after,
            )


def add_coordinator(*, partnership: Partnership, user_id: int, by: Any) -> Coordinator:
    """Name a user with an active role in the partnership as a coordinator."""
    role = partnership.roles.filter(user_id=user_id, is_active=True).select_related("user").first()
    if role is None:
        raise ValidationError({"user": "Choose someone with a role in this partnership"})
    user_to_add = role.user
    if partnership.assessment_coordinators.filter(user_id=user_id).exists():
        raise ValidationError({"user": "They already coordinate self-assessment"})
    with transaction.atomic():
        coordinator = Coordinator(partnership=partnership, user=user_to_add)
        coordinator.full_clean()
        coordinator.save()
        audit.record(
            action="assessment.coordinator.added",
            actor=Actor.for_user(by),
            partnership_id=partnership.pk,
            target=coordinator,
            summary=f"Named {user_to_add.email} self-assessment coordinator",
        )
    return coordinator


def remove_coordinator(*, coordinator: Coordinator, by: Any) -> None:
    with transaction.atomic():
        audit.record(
            action="assessment.coordinator.removed",
            actor=Actor.for_user(by),
            partnership_id=coordinator.partnership_id,
            target=coordinator,
            summary=f"Removed {coordinator.user.email} as self-assessment coordinator",
        )
        coordinator.delete()
