"""The one rule for a partnership's headline area (selectors.headline_area_id), used by the
indicator page's analysis and by the dashboard."""

from joinedup.performance.selectors import headline_area_id


def test_the_headline_area_is_the_first_candidate_with_values():
    assert headline_area_id([3, 1, 2], {1: ["value"], 2: ["value"]}) == 1


def test_without_values_the_headline_area_is_the_first_candidate():
    assert headline_area_id([3, 1, 2], {}) == 3
    assert headline_area_id([3, 1, 2]) == 3


def test_there_is_no_headline_area_without_candidates():
    assert headline_area_id([], {4: ["value"]}) is None
