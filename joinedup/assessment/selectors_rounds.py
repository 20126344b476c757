"""Reads for rounds, invitations, respondent links and consensus answers.

Each function runs a fixed number of queries whatever the number of people, invitations or
answers (tests/test_rounds_selectors.py asserts it).
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils import timezone

from joinedup.assessment import analysis
from joinedup.assessment.models import (
    ConsensusAnswer,
    Element,
    FrameworkVersion,
    Invitation,
    Question,
    Response,
    ResponseStatus,
    Round,
    VersionStatus,
)
from joinedup.assessment.selectors_frameworks import visible_versions
from joinedup.assessment.selectors_settings import settings_for
from joinedup.core.models import SignedLink
from joinedup.partnerships.models import Layer, Membership, Partnership, Person, Sector

SECTOR_LABELS = dict(Sector.choices)
LAYER_LABELS = dict(Layer.choices)
NO_LAYER = "No layer (invited by name)"
NO_SECTOR = "No sector recorded"


# ---------------------------------------------------------------------------
# Opening a round
# ---------------------------------------------------------------------------


def available_versions(partnership: Partnership) -> QuerySet[FrameworkVersion]:
    """Published versions a round may use: shipped frameworks' and the partnership's own."""
    return (
        visible_versions(partnership)
        .filter(status=VersionStatus.PUBLISHED)
        .select_related("framework")
        .order_by("framework__title", "-number")
    )


def default_previous_round(partnership: Partnership, version: FrameworkVersion) -> Round | None:
    """The last closed round on the same framework (any of its versions)."""
    today = timezone.localdate()
    return (
        partnership.assessment_rounds.filter(framework_version__framework_id=version.framework_id)
        .filter(Q(closed_at__isnull=False) | Q(closes_on__lt=today))
        .order_by("-closes_on", "-pk")
        .first()
    )


@dataclass(frozen=True)
class Invitee:
    person: Person
    sector: str
    layer: str

    @property
    def sector_label(self) -> str:
        return SECTOR_LABELS.get(self.sector, NO_SECTOR)

    @property
    def layer_label(self) -> str:
        return LAYER_LABELS.get(self.layer, NO_LAYER)


@dataclass
class InviteePreview:
    invitees: list[Invitee] = field(default_factory=list)  # with an email address
    no_email: list[Invitee] = field(default_factory=list)  # "cannot be invited: no email"

    @property
    def by_sector(self) -> list[tuple[str, int]]:
        counts = Counter(i.sector_label for i in self.invitees)
        return sorted(counts.items())

    @property
    def by_layer(self) -> list[tuple[str, int]]:
        counts = Counter(i.layer for i in self.invitees)
        order = [*analysis.LAYER_ORDER, ""]
        return [(LAYER_LABELS.get(k, NO_LAYER), counts[k]) for k in order if counts[k]]


def invitee_preview(
    partnership: Partnership,
    *,
    body_ids: Iterable[int],
    sectors: Sequence[str] = (),
    layers: Sequence[str] = (),
    person_ids: Iterable[int] = (),
    today: dt.date | None = None,
) -> InviteePreview:
    """Who a round with these choices would invite, with their snapshotted sector and layer
    (the rule is `analysis.snapshot_invitees`). Three queries."""
    today = today or timezone.localdate()
    current = Q(start_date__lte=today) & (Q(end_date__isnull=True) | Q(end_date__gte=today))
    bodies = list(
        partnership.bodies.filter(pk__in=list(body_ids)).prefetch_related(
            Prefetch(
                "memberships",
                queryset=Membership.objects.filter(current).select_related(
                    "represents", "person__organisation"
                ),
                to_attr="invited_memberships",
            )
        )
    )
    people: dict[int, Person] = {}
    seats = []
    for body in bodies:
        for membership in body.invited_memberships:
            person = membership.person
            people[person.pk] = person
            own = person.organisation.sector if person.organisation is not None else ""
            represents = membership.represents.sector if membership.represents is not None else ""
            seats.append(
                analysis.Seat(
                    person_id=person.pk,
                    layer=body.layer,
                    sector=analysis.membership_sector(represents, own),
                    body_name=body.name,
                )
            )
    named = {}
    for person in partnership.people.filter(pk__in=list(person_ids)).select_related("organisation"):
        people[person.pk] = person
        named[person.pk] = person.organisation.sector if person.organisation is not None else ""
    snapshots = analysis.snapshot_invitees(seats, sectors=sectors, layers=layers, named=named)
    preview = InviteePreview()
    for snap in sorted(snapshots.values(), key=lambda s: people[s.person_id].full_name):
        invitee = Invitee(person=people[snap.person_id], sector=snap.sector, layer=snap.layer)
        (preview.invitees if invitee.person.email else preview.no_email).append(invitee)
    return preview


# ---------------------------------------------------------------------------
# Rounds list and round page
# ---------------------------------------------------------------------------


def round_status(round_: Round, today: dt.date | None = None) -> str:
    today = today or timezone.localdate()
    if round_.closed_at is not None or round_.closes_on < today:
        return "Closed"
    if round_.opens_on > today:
        return "Not open yet"
    return "Open"


def rounds_for_list(partnership: Partnership) -> list[Round]:
    """Every round with its submitted response count (`submitted`) and status. One query."""
    rounds: list[Round] = list(
        partnership.assessment_rounds.select_related("framework_version__framework").annotate(
            # distinct: the join with invitations would otherwise count each response once per invitation.
            submitted=Count("responses", filter=Q(responses__status=ResponseStatus.SUBMITTED), distinct=True),
            invited=Count("invitations", distinct=True),
        )
    )
    today = timezone.localdate()
    for round_ in rounds:
        round_.status_label = round_status(round_, today)  # type: ignore[attr-defined]
    return rounds


def round_for(partnership: Partnership, round_id: int) -> Round | None:
    return (
        partnership.assessment_rounds.select_related("framework_version__framework", "previous_round")
        .filter(pk=round_id)
        .first()
    )


def min_group_size(partnership: Partnership) -> int:
    """The partnership's smallest group shown (default 5 when it has no settings yet)."""
    return settings_for(partnership).min_group_size


