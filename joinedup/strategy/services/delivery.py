"""Writes for delivery: programmes, actions, milestones and progress updates.

Who may write is decided in two functions only, `may_edit_programme` and
`may_update_action`, so the theme-lead rules can replace the partnership-wide check in one
place.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from joinedup.core import audit
from joinedup.core.audit import Actor
from joinedup.core.conflicts import save_versioned
from joinedup.partnerships.models import Partnership, Person
from joinedup.strategy import rules
from joinedup.strategy.models import Action, ActionStatus, ActionUpdate, Milestone, Programme

PROGRAMME_FIELDS = (
    "title",
    "description",
    "owner_body",
    "lead_organisation",
    "champion",
    "start_date",
    "end_date",
    "update_cycle",
    "rag_amber_points",
    "rag_red_points",
)
ACTION_FIELDS = (
    "title",
    "description",
    "lead_organisation",
    "lead_person",
    "start_date",
    "due_date",
    "status",
    "percent_complete",
    "lessons_learned",
)
IMPROVEMENT_PLAN_TITLE = "Partnership improvement plan"


# --- who may write ------------------------------------------------------------------------------


def may_edit_programme(user: Any, programme: Programme | None, *, partnership: Partnership) -> bool:
    """May `user` change this programme and its actions (or add a programme, when None)?

    Editors and admins may; so may a theme lead whose theme one of the programme's outcomes
    belongs to (joinedup.strategy.rules). Adding a programme stays with editors and admins.
    Every delivery write asks here and nowhere else.
    """
    if not user.is_authenticated:
        return False
    if user.has_perm("partnerships.edit", partnership):
        return True
    return programme is not None and rules.may_edit_programme(user, programme)


def may_update_action(user: Any, action: Action) -> bool:
    """Editors of the programme, and the action's lead person (a signed-in user linked to that
    Person), whatever their partnership role, may post progress updates."""
    if may_edit_programme(user, action.programme, partnership=action.partnership):
        return True
    lead = action.lead_person
    return bool(user.is_authenticated and lead is not None and lead.user_id == user.pk)


# --- helpers ------------------------------------------------------------------------------------


def _actor(user: Any | None, person: Person | None) -> Actor:
    if user is not None:
        return Actor.for_user(user)
    if person is not None:
        return Actor.for_link(person.full_name)
    return Actor.system()


def _assign(instance: Any, fields: Mapping[str, Any], allowed: Iterable[str]) -> list[str]:
    names = [name for name in allowed if name in fields]
    for name in names:
        setattr(instance, name, fields[name])
    return names


def _check_in_partnership(partnership: Partnership, **objects: Any) -> None:
    """Linked records must belong to the same partnership (forms only offer those; this is the
    rule, for callers that are not forms)."""
    errors = {
        name: "Choose one from this partnership"
        for name, obj in objects.items()
        if obj is not None and obj.partnership_id != partnership.pk
    }
    if errors:
        raise ValidationError(errors)


def _changed(before: Mapping[str, Any], after: Mapping[str, Any]) -> str:
    labels = [key.replace("_", " ") for key in after if before.get(key) != after.get(key)]
    if not labels:
        return ""
    return labels[0] if len(labels) == 1 else ", ".join(labels[:-1]) + " and " + labels[-1]


def _check_dates(start: dt.date | None, end: dt.date | None, end_field: str, message: str) -> None:
    if start and end and end < start:
        raise ValidationError({end_field: message})


# --- programmes ---------------------------------------------------------------------------------


def create_programme(
    *,
    partnership: Partnership,
    user: Any,
    fields: Mapping[str, Any],
    outcomes: Iterable[Any] = (),
    is_improvement_plan: bool = False,
) -> Programme:
    with transaction.atomic():
        programme = Programme(partnership=partnership, is_improvement_plan=is_improvement_plan)
        _assign(programme, fields, PROGRAMME_FIELDS)
        _check_in_partnership(
            partnership,
            owner_body=programme.owner_body,
            lead_organisation=programme.lead_organisation,
            champion=programme.champion,
        )
        _check_dates(
            programme.start_date, programme.end_date, "end_date", "End date must be after the start date"
        )
        programme.full_clean()
        programme.save()
        outcomes = list(outcomes)
        _check_outcomes(partnership, outcomes)
        programme.outcomes.set(outcomes)
        audit.record(
            action="strategy.programme.created",
            actor=Actor.for_user(user) if user is not None else Actor.system(),
            partnership_id=partnership.pk,
            target=programme,
            summary=f"Added the programme {programme.title}.",
            after={**audit.snapshot(programme), "outcomes": [str(o) for o in outcomes]},
        )
    return programme


def _check_outcomes(partnership: Partnership, outcomes: list[Any]) -> None:
    if any(o.partnership_id != partnership.pk for o in outcomes):
        raise ValidationError({"outcomes": "Choose outcomes from this partnership's strategy"})


def update_programme(
    *,
    programme: Programme,
    user: Any,
    expected_version: int,
    fields: Mapping[str, Any],
    outcomes: Iterable[Any] | None = None,
) -> Programme:
    """Change a programme's details. Raises EditConflict if someone else saved it first."""
    with transaction.atomic():
        before = {**audit.snapshot(programme), "outcomes": [str(o) for o in programme.outcomes.all()]}
        names = _assign(programme, fields, PROGRAMME_FIELDS)
        _check_in_partnership(
            programme.partnership,
            owner_body=programme.owner_body,
            lead_organisation=programme.lead_organisation,
            champion=programme.champion,
        )
        _check_dates(
            programme.start_date, programme.end_date, "end_date", "End date must be after the start date"
        )
        programme.full_clean()
        save_versioned(programme, expected_version=expected_version, fields=names)
        if outcomes is not None:
            outcomes = list(outcomes)
            _check_outcomes(programme.partnership, outcomes)
            programme.outcomes.set(outcomes)
        after = {**audit.snapshot(programme), "outcomes": [str(o) for o in programme.outcomes.all()]}
        changed = _changed(before, after)
        audit.record(
            action="strategy.programme.updated",
            actor=Actor.for_user(user),
            partnership_id=programme.partnership_id,
            target=programme,
            summary=f"Changed the {changed} of {programme.title}."
            if changed
            else f"Saved {programme.title} unchanged.",
            before=before,
            after=after,
        )
    return programme


