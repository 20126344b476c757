"""Writes to the strategy and its structure: the strategy, its adopted versions, themes,
outcomes, objectives and evidence. Every write is audited; edits are version-checked
(`save_versioned`); deleting is refused while something still hangs off the record."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max

from joinedup.core.audit import Actor, record, snapshot
from joinedup.core.conflicts import save_versioned
from joinedup.core.uploads import store_upload
from joinedup.partnerships.models import Partnership
from joinedup.strategy.models import (
    Evidence,
    Objective,
    Outcome,
    Priority,
    Strategy,
    StrategyStatus,
    StrategyVersion,
)

STRATEGY_FIELDS = (
    "title",
    "vision",
    "start_year",
    "end_year",
    "adopted_on",
    "next_review_on",
    "status",
    "drive_limit",
)
PRIORITY_FIELDS = ("title", "description", "board_role", "lead_body", "lead_organisation", "champion")
OUTCOME_FIELDS = ("title", "description", "in_agreement", "lead_body", "lead_organisation", "champion")
OBJECTIVE_FIELDS = ("title", "description")
EVIDENCE_FIELDS = ("kind", "title", "source", "published_on", "url", "what_it_shows")
EVIDENCE_FILE_KINDS = {"pdf", "docx", "xlsx", "csv"}


class InUse(Exception):
    """The record still has things attached; `reasons` says what, in words."""

    def __init__(self, reasons: list[str]):
        super().__init__("; ".join(reasons))
        self.reasons = reasons


def _apply(instance, changes: Mapping[str, Any]) -> None:
    for name, value in changes.items():
        setattr(instance, name, value)


def _changed_labels(instance, before: Mapping[str, Any], after: Mapping[str, Any]) -> str:
    names = [instance._meta.get_field(k).verbose_name for k in after if before.get(k) != after.get(k)]
    return ", ".join(str(n) for n in names)


def _check_fields(changes: Mapping[str, Any], allowed: Iterable[str]) -> None:
    unknown = set(changes) - set(allowed)
    if unknown:
        raise ValueError(f"Unknown fields: {sorted(unknown)}")


def _same_partnership(partnership_id: int, **related: Any) -> None:
    """Lead bodies, organisations and champions must belong to the record's partnership."""
    for name, obj in related.items():
        if obj is not None and obj.partnership_id != partnership_id:
            raise ValidationError({name: "Select one of this partnership's own"})


def _update(
    instance,
    *,
    user,
    expected_version: int,
    changes: Mapping[str, Any],
    fields,
    action: str,
    what: str,
    before: dict[str, Any] | None = None,
    snap: Callable[[Any, Any], dict[str, Any]] = snapshot,
):
    """`before` is for callers that must do work before the change is applied (an upload
    stored first): they pass the snapshot taken before it. `snap` replaces `snapshot` where
    a field's plain value would hide a change (two files with the same name)."""
    _check_fields(changes, fields)
    _same_partnership(
        instance.partnership_id,
        **{k: v for k, v in changes.items() if k in ("lead_body", "lead_organisation", "champion")},
    )
    if before is None:
        before = snap(instance, fields)
    _apply(instance, changes)
    instance.full_clean()
    save_versioned(instance, expected_version=expected_version, fields=changes.keys())
    after = snap(instance, fields)
    if before != after:
        record(
            action=action,
            actor=Actor.for_user(user),
            partnership_id=instance.partnership_id,
            target=instance,
            summary=f"Changed {_changed_labels(instance, before, after)} of the {what} {instance}",
            before=before,
            after=after,
        )
    return instance


def _created(instance, *, user, fields, action: str, summary: str) -> None:
    instance.full_clean()
    instance.save()
    record(
        action=action,
        actor=Actor.for_user(user),
        partnership_id=instance.partnership_id,
        target=instance,
        summary=summary,
        after=snapshot(instance, fields),
    )


