"""Data entry by indicator owners, and the requests that ask them for it (ADR 0021).

- `owner_grid` reads the grid of every indicator a person owns for one period (the local
  ones editable, the shared ones read-only: they are published nationally and arrive by
  import), with the current values.
- `save_entries` writes typed values all-or-nothing through the one observation writer
  (`plan_observations(may_revise=True)`: it is the partnership's own data), with one audit
  entry per save listing the values, and refuses to overwrite a value someone else changed
  after the form was read (`EntryConflict`). `write_commentary` is the minimal, audited write
  of an indicator's commentary for a period.
- `send_data_requests` emails each owner whose values for a due period are missing a digest
  with a signed link to the same grid (one `DataEntryDigest` per person and period), and
  first escalates requests whose due date has passed with values still missing.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from joinedup.core import audit, signed_links
from joinedup.core.audit import Actor
from joinedup.core.conflicts import EditConflict
from joinedup.core.mail import send_email
from joinedup.core.models import SignedLink
from joinedup.core.periods import Period, parse
from joinedup.partnerships.models import Area, Partnership, Person
from joinedup.performance import entry_rules
from joinedup.performance.models import (
    DEFAULT_AGE,
    DEFAULT_SEX,
    Commentary,
    DataEntryDigest,
    Indicator,
    Observation,
    PartnershipIndicator,
    QualityStatus,
    Unit,
)
from joinedup.performance.services.commentary import save_commentary
from joinedup.performance.services.observations import (
    NewObservation,
    plan_observations,
    write_observations,
)

PURPOSE = "performance.data_entry"
SENDER = "Owners' data requests"
SHARED_NOTE = "Published nationally: arrives by import"


# Reading the grid ---------------------------------------------------------------------------


@dataclass
class GridCell:
    """One row of the grid: an indicator in one area, with its current value for the period."""

    indicator: Indicator
    area: Area
    current: Observation | None
    editable: bool

    @property
    def key(self) -> str:
        return f"{self.indicator.pk}-{self.area.pk}"


@dataclass
class GridGroup:
    """An indicator the person owns, its areas and its commentary for the period."""

    link: PartnershipIndicator
    indicator: Indicator
    editable: bool
    cells: list[GridCell] = field(default_factory=list)
    commentary: Commentary | None = None

    @property
    def missing(self) -> int:
        return sum(1 for c in self.cells if c.current is None) if self.editable else 0


def reporting_areas(link: PartnershipIndicator) -> list[Area]:
    """The areas a partnership reports an indicator for: the link's, or the partnership's own."""
    areas = list(link.areas.order_by("name"))
    return areas or list(link.partnership.areas.order_by("name"))


def _current_observations(
    indicator_ids: Iterable[int], area_ids: Iterable[int], period: Period
) -> dict[tuple[int, int], Observation]:
    rows = Observation.objects.filter(
        indicator_id__in=list(indicator_ids),
        area_id__in=list(area_ids),
        period=period,
        sex=DEFAULT_SEX,
        age=DEFAULT_AGE,
        category_type="",
        category="",
        superseded_at__isnull=True,
    )
    return {(o.indicator_id, o.area_id): o for o in rows}


def owned_links(partnership: Partnership, person: Person, period: Period) -> list[PartnershipIndicator]:
    """The person's indicators in this partnership whose values are for periods like this one."""
    links = (
        partnership.indicator_links.filter(owner_person=person)
        .select_related("indicator", "partnership")
        .order_by("indicator__code")
    )
    return [link for link in links if entry_rules.matches_frequency(link.indicator.frequency, period)]


def is_editable(partnership: Partnership, indicator: Indicator) -> bool:
    """Only a partnership's own (local) indicators' values are typed in."""
    return indicator.partnership_id == partnership.pk


def grid_for(
    partnership: Partnership, links: Sequence[PartnershipIndicator], period: Period
) -> list[GridGroup]:
    groups = [
        GridGroup(link=link, indicator=link.indicator, editable=is_editable(partnership, link.indicator))
        for link in links
    ]
    areas = {group.indicator.pk: reporting_areas(group.link) for group in groups}
    current = _current_observations(areas, {a.pk for area_list in areas.values() for a in area_list}, period)
    commentaries = {
        c.indicator_id: c
        for c in partnership.commentaries.filter(indicator__in=[g.indicator for g in groups], period=period)
    }
    for group in groups:
        group.commentary = commentaries.get(group.indicator.pk)
        group.cells = [
            GridCell(
                indicator=group.indicator,
                area=area,
                current=current.get((group.indicator.pk, area.pk)),
                editable=group.editable,
            )
            for area in areas[group.indicator.pk]
        ]
    return groups


