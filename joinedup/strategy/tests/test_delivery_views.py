"""Delivery pages: programme page with inline (htmx) updates, progress form, RAG explanation,
roll-up links and the actions behind them, query counts with hundreds of actions."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from joinedup.core.models import AuditEntry
from joinedup.partnerships.tests.factories import (
    OrganisationFactory,
    PartnershipFactory,
    PersonFactory,
    user_with_role,
)
from joinedup.strategy import analysis
from joinedup.strategy.models import ActionStatus, Outcome, Priority, Strategy
from joinedup.strategy.selectors_delivery import rollup_for_outcomes
from joinedup.strategy.services import delivery as services
from joinedup.strategy.tests.delivery_factories import (
    ActionFactory,
    ActionUpdateFactory,
    MilestoneFactory,
    ProgrammeFactory,
)
from joinedup.strategy.tests.factories import OutcomeFactory, PriorityFactory

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()


@pytest.fixture
def partnership():
    return PartnershipFactory(slug="place")


@pytest.fixture
def editor(partnership):
    return user_with_role(partnership, "editor")


@pytest.fixture
def programme(partnership):
    return ProgrammeFactory(partnership=partnership, title="Regeneration Framework")


def _red_on_track(programme, **extra):
    # 70% of the time gone, 10% complete, reported on track: computed red.
    return ActionFactory(
        programme=programme,
        start_date=TODAY - dt.timedelta(days=70),
        due_date=TODAY + dt.timedelta(days=30),
        percent_complete=10,
        status=ActionStatus.ON_TRACK,
        **extra,
    )


def _url(name, partnership, **kwargs):
    return reverse(f"strategy:{name}", kwargs={"slug": partnership.slug, **kwargs})


def test_programme_page_shows_each_action_with_its_computed_rag_and_the_disagreement(
    client, partnership, editor, programme
):
    action = _red_on_track(programme, title="Reopen the market hall")
    client.force_login(editor)
    response = client.get(_url("programme", partnership, programme_id=programme.pk))
    html = response.content.decode()
    assert "Reopen the market hall" in html
    assert "Reported on track, computed red" in html
    assert _url("action_rag", partnership, action_id=action.pk) in html


def test_rag_explanation_shows_reason_inputs_and_thresholds(client, partnership, editor, programme):
    programme.rag_amber_points, programme.rag_red_points = 15, 25
    programme.save()
    action = _red_on_track(programme)
    client.force_login(editor)
    html = client.get(_url("action_rag", partnership, action_id=action.pk)).content.decode()
    assert (
        "10% complete with 70% of the time gone: 60 points behind, more than the 25-point red threshold."
        in html
    )
    assert "More than 25 points behind is red; more than 15 is amber" in html
    assert "Percent complete" in html and "Share of the time gone" in html


def test_inline_update_with_htmx_returns_just_the_row(client, partnership, editor, programme):
    action = _red_on_track(programme)
    client.force_login(editor)
    response = client.post(
        _url("action_progress", partnership, action_id=action.pk),
        {"inline": "1", "version": action.version, "status": "off_track", "percent_complete": "15"},
        HTTP_HX_REQUEST="true",
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert html.lstrip().startswith(f'<tr class="govuk-table__row" id="action-{action.pk}">')
    assert "<html" not in html
    assert "Saved" in html
    action.refresh_from_db()
    assert (action.status, action.percent_complete) == ("off_track", 15)
    assert action.updates.count() == 1


def test_inline_update_after_someone_else_saved_shows_both_versions(client, partnership, editor, programme):
    action = _red_on_track(programme)
    services.record_action_update(action=action, status="at_risk", percent_complete=12, user=editor)
    client.force_login(editor)
    response = client.post(
        _url("action_progress", partnership, action_id=action.pk),
        {"inline": "1", "version": "1", "status": "complete", "percent_complete": "100"},
        HTTP_HX_REQUEST="true",
    )
    html = response.content.decode()
    assert "Someone else changed this while you were editing" in html
    assert "Reported status “At risk”" in html and "Reported status “Complete”" in html
    action.refresh_from_db()
    assert action.status == "at_risk"
    # The rebased form carries the stored version, so saving again replaces theirs knowingly.
    assert f'name="version" value="{action.version}"' in html


def test_progress_form_without_javascript_records_and_redirects(client, partnership, editor, programme):
    action = _red_on_track(programme)
    client.force_login(editor)
    response = client.post(
        _url("action_progress", partnership, action_id=action.pk),
        {"version": action.version, "status": "at_risk", "percent_complete": "20", "commentary": "Delayed"},
    )
    assert response.status_code == 302
    assert response["Location"] == _url("action", partnership, action_id=action.pk)
    page = client.get(response["Location"]).content.decode()
    assert "Delayed" in page
    assert AuditEntry.objects.filter(action="strategy.action_update.recorded").count() == 1


def test_progress_form_conflict_is_shown_with_409(client, partnership, editor, programme):
    action = _red_on_track(programme)
    services.record_action_update(action=action, status="at_risk", percent_complete=12, user=editor)
    client.force_login(editor)
    response = client.post(
        _url("action_progress", partnership, action_id=action.pk),
        {"version": "1", "status": "complete", "percent_complete": "100"},
    )
    assert response.status_code == 409
    assert "Saved by someone else" in response.content.decode()


def test_progress_form_errors_use_govuk_wording(client, partnership, editor, programme):
    action = _red_on_track(programme)
    client.force_login(editor)
    response = client.post(
        _url("action_progress", partnership, action_id=action.pk),
        {"version": action.version, "status": "on_track", "percent_complete": "140"},
    )
    assert "Percent complete must be 100 or less" in response.content.decode()


def test_the_lead_person_may_post_updates_though_only_a_viewer(client, partnership, programme):
    viewer = user_with_role(partnership, "viewer")
    person = PersonFactory(partnership=partnership, user=viewer)
    led = _red_on_track(programme, lead_person=person)
    not_led = _red_on_track(programme)
    client.force_login(viewer)
    ok = client.post(
        _url("action_progress", partnership, action_id=led.pk),
        {"version": led.version, "status": "at_risk", "percent_complete": "30"},
    )
    refused = client.post(
        _url("action_progress", partnership, action_id=not_led.pk),
        {"version": not_led.version, "status": "at_risk", "percent_complete": "30"},
    )
    assert (ok.status_code, refused.status_code) == (302, 403)
    assert client.get(_url("action_edit", partnership, action_id=led.pk)).status_code == 403


def test_overdue_and_stale_actions_are_highlighted(client, partnership, editor, programme):
    ActionFactory(
        programme=programme,
        title="Overdue one",
        start_date=TODAY - dt.timedelta(days=200),
        due_date=TODAY - dt.timedelta(days=3),
        percent_complete=80,
    )
    client.force_login(editor)
    html = client.get(_url("programme", partnership, programme_id=programme.pk)).content.decode()
    assert "Overdue" in html
    assert "No recent update" in html


def test_each_rollup_count_links_to_the_actions_behind_it(client, partnership, editor, programme):
    red = _red_on_track(programme, title="Behind schedule")
    ActionFactory(
        programme=programme, title="Done already", status=ActionStatus.COMPLETE, percent_complete=100
    )
    client.force_login(editor)
    page = client.get(_url("programme", partnership, programme_id=programme.pk)).content.decode()
    red_url = f"{_url('actions', partnership)}?programme={programme.pk}&amp;rag=red"
    assert red_url in page
    listed = client.get(
        _url("actions", partnership), {"programme": programme.pk, "rag": "red"}
    ).content.decode()
    assert red.title in listed and "Done already" not in listed
    by_status = client.get(_url("actions", partnership), {"status": "complete"}).content.decode()
    assert "Done already" in by_status and red.title not in by_status


def test_filtered_actions_never_show_another_partnerships_programme(client, partnership, editor):
    other = ProgrammeFactory(partnership=PartnershipFactory(slug="other"))
    client.force_login(editor)
    assert client.get(_url("actions", partnership), {"programme": other.pk}).status_code == 404
    assert client.get(_url("actions", partnership), {"rag": "purple"}).status_code == 404


def _outcome(partnership, title):
    strategy = Strategy.objects.filter(partnership=partnership).first() or Strategy.objects.create(
        partnership=partnership, title="Community strategy", vision="A place", start_year=2008, end_year=2028
    )
    priority = Priority.objects.create(partnership=partnership, strategy=strategy, title=f"Theme for {title}")
    return Outcome.objects.create(partnership=partnership, priority=priority, title=title)


def test_rollup_for_outcomes_counts_the_actions_of_linked_programmes(partnership, programme):
    jobs = _outcome(partnership, "More local jobs")
    homes = _outcome(partnership, "More affordable homes")
    _outcome(partnership, "Unplanned")
    programme.outcomes.set([jobs, homes])
    housing = ProgrammeFactory(partnership=partnership)
    housing.outcomes.set([homes])
    _red_on_track(programme)
    ActionFactory(programme=housing, status=ActionStatus.CANCELLED)
    result = rollup_for_outcomes(partnership, today=TODAY)
    assert set(result) == {jobs.pk, homes.pk}
    assert result[jobs.pk].total == 1 and result[jobs.pk].by_rag == {analysis.RED: 1}
    assert result[homes.pk].total == 2
    assert result[homes.pk].by_status == {ActionStatus.ON_TRACK: 1, ActionStatus.CANCELLED: 1}
    assert result[jobs.pk].disagreements == 1


def test_rollup_for_outcomes_runs_a_fixed_number_of_queries(
    partnership, programme, django_assert_max_num_queries
):
    outcome = _outcome(partnership, "Jobs")
    programme.outcomes.set([outcome])
    for _ in range(30):
        _red_on_track(programme)
    with django_assert_max_num_queries(2):
        rollup_for_outcomes(partnership)


def test_programme_page_with_200_actions_runs_a_fixed_number_of_queries(
    client, partnership, editor, programme, django_assert_max_num_queries
):
    lead = PersonFactory(partnership=partnership)
    for n in range(200):
        action = ActionFactory(programme=programme, lead_person=lead, percent_complete=n % 100)
        if n % 10 == 0:
            MilestoneFactory(action=action)
    client.force_login(editor)
    url = _url("programme", partnership, programme_id=programme.pk)
    with django_assert_max_num_queries(11):
        response = client.get(url)
    assert response.content.decode().count('class="govuk-table__row" id="action-') == 200


def test_action_page_shows_milestones_updates_and_history(client, partnership, editor, programme):
    action = _red_on_track(programme, title="Reopen the market hall")
    services.add_milestone(action=action, user=editor, title="Lease signed", due_date=TODAY)
    services.record_action_update(
        action=action, status="at_risk", percent_complete=25, commentary="Waiting on the lease", user=editor
    )
    client.force_login(editor)
    html = client.get(_url("action", partnership, action_id=action.pk)).content.decode()
    assert "Lease signed" in html
    assert "Waiting on the lease" in html
    assert "Added the milestone Lease signed to Reopen the market hall." in html


def test_adding_a_programme_and_an_action_through_the_forms(client, partnership, editor):
    client.force_login(editor)
    response = client.post(
        _url("programme_add", partnership),
        {
            "title": "Low Carbon Plan",
            "update_cycle": "quarterly",
            "rag_amber_points": "10",
            "rag_red_points": "25",
        },
    )
    assert response.status_code == 302
    programme = partnership.programmes.get(title="Low Carbon Plan")
    assert programme.rag_red_points == 25
    response = client.post(
        _url("action_add", partnership, programme_id=programme.pk),
        {
            "title": "Retrofit council housing",
            "status": "not_started",
            "percent_complete": "0",
            "start_date": "1/4/2026",
            "due_date": "31/3/2027",
        },
    )
    assert response.status_code == 302
    assert programme.actions.get().title == "Retrofit council housing"


def test_programme_form_refuses_red_threshold_not_above_amber(client, partnership, editor):
    client.force_login(editor)
    response = client.post(
        _url("programme_add", partnership),
        {"title": "Plan", "update_cycle": "monthly", "rag_amber_points": "30", "rag_red_points": "20"},
    )
    assert "The red threshold must be more than the amber threshold" in response.content.decode()
    assert not partnership.programmes.exists()


def test_closing_a_programme_records_lessons_learned(client, partnership, editor, programme):
    client.force_login(editor)
    response = client.post(
        _url("programme_close", partnership, programme_id=programme.pk),
        {"version": programme.version, "closed_on": "1/3/2026", "lessons_learned": "Engage owners early."},
    )
    assert response.status_code == 302
    html = client.get(response["Location"]).content.decode()
    assert "Engage owners early." in html
    assert "Closed the programme Regeneration Framework, recording lessons learned." in html


def test_completing_a_milestone_through_the_page(client, partnership, editor, programme):
    milestone = MilestoneFactory(action=_red_on_track(programme))
    client.force_login(editor)
    url = _url("milestone_complete", partnership, action_id=milestone.action_id, milestone_id=milestone.pk)
    assert client.post(url).status_code == 302
    milestone.refresh_from_db()
    assert milestone.completed_on == TODAY
    assert client.post(url).status_code == 409


def test_inline_update_with_an_invalid_percent_keeps_the_row_and_says_why(
    client, partnership, editor, programme
):
    action = _red_on_track(programme)
    client.force_login(editor)
    response = client.post(
        _url("action_progress", partnership, action_id=action.pk),
        {"inline": "1", "version": action.version, "status": "at_risk", "percent_complete": "lots"},
        HTTP_HX_REQUEST="true",
    )
    html = response.content.decode()
    assert "Enter the percent complete as a whole number" in html
    assert 'value="lots"' in html
    action.refresh_from_db()
    assert action.status == ActionStatus.ON_TRACK and not action.updates.exists()


def test_the_lead_person_sees_update_progress_but_not_edit(client, partnership, programme):
    member = user_with_role(partnership, "member")
    led = _red_on_track(programme, lead_person=PersonFactory(partnership=partnership, user=member))
    client.force_login(member)
    html = client.get(_url("action", partnership, action_id=led.pk)).content.decode()
    assert _url("action_progress", partnership, action_id=led.pk) in html
    assert _url("action_edit", partnership, action_id=led.pk) not in html
    assert client.get(_url("action_progress", partnership, action_id=led.pk)).status_code == 200


def test_a_theme_lead_edits_actions_of_programmes_serving_their_theme_only(client, partnership):
    lead = user_with_role(partnership, "viewer")
    theme = PriorityFactory(partnership=partnership)
    theme.theme_leads.add(lead)
    other_theme = PriorityFactory(partnership=partnership, strategy=theme.strategy)
    theirs = ProgrammeFactory(partnership=partnership)
    theirs.outcomes.add(OutcomeFactory(partnership=partnership, priority=theme))
    not_theirs = ProgrammeFactory(partnership=partnership)
    not_theirs.outcomes.add(OutcomeFactory(partnership=partnership, priority=other_theme))
    mine, other = _red_on_track(theirs), _red_on_track(not_theirs)
    client.force_login(lead)
    assert client.get(_url("action_edit", partnership, action_id=mine.pk)).status_code == 200
    assert client.get(_url("action_edit", partnership, action_id=other.pk)).status_code == 403
    assert client.get(_url("programme_add", partnership)).status_code == 403


def _programme_post(programme, *outcomes):
    return {
        "title": programme.title,
        "update_cycle": "monthly",
        "rag_amber_points": "10",
        "rag_red_points": "25",
        "outcomes": [o.pk for o in outcomes],
        "version": programme.version,
    }


@pytest.fixture
def two_themes(partnership):
    lead = user_with_role(partnership, "viewer")
    theme = PriorityFactory(partnership=partnership)
    theme.theme_leads.add(lead)
    other_theme = PriorityFactory(partnership=partnership, strategy=theme.strategy)
    mine = OutcomeFactory(partnership=partnership, priority=theme)
    others = OutcomeFactory(partnership=partnership, priority=other_theme)
    programme = ProgrammeFactory(partnership=partnership, outcomes=[mine])
    return lead, programme, mine, others


def test_a_theme_lead_cannot_point_their_programme_at_another_themes_outcome(client, partnership, two_themes):
    lead, programme, mine, others = two_themes
    client.force_login(lead)
    form = client.get(_url("programme_edit", partnership, programme_id=programme.pk)).context["form"]
    assert list(form.fields["outcomes"].queryset) == [mine]
    response = client.post(
        _url("programme_edit", partnership, programme_id=programme.pk), _programme_post(programme, others)
    )
    assert response.status_code in (200, 403)
    assert list(programme.outcomes.all()) == [mine]
    assert not AuditEntry.objects.filter(action="strategy.programme.updated").exists()


def test_a_theme_lead_cannot_add_another_themes_outcome_even_keeping_their_own(
    client, partnership, two_themes
):
    from joinedup.strategy.rules import may_link_outcomes

    lead, programme, mine, others = two_themes
    # The view re-checks the posted values whatever the form offered.
    assert not may_link_outcomes(lead, programme, [mine, others])
    assert not may_link_outcomes(lead, programme, [])
    assert may_link_outcomes(lead, programme, [mine])
    client.force_login(lead)
    client.post(
        _url("programme_edit", partnership, programme_id=programme.pk),
        _programme_post(programme, mine, others),
    )
    assert list(programme.outcomes.all()) == [mine]


def test_a_theme_lead_editing_keeps_the_programmes_links_to_other_themes(client, partnership, two_themes):
    lead, programme, mine, others = two_themes
    programme.outcomes.add(others)
    client.force_login(lead)
    response = client.post(
        _url("programme_edit", partnership, programme_id=programme.pk), _programme_post(programme, mine)
    )
    assert response.status_code == 302
    assert set(programme.outcomes.all()) == {mine, others}


def test_an_editor_may_point_a_programme_at_any_theme(client, partnership, editor, two_themes):
    _, programme, _, others = two_themes
    client.force_login(editor)
    response = client.post(
        _url("programme_edit", partnership, programme_id=programme.pk), _programme_post(programme, others)
    )
    assert response.status_code == 302
    assert list(programme.outcomes.all()) == [others]


def _busy_actions(partnership, programmes, count):
    """Actions spread over programmes, each with a lead person, lead and contributing
    organisations, a milestone and an update: whatever a page might look up per row."""
    org = OrganisationFactory(partnership=partnership)
    made = []
    for n in range(count):
        action = _red_on_track(
            programmes[n % len(programmes)],
            lead_person=PersonFactory(partnership=partnership),
            lead_organisation=OrganisationFactory(partnership=partnership),
        )
        action.contributing_organisations.add(org)
        MilestoneFactory(action=action)
        ActionUpdateFactory(action=action)
        made.append(action)
    return made


def test_the_actions_list_runs_a_fixed_number_of_queries_as_actions_grow(
    client, partnership, editor, django_assert_max_num_queries
):
    outcome = OutcomeFactory(partnership=partnership)
    programmes = [ProgrammeFactory(partnership=partnership, outcomes=[outcome]) for _ in range(3)]
    _busy_actions(partnership, programmes, 3)
    client.force_login(editor)
    queries = ("", f"?outcome={outcome.pk}&rag=red", f"?programme={programmes[0].pk}&status=on_track")
    few = {}
    for query in queries:
        with CaptureQueriesContext(connection) as captured:
            client.get(_url("actions", partnership) + query)
        few[query] = len(captured)
    more = [ProgrammeFactory(partnership=partnership, outcomes=[outcome]) for _ in range(3)]
    _busy_actions(partnership, programmes + more, 40)
    for query in queries:
        with django_assert_max_num_queries(few[query]):
            response = client.get(_url("actions", partnership) + query)
        assert len(response.context["rows"]) >= 8
    assert len(response.context["rows"]) == 1 + 7


def test_the_action_page_runs_a_fixed_number_of_queries_as_its_records_grow(
    client, partnership, editor, programme, django_assert_max_num_queries
):
    action = _red_on_track(programme, lead_person=PersonFactory(partnership=partnership))
    client.force_login(editor)
    MilestoneFactory(action=action)
    ActionUpdateFactory(action=action, by_person=PersonFactory(partnership=partnership))
    action.contributing_organisations.add(OrganisationFactory(partnership=partnership))
    with CaptureQueriesContext(connection) as few:
        client.get(_url("action", partnership, action_id=action.pk))
    for n in range(15):
        # Through the service, so the page's history grows too.
        services.add_milestone(action=action, user=editor, title=f"Step {n}", due_date=TODAY)
        ActionUpdateFactory(action=action, by_person=PersonFactory(partnership=partnership))
        ActionUpdateFactory(action=action, by_user=user_with_role(partnership, "member"))
        action.contributing_organisations.add(OrganisationFactory(partnership=partnership))
    with django_assert_max_num_queries(len(few)):
        response = client.get(_url("action", partnership, action_id=action.pk))
    assert len(response.context["milestones"]) == 16
    assert response.status_code == 200


def test_completing_an_action_records_its_lessons_learned(client, partnership, editor, programme):
    action = _red_on_track(programme)
    client.force_login(editor)
    page = client.get(_url("action_progress", partnership, action_id=action.pk)).content.decode()
    assert "Lessons learned (optional)" in page
    response = client.post(
        _url("action_progress", partnership, action_id=action.pk),
        {
            "version": action.version,
            "status": "complete",
            "percent_complete": "100",
            "lessons_learned": "Start the lease talks a year earlier.",
        },
    )
    assert response.status_code == 302
    action.refresh_from_db()
    assert action.lessons_learned == "Start the lease talks a year earlier."
    entry = AuditEntry.objects.filter(action="strategy.action_update.recorded").latest("at")
    assert entry.after["lessons_learned"] == "Start the lease talks a year earlier."


def test_lessons_typed_on_an_update_that_does_not_close_the_action_are_reshown_with_an_error(
    client, partnership, editor, programme
):
    action = _red_on_track(programme)
    client.force_login(editor)
    response = client.post(
        _url("action_progress", partnership, action_id=action.pk),
        {
            "version": action.version,
            "status": "at_risk",
            "percent_complete": "20",
            "lessons_learned": "Too soon",
        },
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "Lessons learned are recorded when the action is complete or cancelled" in page
    assert "Too soon" in page
    action.refresh_from_db()
    assert (action.lessons_learned, action.status) == ("", "on_track")
