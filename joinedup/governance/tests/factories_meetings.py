"""Factories for meetings and agendas, and the meetings part of the persona world."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import factory
from django.core.files.base import ContentFile
from django.utils import timezone
from factory.django import DjangoModelFactory

from joinedup.core.models import StoredFile
from joinedup.governance.models import AgendaItem, Meeting, MeetingStatus
from joinedup.partnerships.tests.factories import MINIMAL_PDF, BodyFactory

LONDON = ZoneInfo("Europe/London")


def london(year: int, month: int, day: int, hour: int = 18, minute: int = 0) -> dt.datetime:
    return dt.datetime(year, month, day, hour, minute, tzinfo=LONDON)


class MeetingFactory(DjangoModelFactory):
    class Meta:
        model = Meeting

    body = factory.SubFactory(BodyFactory)
    partnership = factory.SelfAttribute("body.partnership")
    starts_at = factory.LazyFunction(lambda: timezone.now() + dt.timedelta(days=30))
    place = "Council House, Committee Room 1"
    status = MeetingStatus.PLANNED


class AgendaItemFactory(DjangoModelFactory):
    class Meta:
        model = AgendaItem

    meeting = factory.SubFactory(MeetingFactory)
    partnership = factory.SelfAttribute("meeting.partnership")
    title = factory.Sequence(lambda n: f"Agenda item {n}")
    position = factory.Sequence(lambda n: n + 10)


def paper_for(partnership_id: int, name: str = "paper.pdf") -> StoredFile:
    stored = StoredFile(
        original_name=name,
        content_type="application/pdf",
        kind="pdf",
        size=len(MINIMAL_PDF),
        sha256="0" * 64,
        partnership_id=partnership_id,
    )
    stored.file.save(name, ContentFile(MINIMAL_PDF), save=False)
    stored.save()
    return stored


def add_meetings_to_world(world) -> None:
    """world.meeting (of world.body, planned, with the standing items, world.public_item and
    world.exempt_item, each with a paper: world.public_paper, world.exempt_paper), world.held_meeting
    (held, minutes not approved) and world.approved_item (an item of a meeting whose minutes are
    approved, corrected at world.held_meeting's successor world.meeting),
    world.other_body_meeting (of world.child_body, which the clerk does not clerk),
    world.elsewhere_meeting (another partnership's, of world.elsewhere_body),
    world.clerk_entry (the clerk's BodyClerk row) and world.calendar_link_id (admin's feed link)."""
    from joinedup.governance.services import calendars
    from joinedup.governance.services import meetings as services

    admin = world.users["admin"]
    world.meeting = services.create_meeting(
        body=world.body,
        user=admin,
        fields={"starts_at": timezone.now() + dt.timedelta(days=20), "place": "World Hall"},
    )
    world.public_item = AgendaItemFactory(
        meeting=world.meeting, title="Annual performance report", purpose="decision"
    )
    world.exempt_item = AgendaItemFactory(
        meeting=world.meeting,
        title="Secret contract award",
        is_exempt=True,
        exempt_reason="Schedule 12A paragraph 3",
        purpose="decision",
    )
    world.public_paper = paper_for(world.partnership.pk, "report.pdf")
    world.exempt_paper = paper_for(world.partnership.pk, "contract.pdf")
    world.public_item.papers.add(world.public_paper)
    world.exempt_item.papers.add(world.exempt_paper)
    world.held_meeting = MeetingFactory(
        body=world.body, starts_at=timezone.now() - dt.timedelta(days=30), status=MeetingStatus.HELD
    )
    approved = MeetingFactory(
        body=world.body,
        starts_at=timezone.now() - dt.timedelta(days=60),
        status=MeetingStatus.MINUTES_APPROVED,
        minutes_approved_at=timezone.now() - dt.timedelta(days=30),
        minutes_approved_at_meeting=world.held_meeting,
    )
    world.approved_item = AgendaItemFactory(meeting=approved, title="Budget", minutes="Agreed the budget.")
    world.other_body_meeting = MeetingFactory(body=world.child_body)
    world.elsewhere_meeting = MeetingFactory(body=world.elsewhere_body)
    world.elsewhere_item = AgendaItemFactory(meeting=world.elsewhere_meeting)
    world.clerk_entry = world.body.clerks.get(user=world.users["clerk"])
    issued = calendars.issue_feed(partnership=world.partnership, target=world.body, user=admin)
    world.calendar_link_id = issued.link.pk
    world.calendar_token = issued.token
