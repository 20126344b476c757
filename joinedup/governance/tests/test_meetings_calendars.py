"""Calendar feeds: valid iCalendar (parsed back with icalendar), Europe/London times across
the clock changes, never an exempt item's title, reached by a secret and revocable address."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.test import Client
from icalendar import Calendar

from joinedup.governance.services import calendars
from joinedup.governance.tests.factories_meetings import AgendaItemFactory, MeetingFactory, london
from joinedup.partnerships.models import PartnershipRole
from joinedup.partnerships.tests.factories import (
    BodyFactory,
    MembershipFactory,
    PartnershipFactory,
    PersonFactory,
    user_with_role,
)

pytestmark = pytest.mark.django_db
LONDON = ZoneInfo("Europe/London")
NOW = dt.datetime(2026, 3, 1, 12, tzinfo=dt.UTC)


def parse(data: bytes) -> tuple[Calendar, list]:
    calendar = Calendar.from_ical(data)
    return calendar, [c for c in calendar.walk("VEVENT")]


@pytest.fixture
def body():
    return BodyFactory(partnership=PartnershipFactory(slug="place"), name="Health and Wellbeing Board")


def test_events_have_the_required_properties_and_parse_back(body):
    meeting = MeetingFactory(body=body, starts_at=london(2026, 6, 10), place="Town Hall")
    data = calendars.render_feed(name="Board", meetings=[meeting], host="example.org", now=NOW)
    calendar, events = parse(data)
    assert calendar["VERSION"] == "2.0" and calendar["PRODID"]
    (event,) = events
    for prop in ("UID", "DTSTAMP", "DTSTART", "DTEND", "SUMMARY"):
        assert prop in event
    assert str(event["UID"]) == f"meeting-{meeting.pk}@example.org"
    assert event["LOCATION"] == "Town Hall"
    assert event["SUMMARY"] == "Health and Wellbeing Board"


def test_meetings_at_six_in_the_evening_stay_at_six_across_both_clock_changes(body):
    # Clocks go forward on 29 March 2026 and back on 25 October 2026.
    march = MeetingFactory(body=body, starts_at=london(2026, 3, 30, 18))
    october = MeetingFactory(body=body, starts_at=london(2026, 10, 27, 18))
    before = MeetingFactory(body=body, starts_at=london(2026, 3, 26, 18))
    data = calendars.render_feed(name="Board", meetings=[before, march, october], host="example.org", now=NOW)
    assert b"TZID=Europe/London" in data
    calendar, events = parse(data)
    assert [tz["TZID"] for tz in calendar.walk("VTIMEZONE")] == ["Europe/London"]
    starts = [e.decoded("DTSTART") for e in events]
    assert [s.astimezone(LONDON).hour for s in starts] == [18, 18, 18]
    assert [s.astimezone(dt.UTC).hour for s in starts] == [18, 17, 18]  # GMT, BST, GMT
    assert b"DTSTART;TZID=Europe/London:20260330T180000" in data
    assert b"DTSTART;TZID=Europe/London:20261027T180000" in data


def test_exempt_item_titles_never_appear(body):
    meeting = MeetingFactory(body=body, starts_at=london(2026, 6, 10))
    AgendaItemFactory(meeting=meeting, title="Public health annual report")
    AgendaItemFactory(
        meeting=meeting, title="Sale of Elm Street depot", is_exempt=True, exempt_reason="Para 3"
    )
    data = calendars.render_feed(name="Board", meetings=[meeting], host="example.org", now=NOW)
    _, (event,) = parse(data)
    description = str(event["DESCRIPTION"])
    assert "Public health annual report" in description
    assert "Exempt item" in description
    assert b"Elm Street" not in data


def test_the_feed_opens_by_its_secret_address_until_revoked(body):
    admin = user_with_role(body.partnership, "admin")
    MeetingFactory(body=body)
    issued = calendars.issue_feed(partnership=body.partnership, target=body, user=admin)
    client = Client()
    response = client.get(issued.path)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    _, events = parse(response.content)
    assert len(events) == 1
    assert calendars.revoke_feed(partnership=body.partnership, user=admin, link_id=issued.link.pk)
    assert client.get(issued.path).status_code == 410


def test_only_its_creator_revokes_a_feed_and_it_stops_when_they_leave(body):
    admin = user_with_role(body.partnership, "admin")
    other = user_with_role(body.partnership, "admin")
    issued = calendars.issue_feed(partnership=body.partnership, target=body, user=admin)
    assert calendars.revoke_feed(partnership=body.partnership, user=other, link_id=issued.link.pk) is None
    PartnershipRole.objects.filter(user=admin).delete()
    assert Client().get(issued.path).status_code == 404


def test_a_persons_feed_lists_the_meetings_of_the_bodies_they_sit_on(body):
    user = user_with_role(body.partnership, "viewer")
    person = PersonFactory(partnership=body.partnership, user=user)
    MembershipFactory(body=body, person=person)
    mine = MeetingFactory(body=body)
    MeetingFactory(body=BodyFactory(partnership=body.partnership))
    assert calendars.meetings_for_feed(person) == [mine]
    issued = calendars.issue_feed(partnership=body.partnership, target=person, user=user)
    _, events = parse(Client().get(issued.path).content)
    assert [str(e["UID"]).split("@")[0] for e in events] == [f"meeting-{mine.pk}"]
