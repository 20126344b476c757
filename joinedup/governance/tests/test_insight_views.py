"""The insight page and the `governance_insight` selector with a recorded history: every
figure present with its explanation, the strategic forum flagged, bounded queries."""

from __future__ import annotations

import pytest
from django.urls import reverse

from joinedup.governance.selectors_insight import governance_insight
from joinedup.governance.tests.factories_insight import insight_history
from joinedup.partnerships.tests.factories import PartnershipFactory, user_with_role

pytestmark = pytest.mark.django_db


@pytest.fixture
def history():
    partnership = PartnershipFactory(slug="place")
    return {"partnership": partnership, **insight_history(partnership)}


def test_selector_returns_every_figure_for_the_partnership(history):
    data = governance_insight(history["partnership"])
    forum = next(b for b in data.bodies if b.name == "Insight Forum")
    # Style: standing items left out; 45 of 60 minutes on performance.
    assert forum.style.total_minutes == 180
    assert [f.kind for f in forum.flags] == ["detail", "no_money"]
    assert forum.quoracy.rate == pytest.approx(2 / 3)  # the meeting with apologies had 1 of 2 present
    assert forum.voice.local_share == 0.5
    assert {r.label: r.rate for r in data.by_sector} == {
        "Health": pytest.approx(2 / 3),
        "Local government": 1.0,
    }
    assert data.senior.attended == 5 and data.senior.expected == 6
    assert data.overdue_decisions.overdue == 1 and data.overdue_actions.overdue == 1
    assert sum(p.challenges for p in data.challenges) == 3
    assert data.escalations.considered == 1 and data.escalations.median_days == 14
    board = next(b for b in data.bodies if b.name == "Insight Board")
    assert board.style.items == 0 and board.flags == ()


def test_selector_for_one_body_counts_only_that_body(history):
    data = governance_insight(history["partnership"], body=history["board"])
    assert [b.name for b in data.bodies] == ["Insight Board"]
    assert data.by_member == ()
    assert data.overdue_decisions.open == 0
    assert data.escalations.raised == 1  # escalated to the board


def test_rhythm_compares_with_the_reports_range_for_a_strategic_body(history):
    data = governance_insight(history["partnership"], body=history["forum"])
    years = data.bodies[0].rhythm
    assert all(y.expected is not None and (y.expected.low, y.expected.high) == (3, 4) for y in years)


def test_insight_page_shows_figures_with_how_they_were_computed(client, history):
    client.force_login(user_with_role(history["partnership"], "viewer"))
    response = client.get(reverse("governance:insight", kwargs={"slug": "place"}))
    assert response.status_code == 200
    html = response.content.decode()
    assert "How was this computed" in html
    assert "Most of this strategic body&#x27;s agenda time goes on performance detail" in html
    assert "Money is never discussed" in html
    assert "Attendance rate per organisation" in html
    assert "Insight NHS Trust" in html
    assert "Challenges per meeting held, by year" in html  # the chart, with its data table


def test_body_insight_page_for_another_partnerships_body_is_not_found(client, history):
    other = PartnershipFactory(slug="other")
    client.force_login(user_with_role(other, "viewer"))
    url = reverse("governance:body_insight", kwargs={"slug": "other", "body_id": history["forum"].pk})
    assert client.get(url).status_code == 404


def test_insight_page_queries_are_bounded_whatever_the_number_of_meetings(
    client, django_assert_max_num_queries
):
    partnership = PartnershipFactory(slug="place")
    insight_history(partnership, meetings=8)
    client.force_login(user_with_role(partnership, "viewer"))
    url = reverse("governance:insight", kwargs={"slug": "place"})
    client.get(url)  # warm caches (navigation, charts)
    with django_assert_max_num_queries(30):
        assert client.get(url).status_code == 200


def test_selector_queries_do_not_grow_with_meetings(django_assert_max_num_queries):
    partnership = PartnershipFactory(slug="place")
    insight_history(partnership, meetings=10)
    with django_assert_max_num_queries(14):
        governance_insight(partnership)


def test_a_body_with_no_held_meetings_says_so_instead_of_empty_tables(client, history):
    client.force_login(user_with_role(history["partnership"], "viewer"))
    html = client.get(reverse("governance:insight", kwargs={"slug": "place"})).content.decode()
    assert "No held meetings are recorded for this body" in html  # the Insight Board
    assert "Insight Board: share of agenda time by purpose" not in html
    assert "Insight Forum: share of agenda time by purpose" in html
