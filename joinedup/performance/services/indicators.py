"""Writes for indicators: a partnership's local indicators and its use of any indicator
(`PartnershipIndicator`: outcomes served, owner, areas reported on, due days).

Shared definitions are never changed here: they are the operators' (the operators' admin
and the management command). Every function checks the rule itself
(`joinedup.performance.rules` decides it for views; here the records must belong to the
partnership), writes in one transaction and records one audit entry.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from joinedup.core import audit
from joinedup.core.audit import Actor
from joinedup.core.conflicts import save_versioned
from joinedup.partnerships.models import Area, Partnership
from joinedup.performance.models import Indicator, PartnershipIndicator

INDICATOR_FIELDS = (
    "code",
    "title",
    "definition",
    "rationale",
    "numerator_label",
    "denominator_label",
    "unit",
    "decimal_places",
    "polarity",
    "value_type",
    "frequency",
    "source",
    "source_url",
    "data_quality",
    "geography_type",
)
LINK_FIELDS = ("owner_person", "owner_organisation", "due_days_after_period")


def _assign(instance: Any, fields: Mapping[str, Any], allowed: Iterable[str]) -> list[str]:
    names = [name for name in allowed if name in fields]
    for name in names:
        setattr(instance, name, fields[name])
    return names


def _changed(before: Mapping[str, Any], after: Mapping[str, Any]) -> str:
    labels = [key.replace("_", " ") for key in after if before.get(key) != after.get(key)]
    if not labels:
        return ""
    return labels[0] if len(labels) == 1 else ", ".join(labels[:-1]) + " and " + labels[-1]


def _check_code(partnership: Partnership, indicator: Indicator) -> None:
    indicator.code = indicator.code.strip()
    clash = partnership.local_indicators.filter(code__iexact=indicator.code).exclude(pk=indicator.pk)
    if clash.exists():
        raise ValidationError(
            {"code": f"This partnership already has an indicator with the code {indicator.code}"}
        )


def _require_local(partnership: Partnership, indicator: Indicator) -> None:
    # Another partnership sees a shared definition: no partnership may change it.
    if indicator.partnership_id is None or indicator.partnership_id != partnership.pk:
        raise PermissionDenied("Only the partnership that owns a local indicator may change it")


# --- local indicators ---------------------------------------------------------------------------


def create_local_indicator(*, partnership: Partnership, user: Any, fields: Mapping[str, Any]) -> Indicator:
    """Add a local indicator; the partnership uses it from the start (its link is made)."""
    with transaction.atomic():
        indicator = Indicator(partnership=partnership, created_by=user if getattr(user, "pk", None) else None)
        _assign(indicator, fields, INDICATOR_FIELDS)
        indicator.is_fictional = bool(partnership.is_fictional)
        _check_code(partnership, indicator)
        indicator.full_clean()
        indicator.save()
        link = PartnershipIndicator(partnership=partnership, indicator=indicator)
        link.full_clean()
        link.save()
        audit.record(
            action="performance.indicator.created",
            actor=Actor.for_user(user),
            partnership_id=partnership.pk,
            target=indicator,
            summary=f"Added the local indicator {indicator}.",
            after=audit.snapshot(indicator, INDICATOR_FIELDS),
        )
    return indicator


def update_local_indicator(
    *,
    partnership: Partnership,
    indicator: Indicator,
    user: Any,
    expected_version: int,
    fields: Mapping[str, Any],
) -> Indicator:
    """Change a local indicator's definition. Shared definitions are refused
    (PermissionDenied); raises EditConflict if someone else saved it first."""
    _require_local(partnership, indicator)
    with transaction.atomic():
        before = audit.snapshot(indicator, INDICATOR_FIELDS)
        names = _assign(indicator, fields, INDICATOR_FIELDS)
        _check_code(partnership, indicator)
        indicator.full_clean()
        save_versioned(indicator, expected_version=expected_version, fields=names)
        after = audit.snapshot(indicator, INDICATOR_FIELDS)
        changed = _changed(before, after)
        audit.record(
            action="performance.indicator.updated",
            actor=Actor.for_user(user),
            partnership_id=partnership.pk,
            target=indicator,
            summary=f"Changed the {changed} of {indicator}." if changed else f"Saved {indicator} unchanged.",
            before=before,
            after=after,
        )
    return indicator


# --- a partnership's use of an indicator --------------------------------------------------------


def _check_link_records(
    partnership: Partnership, *, outcomes: list[Any], areas: list[Area], link: PartnershipIndicator
) -> None:
    errors: dict[str, str] = {}
    if any(o.partnership_id != partnership.pk for o in outcomes):
        errors["outcomes"] = "Choose outcomes from this partnership's strategy"
    if link.owner_person is not None and link.owner_person.partnership_id != partnership.pk:
        errors["owner_person"] = "Choose a person from this partnership"
    if link.owner_organisation is not None and link.owner_organisation.partnership_id != partnership.pk:
        errors["owner_organisation"] = "Choose an organisation from this partnership"
    if errors:
        raise ValidationError(errors)


def _link_snapshot(link: PartnershipIndicator) -> dict[str, Any]:
    return {
        **audit.snapshot(link, LINK_FIELDS),
        "outcomes": sorted(str(o) for o in link.outcomes.all()),
        "areas": sorted(str(a) for a in link.areas.all()),
    }


def use_indicator(
    *,
    partnership: Partnership,
    indicator: Indicator,
    user: Any,
    fields: Mapping[str, Any] | None = None,
    outcomes: Iterable[Any] = (),
    areas: Iterable[Area] = (),
) -> PartnershipIndicator:
    """Start using a shared indicator (or one of the partnership's own again)."""
    if indicator.partnership_id is not None and indicator.partnership_id != partnership.pk:
        raise PermissionDenied("Another partnership's local indicator cannot be used")
    with transaction.atomic():
        if partnership.indicator_links.filter(indicator=indicator).exists():
            raise ValidationError("This partnership already uses this indicator")
        link = PartnershipIndicator(partnership=partnership, indicator=indicator)
        _assign(link, fields or {}, LINK_FIELDS)
        outcomes, areas = list(outcomes), list(areas)
        _check_link_records(partnership, outcomes=outcomes, areas=areas, link=link)
        link.full_clean()
        link.save()
        link.outcomes.set(outcomes)
        link.areas.set(areas)
        audit.record(
            action="performance.indicator_link.created",
            actor=Actor.for_user(user),
            partnership_id=partnership.pk,
            target=link,
            summary=f"Started using the indicator {indicator}.",
            after=_link_snapshot(link),
        )
    return link


def update_link(
    *,
    partnership: Partnership,
    link: PartnershipIndicator,
    user: Any,
    expected_version: int,
    fields: Mapping[str, Any],
    outcomes: Iterable[Any] | None = None,
    areas: Iterable[Area] | None = None,
) -> PartnershipIndicator:
    """Change the outcomes an indicator serves, its owner, areas and due days.
    Raises EditConflict if someone else saved it first."""
    if link.partnership_id != partnership.pk:
        raise PermissionDenied("Only the partnership's own use of an indicator may be changed")
    with transaction.atomic():
        before = _link_snapshot(link)
        names = _assign(link, fields, LINK_FIELDS)
        outcome_list = list(outcomes) if outcomes is not None else list(link.outcomes.all())
        area_list = list(areas) if areas is not None else list(link.areas.all())
        _check_link_records(partnership, outcomes=outcome_list, areas=area_list, link=link)
        link.full_clean()
        save_versioned(link, expected_version=expected_version, fields=names)
        link.outcomes.set(outcome_list)
        link.areas.set(area_list)
        after = _link_snapshot(link)
        changed = _changed(before, after)
        audit.record(
            action="performance.indicator_link.updated",
            actor=Actor.for_user(user),
            partnership_id=partnership.pk,
            target=link,
            summary=f"Changed the {changed} of the use of {link.indicator}."
            if changed
            else f"Saved the use of {link.indicator} unchanged.",
            before=before,
            after=after,
        )
    return link


def stop_using(*, partnership: Partnership, link: PartnershipIndicator, user: Any) -> None:
    """Stop using an indicator: its links to outcomes, owner and areas go (audited). The
    indicator, its values, targets and commentary stay; a local indicator stays in the library."""
    if link.partnership_id != partnership.pk:
        raise PermissionDenied("Only the partnership's own use of an indicator may be stopped")
    with transaction.atomic():
        before = _link_snapshot(link)
        indicator = link.indicator
        audit.record(
            action="performance.indicator_link.deleted",
            actor=Actor.for_user(user),
            partnership_id=partnership.pk,
            target=link,
            summary=f"Stopped using the indicator {indicator}.",
            before=before,
        )
        link.delete()
