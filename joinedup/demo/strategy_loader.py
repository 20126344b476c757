"""Loads a `strategy` scenario (scenarios/strategy.yaml): a partnership's strategy, themes,
outcomes, objectives, evidence, programmes, actions with updates, risks, contribution claims
and adopted versions. Runs after the partnership scenarios, inside the same transaction.

Dates of actions and risk reviews are days from the load date, so the demo never goes
stale. Everything is written through the models with `full_clean()`.
"""

from __future__ import annotations

import copy
import datetime as dt
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone

from joinedup.accounts.models import User
from joinedup.core.audit import Actor, record
from joinedup.partnerships.models import Organisation, Partnership, Person
from joinedup.strategy.models import (
    Action,
    ActionUpdate,
    ContributionClaim,
    Evidence,
    Objective,
    Outcome,
    Priority,
    Programme,
    Risk,
    Strategy,
    StrategyVersion,
)
from joinedup.strategy.services.strategy import snapshot_strategy

if TYPE_CHECKING:
    from joinedup.demo.loader import LoadReport, Scenario


class _Context:
    def __init__(self, scenario: Scenario, partnership: Partnership, today: dt.date):
        from joinedup.demo.loader import ScenarioError

        self.error = ScenarioError
        self.name = scenario.name
        self.partnership = partnership
        self.today = today
        self.organisations = {o.name: o for o in partnership.organisations.all()}
        self.org_keys: dict[str, Organisation] = {}
        self.people = {p.full_name: p for p in partnership.people.all()}
        self.bodies = {b.name: b for b in partnership.bodies.all()}
        self.outcomes: dict[str, Outcome] = {}
        self.priorities: dict[str, Priority] = {}
        self.programmes: dict[str, Programme] = {}
        self.evidence: dict[str, Evidence] = {}

    def save(self, obj: models.Model, what: str, exclude: list[str] | None = None) -> Any:
        try:
            obj.full_clean(exclude=exclude)
        except ValidationError as exc:
            detail = exc.message_dict if hasattr(exc, "message_dict") else exc
            raise self.error(f"{self.name}: {what}: {detail}") from exc
        obj.save()
        return obj

    def day(self, offset: int | None) -> dt.date | None:
        return None if offset is None else self.today + dt.timedelta(days=int(offset))

    def lookup(self, table: Mapping[str, Any], key: str | None, kind: str, what: str) -> Any:
        if key is None:
            return None
        try:
            return table[key]
        except KeyError:
            raise self.error(f"{self.name}: {what} names {kind} {key!r}, which is not loaded") from None

    def organisation(self, key: str | None, what: str) -> Organisation | None:
        return self.lookup(self.org_keys, key, "organisation", what)

    def person(self, name: str | None, what: str) -> Person | None:
        return self.lookup(self.people, name, "person", what)


def _organisation_keys(partnership_scenario: Mapping[str, Any], context: _Context) -> None:
    for key, row in (partnership_scenario.get("organisations") or {}).items():
        if row["name"] in context.organisations:
            context.org_keys[key] = context.organisations[row["name"]]


def load_strategy(scenario: Scenario, report: LoadReport, partnership_scenarios: list[Scenario]) -> None:
    data = scenario.data
    partnership = Partnership.objects.get(slug=data["partnership"])
    context = _Context(scenario, partnership, timezone.localdate())
    for other in partnership_scenarios:
        if other.data["partnership"]["slug"] == partnership.slug:
            _organisation_keys(other.data, context)
    spec = data["strategy"]
    strategy = context.save(
        Strategy(
            partnership=partnership,
            title=spec["title"],
            vision=spec["vision"],
            start_year=spec["start_year"],
            end_year=spec["end_year"],
            status=spec["status"],
            adopted_on=spec.get("adopted_on"),
            next_review_on=spec.get("next_review_on"),
        ),
        "strategy",
    )
    report.add("strategies")
    _load_themes(context, strategy, data.get("themes") or [], report)
    _load_programmes(context, data.get("programmes") or [], report)
    _load_risks(context, data.get("risks") or [], report)
    _load_contributions(context, data.get("contributions") or [], report)
    _load_versions(context, strategy, spec, data.get("themes") or [], report)
    record(
        action="demo.strategy.loaded",
        actor=Actor.system("Demo loader"),
        partnership_id=partnership.pk,
        target=strategy,
        summary=f"Demo strategy for {partnership.name} loaded from {scenario.name}.",
    )


