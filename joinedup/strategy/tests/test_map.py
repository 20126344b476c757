import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st

from joinedup.partnerships.tests.factories import (
    OrganisationFactory,
    PartnershipFactory,
    PersonFactory,
    user_with_role,
)
from joinedup.strategy import selectors_map
from joinedup.strategy.models import ActionStatus
from joinedup.strategy.tests.risk_factories import (
    ActionFactory,
    OutcomeFactory,
    PriorityFactory,
    ProgrammeFactory,
    StrategyFactory,
)

STATUSES = [code for code, _ in ActionStatus.choices]


@given(st.lists(st.dictionaries(st.sampled_from(STATUSES), st.integers(min_value=0, max_value=50))))
def test_rollup_sums_each_status_and_drops_empty_ones(parts):
    total = selectors_map.rollup(parts)
    for status in STATUSES:
        assert total.get(status, 0) == sum(p.get(status, 0) for p in parts)
    assert 0 not in total.values()
    assert list(total) == [s for s in STATUSES if s in total]


@pytest.fixture
def place(db):
    partnership = PartnershipFactory(slug="isisbury")
    strategy = StrategyFactory(partnership=partnership, vision="A low-carbon city with homes for all")
    low_carbon = PriorityFactory(strategy=strategy, partnership=partnership, title="Low Carbon")
    housing = PriorityFactory(strategy=strategy, partnership=partnership, title="Affordable Housing")
    emissions = OutcomeFactory(priority=low_carbon, partnership=partnership, title="Lower emissions")
    warm = OutcomeFactory(priority=low_carbon, partnership=partnership, title="Warm homes")
    homes = OutcomeFactory(priority=housing, partnership=partnership, title="More affordable homes")
    # One programme serves two outcomes of the same theme: the theme counts its actions once.
    retrofit = ProgrammeFactory(partnership=partnership, title="Retrofit", outcomes=[emissions, warm])
    regen = ProgrammeFactory(partnership=partnership, title="Regeneration Framework", outcomes=[homes])
    ProgrammeFactory(partnership=partnership, title="Improvement plan")
    ActionFactory.create_batch(2, programme=retrofit, partnership=partnership, status=ActionStatus.ON_TRACK)
    ActionFactory(programme=retrofit, partnership=partnership, status=ActionStatus.OFF_TRACK)
    ActionFactory(
        programme=regen, partnership=partnership, status=ActionStatus.COMPLETE, percent_complete=100
    )
    return {
        "partnership": partnership,
        "low_carbon": low_carbon,
        "retrofit": retrofit,
        "emissions": emissions,
    }


@pytest.fixture
def viewer_client(client, place):
    client.force_login(user_with_role(place["partnership"], "viewer"))
    return client


def map_url(place):
    return reverse("strategy:map", kwargs={"slug": place["partnership"].slug})


def test_counts_by_status_at_every_level(place):
    tree = selectors_map.strategy_map(place["partnership"])
    assert tree.counts == {"on_track": 2, "off_track": 1, "complete": 1}
    low_carbon, housing = tree.priorities
    assert low_carbon.counts == {"on_track": 2, "off_track": 1}
    assert [o.counts for o in low_carbon.outcomes] == [
        {"on_track": 2, "off_track": 1},
        {"on_track": 2, "off_track": 1},
    ]
    assert housing.counts == {"complete": 1}
    assert [p.programme.title for p in tree.unlinked_programmes] == ["Improvement plan"]


def test_map_is_nested_details_with_counts_that_link_to_their_actions(viewer_client, place):
    page = viewer_client.get(map_url(place)).content.decode()
    assert "A low-carbon city with homes for all" in page
    assert page.count("<details") == 2 + 3 + 4  # themes, outcomes, programmes under outcomes and unlinked
    actions_url = reverse("strategy:actions", kwargs={"slug": "isisbury"})
    link = f'{actions_url}?priority={place["low_carbon"].pk}&amp;status=off_track">1 off track'
    assert link in page


def test_a_count_links_to_exactly_the_actions_it_counts(viewer_client, place):
    actions_url = reverse("strategy:actions", kwargs={"slug": "isisbury"})
    response = viewer_client.get(f"{actions_url}?priority={place['low_carbon'].pk}&status=on_track")
    assert len(response.context["rows"]) == 2
    response = viewer_client.get(f"{actions_url}?outcome={place['emissions'].pk}")
    assert len(response.context["rows"]) == 3
    assert viewer_client.get(f"{actions_url}?programme=999999").status_code == 404
    assert viewer_client.get(f"{actions_url}?priority=999999").status_code == 404


def test_map_takes_the_same_number_of_queries_with_many_actions(viewer_client, place):
    with CaptureQueriesContext(connection) as few:
        viewer_client.get(map_url(place))
    ActionFactory.create_batch(
        60, programme=place["retrofit"], partnership=place["partnership"], status=ActionStatus.AT_RISK
    )
    with CaptureQueriesContext(connection) as many:
        response = viewer_client.get(map_url(place))
    assert response.context["map"].priorities[0].counts["at_risk"] == 60
    assert len(many) == len(few)


