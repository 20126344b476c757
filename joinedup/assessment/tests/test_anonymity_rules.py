"""Anonymity that holds whatever the size of the round (review items 2, 4, 8): a whole-round
and per-question minimum, anonymous rounds' results only after closing (coordinators too),
the smallest group fixed per round when it opens, and no drafts kept after an anonymous round
closes. Also the rules shown are the rules applied (item 5)."""

from __future__ import annotations

import datetime as dt
import io

import openpyxl
import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from joinedup.assessment.models import (
    AssessmentSettings,
    Coordinator,
    Response,
    ResponseStatus,
)
from joinedup.assessment.selectors_results import round_results
from joinedup.assessment.services import rounds as round_services
from joinedup.assessment.services.settings import update_settings
from joinedup.assessment.tests.factories import make_response, make_round, make_version
from joinedup.assessment.tests.rounds_support import make_setting
from joinedup.partnerships.tests.factories import PartnershipFactory, user_with_role

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
KEYS = ("scs-1", "scs-2", "style-1", "style-2", "systems-1", "systems-2")
ALL_PARTLY = {k: "partly" for k in KEYS}
TOO_FEW = "Too few responses to show (fewer than 5)"


@pytest.fixture
def partnership():
    return PartnershipFactory(slug="place")


@pytest.fixture
def version():
    return make_version()


@pytest.fixture
def member(partnership):
    return user_with_role(partnership, "viewer", email="member@example.org")


@pytest.fixture
def coordinator(partnership):
    user = user_with_role(partnership, "viewer", email="coord@example.org")
    Coordinator.objects.create(partnership=partnership, user=user)
    return user


def _closed(partnership, version, **kw):
    return make_round(
        partnership,
        version,
        opens_on=TODAY - dt.timedelta(days=20),
        closes_on=TODAY - dt.timedelta(days=1),
        **kw,
    )


def _url(name, round_, **extra):
    return reverse(
        f"assessment:{name}", kwargs={"slug": round_.partnership.slug, "round_id": round_.pk, **extra}
    )


# --- item 2: whole-round and per-question minimum ---------------------------------------------


def test_a_closed_anonymous_round_with_one_respondent_shows_a_member_nothing(
    client, partnership, version, member
):
    round_ = _closed(partnership, version)
    make_response(
        round_, {**ALL_PARTLY, "scs-1": "not_in_place"}, comments={"scs-1": "Only I would say this"}
    )
    client.force_login(member)

    overview = client.get(_url("results", round_)).content.decode()
    assert TOO_FEW in overview
    question = client.get(_url("results_question", round_, question_key="scs-1")).content.decode()
    assert TOO_FEW in question
    assert "Only I would say this" not in question
    assert "Not in place</th>" not in question  # no distribution table
    heatmap = client.get(_url("results_heatmap", round_)).content.decode()
    assert TOO_FEW in heatmap and "0.00" not in heatmap and "1.00" not in heatmap

    results = round_results(round_)
    assert results.withheld.startswith(TOO_FEW)
    assert all(
        q.too_few and q.mean is None and not any(q.score.distribution.values()) for q in results.questions
    )
    assert all(not g.count for g in results.sectors + results.layers)


def test_the_export_of_a_round_with_too_few_respondents_has_no_counts_or_scores(
    client, partnership, version, member
):
    round_ = _closed(partnership, version)
    for _ in range(2):
        make_response(round_, ALL_PARTLY)
    client.force_login(member)
    book = openpyxl.load_workbook(io.BytesIO(client.get(_url("results_export", round_)).content))
    sheet = book["Questions"]
    header = [c.value for c in sheet[1]]
    first = dict(zip(header, [c.value for c in sheet[2]], strict=True))
    assert first["Partly in place"] is None and first["Mean score (0 to 2)"] is None
    assert TOO_FEW in first["Perceived"]
    rules = {row[0].value: row[1].value for row in book["How computed"].iter_rows(min_row=2)}
    assert TOO_FEW in rules["Answers shown"]


def test_a_question_with_fewer_answers_than_the_minimum_is_hidden_with_its_comments(partnership, version):
    round_ = _closed(partnership, version)
    for i in range(5):
        answers = dict(ALL_PARTLY)
        if i == 0:
            del answers["scs-2"]  # only four answered scs-2
        make_response(round_, answers, comments={"scs-2": f"comment {i}"})
    results = round_results(round_)
    assert results.withheld == ""
    assert results.question("scs-1").mean == 1.0 and not results.question("scs-1").too_few
    scs2 = results.question("scs-2")
    assert scs2.too_few and scs2.mean is None and not any(scs2.score.distribution.values())
    assert all(g.mean is None for g in scs2.by_sector + scs2.by_layer)
    from joinedup.assessment.selectors_results import question_comments

    assert question_comments(round_, scs2) == ()


def test_an_open_anonymous_round_shows_coordinators_no_results_until_it_closes(
    client, partnership, version, coordinator
):
    round_ = make_round(partnership, version)  # open, anonymous
    for _ in range(6):
        make_response(round_, ALL_PARTLY, comments={"scs-1": "Live comment"})
    client.force_login(coordinator)
    page = client.get(_url("results", round_)).content.decode()
    assert "shown only once the round has closed" in page
    question = client.get(_url("results_question", round_, question_key="scs-1")).content.decode()
    assert "Live comment" not in question
    assert round_results(round_).question("scs-1").mean is None

    round_services.close_round(round_=round_, user=coordinator)
    round_.refresh_from_db()
    assert round_results(round_).question("scs-1").mean == 1.0


