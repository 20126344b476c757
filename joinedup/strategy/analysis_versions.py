"""Comparing two adopted versions of a strategy: pure functions over their JSON snapshots.

A snapshot (built by `services.strategy.snapshot_strategy`) looks like

    {"title": "...", "vision": "...", "period": "2008–2028",
     "themes": [{"key": 3, "title": "Low Carbon", "board_role": "drive",
                 "outcomes": [{"key": 9, "title": "...", "in_agreement": true,
                               "objectives": [{"key": 21, "title": "..."}]}]}]}

Items are matched by `key` (the record's id when adopted), so a theme whose title changed
is reported as renamed, not as one removed and one added. An outcome moved to another
theme is reported where it now sits, as moved.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

LEVELS = ("theme", "outcome", "objective")


@dataclass(frozen=True)
class ItemChange:
    level: str  # theme, outcome or objective
    kind: str  # added, removed, renamed or moved
    key: Any
    before: str  # title in the older version ("" when added)
    after: str  # title in the newer version ("" when removed)
    parent_before: str = ""
    parent_after: str = ""

    @property
    def sentence(self) -> str:
        if self.kind == "added":
            where = f" under “{self.parent_after}”" if self.parent_after else ""
            return f"Added the {self.level} “{self.after}”{where}"
        if self.kind == "removed":
            where = f" from “{self.parent_before}”" if self.parent_before else ""
            return f"Removed the {self.level} “{self.before}”{where}"
        if self.kind == "moved":
            return (
                f"Moved the {self.level} “{self.after}” from “{self.parent_before}” to “{self.parent_after}”"
            )
        return f"Renamed the {self.level} “{self.before}” to “{self.after}”"


@dataclass(frozen=True)
class VersionDiff:
    title_before: str
    title_after: str
    vision_before: str
    vision_after: str
    period_before: str
    period_after: str
    changes: list[ItemChange] = field(default_factory=list)

    @property
    def title_changed(self) -> bool:
        return self.title_before != self.title_after

    @property
    def vision_changed(self) -> bool:
        return self.vision_before.strip() != self.vision_after.strip()

    @property
    def period_changed(self) -> bool:
        return self.period_before != self.period_after

    @property
    def is_empty(self) -> bool:
        return not (self.title_changed or self.vision_changed or self.period_changed or self.changes)

    def of(self, level: str, kind: str) -> list[ItemChange]:
        return [c for c in self.changes if c.level == level and c.kind == kind]


def _flatten(snapshot: Mapping[str, Any]) -> dict[str, dict[Any, tuple[str, str]]]:
    """level -> key -> (title, parent title)."""
    flat: dict[str, dict[Any, tuple[str, str]]] = {level: {} for level in LEVELS}
    for theme in snapshot.get("themes", []) or []:
        flat["theme"][theme["key"]] = (theme["title"], "")
        for outcome in theme.get("outcomes", []) or []:
            flat["outcome"][outcome["key"]] = (outcome["title"], theme["title"])
            for objective in outcome.get("objectives", []) or []:
                flat["objective"][objective["key"]] = (objective["title"], outcome["title"])
    return flat


def _parent_keys(snapshot: Mapping[str, Any]) -> dict[str, dict[Any, Any]]:
    parents: dict[str, dict[Any, Any]] = {"theme": {}, "outcome": {}, "objective": {}}
    for theme in snapshot.get("themes", []) or []:
        parents["theme"][theme["key"]] = None
        for outcome in theme.get("outcomes", []) or []:
            parents["outcome"][outcome["key"]] = theme["key"]
            for objective in outcome.get("objectives", []) or []:
                parents["objective"][objective["key"]] = outcome["key"]
    return parents


def _ordered_keys(keys: Sequence[Any]) -> list[Any]:
    return sorted(keys, key=lambda k: (str(type(k)), k))


def compare_versions(older: Mapping[str, Any], newer: Mapping[str, Any]) -> VersionDiff:
    """What changed from `older` to `newer`: vision, title, period, and each theme,
    outcome and objective added, removed, renamed or moved (in that order per level)."""
    before, after = _flatten(older), _flatten(newer)
    parents_before, parents_after = _parent_keys(older), _parent_keys(newer)
    changes: list[ItemChange] = []
    for level in LEVELS:
        old, new = before[level], after[level]
        for key in _ordered_keys([k for k in new if k not in old]):
            changes.append(ItemChange(level, "added", key, "", new[key][0], parent_after=new[key][1]))
        for key in _ordered_keys([k for k in old if k not in new]):
            changes.append(ItemChange(level, "removed", key, old[key][0], "", parent_before=old[key][1]))
        for key in _ordered_keys([k for k in new if k in old]):
            (title_old, parent_old), (title_new, parent_new) = old[key], new[key]
            if title_old != title_new:
                changes.append(
                    ItemChange(level, "renamed", key, title_old, title_new, parent_old, parent_new)
                )
            if parents_before[level][key] != parents_after[level][key]:
                changes.append(ItemChange(level, "moved", key, title_old, title_new, parent_old, parent_new))
    return VersionDiff(
        title_before=str(older.get("title", "")),
        title_after=str(newer.get("title", "")),
        vision_before=str(older.get("vision", "")),
        vision_after=str(newer.get("vision", "")),
        period_before=str(older.get("period", "")),
        period_after=str(newer.get("period", "")),
        changes=changes,
    )
