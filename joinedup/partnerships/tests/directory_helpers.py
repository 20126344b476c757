"""Bodies, seats and memberships for the directory's tests.

The structure part of the room owns their factories; these plain helpers keep the
directory's tests independent of them.
"""

from __future__ import annotations

import datetime as dt

from joinedup.partnerships.models import Body, Layer, Membership, Seat, SeatKind, Seniority


def make_body(partnership, name="Executive board", layer=Layer.EXECUTIVE) -> Body:
    return Body.objects.create(partnership=partnership, name=name, layer=layer)


def make_seat(body, organisation=None, label="Council seat") -> Seat:
    return Seat.objects.create(
        body=body, label=label, kind=SeatKind.STATUTORY_PARTNER, organisation=organisation
    )


def make_membership(
    body, person, *, seat=None, role="member", represents=None, is_deputy=False, end_date=None
) -> Membership:
    return Membership.objects.create(
        body=body,
        person=person,
        seat=seat,
        role=role,
        represents=represents,
        is_deputy=is_deputy,
        seniority=Seniority.DIRECTOR,
        start_date=dt.date(2024, 4, 1),
        end_date=end_date,
    )
