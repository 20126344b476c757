"""Writes to commentary: what is happening and what is being done, per indicator and period,
with the partnership's actions it links to. One commentary per partnership, indicator and
period; edits are conflict-safe and audited."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from joinedup.core import audit
from joinedup.core.audit import Actor
from joinedup.core.conflicts import EditConflict, save_versioned
from joinedup.core.periods import Period
from joinedup.partnerships.models import Partnership
from joinedup.performance.models import Commentary, Indicator
from joinedup.strategy.models import Action

TEXT_FIELDS = ("happening", "doing")


def _snapshot(commentary: Commentary) -> dict[str, Any]:
    return {
        **audit.snapshot(commentary, TEXT_FIELDS),
        "actions": sorted(a.title for a in commentary.actions.all()),
    }


def _check(
    partnership: Partnership, indicator: Indicator, actions: list[Action], happening: str, doing: str
) -> None:
    if indicator.partnership_id not in (None, partnership.pk):
        raise ValidationError("Select an indicator this partnership can see")
    if any(a.partnership_id != partnership.pk for a in actions):
        raise ValidationError({"actions": "Select actions of this partnership's strategy"})
    if not happening.strip() and not doing.strip():
        raise ValidationError({"happening": "Enter what is happening or what is being done"})


def save_commentary(
    *,
    partnership: Partnership,
    indicator: Indicator,
    period: Period,
    user: Any,
    happening: str,
    doing: str,
    actions: Iterable[Action] | None = (),
    expected_version: int | None = None,
    actor: Actor | None = None,
) -> Commentary:
    """Write the commentary on an indicator for a period: a new one (`expected_version`
    None) or an edit of the one the editor read. Raises EditConflict if someone else saved
    it first, including someone who wrote the first commentary for the period meanwhile.

    The one writer of commentary: the commentary pages and data entry (an owner by signed link
    passes `actor=Actor.for_link(...)` and no user) both use it. `actions=None` keeps the
    linked actions as they are."""
    actor = actor or Actor.for_user(user)
    chosen = list(actions) if actions is not None else None
    _check(partnership, indicator, chosen or [], happening, doing)
    with transaction.atomic():
        existing = (
            partnership.commentaries.select_for_update()
            .filter(indicator=indicator, period=period.code)
            .first()
        )
        attempted = {"happening": happening, "doing": doing, "actions": chosen}
        if existing is None and expected_version is not None:
            raise ValidationError("This commentary no longer exists")
        if existing is not None and expected_version is None:
            raise EditConflict(current=existing, attempted=attempted)
        now = timezone.now()
        if existing is None:
            commentary = Commentary(partnership=partnership, indicator=indicator)
            commentary.period = period  # type: ignore[assignment]  # PeriodField takes a Period
            before = None
        else:
            commentary = existing
            before = _snapshot(commentary)
        commentary.happening = happening.strip()
        commentary.doing = doing.strip()
        commentary.written_by = user
        commentary.written_by_label = actor.label
        commentary.written_at = now
        commentary.full_clean(validate_unique=False)
        if existing is None:
            commentary.save()
        else:
            assert expected_version is not None
            save_versioned(
                commentary,
                expected_version=expected_version,
                fields=[*TEXT_FIELDS, "written_by", "written_by_label", "written_at"],
            )
        if chosen is not None:
            commentary.actions.set(chosen)
        audit.record(
            action=f"performance.commentary.{'created' if before is None else 'updated'}",
            actor=actor,
            partnership_id=partnership.pk,
            target=commentary,
            summary=(
                f"{'Wrote' if before is None else 'Changed'} the commentary on {indicator.code} "
                f"for {period.label}."
            ),
            before=before,
            after=_snapshot(commentary),
        )
    return commentary