def owner_grid(partnership: Partnership, person: Person, period: Period) -> list[GridGroup]:
    """Every indicator `person` owns for `period`, local ones first."""
    groups = grid_for(partnership, owned_links(partnership, person, period), period)
    return sorted(groups, key=lambda g: (not g.editable, g.indicator.code))


def missing_values(partnership: Partnership, person: Person, period: Period) -> int:
    return sum(group.missing for group in owner_grid(partnership, person, period))


# Writing values and commentary ---------------------------------------------------------------


@dataclass(frozen=True)
class EnteredValue:
    """A typed value for an indicator and area (in the period being saved).

    `seen_id` is the current observation's id when the form was read (None: there was none).
    A form that could not know it (the one-value form, whose area and period are chosen in
    it) gives `read_at` instead: any value recorded after that moment is someone else's.
    """

    indicator_id: int
    area_id: int
    value: float | None
    note: str = ""
    numerator: float | None = None
    denominator: float | None = None
    quality: str = QualityStatus.VALIDATED
    seen_id: int | None = None
    read_at: dt.datetime | None = None


@dataclass(frozen=True)
class EnteredCommentary:
    indicator_id: int
    happening: str
    doing: str
    seen_version: int | None = None  # None: there was no commentary when the form was read
    read_at: dt.datetime | None = None  # instead of seen_version, as for EnteredValue


@dataclass(frozen=True)
class Conflicted:
    indicator: Indicator
    area: Area | None  # None for the indicator's commentary
    current: Observation | Commentary | None


class EntryConflict(Exception):
    """Someone else changed values (or commentary) after the form was read; nothing was saved."""

    def __init__(self, conflicts: list[Conflicted]):
        super().__init__("Values were changed by someone else while you were entering them.")
        self.conflicts = conflicts


@dataclass
class EntryResult:
    written: int = 0
    unchanged: int = 0
    commentaries: int = 0
    completed: list[DataEntryDigest] = field(default_factory=list)


def _actor(user: Any | None, person: Person | None) -> tuple[Actor, str]:
    """Who is entering, for the audit and for the values' `entered_by_label`."""
    if user is not None:
        actor = Actor.for_user(user)
        return actor, actor.label
    if person is None:
        raise ValueError("Give the signed-in user or the person holding the link")
    return Actor.for_link(person.full_name), f"{person.full_name} (by emailed link)"


def _plain_number(value: float | None) -> float | int | None:
    if value is None:
        return None
    return int(value) if float(value).is_integer() else value


def check_value(indicator: Indicator, value: float | None) -> str:
    """Why a value cannot be right for this indicator, in words, or ""."""
    if value is None:
        return ""
    if indicator.unit == Unit.PERCENTAGE and not 0 <= value <= 100:
        return "must be a percentage between 0 and 100"
    if indicator.unit == Unit.YES_NO and value not in (0, 1):
        return "must be 1 (yes) or 0 (no)"
    return ""


def write_commentary(
    *,
    partnership: Partnership,
    indicator: Indicator,
    period: Period,
    happening: str,
    doing: str,
    user: Any | None = None,
    person: Person | None = None,
    seen_version: int | None = None,
    check_seen: bool = True,
) -> Commentary | None:
    """The commentary typed beside a value, written through the one commentary writer
    (`services.commentary.save_commentary`).

    Returns the commentary, or None when there is none and nothing was typed; blank boxes
    leave an existing commentary as it is. Raises EntryConflict if the commentary changed
    since `seen_version` was read (with `check_seen`)."""
    if (
        not is_editable(partnership, indicator)
        and not partnership.indicator_links.filter(indicator=indicator).exists()
    ):
        raise ValidationError("That indicator is not used by this partnership.")
    happening, doing = happening.strip(), doing.strip()
    existing = partnership.commentaries.select_for_update().filter(indicator=indicator, period=period).first()
    if check_seen and (existing.version if existing else None) != seen_version:
        raise EntryConflict([Conflicted(indicator=indicator, area=None, current=existing)])
    if not (happening or doing):
        return existing
    if existing is not None and (existing.happening, existing.doing) == (happening, doing):
        return existing
    actor, _ = _actor(user, person)
    try:
        return save_commentary(
            partnership=partnership,
            indicator=indicator,
            period=period,
            user=user,
            actor=actor,
            happening=happening,
            doing=doing,
            actions=None,
            expected_version=existing.version if existing else None,
        )
    except EditConflict as exc:
        raise EntryConflict([Conflicted(indicator=indicator, area=None, current=existing)]) from exc