def _deleted(instance, *, user, fields, action: str, summary: str) -> None:
    record(
        action=action,
        actor=Actor.for_user(user),
        partnership_id=instance.partnership_id,
        target=instance,
        summary=summary,
        before=snapshot(instance, fields),
    )
    instance.delete()


def _move(instance, siblings, *, direction: str, user, action: str, what: str) -> bool:
    """Swap `instance` with its neighbour among `siblings` (a queryset in display order).
    Positions are renumbered 0..n first, so ties from older data cannot block a move."""
    if direction not in ("up", "down"):
        raise ValueError("direction is up or down")
    ordered = list(siblings.select_for_update())
    index = next(i for i, s in enumerate(ordered) if s.pk == instance.pk)
    other = index - 1 if direction == "up" else index + 1
    if other < 0 or other >= len(ordered):
        return False
    ordered[index], ordered[other] = ordered[other], ordered[index]
    for position, sibling in enumerate(ordered):
        if sibling.position != position:
            sibling.position = position
            sibling.version += 1
            sibling.save(update_fields=["position", "version"])
    record(
        action=action,
        actor=Actor.for_user(user),
        partnership_id=instance.partnership_id,
        target=instance,
        summary=f"Moved the {what} {instance} {direction}",
    )
    return True


def _next_position(siblings) -> int:
    top = siblings.aggregate(top=Max("position"))["top"]
    return 0 if top is None else top + 1


# --- the strategy ---------------------------------------------------------------------------


@transaction.atomic
def create_strategy(*, partnership: Partnership, user, values: Mapping[str, Any]) -> Strategy:
    _check_fields(values, STRATEGY_FIELDS)
    strategy = Strategy(partnership=partnership, **values)
    _created(
        strategy,
        user=user,
        fields=STRATEGY_FIELDS,
        action="strategy.strategy.created",
        summary=f"Recorded the strategy {strategy.title}",
    )
    return strategy


@transaction.atomic
def update_strategy(
    *, strategy: Strategy, user, expected_version: int, changes: Mapping[str, Any]
) -> Strategy:
    return _update(
        strategy,
        user=user,
        expected_version=expected_version,
        changes=changes,
        fields=STRATEGY_FIELDS,
        action="strategy.strategy.updated",
        what="strategy",
    )


def snapshot_strategy(strategy: Strategy) -> dict[str, Any]:
    """The strategy as it stands: vision, themes, outcomes and objectives (see
    analysis_versions for the shape). Four queries whatever its size."""
    priorities = list(strategy.priorities.order_by("position", "title"))
    outcomes = list(Outcome.objects.filter(priority__strategy=strategy).order_by("position", "title"))
    objectives = list(
        Objective.objects.filter(outcome__priority__strategy=strategy).order_by("position", "title")
    )
    objectives_of: dict[int, list[dict[str, Any]]] = {}
    for objective in objectives:
        objectives_of.setdefault(objective.outcome_id, []).append(
            {"key": objective.pk, "title": objective.title}
        )
    outcomes_of: dict[int, list[dict[str, Any]]] = {}
    for outcome in outcomes:
        outcomes_of.setdefault(outcome.priority_id, []).append(
            {
                "key": outcome.pk,
                "title": outcome.title,
                "in_agreement": outcome.in_agreement,
                "objectives": objectives_of.get(outcome.pk, []),
            }
        )
    return {
        "title": strategy.title,
        "vision": strategy.vision,
        "period": strategy.period_label,
        "themes": [
            {
                "key": p.pk,
                "title": p.title,
                "board_role": p.board_role,
                "outcomes": outcomes_of.get(p.pk, []),
            }
            for p in priorities
        ],
    }


