"""Factories for the partnerships room (en_GB data)."""

from __future__ import annotations

import datetime as dt

import factory
from factory.django import DjangoModelFactory

from joinedup.accounts.tests.factories import UserFactory
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
    "OrganisationFactory",
    "PartnershipFactory",
    "PartnershipRoleFactory",
    "PersonFactory",
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
