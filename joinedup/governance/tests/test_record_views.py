"""The record pages over HTTP: the attendance grid (re-shown on errors and conflicts), the
register of interests withholding sensitive details, members' own declarations, the item
panel's prompt to declare, and exempt items kept from those who may not see them."""

from __future__ import annotations

import pytest
from django.template import Context, Template
from django.test import RequestFactory
from django.urls import reverse

from joinedup.governance.models import Attendance, BodyClerk, Declaration
from joinedup.governance.services import record as services
from joinedup.governance.tests.factories_record import (
    DecisionFactory,
    InterestFactory,
    RecordItemFactory,
    RecordMeetingFactory,
)
from joinedup.partnerships.access import PartnershipAccess
from joinedup.partnerships.tests.factories import (
    BodyFactory,
    MembershipFactory,
    OrganisationFactory,
    PartnershipFactory,
    PersonFactory,
    SeatFactory,
    user_with_role,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def setup():
    partnership = PartnershipFactory(slug="place")
    body = BodyFactory(partnership=partnership, quorum_value=1, remote_attendance_counts=False)
    seat = SeatFactory(body=body, label="Council seat")
    holder = MembershipFactory(body=body, seat=seat, start_date="2020-01-01")
    deputy = MembershipFactory(body=body, seat=seat, is_deputy=True, start_date="2020-01-01")
    meeting = RecordMeetingFactory(body=body, partnership=partnership)
    clerk = user_with_role(partnership, "viewer")
    BodyClerk.objects.create(partnership=partnership, body=body, user=clerk)
    return {
        "partnership": partnership,
        "body": body,
        "seat": seat,
        "holder": holder,
        "deputy": deputy,
        "meeting": meeting,
        "clerk": clerk,
    }


def _grid_url(s):
    return reverse("governance:attendance", kwargs={"slug": "place", "meeting_id": s["meeting"].pk})


def test_clerk_records_attendance_with_a_deputy_and_sees_the_quorum(client, setup):
    client.force_login(setup["clerk"])
    page = client.get(_grid_url(setup))
    assert page.status_code == 200
    assert setup["deputy"].person.full_name in page.content.decode()  # offered among the seat's deputies
    seat = setup["seat"].pk
    response = client.post(
        _grid_url(setup),
        {
            "fingerprint": page.context["form"].initial["fingerprint"],
            f"seat-{seat}-status": "deputy",
            f"seat-{seat}-deputy": setup["deputy"].person.pk,
        },
        follow=True,
    )
    assert response.status_code == 200
    row = Attendance.objects.get(meeting=setup["meeting"])
    assert row.deputy == setup["deputy"].person
    assert "1 of 1 voting seat present in person or by deputy" in response.content.decode()


def test_the_grid_reshows_what_was_typed_when_a_deputy_is_missing(client, setup):
    client.force_login(setup["clerk"])
    seat = setup["seat"].pk
    response = client.post(
        _grid_url(setup),
        {"fingerprint": services.attendance_fingerprint(setup["meeting"]), f"seat-{seat}-status": "deputy"},
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert "Choose who attended as deputy for Council seat" in body
    assert '<option value="deputy" selected>' in body
    assert not Attendance.objects.exists()


def test_a_stale_grid_is_refused_with_409_and_keeps_the_typing(client, setup):
    client.force_login(setup["clerk"])
    opened = services.attendance_fingerprint(setup["meeting"])
    services.save_attendance(
        meeting=setup["meeting"],
        user=setup["clerk"],
        seats=[services.SeatEntry(setup["seat"], "present")],
        others=[],
        fingerprint=opened,
    )
    seat = setup["seat"].pk
    response = client.post(_grid_url(setup), {"fingerprint": opened, f"seat-{seat}-status": "apologies"})
    assert response.status_code == 409
    assert '<option value="apologies" selected>' in response.content.decode()
    assert Attendance.objects.get().status == "present"


def test_a_viewer_sees_only_that_a_sensitive_interest_is_registered(client, setup):
    partnership = setup["partnership"]
    owner = user_with_role(partnership, "viewer")
    person = PersonFactory(partnership=partnership, user=owner, full_name="Sam Patel")
    InterestFactory(person=person, is_sensitive=True, description="Shareholder in Acme Care Ltd")
    url = reverse("governance:interests", kwargs={"slug": "place"})
    client.force_login(user_with_role(partnership, "viewer"))
    body = client.get(url).content.decode()
    assert "A sensitive interest is registered" in body
    assert "Acme Care" not in body
    client.force_login(owner)
    assert "Acme Care" in client.get(url).content.decode()
    client.force_login(user_with_role(partnership, "editor"))
    assert "Acme Care" in client.get(url).content.decode()


def test_a_member_declares_their_own_interest_only(client, setup):
    partnership = setup["partnership"]
    user = user_with_role(partnership, "member")
    me = setup["holder"].person
    me.user = user
    me.save()
    item = RecordItemFactory(meeting=setup["meeting"])
    url = reverse("governance:declaration_add", kwargs={"slug": "place", "item_id": item.pk})
    client.force_login(user)
    other = client.post(url, {"person": setup["deputy"].person.pk, "nature": "Not mine"})
    assert other.status_code == 200  # not a choice offered to them
    assert not Declaration.objects.exists()
    response = client.post(url, {"person": me.pk, "nature": "Trustee of Hope Trust", "withdrew": "on"})
    assert response.status_code == 302
    declaration = Declaration.objects.get()
    assert (declaration.person, declaration.withdrew, declaration.declared_by) == (me, True, user)


def _render_item_panel(item, user, partnership):
    access = PartnershipAccess(partnership=partnership, user=user, role="member")
    request = RequestFactory().get("/")
    request.user = user
    template = Template(
        '{% load panels %}{% panels "governance.item" item=item meeting=item.meeting access=access '
        "partnership=partnership %}"
    )
    return template.render(
        Context({"item": item, "access": access, "partnership": partnership, "request": request})
    )


def test_the_item_panel_prompts_a_signed_in_member_to_declare(setup):
    partnership = setup["partnership"]
    user = user_with_role(partnership, "member")
    me = setup["holder"].person
    trust = OrganisationFactory(partnership=partnership, name="Hope Trust")
    me.user = user
    me.organisation = trust
    me.save()
    item = RecordItemFactory(meeting=setup["meeting"])
    item.organisations.add(trust)
    html = _render_item_panel(item, user, partnership)
    assert "You may need to declare an interest: you work for Hope Trust, which the item concerns." in html
    # Clerks see every member who may need to declare.
    html = _render_item_panel(item, setup["clerk"], partnership)
    assert "Members who may need to declare an interest" in html
    assert me.full_name in html


def test_decisions_on_exempt_items_are_hidden_from_viewers(client, setup):
    partnership = setup["partnership"]
    exempt = RecordItemFactory(meeting=setup["meeting"], is_exempt=True, exempt_reason="Schedule 12A para 3")
    DecisionFactory(item=exempt, text="Award the contract to Bidder B")
    url = reverse("governance:decisions", kwargs={"slug": "place"})
    client.force_login(user_with_role(partnership, "viewer"))
    assert "Bidder B" not in client.get(url).content.decode()
    client.force_login(setup["clerk"])
    assert "Bidder B" in client.get(url).content.decode()


def test_an_edit_conflict_on_a_decision_is_shown_not_overwritten(client, setup):
    partnership = setup["partnership"]
    decision = DecisionFactory(item=RecordItemFactory(meeting=setup["meeting"]), text="First")
    editor = user_with_role(partnership, "editor")
    url = reverse("governance:decision_edit", kwargs={"slug": "place", "decision_id": decision.pk})
    services.update_decision(
        decision=decision, user=editor, expected_version=decision.version, fields={"text": "Theirs"}, links={}
    )
    client.force_login(editor)
    response = client.post(url, {"text": "Mine", "status": "agreed", "version": decision.version - 1})
    assert response.status_code == 409
    decision.refresh_from_db()
    assert decision.text == "Theirs"


def test_a_decision_recorded_on_an_item_links_only_partnership_records(client, setup):
    from joinedup.strategy.tests.delivery_factories import ProgrammeFactory

    partnership = setup["partnership"]
    own = ProgrammeFactory(partnership=partnership, title="Our programme")
    ProgrammeFactory(partnership=PartnershipFactory(), title="Their programme")
    item = RecordItemFactory(meeting=setup["meeting"])
    client.force_login(setup["clerk"])
    url = reverse("governance:decision_add", kwargs={"slug": "place", "item_id": item.pk})
    page = client.get(url).content.decode()
    assert "Our programme" in page and "Their programme" not in page
    response = client.post(url, {"text": "Fund it", "status": "agreed", "programmes": [own.pk]})
    assert response.status_code == 302
    assert list(item.decisions.get().programmes.all()) == [own]


def test_the_meeting_panel_shows_quorum_decisions_and_challenge(setup):
    from joinedup.governance.tests.factories_record import ChallengeFactory

    partnership = setup["partnership"]
    services.save_attendance(
        meeting=setup["meeting"],
        user=setup["clerk"],
        seats=[services.SeatEntry(setup["seat"], "remote")],
        others=[],
        fingerprint=services.attendance_fingerprint(setup["meeting"]),
    )
    item = RecordItemFactory(meeting=setup["meeting"], title="Budget")
    DecisionFactory(item=item, text="Approve the pooled budget")
    ChallengeFactory(item=item, about="Why is spending ahead of plan?")
    access = PartnershipAccess(partnership=partnership, user=setup["clerk"], role="viewer")
    html = Template(
        '{% load panels %}{% panels "governance.meeting" meeting=meeting access=access '
        "partnership=partnership %}"
    ).render(Context({"meeting": setup["meeting"], "access": access, "partnership": partnership}))
    assert "Not quorate" in html
    assert "remote attendance does not count for this body" in html
    assert "Approve the pooled budget" in html
    assert "Why is spending ahead of plan?" in html
    assert "Record attendance" in html


def test_an_action_edit_page_shows_its_history(client, setup):
    from joinedup.governance.tests.factories_record import MeetingActionFactory

    action = MeetingActionFactory(
        item=RecordItemFactory(meeting=setup["meeting"]), description="Write to NHS"
    )
    services.update_meeting_action(
        action=action,
        user=setup["clerk"],
        expected_version=action.version,
        fields={"status": "done"},
        links={},
    )
    client.force_login(setup["clerk"])
    url = reverse("governance:meeting_action_edit", kwargs={"slug": "place", "action_id": action.pk})
    body = client.get(url).content.decode()
    assert "Updated a meeting action" in body


def test_a_person_registers_their_own_interest_and_no_one_elses(client, setup):
    from joinedup.governance.models import Interest

    partnership = setup["partnership"]
    user = user_with_role(partnership, "viewer")
    me = PersonFactory(partnership=partnership, user=user)
    client.force_login(user)
    url = reverse("governance:interest_add", kwargs={"slug": "place"})
    response = client.post(
        url,
        {
            "person": setup["holder"].person.pk,  # ignored: no chooser is offered to them
            "kind": "directorship",
            "description": "Trustee of Hope Trust",
            "registered_on": "01/02/2026",
        },
    )
    assert response.status_code == 302
    assert Interest.objects.get().person == me
    other = InterestFactory(person=setup["holder"].person)
    edit = reverse("governance:interest_edit", kwargs={"slug": "place", "interest_id": other.pk})
    assert client.get(edit).status_code == 403


def test_the_item_panel_withholds_the_nature_of_a_declared_sensitive_interest(client, setup):
    from django.contrib.auth import get_user_model

    partnership = setup["partnership"]
    item = RecordItemFactory(meeting=setup["meeting"], title="Care home contract")
    person = setup["holder"].person
    interest = InterestFactory(person=person, is_sensitive=True)
    Declaration.objects.create(
        partnership=partnership,
        item=item,
        person=person,
        interest=interest,
        nature="Relative receives care from the provider",
        withdrew=True,
    )
    url = reverse("governance:item", kwargs={"slug": "place", "item_id": item.pk})
    client.force_login(user_with_role(partnership, "viewer"))
    text = client.get(url).content.decode()
    assert "A sensitive interest was declared" in text and "(withdrew from the item)" in text
    assert "Relative receives care" not in text
    client.force_login(user_with_role(partnership, "editor"))
    assert "Relative receives care from the provider" in client.get(url).content.decode()
    own = user_with_role(partnership, "viewer")
    person.user = own
    person.save()
    client.force_login(get_user_model().objects.get(pk=own.pk))
    text = client.get(url).content.decode()
    assert "Relative receives care from the provider" in text and "A sensitive interest" not in text
