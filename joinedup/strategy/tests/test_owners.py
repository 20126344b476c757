"""Owners without an account: one digest per cycle, the signed-link page, attribution and
audit, the link's end, escalation of missed cycles, and who may use the owners page."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.core import mail
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from joinedup.core.models import AuditEntry
from joinedup.partnerships.tests.factories import PartnershipFactory, PersonFactory, user_with_role
from joinedup.strategy import owner_cycles
from joinedup.strategy.models import (
    ActionStatus,
    ActionUpdate,
    Outcome,
    OwnerDigest,
    Priority,
    Strategy,
    UpdateCycle,
)
from joinedup.strategy.services import owners as services
from joinedup.strategy.services.delivery import record_action_update
from joinedup.strategy.tests.delivery_factories import ActionFactory, ProgrammeFactory

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
THIS_CYCLE = owner_cycles.cycle_period("monthly", TODAY)
AFTER_CYCLE = THIS_CYCLE.ends_on + dt.timedelta(days=1)


@pytest.fixture
def partnership():
    return PartnershipFactory(slug="place", name="Place Partnership")


@pytest.fixture
def owner(partnership):
    return PersonFactory(partnership=partnership, full_name="Sam Patel", email="sam.patel@example.org")


@pytest.fixture
def programme(partnership):
    return ProgrammeFactory(partnership=partnership, title="Regeneration Framework", end_date=None)


def _open_action(programme, owner, title, **extra):
    fields = {
        "start_date": TODAY - dt.timedelta(days=100),
        "due_date": TODAY + dt.timedelta(days=200),
        "status": ActionStatus.ON_TRACK,
        "percent_complete": 20,
    }
    fields.update(extra)
    return ActionFactory(programme=programme, lead_person=owner, title=title, **fields)


def _link_from(message) -> str:
    match = re.search(r"https?://[^\s]+(/l/[^\s/]+/)", message.body)
    assert match, message.body
    return match.group(1)


def _post(client, path, action, **data):
    prefix = f"action-{action.pk}"
    return client.post(
        path,
        {
            "action_id": action.pk,
            f"{prefix}-status": data.get("status", ActionStatus.ON_TRACK),
            f"{prefix}-percent_complete": data.get("percent", 50),
            f"{prefix}-commentary": data.get("commentary", ""),
        },
    )


# --- the digest ---------------------------------------------------------------------------------


def test_digest_lists_every_due_item_of_the_owner_in_one_email(partnership, owner, programme):
    other_programme = ProgrammeFactory(
        partnership=partnership, title="Low Carbon Plan", update_cycle=UpdateCycle.QUARTERLY
    )
    never_updated = _open_action(programme, owner, "Reopen the market hall")
    overdue = _open_action(
        other_programme, owner, "Insulate council homes", due_date=TODAY - dt.timedelta(days=3)
    )
    _open_action(programme, owner, "Finished already", status=ActionStatus.COMPLETE, percent_complete=100)
    recently_updated = _open_action(programme, owner, "Updated this cycle")
    record_action_update(action=recently_updated, status="on_track", percent_complete=30, person=owner)
    mail.outbox.clear()

    run = services.send_owner_digests(partnership=partnership, today=TODAY)

    assert len(run.sent) == 1
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["sam.patel@example.org"]
    assert "Reopen the market hall" in message.body
    assert "Insulate council homes" in message.body
    assert "Overdue" in message.body
    assert "Finished already" not in message.body
    assert "Updated this cycle" not in message.body
    assert "/l/" in message.body
    digest = run.sent[0]
    assert sorted(digest.action_ids) == sorted([never_updated.pk, overdue.pk])
    # The monthly programme is the busier one, so the digest runs to the end of this month.
    assert digest.cycle_key == THIS_CYCLE.key
    assert timezone.localtime(digest.link.expires_at).date() == AFTER_CYCLE


def test_running_the_sender_twice_in_a_cycle_sends_one_email(partnership, owner, programme):
    _open_action(programme, owner, "Reopen the market hall")

    services.send_owner_digests(partnership=partnership, today=TODAY)
    second = services.send_owner_digests(partnership=partnership, today=TODAY)

    assert len(mail.outbox) == 1
    assert second.sent == []
    assert second.already_sent == [owner]
    assert OwnerDigest.objects.filter(person=owner).count() == 1
    assert AuditEntry.objects.filter(action="strategy.owner_digest.sent").count() == 1


def test_people_without_email_are_skipped_and_listed_for_the_manager(client, partnership, programme):
    no_email = PersonFactory(partnership=partnership, full_name="Pat Nobody", email="")
    _open_action(programme, no_email, "Reopen the market hall")

    run = services.send_owner_digests(partnership=partnership, today=TODAY)

    assert run.no_email == [no_email]
    assert mail.outbox == []
    client.force_login(user_with_role(partnership, "admin"))
    page = client.get(reverse("strategy:owners", kwargs={"slug": "place"})).content.decode()
    assert "no email address" in page
    assert "Pat Nobody" in page


def test_owners_with_nothing_due_get_no_digest(partnership, owner, programme):
    action = _open_action(programme, owner, "Reopen the market hall")
    record_action_update(action=action, status="on_track", percent_complete=30, person=owner)
    mail.outbox.clear()

    run = services.send_owner_digests(partnership=partnership, today=TODAY)

    assert run.sent == []
    assert mail.outbox == []


# --- the link -----------------------------------------------------------------------------------


def test_following_the_link_updates_two_actions_in_the_owners_name(client, partnership, owner, programme):
    first = _open_action(programme, owner, "Reopen the market hall")
    second = _open_action(programme, owner, "Insulate council homes")
    services.send_owner_digests(partnership=partnership, today=TODAY)
    path = _link_from(mail.outbox[0])

    page = client.get(path)
    assert page.status_code == 200
    text = page.content.decode()
    assert "Sam Patel" in text and "Place Partnership" in text
    assert "Reopen the market hall" in text and "Insulate council homes" in text
    assert "Computed RAG" in text and "of the time gone" in text  # the RAG and its reason

    response = _post(client, path, first, status=ActionStatus.AT_RISK, percent=35, commentary="Lease delayed")
    assert response.status_code == 302
    assert client.get(path).status_code == 200  # reusable until every item is updated
    done = _post(client, path, second, status=ActionStatus.COMPLETE, percent=100)
    assert done.status_code == 200
    assert "Every action is updated" in done.content.decode()

    updates = ActionUpdate.objects.filter(action__in=[first, second])
    assert updates.count() == 2
    assert all(u.by_person == owner and u.via_link and u.by_user is None for u in updates)
    first.refresh_from_db()
    assert (first.status, first.percent_complete) == (ActionStatus.AT_RISK, 35)
    assert updates.get(action=first).commentary == "Lease delayed"
    entries = AuditEntry.objects.filter(action="strategy.action_update.recorded")
    assert entries.count() == 2
    assert {(e.actor_kind, e.actor_label) for e in entries} == {
        (AuditEntry.ActorKind.SIGNED_LINK, "Sam Patel")
    }
    # Every item is updated, so the link no longer opens.
    assert client.get(path).status_code == 410
    digest = OwnerDigest.objects.get(person=owner)
    assert digest.responded_at is not None


def test_an_invalid_update_is_shown_with_an_error_summary_and_nothing_changes(
    client, partnership, owner, programme
):
    action = _open_action(programme, owner, "Reopen the market hall")
    services.send_owner_digests(partnership=partnership, today=TODAY)
    path = _link_from(mail.outbox[0])

    response = _post(client, path, action, percent=150)

    assert response.status_code == 200
    text = response.content.decode()
    assert "There is a problem" in text
    assert "Percent complete must be 100 or less" in text
    assert f'href="#id_action-{action.pk}-percent_complete"' in text
    assert not ActionUpdate.objects.filter(action=action).exists()


def test_an_action_outside_the_digest_cannot_be_updated_through_the_link(
    client, partnership, owner, programme
):
    _open_action(programme, owner, "Reopen the market hall")
    services.send_owner_digests(partnership=partnership, today=TODAY)
    path = _link_from(mail.outbox[0])
    someone_elses = _open_action(programme, PersonFactory(partnership=partnership), "Not yours")

    assert _post(client, path, someone_elses).status_code == 404
    assert not ActionUpdate.objects.filter(action=someone_elses).exists()


def test_a_newer_digest_revokes_the_previous_link(client, partnership, owner, programme):
    _open_action(programme, owner, "Reopen the market hall")
    services.send_owner_digests(partnership=partnership, today=TODAY)
    old_path = _link_from(mail.outbox[0])

    services.send_owner_digests(partnership=partnership, today=AFTER_CYCLE)

    assert len(mail.outbox) == 2
    new_path = _link_from(mail.outbox[1])
    assert client.get(old_path).status_code == 410
    assert "withdrawn" in client.get(old_path).content.decode()
    assert client.get(new_path).status_code == 200


# --- escalation ---------------------------------------------------------------------------------


def _theme_with_lead(partnership, programme):
    strategy = Strategy.objects.create(
        partnership=partnership,
        title="Community Strategy",
        vision="A thriving place",
        start_year=2008,
        end_year=2028,
    )
    priority = Priority.objects.create(partnership=partnership, strategy=strategy, title="Regeneration")
    outcome = Outcome.objects.create(partnership=partnership, priority=priority, title="Busier town centre")
    programme.outcomes.add(outcome)
    lead = user_with_role(partnership, "member", email="theme.lead@example.org")
    priority.theme_leads.add(lead)
    return lead


def test_a_missed_cycle_is_escalated_once_to_the_theme_lead(partnership, owner, programme):
    _theme_with_lead(partnership, programme)
    user_with_role(partnership, "admin", email="admin@example.org")
    _open_action(programme, owner, "Reopen the market hall")
    services.send_owner_digests(partnership=partnership, today=TODAY)
    mail.outbox.clear()

    first = services.send_owner_digests(partnership=partnership, today=AFTER_CYCLE)
    services.send_owner_digests(partnership=partnership, today=AFTER_CYCLE)

    assert len(first.escalated) == 1
    escalations = [m for m in mail.outbox if "has not updated" in m.subject]
    assert len(escalations) == 1
    assert escalations[0].to == ["theme.lead@example.org"]
    assert "Sam Patel" in escalations[0].body and "Reopen the market hall" in escalations[0].body
    entry = AuditEntry.objects.get(action="strategy.owner_digest.escalated")
    assert "Sam Patel" in entry.summary
    assert OwnerDigest.objects.get(cycle_key=THIS_CYCLE.key).escalated_on == AFTER_CYCLE


def test_without_a_theme_lead_a_missed_cycle_goes_to_the_admins(partnership, owner, programme):
    user_with_role(partnership, "admin", email="admin@example.org")
    user_with_role(partnership, "editor", email="editor@example.org")
    _open_action(programme, owner, "Reopen the market hall")
    services.send_owner_digests(partnership=partnership, today=TODAY)
    mail.outbox.clear()

    services.escalate_missed_cycles(partnership=partnership, today=AFTER_CYCLE)

    assert [m.to for m in mail.outbox] == [["admin@example.org"]]


def test_an_owner_who_updated_in_the_cycle_is_not_escalated(partnership, owner, programme):
    _theme_with_lead(partnership, programme)
    action = _open_action(programme, owner, "Reopen the market hall")
    _open_action(programme, owner, "Insulate council homes")
    services.send_owner_digests(partnership=partnership, today=TODAY)
    digest = OwnerDigest.objects.get(person=owner)
    services.record_owner_update(digest=digest, action=action, status="on_track", percent_complete=40)
    mail.outbox.clear()

    assert services.escalate_missed_cycles(partnership=partnership, today=AFTER_CYCLE) == []
    assert mail.outbox == []


def test_a_cycle_still_running_is_not_escalated(partnership, owner, programme):
    _open_action(programme, owner, "Reopen the market hall")
    services.send_owner_digests(partnership=partnership, today=TODAY)

    assert services.escalate_missed_cycles(partnership=partnership, today=THIS_CYCLE.ends_on) == []


# --- the owners page and the command ------------------------------------------------------------


def test_editors_send_digests_from_the_owners_page(client, partnership, owner, programme):
    _open_action(programme, owner, "Reopen the market hall")
    client.force_login(user_with_role(partnership, "editor"))

    response = client.post(reverse("strategy:owners_send", kwargs={"slug": "place"}))

    assert response.status_code == 302
    assert len(mail.outbox) == 1
    page = client.get(reverse("strategy:owners", kwargs={"slug": "place"})).content.decode()
    assert "Sent 1 digest." in page
    assert "Sam Patel" in page and "Not yet" in page


def test_viewers_read_the_owners_page_but_cannot_send(client, partnership, owner, programme):
    _open_action(programme, owner, "Reopen the market hall")
    client.force_login(user_with_role(partnership, "viewer"))

    page = client.get(reverse("strategy:owners", kwargs={"slug": "place"}))
    assert page.status_code == 200
    assert "Reopen the market hall" in page.content.decode()
    assert "Send this cycle" not in page.content.decode()
    assert client.post(reverse("strategy:owners_send", kwargs={"slug": "place"})).status_code == 403
    assert mail.outbox == []


def test_outsiders_do_not_see_the_owners_page(client, partnership):
    client.force_login(user_with_role(PartnershipFactory(), "admin"))

    assert client.get(reverse("strategy:owners", kwargs={"slug": "place"})).status_code == 404
    assert client.post(reverse("strategy:owners_send", kwargs={"slug": "place"})).status_code == 404


def test_the_owners_page_says_whether_the_owner_responded(client, partnership, owner, programme):
    action = _open_action(programme, owner, "Reopen the market hall")
    services.send_owner_digests(partnership=partnership, today=TODAY)
    digest = OwnerDigest.objects.get(person=owner)
    services.record_owner_update(digest=digest, action=action, status="on_track", percent_complete=40)
    client.force_login(user_with_role(partnership, "viewer"))

    page = client.get(reverse("strategy:owners", kwargs={"slug": "place"})).content.decode()

    assert "Yes, updated every item" in page


def test_the_command_sends_for_every_partnership(partnership, owner, programme):
    _open_action(programme, owner, "Reopen the market hall")
    other = PartnershipFactory()
    other_owner = PersonFactory(partnership=other, email="other.owner@example.org")
    _open_action(ProgrammeFactory(partnership=other, end_date=None), other_owner, "Elsewhere action")

    call_command("send_owner_digests")
    call_command("send_owner_digests")

    assert sorted(m.to[0] for m in mail.outbox) == ["other.owner@example.org", "sam.patel@example.org"]


# --- query counts -------------------------------------------------------------------------------


def _queries_for(client, url):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_the_owners_page_makes_the_same_queries_for_many_owners(client, partnership, programme):
    client.force_login(user_with_role(partnership, "viewer"))
    url = reverse("strategy:owners", kwargs={"slug": "place"})
    for n in range(2):
        _open_action(programme, PersonFactory(partnership=partnership), f"Action {n}")
    services.send_owner_digests(partnership=partnership, today=TODAY)
    few = _queries_for(client, url)
    for n in range(40):
        person = PersonFactory(partnership=partnership)
        for m in range(3):
            _open_action(programme, person, f"Action {n}.{m}")
    services.send_owner_digests(partnership=partnership, today=TODAY)

    assert _queries_for(client, url) == few


def test_the_link_page_makes_the_same_queries_for_many_actions(client, partnership, owner, programme):
    _open_action(programme, owner, "First action")
    services.send_owner_digests(partnership=partnership, today=TODAY)
    few = _queries_for(client, _link_from(mail.outbox[0]))
    for n in range(30):
        _open_action(programme, owner, f"Action {n}")
    services.send_owner_digests(partnership=partnership, today=AFTER_CYCLE)

    assert _queries_for(client, _link_from(mail.outbox[-1])) == few
