"""Panels the library part puts on other rooms' pages (registered in PerformanceConfig)."""

from __future__ import annotations

from typing import Any

from joinedup.performance import selectors


def coverage_panel_context(
    *, request: Any = None, partnership: Any, strategy: Any = None, **_: Any
) -> dict | None:
    """The strategy page's "outcomes with an indicator" table, per theme."""
    if strategy is None:
        return None
    rows = selectors.indicator_coverage(partnership, strategy)
    if not rows:
        return None
    return {"coverage_rows": rows}
