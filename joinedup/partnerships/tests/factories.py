"""Factories for the partnerships room (en_GB data)."""

from __future__ import annotations

import datetime as dt

import factory
from factory.django import DjangoModelFactory

from joinedup.accounts.tests.factories import UserFactory
from joinedup.partnerships import models
from joinedup.partnerships.models import (
    Area,
    AreaType,
    LocalGovernmentTier,
    Organisation,
    Partnership,
    PartnershipRole,
    PartnershipType,
    Person,
    Role,
    Sector,
    TrainingRecord,
)

factory.Faker._DEFAULT_LOCALE = "en_GB"

__all__ = [
    "AreaFactory",
    "BodyFactory",
    "CouncilFactory",
    "MembershipFactory",
    "OrganisationFactory",
    "PartnershipFactory",
    "PartnershipRoleFactory",
    "PersonFactory",
    "SeatFactory",
    "TrainingRecordFactory",
    "UserFactory",  # the accounts room's, so there is one way to make a user
    "user_with_role",
]


class AreaFactory(DjangoModelFactory):
    class Meta:
        model = Area
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"E0790{n:04d}")
    name = factory.Faker("city")
    area_type = AreaType.NON_METROPOLITAN_DISTRICT
    nation = "England"
    source = "ons"


class PartnershipFactory(DjangoModelFactory):
    class Meta:
        model = Partnership
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"Partnership {n}")
    slug = factory.Sequence(lambda n: f"partnership-{n}")
    partnership_type = PartnershipType.PLACE_PARTNERSHIP
    tier = LocalGovernmentTier.DISTRICT


class PartnershipRoleFactory(DjangoModelFactory):
    class Meta:
        model = PartnershipRole

    partnership = factory.SubFactory(PartnershipFactory)
    user = factory.SubFactory(UserFactory)
    role = Role.VIEWER


class OrganisationFactory(DjangoModelFactory):
    class Meta:
        model = Organisation

    partnership = factory.SubFactory(PartnershipFactory)
    name = factory.Sequence(lambda n: f"Organisation {n}")
    sector = Sector.LOCAL_GOVERNMENT


class CouncilFactory(OrganisationFactory):
    name = factory.Sequence(lambda n: f"Borough Council {n}")
    sector = Sector.LOCAL_GOVERNMENT


class PersonFactory(DjangoModelFactory):
    class Meta:
        model = Person

    partnership = factory.SubFactory(PartnershipFactory)
    full_name = factory.Faker("name")
    job_title = factory.Faker("job")
    email = factory.Sequence(lambda n: f"person{n}@example.org")


class TrainingRecordFactory(DjangoModelFactory):
    class Meta:
        model = TrainingRecord

    person = factory.SubFactory(PersonFactory)
    kind = TrainingRecord.Kind.INDUCTION
    title = "Board member induction"
    provider = factory.Faker("company")
    completed_on = dt.date(2025, 3, 27)


def user_with_role(partnership: Partnership, role: str, **user_kwargs):
    """A user holding `role` in `partnership`."""
    user = UserFactory(**user_kwargs)
    PartnershipRoleFactory(partnership=partnership, user=user, role=role)
    return user


class BodyFactory(DjangoModelFactory):
    class Meta:
        model = models.Body

    partnership = factory.SubFactory(PartnershipFactory)
    name = factory.Sequence(lambda n: f"Board {n}")
    layer = models.Layer.EXECUTIVE
    meetings_per_year = 6


class SeatFactory(DjangoModelFactory):
    class Meta:
        model = models.Seat

    body = factory.SubFactory(BodyFactory)
    label = factory.Sequence(lambda n: f"Seat {n}")
    kind = models.SeatKind.PARTNER
    organisation = factory.SubFactory(
        OrganisationFactory, partnership=factory.SelfAttribute("..body.partnership")
    )
    is_voting = True


class MembershipFactory(DjangoModelFactory):
    class Meta:
        model = models.Membership

    body = factory.SubFactory(BodyFactory)
    seat = None
    person = factory.SubFactory(PersonFactory, partnership=factory.SelfAttribute("..body.partnership"))
    role = models.MembershipRole.MEMBER
    seniority = models.Seniority.SENIOR_MANAGER


def add_structure_to_world(world) -> None:
    """Give the persona-table world a body with a seat, a holder and a terms document.

    The test-infrastructure engineer's `world.py` calls this after it has made
    `world.partnership` (and `world.admin` as a user); it sets `world.body`, `world.seat`,
    `world.membership` (the seat's holder) and `world.child_body`.
    """
    from django.core.files.base import ContentFile

    from joinedup.core.models import StoredFile

    partnership = world.partnership
    document = StoredFile(
        original_name="terms-of-reference.pdf",
        content_type="application/pdf",
        kind="pdf",
        size=len(MINIMAL_PDF),
        sha256="0" * 64,
        partnership_id=partnership.pk,
    )
    document.file.save("terms.pdf", ContentFile(MINIMAL_PDF), save=False)
    document.save()
    world.body = BodyFactory(
        partnership=partnership,
        name="World executive board",
        layer=models.Layer.EXECUTIVE,
        terms_document=document,
    )
    world.child_body = BodyFactory(
        partnership=partnership,
        name="World thematic group",
        layer=models.Layer.THEMATIC,
        parent=world.body,
    )
    world.seat = SeatFactory(body=world.body, label="World council seat")
    world.membership = MembershipFactory(body=world.body, seat=world.seat, represents=world.seat.organisation)


MINIMAL_PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
)
