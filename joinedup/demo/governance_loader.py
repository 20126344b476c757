"""Loads the `governance` scenario (scenarios/governance.yaml): two years of meetings of the
demo bodies up to the load day and the next meeting of each planned, with agendas (standing
items, purposes, kinds of data, presenters, minutes allotted, exempt items), papers published
(one late), attendance (remote, deputies, apologies; one inquorate meeting), decisions (key
ones, ratifications), meeting actions (some overdue), challenges, interests (one sensitive),
declarations, clerks, notice rules and an exception escalated from a thematic group and
considered at a later board meeting (its item linked to it), and a second one escalated by
another group and still open, so the board's agenda suggestion offers it. Runs after the
performance scenario, in the same transaction.

Written through the governance services (so each step is audited as a user would leave it);
the escalated exception is a performance model with no service yet, so it is written directly.
Choices are drawn from a random generator seeded from the scenario, so the same day gives
the same demo.
"""

from __future__ import annotations

import datetime as dt
import random
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

from django.utils import timezone

from joinedup.accounts.models import User
from joinedup.governance.models import (
    AttendanceStatus,
    DecisionStatus,
    Meeting,
    MeetingActionStatus,
    MeetingStatus,
    Ratification,
)
from joinedup.governance.services import meetings as meeting_services
from joinedup.governance.services import record as record_services
from joinedup.partnerships.models import Body, Organisation, Partnership, Person
from joinedup.performance.models import Escalation, Indicator

if TYPE_CHECKING:
    from joinedup.demo.loader import LoadReport, Scenario

LONDON = ZoneInfo("Europe/London")

CHALLENGES = (
    ("performance", "Why has this measure moved away from its target for two quarters running?"),
    ("performance", "Which partners' data are missing from the dashboard, and when will they be in?"),
    ("spending", "What is the underspend being carried forward, and why was it not committed?"),
    ("delivery", "The milestone has slipped twice; what is the realistic date?"),
    ("spending", "Is this the best use of the pooled budget compared with the alternatives?"),
)
RESPONSES = (
    "The lead officer explained the causes and the recovery plan.",
    "Data sharing is agreed; the missing figures will be in the next report.",
    "The commitment was delayed by procurement; a revised profile will come back.",
)


def _at(day: dt.date, time: str) -> dt.datetime:
    hour, minute = (int(x) for x in time.split(":"))
    return dt.datetime(day.year, day.month, day.day, hour, minute, tzinfo=LONDON)


def _weekday(day: dt.date) -> dt.date:
    """The Tuesday of the day's week (meetings are held midweek)."""
    return day - dt.timedelta(days=day.weekday()) + dt.timedelta(days=1)


def meeting_days(per_year: int, today: dt.date, years: int) -> list[dt.date]:
    """Evenly spread meeting days over the last `years` years, and the next one after today."""
    step = 365 / per_year
    start = today - dt.timedelta(days=365 * years)
    days = []
    n = 0
    while True:
        day = _weekday(start + dt.timedelta(days=round(step * n) + 7))
        days.append(day)
        n += 1
        if day > today:
            return days


def load_governance(scenario: Scenario, report: LoadReport) -> None:
    from joinedup.demo.loader import ScenarioError

    data = scenario.data
    today = timezone.localdate()
    for index, spec in enumerate(data["partnerships"]):
        partnership = Partnership.objects.get(slug=spec["slug"])
        user = User.objects.filter(email=spec["recorded_by"]).first()
        if user is None:
            raise ScenarioError(f"{scenario.name}: no user {spec['recorded_by']}")
        rng = random.Random(f"{data['seed']}-{index}")
        loader = _PartnershipLoader(
            scenario, partnership, user, rng, today, int(data.get("years", 2)), report
        )
        loader.interests(spec.get("interests") or [])
        for body_spec in spec["bodies"]:
            loader.body(body_spec)
        if spec.get("escalation"):
            loader.escalation(spec["escalation"])


