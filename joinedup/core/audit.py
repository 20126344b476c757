"""The audit writer. Services call `record(...)` explicitly after each change.

Action names are dotted and start with the room: `partnerships.body.created`.
An import writes one entry per run, never one per row.
"""

from __future__ import annotations

import datetime as dt
import decimal
import uuid
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import models

from joinedup.core.models import AuditEntry


@dataclass(frozen=True)
class Actor:
    """Who made a change: a signed-in user, a person using a signed link, or a system task."""

    kind: str
    label: str
    user: Any = None

    @classmethod
    def for_user(cls, user) -> Actor:
        return cls(kind=AuditEntry.ActorKind.USER, label=user.get_full_name() or user.email, user=user)

    @classmethod
    def for_link(cls, label: str) -> Actor:
        return cls(kind=AuditEntry.ActorKind.SIGNED_LINK, label=label)

    @classmethod
    def system(cls, label: str = "System") -> Actor:
        return cls(kind=AuditEntry.ActorKind.SYSTEM, label=label)


def _plain(value: Any) -> Any:
    """Turn model field values into JSON-safe values for before/after snapshots."""
    if isinstance(value, dt.datetime | dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, decimal.Decimal):
        return str(value)
    if isinstance(value, uuid.UUID):
        return str(value)
    if isinstance(value, models.Model):
        return str(value)
    if isinstance(value, Mapping):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set):
        return [_plain(v) for v in value]
    if isinstance(value, models.fields.files.FieldFile):
        return value.name or None
    return value


def snapshot(instance: models.Model, fields: Iterable[str] | None = None) -> dict[str, Any]:
    """The concrete field values of an instance, for the `before`/`after` of an entry."""
    names = (
        list(fields)
        if fields is not None
        else [f.name for f in instance._meta.concrete_fields if f.name not in {"id", "version"}]
    )
    result: dict[str, Any] = {}
    for name in names:
        field = instance._meta.get_field(name)
        if isinstance(field, models.ForeignKey) or not isinstance(field, models.Field):
            result[name] = _plain(getattr(instance, name))
        else:
            result[name] = _plain(getattr(instance, field.attname))
    return result


def record(
    *,
    action: str,
    actor: Actor,
    partnership_id: int | None,
    target: models.Model | None = None,
    summary: str = "",
    before: Mapping[str, Any] | None = None,
    after: Mapping[str, Any] | None = None,
) -> AuditEntry:
    """Write one audit entry. Call it inside the service's transaction."""
    if action.count(".") < 2:
        raise ValueError(f"Audit action names are dotted room.thing.verb, not {action!r}")
    changed_before, changed_after = before, after
    if before is not None and after is not None:
        # Keep only what changed, so histories read as "changed X from A to B".
        keys = [k for k in after if before.get(k) != after.get(k)]
        changed_before = {k: _plain(before.get(k)) for k in keys}
        changed_after = {k: _plain(after.get(k)) for k in keys}
    return AuditEntry.objects.create(
        action=action,
        partnership_id=partnership_id,
        actor_kind=actor.kind,
        actor_user=actor.user,
        actor_label=actor.label[:200],
        target_type=ContentType.objects.get_for_model(target) if target is not None else None,
        target_id=str(target.pk) if target is not None else "",
        target_label=str(target)[:300] if target is not None else "",
        summary=summary,
        before=_plain(changed_before) if changed_before is not None else None,
        after=_plain(changed_after) if changed_after is not None else None,
    )


def partnership_entries(partnership_id: int) -> models.QuerySet[AuditEntry]:
    """Every entry within one tenant, for a room's selector to narrow (by action, actor...)."""
    return AuditEntry.objects.filter(partnership_id=partnership_id)


def history_for(target: models.Model, *, partnership_id: int | None):
    """Entries about one object, newest first, always within the tenant."""
    return AuditEntry.objects.filter(
        partnership_id=partnership_id,
        target_type=ContentType.objects.get_for_model(target),
        target_id=str(target.pk),
    ).select_related("actor_user")


def history_for_all(targets: Iterable[models.Model], *, partnership_id: int | None):
    """Entries about any of several objects (a body, its seats and its memberships), newest
    first, always within the tenant, in one query."""
    by_type: dict[int, list[str]] = {}
    for target in targets:
        content_type = ContentType.objects.get_for_model(target)
        by_type.setdefault(content_type.pk, []).append(str(target.pk))
    condition = models.Q(pk__in=[])
    for type_id, ids in by_type.items():
        condition |= models.Q(target_type_id=type_id, target_id__in=ids)
    return AuditEntry.objects.filter(condition, partnership_id=partnership_id).select_related("actor_user")
