"""What the law expects of each type of partnership: statutory seats and the words used.

Pure data and functions over plain values (partnership type codes as in
`PartnershipType`, seat roles as strings), so other rooms and tests can use them
without the ORM. Sources are cited on each entry; see docs/adr/0009-governance-structure.md.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

HWB = "hwb"
CSP = "csp"
ICP = "icp"
PLACE = "place"
OTHER = "other"


@dataclass(frozen=True)
class ExpectedSeat:
    """A seat the law requires on a partnership's statutory body.

    `key` is what `Seat.statutory_role` stores. `each` says when the law asks for one seat
    per organisation of a kind (each council, each integrated care board): we then expect
    at least one such seat and say so in words, because which organisations count depends
    on local boundaries we do not hold as data.
    """

    key: str
    label: str
    sector: str
    source: str
    each: str = ""


HWB_SOURCE = "Health and Social Care Act 2012 s194(2), as amended by the Health and Care Act 2022"
CSP_SOURCE = "Crime and Disorder Act 1998 s5(1)"
ICP_SOURCE = "National Health Service Act 2006 s116ZA(1), inserted by the Health and Care Act 2022"

EXPECTED_SEATS: dict[str, tuple[ExpectedSeat, ...]] = {
    HWB: (
        ExpectedSeat(
            "hwb_councillor",
            "A councillor of the local authority",
            "local_government",
            HWB_SOURCE,
            each="at least one",
        ),
        ExpectedSeat(
            "hwb_director_adult_social_services",
            "The director of adult social services",
            "local_government",
            HWB_SOURCE,
        ),
        ExpectedSeat(
            "hwb_director_childrens_services",
            "The director of children's services",
            "local_government",
            HWB_SOURCE,
        ),
        ExpectedSeat(
            "hwb_director_public_health",
            "The director of public health",
            "local_government",
            HWB_SOURCE,
        ),
        ExpectedSeat(
            "hwb_healthwatch",
            "A representative of the local Healthwatch organisation",
            "voluntary",
            HWB_SOURCE,
        ),
        ExpectedSeat(
            "hwb_integrated_care_board",
            "A representative of the integrated care board",
            "health",
            HWB_SOURCE,
            each="one for each relevant integrated care board",
        ),
    ),
    CSP: (
        ExpectedSeat(
            "csp_local_authority",
            "The local authority",
            "local_government",
            CSP_SOURCE,
            each="one for each council in the area",
        ),
        ExpectedSeat("csp_police", "The police (chief officer of police for the area)", "police", CSP_SOURCE),
        ExpectedSeat("csp_fire_and_rescue", "The fire and rescue authority", "fire", CSP_SOURCE),
        ExpectedSeat(
            "csp_integrated_care_board",
            "The integrated care board",
            "health",
            f"{CSP_SOURCE}, as amended by the Health and Care Act 2022",
        ),
        ExpectedSeat("csp_probation", "The probation service", "other_public", CSP_SOURCE),
    ),
    ICP: (
        ExpectedSeat("icp_integrated_care_board", "The integrated care board", "health", ICP_SOURCE),
        ExpectedSeat(
            "icp_upper_tier_local_authority",
            "Each responsible upper-tier local authority",
            "local_government",
            ICP_SOURCE,
            each="one for each upper-tier council in the integrated care board's area",
        ),
    ),
    PLACE: (),
    OTHER: (),
}


def expected_seats(partnership_type: str) -> tuple[ExpectedSeat, ...]:
    return EXPECTED_SEATS.get(partnership_type, ())


def missing_statutory_seats(partnership_type: str, seats: Iterable[str]) -> list[ExpectedSeat]:
    """The expected seats that none of `seats` fills.

    `seats` are the `statutory_role` values of a body's seats (blank strings allowed).
    A seat fills its role whether or not someone holds it: an empty seat is shown as
    empty, which is a different gap from a seat that does not exist.
    """
    present = {role for role in seats if role}
    return [seat for seat in expected_seats(partnership_type) if seat.key not in present]


def statutory_role_choices(partnership_type: str) -> list[tuple[str, str]]:
    """Choices for a seat form: the expected seats of this type, after "none"."""
    return [("", "Not a statutory seat")] + [(s.key, s.label) for s in expected_seats(partnership_type)]


def statutory_role_label(key: str) -> str:
    for seats in EXPECTED_SEATS.values():
        for seat in seats:
            if seat.key == key:
                return seat.label
    return key


@dataclass(frozen=True)
class Labels:
    """The words a partnership of this type uses for its own things."""

    strategy: str
    needs_assessment: str
    statutory_body: str


LABELS: dict[str, Labels] = {
    HWB: Labels(
        strategy="joint health and wellbeing strategy",
        needs_assessment="joint strategic needs assessment",
        statutory_body="health and wellbeing board",
    ),
    CSP: Labels(
        strategy="community safety strategy / partnership plan",
        needs_assessment="strategic assessment",
        statutory_body="community safety partnership",
    ),
    ICP: Labels(
        strategy="integrated care strategy",
        needs_assessment="joint strategic needs assessment",
        statutory_body="integrated care partnership",
    ),
    PLACE: Labels(
        strategy="community strategy",
        needs_assessment="local area profile",
        statutory_body="partnership board",
    ),
    OTHER: Labels(
        strategy="partnership strategy",
        needs_assessment="needs assessment",
        statutory_body="partnership board",
    ),
}


def labels_for(partnership_type: str) -> Labels:
    return LABELS.get(partnership_type, LABELS[OTHER])