@dataclass
class RoundOverview:
    round: Round
    status: str
    invitations: list[Invitation]
    by_sector: list[tuple[str, analysis.RateRow]]
    by_layer: list[tuple[str, analysis.RateRow]]
    invited: int
    responded: int
    submitted: int
    min_group: int
    unsent: int
    to_remind: int


def round_overview(partnership: Partnership, round_: Round) -> RoundOverview:
    """The round page: invitations, and the response rate by sector and by layer, live, with
    small groups hidden (complementary suppression over responded counts). Four queries."""
    invitations = list(round_.invitations.select_related("person", "link").order_by("person__full_name"))
    min_group = min_group_size(partnership)
    submitted = round_.responses.filter(status=ResponseStatus.SUBMITTED).count()

    def rates(attr: str, labels: dict[str, str], empty: str) -> list[tuple[str, analysis.RateRow]]:
        invited = Counter(getattr(i, attr) for i in invitations)
        responded = Counter(getattr(i, attr) for i in invitations if i.responded)
        rows = analysis.response_rates(dict(sorted(invited.items())), responded, min_group)
        return [(labels.get(row.group, empty), row) for row in rows]

    return RoundOverview(
        round=round_,
        status=round_status(round_),
        invitations=invitations,
        by_sector=rates("sector", SECTOR_LABELS, NO_SECTOR),
        by_layer=rates("layer", LAYER_LABELS, NO_LAYER),
        invited=len(invitations),
        responded=sum(1 for i in invitations if i.responded),
        submitted=submitted,
        min_group=min_group,
        unsent=sum(1 for i in invitations if i.sent_count == 0),
        to_remind=sum(1 for i in invitations if i.sent_count and not i.responded),
    )


def invitation_for(round_: Round, invitation_id: int) -> Invitation | None:
    return round_.invitations.select_related("person", "link").filter(pk=invitation_id).first()


# ---------------------------------------------------------------------------
# The respondent's link
# ---------------------------------------------------------------------------


def invitation_for_link(link: SignedLink) -> Invitation | None:
    """The invitation a respondent's link was issued for, if it is still that invitation's
    current link (a resent link revokes the old one; this also refuses a link whose target
    is not an invitation)."""
    target = link.target
    if not isinstance(target, Invitation) or target.partnership_id != link.partnership_id:
        return None
    if target.link_id != link.pk:
        return None
    return target


def elements_of(version: FrameworkVersion) -> list[Element]:
    """The version's elements, each with `question_list`. Two queries."""
    elements: list[Element] = list(
        version.elements.prefetch_related(
            Prefetch("questions", queryset=Question.objects.order_by("position"), to_attr="question_list")
        ).order_by("position")
    )
    return elements


def draft_for(invitation: Invitation) -> Response | None:
    """The invitation's saved, not yet submitted answers, if any."""
    try:
        response = invitation.response
    except Response.DoesNotExist:
        return None
    return response if response.status == ResponseStatus.DRAFT else None


def saved_answers(response: Response | None) -> dict[int, tuple[str, str]]:
    """Question id → (choice, comment) of a draft."""
    if response is None:
        return {}
    return {a.question_id: (a.choice, a.comment) for a in response.answers.all()}


# ---------------------------------------------------------------------------
# Consensus answers
# ---------------------------------------------------------------------------


def consensus_for(round_: Round) -> dict[int, ConsensusAnswer]:
    """Question id → the consensus answer recorded for it, with who recorded it."""
    return {c.question_id: c for c in round_.consensus_answers.select_related("recorded_by")}
