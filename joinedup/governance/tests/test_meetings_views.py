"""Meetings pages: exempt items hidden from those who may not see them, buttons that reorder
the agenda without JavaScript, the late-papers warning, locked minutes, papers and feeds."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from joinedup.governance import selectors_meetings as selectors
from joinedup.governance.models import MeetingStatus, NoticeRule
from joinedup.governance.services import meetings as services
from joinedup.governance.tests.factories_meetings import AgendaItemFactory, MeetingFactory, london, paper_for
from joinedup.partnerships.tests.factories import MINIMAL_PDF, BodyFactory, PartnershipFactory, user_with_role

pytestmark = pytest.mark.django_db


@pytest.fixture
def body():
    return BodyFactory(partnership=PartnershipFactory(slug="place"), name="Health and Wellbeing Board")


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_viewers_see_only_the_reason_of_an_exempt_item_and_cannot_download_its_papers(body):
    meeting = MeetingFactory(body=body)
    item = AgendaItemFactory(
        meeting=meeting, title="Sale of the depot", is_exempt=True, exempt_reason="Paragraph 3"
    )
    paper = paper_for(body.partnership_id)
    item.papers.add(paper)
    viewer = client_for(user_with_role(body.partnership, "viewer"))
    editor = client_for(user_with_role(body.partnership, "editor"))
    meeting_url = reverse("governance:meeting", kwargs={"slug": "place", "meeting_id": meeting.pk})
    item_url = reverse("governance:item", kwargs={"slug": "place", "item_id": item.pk})
    paper_url = reverse("governance:paper", kwargs={"slug": "place", "item_id": item.pk, "file_id": paper.pk})
    for url in (meeting_url, item_url):
        page = viewer.get(url).content.decode()
        assert "Exempt item: Paragraph 3" in page
        assert "Sale of the depot" not in page
        assert "Sale of the depot" in editor.get(url).content.decode()
    assert viewer.get(paper_url).status_code == 403
    response = editor.get(paper_url)
    assert response.status_code == 200 and response["Content-Disposition"].startswith("attachment")


def test_the_agenda_is_reordered_with_move_up_and_move_down_buttons(body):
    editor = user_with_role(body.partnership, "editor")
    meeting = services.create_meeting(
        body=body, user=editor, fields={"starts_at": london(2027, 5, 4), "place": "X"}
    )
    item = services.add_item(meeting=meeting, user=editor, fields={"title": "Budget", "purpose": "finance"})
    client = client_for(editor)
    page = client.get(reverse("governance:meeting", kwargs={"slug": "place", "meeting_id": meeting.pk}))
    assert b'name="direction" value="up"' in page.content
    response = client.post(
        reverse("governance:item_move", kwargs={"slug": "place", "item_id": item.pk}), {"direction": "up"}
    )
    assert response.status_code == 302 and response["Location"].endswith(f"#item-{item.pk}")
    assert list(meeting.items.order_by("position").values_list("title", flat=True))[2] == "Budget"


def test_publishing_late_papers_warns_on_the_meeting_page_and_forward_plan(body):
    NoticeRule.objects.create(partnership=body.partnership, body=body, clear_days=5)
    editor = user_with_role(body.partnership, "editor")
    meeting = MeetingFactory(body=body)  # 30 days away
    AgendaItemFactory(meeting=meeting, title="Approve the plan", purpose="decision")
    services.publish_papers(meeting=meeting, user=editor, now=meeting.starts_at.replace(hour=6))
    client = client_for(user_with_role(body.partnership, "viewer"))
    page = client.get(reverse("governance:meeting", kwargs={"slug": "place", "meeting_id": meeting.pk}))
    assert (
        "later than the notice rule of Health and Wellbeing Board (5 clear working days)"
        in page.content.decode()
    )
    plan = client.get(reverse("governance:forward_plan", kwargs={"slug": "place"})).content.decode()
    assert "Papers late" in plan and "Approve the plan" in plan


def test_editing_approved_minutes_is_refused_with_a_clear_message(body):
    editor = user_with_role(body.partnership, "editor")
    held = MeetingFactory(body=body, starts_at=london(2026, 1, 6), status=MeetingStatus.HELD)
    item = AgendaItemFactory(meeting=held, minutes="Agreed.")
    services.approve_minutes(meeting=held, user=editor)
    item.refresh_from_db()
    response = client_for(editor).post(
        reverse("governance:item_minutes", kwargs={"slug": "place", "item_id": item.pk}),
        {"minutes": "Changed", "version": item.version},
    )
    assert response.status_code == 200
    assert "can no longer be changed" in response.content.decode()
    item.refresh_from_db()
    assert item.minutes == "Agreed."


def test_a_clerk_plans_a_meeting_and_attaches_a_paper(body):
    admin = user_with_role(body.partnership, "admin")
    clerk = user_with_role(body.partnership, "viewer")
    services.add_clerk(body=body, clerk_user=clerk, user=admin)
    client = client_for(clerk)
    response = client.post(
        reverse("governance:meeting_add", kwargs={"slug": "place", "body_id": body.pk}),
        {"date": "12/03/2027", "start_time": "18:00", "place": "Town Hall"},
    )
    assert response.status_code == 302
    meeting = body.meetings.get()
    assert meeting.starts_at.hour == 18  # 18:00 GMT in March, before the clocks change
    item = meeting.items.first()
    upload = SimpleUploadedFile("report.pdf", MINIMAL_PDF, content_type="application/pdf")
    response = client.post(
        reverse("governance:paper_add", kwargs={"slug": "place", "item_id": item.pk}), {"file": upload}
    )
    assert response.status_code == 302
    assert item.papers.get().original_name == "report.pdf"


def test_users_create_and_revoke_their_calendar_addresses(body):
    client = client_for(user_with_role(body.partnership, "viewer"))
    url = reverse("governance:calendars", kwargs={"slug": "place"})
    page = client.post(url, {"target": f"body-{body.pk}"}).content.decode()
    assert "/l/" in page and "Revoke" in page
    from joinedup.core.models import SignedLink
    from joinedup.governance.services.calendars import PURPOSE

    link = SignedLink.objects.get(purpose=PURPOSE)
    response = client.post(
        reverse("governance:calendar_revoke", kwargs={"slug": "place", "link_id": link.pk})
    )
    assert response.status_code == 302
    link.refresh_from_db()
    assert link.revoked_at is not None


def test_the_meetings_list_and_forward_plan_do_not_query_per_meeting(body):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    NoticeRule.objects.create(partnership=body.partnership, body=body, clear_days=5)
    client = client_for(user_with_role(body.partnership, "viewer"))
    urls = [
        reverse("governance:meetings", kwargs={"slug": "place"}),
        reverse("governance:forward_plan", kwargs={"slug": "place"}),
    ]

    def counts() -> list[int]:
        result = []
        for url in urls:
            with CaptureQueriesContext(connection) as queries:
                assert client.get(url).status_code == 200
            result.append(len(queries))
        return result

    AgendaItemFactory(
        meeting=MeetingFactory(body=body, papers_published_at=london(2026, 1, 1)), purpose="decision"
    )
    few = counts()
    for _ in range(10):
        meeting = MeetingFactory(body=body, papers_published_at=london(2026, 1, 1))
        AgendaItemFactory(meeting=meeting, purpose="decision")
    assert counts() == few


def test_editing_a_meeting_someone_else_saved_shows_both_versions_instead_of_overwriting(body):
    editor = user_with_role(body.partnership, "editor")
    meeting = MeetingFactory(body=body, starts_at=london(2027, 2, 2), place="Town Hall")
    stale = meeting.version
    services.update_meeting(meeting=meeting, user=editor, expected_version=stale, fields={"place": "Library"})
    response = client_for(editor).post(
        reverse("governance:meeting_edit", kwargs={"slug": "place", "meeting_id": meeting.pk}),
        {"date": "02/02/2027", "start_time": "18:00", "place": "Council House", "version": stale},
    )
    assert response.status_code == 409
    meeting.refresh_from_db()
    assert meeting.place == "Library"


def test_an_exempt_item_without_its_reason_is_refused_on_the_form(body):
    editor = user_with_role(body.partnership, "editor")
    meeting = MeetingFactory(body=body)
    response = client_for(editor).post(
        reverse("governance:item_add", kwargs={"slug": "place", "meeting_id": meeting.pk}),
        {"title": "Depot sale", "purpose": "decision", "is_exempt": "on", "exempt_reason": ""},
    )
    assert response.status_code == 200
    assert "Enter why the item is exempt" in response.content.decode()
    assert "Constraint" not in response.content.decode()
    assert 'value="Depot sale"' in response.content.decode()
    assert not meeting.items.exists()


def test_the_forward_plan_lists_each_coming_meetings_key_decisions(body):
    from joinedup.core.models import AuditEntry

    editor = user_with_role(body.partnership, "editor")
    meeting = MeetingFactory(body=body)
    response = client_for(editor).post(
        reverse("governance:item_add", kwargs={"slug": "place", "meeting_id": meeting.pk}),
        {"title": "Adopt the new strategy", "purpose": "decision", "is_key_decision": "on"},
    )
    assert response.status_code == 302
    key = meeting.items.get(title="Adopt the new strategy")
    assert key.is_key_decision
    entry = AuditEntry.objects.filter(action="governance.item.added").latest("pk")
    assert entry.after["is_key_decision"] is True
    AgendaItemFactory(meeting=meeting, title="Note the update", purpose="information")
    plan = client_for(user_with_role(body.partnership, "viewer")).get(
        reverse("governance:forward_plan", kwargs={"slug": "place"})
    )
    html = plan.content.decode()
    key_section = html.split("Key decisions</h3>", 1)[1].split("</ul>", 1)[0]
    assert "Adopt the new strategy" in key_section
    assert "Note the update" not in html
    edited = services.update_item(
        item=key, user=editor, expected_version=key.version, fields={"is_key_decision": False}
    )
    assert not edited.is_key_decision
    assert [m.key_decision_items for m in selectors.forward_plan(body.partnership)] == [[]]
