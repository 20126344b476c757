"""round_results: scores, suppression of small groups, consensus, evidence and contradictions,
maturity against target, change since the previous round, actions raised ("what was done"),
a fixed number of queries, and the strengths and weaknesses rule of the paper's summary."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from joinedup.assessment.models import (
    AssessmentSettings,
    ConsensusAnswer,
    ImprovementAction,
    MaturityTarget,
    MetricThreshold,
)
from joinedup.assessment.selectors_results import round_results, strengths_and_weaknesses
from joinedup.assessment.tests.factories import make_response, make_version
from joinedup.assessment.tests.factories import make_round as make_open_round
from joinedup.core import evidence as core_evidence
from joinedup.partnerships.tests.factories import PartnershipFactory
from joinedup.strategy.models import ActionStatus
from joinedup.strategy.tests.delivery_factories import ActionFactory

pytestmark = pytest.mark.django_db

ALL_IN = {k: "in_place" for k in ("scs-1", "scs-2", "style-1", "style-2", "systems-1", "systems-2")}


def make_round(partnership, version, *, min_group_size=None, **kw):
    """A closed round: an anonymous round's results are shown only once it has closed.
    `min_group_size` is the round's own smallest group (1 where a test of a scoring rule needs
    fewer respondents than the minimum; the minimums are tested in test_anonymity_rules)."""
    today = timezone.localdate()
    kw.setdefault("opens_on", today - dt.timedelta(days=30))
    kw.setdefault("closes_on", today - dt.timedelta(days=1))
    round_ = make_open_round(partnership, version, **kw)
    if min_group_size is not None:
        round_.min_group_size = min_group_size
        round_.save(update_fields=["min_group_size"])
    return round_


@pytest.fixture
def partnership():
    return PartnershipFactory(slug="place")


@pytest.fixture
def version():
    return make_version(
        metrics={"scs-1": ["test.good", "test.missing"], "style-1": ["test.bad"], "systems-1": ["test.bad"]}
    )


@pytest.fixture
def metrics():
    """Two registered metrics (green and red) and one key no room registers."""
    good = core_evidence.Metric(
        key="test.good",
        element="scs",
        room="strategy",
        title="Good metric",
        how="Always 0.9.",
        compute=lambda p: core_evidence.Reading(value=0.9, numerator=9, denominator=10),
    )
    bad = core_evidence.Metric(
        key="test.bad",
        element="style",
        room="governance",
        title="Bad metric",
        how="Always 0.1.",
        compute=lambda p: core_evidence.Reading(value=0.1, numerator=1, denominator=10),
    )
    core_evidence.register(good)
    core_evidence.register(bad)
    yield
    core_evidence.registry.unregister("test.good")
    core_evidence.registry.unregister("test.bad")


def answers(**by_key):
    return {k.replace("_", "-"): v for k, v in by_key.items()}


def test_question_score_excludes_dont_know_and_counts_every_choice(partnership, version):
    round_ = make_round(partnership, version)
    for choice in ("in_place", "in_place", "partly", "not_in_place", "dont_know"):
        make_response(round_, {"scs-1": choice})
    make_response(round_, {"scs-1": "in_place"}, submitted=False)  # drafts never count

    results = round_results(round_)
    q = results.question("scs-1")
    assert results.respondents == 5
    assert q.score.distribution == {"in_place": 2, "partly": 1, "not_in_place": 1, "dont_know": 1}
    assert q.score.answered == 4
    assert q.mean == pytest.approx(5 / 4)
    assert q.perceived == "amber"
    assert results.question("scs-2").mean is None
    assert results.element("scs").mean == pytest.approx(5 / 4)  # the unscored question is left out


def test_groups_below_the_minimum_are_hidden_with_complementary_suppression(partnership, version):
    round_ = make_round(partnership, version)
    for _ in range(6):
        make_response(round_, ALL_IN, sector="local_government", layer="strategic")
    for _ in range(5):
        make_response(round_, {k: "partly" for k in ALL_IN}, sector="health", layer="strategic")
    for _ in range(2):
        make_response(round_, {k: "not_in_place" for k in ALL_IN}, sector="police", layer="executive")

    results = round_results(round_)
    q = results.question("scs-1")
    groups = {g.key: g for g in q.by_sector}
    # Police (2) is too small; hiding it alone would let it be worked out from the total, so
    # the next smallest group (health, 5) is hidden too.
    assert groups["police"].hidden and groups["police"].mean is None
    assert groups["health"].hidden and groups["health"].mean is None
    assert not groups["local_government"].hidden and groups["local_government"].mean == 2
    assert q.gap_sector is None  # one shown group: no gap
    layers = {g.key: g for g in q.by_layer}
    assert layers["executive"].hidden
    # Two layers only: hiding executive alone would reveal it, so strategic is hidden too.
    assert layers["strategic"].hidden
    counts = {g.key: g for g in results.sectors}
    assert counts["police"].count is None and counts["health"].count is None
    assert counts["local_government"].count == 6


def test_perception_gap_between_shown_groups(partnership, version):
    AssessmentSettings.objects.create(partnership=partnership, min_group_size=2)
    round_ = make_round(partnership, version)
    for _ in range(2):
        make_response(round_, {"scs-1": "in_place"}, sector="local_government")
    for _ in range(2):
        make_response(round_, {"scs-1": "not_in_place"}, sector="voluntary")

    q = round_results(round_).question("scs-1")
    assert q.gap_sector.low_group == "voluntary" and q.gap_sector.high_group == "local_government"
    assert q.gap_sector.size == 2
    assert round_results(round_).min_group_size == 2


def test_members_against_the_coordinators_consensus(partnership, version):
    round_ = make_round(partnership, version, min_group_size=1)
    for choice in ("in_place", "partly", "partly", "not_in_place"):
        make_response(round_, {"scs-1": choice})
    questions = {q.key: q for q in version.elements.get(key="scs").questions.all()}
    ConsensusAnswer.objects.create(
        partnership=partnership, round=round_, question=questions["scs-1"], choice="in_place"
    )

    results = round_results(round_)
    q = results.question("scs-1")
    assert results.has_consensus
    assert q.consensus_judgement == "green"
    assert q.members_vs_consensus.members.value == pytest.approx(0.25)
    assert q.members_vs_consensus.consensus_in_place is True
    assert q.members_vs_consensus.gap == pytest.approx(2 - 1)
    assert results.consensus_share_in_place.value == 1.0
    assert results.members_share_in_place.value == pytest.approx(0.25)


def test_evidence_judgement_and_contradiction_and_no_evidence_for_unregistered_keys(
    partnership, version, metrics
):
    round_ = make_round(partnership, version, min_group_size=1)
    make_response(round_, ALL_IN)

    results = round_results(round_)
    scs1 = results.question("scs-1")
    by_key = {e.key: e for e in scs1.evidence}
    assert by_key["test.good"].judgement == "green"
    assert (
        by_key["test.missing"].no_evidence and by_key["test.missing"].status_words == "No evidence recorded"
    )
    assert scs1.evidence_judgement == "green"
    style1 = results.question("style-1")
    assert style1.perceived == "green" and style1.evidence_judgement == "red"
    assert style1.contradiction and style1.may_raise_action
    assert results.element("style").contradiction
    assert results.question("scs-2").evidence == ()  # no metrics named

    without = round_results(round_, include_live_evidence=False)
    assert without.question("style-1").evidence_judgement is None
    assert not without.question("style-1").contradiction


def test_partnership_thresholds_replace_the_metric_defaults(partnership, version, metrics):
    MetricThreshold.objects.create(
        partnership=partnership, metric_key="test.bad", green_at=0.1, amber_at=0.05
    )
    round_ = make_round(partnership, version)
    make_response(round_, ALL_IN)

    ev = round_results(round_).question("style-1").evidence[0]
    assert ev.judgement == "green" and ev.thresholds_from == "partnership"


def test_maturity_is_capped_while_a_question_is_not_in_place_and_shown_beside_the_target(
    partnership, version
):
    MaturityTarget.objects.create(partnership=partnership, element_key="scs", level="collaboration")
    round_ = make_round(partnership, version, min_group_size=1)
    for _ in range(3):
        make_response(round_, {"scs-1": "in_place", "scs-2": "in_place", "style-1": "in_place"})
    make_response(round_, {"style-2": "not_in_place"})

    results = round_results(round_)
    scs = results.element("scs")
    assert scs.maturity == "collaboration" and scs.target_maturity == "collaboration"
    assert scs.below_target is False
    style = results.element("style")
    assert style.mean == pytest.approx(1.0)
    assert style.maturity == "cooperation"  # mean 1.0 → cooperation; capped anyway
    assert results.element("systems").maturity is None
    assert results.element("systems").target_label == "No target set"


def test_change_since_the_previous_round_and_what_was_done(partnership, version):
    first = make_round(partnership, version, title="2025", min_group_size=1)
    for _ in range(2):
        make_response(first, {"scs-1": "not_in_place", "scs-2": "partly"})
    action = ActionFactory(programme__partnership=partnership, title="Agree a challenge protocol")
    action.status = ActionStatus.COMPLETE
    action.save()
    ImprovementAction.objects.create(
        partnership=partnership,
        round=first,
        question_key="scs-1",
        element_key="scs",
        reason="weak",
        action=action,
    )
    second = make_round(partnership, version, title="2026", previous_round=first, min_group_size=1)
    for _ in range(2):
        make_response(second, {"scs-1": "in_place", "scs-2": "partly"})

    results = round_results(second)
    q = results.question("scs-1")
    assert results.previous.round == first and results.previous.respondents == 2
    assert q.previous_mean == 0 and q.change == 2
    assert results.element("scs").previous_mean == pytest.approx(0.5)
    assert results.element("scs").change == pytest.approx(1.0)
    assert [a.title for a in q.previous_actions] == ["Agree a challenge protocol"]
    assert q.previous_actions[0].is_done and q.previous_actions[0].status_label == "Complete"
    assert q.actions == ()
    assert [a.title for a in round_results(first).question("scs-1").actions] == ["Agree a challenge protocol"]


def _queries(round_):
    fresh = type(round_).objects.get(pk=round_.pk)  # nothing cached on the instance
    with CaptureQueriesContext(connection) as ctx:
        round_results(fresh)
    return len(ctx.captured_queries)


def test_queries_do_not_grow_with_respondents(partnership, version, metrics, django_assert_max_num_queries):
    first = make_round(partnership, version, title="2025")
    make_response(first, ALL_IN)
    round_ = make_round(partnership, version, previous_round=first)
    make_response(round_, ALL_IN)
    small = _queries(round_)
    for i in range(30):
        make_response(
            round_,
            {k: ("in_place", "partly", "not_in_place", "dont_know")[i % 4] for k in ALL_IN},
            sector=("health", "police", "local_government")[i % 3],
            layer=("strategic", "executive")[i % 2],
        )
    assert _queries(round_) == small
    with django_assert_max_num_queries(16):
        round_results(type(round_).objects.get(pk=round_.pk))


def test_strengths_and_weaknesses_follow_the_rule(partnership, version, metrics):
    round_ = make_round(partnership, version, min_group_size=1)
    make_response(
        round_,
        {
            "scs-1": "in_place",  # green, evidence green: a strength
            "scs-2": "in_place",  # green, no evidence: a strength
            "style-1": "in_place",  # green but evidence red: contradicted, stands red
            "style-2": "not_in_place",  # red: a weakness
            "systems-1": "partly",  # amber, evidence red: stands red
            "systems-2": "partly",  # amber: the third strength (fewer than three green)
        },
    )
    strengths, weaknesses = strengths_and_weaknesses(round_results(round_), n=3)
    assert [q.key for q in strengths] == ["scs-1", "scs-2", "systems-2"]
    # All three stand red; the lowest mean first.
    assert [q.key for q in weaknesses] == ["style-2", "systems-1", "style-1"]
    assert not {q.key for q in strengths} & {q.key for q in weaknesses}