@transaction.atomic
def adopt_strategy(*, strategy: Strategy, user, adopted_on: dt.date, note: str = "") -> StrategyVersion:
    """Keep the strategy as it stands as the next numbered version and mark it adopted."""
    locked = Strategy.objects.select_for_update().get(pk=strategy.pk)
    number = (locked.versions.aggregate(top=Max("number"))["top"] or 0) + 1
    version = StrategyVersion(
        strategy=locked,
        partnership_id=locked.partnership_id,
        number=number,
        adopted_on=adopted_on,
        snapshot=snapshot_strategy(locked),
        note=note.strip(),
        created_by=user,
    )
    version.full_clean()
    version.save()
    before = snapshot(locked, ("status", "adopted_on"))
    locked.status = StrategyStatus.ADOPTED
    locked.adopted_on = adopted_on
    locked.version += 1
    locked.save(update_fields=["status", "adopted_on", "version"])
    strategy.status, strategy.adopted_on, strategy.version = locked.status, locked.adopted_on, locked.version
    record(
        action="strategy.strategy.adopted",
        actor=Actor.for_user(user),
        partnership_id=locked.partnership_id,
        target=locked,
        summary=f"Adopted version {number} of {locked.title}",
        before=before,
        after=snapshot(locked, ("status", "adopted_on")),
    )
    return version


# --- themes ---------------------------------------------------------------------------------


def _set_theme_leads(priority: Priority, theme_leads: Iterable[Any]) -> None:
    leads = list(theme_leads)
    allowed = set(priority.partnership.roles.filter(is_active=True).values_list("user_id", flat=True))
    if any(user.pk not in allowed for user in leads):
        raise ValidationError({"theme_leads": "Select users of this partnership"})
    priority.theme_leads.set(leads)


def _lead_names(priority: Priority) -> list[str]:
    return sorted(str(u) for u in priority.theme_leads.all())


@transaction.atomic
def create_priority(
    *, strategy: Strategy, user, values: Mapping[str, Any], theme_leads: Iterable[Any] = ()
) -> Priority:
    _check_fields(values, PRIORITY_FIELDS)
    _same_partnership(
        strategy.partnership_id, **{k: values.get(k) for k in ("lead_body", "lead_organisation", "champion")}
    )
    priority = Priority(
        partnership_id=strategy.partnership_id,
        strategy=strategy,
        position=_next_position(strategy.priorities.all()),
        **values,
    )
    _created(
        priority,
        user=user,
        fields=PRIORITY_FIELDS,
        action="strategy.priority.created",
        summary=f"Added the theme {priority.title}",
    )
    _set_theme_leads(priority, theme_leads)
    return priority


@transaction.atomic
def update_priority(
    *,
    priority: Priority,
    user,
    expected_version: int,
    changes: Mapping[str, Any],
    theme_leads: Iterable[Any] | None = None,
) -> Priority:
    """Change a theme. `theme_leads=None` leaves the leads alone (theme leads themselves
    may not change who leads: only editors and admins pass them)."""
    _update(
        priority,
        user=user,
        expected_version=expected_version,
        changes=changes,
        fields=PRIORITY_FIELDS,
        action="strategy.priority.updated",
        what="theme",
    )
    if theme_leads is not None:
        before = _lead_names(priority)
        _set_theme_leads(priority, theme_leads)
        after = _lead_names(priority)
        if before != after:
            record(
                action="strategy.priority.leads_changed",
                actor=Actor.for_user(user),
                partnership_id=priority.partnership_id,
                target=priority,
                summary=f"Changed the theme leads of {priority.title}",
                before={"theme_leads": before},
                after={"theme_leads": after},
            )
    return priority


@transaction.atomic
def move_priority(*, priority: Priority, user, direction: str) -> bool:
    siblings = priority.strategy.priorities.order_by("position", "title", "pk")
    return _move(
        priority, siblings, direction=direction, user=user, action="strategy.priority.moved", what="theme"
    )