def _load_themes(context: _Context, strategy: Strategy, themes: list[dict], report: LoadReport) -> None:
    for position, row in enumerate(themes, start=1):
        what = f"theme {row['title']!r}"
        priority = context.save(
            Priority(
                partnership=context.partnership,
                strategy=strategy,
                title=row["title"],
                description=row.get("description", ""),
                position=position,
                board_role=row["board_role"],
                lead_body=context.lookup(context.bodies, row.get("lead_body"), "body", what),
                lead_organisation=context.organisation(row.get("lead_org"), what),
                champion=context.person(row.get("champion"), what),
            ),
            what,
        )
        context.priorities[row["key"]] = priority
        leads = list(User.objects.filter(email__in=row.get("theme_leads") or []))
        if len(leads) != len(row.get("theme_leads") or []):
            raise context.error(f"{context.name}: {what}: a theme lead has no account in users.yaml")
        priority.theme_leads.set(leads)
        report.add("themes")
        for number, spec in enumerate(row.get("outcomes") or [], start=1):
            where = f"outcome {spec['title']!r}"
            outcome = context.save(
                Outcome(
                    partnership=context.partnership,
                    priority=priority,
                    title=spec["title"],
                    position=number,
                    in_agreement=bool(spec.get("in_agreement", False)),
                    lead_organisation=context.organisation(spec.get("lead_org"), where),
                    champion=context.person(spec.get("champion"), where),
                ),
                where,
            )
            context.outcomes[spec["key"]] = outcome
            report.add("outcomes")
            for index, title in enumerate(spec.get("objectives") or [], start=1):
                context.save(
                    Objective(partnership=context.partnership, outcome=outcome, title=title, position=index),
                    f"objective {title!r}",
                )
        for item in row.get("evidence") or []:
            outcome_key = item.get("outcome")
            evidence = context.save(
                Evidence(
                    partnership=context.partnership,
                    priority=None if outcome_key else priority,
                    outcome=context.lookup(context.outcomes, outcome_key, "outcome", "evidence")
                    if outcome_key
                    else None,
                    kind=item["kind"],
                    title=item["title"],
                    source=item["source"],
                    published_on=item["date"],
                    url=item.get("url", ""),
                    what_it_shows=item["shows"],
                ),
                f"evidence {item['title']!r}",
            )
            context.evidence[item["title"]] = evidence
            report.add("evidence")


def _load_programmes(context: _Context, programmes: list[dict], report: LoadReport) -> None:
    now = timezone.now()
    for row in programmes:
        what = f"programme {row['title']!r}"
        programme = context.save(
            Programme(
                partnership=context.partnership,
                title=row["title"],
                description=row.get("description", ""),
                owner_body=context.lookup(context.bodies, row.get("owner_body"), "body", what),
                lead_organisation=context.organisation(row.get("lead_org"), what),
                champion=context.person(row.get("champion"), what),
                start_date=row.get("start"),
                end_date=row.get("end"),
                update_cycle=row.get("update_cycle", "monthly"),
            ),
            what,
        )
        programme.outcomes.set(
            [context.lookup(context.outcomes, k, "outcome", what) for k in row.get("outcomes", [])]
        )
        context.programmes[row["key"]] = programme
        report.add("programmes")
        for spec in row.get("actions") or []:
            where = f"action {spec['title']!r}"
            action = Action(
                partnership=context.partnership,
                programme=programme,
                title=spec["title"],
                description=spec.get("description", ""),
                lead_organisation=context.organisation(spec.get("lead_org"), where),
                lead_person=context.person(spec.get("lead"), where),
                start_date=context.day(spec.get("start")),
                due_date=context.day(spec.get("due")),
                status=spec["status"],
                percent_complete=spec.get("percent", 0),
            )
            if action.status == "complete":
                action.completed_on = min(action.due_date or context.today, context.today)
            updates = sorted(spec.get("updates") or [], key=lambda u: -u["days_ago"])
            if updates:
                action.last_update_at = now - dt.timedelta(days=updates[-1]["days_ago"])
            context.save(action, where)
            contributors = [context.organisation(k, where) for k in spec.get("contributors", [])]
            action.contributing_organisations.set([o for o in contributors if o is not None])
            report.add("actions")
            for update in updates:
                context.save(
                    ActionUpdate(
                        partnership=context.partnership,
                        action=action,
                        at=now - dt.timedelta(days=update["days_ago"]),
                        status=update["status"],
                        percent_complete=update["percent"],
                        commentary=update.get("text", ""),
                        by_person=action.lead_person,
                        via_link=bool(update.get("link", False)),
                    ),
                    f"update of {where}",
                )
                report.add("action updates")


