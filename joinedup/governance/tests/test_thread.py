"""The golden thread (item links, panels with exempt items hidden), the agenda suggestion from
live data (and accepting it through the meetings service), escalations recorded as considered,
and governing documents with their checklists. All audited."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.template import Context, Template
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone

from joinedup.core.models import AuditEntry
from joinedup.core.periods import Period
from joinedup.governance import selectors_thread as selectors
from joinedup.governance.models import MeetingStatus
from joinedup.governance.services import meetings as meeting_services
from joinedup.governance.services import thread as services
from joinedup.governance.tests.factories_meetings import AgendaItemFactory, MeetingFactory
from joinedup.governance.tests.factories_record import DecisionFactory, MeetingActionFactory
from joinedup.governance.tests.factories_thread import EscalationFactory, GoverningDocumentFactory
from joinedup.partnerships.access import PartnershipAccess
from joinedup.partnerships.models import Layer
from joinedup.partnerships.tests.factories import (
    AreaFactory,
    BodyFactory,
    MembershipFactory,
    PartnershipFactory,
    PersonFactory,
    user_with_role,
)
from joinedup.performance.models import Escalation, PartnershipIndicator
from joinedup.performance.services.observations import NewObservation, plan_observations, write_observations
from joinedup.performance.tests.factories_targets import LocalIndicatorFactory, TargetFactory
from joinedup.strategy.tests.delivery_factories import ActionFactory, ProgrammeFactory
from joinedup.strategy.tests.risk_factories import RiskFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def partnership():
    return PartnershipFactory(slug="place")


@pytest.fixture
def body(partnership):
    return BodyFactory(partnership=partnership, name="Health and Wellbeing Board", layer=Layer.STRATEGIC)


@pytest.fixture
def editor(partnership):
    return user_with_role(partnership, "editor")


def access_for(partnership, user):
    role = user.partnership_roles.get(partnership=partnership).role
    return PartnershipAccess(partnership=partnership, user=user, role=role)


def _actions(partnership):
    return list(AuditEntry.objects.filter(partnership_id=partnership.pk).values_list("action", flat=True))


# --- item links -------------------------------------------------------------------------------


def test_an_item_links_to_what_it_discusses_and_the_audit_names_them(partnership, body, editor):
    meeting = MeetingFactory(body=body)
    action = ActionFactory(programme=ProgrammeFactory(partnership=partnership), title="Open the hub")
    risk = RiskFactory(partnership=partnership, outcome__partnership=partnership)
    item = meeting_services.add_item(
        meeting=meeting, user=editor, fields={"title": "Hub"}, links={"actions": [action], "risks": [risk]}
    )
    assert list(item.actions.all()) == [action] and list(item.risks.all()) == [risk]
    entry = AuditEntry.objects.get(action="governance.item.added")
    assert entry.after["actions"] == ["Open the hub"]


def test_an_item_cannot_link_to_another_partnerships_records_or_escalations_to_another_body(
    partnership, body, editor
):
    meeting = MeetingFactory(body=body)
    elsewhere = ActionFactory()
    with pytest.raises(ValidationError):
        meeting_services.add_item(
            meeting=meeting, user=editor, fields={"title": "X"}, links={"actions": [elsewhere]}
        )
    other_body = BodyFactory(partnership=partnership)
    escalation = EscalationFactory(partnership=partnership, to_body=other_body)
    with pytest.raises(ValidationError):
        meeting_services.add_item(
            meeting=meeting, user=editor, fields={"title": "X"}, links={"escalations": [escalation]}
        )


def test_marking_a_meeting_held_records_its_escalations_as_considered_at_the_meeting(
    partnership, body, editor
):
    meeting = MeetingFactory(body=body, starts_at=timezone.now() - dt.timedelta(hours=2))
    on_agenda = EscalationFactory(partnership=partnership, to_body=body)
    not_on_agenda = EscalationFactory(partnership=partnership, to_body=body)
    meeting_services.add_item(
        meeting=meeting, user=editor, fields={"title": "Exception"}, links={"escalations": [on_agenda]}
    )
    meeting_services.change_status(meeting=meeting, user=editor, status=MeetingStatus.HELD)
    on_agenda.refresh_from_db()
    not_on_agenda.refresh_from_db()
    assert on_agenda.status == Escalation.Status.CONSIDERED
    assert on_agenda.considered_at == meeting.starts_at
    assert not_on_agenda.status == Escalation.Status.OPEN
    entry = AuditEntry.objects.get(action="governance.meeting.status_changed")
    assert entry.after["escalations_considered"] == 1


def test_the_item_form_saves_the_links(client, partnership, body, editor):
    meeting = MeetingFactory(body=body)
    indicator = LocalIndicatorFactory(partnership=partnership)
    escalation = EscalationFactory(partnership=partnership, to_body=body)
    client.force_login(editor)
    url = reverse("governance:item_add", kwargs={"slug": "place", "meeting_id": meeting.pk})
    response = client.post(
        url,
        {"title": "Exception report", "purpose": "performance", "indicators": [indicator.pk],
         "escalations": [escalation.pk]},
    )  # fmt: skip
    assert response.status_code == 302
    item = meeting.items.get(title="Exception report")
    assert list(item.indicators.all()) == [indicator]
    assert list(item.escalations.all()) == [escalation]


# --- panels -----------------------------------------------------------------------------------


def _render_panel(slot, **kwargs):
    template = Template("{% load panels %}{% panels slot " + " ".join(f"{k}={k}" for k in kwargs) + " %}")
    request = RequestFactory().get("/")
    return template.render(Context({"slot": slot, "request": request, **kwargs}))


def test_the_risk_panel_shows_meetings_and_decisions_and_hides_exempt_items_from_viewers(partnership, body):
    risk = RiskFactory(partnership=partnership, outcome__partnership=partnership)
    public = AgendaItemFactory(meeting=MeetingFactory(body=body), title="Risk review")
    exempt = AgendaItemFactory(
        meeting=MeetingFactory(body=body),
        title="Confidential contract",
        is_exempt=True,
        exempt_reason="Para 3",
    )
    public.risks.add(risk)
    exempt.risks.add(risk)
    DecisionFactory(item=public, partnership=partnership, text="Accept the mitigation plan").risks.add(risk)
    DecisionFactory(item=exempt, partnership=partnership, text="Terminate the contract").risks.add(risk)
    MeetingActionFactory(item=public, partnership=partnership, description="Report on costs").risks.add(risk)

    viewer = access_for(partnership, user_with_role(partnership, "viewer"))
    html = _render_panel("strategy.risk", risk=risk, access=viewer, partnership=partnership)
    assert "Risk review" in html and "Accept the mitigation plan" in html and "Report on costs" in html
    assert "Confidential contract" not in html and "Terminate the contract" not in html
    assert "Health and Wellbeing Board" in html

    member_user = user_with_role(partnership, "viewer")
    MembershipFactory(body=body, person=PersonFactory(partnership=partnership, user=member_user))
    html = _render_panel(
        "strategy.risk", risk=risk, access=access_for(partnership, member_user), partnership=partnership
    )
    assert "Confidential contract" in html and "Terminate the contract" in html


def test_the_action_and_indicator_pages_show_where_they_were_discussed(client, partnership, body, editor):
    action = ActionFactory(programme=ProgrammeFactory(partnership=partnership))
    indicator = LocalIndicatorFactory(partnership=partnership)
    item = AgendaItemFactory(meeting=MeetingFactory(body=body), title="Delivery report")
    item.actions.add(action)
    item.indicators.add(indicator)
    client.force_login(editor)
    page = client.get(reverse("strategy:action", kwargs={"slug": "place", "action_id": action.pk}))
    assert "Discussed at meetings" in page.content.decode() and "Delivery report" in page.content.decode()
    page = client.get(
        reverse("performance:indicator", kwargs={"slug": "place", "indicator_id": indicator.pk})
    )
    assert "Delivery report" in page.content.decode()


def test_the_thread_queries_are_bounded(partnership, body, django_assert_max_num_queries):
    risk = RiskFactory(partnership=partnership, outcome__partnership=partnership)
    for _ in range(5):
        item = AgendaItemFactory(meeting=MeetingFactory(body=body))
        item.risks.add(risk)
        DecisionFactory(item=item, partnership=partnership).risks.add(risk)
    access = access_for(partnership, user_with_role(partnership, "viewer"))
    with django_assert_max_num_queries(8):
        data = selectors.thread_for(access, "risks", risk)
        [d.item.meeting.body.name for d in data["decisions"]]
    assert len(data["items"]) == 5


# --- the agenda suggestion ----------------------------------------------------------------------


def _red_indicator(partnership, outcome):
    area = AreaFactory()
    partnership.areas.add(area)  # the headline area the facts are for
    indicator = LocalIndicatorFactory(partnership=partnership, title="Smoking at delivery", polarity="lower")
    link = PartnershipIndicator.objects.create(partnership=partnership, indicator=indicator)
    link.outcomes.add(outcome)
    period = Period.financial_year(2025)
    TargetFactory(partnership=partnership, indicator=indicator, area=area, period=period, value=10.0)
    plan = plan_observations([NewObservation(indicator.pk, area.pk, period, 14.0)], may_revise=True)
    write_observations(plan, partnership_id=partnership.pk)
    return indicator


def test_the_suggestion_is_built_from_live_data_in_the_bodys_remit(partnership, body):
    today = timezone.localdate()
    meeting = MeetingFactory(body=body)
    escalation = EscalationFactory(partnership=partnership, to_body=body)
    EscalationFactory(partnership=partnership, to_body=body, status=Escalation.Status.CONSIDERED)
    risk = RiskFactory(
        partnership=partnership, outcome__partnership=partnership, escalation_layer=Layer.STRATEGIC
    )
    RiskFactory(partnership=partnership, outcome__partnership=partnership, escalation_layer=Layer.EXECUTIVE)
    indicator = _red_indicator(partnership, risk.outcome)
    late = ActionFactory(
        programme=ProgrammeFactory(partnership=partnership),
        start_date=today - dt.timedelta(days=90),
        due_date=today - dt.timedelta(days=3),
    )
    decision = DecisionFactory(
        item=AgendaItemFactory(
            meeting=MeetingFactory(body=body, starts_at=timezone.now() - dt.timedelta(days=60))
        ),
        partnership=partnership,
        report_to=body,
        report_due=today,
    )
    inputs, remit = selectors.suggestion_inputs(body, meeting, today=today)
    assert remit.outcome_ids is None  # a strategic body nothing names looks after everything
    from joinedup.governance import analysis_thread

    keys = [s.key for s in analysis_thread.suggest(inputs, today=today)]
    assert keys == [
        f"escalation-{escalation.pk}",
        f"decision-{decision.pk}",
        f"indicator-{indicator.pk}",
        f"risk-{risk.pk}",
        f"action-{late.pk}",
    ]


def test_a_body_named_as_lead_has_only_its_own_remit(partnership):
    executive = BodyFactory(partnership=partnership, layer=Layer.EXECUTIVE)
    mine = ProgrammeFactory(partnership=partnership, owner_body=executive)
    ProgrammeFactory(partnership=partnership)
    remit = selectors.remit_of(executive)
    assert remit.programme_ids == [mine.pk] and remit.outcome_ids == []
    assert selectors.remit_of(BodyFactory(partnership=partnership, layer=Layer.THEMATIC)).programme_ids == []


def test_a_clerk_accepts_suggestions_and_they_become_linked_agenda_items(client, partnership, body):
    clerk = user_with_role(partnership, "viewer")
    meeting_services.add_clerk(body=body, clerk_user=clerk, user=user_with_role(partnership, "admin"))
    meeting = meeting_services.create_meeting(
        body=body,
        user=clerk,
        fields={"starts_at": timezone.now() + dt.timedelta(days=20), "place": "Town Hall"},
    )
    escalation = EscalationFactory(partnership=partnership, to_body=body)
    risk = RiskFactory(
        partnership=partnership, outcome__partnership=partnership, escalation_layer=Layer.STRATEGIC
    )
    client.force_login(clerk)
    url = reverse("governance:agenda_suggestion", kwargs={"slug": "place", "body_id": body.pk})
    page = client.get(url)
    assert page.status_code == 200
    text = page.content.decode()
    assert f"Suggested agenda for {meeting}" in text and "Why:" in text
    response = client.post(url, {"suggestions": [f"escalation-{escalation.pk}", f"risk-{risk.pk}"]})
    assert response.status_code == 302
    escalation_item = meeting.items.get(escalations=escalation)
    assert list(escalation_item.indicators.all()) == [escalation.indicator]
    assert meeting.items.filter(risks=risk).count() == 1
    # Already on the agenda: offered but disabled, and not added twice.
    again = client.post(url, {"suggestions": [f"risk-{risk.pk}"]})
    assert again.status_code == 400
    assert meeting.items.filter(risks=risk).count() == 1
    assert _actions(partnership).count("governance.item.added") == 2


def test_only_those_who_manage_the_bodys_meetings_see_its_suggestion(client, partnership, body):
    MeetingFactory(body=body)
    client.force_login(user_with_role(partnership, "viewer"))
    url = reverse("governance:agenda_suggestion", kwargs={"slug": "place", "body_id": body.pk})
    assert client.get(url).status_code == 403


def test_without_a_planned_meeting_the_page_says_so(client, partnership, body, editor):
    client.force_login(editor)
    url = reverse("governance:agenda_suggestion", kwargs={"slug": "place", "body_id": body.pk})
    assert "No meeting of Health and Wellbeing Board is planned" in client.get(url).content.decode()


# --- governing documents --------------------------------------------------------------------------


def test_documents_past_review_are_listed_with_a_warning(client, partnership, body, editor):
    GoverningDocumentFactory(
        partnership=partnership, body=body, title="Old terms", review_due=dt.date(2020, 1, 1)
    )
    GoverningDocumentFactory(partnership=partnership, body=body, title="New terms")
    client.force_login(user_with_role(partnership, "viewer"))
    page = client.get(reverse("governance:documents", kwargs={"slug": "place"})).content.decode()
    assert "1 document past its review date" in page
    assert selectors.overdue_documents(partnership, today=timezone.localdate())[0].title == "Old terms"


def test_an_editor_adds_a_document_and_records_a_checklist_with_missing_elements(
    client, partnership, body, editor
):
    client.force_login(editor)
    response = client.post(
        reverse("governance:document_add", kwargs={"slug": "place"}),
        {"title": "Constitution", "kind": "constitution", "body": body.pk, "review_due": "01/04/2027"},
    )
    assert response.status_code == 302
    doc = partnership.governing_documents.get(title="Constitution")
    url = reverse(
        "governance:document_checklist",
        kwargs={"slug": "place", "document_id": doc.pk, "checklist": "elements"},
    )
    assert (
        client.post(url, {"version": doc.version, "aims": "Clause 1", "quorum": "Clause 7.2"}).status_code
        == 302
    )
    page = client.get(
        reverse("governance:document", kwargs={"slug": "place", "document_id": doc.pk})
    ).content.decode()
    assert "6 of 8 missing" in page and "Clause 7.2" in page
    assert "8 of 8 missing" in page  # the 2005 checklist, not yet recorded
    assert "governance.document.checklist_saved" in _actions(partnership)


def test_a_stale_checklist_is_refused_and_keeps_the_typing(client, partnership, body, editor):
    doc = GoverningDocumentFactory(partnership=partnership, body=body)
    stale = doc.version
    services.save_checklist(
        document=doc, user=editor, expected_version=stale, checklist="elements", answers={"aims": "1"}
    )
    client.force_login(editor)
    url = reverse(
        "governance:document_checklist",
        kwargs={"slug": "place", "document_id": doc.pk, "checklist": "elements"},
    )
    response = client.post(url, {"version": stale, "aims": "Clause 9"})
    assert response.status_code == 409
    assert "Clause 9" in response.content.decode()
    assert services.answers_of(doc, "elements")["aims"] == "1"


def test_viewers_cannot_change_documents(client, partnership, body):
    doc = GoverningDocumentFactory(partnership=partnership, body=body)
    client.force_login(user_with_role(partnership, "viewer"))
    assert client.get(reverse("governance:document_add", kwargs={"slug": "place"})).status_code == 403
    assert (
        client.get(
            reverse("governance:document_edit", kwargs={"slug": "place", "document_id": doc.pk})
        ).status_code
        == 403
    )


def test_the_thread_panel_is_hidden_for_another_partnerships_record(partnership):
    theirs = RiskFactory()
    editor_access = access_for(partnership, user_with_role(partnership, "editor"))
    assert _render_panel("strategy.risk", risk=theirs, access=editor_access, partnership=partnership) == ""


def test_accepting_a_report_back_links_the_decision_and_it_is_not_added_twice(client, partnership, body):
    clerk = user_with_role(partnership, "viewer")
    meeting_services.add_clerk(body=body, clerk_user=clerk, user=user_with_role(partnership, "admin"))
    meeting = meeting_services.create_meeting(
        body=body,
        user=clerk,
        fields={"starts_at": timezone.now() + dt.timedelta(days=20), "place": "Town Hall"},
    )
    decision = DecisionFactory(
        item=AgendaItemFactory(
            meeting=MeetingFactory(body=body, starts_at=timezone.now() - dt.timedelta(days=60))
        ),
        partnership=partnership,
        report_to=body,
        report_due=timezone.localdate(),
    )
    client.force_login(clerk)
    url = reverse("governance:agenda_suggestion", kwargs={"slug": "place", "body_id": body.pk})
    response = client.post(url, {"suggestions": [f"decision-{decision.pk}"]})
    assert response.status_code == 302
    item = meeting.items.get(title__startswith="Report back")
    assert list(item.decisions_reported.all()) == [decision]
    assert list(decision.reported_at_items.all()) == [item]
    page = client.get(url).content.decode()
    assert (
        f'value="decision-{decision.pk}" aria-describedby="suggestion-decision-{decision.pk}-why" disabled'
        in page
    )
    assert "(already on the agenda)" in page
    again = client.post(url, {"suggestions": [f"decision-{decision.pk}"]})
    assert again.status_code == 400
    assert meeting.items.filter(decisions_reported=decision).count() == 1
    assert _actions(partnership).count("governance.item.added") == 1
