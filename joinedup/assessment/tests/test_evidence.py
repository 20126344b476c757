"""Evidence in the assessment room: evidence_for judges each metric against the partnership's
thresholds or the defaults, unregistered keys read "no evidence recorded", the overview and
metric pages say how a figure was computed, and only coordinators change thresholds."""

from __future__ import annotations

import pytest
from django.urls import reverse

from joinedup.assessment.models import Coordinator, MetricThreshold
from joinedup.assessment.selectors_evidence import element_evidence, evidence_for, evidence_overview
from joinedup.assessment.services import evidence as services
from joinedup.assessment.services.frameworks import shipped_7s
from joinedup.core.audit import partnership_entries
from joinedup.core.evidence import Metric, Reading, Record, registry
from joinedup.partnerships.tests.factories import PartnershipFactory, user_with_role
from joinedup.strategy.tests.factories import (
    EvidenceFactory,
    OutcomeFactory,
    PriorityFactory,
    StrategyFactory,
)

pytestmark = pytest.mark.django_db

KEY = "strategy.outcomes_with_evidence"
UNREGISTERED = "resources.support_cost_known"


@pytest.fixture
def partnership():
    partnership = PartnershipFactory()
    priority = PriorityFactory(strategy=StrategyFactory(partnership=partnership))
    EvidenceFactory(outcome=OutcomeFactory(priority=priority, title="Fewer empty homes"))
    OutcomeFactory(priority=priority, title="Cleaner air")
    OutcomeFactory(priority=priority, title="Safer streets")
    OutcomeFactory(priority=priority, title="More jobs")
    return partnership  # 1 of 4 outcomes with evidence: 25%, red by default (amber at 50%)


@pytest.fixture
def shipped():
    """The shipped 7S framework (installed on migrate): staff_skills-4 names the resources
    room's support_cost_known, which no room registers."""
    return shipped_7s()


@pytest.fixture
def counted():
    calls = []

    def compute(partnership):
        calls.append(partnership.pk)
        return Reading(value=0.9, numerator=9, denominator=10, records=(Record("One", "/one/"),))

    registry.register(
        Metric(
            key="test.counted",
            element="style",
            room="test",
            title="Counted",
            how="Nine of ten.",
            compute=compute,
        )
    )
    yield calls
    registry.unregister("test.counted")


def _coordinator(partnership):
    user = user_with_role(partnership, "viewer")
    Coordinator.objects.create(partnership=partnership, user=user)
    return user


def test_an_unregistered_key_is_no_evidence_recorded_never_a_number(partnership):
    found = evidence_for(partnership, [UNREGISTERED])[UNREGISTERED]
    assert found.no_evidence and found.metric is None and found.judgement is None
    assert found.value_words == found.status_words == "No evidence recorded"


def test_a_metric_with_nothing_to_measure_is_no_evidence_recorded():
    found = evidence_for(PartnershipFactory(), [KEY])[KEY]
    assert found.no_evidence and found.judgement is None and found.metric is not None


def test_default_thresholds_judge_a_metric(partnership):
    found = evidence_for(partnership, [KEY])[KEY]
    assert (found.value_words, found.judgement, found.thresholds_from) == ("25%", "red", "default")
    assert found.status_words == "25%: red"
    assert found.thresholds_words == "Green at 80% or more; amber at 50% or more; otherwise red."


def test_partnership_thresholds_override_the_defaults(partnership):
    MetricThreshold.objects.create(
        partnership=partnership, metric_key=KEY, green_at=0.25, amber_at=0.1, reason="We are starting"
    )
    found = evidence_for(partnership, [KEY])[KEY]
    assert (found.judgement, found.thresholds_from, found.threshold_reason) == (
        "green",
        "partnership",
        "We are starting",
    )
    # Another partnership still uses the defaults.
    other = evidence_for(PartnershipFactory(), [KEY])[KEY]
    assert other.thresholds_from == "default"


def test_each_metric_is_computed_once_per_call(partnership, counted):
    found = evidence_for(partnership, ["test.counted", "test.counted", KEY])
    assert list(found) == ["test.counted", KEY]
    assert counted == [partnership.pk]


def test_evidence_for_adds_one_query_to_the_metrics_own(partnership, counted, django_assert_num_queries):
    with django_assert_num_queries(1):
        evidence_for(partnership, ["test.counted", UNREGISTERED])


def test_element_evidence_includes_keys_the_shipped_framework_names(partnership, shipped):
    keys = list(element_evidence(partnership, "staff_skills"))
    assert UNREGISTERED in keys and "partnerships.chairs_by_sector" in keys
    assert KEY not in keys  # a registered metric belongs to the element it was registered for


def test_the_overview_groups_metrics_by_element_with_unregistered_ones(partnership, shipped):
    groups = {g.key: [m.key for m in g.metrics] for g in evidence_overview(partnership)}
    assert UNREGISTERED in groups["staff_skills"] and KEY in groups["scs"]
    assert "governance.challenges_per_meeting" in groups["style"]


def test_the_overview_page_shows_words_judgements_and_no_evidence_recorded(client, partnership, shipped):
    client.force_login(user_with_role(partnership, "viewer"))
    response = client.get(reverse("assessment:evidence", kwargs={"slug": partnership.slug}))
    text = response.content.decode()
    assert response.status_code == 200
    assert "Outcomes with evidence" in text and "25%" in text and ">Red<" in text
    unregistered_row = text.split(UNREGISTERED, 1)[1]
    assert "No evidence recorded" in unregistered_row.split("</tr>")[0]
    assert "No part of Joined Up records this yet." in unregistered_row.split("</tr>")[0]