def _load_risks(context: _Context, risks: list[dict], report: LoadReport) -> None:
    for row in risks:
        what = f"risk {row['title']!r}"
        risk = Risk(
            partnership=context.partnership,
            outcome=context.lookup(context.outcomes, row.get("outcome"), "outcome", what),
            programme=context.lookup(context.programmes, row.get("programme"), "programme", what),
            title=row["title"],
            cause=row.get("cause", ""),
            effect=row.get("effect", ""),
            owner_organisation=context.organisation(row.get("owner"), what),
            likelihood=row["likelihood"],
            impact=row["impact"],
            target_likelihood=row["target_likelihood"],
            target_impact=row["target_impact"],
            previous_score=row.get("previous"),
            mitigations=row.get("mitigations", ""),
            review_on=context.day(row.get("review")),
            escalation_layer=row.get("escalates", ""),
            closed_on=context.day(row.get("closed")),
        )
        context.save(risk, what)
        report.add("risks")


def _load_contributions(context: _Context, claims: list[dict], report: LoadReport) -> None:
    for row in claims:
        priority = context.lookup(context.priorities, row["theme"], "theme", "contribution claim")
        claim = context.save(
            ContributionClaim(
                partnership=context.partnership,
                priority=priority,
                what_changed=row["what_changed"],
                what_we_did=row["what_we_did"],
                counterfactual=row["counterfactual"],
                confidence=row["confidence"],
                recorded_on=row["date"],
            ),
            f"contribution claim for {priority.title!r}",
        )
        claim.evidence.set(
            [
                context.lookup(context.evidence, t, "evidence", "contribution claim")
                for t in row.get("evidence", [])
            ]
        )
        report.add("contribution claims")


def _earlier_snapshot(
    latest: dict, spec: Mapping[str, Any], themes: list[dict], number: int, context: _Context
) -> dict:
    """The strategy as it stood at an earlier version `number`, derived from the latest (which
    is `snapshot_strategy`'s, the shape versions are compared in): outcomes marked `since` a
    later version are left out, and version 1 has the earlier vision and the `was` titles."""
    since: dict[int, int] = {}
    was: dict[int, str] = {}
    for row in themes:
        for spec_outcome in row.get("outcomes") or []:
            pk = context.outcomes[spec_outcome["key"]].pk
            since[pk] = spec_outcome.get("since", 1)
            if "was" in spec_outcome:
                was[pk] = spec_outcome["was"]
    first = number == 1
    snapshot = copy.deepcopy(latest)
    for theme in snapshot["themes"]:
        theme["outcomes"] = [
            {**outcome, "title": was.get(outcome["key"], outcome["title"]) if first else outcome["title"]}
            for outcome in theme["outcomes"]
            if since.get(outcome["key"], 1) <= number
        ]
    if first:
        snapshot["vision"] = spec.get("earlier_vision", snapshot["vision"])
    return snapshot


def _load_versions(
    context: _Context, strategy: Strategy, spec: Mapping[str, Any], themes: list[dict], report: LoadReport
) -> None:
    rows = spec.get("versions") or []
    if not rows:
        return
    # The latest version is the strategy as loaded, kept the way adopting it in the app keeps it.
    latest_number = max(row["number"] for row in rows)
    latest = snapshot_strategy(strategy)
    for row in rows:
        snapshot = (
            latest
            if row["number"] == latest_number
            else _earlier_snapshot(latest, spec, themes, row["number"], context)
        )
        context.save(
            StrategyVersion(
                strategy=strategy,
                partnership=context.partnership,
                number=row["number"],
                adopted_on=row["adopted_on"],
                snapshot=snapshot,
                note=row.get("note", ""),
            ),
            f"strategy version {row['number']}",
            # Adopted before the partnership used Joined Up: nobody here adopted it.
            exclude=["created_by"],
        )
        report.add("strategy versions")