def priority_uses(priority: Priority) -> list[str]:
    reasons = []
    if n := priority.outcomes.count():
        reasons.append(f"it has {n} outcome{'s' if n != 1 else ''}")
    if n := priority.evidence.count():
        reasons.append(f"{n} piece{'s' if n != 1 else ''} of evidence {'are' if n != 1 else 'is'} attached")
    if n := priority.contribution_claims.count():
        reasons.append(f"it has {n} contribution claim{'s' if n != 1 else ''}")
    return reasons


@transaction.atomic
def delete_priority(*, priority: Priority, user) -> None:
    """Delete a theme with no outcomes, evidence or contribution claims; raises InUse."""
    if reasons := priority_uses(priority):
        raise InUse(reasons)
    _deleted(
        priority,
        user=user,
        fields=PRIORITY_FIELDS,
        action="strategy.priority.deleted",
        summary=f"Deleted the theme {priority.title}",
    )


# --- outcomes -------------------------------------------------------------------------------


@transaction.atomic
def create_outcome(*, priority: Priority, user, values: Mapping[str, Any]) -> Outcome:
    _check_fields(values, OUTCOME_FIELDS)
    _same_partnership(
        priority.partnership_id, **{k: values.get(k) for k in ("lead_body", "lead_organisation", "champion")}
    )
    outcome = Outcome(
        partnership_id=priority.partnership_id,
        priority=priority,
        position=_next_position(priority.outcomes.all()),
        **values,
    )
    _created(
        outcome,
        user=user,
        fields=OUTCOME_FIELDS,
        action="strategy.outcome.created",
        summary=f"Added the outcome {outcome.title} to {priority.title}",
    )
    return outcome


@transaction.atomic
def update_outcome(*, outcome: Outcome, user, expected_version: int, changes: Mapping[str, Any]) -> Outcome:
    return _update(
        outcome,
        user=user,
        expected_version=expected_version,
        changes=changes,
        fields=OUTCOME_FIELDS,
        action="strategy.outcome.updated",
        what="outcome",
    )


@transaction.atomic
def move_outcome(*, outcome: Outcome, user, direction: str) -> bool:
    siblings = outcome.priority.outcomes.order_by("position", "title", "pk")
    return _move(
        outcome, siblings, direction=direction, user=user, action="strategy.outcome.moved", what="outcome"
    )


def outcome_uses(outcome: Outcome) -> list[str]:
    reasons = []
    if n := outcome.objectives.count():
        reasons.append(f"it has {n} objective{'s' if n != 1 else ''}")
    if n := outcome.evidence.count():
        reasons.append(f"{n} piece{'s' if n != 1 else ''} of evidence {'are' if n != 1 else 'is'} attached")
    if n := outcome.programmes.count():
        reasons.append(f"{n} programme{'s' if n != 1 else ''} deliver{'' if n != 1 else 's'} it")
    if n := outcome.risks.count():
        reasons.append(f"{n} risk{'s' if n != 1 else ''} {'are' if n != 1 else 'is'} recorded against it")
    return reasons


@transaction.atomic
def delete_outcome(*, outcome: Outcome, user) -> None:
    """Delete an outcome with no objectives, evidence, programmes or risks; raises InUse."""
    if reasons := outcome_uses(outcome):
        raise InUse(reasons)
    _deleted(
        outcome,
        user=user,
        fields=OUTCOME_FIELDS,
        action="strategy.outcome.deleted",
        summary=f"Deleted the outcome {outcome.title}",
    )


# --- objectives -----------------------------------------------------------------------------


@transaction.atomic
def create_objective(*, outcome: Outcome, user, values: Mapping[str, Any]) -> Objective:
    _check_fields(values, OBJECTIVE_FIELDS)
    objective = Objective(
        partnership_id=outcome.partnership_id,
        outcome=outcome,
        position=_next_position(outcome.objectives.all()),
        **values,
    )
    _created(
        objective,
        user=user,
        fields=OBJECTIVE_FIELDS,
        action="strategy.objective.created",
        summary=f"Added the objective {objective.title} to {outcome.title}",
    )
    return objective


