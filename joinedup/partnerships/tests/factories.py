"""Factories for the partnerships room (en_GB data)."""

from __future__ import annotations

import factory
from django.contrib.auth import get_user_model

from joinedup.partnerships import models

factory.Faker._DEFAULT_LOCALE = "en_GB"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("email",)

    email = factory.Sequence(lambda n: f"user{n}@example.org")
    password = factory.django.Password("correct horse battery staple")


class PartnershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Partnership

    name = factory.Sequence(lambda n: f"Partnership {n}")
    slug = factory.Sequence(lambda n: f"partnership-{n}")
    partnership_type = models.PartnershipType.PLACE_PARTNERSHIP
    tier = models.LocalGovernmentTier.DISTRICT


class PartnershipRoleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.PartnershipRole

    partnership = factory.SubFactory(PartnershipFactory)
    user = factory.SubFactory(UserFactory)
    role = models.Role.VIEWER


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Organisation

    partnership = factory.SubFactory(PartnershipFactory)
    name = factory.Sequence(lambda n: f"Organisation {n}")
    sector = models.Sector.VOLUNTARY


class CouncilFactory(OrganisationFactory):
    name = factory.Sequence(lambda n: f"Borough Council {n}")
    sector = models.Sector.LOCAL_GOVERNMENT


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Person

    partnership = factory.SubFactory(PartnershipFactory)
    full_name = factory.Faker("name")
    job_title = factory.Faker("job")
    email = factory.Faker("email")


class BodyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Body

    partnership = factory.SubFactory(PartnershipFactory)
    name = factory.Sequence(lambda n: f"Board {n}")
    layer = models.Layer.EXECUTIVE
    meetings_per_year = 6


class SeatFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Seat

    body = factory.SubFactory(BodyFactory)
    label = factory.Sequence(lambda n: f"Seat {n}")
    kind = models.SeatKind.PARTNER
    organisation = factory.SubFactory(
        OrganisationFactory, partnership=factory.SelfAttribute("..body.partnership")
    )
    is_voting = True


class MembershipFactory(factory.django.DjangoModelFactory):
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