def test_an_open_named_round_with_enough_respondents_shows_coordinators_live_results(partnership, version):
    round_ = make_round(partnership, version, is_anonymous=False)
    for _ in range(5):
        make_response(round_, ALL_PARTLY)
    assert round_results(round_).question("scs-1").mean == 1.0


def test_the_previous_round_shows_no_change_when_it_had_too_few_respondents(partnership, version):
    before = _closed(partnership, version, title="Before")
    make_response(before, {k: "not_in_place" for k in KEYS})
    now = _closed(partnership, version, title="Now", previous_round=before)
    for _ in range(5):
        make_response(now, ALL_PARTLY)
    results = round_results(now)
    assert results.question("scs-1").previous_mean is None and results.question("scs-1").change is None


# --- item 8: the smallest group is fixed per round ----------------------------------------------


def test_opening_a_round_snapshots_the_smallest_group(partnership):
    setting = make_setting()
    update_settings(
        partnership=setting.partnership,
        min_group_size=7,
        maturity_rule=None,
        user=setting.coordinator,
        expected_version=0,
    )
    round_ = round_services.open_round(
        partnership=setting.partnership,
        user=setting.coordinator,
        title="Snapshot",
        framework_version=setting.version,
        opens_on=TODAY,
        closes_on=TODAY + dt.timedelta(days=7),
        is_anonymous=True,
        bodies=[setting.executive],
    )
    assert round_.min_group_size == 7


def test_lowering_the_setting_after_opening_changes_nothing_for_that_round(partnership, version, coordinator):
    round_ = _closed(partnership, version)
    round_.min_group_size = 5
    round_.save(update_fields=["min_group_size"])
    for _ in range(3):
        make_response(round_, ALL_PARTLY)
    update_settings(
        partnership=partnership, min_group_size=2, maturity_rule=None, user=coordinator, expected_version=0
    )
    results = round_results(round_)
    assert results.min_group_size == 5
    assert results.withheld and results.question("scs-1").mean is None


def test_a_round_opened_before_the_snapshot_uses_the_setting(partnership, version):
    AssessmentSettings.objects.create(partnership=partnership, min_group_size=3)
    round_ = _closed(partnership, version)
    assert round_.min_group_size is None
    for _ in range(3):
        make_response(round_, ALL_PARTLY)
    results = round_results(round_)
    assert results.min_group_size == 3 and results.question("scs-1").mean == 1.0


# --- item 4: no drafts of an anonymous round outlive it --------------------------------------


def _draft(round_):
    return make_response(round_, {"scs-1": "partly"}, submitted=False)


def test_closing_an_anonymous_round_early_deletes_its_drafts(partnership, version, coordinator):
    round_ = make_round(partnership, version)
    draft = _draft(round_)
    make_response(round_, ALL_PARTLY)
    round_services.close_round(round_=round_, user=coordinator)
    assert not Response.objects.filter(pk=draft.pk).exists()
    assert Response.objects.filter(round=round_, status=ResponseStatus.SUBMITTED).count() == 1


def test_closing_a_named_round_keeps_its_drafts(partnership, version, coordinator):
    round_ = make_round(partnership, version, is_anonymous=False)
    draft = _draft(round_)
    round_services.close_round(round_=round_, user=coordinator)
    assert Response.objects.filter(pk=draft.pk).exists()


def test_the_scheduled_command_deletes_drafts_of_anonymous_rounds_past_their_closing_date(
    partnership, version
):
    past = _closed(partnership, version, title="Past")
    still_open = make_round(partnership, version, title="Open")
    named = _closed(partnership, version, title="Named", is_anonymous=False)
    drafts = {r.title: _draft(r) for r in (past, still_open, named)}
    out = io.StringIO()
    call_command("close_due_rounds", stdout=out)
    assert "Deleted 1 unsubmitted draft" in out.getvalue()
    assert not Response.objects.filter(pk=drafts["Past"].pk).exists()
    assert Response.objects.filter(pk=drafts["Open"].pk).exists()
    assert Response.objects.filter(pk=drafts["Named"].pk).exists()
    call_command("close_due_rounds", stdout=io.StringIO())  # idempotent
    assert Response.objects.filter(round__partnership=partnership, status=ResponseStatus.DRAFT).count() == 2


def test_reading_a_closed_anonymous_rounds_results_deletes_any_draft_left(
    client, partnership, version, member
):
    round_ = _closed(partnership, version)
    draft = _draft(round_)
    client.force_login(member)
    assert client.get(_url("results", round_)).status_code == 200
    assert not Response.objects.filter(pk=draft.pk).exists()


# --- item 5: the rules shown are the rules applied -------------------------------------------


def test_how_computed_states_the_versions_points_and_the_partnerships_maturity_rule(
    client, partnership, coordinator
):
    version = make_version(key="odd-points")
    version.points = {"in_place": 2, "partly": 1.5, "not_in_place": 0.5}
    version.save(update_fields=["points"])
    update_settings(
        partnership=partnership,
        min_group_size=5,
        maturity_rule={"bounds": [0.3, 0.9, 1.7], "cap_level": "coordination"},
        user=coordinator,
        expected_version=0,
    )
    round_ = _closed(partnership, version)
    for _ in range(5):
        make_response(round_, ALL_PARTLY)
    client.force_login(coordinator)
    page = client.get(_url("results", round_)).content.decode()
    assert "in place 2, partly in place 1.5, not in place 0.5" in page
    assert "below 0.3 networking, below 0.9 coordination, below 1.7 cooperation" in page
    assert "never above coordination" in page
    assert round_results(round_).question("scs-1").mean == 1.5