def close_programme(
    *, programme: Programme, user: Any, expected_version: int, closed_on: dt.date, lessons_learned: str
) -> Programme:
    """Close a programme, recording what was learned. Its actions keep their own status."""
    if not lessons_learned.strip():
        raise ValidationError({"lessons_learned": "Enter the lessons learned"})
    with transaction.atomic():
        before = audit.snapshot(programme, ["closed_on", "lessons_learned"])
        programme.closed_on = closed_on
        programme.lessons_learned = lessons_learned
        programme.full_clean()
        save_versioned(programme, expected_version=expected_version, fields=["closed_on", "lessons_learned"])
        audit.record(
            action="strategy.programme.closed",
            actor=Actor.for_user(user),
            partnership_id=programme.partnership_id,
            target=programme,
            summary=f"Closed the programme {programme.title}, recording lessons learned.",
            before=before,
            after=audit.snapshot(programme, ["closed_on", "lessons_learned"]),
        )
    return programme


def improvement_plan_for(partnership: Partnership, *, user: Any | None = None) -> Programme:
    """The partnership's improvement plan (for actions that come from self-assessment),
    created on first use. Safe to call repeatedly and concurrently: a database constraint
    allows one per partnership, and a losing racer reads the winner's."""
    existing = partnership.programmes.filter(is_improvement_plan=True).first()
    if existing is not None:
        return existing
    try:
        with transaction.atomic():
            return create_programme(
                partnership=partnership,
                user=user,
                fields={
                    "title": IMPROVEMENT_PLAN_TITLE,
                    "description": "Actions that come from the partnership's self-assessment.",
                },
                is_improvement_plan=True,
            )
    except IntegrityError:
        return partnership.programmes.get(is_improvement_plan=True)


# --- actions ------------------------------------------------------------------------------------


def _check_action(action: Action) -> None:
    _check_in_partnership(
        action.partnership, lead_organisation=action.lead_organisation, lead_person=action.lead_person
    )
    _check_dates(
        action.start_date, action.due_date, "due_date", "Due date must be on or after the start date"
    )
    apply_completion_rules(action)


def apply_completion_rules(action: Action) -> None:
    """The rules every write of an action's status follows (the forms, progress updates, owners'
    links and the bulk import): a complete action is 100 percent complete and records the day
    it was completed (kept if already known, otherwise today); any other status clears that day."""
    if action.status == ActionStatus.COMPLETE:
        action.completed_on = action.completed_on or timezone.localdate()
        action.percent_complete = 100
    else:
        action.completed_on = None


def create_action(
    *,
    programme: Programme,
    user: Any,
    fields: Mapping[str, Any],
    contributing_organisations: Iterable[Any] = (),
) -> Action:
    with transaction.atomic():
        action = Action(partnership=programme.partnership, programme=programme)
        _assign(action, fields, ACTION_FIELDS)
        _check_action(action)
        action.full_clean()
        action.save()
        contributors = list(contributing_organisations)
        _check_in_partnership(programme.partnership, **{f"org{o.pk}": o for o in contributors})
        action.contributing_organisations.set(contributors)
        audit.record(
            action="strategy.action.created",
            actor=Actor.for_user(user),
            partnership_id=programme.partnership_id,
            target=action,
            summary=f"Added the action {action.title} to {programme.title}.",
            after={**audit.snapshot(action), "contributing_organisations": [str(o) for o in contributors]},
        )
    return action


