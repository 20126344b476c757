"""Writes to the risk register and to contribution claims. Every write is audited."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from joinedup.core import audit
from joinedup.core.audit import Actor
from joinedup.core.conflicts import save_versioned
from joinedup.partnerships.models import Partnership
from joinedup.strategy import risk_analysis
from joinedup.strategy.models import ContributionClaim, Evidence, Priority, Risk

RISK_FIELDS = (
    "title",
    "cause",
    "effect",
    "outcome",
    "programme",
    "owner_organisation",
    "likelihood",
    "impact",
    "target_likelihood",
    "target_impact",
    "mitigations",
    "review_on",
    "escalation_layer",
)


def _assign(obj: Any, fields: Mapping[str, Any], allowed: Iterable[str]) -> None:
    for name in allowed:
        if name in fields:
            setattr(obj, name, fields[name])


def _check_risk(risk: Risk) -> None:
    """A risk belongs to an outcome or a programme of its own partnership."""
    errors: dict[str, str] = {}
    if risk.outcome_id is None and risk.programme_id is None:
        errors["outcome"] = "Select the outcome or programme the risk is to"
    if risk.outcome is not None and risk.outcome.partnership_id != risk.partnership_id:
        errors["outcome"] = "Select an outcome of this partnership"
    if risk.programme is not None and risk.programme.partnership_id != risk.partnership_id:
        errors["programme"] = "Select a programme of this partnership"
    if risk.owner_organisation is not None and risk.owner_organisation.partnership_id != risk.partnership_id:
        errors["owner_organisation"] = "Select an organisation of this partnership"
    if errors:
        raise ValidationError(errors)


def _score_words(risk: Risk) -> str:
    value = risk.score
    return f"{value} ({risk_analysis.band(value)})"


def create_risk(*, partnership: Partnership, user: Any, fields: Mapping[str, Any]) -> Risk:
    with transaction.atomic():
        risk = Risk(partnership=partnership)
        _assign(risk, fields, RISK_FIELDS)
        _check_risk(risk)
        risk.full_clean()
        risk.save()
        audit.record(
            action="strategy.risk.created",
            actor=Actor.for_user(user),
            partnership_id=partnership.pk,
            target=risk,
            summary=f"Added the risk '{risk.title}', scored {_score_words(risk)}.",
            after=audit.snapshot(risk),
        )
    return risk


def update_risk(*, risk: Risk, user: Any, expected_version: int, fields: Mapping[str, Any]) -> Risk:
    """Change a risk's details. Raises EditConflict if someone else saved it first. Changing
    the scores here corrects them; a review (`review_risk`) is what records the change."""
    with transaction.atomic():
        before = audit.snapshot(risk)
        _assign(risk, fields, RISK_FIELDS)
        _check_risk(risk)
        risk.full_clean()
        save_versioned(
            risk, expected_version=expected_version, fields=[n for n in RISK_FIELDS if n in fields]
        )
        audit.record(
            action="strategy.risk.updated",
            actor=Actor.for_user(user),
            partnership_id=risk.partnership_id,
            target=risk,
            summary=f"Changed the risk '{risk.title}'.",
            before=before,
            after=audit.snapshot(risk),
        )
    return risk


def review_risk(
    *,
    risk: Risk,
    user: Any,
    expected_version: int,
    likelihood: int,
    impact: int,
    mitigations: str,
    next_review_on: dt.date | None,
    note: str = "",
) -> Risk:
    """Record a review: the score before it becomes `previous_score`, so the register can say
    how the risk moved since the last review."""
    with transaction.atomic():
        if risk.closed_on is not None:
            raise ValidationError("This risk is closed. A closed risk is not reviewed")
        before = audit.snapshot(risk)
        previous = risk.score
        risk.previous_score = previous
        risk.likelihood = likelihood
        risk.impact = impact
        risk.mitigations = mitigations
        risk.review_on = next_review_on
        risk.full_clean()
        save_versioned(
            risk,
            expected_version=expected_version,
            fields=["previous_score", "likelihood", "impact", "mitigations", "review_on"],
        )
        moved = risk_analysis.change(previous=previous, current=risk.score)
        summary = f"Reviewed the risk '{risk.title}': {moved.sentence.lower()}."
        if note:
            summary += f" {note}"
        audit.record(
            action="strategy.risk.reviewed",
            actor=Actor.for_user(user),
            partnership_id=risk.partnership_id,
            target=risk,
            summary=summary,
            before=before,
            after=audit.snapshot(risk),
        )
    return risk


def close_risk(*, risk: Risk, user: Any, closed_on: dt.date | None = None) -> Risk:
    with transaction.atomic():
        if risk.closed_on is not None:
            raise ValidationError("This risk is already closed")
        before = audit.snapshot(risk)
        risk.closed_on = closed_on or timezone.localdate()
        risk.full_clean()
        save_versioned(risk, expected_version=risk.version, fields=["closed_on"])
        audit.record(
            action="strategy.risk.closed",
            actor=Actor.for_user(user),
            partnership_id=risk.partnership_id,
            target=risk,
            summary=f"Closed the risk '{risk.title}'.",
            before=before,
            after=audit.snapshot(risk),
        )
    return risk


# --- contribution claims ----------------------------------------------------------------------

CLAIM_FIELDS = ("what_changed", "what_we_did", "counterfactual", "confidence", "recorded_on")


def _check_evidence(priority: Priority, evidence: Iterable[Evidence]) -> list[Evidence]:
    chosen = list(evidence)
    foreign = [
        e
        for e in chosen
        if e.priority_id != priority.pk and (e.outcome is None or e.outcome.priority_id != priority.pk)
    ]
    if foreign:
        raise ValidationError({"evidence": "Select evidence attached to this priority or its outcomes"})
    return chosen


def record_contribution(
    *, priority: Priority, user: Any, fields: Mapping[str, Any], evidence: Iterable[Evidence] = ()
) -> ContributionClaim:
    with transaction.atomic():
        claim = ContributionClaim(partnership_id=priority.partnership_id, priority=priority)
        _assign(claim, fields, CLAIM_FIELDS)
        chosen = _check_evidence(priority, evidence)
        claim.full_clean()
        claim.save()
        claim.evidence.set(chosen)
        audit.record(
            action="strategy.contribution.recorded",
            actor=Actor.for_user(user),
            partnership_id=priority.partnership_id,
            target=claim,
            summary=f"Recorded a contribution claim for {priority.title} "
            f"({claim.get_confidence_display().lower()} confidence).",
            after={**audit.snapshot(claim), "evidence": [e.title for e in chosen]},
        )
    return claim


def update_contribution(
    *,
    claim: ContributionClaim,
    user: Any,
    expected_version: int,
    fields: Mapping[str, Any],
    evidence: Iterable[Evidence] = (),
) -> ContributionClaim:
    with transaction.atomic():
        before = {**audit.snapshot(claim), "evidence": [e.title for e in claim.evidence.all()]}
        _assign(claim, fields, CLAIM_FIELDS)
        chosen = _check_evidence(claim.priority, evidence)
        claim.full_clean()
        save_versioned(
            claim, expected_version=expected_version, fields=[n for n in CLAIM_FIELDS if n in fields]
        )
        claim.evidence.set(chosen)
        audit.record(
            action="strategy.contribution.updated",
            actor=Actor.for_user(user),
            partnership_id=claim.partnership_id,
            target=claim,
            summary=f"Changed a contribution claim for {claim.priority.title}.",
            before=before,
            after={**audit.snapshot(claim), "evidence": [e.title for e in chosen]},
        )
    return claim
