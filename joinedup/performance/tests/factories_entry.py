"""Factories for data entry and owners' data requests, and the persona world's objects."""

from __future__ import annotations

import datetime as dt
from typing import Any

import factory
from django.utils import timezone
from factory.django import DjangoModelFactory

from joinedup.core import signed_links
from joinedup.partnerships.tests.factories import PartnershipFactory
from joinedup.performance import entry_rules
from joinedup.performance.models import (
    DataEntryDigest,
    Frequency,
    Indicator,
    PartnershipIndicator,
)
from joinedup.performance.services.entry import PURPOSE


class EntryIndicatorFactory(DjangoModelFactory):
    """A local indicator (give `partnership=None` for a shared one)."""

    class Meta:
        model = Indicator

    partnership = factory.SubFactory(PartnershipFactory)
    code = factory.Sequence(lambda n: f"LOC {n:03d}")
    title = factory.Sequence(lambda n: f"Local measure {n}")
    unit = "number"
    decimal_places = 0
    frequency = Frequency.FINANCIAL_YEAR


class EntryLinkFactory(DjangoModelFactory):
    """A partnership's use of an indicator, with an owner."""

    class Meta:
        model = PartnershipIndicator
        skip_postgeneration_save = True

    partnership = factory.SelfAttribute("indicator.partnership")
    indicator = factory.SubFactory(EntryIndicatorFactory)
    due_days_after_period = 30

    @factory.post_generation
    def areas(self, create: bool, extracted: Any, **kwargs: Any) -> None:
        if create and extracted:
            self.areas.set(extracted)


def issue_request(digest: DataEntryDigest, *, days: int = 30) -> str:
    """Give a request its signed link; returns the raw token."""
    issued = signed_links.issue_link(
        purpose=PURPOSE,
        target=digest,
        partnership_id=digest.partnership_id,
        holder_label=digest.person.full_name,
        lifetime=dt.timedelta(days=days),
    )
    digest.link = issued.link
    digest.save(update_fields=["link"])
    return issued.token


def add_entry_to_world(world: Any) -> None:
    """world.entry_indicator: a local indicator owned by world.person, reported for world.area;
    world.entry_shared_indicator: a shared indicator the partnership uses;
    world.elsewhere_entry_indicator: the other partnership's local indicator;
    world.entry_period: the period due now; world.entry_digest: a request for it sent to
    world.person, whose link's raw token is world.entry_link_token."""
    today = timezone.localdate()
    world.entry_indicator = EntryIndicatorFactory(
        partnership=world.partnership, code="NI 154", title="Net additional homes provided"
    )
    world.entry_link = EntryLinkFactory(
        indicator=world.entry_indicator, owner_person=world.person, areas=[world.area]
    )
    world.entry_shared_indicator = EntryIndicatorFactory(
        partnership=None, code="93356", title="Campylobacter cases", frequency=Frequency.ANNUAL
    )
    PartnershipIndicator.objects.create(
        partnership=world.partnership, indicator=world.entry_shared_indicator, owner_person=world.person
    )
    world.elsewhere_entry_indicator = EntryIndicatorFactory(partnership=world.elsewhere, code="NI 155")
    due = entry_rules.due_period(world.entry_indicator.frequency, today, 30)
    assert due is not None
    world.entry_period = due.period
    world.entry_digest = DataEntryDigest.objects.create(
        partnership=world.partnership,
        person=world.person,
        period=due.period,  # type: ignore[misc]
        due_on=due.due_on,
    )
    world.entry_link_token = issue_request(world.entry_digest)
