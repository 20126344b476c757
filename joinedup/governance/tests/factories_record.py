"""Factories for the record part: meetings and items (so tests need not build meeting pages),
attendance, decisions, meeting actions, challenges, interests and declarations."""

from __future__ import annotations

import datetime as dt

import factory
from django.utils import timezone
from factory.django import DjangoModelFactory

from joinedup.governance import models
from joinedup.partnerships.tests.factories import BodyFactory, PersonFactory


class RecordMeetingFactory(DjangoModelFactory):
    class Meta:
        model = models.Meeting

    body = factory.SubFactory(BodyFactory)
    partnership = factory.SelfAttribute("body.partnership")
    starts_at = factory.LazyFunction(lambda: timezone.now() - dt.timedelta(days=7))
    status = models.MeetingStatus.HELD


class RecordItemFactory(DjangoModelFactory):
    class Meta:
        model = models.AgendaItem

    meeting = factory.SubFactory(RecordMeetingFactory)
    partnership = factory.SelfAttribute("meeting.partnership")
    title = factory.Sequence(lambda n: f"Item {n}")
    position = factory.Sequence(lambda n: n)


class DecisionFactory(DjangoModelFactory):
    class Meta:
        model = models.Decision

    item = factory.SubFactory(RecordItemFactory)
    partnership = factory.SelfAttribute("item.partnership")
    text = factory.Sequence(lambda n: f"Agreed decision {n}")


class MeetingActionFactory(DjangoModelFactory):
    class Meta:
        model = models.MeetingAction

    item = factory.SubFactory(RecordItemFactory)
    partnership = factory.SelfAttribute("item.partnership")
    description = factory.Sequence(lambda n: f"Action {n}")


class ChallengeFactory(DjangoModelFactory):
    class Meta:
        model = models.Challenge

    item = factory.SubFactory(RecordItemFactory)
    partnership = factory.SelfAttribute("item.partnership")
    subject = models.ChallengeSubject.PERFORMANCE
    challenger = factory.SubFactory(PersonFactory, partnership=factory.SelfAttribute("..partnership"))
    challenged_person = factory.SubFactory(PersonFactory, partnership=factory.SelfAttribute("..partnership"))
    about = "Why is the waiting list growing?"


class InterestFactory(DjangoModelFactory):
    class Meta:
        model = models.Interest

    person = factory.SubFactory(PersonFactory)
    partnership = factory.SelfAttribute("person.partnership")
    kind = models.InterestKind.DIRECTORSHIP
    description = "Trustee of a local charity"


class DeclarationFactory(DjangoModelFactory):
    class Meta:
        model = models.Declaration

    item = factory.SubFactory(RecordItemFactory)
    partnership = factory.SelfAttribute("item.partnership")
    person = factory.SubFactory(PersonFactory, partnership=factory.SelfAttribute("..partnership"))
    nature = "Trustee of a charity the item concerns"


def add_record_to_world(world) -> None:
    """world.record_meeting (of world.body, held last week) with world.record_item;
    world.record_decision, record_action, record_challenge, record_interest (world.person's,
    sensitive) and record_declaration."""
    world.record_meeting = RecordMeetingFactory(body=world.body, partnership=world.partnership)
    world.record_item = RecordItemFactory(meeting=world.record_meeting, title="Budget 2026 to 2027")
    world.record_decision = DecisionFactory(item=world.record_item, needs_ratification=True)
    world.record_action = MeetingActionFactory(item=world.record_item, owner=world.person)
    world.record_challenge = ChallengeFactory(
        item=world.record_item, challenger=world.person, challenged_person=world.person
    )
    world.record_interest = InterestFactory(person=world.person, is_sensitive=True)
    world.record_declaration = DeclarationFactory(item=world.record_item, person=world.person)