class _PartnershipLoader:
    def __init__(
        self,
        scenario: Scenario,
        partnership: Partnership,
        user: Any,
        rng: random.Random,
        today: dt.date,
        years: int,
        report: LoadReport,
    ) -> None:
        self.scenario = scenario
        self.partnership = partnership
        self.user = user
        self.rng = rng
        self.today = today
        self.years = years
        self.report = report
        self.people = {p.full_name: p for p in partnership.people.select_related("organisation")}
        self.organisations = {o.name: o for o in partnership.organisations.all()}
        self.interest_orgs: dict[int, set[int]] = {}
        self.meetings: dict[str, list[Meeting]] = {}

    def error(self, what: str) -> Exception:
        from joinedup.demo.loader import ScenarioError

        return ScenarioError(f"{self.scenario.name}: {self.partnership.slug}: {what}")

    def person(self, name: str) -> Person:
        if name not in self.people:
            raise self.error(f"no person {name!r}")
        return self.people[name]

    def organisation(self, name: str) -> Organisation:
        if name not in self.organisations:
            raise self.error(f"no organisation {name!r}")
        return self.organisations[name]

    # --- interests -----------------------------------------------------------------------------

    def interests(self, rows: list[dict]) -> None:
        for row in rows:
            person = self.person(row["person"])
            organisation = self.organisation(row["org"]) if row.get("org") else None
            record_services.create_interest(
                person=person,
                user=self.user,
                fields={
                    "kind": row["kind"],
                    "organisation": organisation,
                    "description": row["description"],
                    "is_sensitive": bool(row.get("sensitive", False)),
                    "registered_on": self.today - dt.timedelta(days=365 * self.years + 30),
                },
            )
            if organisation is not None:
                self.interest_orgs.setdefault(person.pk, set()).add(organisation.pk)
            self.report.add("interests")

    # --- one body's meetings -----------------------------------------------------------------

    def body(self, spec: dict) -> None:
        body = self.partnership.bodies.filter(name=spec["name"]).first()
        if body is None:
            raise self.error(f"no body {spec['name']!r}")
        rule = spec.get("notice") or {}
        meeting_services.set_notice_rule(
            body=body,
            clear_days=int(rule.get("clear_days", 5)),
            working_days=bool(rule.get("working_days", True)),
            user=self.user,
        )
        if spec.get("clerk"):
            clerk = User.objects.filter(email=spec["clerk"]).first()
            if clerk is None:
                raise self.error(f"no user {spec['clerk']}")
            meeting_services.add_clerk(body=body, clerk_user=clerk, user=self.user)
        seats = list(body.seats.select_related("organisation").order_by("position"))
        per_year = body.meetings_per_year or 4
        days = meeting_days(per_year, self.today, self.years)
        held: list[Meeting] = []
        for number, day in enumerate(days, start=1):
            meeting = self.meeting(body, spec, seats, number, day, len(days))
            if meeting.status == MeetingStatus.HELD:
                if held:
                    meeting_services.approve_minutes(meeting=held[-1], user=self.user, at_meeting=meeting)
                held.append(meeting)
        self.meetings[body.name] = [*held, meeting]

    def meeting(self, body: Body, spec: dict, seats: list, number: int, day: dt.date, total: int) -> Meeting:
        starts = _at(day, spec.get("time", "10:00"))
        meeting = meeting_services.create_meeting(
            body=body,
            user=self.user,
            fields={
                "starts_at": starts,
                "ends_at": starts + dt.timedelta(hours=2),
                "place": spec.get("place", ""),
                "online_link": spec.get("online", ""),
            },
        )
        self.report.add("meetings")
        pool = spec["items"]
        chosen = self.rng.sample(pool, min(len(pool), int(spec.get("items_per_meeting", 4))))
        holders = [h for h in (record_services.holder_on(seat, day) for seat in seats) if h is not None]
        items = []
        for row in chosen:
            presenter = (
                self.person(row["presenter"]) if row.get("presenter") else self.rng.choice(holders).person
            )
            items.append(
                meeting_services.add_item(
                    meeting=meeting,
                    user=self.user,
                    fields={
                        "title": row["title"],
                        "purpose": row["purpose"],
                        "data_kind": row.get("kind", ""),
                        "minutes_allotted": row.get("minutes"),
                        "presenter": presenter,
                        "presenter_organisation": presenter.organisation,
                        "is_exempt": bool(row.get("exempt")),
                        "exempt_reason": row.get("exempt", ""),
                    },
                    organisations=[self.organisation(name) for name in row.get("concerns") or []],
                )
            )
            self.report.add("agenda items")
        if day > self.today:
            return meeting  # the next meeting: planned, papers not out yet
        notice_days = 1 if number == spec.get("late_papers") else 21
        meeting_services.publish_papers(
            meeting=meeting, user=self.user, now=starts - dt.timedelta(days=notice_days)
        )
        meeting_services.change_status(meeting=meeting, user=self.user, status=MeetingStatus.HELD)
        present = self.attendance(meeting, spec, seats, day, inquorate=number == spec.get("inquorate"))
        self.records(meeting, items, present, day)
        return meeting

    def attendance(self, meeting: Meeting, spec: dict, seats: list, day: dt.date, *, inquorate: bool) -> list:
        entries = []
        present = []
        for position, seat in enumerate(seats):
            holder = record_services.holder_on(seat, day)
            if holder is None:
                continue
            deputies = list(
                seat.memberships.filter(is_deputy=True, start_date__lte=day).exclude(end_date__lt=day)
            )
            roll = self.rng.random()
            status = AttendanceStatus.PRESENT
            deputy = None
            limits = [
                (AttendanceStatus.REMOTE, spec.get("remote", 0.1)),
                (AttendanceStatus.DEPUTY, spec.get("deputy", 0.05) if deputies else 0),
                (AttendanceStatus.APOLOGIES, spec.get("apologies", 0.1)),
                (AttendanceStatus.ABSENT, spec.get("absent", 0.05)),
            ]
            for candidate, chance in limits:
                if roll < chance:
                    status = candidate
                    break
                roll -= chance
            if inquorate and position >= 2:
                status = AttendanceStatus.APOLOGIES
            if status == AttendanceStatus.DEPUTY:
                deputy = deputies[0].person
                present.append(deputy)
            elif status in (AttendanceStatus.PRESENT, AttendanceStatus.REMOTE):
                present.append(holder.person)
            entries.append(record_services.SeatEntry(seat, status, deputy))
            self.report.add("attendance rows")
        record_services.save_attendance(
            meeting=meeting,
            user=self.user,
            seats=entries,
            others=[],
            fingerprint=record_services.attendance_fingerprint(meeting),
        )
        return present

    def records(self, meeting: Meeting, items: list, present: list, day: dt.date) -> None:
        age = (self.today - day).days  # challenge grows as the partnership matures
        for item in items:
            if item.purpose in ("decision", "finance"):
                self.decision(meeting, item, present, day)
            if item.purpose in ("performance", "finance") and present:
                for _ in range(self.rng.choice((0, 1, 1, 2) if age < 365 else (0, 0, 1))):
                    subject, about = self.rng.choice(CHALLENGES)
                    record_services.create_challenge(
                        item=item,
                        user=self.user,
                        fields={
                            "subject": subject,
                            "challenger": self.rng.choice(present),
                            "challenged_person": item.presenter,
                            "challenged_organisation": item.presenter_organisation,
                            "about": about,
                            "response": self.rng.choice(RESPONSES),
                            "outcome": "A report back was agreed for the next meeting.",
                        },
                    )
                    self.report.add("challenges")
            for organisation in item.organisations.all():
                for person in present:
                    linked = (
                        person.organisation_id == organisation.pk
                        or organisation.pk in self.interest_orgs.get(person.pk, set())
                    )
                    if linked and not item.declarations.filter(person=person).exists():
                        interest = person.interests.filter(organisation=organisation).first()
                        record_services.create_declaration(
                            item=item,
                            user=self.user,
                            person=person,
                            nature=f"Linked to {organisation.name}, which the item concerns",
                            withdrew=interest is not None,
                            interest=interest,
                        )
                        self.report.add("declarations")
        if present and items:
            item = self.rng.choice(items)
            due = day + dt.timedelta(days=self.rng.choice((28, 42, 56, 84)))
            done = due < self.today and self.rng.random() < 0.75
            record_services.create_meeting_action(
                item=item,
                user=self.user,
                fields={
                    "description": f"Bring back a short note on {item.title.lower()}",
                    "owner": item.presenter,
                    "due_date": due,
                    "status": MeetingActionStatus.DONE if done else MeetingActionStatus.OPEN,
                    "done_on": min(due, self.today) if done else None,
                },
                links={},
            )
            self.report.add("meeting actions")

    def decision(self, meeting: Meeting, item: Any, present: list, day: dt.date) -> None:
        due = day + dt.timedelta(days=self.rng.choice((60, 90, 120)))
        done = due < self.today and self.rng.random() < 0.7
        key = item.purpose == "decision" and self.rng.random() < 0.5
        ratify = key and self.rng.random() < 0.5
        decision = record_services.create_decision(
            item=item,
            user=self.user,
            fields={
                "text": f"Agreed the recommendations of the report on {item.title.lower()}.",
                "is_key_decision": key,
                "owner": item.presenter,
                "due_date": due,
                "status": DecisionStatus.DONE if done else DecisionStatus.IN_PROGRESS,
                "report_to": meeting.body.parent,
                "report_due": due if meeting.body.parent_id else None,
                "needs_ratification": ratify,
            },
            links={},
        )
        self.report.add("decisions")
        if ratify:
            partners = [o for o in self.organisations.values() if o.sector in ("local_government", "health")][
                :2
            ]
            for n, organisation in enumerate(partners):
                outcome = (
                    Ratification.Outcome.RATIFIED
                    if day + dt.timedelta(days=45) < self.today and n == 0
                    else (Ratification.Outcome.PENDING)
                )
                record_services.record_ratification(
                    decision=decision,
                    user=self.user,
                    organisation=organisation,
                    outcome=outcome,
                    decided_on=day + dt.timedelta(days=30)
                    if outcome == Ratification.Outcome.RATIFIED
                    else None,
                    body_name="Cabinet"
                    if organisation.sector == "local_government"
                    else "Board of directors",
                )
                self.report.add("ratifications")

    # --- the escalated exception ---------------------------------------------------------------

    def escalation(self, spec: dict) -> None:
        source = self.partnership.bodies.get(name=spec["from"])
        target = self.partnership.bodies.get(name=spec["to"])
        indicator = Indicator.objects.filter(partnership=self.partnership).order_by("code").first()
        if indicator is None:
            self.report.note("Governance demo: no local indicator to escalate; the escalation was skipped.")
            return
        held = [m for m in self.meetings.get(target.name, []) if m.status != MeetingStatus.PLANNED]
        if len(held) < 2:
            return
        at_meeting = held[-2]  # considered at the board's last meeting but one
        # In UTC, so a clock change between the two does not shorten the wait by an hour.
        raised_at = at_meeting.starts_at.astimezone(dt.UTC) - dt.timedelta(days=24)
        from joinedup.core.periods import Period

        escalation = Escalation.objects.create(
            partnership=self.partnership,
            indicator=indicator,
            period=Period.calendar_year(timezone.localtime(raised_at).year - 1),  # type: ignore[misc]  # PeriodField takes a Period
            variance=spec["variance"],
            reason=spec["reason"],
            from_body=source,
            to_body=target,
            raised_by=self.user,
            raised_at=raised_at,
            status=Escalation.Status.CONSIDERED,
            considered_at=at_meeting.starts_at,
            considered_note="The board agreed a joint recovery plan and asked for monthly figures.",
        )
        self.report.add("escalations")
        # The golden thread: the item of the board's meeting that considered it.
        chair = source.memberships.filter(role="chair").select_related("person__organisation").first()
        meeting_services.add_item(
            meeting=at_meeting,
            user=self.user,
            fields={
                "title": f"Exception escalated by {source.name}: {indicator.title}",
                "purpose": "performance",
                "data_kind": "outcome",
                "minutes_allotted": 20,
                "presenter": chair.person if chair else None,
                "presenter_organisation": chair.person.organisation if chair else None,
            },
            links={"indicators": [indicator], "escalations": [escalation]},
        )
        self.report.add("agenda items")
        if spec.get("open"):
            self.open_escalation(spec["open"], target)

    def open_escalation(self, spec: dict, target: Body) -> None:
        """An exception escalated recently by another group and not yet considered: the board's
        agenda suggestion for its next meeting offers it."""
        source = self.partnership.bodies.get(name=spec["from"])
        indicator = Indicator.objects.filter(partnership=self.partnership).order_by("code")[1:2].first()
        if indicator is None:
            self.report.note("Governance demo: no second local indicator; the open escalation was skipped.")
            return
        from joinedup.core.periods import Period

        raised_at = timezone.now() - dt.timedelta(days=10)
        Escalation.objects.create(
            partnership=self.partnership,
            indicator=indicator,
            period=Period.calendar_year(timezone.localtime(raised_at).year - 1),  # type: ignore[misc]  # PeriodField takes a Period
            variance=spec["variance"],
            reason=spec["reason"],
            from_body=source,
            to_body=target,
            raised_by=self.user,
            raised_at=raised_at,
            status=Escalation.Status.OPEN,
        )
        self.report.add("escalations")