def save_entries(
    *,
    partnership: Partnership,
    period: Period,
    values: Sequence[EnteredValue],
    commentaries: Sequence[EnteredCommentary] = (),
    user: Any | None = None,
    person: Person | None = None,
    owner: Person | None = None,
) -> EntryResult:
    """Save typed values and commentary for one period, all or nothing.

    Give `user` (signed in) or `person` (holding an emailed link). Values are for the
    partnership's own (local) indicators only, in the areas it reports them for. Raises
    ValidationError (nothing saved) for anything else, EntryConflict (nothing saved) when a
    value or commentary was changed by someone else after the form was read. With `owner`
    (the grid's person), that person's requests for the period are completed once none of
    their values is missing."""
    actor, label = _actor(user, person)
    indicator_ids = {v.indicator_id for v in values} | {c.indicator_id for c in commentaries}
    indicators = {i.pk: i for i in partnership.local_indicators.filter(pk__in=indicator_ids)}
    links = {
        link.indicator_id: link
        for link in partnership.indicator_links.filter(indicator_id__in=indicator_ids).select_related(
            "partnership"
        )
    }
    errors = []
    for entered in values:
        indicator = indicators.get(entered.indicator_id)
        if indicator is None:
            errors.append("Values can only be entered for the partnership's own indicators.")
            continue
        allowed = {a.pk for a in reporting_areas(links[indicator.pk])} if indicator.pk in links else None
        if allowed is not None and entered.area_id not in allowed:
            errors.append(f"{indicator.code} is not reported for that area.")
        if entered.value is None and not entered.note.strip():
            errors.append(f"Give the reason there is no value for {indicator.code}.")
        problem = check_value(indicator, entered.value)
        if problem:
            errors.append(f"The value for {indicator.code} {problem}.")
    for typed in commentaries:
        if typed.indicator_id not in indicators:
            errors.append("Commentary can only be written here for the partnership's own indicators.")
    if errors:
        raise ValidationError(errors)

    areas = {a.pk: a for a in Area.objects.filter(pk__in={v.area_id for v in values})}
    try:
        return _save_checked(
            partnership=partnership,
            period=period,
            values=values,
            commentaries=commentaries,
            indicators=indicators,
            areas=areas,
            user=user,
            person=person,
            owner=owner,
            actor=actor,
            label=label,
        )
    except IntegrityError:
        # Someone else added a value for the same key at the same moment (the current-key
        # constraint caught it): nothing was saved; say what is there now.
        conflicts = _conflicts(partnership, period, values, commentaries, indicators, areas, lock=False)
        raise EntryConflict(conflicts) from None


def _conflicts(
    partnership: Partnership,
    period: Period,
    values: Sequence[EnteredValue],
    commentaries: Sequence[EnteredCommentary],
    indicators: dict[int, Indicator],
    areas: dict[int, Area],
    *,
    lock: bool,
) -> list[Conflicted]:
    """The values and commentary changed by someone else since the form was read."""
    found = _current_observations(indicators, areas, period)
    rows = Observation.objects.filter(pk__in=[o.pk for o in found.values()])
    if lock:
        rows = rows.select_for_update()
    current = {(o.indicator_id, o.area_id): o for o in rows}
    conflicts = []
    for entered in values:
        now_current = current.get((entered.indicator_id, entered.area_id))
        if entered.read_at is not None:
            changed = now_current is not None and now_current.recorded_at > entered.read_at
        else:
            changed = (now_current.pk if now_current else None) != entered.seen_id
        if changed:
            conflicts.append(
                Conflicted(
                    indicator=indicators[entered.indicator_id],
                    area=areas[entered.area_id],
                    current=now_current,
                )
            )
    for typed in commentaries:
        existing = partnership.commentaries.filter(indicator_id=typed.indicator_id, period=period).first()
        if typed.read_at is not None:
            changed = existing is not None and existing.written_at > typed.read_at
        else:
            changed = (existing.version if existing else None) != typed.seen_version
        if changed:
            conflicts.append(
                Conflicted(indicator=indicators[typed.indicator_id], area=None, current=existing)
            )
    return conflicts


