"""Dashboards, the exception view, "how was this computed", escalations and the strategy panels."""

from __future__ import annotations

import pytest
from django.template import Context, Template
from django.urls import reverse

from joinedup.core.models import AuditEntry
from joinedup.partnerships.tests.factories import (
    MembershipFactory,
    PartnershipFactory,
    PersonFactory,
    user_with_role,
)
from joinedup.performance.models import Escalation
from joinedup.performance.tests.factories_insight import add_indicators, bodies, scene
from joinedup.strategy.models import BoardRole
from joinedup.strategy.tests.factories import OutcomeFactory, PriorityFactory, StrategyFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def partnership():
    return PartnershipFactory(slug="isisbury")


@pytest.fixture
def world(partnership):
    strategy = StrategyFactory(partnership=partnership)
    forum, board, group = bodies(partnership)
    bad_theme = PriorityFactory(
        strategy=strategy, title="Housing", board_role=BoardRole.DRIVE, lead_body=board
    )
    good_theme = PriorityFactory(strategy=strategy, title="Low carbon", board_role=BoardRole.OBSERVE)
    bad = OutcomeFactory(priority=bad_theme, title="More homes")
    good = OutcomeFactory(priority=good_theme, title="Less carbon")
    s = scene(partnership, 1, outcome=bad)
    improving = add_indicators(
        partnership, 1, outcome=good, area=s.area, benchmark=s.benchmark, worsening=False
    )
    return {
        "scene": s,
        "bad": s.links[0],
        "good": improving[0],
        "bad_theme": bad_theme,
        "good_theme": good_theme,
        "strategy": strategy,
        "forum": forum,
        "board": board,
        "group": group,
    }


def url(name, partnership, **kwargs):
    return reverse(f"performance:{name}", kwargs={"slug": partnership.slug, **kwargs})


def signed_in(client, partnership, role="viewer", **kwargs):
    user = user_with_role(partnership, role, **kwargs)
    client.force_login(user)
    return user


def test_dashboard_groups_by_theme_shows_rag_in_words_and_links_every_figure(client, partnership, world):
    signed_in(client, partnership)
    html = client.get(url("dashboard", partnership)).content.decode()
    assert html.index("Housing") < html.index("Low carbon")
    assert "Off target" in html and "On target" in html  # words, not colour alone
    bad = world["bad"].indicator
    for figure in ("value", "rag", "previous", "last_year", "benchmark", "rank", "forecast", "status"):
        assert url("how_computed", partnership, indicator_id=bad.pk, figure=figure) in html
    assert "<svg" in html  # the sparkline


def test_dashboard_filters_by_rag_theme_and_board_role(client, partnership, world):
    signed_in(client, partnership)
    bad, good = world["bad"].indicator, world["good"].indicator
    html = client.get(url("dashboard", partnership), {"rag": "green"}).content.decode()
    assert good.title in html and bad.title not in html
    html = client.get(url("dashboard", partnership), {"theme": world["bad_theme"].pk}).content.decode()
    assert bad.title in html and good.title not in html
    html = client.get(url("dashboard", partnership), {"role": "observe"}).content.decode()
    assert good.title in html and bad.title not in html


def test_exception_view_shows_only_exceptions_with_their_commentary(client, partnership, world):
    signed_in(client, partnership)
    html = client.get(url("exceptions", partnership)).content.decode()
    assert world["bad"].indicator.title in html
    assert world["good"].indicator.title not in html
    assert "A recovery plan starts in May." in html


def test_theme_dashboard_shows_the_themes_indicators(client, partnership, world):
    signed_in(client, partnership)
    html = client.get(
        url("theme_dashboard", partnership, priority_id=world["good_theme"].pk)
    ).content.decode()
    assert world["good"].indicator.title in html and world["bad"].indicator.title not in html


def test_executive_body_sees_exceptions_only_and_an_operational_group_full_detail(client, partnership, world):
    signed_in(client, partnership)
    bad_theme_link = world["bad"]
    extra = add_indicators(partnership, 1, area=world["scene"].area, worsening=False)[0]
    extra.outcomes.add(*bad_theme_link.outcomes.all())
    html = client.get(url("body_dashboard", partnership, body_id=world["board"].pk)).content.decode()
    assert bad_theme_link.indicator.title in html and extra.indicator.title not in html
    html = client.get(url("body_dashboard", partnership, body_id=world["board"].pk), {"detail": "full"})
    assert extra.indicator.title in html.content.decode()
    world["bad_theme"].lead_body = world["group"]
    world["bad_theme"].save()
    html = client.get(url("body_dashboard", partnership, body_id=world["group"].pk)).content.decode()
    assert extra.indicator.title in html and bad_theme_link.indicator.title in html


