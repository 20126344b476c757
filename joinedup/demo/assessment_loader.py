"""Loads the `assessment` scenario (scenarios/assessment.yaml): the Isisbury partnership's
self-assessment coordinator, settings and maturity targets, and two completed rounds of the
shipped 7S framework (about a year ago, and closed a few weeks ago), each answered by more
than 60 partners through their invitations, with perception gaps by sector and layer, some
"Don't know" answers and comments; round 1's consensus answers and improvement actions in
the strategy room's improvement plan (some completed by round 2, whose answers improve on
those questions); and round 2's review paper, generated, commented, overridden once with a
reason, written and published. Runs after the governance scenario, in the same transaction.

Everything is written through the assessment services (frameworks, settings, rounds,
responses, results, paper) and the strategy room's, so every step is audited as a
coordinator and the respondents would leave it. Each round is replayed on its own dates: the
services run under a demo clock (`demo_clock`: `django.utils.timezone.now` moved to the
round's days for the duration of those steps), so invitation emails, links, submission dates,
closing and the paper carry the dates they would have had. Answers are drawn from a random
generator seeded from the scenario, so the same load day gives the same demo.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any
from unittest import mock

from django.utils import timezone

from joinedup.accounts.models import User
from joinedup.assessment import selectors_results
from joinedup.assessment.models import (
    Choice,
    Invitation,
    PaperFinding,
    Question,
    Round,
)
from joinedup.assessment.services import frameworks as framework_services
from joinedup.assessment.services import paper as paper_services
from joinedup.assessment.services import responses as response_services
from joinedup.assessment.services import results as results_services
from joinedup.assessment.services import rounds as round_services
from joinedup.assessment.services import settings as settings_services
from joinedup.partnerships.models import Organisation, Partnership, Person
from joinedup.partnerships.services import directory
from joinedup.strategy.models import ActionStatus
from joinedup.strategy.services import delivery

if TYPE_CHECKING:
    from joinedup.demo.loader import LoadReport, Scenario

# The time of day each replayed step happens (a working day, mid-morning onwards).
_WORKDAY_START = dt.time(9, 30)


@contextmanager
def demo_clock(start: dt.datetime) -> Iterator[_Clock]:
    """Run the services as if it were `start` (advance with `clock.at(...)`). Only
    `timezone.now` moves (and `timezone.localdate`, which reads it)."""
    clock = _Clock(start)
    with mock.patch("django.utils.timezone.now", side_effect=lambda: clock.now):
        yield clock


@dataclass
class _Clock:
    now: dt.datetime

    def at(self, day: dt.date, minutes: int = 0) -> None:
        base = dt.datetime.combine(day, _WORKDAY_START, tzinfo=timezone.get_current_timezone())
        self.now = base + dt.timedelta(minutes=minutes)


@dataclass
class _Context:
    scenario: Scenario
    report: LoadReport
    partnership: Partnership
    coordinator: User
    recorder: User
    today: dt.date
    rng: random.Random
    questions: list[Question] = field(default_factory=list)
    rounds: list[Round] = field(default_factory=list)
    actioned: dict[str, bool] = field(default_factory=dict)  # question key -> completed

    def error(self, text: str) -> Exception:
        from joinedup.demo.loader import ScenarioError

        return ScenarioError(f"{self.scenario.name}: {text}")


def load_assessment(scenario: Scenario, report: LoadReport) -> None:
    data = scenario.data
    partnership = Partnership.objects.get(slug=data["partnership"])
    context = _Context(
        scenario=scenario,
        report=report,
        partnership=partnership,
        coordinator=_user(scenario, data["coordinator"]),
        recorder=_user(scenario, data["recorded_by"]),
        today=timezone.localdate(),
        rng=random.Random(f"{data['seed']}-{timezone.localdate().isoformat()}"),
    )
    version = framework_services.shipped_7s()
    context.questions = list(
        Question.objects.filter(element__version=version)
        .select_related("element")
        .order_by("element__position", "position")
    )
    _settings(context, data.get("settings") or {})
    forum = _forum_members(context, data.get("forum_members") or [])
    previous: Round | None = None
    for number, spec in enumerate(data["rounds"], start=1):
        previous = _round(context, spec, version, forum, previous, number)
        if number == 1:
            _consensus(context, previous, data.get("consensus") or {})
            _improvement_actions(context, previous, data.get("improvement_actions") or [], spec)
    if previous is not None and data.get("paper"):
        _paper(context, previous, data["rounds"][-1], data["paper"])


def _user(scenario: Scenario, email: str) -> User:
    user = User.objects.filter(email=email).first()
    if user is None:
        from joinedup.demo.loader import ScenarioError

        raise ScenarioError(f"{scenario.name}: no user {email} (add it to users.yaml)")
    return user


def _days_ago(context: _Context, days: int) -> dt.date:
    return context.today - dt.timedelta(days=days)


# ---------------------------------------------------------------------------
# Coordinator, settings and targets; the wider forum's members
# ---------------------------------------------------------------------------


def _settings(context: _Context, spec: Mapping[str, Any]) -> None:
    partnership = context.partnership
    settings_services.add_coordinator(
        partnership=partnership, user_id=context.coordinator.pk, by=context.recorder
    )
    settings_services.update_settings(
        partnership=partnership,
        min_group_size=int(spec.get("min_group_size", 5)),
        maturity_rule=None,
        user=context.coordinator,
        expected_version=0,
    )
    targets = dict(spec.get("targets") or {})
    if targets:
        settings_services.set_targets(
            partnership=partnership, targets=targets, expected_versions={}, user=context.coordinator
        )
    context.report.add("assessment coordinators")


def _forum_members(context: _Context, groups: Sequence[Mapping[str, Any]]) -> list[Person]:
    from joinedup.demo.loader import email_for

    people = []
    for group in groups:
        organisation = Organisation.objects.filter(partnership=context.partnership, name=group["org"]).first()
        if organisation is None:
            raise context.error(f"forum members: no organisation {group['org']!r}")
        for row in group["people"]:
            people.append(
                directory.create_person(
                    partnership=context.partnership,
                    user=context.recorder,
                    full_name=row["name"],
                    job_title=row.get("title", ""),
                    organisation=organisation,
                    email=email_for(row["name"], group["domain"]),
                    notes="Demonstration data: a fictional member of the wider Forum network.",
                )
            )
    context.report.add("forum members", len(people))
    return people


# ---------------------------------------------------------------------------
# Rounds: opened, invitations sent, answered through each invitation, closed
# ---------------------------------------------------------------------------


def _level(context: _Context, question: Question, sector: str, layer: str, round_number: int) -> float:
    answers = context.scenario.data["answers"]
    level = float(answers["level"][question.key])
    by_sector = answers.get("sector_shift", {}).get(sector) or {}
    by_layer = answers.get("layer_shift", {}).get(layer) or {}
    level += float(by_sector.get(question.key, by_sector.get("default", 0.0)))
    level += float(by_layer.get(question.key, by_layer.get("default", 0.0)))
    if round_number > 1:
        spec = context.scenario.data["rounds"][round_number - 1]
        level += float(spec.get("lift", 0.0))
        if question.key in context.actioned:
            level += float(spec["completed_lift" if context.actioned[question.key] else "actioned_lift"])
    return level


def _answer(context: _Context, question: Question, level: float) -> tuple[str, str]:
    spec = context.scenario.data["answers"]
    rng = context.rng
    dont_know = spec["dont_know"]
    more = spec.get("dont_know_more") or {}
    if question.key in (more.get("questions") or []):
        dont_know = more["chance"]
    comment = ""
    if rng.random() < spec.get("comment_chance", 0):
        pool = (spec.get("comments") or {}).get(question.element.key) or []
        comment = rng.choice(pool) if pool else ""
    if rng.random() < dont_know:
        return Choice.DONT_KNOW, comment
    x = level + rng.gauss(0.0, spec["noise"])
    if x < 0.5:
        return Choice.NOT_IN_PLACE, comment
    if x < 1.5:
        return Choice.PARTLY, comment
    return Choice.IN_PLACE, comment


def _answers_for(context: _Context, invitation: Invitation, number: int) -> dict[int, tuple[str, str]]:
    return {
        q.pk: _answer(context, q, _level(context, q, invitation.sector, invitation.layer, number))
        for q in context.questions
    }


def _round(
    context: _Context,
    spec: Mapping[str, Any],
    version: Any,
    forum: Sequence[Person],
    previous: Round | None,
    number: int,
) -> Round:
    partnership = context.partnership
    opens_on = _days_ago(context, spec["opens_days_ago"])
    closes_on = _days_ago(context, spec["closes_days_ago"])
    length = (closes_on - opens_on).days
    coordinator = context.coordinator
    with demo_clock(dt.datetime.now(tz=dt.UTC)) as clock:
        clock.at(opens_on - dt.timedelta(days=7))
        round_ = round_services.open_round(
            partnership=partnership,
            user=coordinator,
            title=spec["title"],
            framework_version=version,
            opens_on=opens_on,
            closes_on=closes_on,
            is_anonymous=spec.get("anonymous", True),
            bodies=list(partnership.bodies.order_by("name")),
            people=list(forum),
            previous_round=previous,
        )
        clock.at(opens_on)
        round_services.send_invitations(round_=round_, user=coordinator)
        invitations = list(round_.invitations.select_related("person", "link").order_by("pk"))
        order = invitations[:]
        context.rng.shuffle(order)
        responding = round(len(order) * spec["respond"])
        drafting = order[responding : responding + int(spec.get("drafts", 0))]
        early, late = order[: responding * 2 // 3], order[responding * 2 // 3 : responding]
        for i, invitation in enumerate(early):
            clock.at(opens_on + dt.timedelta(days=1 + i * (length // 2) // max(len(early), 1)), minutes=i)
            _respond(context, invitation, number)
        # Halfway: remind everyone who has not answered (each gets a fresh link).
        clock.at(opens_on + dt.timedelta(days=length // 2))
        round_services.send_reminders(round_=round_, user=coordinator)
        fresh = {i.pk: i for i in round_.invitations.select_related("person", "link")}
        for i, invitation in enumerate(late):
            clock.at(
                opens_on + dt.timedelta(days=length // 2 + 1 + i * (length // 2 - 1) // max(len(late), 1))
            )
            _respond(context, fresh[invitation.pk], number)
        for invitation in drafting:
            # Saved some answers, never submitted: closing an anonymous round deletes these drafts.
            first = [q for q in context.questions if q.element.position == 1]
            answers = _answers_for(context, fresh[invitation.pk], number)
            response_services.save_answers(
                invitation=fresh[invitation.pk], questions=first, answers={q.pk: answers[q.pk] for q in first}
            )
        clock.at(closes_on, minutes=8 * 60)
        round_ = round_services.close_round(round_=round_, user=coordinator)
    context.rounds.append(round_)
    context.report.add("assessment rounds")
    context.report.add("assessment responses", responding)
    return round_


def _respond(context: _Context, invitation: Invitation, number: int) -> None:
    """One respondent answers every question through their invitation and submits."""
    answers = _answers_for(context, invitation, number)
    response_services.save_answers(invitation=invitation, questions=context.questions, answers=answers)
    if invitation.link is None:
        raise context.error(f"{invitation.person} was never sent a link")
    response_services.submit_response(
        invitation=invitation, link=invitation.link, questions=context.questions
    )


# ---------------------------------------------------------------------------
# Round 1: consensus answers and improvement actions
# ---------------------------------------------------------------------------


def _consensus(context: _Context, round_: Round, spec: Mapping[str, Any]) -> None:
    """The coordinator's consensus answers after the board's workshop: the named ones as
    given, the rest the choice nearest the members' mean."""
    results = selectors_results.round_results(round_, include_live_evidence=False)
    given = spec.get("answers") or {}
    note = spec.get("note_default", "")
    answers = {}
    for q in context.questions:
        if q.key in given:
            answers[q.pk] = round_services.ConsensusInput(
                choice=given[q.key]["choice"], note=given[q.key].get("note", note), version=None
            )
            continue
        result = results.question(q.key)
        mean = result.mean if result is not None else None
        if mean is None:
            continue
        choice = Choice.IN_PLACE if mean >= 1.5 else Choice.PARTLY if mean >= 0.5 else Choice.NOT_IN_PLACE
        answers[q.pk] = round_services.ConsensusInput(choice=choice, note=note, version=None)
    closes_on = round_.closes_on
    with demo_clock(dt.datetime.now(tz=dt.UTC)) as clock:
        clock.at(closes_on + dt.timedelta(days=9), minutes=4 * 60)
        round_services.record_consensus(
            round_=round_, questions=context.questions, answers=answers, user=context.coordinator
        )
    context.report.add("consensus answers", len(answers))