def _save_checked(
    *,
    partnership: Partnership,
    period: Period,
    values: Sequence[EnteredValue],
    commentaries: Sequence[EnteredCommentary],
    indicators: dict[int, Indicator],
    areas: dict[int, Area],
    user: Any | None,
    person: Person | None,
    owner: Person | None,
    actor: Actor,
    label: str,
) -> EntryResult:
    result = EntryResult()
    with transaction.atomic():
        conflicts = _conflicts(partnership, period, values, commentaries, indicators, areas, lock=True)
        if conflicts:
            raise EntryConflict(conflicts)

        rows = [
            NewObservation(
                indicator_id=v.indicator_id,
                area_id=v.area_id,
                period=period,
                value=v.value,
                numerator=v.numerator,
                denominator=v.denominator,
                quality=v.quality,
                note=v.note.strip(),
            )
            for v in values
        ]
        plan = plan_observations(rows, may_revise=True)
        result.written = write_observations(
            plan, partnership_id=partnership.pk, user=user, entered_by_label=label
        )
        result.unchanged = len(plan.unchanged)
        if result.written:
            entered_rows = [*plan.new, *(r for r, _ in plan.revisions)]
            audit.record(
                action="performance.values.entered",
                actor=actor,
                partnership_id=partnership.pk,
                summary=f"{label} entered {result.written} value{'s' if result.written != 1 else ''} "
                f"for {period.label}"
                + (f" ({len(plan.revisions)} revised)" if plan.revisions else "")
                + ("." if user is not None else " using an emailed link."),
                after={
                    "period": period.code,
                    "values": [
                        {
                            "indicator": indicators[r.indicator_id].code,
                            "area": areas[r.area_id].code,
                            "value": _plain_number(r.value),
                            "note": r.note,
                            "revised": any(r is new for new, _ in plan.revisions),
                        }
                        for r in entered_rows
                    ],
                },
            )
        for typed in commentaries:
            before = partnership.commentaries.filter(indicator_id=typed.indicator_id, period=period).first()
            written = write_commentary(
                partnership=partnership,
                indicator=indicators[typed.indicator_id],
                period=period,
                happening=typed.happening,
                doing=typed.doing,
                user=user,
                person=person,
                check_seen=False,
            )
            if written is not None and (
                before is None or (before.happening, before.doing) != (written.happening, written.doing)
            ):
                result.commentaries += 1
        if owner is not None:
            result.completed = complete_requests(
                partnership=partnership, person=owner, period=period, actor=actor
            )
    return result


# Requests to owners ------------------------------------------------------------------------


@dataclass
class OwnerRequest:
    """An owner whose values for a due period are (partly) missing."""

    person: Person
    period: Period
    due_on: dt.date
    expires_on: dt.date
    links: list[PartnershipIndicator] = field(default_factory=list)
    missing: int = 0

    def is_overdue(self, today: dt.date) -> bool:
        return entry_rules.is_overdue(self.due_on, today)


def requests_due(partnership: Partnership, *, today: dt.date) -> list[OwnerRequest]:
    """Each owner and due period with values still missing, while the link could still work.
    The due date of a request is the earliest of its indicators' due dates."""
    requests: dict[tuple[int, str], OwnerRequest] = {}
    links = (
        partnership.indicator_links.filter(
            owner_person__partnership=partnership, indicator__partnership=partnership
        )
        .select_related("indicator", "owner_person", "owner_person__organisation", "partnership")
        .order_by("owner_person__full_name", "indicator__code")
    )
    for link in links:
        due = entry_rules.due_period(link.indicator.frequency, today, link.due_days_after_period)
        if due is None or today > due.link_expires_on:
            continue
        person = link.owner_person
        assert person is not None
        request = requests.setdefault(
            (person.pk, due.period.code),
            OwnerRequest(person=person, period=due.period, due_on=due.due_on, expires_on=due.link_expires_on),
        )
        request.due_on = min(request.due_on, due.due_on)
        request.expires_on = max(request.expires_on, due.link_expires_on)
        request.links.append(link)
    result = []
    for request in requests.values():
        groups = grid_for(partnership, request.links, request.period)
        request.missing = sum(g.missing for g in groups)
        if request.missing:
            result.append(request)
    return result


