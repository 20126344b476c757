"""Loads the demo scenario files in `scenarios/` into the database.

Each YAML file names its `kind`: `geography` (fictional areas), `partnership` (one
partnership with its organisations, people, bodies, seats and memberships) or `users`
(sign-in accounts and their roles). Files load in that order, partnerships parents
first, all in one transaction.

Records are written through the models with `full_clean()`, so a scenario that breaks
a model rule fails loudly with the file and the record named. When a room's services
exist, the section loaders below can call them instead.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from django.core.exceptions import ValidationError
from django.db import models, transaction

from joinedup.accounts.models import User
from joinedup.core.audit import Actor, record
from joinedup.core.models import AuditEntry, Job, SignedLink, StoredFile
from joinedup.partnerships.models import (
    Area,
    Body,
    Membership,
    Organisation,
    Partnership,
    PartnershipRole,
    Person,
    Seat,
    TrainingRecord,
)

SCENARIO_DIR = Path(__file__).resolve().parent / "scenarios"
KIND_ORDER = {
    "geography": 0,
    "partnership": 1,
    "users": 2,
    "strategy": 3,
    "performance": 4,
    "governance": 5,
    "assessment": 6,  # --- assessment demo ---
}

# Honorifics and ranks dropped when an email address is made from a person's name.
_TITLES = {
    "cllr",
    "councillor",
    "dr",
    "professor",
    "prof",
    "reverend",
    "canon",
    "revd",
    "sir",
    "dame",
    "chief",
    "superintendent",
    "inspector",
    "sergeant",
    "constable",
    "deputy",
    "station",
    "commander",
    "fire",
    "officer",
    "group",
    "manager",
    "mr",
    "mrs",
    "ms",
    "miss",
}


class ScenarioError(Exception):
    """A scenario file that cannot be loaded, with the file and record named."""


@dataclass
class Scenario:
    path: Path
    kind: str
    data: dict[str, Any]

    @property
    def name(self) -> str:
        return self.path.name


@dataclass
class LoadReport:
    partnerships: list[str] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)
    # Steps skipped, and why (printed by load_demo).
    notes: list[str] = field(default_factory=list)

    def add(self, what: str, n: int = 1) -> None:
        self.counts[what] = self.counts.get(what, 0) + n

    def note(self, text: str) -> None:
        self.notes.append(text)


def read_scenarios(directory: Path = SCENARIO_DIR) -> list[Scenario]:
    """Every scenario file, in loading order (geography, partnerships parents first, users)."""
    scenarios = []
    for path in sorted(directory.glob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        kind = data.get("kind")
        if kind not in KIND_ORDER:
            raise ScenarioError(f"{path.name}: `kind` must be one of {', '.join(KIND_ORDER)}")
        scenarios.append(Scenario(path=path, kind=kind, data=data))
    partnerships = _parents_first([s for s in scenarios if s.kind == "partnership"])
    # sorted() is stable, so partnerships keep their parents-first order.
    others = [s for s in scenarios if s.kind != "partnership"]
    return sorted(others + partnerships, key=lambda s: KIND_ORDER[s.kind])


def _parents_first(scenarios: list[Scenario]) -> list[Scenario]:
    by_slug = {s.data["partnership"]["slug"]: s for s in scenarios}
    ordered: list[Scenario] = []

    def visit(scenario: Scenario, seen: tuple[str, ...]) -> None:
        slug = scenario.data["partnership"]["slug"]
        if scenario in ordered:
            return
        if slug in seen:
            raise ScenarioError(f"{scenario.name}: partnership parents form a loop")
        parent = scenario.data["partnership"].get("parent")
        if parent in by_slug:
            visit(by_slug[parent], (*seen, slug))
        ordered.append(scenario)

    for scenario in scenarios:
        visit(scenario, ())
    return ordered


def scenario_slugs(scenarios: Iterable[Scenario]) -> list[str]:
    return [s.data["partnership"]["slug"] for s in scenarios if s.kind == "partnership"]


def scenario_user_emails(scenarios: Iterable[Scenario]) -> list[str]:
    return [u["email"].lower() for s in scenarios if s.kind == "users" for u in s.data["users"]]


def is_loaded(scenarios: list[Scenario]) -> bool:
    slugs = scenario_slugs(scenarios)
    return Partnership.objects.filter(slug__in=slugs, is_fictional=True).count() == len(slugs)


def _save(obj: models.Model, where: str, **clean_kwargs: Any) -> models.Model:
    try:
        obj.full_clean(**clean_kwargs)
    except ValidationError as exc:
        raise ScenarioError(f"{where}: {exc.message_dict if hasattr(exc, 'message_dict') else exc}") from exc
    obj.save()
    return obj


# ---------------------------------------------------------------------------
# Removing the demo (for --reset)
# ---------------------------------------------------------------------------


@transaction.atomic
def remove_demo(scenarios: list[Scenario]) -> None:
    """Delete the demo partnerships (children first) and the demo accounts.

    Only partnerships flagged fictional are touched: a real partnership that happens to
    use a scenario slug stops the reset rather than being deleted.
    """
    slugs = scenario_slugs(scenarios)
    real = list(Partnership.objects.filter(slug__in=slugs, is_fictional=False).values_list("slug", flat=True))
    if real:
        raise ScenarioError(
            f"Partnerships {', '.join(real)} are not fictional; the demo will not delete them."
        )
    partnerships = list(Partnership.objects.filter(slug__in=slugs, is_fictional=True))
    ids = [p.pk for p in partnerships]
    # Core records hold the tenant as a plain id, so they are removed explicitly.
    for model in (AuditEntry, SignedLink, Job, StoredFile):
        model.objects.filter(partnership_id__in=ids).delete()
    remaining = {p.pk: p for p in partnerships}
    while remaining:
        # Parents are protected while they have children: delete leaves first.
        parent_ids = set(
            Partnership.objects.filter(parent_id__in=remaining).values_list("parent_id", flat=True)
        )
        leaves = [pk for pk in remaining if pk not in parent_ids]
        if not leaves:
            raise ScenarioError("Demo partnerships have children outside the demo; remove them first.")
        Partnership.objects.filter(pk__in=leaves).delete()
        for pk in leaves:
            remaining.pop(pk)
    User.objects.filter(email__in=scenario_user_emails(scenarios)).delete()


# ---------------------------------------------------------------------------
# Loading
# ---------------------------------------------------------------------------


@transaction.atomic
def load(scenarios: list[Scenario]) -> LoadReport:
    report = LoadReport()
    for scenario in scenarios:
        if scenario.kind == "geography":
            _load_geography(scenario, report)
        elif scenario.kind == "partnership":
            _load_partnership(scenario, report)
        elif scenario.kind == "strategy":
            # owners-risks: the strategy room's demo (joinedup/demo/strategy_loader.py)
            from joinedup.demo.strategy_loader import load_strategy

            load_strategy(scenario, report, [s for s in scenarios if s.kind == "partnership"])
        elif scenario.kind == "performance":
            # bench-demo: the performance room's demo (joinedup/demo/performance_loader.py)
            from joinedup.demo.performance_loader import load_performance

            load_performance(scenario, report, scenarios)
        elif scenario.kind == "governance":
            # insight: the governance room's demo (joinedup/demo/governance_loader.py)
            from joinedup.demo.governance_loader import load_governance

            load_governance(scenario, report)
        elif scenario.kind == "assessment":
            # --- assessment demo ---: the assessment room's demo (joinedup/demo/assessment_loader.py)
            from joinedup.demo.assessment_loader import load_assessment

            load_assessment(scenario, report)
            # --- end assessment demo ---
        else:
            _load_users(scenario, report)
    return report


def _load_geography(scenario: Scenario, report: LoadReport) -> None:
    for row in scenario.data["areas"]:
        parent = Area.objects.get(code=row["parent"]) if row.get("parent") else None
        area = Area.objects.filter(code=row["code"]).first() or Area(code=row["code"])
        if area.pk and not area.is_fictional:
            raise ScenarioError(f"{scenario.name}: area {row['code']} exists and is not fictional")
        area.name = row["name"]
        area.official_name = row.get("official_name", "")
        area.area_type = row["area_type"]
        area.parent = parent
        area.population = row.get("population")
        area.nation = "England (fictional)"
        area.is_fictional = True
        area.source = "demo"
        _save(area, f"{scenario.name}: area {row['code']}")
        report.add("areas")


@dataclass
class _PartnershipContext:
    scenario: Scenario
    partnership: Partnership
    organisations: dict[str, Organisation] = field(default_factory=dict)
    email_domains: dict[str, str] = field(default_factory=dict)
    people: dict[str, Person] = field(default_factory=dict)
    seniority: dict[str, str] = field(default_factory=dict)
    bodies: dict[str, Body] = field(default_factory=dict)

    def where(self, what: str) -> str:
        return f"{self.scenario.name}: {what}"

    def person(self, name: str, what: str) -> Person:
        try:
            return self.people[name]
        except KeyError:
            raise ScenarioError(self.where(f"{what} names {name!r}, who is not in `people`")) from None

    def organisation(self, key: str | None, what: str) -> Organisation | None:
        if key is None:
            return None
        try:
            return self.organisations[key]
        except KeyError:
            raise ScenarioError(
                self.where(f"{what} names organisation {key!r}, not in `organisations`")
            ) from None


_PARTNERSHIP_KEYS = {"kind", "partnership", "organisations", "people", "bodies"}


def _load_partnership(scenario: Scenario, report: LoadReport) -> None:
    data = scenario.data
    unknown = {k for k in data if k not in _PARTNERSHIP_KEYS and not k.startswith("x-")}
    if unknown:
        raise ScenarioError(f"{scenario.name}: unknown sections {', '.join(sorted(unknown))}")
    spec = data["partnership"]
    parent = Partnership.objects.get(slug=spec["parent"]) if spec.get("parent") else None
    partnership = Partnership(
        slug=spec["slug"],
        name=spec["name"],
        partnership_type=spec["type"],
        tier=spec["tier"],
        parent=parent,
        shares_with_parent=spec.get("shares_with_parent", []),
        is_fictional=True,
    )
    _save(partnership, f"{scenario.name}: partnership")
    partnership.areas.set(Area.objects.filter(code__in=spec.get("areas", [])))
    context = _PartnershipContext(scenario=scenario, partnership=partnership)
    report.partnerships.append(partnership.name)
    _load_organisations(context, data.get("organisations") or {}, report)
    _load_people(context, data.get("people") or [], report)
    _load_bodies(context, data.get("bodies") or [], report)
    record(
        action="demo.scenario.loaded",
        actor=Actor.system("Demo loader"),
        partnership_id=partnership.pk,
        target=partnership,
        summary=f"Demo data for {partnership.name} loaded from {scenario.name}.",
    )


def _load_organisations(context: _PartnershipContext, rows: dict[str, dict], report: LoadReport) -> None:
    for key, row in rows.items():
        area = Area.objects.get(code=row["area"]) if row.get("area") else None
        organisation = Organisation(
            partnership=context.partnership,
            name=row["name"],
            short_name=row.get("short_name", ""),
            sector=row["sector"],
            statutory_basis=row.get("statutory_basis", ""),
            website=row.get("website", ""),
            area=area,
        )
        _save(organisation, context.where(f"organisation {key}"))
        context.organisations[key] = organisation
        context.email_domains[key] = row.get("email_domain", "example.org")
        report.add("organisations")


def email_for(name: str, domain: str) -> str:
    """first.last@domain from a name such as "Cllr Susan Hartley" (titles dropped)."""
    words = [w for w in name.split() if w.lower().strip(".") not in _TITLES]
    local = ".".join(re.sub(r"[^a-z]", "", w.lower()) for w in words[-2:])
    return f"{local}@{domain}"


def _load_people(context: _PartnershipContext, rows: list[dict], report: LoadReport) -> None:
    for row in rows:
        name = row["name"]
        if name in context.people:
            raise ScenarioError(context.where(f"{name!r} appears twice in `people`"))
        organisation = context.organisation(row.get("org"), f"person {name!r}")
        email = row.get("email") or email_for(
            name, context.email_domains.get(row.get("org", ""), "example.org")
        )
        person = Person(
            partnership=context.partnership,
            full_name=name,
            job_title=row.get("title", ""),
            organisation=organisation,
            email=email,
            phone=str(row.get("phone", "")),
        )
        _save(person, context.where(f"person {name!r}"))
        context.people[name] = person
        context.seniority[name] = row["seniority"]
        report.add("people")
        for training in row.get("training") or []:
            record_ = TrainingRecord(
                person=person,
                kind=training["kind"],
                title=training["title"],
                provider=training.get("provider", ""),
                completed_on=training["completed_on"],
                covers_collaboration=training.get("covers_collaboration", False),
            )
            _save(record_, context.where(f"training record of {name!r}"))
            report.add("training records")


def _load_bodies(context: _PartnershipContext, rows: list[dict], report: LoadReport) -> None:
    for row in rows:
        quorum = row.get("quorum") or {}
        parent_name = row.get("parent")
        if parent_name and parent_name not in context.bodies:
            raise ScenarioError(
                context.where(f"body {row['name']!r}: parent {parent_name!r} must come first")
            )
        body = Body(
            partnership=context.partnership,
            name=row["name"],
            short_name=row.get("short_name", ""),
            layer=row["layer"],
            parent=context.bodies.get(parent_name) if parent_name else None,
            is_statutory_body=row.get("statutory", False),
            terms_of_reference=(row.get("terms_of_reference") or "").strip(),
            meetings_per_year=row.get("meetings_per_year"),
            quorum_kind=quorum.get("kind", "number"),
            quorum_value=quorum.get("value"),
            quorum_required_sectors=quorum.get("sectors", []),
            remote_attendance_counts=row.get("remote_attendance_counts", True),
        )
        _save(body, context.where(f"body {row['name']!r}"))
        context.bodies[body.name] = body
        report.add("bodies")
        since = row.get("since") or dt.date(2024, 1, 1)
        for position, seat_row in enumerate(row.get("seats") or [], start=1):
            _load_seat(context, body, seat_row, position, since, report)
        for other in row.get("others") or []:
            _membership(
                context, body, None, other["person"], other.get("role", "member"), since, other, report
            )


def _load_seat(
    context: _PartnershipContext, body: Body, row: dict, position: int, since: dt.date, report: LoadReport
) -> None:
    organisation = context.organisation(row.get("org"), f"seat {row['label']!r}")
    seat = Seat(
        body=body,
        label=row["label"],
        kind=row["kind"],
        organisation=organisation,
        sector=row.get("sector", organisation.sector if organisation else ""),
        is_voting=row.get("voting", True),
        statutory_basis=row.get("statutory_basis", ""),
        position=position,
    )
    _save(seat, context.where(f"seat {row['label']!r} of {body.name!r}"))
    report.add("seats")
    if row.get("holder"):
        _membership(context, body, seat, row["holder"], row.get("role", "member"), since, row, report)
    for deputy in row.get("deputies") or []:
        _membership(context, body, seat, deputy, "member", since, {}, report, is_deputy=True)


def _membership(
    context: _PartnershipContext,
    body: Body,
    seat: Seat | None,
    name: str,
    role: str,
    since: dt.date,
    row: dict,
    report: LoadReport,
    *,
    is_deputy: bool = False,
) -> None:
    person = context.person(name, f"{body.name!r}")
    membership = Membership(
        body=body,
        seat=seat,
        is_deputy=is_deputy,
        person=person,
        role=role,
        represents=(seat.organisation if seat and seat.organisation else person.organisation),
        seniority=row.get("seniority") or context.seniority[name],
        start_date=since,
        appointed_by=row.get("appointed_by", ""),
        appointed_on=row.get("appointed_on"),
        balancing_arrangements=row.get("balancing", ""),
    )
    _save(membership, context.where(f"membership of {name!r} on {body.name!r}"))
    report.add("memberships")


def _load_users(scenario: Scenario, report: LoadReport) -> None:
    for row in scenario.data["users"]:
        email = row["email"].lower()
        user = User.objects.filter(email__iexact=email).first() or User(email=email)
        user.full_name = row.get("full_name", "")
        user.is_active = True
        user.is_superuser = user.is_staff = bool(row.get("operator", False))
        user.set_password(row["password"])
        _save(user, f"{scenario.name}: user {email}", exclude=["password"])
        report.add("users")
        for slug, role in (row.get("roles") or {}).items():
            partnership = Partnership.objects.get(slug=slug)
            PartnershipRole.objects.update_or_create(
                partnership=partnership, user=user, defaults={"role": role, "is_active": True}
            )
        for slug, name in (row.get("person") or {}).items():
            updated = Person.objects.filter(partnership__slug=slug, full_name=name).update(user=user)
            if updated != 1:
                raise ScenarioError(f"{scenario.name}: user {email}: no person {name!r} in {slug}")