def update_action(
    *,
    action: Action,
    user: Any,
    expected_version: int,
    fields: Mapping[str, Any],
    contributing_organisations: Iterable[Any] | None = None,
) -> Action:
    """Change an action's details. Raises EditConflict if someone else saved it first."""
    with transaction.atomic():
        before = {
            **audit.snapshot(action),
            "contributing_organisations": [str(o) for o in action.contributing_organisations.all()],
        }
        names = _assign(action, fields, ACTION_FIELDS)
        _check_action(action)
        action.full_clean()
        save_versioned(
            action, expected_version=expected_version, fields=[*names, "completed_on", "percent_complete"]
        )
        if contributing_organisations is not None:
            contributors = list(contributing_organisations)
            _check_in_partnership(action.partnership, **{f"org{o.pk}": o for o in contributors})
            action.contributing_organisations.set(contributors)
        after = {
            **audit.snapshot(action),
            "contributing_organisations": [str(o) for o in action.contributing_organisations.all()],
        }
        changed = _changed(before, after)
        audit.record(
            action="strategy.action.updated",
            actor=Actor.for_user(user),
            partnership_id=action.partnership_id,
            target=action,
            summary=f"Changed the {changed} of {action.title}."
            if changed
            else f"Saved {action.title} unchanged.",
            before=before,
            after=after,
        )
    return action


def record_action_update(
    *,
    action: Action,
    status: str,
    percent_complete: int,
    commentary: str = "",
    user: Any | None = None,
    person: Person | None = None,
    via_link: bool = False,
    expected_version: int | None = None,
    lessons_learned: str = "",
) -> ActionUpdate:
    """Record a timestamped progress update and carry its status and percent onto the action.

    When the update completes or cancels the action, `lessons_learned` (if given) is kept on
    the action, so the review of what was learned happens as it closes.

    Give `user` for a signed-in user, or `person` (with `via_link=True`) for an owner using a
    signed link; the audit entry is attributed to whichever is given. Access is the caller's
    job (`may_update_action` for users; the link itself for link holders). With
    `expected_version` the action is saved only if nobody else saved it since (EditConflict
    otherwise); without it the update always lands, as an owner's report should.
    """
    if user is None and person is None:
        raise ValueError("An update needs a user or a person")
    with transaction.atomic():
        if expected_version is None:
            # Lock the row so two owners' reports are applied one after the other.
            action = type(action)._base_manager.select_for_update().get(pk=action.pk)
            expected_version = action.version
        before = audit.snapshot(action, ["status", "percent_complete"])
        now = timezone.now()
        action.status = status
        action.percent_complete = percent_complete
        action.last_update_at = now
        closing = status in (ActionStatus.COMPLETE, ActionStatus.CANCELLED)
        if closing and lessons_learned.strip():
            action.lessons_learned = lessons_learned.strip()
        _check_action(action)
        action.full_clean()
        update = ActionUpdate(
            partnership_id=action.partnership_id,
            action=action,
            at=now,
            status=action.status,
            percent_complete=action.percent_complete,
            commentary=commentary,
            by_user=user,
            by_person=person,
            via_link=via_link,
        )
        update.full_clean(exclude=["action", "partnership"])
        save_versioned(
            action,
            expected_version=expected_version,
            fields=["status", "percent_complete", "last_update_at", "completed_on", "lessons_learned"],
        )
        update.save()
        actor = _actor(user, person)
        label = dict(ActionStatus.choices)[action.status].lower()
        audit.record(
            action="strategy.action_update.recorded",
            actor=actor,
            partnership_id=action.partnership_id,
            target=action,
            summary=f"{actor.label} reported {action.title} as {label}, {action.percent_complete}% complete"
            + (" (using a signed link)." if via_link else "."),
            before=before,
            after={
                **audit.snapshot(action, ["status", "percent_complete"]),
                "commentary": commentary,
                **(
                    {"lessons_learned": action.lessons_learned} if closing and lessons_learned.strip() else {}
                ),
            },
        )
    return update


# --- milestones ---------------------------------------------------------------------------------


def add_milestone(*, action: Action, user: Any, title: str, due_date: dt.date) -> Milestone:
    with transaction.atomic():
        milestone = Milestone(
            partnership_id=action.partnership_id, action=action, title=title, due_date=due_date
        )
        milestone.full_clean()
        milestone.save()
        audit.record(
            action="strategy.milestone.added",
            actor=Actor.for_user(user),
            partnership_id=action.partnership_id,
            target=milestone,
            summary=f"Added the milestone {title} to {action.title}.",
            after=audit.snapshot(milestone, ["title", "due_date"]),
        )
    return milestone


def complete_milestone(*, milestone: Milestone, user: Any, completed_on: dt.date | None = None) -> Milestone:
    if milestone.completed_on is not None:
        raise ValidationError("This milestone is already complete")
    with transaction.atomic():
        milestone.completed_on = completed_on or timezone.localdate()
        milestone.full_clean()
        save_versioned(milestone, expected_version=milestone.version, fields=["completed_on"])
        audit.record(
            action="strategy.milestone.completed",
            actor=Actor.for_user(user),
            partnership_id=milestone.partnership_id,
            target=milestone,
            summary=f"Completed the milestone {milestone.title} of {milestone.action.title}.",
            after=audit.snapshot(milestone, ["completed_on"]),
        )
    return milestone