@dataclass
class RequestRun:
    sent: list[DataEntryDigest] = field(default_factory=list)
    already_sent: list[Person] = field(default_factory=list)
    no_email: list[Person] = field(default_factory=list)
    escalated: list[DataEntryDigest] = field(default_factory=list)


def _end_of(day: dt.date) -> dt.datetime:
    tz = timezone.get_current_timezone()
    return dt.datetime.combine(day + dt.timedelta(days=1), dt.time.min, tzinfo=tz)


def send_data_requests(*, partnership: Partnership, today: dt.date, user: Any | None = None) -> RequestRun:
    """Escalate missed requests, then email every owner with values missing for a due period
    who has not been asked for that period yet. Safe to run as often as you like."""
    run = RequestRun(escalated=escalate_missed_requests(partnership=partnership, today=today))
    for request in requests_due(partnership, today=today):
        if not request.person.email:
            run.no_email.append(request.person)
            continue
        digest = _send_request(partnership=partnership, request=request, today=today, user=user)
        if digest is None:
            run.already_sent.append(request.person)
        else:
            run.sent.append(digest)
    return run


def _send_request(
    *, partnership: Partnership, request: OwnerRequest, today: dt.date, user: Any | None
) -> DataEntryDigest | None:
    with transaction.atomic():
        # Lock the person so two runs at once cannot both ask for this period.
        person = partnership.people.select_for_update().get(pk=request.person.pk)
        if partnership.data_entry_digests.filter(person=person, period=request.period).exists():
            return None
        digest = DataEntryDigest(
            partnership=partnership,
            person=person,
            period=request.period,  # type: ignore[misc]
            due_on=request.due_on,
        )
        digest.full_clean()
        digest.save()
        issued = signed_links.issue_link(
            purpose=PURPOSE,
            target=digest,
            partnership_id=partnership.pk,
            holder_label=person.full_name,
            lifetime=_end_of(request.expires_on) - timezone.now(),
            created_by=user,
        )
        digest.link = issued.link
        digest.save(update_fields=["link"])
        count = len(request.links)
        send_email(
            to=[person.email],
            subject=f"{partnership.name}: values for {request.period.label} due by "
            f"{entry_rules.day(request.due_on)}",
            template="performance/entry/email/request",
            context={
                "person": person,
                "partnership": partnership,
                "period": request.period.label,
                "due_on": entry_rules.day(request.due_on),
                "expires_on": entry_rules.day(request.expires_on),
                "indicators": [link.indicator for link in request.links],
                "missing": request.missing,
                "link_path": issued.path,
            },
        )
        audit.record(
            action="performance.data_request.sent",
            actor=Actor.for_user(user) if user is not None else Actor.system(SENDER),
            partnership_id=partnership.pk,
            target=person,
            summary=f"Asked {person.full_name} for {request.missing} "
            f"value{'s' if request.missing != 1 else ''} "
            f"of {count} indicator{'s' if count != 1 else ''} for {request.period.label}, "
            f"due by {entry_rules.day(request.due_on)}.",
            after={
                "period": request.period.code,
                "due_on": request.due_on,
                "indicators": [link.indicator.code for link in request.links],
                "email": person.email,
            },
        )
    return digest