@transaction.atomic
def update_objective(
    *, objective: Objective, user, expected_version: int, changes: Mapping[str, Any]
) -> Objective:
    return _update(
        objective,
        user=user,
        expected_version=expected_version,
        changes=changes,
        fields=OBJECTIVE_FIELDS,
        action="strategy.objective.updated",
        what="objective",
    )


@transaction.atomic
def move_objective(*, objective: Objective, user, direction: str) -> bool:
    siblings = objective.outcome.objectives.order_by("position", "title", "pk")
    return _move(
        objective,
        siblings,
        direction=direction,
        user=user,
        action="strategy.objective.moved",
        what="objective",
    )


@transaction.atomic
def delete_objective(*, objective: Objective, user) -> None:
    # Nothing hangs off an objective, so it can always go; the audit entry keeps it.
    _deleted(
        objective,
        user=user,
        fields=OBJECTIVE_FIELDS,
        action="strategy.objective.deleted",
        summary=f"Deleted the objective {objective.title}",
    )


# --- evidence -------------------------------------------------------------------------------


@transaction.atomic
def add_evidence(
    *,
    user,
    values: Mapping[str, Any],
    priority: Priority | None = None,
    outcome: Outcome | None = None,
    upload: Any = None,
) -> Evidence:
    """Attach evidence to a theme or an outcome (exactly one), with a link or an uploaded
    PDF, DOCX, XLSX or CSV file (at least one). Raises ValidationError."""
    if (priority is None) == (outcome is None):
        raise ValueError("Evidence belongs to a theme or to an outcome")
    _check_fields(values, EVIDENCE_FIELDS)
    owner = priority or outcome
    assert owner is not None
    if not values.get("url") and upload is None:
        raise ValidationError({"url": "Enter a link or choose a file"})
    evidence = Evidence(partnership_id=owner.partnership_id, priority=priority, outcome=outcome, **values)
    if upload is not None:
        evidence.document = store_upload(
            upload, allowed=EVIDENCE_FILE_KINDS, partnership_id=owner.partnership_id, uploaded_by=user
        )
    _created(
        evidence,
        user=user,
        fields=EVIDENCE_FIELDS,
        action="strategy.evidence.created",
        summary=f"Attached the evidence {evidence.title} to {owner}",
    )
    return evidence


@transaction.atomic
def update_evidence(
    *, evidence: Evidence, user, expected_version: int, changes: Mapping[str, Any], upload: Any = None
) -> Evidence:
    fields = (*EVIDENCE_FIELDS, "document")
    # Taken before the upload is stored: a replaced file alone is still a change to audit.
    before = _evidence_snapshot(evidence, fields)
    if upload is not None:
        document = store_upload(
            upload, allowed=EVIDENCE_FILE_KINDS, partnership_id=evidence.partnership_id, uploaded_by=user
        )
        changes = {**changes, "document": document}
    url = changes.get("url", evidence.url)
    if not url and changes.get("document", evidence.document) is None:
        raise ValidationError({"url": "Enter a link or choose a file"})
    return _update(
        evidence,
        user=user,
        expected_version=expected_version,
        changes=changes,
        fields=fields,
        action="strategy.evidence.updated",
        what="evidence",
        before=before,
        snap=_evidence_snapshot,
    )


def _evidence_snapshot(evidence: Evidence, fields) -> dict[str, Any]:
    """A file replaced by one of the same name is still a change: name the stored file too."""
    values = snapshot(evidence, fields)
    if "document" in values and evidence.document_id is not None:
        values["document"] = f"{evidence.document} (file {evidence.document_id})"
    return values


@transaction.atomic
def delete_evidence(*, evidence: Evidence, user) -> None:
    _deleted(
        evidence,
        user=user,
        fields=EVIDENCE_FIELDS,
        action="strategy.evidence.deleted",
        summary=f"Removed the evidence {evidence.title}",
    )
