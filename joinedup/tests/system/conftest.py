"""Fixtures for the browser journeys in this directory (see harness.py)."""

from joinedup.tests.system.harness import browser, page

__all__ = ["browser", "page"]
