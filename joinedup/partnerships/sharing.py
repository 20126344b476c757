"""What a child partnership may choose to share with its parent.

Nothing crosses by default (docs/adr/0010-parent-and-child-partnerships.md). A child's
admin ticks the kinds of information to share; each kind is registered here. This room
registers the structure summary; later rooms register theirs from AppConfig.ready():

    sharing.register("performance.indicators", label="Published and shared indicators",
                     hint="...", order=20)

and show what is shared on the parent's children page through the
"partnerships.children.child" panel slot, asking `shared_with_parent(child, key)`.
"""

from __future__ import annotations

from dataclasses import dataclass

STRUCTURE_SUMMARY = "structure"


@dataclass(frozen=True)
class Shareable:
    key: str
    label: str
    hint: str
    order: int


_shareables: dict[str, Shareable] = {}


def register(key: str, *, label: str, hint: str = "", order: int = 50) -> None:
    _shareables[key] = Shareable(key, label, hint, order)


def shareables() -> list[Shareable]:
    return sorted(_shareables.values(), key=lambda s: (s.order, s.key))


def is_known(key: str) -> bool:
    return key in _shareables


def label_for(key: str) -> str:
    found = _shareables.get(key)
    return found.label if found else key


register(
    STRUCTURE_SUMMARY,
    label="Structure summary",
    hint=("The names and layers of your bodies and who chairs each, with their organisation and sector."),
    order=10,
)