def _improvement_actions(
    context: _Context, round_: Round, rows: Sequence[Mapping[str, Any]], spec: Mapping[str, Any]
) -> None:
    results = selectors_results.round_results(round_)
    organisations = {o.name: o for o in Organisation.objects.filter(partnership=context.partnership)}
    people = {p.full_name: p for p in Person.objects.filter(partnership=context.partnership)}
    closes_on = round_.closes_on
    with demo_clock(dt.datetime.now(tz=dt.UTC)) as clock:
        clock.at(closes_on + dt.timedelta(days=14))
        for row in rows:
            question = results.question(row["question"])
            if question is None or not question.may_raise_action:
                raise context.error(
                    f"improvement action {row['title']!r}: question {row['question']} is not weak in round 1"
                )
            improvement = results_services.raise_improvement_action(
                round=round_,
                question=question,
                user=context.coordinator,
                fields={
                    "title": row["title"],
                    "description": row.get("description", ""),
                    "lead_organisation": organisations.get(row.get("lead_organisation", "")),
                    "lead_person": people.get(row.get("lead_person", "")),
                    "due_date": closes_on + dt.timedelta(days=row["due_days_after_close"]),
                },
            )
            context.actioned[row["question"]] = bool(row.get("completed"))
            context.report.add("improvement actions")
            action = improvement.action
            clock.at(closes_on + dt.timedelta(days=row["due_days_after_close"] // 2))
            delivery.record_action_update(
                action=action,
                status=ActionStatus.COMPLETE if row.get("completed") else ActionStatus.ON_TRACK,
                percent_complete=100 if row.get("completed") else 40,
                commentary="Done, and reported to the board."
                if row.get("completed")
                else "Under way; the first part is done.",
                user=context.coordinator,
            )
            clock.at(closes_on + dt.timedelta(days=15))


# ---------------------------------------------------------------------------
# Round 2: the review paper
# ---------------------------------------------------------------------------


def _paper(context: _Context, round_: Round, round_spec: Mapping[str, Any], spec: Mapping[str, Any]) -> None:
    coordinator = context.coordinator
    written = round_.closes_on + dt.timedelta(days=int(spec.get("written_days_after_close", 7)))
    with demo_clock(dt.datetime.now(tz=dt.UTC)) as clock:
        clock.at(min(written, context.today))
        paper = paper_services.generate_paper(round=round_, user=coordinator)
        findings = {pf.finding.key: pf for pf in paper.findings.select_related("finding")}
        for key, text in (spec.get("commentary") or {}).items():
            row = findings.get(key)
            if row is None:
                raise context.error(f"paper commentary: no finding {key!r}")
            paper_services.update_commentary(
                paper_finding=row, user=coordinator, commentary=text, expected_version=row.version
            )
        override = spec.get("override")
        if override:
            row = PaperFinding.objects.get(pk=findings[override["finding"]].pk)
            if row.computed == override["judgement"]:
                raise context.error(f"paper override: {override['finding']} is already {row.computed}")
            paper_services.override_judgement(
                paper_finding=row,
                user=coordinator,
                judgement=override["judgement"],
                reason=override["reason"],
                expected_version=row.version,
            )
        paper.refresh_from_db()
        paper = paper_services.update_paper_text(
            paper=paper,
            user=coordinator,
            fields={
                "author_name": spec.get("author", ""),
                "introduction": spec.get("introduction", ""),
                "looking_forward": spec.get("looking_forward", ""),
                "conclusions": spec.get("conclusions", ""),
            },
            expected_version=paper.version,
        )
        clock.at(min(written + dt.timedelta(days=2), context.today))
        paper_services.publish_paper(paper=paper, user=coordinator, expected_version=paper.version)
    context.report.add("review papers")