def test_the_metric_page_says_how_it_was_computed_and_links_the_records(client, partnership, shipped):
    client.force_login(user_with_role(partnership, "viewer"))
    response = client.get(
        reverse("assessment:evidence_metric", kwargs={"slug": partnership.slug, "key": KEY})
    )
    text = response.content.decode()
    assert "at least one piece of evidence attached" in text
    assert "1 of 4" in text
    assert "Cleaner air</a>: no evidence" in text
    assert "These are the default thresholds." in text
    assert "Is the strategy built on a current evidence base that all partners share?" in text
    assert "Change the thresholds" not in text  # viewers do not


def test_an_unregistered_metric_page_reads_no_evidence_recorded(client, partnership, shipped):
    client.force_login(user_with_role(partnership, "viewer"))
    url = reverse("assessment:evidence_metric", kwargs={"slug": partnership.slug, "key": UNREGISTERED})
    text = client.get(url).content.decode()
    assert (
        "No evidence recorded" in text
        and "%" not in text.split("How was this computed")[1].split("Questions")[0]
    )


def test_partnership_thresholds_show_in_how_with_their_reason(client, partnership):
    MetricThreshold.objects.create(
        partnership=partnership, metric_key=KEY, green_at=0.2, amber_at=0.1, reason="Our first year"
    )
    client.force_login(user_with_role(partnership, "viewer"))
    text = client.get(
        reverse("assessment:evidence_metric", kwargs={"slug": partnership.slug, "key": KEY})
    ).content.decode()
    assert "the partnership's own thresholds" in text and "Our first year" in text
    assert "Green at 20% or more; amber at 10% or more" in text
    assert "The default thresholds: Green at 80% or more" in text
    assert ">Green<" in text


def test_a_viewer_cannot_change_thresholds(client, partnership):
    client.force_login(user_with_role(partnership, "editor"))
    url = reverse("assessment:evidence_thresholds", kwargs={"slug": partnership.slug, "key": KEY})
    response = client.post(url, {"green_at": 20, "amber_at": 10, "reason": "x", "version": 0})
    assert response.status_code == 403
    assert not MetricThreshold.objects.exists()


def test_a_coordinator_sets_thresholds_in_percent_with_a_reason_and_it_is_audited(client, partnership):
    client.force_login(_coordinator(partnership))
    url = reverse("assessment:evidence_thresholds", kwargs={"slug": partnership.slug, "key": KEY})
    response = client.post(url, {"green_at": 20, "amber_at": 10, "reason": "Our first year", "version": 0})
    assert response.status_code == 302
    row = MetricThreshold.objects.get(partnership=partnership, metric_key=KEY)
    assert (row.green_at, row.amber_at, row.reason) == (0.2, 0.1, "Our first year")
    entry = partnership_entries(partnership.pk).get(action="assessment.threshold.set")
    assert entry.after == {"green_at": 0.2, "amber_at": 0.1, "reason": "Our first year"}


def test_thresholds_need_a_reason_and_green_at_least_amber(client, partnership):
    client.force_login(_coordinator(partnership))
    url = reverse("assessment:evidence_thresholds", kwargs={"slug": partnership.slug, "key": KEY})
    text = client.post(url, {"green_at": 10, "amber_at": 20, "reason": "", "version": 0}).content.decode()
    assert "Enter why the partnership uses its own thresholds" in text
    text = client.post(url, {"green_at": 10, "amber_at": 20, "reason": "r", "version": 0}).content.decode()
    assert "The green threshold must be at least the amber threshold" in text
    assert not MetricThreshold.objects.exists()


def test_a_stale_thresholds_form_shows_both_versions_and_saves_nothing(client, partnership):
    user = _coordinator(partnership)
    metric = registry.get(KEY)
    assert metric is not None
    row = services.set_thresholds(
        partnership=partnership,
        metric=metric,
        green_at=0.3,
        amber_at=0.2,
        reason="First",
        user=user,
        expected_version=0,
    )
    services.set_thresholds(
        partnership=partnership,
        metric=metric,
        green_at=0.4,
        amber_at=0.2,
        reason="Second",
        user=user,
        expected_version=row.version,
    )
    client.force_login(user)
    url = reverse("assessment:evidence_thresholds", kwargs={"slug": partnership.slug, "key": KEY})
    response = client.post(url, {"green_at": 90, "amber_at": 50, "reason": "Third", "version": row.version})
    assert response.status_code == 409
    assert "Someone else changed this" in response.content.decode()
    assert MetricThreshold.objects.get().reason == "Second"


def test_reset_to_default_removes_the_partnership_thresholds_and_is_audited(client, partnership):
    user = _coordinator(partnership)
    metric = registry.get(KEY)
    assert metric is not None
    services.set_thresholds(
        partnership=partnership,
        metric=metric,
        green_at=0.3,
        amber_at=0.2,
        reason="r",
        user=user,
        expected_version=0,
    )
    client.force_login(user)
    url = reverse("assessment:evidence_thresholds_reset", kwargs={"slug": partnership.slug, "key": KEY})
    assert client.post(url).status_code == 302
    assert not MetricThreshold.objects.exists()
    assert partnership_entries(partnership.pk).filter(action="assessment.threshold.reset").count() == 1
    assert evidence_for(partnership, [KEY])[KEY].thresholds_from == "default"