def test_partner_view_lists_what_an_organisation_leads_or_contributes_to(viewer_client, place):
    partnership = place["partnership"]
    org = OrganisationFactory(partnership=partnership, name="Isisbury Homes")
    place["low_carbon"].lead_organisation = org
    place["low_carbon"].save()
    ActionFactory(
        programme=place["retrofit"],
        partnership=partnership,
        title="Insulate 500 homes",
        lead_organisation=org,
    )
    helped = ActionFactory(programme=place["retrofit"], partnership=partnership, title="Solar on schools")
    helped.contributing_organisations.add(org)
    ActionFactory(programme=place["retrofit"], partnership=partnership, title="Not theirs")
    response = viewer_client.get(map_url(place) + f"?organisation={org.pk}")
    partner = response.context["partner"]
    assert [p.title for p in partner.priorities] == ["Low Carbon"]
    assert [a.title for a in partner.actions_led] == ["Insulate 500 homes"]
    assert [a.title for a in partner.actions_contributed] == ["Solar on schools"]
    page = response.content.decode()
    assert "What Isisbury Homes leads or contributes to" in page and "Not theirs" not in page


def test_an_organisation_of_another_partnership_is_not_found(viewer_client, place):
    foreign = OrganisationFactory()
    assert viewer_client.get(map_url(place) + f"?organisation={foreign.pk}").status_code == 404


def test_the_actions_behind_a_count_take_a_fixed_number_of_queries(viewer_client, place):
    actions_url = reverse("strategy:actions", kwargs={"slug": "isisbury"})
    query = f"?priority={place['low_carbon'].pk}"
    with CaptureQueriesContext(connection) as few:
        viewer_client.get(actions_url + query)
    lead = OrganisationFactory(partnership=place["partnership"])
    ActionFactory.create_batch(
        30, programme=place["retrofit"], partnership=place["partnership"], lead_organisation=lead
    )
    with CaptureQueriesContext(connection) as many:
        response = viewer_client.get(actions_url + query)
    assert len(response.context["rows"]) == 33
    assert len(many) == len(few)


def test_with_only_a_superseded_strategy_the_strategy_page_and_the_map_show_the_same_one(client, db):
    from joinedup.strategy.models import StrategyStatus

    partnership = PartnershipFactory(slug="oldtown")
    older = StrategyFactory(
        partnership=partnership, status=StrategyStatus.SUPERSEDED, start_year=2008, title="First strategy"
    )
    latest = StrategyFactory(
        partnership=partnership, status=StrategyStatus.SUPERSEDED, start_year=2018, title="Second strategy"
    )
    client.force_login(user_with_role(partnership, "viewer"))
    page = client.get(reverse("strategy:strategy", kwargs={"slug": "oldtown"}))
    on_map = client.get(reverse("strategy:map", kwargs={"slug": "oldtown"}))
    assert page.context["strategy"] == latest
    assert on_map.context["map"].strategy == latest
    assert older != latest


def test_the_partner_view_runs_a_fixed_number_of_queries_as_what_it_leads_grows(
    viewer_client, place, django_assert_max_num_queries
):
    partnership = place["partnership"]
    org = OrganisationFactory(partnership=partnership)

    def grow(n):
        theme = PriorityFactory(
            strategy=place["low_carbon"].strategy, partnership=partnership, lead_organisation=org
        )
        for _ in range(n):
            outcome = OutcomeFactory(priority=theme, partnership=partnership, lead_organisation=org)
            programme = ProgrammeFactory(partnership=partnership, lead_organisation=org, outcomes=[outcome])
            ActionFactory(
                programme=programme,
                partnership=partnership,
                lead_organisation=org,
                lead_person=PersonFactory(partnership=partnership),
            )
            helped = ActionFactory(
                programme=programme,
                partnership=partnership,
                lead_organisation=OrganisationFactory(partnership=partnership),
                lead_person=PersonFactory(partnership=partnership),
            )
            helped.contributing_organisations.add(org)

    grow(1)
    with CaptureQueriesContext(connection) as few:
        viewer_client.get(map_url(place) + f"?organisation={org.pk}")
    grow(20)
    with django_assert_max_num_queries(len(few)):
        response = viewer_client.get(map_url(place) + f"?organisation={org.pk}")
    partner = response.context["partner"]
    assert len(partner.actions_led) == 21 and len(partner.actions_contributed) == 21
    assert len(partner.programmes) == 21 and len(partner.outcomes) == 21


def test_the_one_action_list_filters_by_an_organisation_that_leads_or_contributes(viewer_client, place):
    partnership = place["partnership"]
    org = OrganisationFactory(partnership=partnership, name="Isisbury Homes")
    ActionFactory(
        programme=place["retrofit"], partnership=partnership, title="Insulate", lead_organisation=org
    )
    helped = ActionFactory(programme=place["retrofit"], partnership=partnership, title="Solar on schools")
    helped.contributing_organisations.add(org)
    actions_url = reverse("strategy:actions", kwargs={"slug": "isisbury"})
    response = viewer_client.get(f"{actions_url}?organisation={org.pk}")
    assert sorted(row.action.title for row in response.context["rows"]) == ["Insulate", "Solar on schools"]
    assert "led or contributed to by Isisbury Homes" in response.content.decode()
    foreign = OrganisationFactory()
    assert viewer_client.get(f"{actions_url}?organisation={foreign.pk}").status_code == 404