def test_how_computed_shows_method_inputs_and_provenance(client, partnership, world):
    signed_in(client, partnership)
    bad = world["bad"].indicator
    html = client.get(url("how_computed", partnership, indicator_id=bad.pk, figure="rag")).content.decode()
    assert "Missed by 16, beyond the tolerance: red." in html
    assert "75.0" in html or "75" in html
    html = client.get(
        url("how_computed", partnership, indicator_id=bad.pk, figure="benchmark")
    ).content.decode()
    assert "confidence interval overlapping the reference" in html and "Nearest neighbours" in html
    assert (
        client.get(url("how_computed", partnership, indicator_id=bad.pk, figure="nonsense")).status_code
        == 404
    )


def test_an_editor_escalates_to_a_higher_body_and_it_is_audited_and_listed(client, partnership, world):
    signed_in(client, partnership, "editor")
    bad = world["bad"].indicator
    page = client.get(url("escalate", partnership, indicator_id=bad.pk)).content.decode()
    assert "59: 16 below the target of 75" in page  # with the indicator's 0 decimal places
    response = client.post(
        url("escalate", partnership, indicator_id=bad.pk),
        {"from_body": world["group"].pk, "to_body": world["board"].pk, "reason": "Funding decision needed"},
    )
    assert response.status_code == 302
    escalation = Escalation.objects.get()
    assert escalation.to_body == world["board"] and escalation.variance.startswith("59: 16 below")
    assert AuditEntry.objects.filter(action="performance.escalation.raise").count() == 1
    listing = client.get(url("escalations", partnership), {"body": world["board"].pk}).content.decode()
    assert "Funding decision needed" in listing and "Waiting to be considered" in listing


def test_escalating_to_a_lower_body_is_refused_beside_the_field(client, partnership, world):
    signed_in(client, partnership, "editor")
    bad = world["bad"].indicator
    response = client.post(
        url("escalate", partnership, indicator_id=bad.pk),
        {"from_body": world["board"].pk, "to_body": world["board"].pk, "reason": "Wrong way"},
    )
    assert response.status_code == 200
    assert "Select a body higher than the one raising it" in response.content.decode()
    assert not Escalation.objects.exists()
    # A body that is higher than none of the bodies one may raise from is not even offered.
    response = client.post(
        url("escalate", partnership, indicator_id=bad.pk),
        {"from_body": world["board"].pk, "to_body": world["group"].pk, "reason": "Wrong way"},
    )
    assert "Select a valid choice" in response.content.decode() and not Escalation.objects.exists()


def test_a_viewer_who_neither_owns_nor_sits_on_a_body_may_not_escalate(client, partnership, world):
    signed_in(client, partnership, "viewer")
    assert client.get(url("escalate", partnership, indicator_id=world["bad"].indicator.pk)).status_code == 403


def test_the_owner_and_a_body_member_may_escalate(client, partnership, world):
    owner_user = signed_in(client, partnership, "viewer")
    link = world["bad"]
    link.owner_person = PersonFactory(partnership=partnership, user=owner_user)
    link.save()
    assert client.get(url("escalate", partnership, indicator_id=link.indicator.pk)).status_code == 200
    member_user = signed_in(client, partnership, "member")
    MembershipFactory(body=world["group"], person=PersonFactory(partnership=partnership, user=member_user))
    response = client.post(
        url("escalate", partnership, indicator_id=link.indicator.pk),
        {"from_body": world["group"].pk, "to_body": world["forum"].pk, "reason": "Needs the forum"},
    )
    assert response.status_code == 302
    assert Escalation.objects.get().from_body == world["group"]


def test_withdrawing_an_open_escalation(client, partnership, world):
    user = signed_in(client, partnership, "editor")
    escalation = Escalation.objects.create(
        partnership=partnership,
        indicator=world["bad"].indicator,
        period="2023",
        variance="x",
        reason="y",
        to_body=world["board"],
        raised_by=user,
    )
    response = client.post(url("escalation_withdraw", partnership, escalation_id=escalation.pk))
    assert response.status_code == 302
    escalation.refresh_from_db()
    assert escalation.status == Escalation.Status.WITHDRAWN
    assert AuditEntry.objects.filter(action="performance.escalation.withdraw").count() == 1


