"""The accessibility helper itself: it must find violations, or a clean result means nothing."""

import pytest
from playwright.sync_api import Page

from joinedup.tests.system.axe import assert_no_axe_violations, axe_violations

pytestmark = pytest.mark.browser


def test_axe_reports_an_image_without_alternative_text_and_a_field_without_a_label(page: Page):
    page.set_content(
        '<!DOCTYPE html><html lang="en"><head><title>Bad</title></head>'
        '<body><main><h1>Bad</h1><img src="data:,"><input type="text"></main></body></html>'
    )
    ids = {violation["id"] for violation in axe_violations(page)}
    assert {"image-alt", "label"} <= ids
    with pytest.raises(AssertionError, match=r"image-alt \(critical\)"):
        assert_no_axe_violations(page)
