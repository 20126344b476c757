"""Escalations: an exception raised by an indicator's owner, an editor or a body's member to a
named higher body; and its withdrawal. Each call is audited."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from joinedup.core import audit
from joinedup.core.audit import Actor
from joinedup.core.periods import Period
from joinedup.partnerships.models import Area, Body, Partnership, Person
from joinedup.performance.escalation_rules import BodyFact, is_higher
from joinedup.performance.models import Escalation, Indicator

FIELDS = ("period", "variance", "reason", "status")


def body_facts(partnership: Partnership) -> list[BodyFact]:
    return [BodyFact(pk, layer, parent) for pk, layer, parent in
            partnership.bodies.values_list("pk", "layer", "parent_id")]  # fmt: skip


def raise_escalation(
    *,
    partnership: Partnership,
    user: Any,
    indicator: Indicator,
    area: Area | None,
    period: Period,
    variance: str,
    reason: str,
    to_body: Body,
    from_body: Body | None = None,
    from_person: Person | None = None,
) -> Escalation:
    """Raise an exception to `to_body`, which must be higher than `from_body` (the rule of
    `escalation_rules.is_higher`)."""
    if indicator.partnership_id not in (None, partnership.pk):
        raise ValidationError("Select an indicator this partnership can see")
    if to_body.partnership_id != partnership.pk or (from_body and from_body.partnership_id != partnership.pk):
        raise ValidationError({"to_body": "Select a body of this partnership"})
    if from_person is not None and from_person.partnership_id != partnership.pk:
        raise ValidationError("Select a person of this partnership")
    if not reason.strip():
        raise ValidationError({"reason": "Enter why this needs the higher body's attention"})
    facts = body_facts(partnership)
    by_id = {b.pk: b for b in facts}
    if not is_higher(by_id[to_body.pk], by_id.get(from_body.pk) if from_body else None, facts):
        raise ValidationError({"to_body": "Select a body higher than the one raising it"})
    with transaction.atomic():
        escalation = Escalation.objects.create(
            partnership=partnership,
            indicator=indicator,
            area=area,
            period=period.code,
            variance=variance[:300],
            reason=reason.strip(),
            from_body=from_body,
            from_person=from_person,
            to_body=to_body,
            raised_by=user,
        )
        audit.record(
            action="performance.escalation.raise",
            actor=Actor.for_user(user),
            partnership_id=partnership.pk,
            target=escalation,
            summary=f"Escalated {indicator.code} ({period.label}) to {to_body.name}",
            after={"period": period.code, "variance": escalation.variance, "reason": escalation.reason,
                   "to_body": to_body.name, "from_body": from_body.name if from_body else ""},
        )  # fmt: skip
    return escalation


def withdraw_escalation(*, escalation: Escalation, user: Any) -> Escalation:
    """Withdraw an open escalation (one already considered stays as it is)."""
    with transaction.atomic():
        locked = Escalation.objects.select_for_update().get(pk=escalation.pk)
        if locked.status != Escalation.Status.OPEN:
            raise ValidationError("Only an escalation waiting to be considered can be withdrawn")
        locked.status = Escalation.Status.WITHDRAWN
        locked.save(update_fields=["status"])
        audit.record(
            action="performance.escalation.withdraw",
            actor=Actor.for_user(user),
            partnership_id=locked.partnership_id,
            target=locked,
            summary=f"Withdrew the escalation of {escalation.indicator.code} to {escalation.to_body.name}",
            before={"status": Escalation.Status.OPEN},
            after={"status": Escalation.Status.WITHDRAWN},
        )
    return locked
