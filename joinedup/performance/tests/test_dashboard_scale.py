"""A dashboard of 200 indicators runs the same number of queries as one of 5 (issue 5, speed)."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from joinedup.partnerships.tests.factories import PartnershipFactory, user_with_role
from joinedup.performance import selectors_insight
from joinedup.performance.tests.factories_scale import national_data, national_partnership, use_indicators
from joinedup.strategy.tests.factories import OutcomeFactory, PriorityFactory, StrategyFactory

pytestmark = pytest.mark.django_db


def _queries(client, url):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured), response.content.decode()


def test_the_dashboard_of_200_indicators_runs_as_many_queries_as_one_of_5(client):
    national_data(indicators=200)
    partnership = PartnershipFactory()
    national_partnership(partnership)
    outcome = OutcomeFactory(priority=PriorityFactory(strategy=StrategyFactory(partnership=partnership)))
    use_indicators(partnership, 1, 5, outcome=outcome)
    client.force_login(user_with_role(partnership, "viewer"))
    url = reverse("performance:dashboard", kwargs={"slug": partnership.slug})

    client.get(url)  # the session and anything cached once per process
    few, _ = _queries(client, url)
    use_indicators(partnership, 6, 200, outcome=outcome)
    many, html = _queries(client, url)

    assert many == few
    assert all(f"SYN {n:03d}" in html for n in range(1, 201))
    bundle = selectors_insight.indicator_facts(partnership, list(selectors_insight.links(partnership)))
    assert len(bundle.cards) == 200
    # Every card has its figures: the latest value, a rating against its target where higher or
    # lower is better (the synthetic set has some "no judgement" indicators), a rank in the group.
    assert all(c.facts.latest is not None for c in bundle.cards)
    judged = [c for c in bundle.cards if c.indicator.polarity != "none"]
    assert judged and all(c.facts.rag.status != "not_rated" for c in judged)
    assert all(c.facts.rank is not None and c.facts.rank.of == 6 for c in bundle.cards)


def test_the_selectors_of_200_indicators_take_the_same_fixed_number_of_queries(django_assert_num_queries):
    national_data(indicators=200)
    partnership = PartnershipFactory()
    national_partnership(partnership)
    use_indicators(partnership, 1, 200)
    with django_assert_num_queries(9):  # as test_insight_facts.QUERIES for 5 and 50
        bundle = selectors_insight.indicator_facts(partnership, list(selectors_insight.links(partnership)))
    assert len(bundle.cards) == 200
