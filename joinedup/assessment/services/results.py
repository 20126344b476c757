"""Improvement actions from results: a weak question (perceived red or amber) or a
contradiction between perception and evidence becomes an action in the strategy room's
"Partnership improvement plan" programme, recorded as an ImprovementAction so the next
round's results show what was done."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from joinedup.assessment.models import ImprovementAction, ImprovementReason, Round
from joinedup.assessment.selectors_results import QuestionResult
from joinedup.core import audit
from joinedup.core.audit import Actor
from joinedup.strategy.services.delivery import create_action, improvement_plan_for

# The strategy action's fields a coordinator sets when raising one.
FIELDS = ("title", "description", "lead_organisation", "lead_person", "due_date")


def reason_for(question: QuestionResult) -> str:
    """Why an action may be raised from a question: a contradiction first (the sharper
    signal), otherwise a weak question. Raises ValidationError if neither applies."""
    if question.contradiction:
        return ImprovementReason.CONTRADICTION
    if question.is_weak:
        return ImprovementReason.WEAK
    raise ValidationError(
        "An improvement action can only be raised from a weak question (red or amber) or a "
        "contradiction between perception and evidence."
    )


def raise_improvement_action(
    *, round: Round, question: QuestionResult, user: Any, fields: Mapping[str, Any]
) -> ImprovementAction:
    """Create the strategy action in the partnership's improvement plan and link it to the
    round and question. Both writes and the audit entry happen together or not at all."""
    reason = reason_for(question)
    with transaction.atomic():
        programme = improvement_plan_for(round.partnership, user=user)
        action = create_action(
            programme=programme,
            user=user,
            fields={k: v for k, v in fields.items() if k in FIELDS},
        )
        improvement = ImprovementAction(
            partnership=round.partnership,
            round=round,
            question_key=question.key,
            element_key=question.element_key,
            reason=reason,
            action=action,
            created_by=user,
        )
        improvement.full_clean()
        improvement.save()
        audit.record(
            action="assessment.improvement_action.raised",
            actor=Actor.for_user(user),
            partnership_id=round.partnership_id,
            target=improvement,
            summary=f"Raised the improvement action {action.title} from question {question.key} "
            f"of {round.title}.",
            after={
                "round": round.title,
                "question": question.key,
                "reason": improvement.get_reason_display(),
                "action": action.title,
            },
        )
    return improvement
