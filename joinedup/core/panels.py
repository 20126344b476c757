"""The panel registry: a higher room adds a section to a lower room's page.

A lower room renders `{% panels "partnerships.home" partnership=partnership %}`; a
higher room registers in its AppConfig.ready():

    panels.register("partnerships.home", key="strategy.summary",
                    template="strategy/panels/home_summary.html",
                    context=strategy_summary_context, order=20)

so the lower room never imports the higher one.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

ContextFn = Callable[..., dict[str, Any] | None]


@dataclass(frozen=True)
class Panel:
    slot: str
    key: str
    template: str
    context: ContextFn
    order: int = 50


@dataclass
class PanelRegistry:
    _panels: dict[str, dict[str, Panel]] = field(default_factory=dict)

    def register(self, slot: str, *, key: str, template: str, context: ContextFn, order: int = 50) -> None:
        # Registering the same key again replaces it, so autoreload stays idempotent.
        self._panels.setdefault(slot, {})[key] = Panel(slot, key, template, context, order)

    def unregister(self, slot: str, key: str) -> None:
        self._panels.get(slot, {}).pop(key, None)

    def for_slot(self, slot: str) -> list[Panel]:
        return sorted(self._panels.get(slot, {}).values(), key=lambda p: (p.order, p.key))

    def render_data(self, slot: str, **kwargs: Any) -> list[tuple[Panel, dict[str, Any]]]:
        """Each panel of a slot with its context; a panel whose context is None is hidden."""
        rendered = []
        for panel in self.for_slot(slot):
            ctx = panel.context(**kwargs)
            if ctx is not None:
                rendered.append((panel, ctx))
        return rendered


registry = PanelRegistry()
register = registry.register
