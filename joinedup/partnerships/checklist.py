"""The set-up checklist on a new partnership's home page, as a pure calculation.

`setup_checklist` takes plain counts (see `selectors.setup_counts`) so it can be
tested without a database; the presenter adds the links.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass


@dataclass(frozen=True)
class ChecklistItem:
    key: str
    label: str
    done: bool


# In the order a partnership is usually set up: partners first, because bodies'
# seats belong to organisations, and members sit in seats.
_STEPS = (
    ("organisations", "Add partner organisations"),
    ("bodies", "Add bodies"),
    ("seats", "Add seats to your bodies"),
    ("members", "Add members to the seats"),
    ("users", "Invite users"),
)


def setup_checklist(counts: Mapping[str, int]) -> list[ChecklistItem]:
    """Each set-up step and whether it is done (at least one of its things exists)."""
    return [ChecklistItem(key, label, counts.get(key, 0) > 0) for key, label in _STEPS]


def checklist_complete(items: list[ChecklistItem]) -> bool:
    return all(item.done for item in items)
