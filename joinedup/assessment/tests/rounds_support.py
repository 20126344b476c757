"""Shared set-up for the rounds tests: a partnership with bodies on each layer, members
from several sectors, a coordinator, and a helper that reads a respondent's token from the
email they were sent."""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.core import mail

from joinedup.assessment.models import Coordinator, FrameworkVersion
from joinedup.assessment.tests.factories import make_version
from joinedup.partnerships.models import Body, Layer, Partnership, Person, Sector
from joinedup.partnerships.tests.factories import (
    BodyFactory,
    MembershipFactory,
    OrganisationFactory,
    PartnershipFactory,
    PersonFactory,
    user_with_role,
)


@dataclass
class Setting:
    partnership: Partnership
    version: FrameworkVersion
    strategic: Body
    executive: Body
    thematic: Body
    council_officer: Person  # council, strategic and thematic (represents police on thematic)
    police_officer: Person  # police, executive
    nurse: Person  # health, thematic
    no_email: Person  # council, executive, no email
    coordinator: object
    viewer: object


def make_setting() -> Setting:
    partnership = PartnershipFactory(slug="place", name="Place Partnership")
    council = OrganisationFactory(partnership=partnership, name="Council", sector=Sector.LOCAL_GOVERNMENT)
    police = OrganisationFactory(partnership=partnership, name="Police", sector=Sector.POLICE)
    health = OrganisationFactory(partnership=partnership, name="NHS", sector=Sector.HEALTH)
    strategic = BodyFactory(partnership=partnership, name="Forum", layer=Layer.STRATEGIC)
    executive = BodyFactory(partnership=partnership, name="Board", layer=Layer.EXECUTIVE)
    thematic = BodyFactory(partnership=partnership, name="Safety group", layer=Layer.THEMATIC)

    def person(name: str, org, email: str = "") -> Person:
        return PersonFactory(
            partnership=partnership,
            full_name=name,
            organisation=org,
            email=email or f"{name.split()[0].lower()}@example.org",
        )

    council_officer = person("Cara Council", council)
    police_officer = person("Pat Police", police)
    nurse = person("Nia Nurse", health)
    no_email = PersonFactory(partnership=partnership, full_name="Ned Noemail", organisation=council, email="")
    MembershipFactory(body=strategic, person=council_officer)
    MembershipFactory(body=thematic, person=council_officer, represents=police)
    MembershipFactory(body=executive, person=police_officer)
    MembershipFactory(body=thematic, person=nurse)
    MembershipFactory(body=executive, person=no_email)
    coordinator = user_with_role(partnership, "viewer", email="coordinator@example.org")
    Coordinator.objects.create(partnership=partnership, user=coordinator)
    return Setting(
        partnership=partnership,
        version=make_version(),
        strategic=strategic,
        executive=executive,
        thematic=thematic,
        council_officer=council_officer,
        police_officer=police_officer,
        nurse=nurse,
        no_email=no_email,
        coordinator=coordinator,
        viewer=user_with_role(partnership, "viewer", email="viewer@example.org"),
    )


def token_sent_to(email: str) -> str:
    """The token in the latest email to this address."""
    messages = [m for m in mail.outbox if email in m.to]
    assert messages, f"No email was sent to {email}"
    match = re.search(r"/respond/([^/\s]+)/", messages[-1].body)
    assert match, messages[-1].body
    return match.group(1)
