"""Accessibility checks with axe-core, injected from the built assets (`npm run build`)."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Page

AXE_JS = Path(__file__).resolve().parents[2] / "static" / "dist" / "axe.min.js"
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]


def axe_violations(page: Page) -> list[dict]:
    if not AXE_JS.exists():
        pytest.fail(f"{AXE_JS} is missing: run npm run build (make setup does)")
    # A check straight after a click may land while the next page is still loading (no
    # document yet): check the page the click led to, once it has loaded.
    page.wait_for_load_state("load")
    page.add_script_tag(path=str(AXE_JS))
    result = page.evaluate(
        "async (tags) => await axe.run(document, {runOnly: {type: 'tag', values: tags}})", WCAG_TAGS
    )
    return result["violations"]


def describe(violations: list[dict]) -> str:
    lines = []
    for violation in violations:
        lines.append(
            f"- {violation['id']} ({violation['impact']}): {violation['help']} <{violation['helpUrl']}>"
        )
        for node in violation["nodes"][:5]:
            lines.append(
                f"    at {' '.join(node['target'])}: {node['failureSummary'].splitlines()[-1].strip()}"
            )
            lines.append(f"      {node['html'][:160]}")
    return "\n".join(lines)


def assert_no_axe_violations(page: Page) -> None:
    """Zero violations of WCAG 2.2 AA (and the 2.0/2.1 A and AA rules) on the current page."""
    violations = axe_violations(page)
    assert not violations, f"Accessibility violations on {page.url}:\n{describe(violations)}"
