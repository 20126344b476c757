"""Factories for the golden thread, the agenda suggestion and governing documents, and the
thread part of the persona world."""

from __future__ import annotations

import datetime as dt

import factory
from django.utils import timezone
from factory.django import DjangoModelFactory

from joinedup.core.periods import Period
from joinedup.governance.models import DocumentKind, GoverningDocument
from joinedup.partnerships.tests.factories import BodyFactory
from joinedup.performance.models import Escalation
from joinedup.performance.tests.factories_targets import LocalIndicatorFactory


class EscalationFactory(DjangoModelFactory):
    class Meta:
        model = Escalation

    to_body = factory.SubFactory(BodyFactory)
    partnership = factory.SelfAttribute("to_body.partnership")
    indicator = factory.SubFactory(LocalIndicatorFactory, partnership=factory.SelfAttribute("..partnership"))
    period = Period.financial_year(2025)
    variance = "12.4 above the target of 80.0"
    reason = "Demand rose faster than planned."
    status = Escalation.Status.OPEN


class GoverningDocumentFactory(DjangoModelFactory):
    class Meta:
        model = GoverningDocument

    body = factory.SubFactory(BodyFactory)
    partnership = factory.SelfAttribute("body.partnership")
    kind = DocumentKind.TERMS_OF_REFERENCE
    title = factory.Sequence(lambda n: f"Terms of reference {n}")
    adopted_on = dt.date(2024, 4, 1)
    review_due = factory.LazyFunction(lambda: timezone.localdate() + dt.timedelta(days=200))


def add_thread_to_world(world) -> None:
    """world.thread_escalation (open, to world.body), world.thread_document (of world.body, with a
    file)."""
    world.thread_escalation = EscalationFactory(partnership=world.partnership, to_body=world.body)
    from joinedup.governance.tests.factories_meetings import paper_for

    world.thread_document = GoverningDocumentFactory(
        partnership=world.partnership, body=world.body, file=paper_for(world.partnership.pk, "terms.pdf")
    )
