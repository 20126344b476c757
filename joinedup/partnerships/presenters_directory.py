"""What the directory pages show: labels, groups, links and readable histories."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.urls import NoReverseMatch, reverse

from joinedup.core.history import HistoryRow, history_rows, shown
from joinedup.partnerships import sharing
from joinedup.partnerships.checklist import ChecklistItem, checklist_complete, setup_checklist
from joinedup.partnerships.models import Organisation, Partnership, Sector
from joinedup.partnerships.statutory import expected_seats, labels_for

# Where each set-up step is done. Bodies, seats and members live on the structure
# pages, users on the team pages (other parts of this room).
CHECKLIST_LINKS = {
    "organisations": "partnerships:organisation_add",
    "bodies": "partnerships:structure",
    "seats": "partnerships:structure",
    "members": "partnerships:structure",
    "users": "partnerships:team",
}


def _url(name: str, slug: str) -> str | None:
    try:
        return reverse(name, kwargs={"slug": slug})
    except NoReverseMatch:
        return None


@dataclass(frozen=True)
class ChecklistRow:
    label: str
    done: bool
    url: str | None


def checklist_rows(partnership: Partnership, counts: dict[str, int]) -> list[ChecklistRow] | None:
    """The set-up checklist for the home page, or None once every step is done."""
    items: list[ChecklistItem] = setup_checklist(counts)
    if checklist_complete(items):
        return None
    return [
        ChecklistRow(item.label, item.done, _url(CHECKLIST_LINKS[item.key], partnership.slug))
        for item in items
    ]


@dataclass(frozen=True)
class LinkedPartnership:
    name: str
    type_label: str
    url: str | None  # only if the user has a role there


def partnership_summary(partnership: Partnership, *, visible_ids: set[int]) -> dict[str, Any]:
    """Type, tier, areas, parent and children, linking only to partnerships the user belongs to."""

    def linked(p: Partnership) -> LinkedPartnership:
        url = reverse("partnerships:home", kwargs={"slug": p.slug}) if p.pk in visible_ids else None
        return LinkedPartnership(p.name, p.get_partnership_type_display(), url)

    parent = partnership.parent
    return {
        "type": partnership.get_partnership_type_display(),
        "labels": labels_for(partnership.partnership_type),
        "expected_seats": expected_seats(partnership.partnership_type),
        "tier": partnership.get_tier_display(),
        "areas": list(partnership.areas.all()),
        "parent": linked(parent) if parent else None,
        "children": [linked(c) for c in partnership.children.order_by("name")],
        "shares": [sharing.label_for(k) for k in partnership.shares_with_parent or []],
    }


@dataclass(frozen=True)
class SectorGroup:
    key: str
    label: str
    organisations: list[Organisation]


def organisation_groups(organisations: Iterable[Organisation]) -> list[SectorGroup]:
    """Organisations grouped by sector, in the order sectors are listed everywhere."""
    by_sector: dict[str, list[Organisation]] = {}
    for organisation in organisations:
        by_sector.setdefault(organisation.sector, []).append(organisation)
    return [SectorGroup(key, label, by_sector[key]) for key, label in Sector.choices if key in by_sector]


def sharing_labels(keys: Iterable[str]) -> list[str]:
    return [sharing.label_for(k) for k in keys]


# ---------------------------------------------------------------------------
# History
# ---------------------------------------------------------------------------


def show_value(key: str, value: Any) -> str:
    """Stored values in the directory's words (sharing choices by their labels)."""
    if key == "shares_with_parent" and isinstance(value, list):
        return ", ".join(sharing.label_for(str(v)) for v in value) or "(blank)"
    return shown(value)


def directory_history(entries: Iterable[Any]) -> list[HistoryRow]:
    return history_rows(entries, show_value=show_value)