def complete_requests(
    *, partnership: Partnership, person: Person, period: Period, actor: Actor
) -> list[DataEntryDigest]:
    """Mark the person's open requests for the period done, and their links used up, once
    none of their values for it is missing. Call inside the saving transaction."""
    open_requests = list(
        partnership.data_entry_digests.filter(
            person=person, period=period, completed_at__isnull=True
        ).select_related("link")
    )
    if not open_requests or missing_values(partnership, person, period):
        return []
    now = timezone.now()
    for digest in open_requests:
        digest.completed_at = now
        digest.save(update_fields=["completed_at"])
        if digest.link is not None and digest.link.completed_at is None:
            signed_links.complete_link(digest.link)
        audit.record(
            action="performance.data_request.completed",
            actor=actor,
            partnership_id=partnership.pk,
            target=person,
            summary=f"Every value asked of {person.full_name} for {period.label} has been entered.",
            after={"period": period.code},
        )
    return open_requests


def escalation_recipients(
    partnership: Partnership, links: Sequence[PartnershipIndicator]
) -> tuple[list, str]:
    """Who hears of a missed deadline, and as what: the theme leads of the priorities whose
    outcomes the indicators serve, or, when there are none, the partnership's admins."""
    active = partnership.roles.filter(is_active=True).values("user_id")
    leads = list(
        get_user_model()
        ._default_manager.filter(
            led_priorities__outcomes__indicator_links__in=[link.pk for link in links],
            led_priorities__partnership=partnership,
            pk__in=active,
            is_active=True,
        )
        .distinct()
        .order_by("email")
    )
    if leads:
        return leads, "theme lead"
    roles = partnership.roles.filter(role="admin", is_active=True, user__is_active=True).select_related(
        "user"
    )
    return sorted((r.user for r in roles), key=lambda u: u.email), "admin"


def escalate_missed_requests(*, partnership: Partnership, today: dt.date) -> list[DataEntryDigest]:
    """Once per request: when its due date has passed with values still missing, tell the
    theme leads (or the admins). A request whose values all arrived some other way (an
    import, an editor) is completed instead."""
    escalated = []
    candidates = partnership.data_entry_digests.filter(
        due_on__lt=today, completed_at__isnull=True, escalated_at__isnull=True
    ).select_related("person", "link")
    for digest in candidates:
        period = period_of(digest)
        links = owned_links(partnership, digest.person, period)
        groups = grid_for(partnership, links, period)
        missing = [g for g in groups if g.missing]
        with transaction.atomic():
            if not missing:
                complete_requests(
                    partnership=partnership, person=digest.person, period=period, actor=Actor.system(SENDER)
                )
                continue
            recipients, capacity = escalation_recipients(partnership, [g.link for g in missing])
            addresses = [u.email for u in recipients if u.email]
            names = ", ".join(u.get_full_name() or u.email for u in recipients) or "nobody"
            digest.escalated_at = timezone.now()
            digest.escalated_to = f"{names} ({capacity}{'s' if len(recipients) != 1 else ''})"
            digest.save(update_fields=["escalated_at", "escalated_to"])
            if addresses:
                send_email(
                    to=addresses,
                    subject=f"{partnership.name}: {digest.person.full_name} has not sent the values "
                    f"for {period.label}",
                    template="performance/entry/email/escalation",
                    context={
                        "person": digest.person,
                        "partnership": partnership,
                        "capacity": capacity,
                        "period": period.label,
                        "sent_on": entry_rules.day(timezone.localtime(digest.sent_at).date()),
                        "due_on": entry_rules.day(digest.due_on),
                        "groups": missing,
                    },
                )
            audit.record(
                action="performance.data_request.escalated",
                actor=Actor.system(SENDER),
                partnership_id=partnership.pk,
                target=digest.person,
                summary=f"Told {digest.escalated_to} that {digest.person.full_name} has not sent the "
                f"values for {period.label}, due on {entry_rules.day(digest.due_on)}.",
                after={
                    "period": period.code,
                    "recipients": addresses,
                    "indicators": [g.indicator.code for g in missing],
                },
            )
        escalated.append(digest)
    return escalated


def period_of(digest: DataEntryDigest) -> Period:
    """A request's period as a Period (the field gives one; the type checker sees text)."""
    value: Any = digest.period
    return value if isinstance(value, Period) else parse(str(value))


def digest_for_link(link: SignedLink) -> DataEntryDigest | None:
    """The request a signed link was sent with, if it is still the partnership's."""
    digest = link.target
    if not isinstance(digest, DataEntryDigest) or digest.partnership_id != link.partnership_id:
        return None
    if digest.link_id != link.pk:
        return None
    return digest
