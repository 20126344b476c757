"""The partnerships room's evidence metrics (core.evidence): what the partnership's structure
shows about the Staff and skills and Synergies elements of the 7S framework. Registered from
PartnershipsConfig.ready(); thresholds and reasoning in docs/assessment.md ("Evidence metrics").

Every compute reads the structure through `selectors.structure_bodies` (a fixed number of
queries whatever the number of bodies and members) and returns value None when there is
nothing to measure (no chairs, no board members, no seats).
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from django.urls import reverse

from joinedup.core import evidence
from joinedup.core.evidence import Reading, Record
from joinedup.partnerships.analysis import leadership_shares
from joinedup.partnerships.models import Layer, Membership, MembershipRole, Sector
from joinedup.partnerships.presenters import leadership_posts
from joinedup.partnerships.selectors import structure_bodies

BOARD_LAYERS = (Layer.STRATEGIC, Layer.EXECUTIVE)
SHARED_LEADERSHIP_LAYERS = (Layer.EXECUTIVE, Layer.THEMATIC)
BOARD_ROLES = (MembershipRole.CHAIR, MembershipRole.VICE_CHAIR, MembershipRole.MEMBER)


def _holders(bodies: list[Any]) -> list[Membership]:
    """Current memberships that are not deputies, each with its body set (no query)."""
    result = []
    for body in bodies:
        for m in body.current_memberships:
            if not m.is_deputy:
                m.body = body
                result.append(m)
    return result


def _body_url(partnership: Any, body_id: int) -> str:
    return reverse("partnerships:body_detail", kwargs={"slug": partnership.slug, "body_id": body_id})


def _sector_label(m: Membership) -> str:
    return m.represents.get_sector_display() if m.represents is not None else "None recorded"


def _post_record(partnership: Any, m: Membership, note: str) -> Record:
    return Record(
        f"{m.person.full_name}, {m.get_role_display().lower()} of {m.body.name}",
        _body_url(partnership, m.body_id),
        note,
    )


def _leadership_url(partnership: Any) -> str:
    return reverse("partnerships:structure_leadership", kwargs={"slug": partnership.slug})


def chairs_by_sector(partnership: Any) -> Reading:
    chairs = [m for m in _holders(structure_bodies(partnership)) if m.role == MembershipRole.CHAIR]
    result = leadership_shares(leadership_posts(chairs))
    if result.share is None:
        return Reading(value=None, detail="No body has a current chair recorded.")
    other = result.total_posts - result.council_posts
    sectors = Counter(_sector_label(m) for m in chairs)
    order = [str(label) for _v, label in Sector.choices] + ["None recorded"]
    return Reading(
        value=other / result.total_posts,
        numerator=other,
        denominator=result.total_posts,
        detail=f"{other} of {result.total_posts} chairs represent an organisation outside local government.",
        records=tuple(_post_record(partnership, m, _sector_label(m)) for m in chairs),
        breakdown=tuple(
            (label, sectors[label])
            for label in sorted(sectors, key=lambda s: order.index(s) if s in order else 99)
        ),
    )


def shared_leadership(partnership: Any) -> Reading:
    posts = [
        m
        for m in _holders(structure_bodies(partnership))
        if m.role in (MembershipRole.CHAIR, MembershipRole.VICE_CHAIR)
        and m.body.layer in SHARED_LEADERSHIP_LAYERS
    ]
    result = leadership_shares(leadership_posts(posts))
    if result.share is None:
        return Reading(value=None, detail="No executive or thematic body has a current chair or vice-chair.")
    other = result.total_posts - result.council_posts
    return Reading(
        value=other / result.total_posts,
        numerator=other,
        denominator=result.total_posts,
        detail=f"{other} of {result.total_posts} chair and vice-chair posts of executive and thematic bodies "
        "are held by people representing partners other than local government.",
        records=tuple(_post_record(partnership, m, _sector_label(m)) for m in posts),
        breakdown=(("Local government", result.council_posts), ("Other partners", other)),
    )


def collaboration_training(partnership: Any) -> Reading:
    members = [
        m
        for m in _holders(structure_bodies(partnership))
        if m.body.layer in BOARD_LAYERS and m.role in BOARD_ROLES
    ]
    people = {m.person_id: m.person for m in members}
    if not people:
        return Reading(value=None, detail="No strategic or executive body has current members.")
    trained = set(
        partnership.people.filter(pk__in=list(people), training_records__covers_collaboration=True)
        .values_list("pk", flat=True)
        .distinct()
    )

    def record(pk: int) -> Record:
        url = reverse("partnerships:person", kwargs={"slug": partnership.slug, "pk": pk})
        return Record(
            people[pk].full_name, url, "" if pk in trained else "no collaboration training recorded"
        )

    ordered = sorted(people, key=lambda pk: (pk in trained, people[pk].full_name))
    return Reading(
        value=len(trained) / len(people),
        numerator=len(trained),
        denominator=len(people),
        detail=f"{len(trained)} of {len(people)} board members (strategic and executive bodies) have a "
        "training or induction record that covers working collaboratively.",
        records=tuple(record(pk) for pk in ordered),
    )


def deputies_for_gatekeepers(partnership: Any) -> Reading:
    bodies = structure_bodies(partnership)
    records: list[Record] = []
    covered = total = 0
    for body in bodies:
        current = body.current_memberships  # type: ignore[attr-defined]
        deputised = {m.seat_id for m in current if m.is_deputy and m.seat_id}
        for m in current:
            if m.is_deputy:
                continue
            if m.seat_id:
                total += 1
                ok = m.seat_id in deputised
                covered += ok
                label = f"{m.seat.label} ({body.name}), held by {m.person.full_name}"
                records.append(Record(label, _body_url(partnership, body.pk), "" if ok else "no deputy"))
            if m.role == MembershipRole.CHAIR:
                total += 1
                ok = any(v.role == MembershipRole.VICE_CHAIR and not v.is_deputy for v in current)
                covered += ok
                label = f"Chair of {body.name}, {m.person.full_name}"
                records.append(Record(label, _body_url(partnership, body.pk), "" if ok else "no vice-chair"))
    if not total:
        return Reading(value=None, detail="No seat has a current holder and no body has a chair.")
    records.sort(key=lambda r: r.note == "")
    return Reading(
        value=covered / total,
        numerator=covered,
        denominator=total,
        detail=f"{covered} of {total} gatekeeper posts have cover: seats with a current holder and a named "
        "deputy, and chairs whose body has a vice-chair.",
        records=tuple(records),
    )


def register_all() -> None:
    metric = evidence.registrar("partnerships")

    metric(
        "chairs_by_sector",
        "staff_skills",
        "Chairs from outside local government",
        "The share of the current chairs of all bodies (deputies left out) who represent an organisation "
        "that is not local government; a chair representing no organisation counts as not local "
        "government, as on the structure's leadership page. The breakdown gives chairs by sector.",
        chairs_by_sector,
        green_at=0.4,
        amber_at=0.2,
        records_url=_leadership_url,
    )
    metric(
        "shared_leadership",
        "staff_skills",
        "Shared leadership of executive and thematic bodies",
        "The share of current chair and vice-chair posts of executive and thematic bodies held by "
        "people representing partners other than local government.",
        shared_leadership,
        green_at=0.5,
        amber_at=0.3,
        records_url=_leadership_url,
    )
    metric(
        "collaboration_training",
        "staff_skills",
        "Board members trained to collaborate",
        "The share of current chairs, vice-chairs and members of strategic and executive bodies with at "
        "least one training, induction or development record that covers working collaboratively.",
        collaboration_training,
        green_at=0.75,
        amber_at=0.4,
        records_url=lambda p: reverse("partnerships:people", kwargs={"slug": p.slug}),
    )
    metric(
        "deputies_for_gatekeepers",
        "synergies",
        "Deputies for gatekeepers",
        "Of every seat with a current holder and every body's chair, the share with cover: a named deputy "
        "for the seat, a vice-chair for the chair.",
        deputies_for_gatekeepers,
        green_at=0.8,
        amber_at=0.5,
        records_url=lambda p: reverse("partnerships:structure", kwargs={"slug": p.slug}),
    )
