"""Writes for a partnership's comparator groups: the areas it compares itself with
(nearest neighbours, region, England, custom), each member with its rank, a benchmark area
and a source. Shared groups (no partnership) are the operators' and are never changed here.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from joinedup.core import audit
from joinedup.core.audit import Actor
from joinedup.core.conflicts import save_versioned
from joinedup.partnerships.models import Area, Partnership
from joinedup.performance.models import ComparatorGroup, ComparatorKind, ComparatorMember

GROUP_FIELDS = ("name", "kind", "description", "source", "benchmark_area", "subject_area")

# (area, rank): rank None when the order means nothing (a region, a custom list).
Member = tuple[Area, int | None]


def ranked(areas: Sequence[Area], kind: str) -> list[Member]:
    """Members from a list of areas: for nearest neighbours the order is the rank."""
    if kind == ComparatorKind.NEAREST_NEIGHBOURS:
        return [(area, rank) for rank, area in enumerate(areas, start=1)]
    return [(area, None) for area in areas]


def _assign(group: ComparatorGroup, fields: Mapping[str, Any]) -> list[str]:
    names = [name for name in GROUP_FIELDS if name in fields]
    for name in names:
        setattr(group, name, fields[name])
    return names


def _check_name(partnership: Partnership, group: ComparatorGroup) -> None:
    group.name = group.name.strip()
    clash = partnership.comparator_groups.filter(name__iexact=group.name).exclude(pk=group.pk)
    if clash.exists():
        raise ValidationError(
            {"name": f"This partnership already has a comparator group called {group.name}"}
        )


def _require_own(partnership: Partnership, group: ComparatorGroup) -> None:
    if group.partnership_id is None or group.partnership_id != partnership.pk:
        raise PermissionDenied("Only the partnership that owns a comparator group may change it")


def _set_members(group: ComparatorGroup, members: Iterable[Member]) -> None:
    members = list(members)
    if not members:
        raise ValidationError({"member_codes": "Enter at least one member area code"})
    codes = [area.code for area, _ in members]
    if len(set(codes)) != len(codes):
        raise ValidationError({"member_codes": "Each area may be in the group only once"})
    group.memberships.all().delete()
    ComparatorMember.objects.bulk_create(
        [ComparatorMember(group=group, area=area, rank=rank) for area, rank in members]
    )


def _snapshot(group: ComparatorGroup) -> dict[str, Any]:
    return {
        **audit.snapshot(group, GROUP_FIELDS),
        "members": [
            f"{m.area.code}" + (f" (rank {m.rank})" if m.rank else "")
            for m in group.memberships.select_related("area").order_by("rank", "area__name")
        ],
    }


def create_group(
    *, partnership: Partnership, user: Any, fields: Mapping[str, Any], members: Iterable[Member]
) -> ComparatorGroup:
    with transaction.atomic():
        group = ComparatorGroup(partnership=partnership)
        _assign(group, fields)
        _check_name(partnership, group)
        group.full_clean()
        group.save()
        _set_members(group, members)
        audit.record(
            action="performance.comparator_group.created",
            actor=Actor.for_user(user),
            partnership_id=partnership.pk,
            target=group,
            summary=f"Added the comparator group {group.name}.",
            after=_snapshot(group),
        )
    return group


def update_group(
    *,
    partnership: Partnership,
    group: ComparatorGroup,
    user: Any,
    expected_version: int,
    fields: Mapping[str, Any],
    members: Iterable[Member] | None = None,
) -> ComparatorGroup:
    """Change a group and its members. Raises EditConflict if someone else saved it first."""
    _require_own(partnership, group)
    with transaction.atomic():
        before = _snapshot(group)
        names = _assign(group, fields)
        _check_name(partnership, group)
        group.full_clean()
        save_versioned(group, expected_version=expected_version, fields=names)
        if members is not None:
            _set_members(group, members)
        after = _snapshot(group)
        audit.record(
            action="performance.comparator_group.updated",
            actor=Actor.for_user(user),
            partnership_id=partnership.pk,
            target=group,
            summary=f"Changed the comparator group {group.name}.",
            before=before,
            after=after,
        )
    return group


def delete_group(*, partnership: Partnership, group: ComparatorGroup, user: Any) -> None:
    _require_own(partnership, group)
    with transaction.atomic():
        audit.record(
            action="performance.comparator_group.deleted",
            actor=Actor.for_user(user),
            partnership_id=partnership.pk,
            target=group,
            summary=f"Deleted the comparator group {group.name}.",
            before=_snapshot(group),
        )
        group.delete()
