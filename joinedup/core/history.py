"""Audit entries presented as readable history: a sentence, who, when, and what changed."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Change:
    label: str
    before: str
    after: str


@dataclass(frozen=True)
class HistoryRow:
    at: dt.datetime
    actor: str
    actor_kind: str
    summary: str
    changes: list[Change]


def field_label(key: str) -> str:
    return key.replace("_", " ").capitalize()


def shown(value: Any) -> str:
    """A stored before/after value in words."""
    if value in (None, "", []):
        return "(blank)"
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    if value is True:
        return "Yes"
    if value is False:
        return "No"
    return str(value)


def history_rows(
    entries: Iterable[Any], *, show_value: Callable[[str, Any], str] | None = None
) -> list[HistoryRow]:
    """Audit entries as sentences with what changed, from what to what.

    `show_value(field, value)` lets a room put its own words on stored codes (for
    example the labels of choices); it falls back to `shown`.
    """

    def show(key: str, value: Any) -> str:
        return show_value(key, value) if show_value is not None else shown(value)

    rows = []
    for entry in entries:
        changes: list[Change] = []
        if entry.before is not None and entry.after is not None:
            changes = [
                Change(field_label(k), show(k, entry.before.get(k)), show(k, entry.after.get(k)))
                for k in entry.after
                if k != "version"
            ]
        summary = entry.summary or entry.action
        rows.append(HistoryRow(entry.at, entry.actor_label, entry.actor_kind, summary, changes))
    return rows
