"""The dashboard, target coverage and the indicator page follow the partnership's headline area
(`Partnership.headline_area`, else its only area, else its first by name); the dashboard says
which area its figures are for and links to the setting and to each indicator's pooled footprint.
See docs/adr/0028-headline-area.md."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from joinedup.core.periods import Period
from joinedup.partnerships.tests.factories import AreaFactory, PartnershipFactory, user_with_role
from joinedup.performance import selectors, selectors_insight
from joinedup.performance.tests.factories_insight import YEARS, scene
from joinedup.performance.tests.factories_library import ObservationFactory
from joinedup.strategy.tests.factories import OutcomeFactory, PriorityFactory, StrategyFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def partnership():
    return PartnershipFactory(slug="vale", name="Vale Partnership")


def _two_areas(partnership, count=2, outcome=None):
    """Aardvark District (first by name: values falling to 59 in 2023, with targets) and
    Zedford (values of 41, no targets), both the partnership's."""
    first = AreaFactory(name="Aardvark District")
    second = AreaFactory(name="Zedford")
    partnership.areas.add(first, second)
    s = scene(partnership, count, outcome=outcome)
    for link in s.links:
        for year in YEARS:
            ObservationFactory(
                indicator=link.indicator,
                partnership=partnership,
                area=second,
                period=Period.calendar_year(year),
                value=41.0,
            )
    return s, first, second


def _choose(partnership, area):
    partnership.headline_area = area
    partnership.save(update_fields=["headline_area"])


def _dashboard(client, partnership, role="viewer"):
    client.force_login(user_with_role(partnership, role))
    response = client.get(reverse("performance:dashboard", kwargs={"slug": partnership.slug}))
    assert response.status_code == 200
    return response.content.decode()


def test_without_a_choice_the_dashboard_shows_the_first_area_by_name_and_says_so(client, partnership):
    _two_areas(partnership)
    html = _dashboard(client, partnership)
    assert "Figures for <strong>Aardvark District</strong>" in html
    assert "by default the first of its 2 areas by name" in html
    assert "Latest for Aardvark District" in html and "Latest for Zedford" not in html
    assert ">59<span" in html


def test_the_dashboard_follows_the_chosen_headline_area(client, partnership):
    _, _, zedford = _two_areas(partnership)
    _choose(partnership, zedford)
    html = _dashboard(client, partnership)
    assert "Figures for <strong>Zedford</strong>" in html
    assert "chosen in the partnership settings" in html
    assert "Latest for Zedford" in html and "Latest for Aardvark District" not in html
    assert ">41<span" in html and ">59<span" not in html
    # Targets are per area: Zedford has none of its own, Aardvark's are not borrowed.
    assert "No target for this period" in html


def test_a_partnership_with_one_area_shows_it_as_its_only_area(client, partnership):
    scene(partnership, 1)
    html = _dashboard(client, partnership)
    assert "Figures for <strong>Aardvark District</strong>" in html
    assert "its only area" in html
    assert "areas together" not in html  # one area: nothing to pool


def test_admins_are_linked_to_the_setting_and_viewers_are_not(client, partnership):
    _two_areas(partnership)
    settings = reverse("partnerships:settings", kwargs={"slug": partnership.slug}) + "#id_headline_area"
    assert settings in _dashboard(client, partnership, "admin")
    assert settings not in _dashboard(client, partnership, "viewer")
    assert settings not in _dashboard(client, partnership, "editor")


def test_each_card_links_to_its_indicators_pooled_footprint(client, partnership):
    s, _, zedford = _two_areas(partnership)
    _choose(partnership, zedford)
    html = _dashboard(client, partnership)
    for link in s.links:
        page = reverse(
            "performance:indicator", kwargs={"slug": partnership.slug, "indicator_id": link.indicator_id}
        )
        assert f'href="{page}#footprint"' in html
    assert "All 2 areas together" in html
    indicator_page = client.get(
        reverse(
            "performance:indicator",
            kwargs={"slug": partnership.slug, "indicator_id": s.links[0].indicator_id},
        )
    ).content.decode()
    assert 'id="footprint"' in indicator_page


def test_the_indicator_pages_trend_is_for_the_chosen_headline_area(client, partnership):
    s, _, zedford = _two_areas(partnership, 1)
    url = reverse(
        "performance:indicator", kwargs={"slug": partnership.slug, "indicator_id": s.links[0].indicator_id}
    )
    client.force_login(user_with_role(partnership, "viewer"))
    assert "Trend against target: Aardvark District" in client.get(url).content.decode()
    _choose(partnership, zedford)
    assert "Trend against target: Zedford" in client.get(url).content.decode()


def test_reported_areas_put_the_chosen_headline_area_first_then_the_rest_by_name(partnership):
    s, aardvark, zedford = _two_areas(partnership, 1)
    middle = AreaFactory(name="Middleham")
    partnership.areas.add(middle)
    reported = AreaFactory(name="Beyond")
    link = s.links[0]
    link.areas.add(reported)
    assert selectors.reported_area_ids(partnership, link) == [aardvark.pk, middle.pk, zedford.pk, reported.pk]
    _choose(partnership, zedford)
    assert selectors.reported_area_ids(partnership, link) == [zedford.pk, aardvark.pk, middle.pk, reported.pk]


def test_target_coverage_counts_targets_of_the_headline_area(partnership):
    strategy = StrategyFactory(partnership=partnership)
    outcome = OutcomeFactory(priority=PriorityFactory(strategy=strategy, title="Housing"))
    _, _, zedford = _two_areas(partnership, 2, outcome=outcome)
    [row] = selectors_insight.target_coverage(partnership, strategy)
    assert (row.indicators, row.with_target) == (2, 2)  # Aardvark District's targets
    _choose(partnership, zedford)
    [row] = selectors_insight.target_coverage(partnership, strategy)
    assert (row.indicators, row.with_target) == (2, 0)  # Zedford has none


def test_a_chosen_area_no_longer_the_partnerships_falls_back_to_the_default_rule(partnership):
    _, aardvark, zedford = _two_areas(partnership)
    _choose(partnership, zedford)
    partnership.areas.remove(zedford)  # as if removed behind the service's back
    chosen = selectors_insight.headline(partnership)
    assert (chosen.area, chosen.is_chosen, chosen.area_count) == (aardvark, False, 1)


def _queries(client, partnership, count, *, choose):
    _, _, zedford = _two_areas(partnership, count)
    if choose:
        _choose(partnership, zedford)
    client.force_login(user_with_role(partnership, "admin"))
    url = reverse("performance:dashboard", kwargs={"slug": partnership.slug})
    client.get(url)  # charts drawn and cached once
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_choosing_a_headline_area_leaves_the_dashboards_query_count_fixed(client):
    unset = _queries(client, PartnershipFactory(), 3, choose=False)
    few = _queries(client, PartnershipFactory(), 3, choose=True)
    many = _queries(client, PartnershipFactory(), 12, choose=True)
    assert unset == few == many
