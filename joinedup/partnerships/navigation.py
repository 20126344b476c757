"""The partnership menu. Each room adds its entry from AppConfig.ready()."""

from __future__ import annotations

from dataclasses import dataclass

from django.urls import reverse


@dataclass(frozen=True)
class NavEntry:
    key: str
    label: str
    url_name: str
    order: int
    perm: str = "partnerships.view"


_entries: dict[str, NavEntry] = {}


def register(key: str, *, label: str, url_name: str, order: int, perm: str = "partnerships.view") -> None:
    _entries[key] = NavEntry(key, label, url_name, order, perm)


def items_for(request, access) -> list[dict]:
    path = request.path
    result = []
    for entry in sorted(_entries.values(), key=lambda e: e.order):
        if not access.can(entry.perm):
            continue
        url = reverse(entry.url_name, kwargs={"slug": access.partnership.slug})
        home = url.rstrip("/").count("/") <= 2
        active = path == url if home else path.startswith(url)
        result.append({"label": entry.label, "url": url, "active": active})
    return result