def test_priority_panel_lists_its_indicators_with_target_and_rag(rf, partnership, world):
    request = rf.get("/")
    request.user = user_with_role(partnership, "viewer")
    html = Template(
        '{% load panels %}{% panels "strategy.priority.contribution" priority=priority %}'
    ).render(Context({"priority": world["bad_theme"], "request": request}))
    assert world["bad"].indicator.title in html and "Off target" in html and ">75<" in html
    assert world["good"].indicator.title not in html


def test_coverage_panel_counts_indicators_with_a_target_per_theme(rf, partnership, world):
    add_indicators(partnership, 1, outcome=world["good"].outcomes.first())  # no area: no target
    request = rf.get("/")
    request.user = user_with_role(partnership, "viewer")
    html = Template(
        '{% load panels %}{% panels "strategy.coverage" partnership=partnership strategy=strategy %}'
    ).render(Context({"partnership": partnership, "strategy": world["strategy"], "request": request}))
    assert "Indicators with a target" in html
    assert "Outcomes measured by an indicator" in html  # the library's panel is still there


def _dashboard_queries(client, partnership, count):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    signed_in(client, partnership)
    scene(partnership, count)
    client.get(url("dashboard", partnership))  # charts drawn and cached once
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url("dashboard", partnership))
    assert response.status_code == 200
    return len(queries)


def test_the_dashboard_runs_the_same_number_of_queries_for_3_and_12_indicators(client):
    few = _dashboard_queries(client, PartnershipFactory(), 3)
    many = _dashboard_queries(client, PartnershipFactory(), 12)
    assert few == many


def test_the_escalate_link_is_offered_only_to_those_who_may_escalate(client, partnership, world):
    signed_in(client, partnership, "viewer")
    escalate = url("escalate", partnership, indicator_id=world["bad"].indicator.pk)
    assert escalate not in client.get(url("exceptions", partnership)).content.decode()
    signed_in(client, partnership, "editor")
    assert escalate in client.get(url("exceptions", partnership)).content.decode()


def test_the_indicator_page_shows_the_card_at_a_glance(client, partnership, world):
    signed_in(client, partnership)
    bad = world["bad"].indicator
    html = client.get(url("indicator", partnership, indicator_id=bad.pk)).content.decode()
    assert "At a glance" in html
    assert url("how_computed", partnership, indicator_id=bad.pk, figure="rag") in html


def test_how_computed_links_to_the_areas_values_with_their_provenance(client, partnership, world):
    signed_in(client, partnership)
    bad = world["bad"].indicator
    html = client.get(url("how_computed", partnership, indicator_id=bad.pk, figure="value")).content.decode()
    area = world["scene"].area
    assert f"{url('indicator', partnership, indicator_id=bad.pk)}?area={area.code}" in html
    assert "59 for" in html


def test_an_indicator_serving_two_themes_has_one_card(client, partnership, world):
    signed_in(client, partnership)
    world["bad"].outcomes.add(OutcomeFactory(priority=world["good_theme"]))
    html = client.get(url("dashboard", partnership)).content.decode()
    assert (
        html.count(f'id="card-1-{world["bad"].indicator.pk}"')
        + html.count(f'id="card-2-{world["bad"].indicator.pk}"')
        == 1
    )


def test_escalations_list_by_body_includes_raised_and_received_and_filters_by_status(
    client, partnership, world
):
    signed_in(client, partnership)
    indicator = world["bad"].indicator
    common = {"partnership": partnership, "indicator": indicator, "period": "2023", "variance": "x"}
    Escalation.objects.create(
        **common, reason="Group to board", from_body=world["group"], to_body=world["board"]
    )
    Escalation.objects.create(
        **common,
        reason="Board to forum",
        from_body=world["board"],
        to_body=world["forum"],
        status="withdrawn",
    )
    Escalation.objects.create(**common, reason="Owner to forum", to_body=world["forum"])
    html = client.get(url("escalations", partnership), {"body": world["board"].pk}).content.decode()
    assert "Group to board" in html and "Board to forum" in html and "Owner to forum" not in html
    html = client.get(
        url("escalations", partnership), {"body": world["board"].pk, "status": "open"}
    ).content.decode()
    assert "Group to board" in html and "Board to forum" not in html
