"""The world the persona walker (`test_url_access.py`) visits every URL in.

One partnership (`world.partnership`) with a user for each persona in
`url_access.PERSONAS`, another partnership where `admin_elsewhere` is admin, a site
operator with no support grant, and a signed link whose holder is not signed in: the
link holder's client holds nothing but `world.link_token` (an invitation link), which
rows for link pages put in their kwargs. `world.job` was started by `world.job_owner`,
who is none of the personas, so only the rule "the starter sees it" can let anyone in.

Each part of the room adds the objects its URL kwargs need in its own section below
(`world.body`, `world.organisation`, ...). Build with models or factories, never
through views. Passwords are unusable: the walker signs in with `force_login`, and
hashing would only slow the build down.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from joinedup.accounts.models import User
from joinedup.core import jobs, signed_links
from joinedup.partnerships import sharing
from joinedup.partnerships.models import (
    Body,
    Invitation,
    Layer,
    Organisation,
    Partnership,
    PartnershipRole,
    Person,
    Sector,
)
from joinedup.partnerships.tests.factories import (
    AreaFactory,
    PartnershipFactory,
    TrainingRecordFactory,
    add_structure_to_world,
)
from joinedup.partnerships.tests.import_support import add_imports_to_world
from joinedup.partnerships.tests.team_factories import add_team_to_world
from joinedup.performance.tests.factories_targets import add_targets_to_world
from joinedup.strategy.tests.delivery_factories import add_delivery_to_world
from joinedup.strategy.tests.owner_factories import add_owners_to_world
from joinedup.strategy.tests.risk_factories import add_risks_to_world

ROLE_PERSONAS = ("viewer", "member", "editor", "scrutiny", "admin")


class World:
    """A bag of named objects; each section of `build_world` adds its own attributes."""

    partnership: Partnership
    elsewhere: Partnership
    users: dict[str, User | None]

    def user(self, persona: str) -> User | None:
        """The signed-in user of a persona, or None for personas that are not signed in."""
        return self.users[persona]

    def __getattr__(self, name: str) -> Any:
        # Only reached for attributes nobody has built: say where to add them.
        raise AttributeError(
            f"The persona world has no `{name}`. Add it in your section of joinedup/tests/world.py."
        )


def _user(email: str, **extra: Any) -> User:
    return User.objects.create_user(
        email=email, password=None, full_name=email.split("@")[0].title(), **extra
    )


def build_world() -> World:
    world = World()
    _people_and_partnerships(world)
    _core(world)
    _directory(world)
    _structure(world)
    _team(world)
    _imports(world)
    _strategy_core(world)
    _delivery(world)
    _owners(world)
    _risks(world)
    _theme_lead_scope(world)
    _performance_library(world)
    _performance_imports(world)
    _performance_mapping(world)
    _performance_targets(world)
    _performance_entry(world)
    _governance_clerk(world)
    _governance_meetings(world)
    _governance_record(world)
    _governance_thread(world)
    _performance_charts(world)
    _performance_insight(world)
    _governance_insight(world)
    _assessment_coordinator(world)
    _assessment_frameworks(world)
    _assessment_evidence(world)
    _assessment_rounds(world)
    _assessment_results(world)
    _assessment_paper(world)
    return world


# --- the personas and their partnerships (test infrastructure) ----------------------------
def _people_and_partnerships(world: World) -> None:
    world.partnership = Partnership.objects.create(
        slug="world", name="World Partnership", partnership_type="place", tier="district"
    )
    world.elsewhere = Partnership.objects.create(
        slug="elsewhere", name="Elsewhere Partnership", partnership_type="csp", tier="unitary"
    )
    users: dict[str, User | None] = {"anonymous": None, "link_holder": None}
    for role in ROLE_PERSONAS:
        users[role] = _user(f"{role}@world.example")
        PartnershipRole.objects.create(partnership=world.partnership, user=users[role], role=role)
    users["operator"] = _user("operator@world.example", is_staff=True, is_superuser=True)
    users["admin_elsewhere"] = _user("admin.elsewhere@world.example")
    PartnershipRole.objects.create(partnership=world.elsewhere, user=users["admin_elsewhere"], role="admin")
    PartnershipRole.objects.create(
        partnership=world.partnership, user=users["admin_elsewhere"], role="viewer"
    )
    world.users = users


# --- core -----------------------------------------------------------------------------------
def _core(world: World) -> None:
    # The job belongs to a user who is none of the personas: only its starter may see it.
    world.job_owner = _user("job.owner@world.example")
    PartnershipRole.objects.create(partnership=world.partnership, user=world.job_owner, role="editor")
    world.job = jobs.start_job(
        kind="test.walk",
        title="A long piece of work",
        partnership_id=world.partnership.pk,
        created_by=world.job_owner,
    )


# --- partnerships: directory (partnership settings, organisations, people) -------------------
def _directory(world: World) -> None:
    world.organisation = Organisation.objects.create(
        partnership=world.partnership, name="World City Council", sector=Sector.LOCAL_GOVERNMENT
    )
    world.person = Person.objects.create(
        partnership=world.partnership,
        full_name="Alex Morgan",
        job_title="Chief Executive",
        organisation=world.organisation,
        email="alex.morgan@world.example",
    )
    world.training_record = TrainingRecordFactory(person=world.person)
    world.area = AreaFactory()
    world.partnership.areas.add(world.area)
    # A child partnership sharing its structure summary, where no persona has a role (ADR 0010).
    world.child = PartnershipFactory(
        slug="world-child", parent=world.partnership, shares_with_parent=[sharing.STRUCTURE_SUMMARY]
    )
    # The same kinds of record in the other partnership: URLs that mix a slug with
    # another partnership's object must not find it.
    world.elsewhere_organisation = Organisation.objects.create(
        partnership=world.elsewhere, name="Elsewhere Police", sector=Sector.POLICE
    )
    world.elsewhere_person = Person.objects.create(
        partnership=world.elsewhere, full_name="Jo Bishop", organisation=world.elsewhere_organisation
    )


# --- partnerships: structure (bodies, seats, memberships) ------------------------------------
def _structure(world: World) -> None:
    # world.body (with a terms-of-reference PDF), world.child_body, world.seat, world.membership
    add_structure_to_world(world)
    world.elsewhere_body = Body.objects.create(
        partnership=world.elsewhere, name="Elsewhere Board", layer=Layer.EXECUTIVE
    )


# --- partnerships: team (users, invitations, support access) ---------------------------------
def _team(world: World) -> None:
    # The link holder's client holds nothing but this token: no session, no user.
    world.invitation = Invitation.objects.create(
        partnership=world.partnership,
        email="invitee@world.example",
        role="viewer",
        invited_by=world.users["admin"],
    )
    issued = signed_links.issue_link(
        purpose="partnerships.invitation",
        target=world.invitation,
        partnership_id=world.partnership.pk,
        holder_label=world.invitation.email,
        lifetime=dt.timedelta(days=7),
        created_by=world.users["admin"],
    )
    world.invitation.link = issued.link
    world.invitation.save(update_fields=["link"])
    world.link = issued.link
    world.link_token = issued.token
    # world.team_role, world.team_invitation, world.support_grant
    add_team_to_world(world)


# --- imports and uploads -----------------------------------------------------------------------
def _imports(world: World) -> None:
    # world.import_run: a checked organisations import, ready to confirm. It saves a file, so
    # the walker builds the world with MEDIA_ROOT pointing at a directory kept for the module.
    add_imports_to_world(world)


# --- strategy: the strategy, themes, outcomes, evidence; the theme_lead persona ---------------
def _strategy_core(world: World) -> None:
    # world.users["theme_lead"] (a viewer who leads world.priority), world.strategy,
    # world.priority / other_priority, outcome / other_outcome, objective / other_objective,
    # evidence (with a PDF) / other_evidence; two adopted versions.
    from joinedup.strategy.tests.factories import add_strategy_to_world

    add_strategy_to_world(world)


# --- strategy: delivery (programmes, actions, milestones) ------------------------------------
def _delivery(world: World) -> None:
    # world.programme, world.action (led by world.person), world.milestone, world.elsewhere_action
    add_delivery_to_world(world)


# --- strategy: risks, contribution claims, strategy map (owners-risks) -------------------------
def _risks(world: World) -> None:
    # world.risk, world.risk_priority, world.contribution_claim, world.risk_organisation
    add_risks_to_world(world)


# --- strategy: owners without an account (digests) --------------------------------------------
def _owners(world: World) -> None:
    # world.owner_digest (sent to world.person for world.action) and world.owner_link_token
    add_owners_to_world(world)


# --- strategy: what the theme_lead persona may and may not edit beyond the strategy pages -----
def _theme_lead_scope(world: World) -> None:
    # world.theme_programme (linked to world.outcome, the theme lead's theme) with
    # world.theme_action; world.theme_risk on world.outcome; world.theme_claim on world.priority.
    # And the same under world.other_priority, which the theme lead does not lead:
    # world.other_theme_programme / other_theme_action / other_theme_risk / other_theme_claim.
    from joinedup.strategy.tests.delivery_factories import ActionFactory, ProgrammeFactory
    from joinedup.strategy.tests.risk_factories import ContributionClaimFactory, RiskFactory

    world.theme_programme = ProgrammeFactory(
        partnership=world.partnership, title="Low Carbon action plan", outcomes=[world.outcome]
    )
    world.theme_action = ActionFactory(programme=world.theme_programme, title="Retrofit the civic centre")
    world.theme_risk = RiskFactory(outcome=world.outcome, title="Retrofit installers are scarce")
    world.theme_claim = ContributionClaimFactory(priority=world.priority)
    world.other_theme_programme = ProgrammeFactory(
        partnership=world.partnership, title="Affordable Housing action plan", outcomes=[world.other_outcome]
    )
    world.other_theme_action = ActionFactory(
        programme=world.other_theme_programme, title="Bring empty homes back"
    )
    world.other_theme_risk = RiskFactory(outcome=world.other_outcome, title="Land values rise")
    world.other_theme_claim = ContributionClaimFactory(priority=world.other_priority)


# --- performance: indicator library, indicator pages, comparator groups (library) ----------
def _performance_library(world: World) -> None:
    # world.shared_indicator (not used here, one shared value), world.local_indicator (used:
    # world.indicator_link, serving world.outcome), world.elsewhere_indicator (world.elsewhere's
    # own), world.comparator_group, world.shared_comparator_group, world.elsewhere_comparator_group.
    from joinedup.performance.tests.factories_library import add_library_to_world

    add_library_to_world(world)


# --- performance: observation imports, import history and undo (imports) -------------------
def _performance_imports(world: World) -> None:
    from joinedup.performance.tests.factories_imports import add_observation_imports_to_world

    add_observation_imports_to_world(world)


# --- imports: column mapping step (mapping) ------------------------------------------------
def _performance_mapping(world: World) -> None:
    # world.mapping_run (an organisations import whose columns need matching),
    # world.saved_mapping (this partnership's, for its header) and world.elsewhere_saved_mapping
    from joinedup.partnerships.tests.mapping_support import add_mapping_to_world

    add_mapping_to_world(world)


# --- performance: targets and commentary (targets) -----------------------------------------
def _performance_targets(world: World) -> None:
    add_targets_to_world(world)


# --- performance: data entry and owners' requests (entry) ----------------------------------
def _performance_entry(world: World) -> None:
    # world.entry_indicator (local, owned by world.person, for world.area), world.entry_shared_indicator,
    # world.elsewhere_entry_indicator, world.entry_period, world.entry_digest and its link's
    # raw token world.entry_link_token. See add_entry_to_world.
    from joinedup.performance.tests.factories_entry import add_entry_to_world

    add_entry_to_world(world)


# --- governance: the clerk persona (a viewer who clerks world.body) ------------------------
def _governance_clerk(world: World) -> None:
    from joinedup.governance.models import BodyClerk

    clerk = _user("clerk@world.example")
    PartnershipRole.objects.create(partnership=world.partnership, user=clerk, role="viewer")
    BodyClerk.objects.create(partnership=world.partnership, body=world.body, user=clerk)
    world.users["clerk"] = clerk


# --- governance: meetings, agendas, minutes, papers, calendars (meetings) ------------------
def _governance_meetings(world: World) -> None:
    # world.meeting (of world.body, with world.public_item and world.exempt_item and their papers),
    # world.held_meeting, world.approved_item, world.other_body_meeting (of world.child_body),
    # world.elsewhere_meeting / world.elsewhere_item, world.clerk_entry, world.calendar_link_id.
    # See add_meetings_to_world.
    from joinedup.governance.tests.factories_meetings import add_meetings_to_world

    add_meetings_to_world(world)


# --- governance: attendance, decisions, actions, challenge, interests (record) -------------
def _governance_record(world: World) -> None:
    # world.record_meeting / record_item (of world.body), record_decision, record_action,
    # record_challenge, record_interest (world.person's, sensitive), record_declaration.
    from joinedup.governance.tests.factories_record import add_record_to_world

    add_record_to_world(world)


# --- governance: golden thread, agenda suggestion, documents, insight (thread) -------------
def _governance_thread(world: World) -> None:
    # world.thread_escalation (open, to world.body), world.thread_document (of world.body, with a
    # file). See add_thread_to_world.
    from joinedup.governance.tests.factories_thread import add_thread_to_world

    add_thread_to_world(world)


# --- performance: indicator charts, completeness (charts) ----------------------------------
def _performance_charts(world: World) -> None:
    # world.charts_indicator (local, monthly, owned by world.person, with values and an approved
    # target). See add_charts_to_world.
    from joinedup.performance.tests.factories_charts import add_charts_to_world

    add_charts_to_world(world)


# --- performance: dashboard, exceptions, escalations (insight) -----------------------------
def _performance_insight(world: World) -> None:
    # world.insight_link (a worsening indicator serving world.outcome, with values, targets and
    # commentary), world.escalation (world.child_body to world.body) and world.elsewhere_escalation.
    from joinedup.performance.tests.factories_insight import add_insight_to_world

    add_insight_to_world(world)


# --- governance: insight (insight) ---------------------------------------------------------
def _governance_insight(world: World) -> None:
    # world.insight_body: a strategic forum of world.partnership with held meetings, attendance,
    # items, a decision, an action, challenges and an exception escalated to another body.
    from joinedup.governance.tests.factories_insight import add_insight_to_world

    add_insight_to_world(world)


# --- assessment: the coordinator persona (a viewer who coordinates self-assessment) --------
def _assessment_coordinator(world: World) -> None:
    from joinedup.assessment.models import Coordinator

    coordinator = _user("coordinator@world.example")
    PartnershipRole.objects.create(partnership=world.partnership, user=coordinator, role="viewer")
    Coordinator.objects.create(partnership=world.partnership, user=coordinator)
    world.users["coordinator"] = coordinator


# --- assessment: frameworks (frameworks) ---------------------------------------------------
def _assessment_frameworks(world: World) -> None:
    # world.framework_version: the shipped 7S framework (installed on migrate); world.framework_draft:
    # the partnership's adapted draft (with world.framework_element, _question, _finding);
    # world.framework_used: its published version 2, used by a round (never editable);
    # world.elsewhere_framework_version: another partnership's adapted draft.
    from joinedup.assessment.services import frameworks
    from joinedup.assessment.tests.factories import make_round

    world.framework_version = frameworks.shipped_7s()
    world.framework_draft = frameworks.adapt(
        partnership=world.partnership, version=world.framework_version, user=None
    )
    world.framework_element = world.framework_draft.elements.order_by("position").first()
    world.framework_question = world.framework_element.questions.order_by("position").first()
    world.framework_finding = world.framework_draft.findings.order_by("position").first()
    world.framework_used = frameworks.new_draft(
        partnership=world.partnership, version=world.framework_draft, user=None
    )
    frameworks.publish(partnership=world.partnership, version=world.framework_used, user=None)
    make_round(world.partnership, world.framework_used, title="World framework round")
    world.elsewhere_framework_version = frameworks.adapt(
        partnership=world.elsewhere, version=world.framework_version, user=None
    )


# --- assessment: evidence metrics and thresholds (evidence) --------------------------------
def _assessment_evidence(world: World) -> None:
    # A named coordinator the coordinator-removal row may remove (the persona stays), and one
    # of another partnership that this partnership's admin may not remove.
    from joinedup.assessment.models import Coordinator

    spare = _user("spare.coordinator@world.example")
    PartnershipRole.objects.create(partnership=world.partnership, user=spare, role="member")
    world.spare_coordinator = Coordinator.objects.create(partnership=world.partnership, user=spare)
    world.elsewhere_coordinator = Coordinator.objects.create(
        partnership=world.elsewhere, user=world.users["admin_elsewhere"]
    )


# --- assessment: rounds, invitations, respondent links, consensus (rounds) -----------------
def _assessment_rounds(world: World) -> None:
    # world.assessment_round (open, anonymous, on a small test framework) invites world.person;
    # world.assessment_invitation holds a link whose raw token is world.assessment_token.
    from joinedup.assessment.services.rounds import PURPOSE, link_expiry
    from joinedup.assessment.tests.factories import make_invitation, make_round, make_version

    version = make_version(key="world-rounds")
    world.assessment_round = make_round(world.partnership, version, title="World self-assessment")
    world.assessment_invitation = make_invitation(world.assessment_round, world.person, layer="executive")
    issued = signed_links.issue_link(
        purpose=PURPOSE,
        target=world.assessment_invitation,
        partnership_id=world.partnership.pk,
        holder_label=world.person.full_name,
        lifetime=link_expiry(world.assessment_round.closes_on) - dt.datetime.now(dt.UTC),
    )
    world.assessment_invitation.link = issued.link
    world.assessment_invitation.sent_count = 1
    world.assessment_invitation.save(update_fields=["link", "sent_count"])
    world.assessment_token = issued.token


# --- assessment: results, export, improvement actions (results) ---------------------------
def _assessment_results(world: World) -> None:
    """A closed round (every role reads its results), an open one (coordinators only) and a
    round of another partnership. In the closed round question style-1 is weak, so an
    improvement action may be raised from it; scs-1 is strong."""
    from joinedup.assessment.tests.factories import make_response, make_round, make_version

    version = make_version(key="results-world-framework")
    closed = make_round(
        world.partnership,
        version,
        title="Results world: closed round",
        opens_on=dt.date(2026, 1, 5),
        closes_on=dt.date(2026, 2, 5),
    )
    for _ in range(5):
        make_response(
            closed, {"scs-1": "in_place", "style-1": "not_in_place"}, comments={"style-1": "Rarely"}
        )
    world.results_round = closed
    world.results_open_round = make_round(world.partnership, version, title="Results world: open round")
    world.elsewhere_results_round = make_round(world.elsewhere, version, title="Elsewhere round")


# --- assessment: the review paper (paper) --------------------------------------------------
def _assessment_paper(world: World) -> None:
    """A closed round with a draft paper (`world.paper_round`, `world.paper_finding`), a
    closed round whose paper is published (`world.published_paper_round`), and another
    partnership's round with a paper (`world.elsewhere_paper_round`)."""
    from django.utils import timezone

    from joinedup.assessment.models import PaperStatus
    from joinedup.assessment.services.paper import generate_paper
    from joinedup.assessment.tests.factories import make_round
    from joinedup.assessment.tests.factories_paper import make_paper_world

    admin = world.users["admin"]
    drafted = make_paper_world(world.partnership)
    world.paper_round = drafted.round
    paper = generate_paper(round=drafted.round, user=admin)
    world.paper_finding = paper.findings.order_by("pk").first()
    published_round = make_round(
        world.partnership,
        drafted.version,
        title="Self-assessment 2025",
        opens_on=drafted.round.opens_on,
        closes_on=drafted.round.closes_on,
    )
    published = generate_paper(round=published_round, user=admin)
    published.status = PaperStatus.PUBLISHED
    published.published_at = timezone.now()
    published.save(update_fields=["status", "published_at"])
    world.published_paper_round = published_round
    elsewhere = make_paper_world(world.elsewhere)
    generate_paper(round=elsewhere.round, user=world.users["admin_elsewhere"])
    world.elsewhere_paper_round = elsewhere.round
