"""The one table of who gets what at every URL.

`test_url_access.py` walks every URL pattern in the project as every persona and
asserts the status declared here; a URL pattern with no row fails the test. Rooms add
their rows in their own section below (and their objects in `world.py`).

Personas:
- anonymous: not signed in
- viewer, member, editor, scrutiny, admin: that role in the world's partnership
- operator: a site operator (superuser) with no support grant
- admin_elsewhere: admin of another partnership and viewer here
- link_holder: not signed in, holding a valid signed link (e.g. an invitation)
- theme_lead: viewer in the partnership and theme lead of `world.priority` (strategy room);
  a row that does not name it gets the row's "viewer" status (see DEFAULTS_TO_VIEWER)
- clerk: viewer in the partnership and clerk of `world.body` (governance room); defaults to the
  row's "viewer" status in the same way
- coordinator: viewer in the partnership named its self-assessment coordinator (assessment
  room); defaults to the row's "viewer" status in the same way
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

PERSONAS = (
    "anonymous",
    "viewer",
    "member",
    "editor",
    "scrutiny",
    "admin",
    "operator",
    "admin_elsewhere",
    "link_holder",
    "theme_lead",
    "clerk",
    "coordinator",
)

# Personas holding a scoped responsibility on top of the viewer role. A row that does not
# state a status for one of them expects the row's "viewer" status: the responsibility only
# opens the pages its room says it opens, and those rows name the persona explicitly.
DEFAULTS_TO_VIEWER = ("theme_lead", "clerk", "coordinator")

SIGN_IN = 302  # anonymous users are sent to sign in
HIDDEN = 404  # outsiders never learn a partnership exists


def statuses(**overrides: int) -> dict[str, int]:
    """Start from "everyone in the partnership may read it" and override."""
    base = {
        "anonymous": SIGN_IN,
        "link_holder": SIGN_IN,
        "operator": HIDDEN,
        "viewer": 200,
        "member": 200,
        "editor": 200,
        "scrutiny": 200,
        "admin": 200,
        "admin_elsewhere": 200,
    }
    base.update(overrides)
    return base


READ = statuses()
EDIT = statuses(viewer=403, member=403, scrutiny=403, admin_elsewhere=403)
MANAGE = statuses(viewer=403, member=403, scrutiny=403, editor=403, admin_elsewhere=403)
PUBLIC = dict.fromkeys(PERSONAS, 200)


@dataclass(frozen=True)
class Row:
    url_name: str
    expect: dict[str, int]
    kwargs: Callable[[Any], dict[str, Any]] = field(default=lambda world: {})
    method: str = "get"
    data: Callable[[Any], dict[str, Any]] | None = None  # POST body, if method is post
    note: str = ""

    def __post_init__(self) -> None:
        # The walker's defaulting rule (DEFAULTS_TO_VIEWER), applied once so every reader
        # of `expect` sees every persona.
        if "viewer" in self.expect:
            missing = {p: self.expect["viewer"] for p in DEFAULTS_TO_VIEWER if p not in self.expect}
            if missing:
                object.__setattr__(self, "expect", {**self.expect, **missing})


def p(world) -> dict[str, Any]:
    return {"slug": world.partnership.slug}


ROWS: list[Row] = []

# --- core -----------------------------------------------------------------------------
ROWS += [
    Row("core:healthz", PUBLIC),
    Row("core:about_data", PUBLIC),
    Row("core:outbox", dict.fromkeys(PERSONAS, 404), note="only in demo mode"),
    Row("core:signed_link", dict.fromkeys(PERSONAS, 410), kwargs=lambda w: {"token": "not-a-real-token"}),
    Row(
        "core:job_status",
        statuses(viewer=404, member=404, editor=404, scrutiny=404, admin=404, admin_elsewhere=404),
        kwargs=lambda w: {"job_id": w.job.pk},
        note="only the user who started the job sees it",
    ),
]


# --- accounts -------------------------------------------------------------------------
ROWS += [
    Row(
        "accounts:sign_in",
        statuses(
            viewer=302,
            member=302,
            editor=302,
            scrutiny=302,
            admin=302,
            operator=302,
            admin_elsewhere=302,
            anonymous=200,
            link_holder=200,
        ),
    ),
    Row("accounts:profile", statuses(operator=200)),
    Row("accounts:sign_out", dict.fromkeys(PERSONAS, 405), note="POST only"),
    Row("accounts:password_change", statuses(operator=200)),
    # Reset pages are open to everyone and never reveal whether an address has an account.
    Row("accounts:password_reset", PUBLIC),
    Row("accounts:password_reset_done", PUBLIC),
    Row(
        "accounts:password_reset_confirm",
        PUBLIC,
        kwargs=lambda w: {"uidb64": "MQ", "token": "not-a-token"},
        note="shows 'this link cannot be used'",
    ),
    Row("accounts:password_reset_complete", PUBLIC),
]


# --- partnerships: home ------------------------------------------------------------------
ROWS += [
    Row(
        "partnerships:choose",
        statuses(viewer=302, member=302, editor=302, scrutiny=302, admin=302, operator=200),
        note="a user with one partnership goes straight to it; admin_elsewhere has two",
    ),
    Row("partnerships:home", READ, kwargs=p),
]


# --- partnerships: team (users, invitations, support access) --------------------------------
# world.team_role, world.team_invitation and world.support_grant come from
# joinedup.partnerships.tests.team_factories.add_team_to_world(world).
MANAGE_POST = {**MANAGE, "admin": 302}  # POST actions redirect back to the team page


def team_role(world) -> dict[str, Any]:
    return {**p(world), "role_id": world.team_role.pk}


def invitation(world) -> dict[str, Any]:
    return {**p(world), "invitation_id": world.team_invitation.pk}


ROWS += [
    Row(
        "partnerships:first_run",
        dict.fromkeys(PERSONAS, 404),
        note="only while the installation has no accounts at all",
    ),
    Row("partnerships:team", MANAGE, kwargs=p),
    Row("partnerships:team_invite", MANAGE, kwargs=p),
    Row("partnerships:team_member", MANAGE, kwargs=team_role),
    Row("partnerships:team_remove", MANAGE, kwargs=team_role, note="GET shows the confirmation"),
    Row(
        "partnerships:team_invitation_resend",
        MANAGE_POST,
        kwargs=invitation,
        method="post",
        data=lambda w: {},
    ),
    Row(
        "partnerships:team_invitation_revoke",
        MANAGE_POST,
        kwargs=invitation,
        method="post",
        data=lambda w: {},
    ),
    Row("partnerships:team_support_grant", MANAGE, kwargs=p),
    Row(
        "core:signed_link",
        {
            **dict.fromkeys(PERSONAS, 403),
            "anonymous": 200,
            "link_holder": 200,
        },
        kwargs=lambda w: {"token": w.link_token},
        note=(
            "the world's invitation link: whoever is not signed in is asked to choose a name and "
            "password; a signed-in account with another email address is told the invitation is "
            "for someone else. Opening it (GET) changes nothing, so every persona can open it"
        ),
    ),
    Row(
        "partnerships:team_support_revoke",
        MANAGE_POST,
        method="post",
        data=lambda w: {},
        kwargs=lambda w: {**p(w), "grant_id": w.support_grant.pk},
    ),
]


# --- partnerships: structure (bodies, seats, memberships) -----------------------------------


def body(world) -> dict[str, Any]:
    return {"slug": world.partnership.slug, "body_id": world.body.pk}


def seat(world) -> dict[str, Any]:
    return {"slug": world.partnership.slug, "seat_id": world.seat.pk}


def membership(world) -> dict[str, Any]:
    return {"slug": world.partnership.slug, "membership_id": world.membership.pk}


# world.body has a seat (world.seat) held by world.membership, a thematic group reporting to
# it and a terms-of-reference PDF: see partnerships.tests.factories.add_structure_to_world.
ROWS += [
    Row("partnerships:structure", READ, kwargs=p),
    Row("partnerships:structure_leadership", READ, kwargs=p),
    Row("partnerships:body_add", EDIT, kwargs=p),
    Row("partnerships:body_detail", READ, kwargs=body),
    Row("partnerships:body_edit", EDIT, kwargs=body),
    Row("partnerships:body_delete", EDIT, kwargs=body, note="GET explains why it cannot go yet"),
    Row("partnerships:body_terms_document", READ, kwargs=body),
    Row("partnerships:seat_add", EDIT, kwargs=body),
    Row("partnerships:seat_edit", EDIT, kwargs=seat),
    Row("partnerships:seat_delete", EDIT, kwargs=seat),
    Row("partnerships:membership_add", EDIT, kwargs=body),
    Row("partnerships:membership_edit", EDIT, kwargs=membership),
    Row("partnerships:membership_end", EDIT, kwargs=membership),
]


# --- partnerships: directory (partnership settings, organisations, people) ------------------
# World objects: world.organisation, world.person (in world.partnership), world.training_record
# (of world.person), world.area (any Area), world.child (a child partnership of
# world.partnership that shares its structure summary and where no persona has a role).


def org(world) -> dict[str, Any]:
    return {"slug": world.partnership.slug, "pk": world.organisation.pk}


def person(world) -> dict[str, Any]:
    return {"slug": world.partnership.slug, "pk": world.person.pk}


def training(world) -> dict[str, Any]:
    return {
        "slug": world.partnership.slug,
        "pk": world.training_record.person_id,
        "training_pk": world.training_record.pk,
    }


def child(world) -> dict[str, Any]:
    return {"slug": world.child.slug}


# The parent's users never reach a child's own pages, whatever it shares (ADR 0010).
CHILD_HIDDEN = statuses(viewer=404, member=404, editor=404, scrutiny=404, admin=404, admin_elsewhere=404)

DIRECTORY_ROWS = [
    Row("partnerships:settings", MANAGE, kwargs=p),
    Row("partnerships:settings_area_suggestions", MANAGE, kwargs=p, note="htmx partial"),
    Row(
        "partnerships:settings_area_add",
        {**MANAGE, "admin": 302},
        kwargs=p,
        note="GET goes back to the settings page",
    ),
    Row(
        "partnerships:settings_area_remove",
        {**MANAGE, "admin": 405},
        kwargs=lambda w: {"slug": w.partnership.slug, "area_id": w.area.pk},
        note="POST only",
    ),
    Row("partnerships:children", READ, kwargs=p),
    Row("partnerships:organisations", READ, kwargs=p),
    Row("partnerships:organisation_add", EDIT, kwargs=p),
    Row("partnerships:organisation", READ, kwargs=org),
    Row("partnerships:organisation_edit", EDIT, kwargs=org),
    Row("partnerships:organisation_delete", EDIT, kwargs=org, note="GET asks to confirm"),
    Row("partnerships:people", READ, kwargs=p),
    Row("partnerships:person_add", EDIT, kwargs=p),
    Row("partnerships:person", READ, kwargs=person),
    Row("partnerships:person_edit", EDIT, kwargs=person),
    Row("partnerships:person_account", MANAGE, kwargs=person),
    Row("partnerships:training_add", EDIT, kwargs=person),
    Row("partnerships:training_edit", EDIT, kwargs=training),
    Row("partnerships:training_delete", EDIT, kwargs=training, note="GET asks to confirm"),
    Row("partnerships:home", CHILD_HIDDEN, kwargs=child, note="a child partnership's home"),
    Row("partnerships:organisations", CHILD_HIDDEN, kwargs=child, note="a child's organisations"),
    Row("partnerships:people", CHILD_HIDDEN, kwargs=child, note="a child's people"),
]
ROWS += DIRECTORY_ROWS


# --- imports and uploads --------------------------------------------------------------------
# The import pages need `world.import_run` (a ready organisations import of world.partnership),
# made by `add_imports_to_world(world)` in joinedup/partnerships/tests/import_support.py.
def _importer(world) -> dict[str, Any]:
    return {"slug": world.partnership.slug, "importer": "partnerships.organisations"}


def _import_run(world) -> dict[str, Any]:
    return {"slug": world.partnership.slug, "run_id": world.import_run.pk}


ROWS += [
    Row("partnerships:imports", READ, kwargs=p, note="lists only the imports the role may use"),
    Row("partnerships:import_upload", EDIT, kwargs=_importer),
    Row("partnerships:import_template", EDIT, kwargs=lambda w: {**_importer(w), "fmt": "xlsx"}),
    Row("partnerships:import_run", EDIT, kwargs=_import_run),
    Row(
        "partnerships:import_confirm",
        {**EDIT, "editor": 302, "admin": 302},
        kwargs=_import_run,
        method="post",
        note="confirming redirects to the run's page",
    ),
    Row("partnerships:import_errors", EDIT, kwargs=_import_run),
    Row("partnerships:import_file", EDIT, kwargs=_import_run),
]


# --- strategy: the strategy, themes, outcomes, evidence ----------------------------------
# The theme_lead persona is a viewer who leads world.priority: it edits that theme and what
# hangs under it (200), and gets a viewer's 403 on world.other_priority's pages.
THEME_EDIT = {**EDIT, "theme_lead": 200}
NOT_THEIR_THEME = {**EDIT, "theme_lead": 403}
MOVED = {**EDIT, "editor": 302, "admin": 302}
THEME_MOVED = {**MOVED, "theme_lead": 302}


def _strategy(world) -> dict[str, Any]:
    return {**p(world), "pk": world.strategy.pk}


def _obj(attr: str) -> Callable[[Any], dict[str, Any]]:
    return lambda world: {**p(world), "pk": getattr(world, attr).pk}


def _up(world) -> dict[str, Any]:
    return {"direction": "up"}


ROWS += [
    Row("strategy:strategy", READ, kwargs=p),
    Row("strategy:strategy_add", EDIT, kwargs=p),
    Row("strategy:strategy_edit", EDIT, kwargs=_strategy),
    Row("strategy:strategy_adopt", EDIT, kwargs=_strategy),
    Row("strategy:versions", READ, kwargs=_strategy),
    Row("strategy:version", READ, kwargs=lambda world: {**_strategy(world), "number": 1}),
    Row("strategy:compare", READ, kwargs=_strategy),
    Row("strategy:coverage", READ, kwargs=_strategy),
    Row("strategy:theme_add", EDIT, kwargs=_strategy),
    Row("strategy:theme", READ, kwargs=_obj("priority")),
    Row("strategy:theme_edit", THEME_EDIT, kwargs=_obj("priority")),
    Row("strategy:theme_edit", NOT_THEIR_THEME, kwargs=_obj("other_priority"), note="another theme"),
    Row(
        "strategy:theme_move",
        {**MOVED, "theme_lead": 403},
        kwargs=_obj("priority"),
        method="post",
        data=_up,
        note="ordering themes is for editors",
    ),
    Row("strategy:theme_delete", EDIT, kwargs=_obj("priority"), note="shows why it cannot go"),
    Row("strategy:outcome_add", THEME_EDIT, kwargs=_obj("priority")),
    Row("strategy:outcome_add", NOT_THEIR_THEME, kwargs=_obj("other_priority"), note="another theme"),
    Row("strategy:theme_evidence_add", THEME_EDIT, kwargs=_obj("priority")),
    Row("strategy:theme_evidence_add", NOT_THEIR_THEME, kwargs=_obj("other_priority"), note="another theme"),
    Row("strategy:outcome", READ, kwargs=_obj("outcome")),
    Row("strategy:outcome_edit", THEME_EDIT, kwargs=_obj("outcome")),
    Row("strategy:outcome_edit", NOT_THEIR_THEME, kwargs=_obj("other_outcome"), note="another theme"),
    Row("strategy:outcome_move", THEME_MOVED, kwargs=_obj("outcome"), method="post", data=_up),
    Row(
        "strategy:outcome_move",
        {**MOVED, "theme_lead": 403},
        kwargs=_obj("other_outcome"),
        method="post",
        data=_up,
        note="another theme",
    ),
    Row("strategy:outcome_delete", THEME_EDIT, kwargs=_obj("outcome"), note="shows why it cannot go"),
    Row("strategy:outcome_delete", NOT_THEIR_THEME, kwargs=_obj("other_outcome"), note="another theme"),
    Row("strategy:outcome_evidence_add", THEME_EDIT, kwargs=_obj("outcome")),
    Row("strategy:outcome_evidence_add", NOT_THEIR_THEME, kwargs=_obj("other_outcome"), note="another theme"),
    Row("strategy:objective_add", THEME_EDIT, kwargs=_obj("outcome")),
    Row("strategy:objective_add", NOT_THEIR_THEME, kwargs=_obj("other_outcome"), note="another theme"),
    Row("strategy:objective_edit", THEME_EDIT, kwargs=_obj("objective")),
    Row("strategy:objective_edit", NOT_THEIR_THEME, kwargs=_obj("other_objective"), note="another theme"),
    Row("strategy:objective_move", THEME_MOVED, kwargs=_obj("objective"), method="post", data=_up),
    Row("strategy:objective_delete", THEME_EDIT, kwargs=_obj("objective")),
    Row("strategy:objective_delete", NOT_THEIR_THEME, kwargs=_obj("other_objective"), note="another theme"),
    Row("strategy:evidence_edit", THEME_EDIT, kwargs=_obj("evidence")),
    Row("strategy:evidence_edit", NOT_THEIR_THEME, kwargs=_obj("other_evidence"), note="another theme"),
    Row("strategy:evidence_delete", THEME_EDIT, kwargs=_obj("evidence")),
    Row("strategy:evidence_delete", NOT_THEIR_THEME, kwargs=_obj("other_evidence"), note="another theme"),
    Row("strategy:evidence_file", READ, kwargs=_obj("evidence")),
]


# --- strategy: programmes, actions, milestones, updates ----------------------------------
# world.programme holds world.action (led by world.person, who has no user) with world.milestone;
# see add_delivery_to_world in joinedup/strategy/tests/delivery_factories.py.


def programme(world) -> dict[str, Any]:
    return {"slug": world.partnership.slug, "programme_id": world.programme.pk}


def action(world) -> dict[str, Any]:
    return {"slug": world.partnership.slug, "action_id": world.action.pk}


def milestone(world) -> dict[str, Any]:
    return {**action(world), "milestone_id": world.milestone.pk}


ROWS += [
    Row("strategy:programmes", READ, kwargs=p),
    Row("strategy:programme_add", EDIT, kwargs=p),
    Row("strategy:programme", READ, kwargs=programme),
    Row("strategy:programme_edit", EDIT, kwargs=programme),
    Row("strategy:programme_close", EDIT, kwargs=programme, note="GET shows the lessons-learned form"),
    Row("strategy:action_add", EDIT, kwargs=programme),
    Row("strategy:actions", READ, kwargs=p, note="filtered by ?programme=&outcome=&status=&rag="),
    Row("strategy:action", READ, kwargs=action),
    Row("strategy:action_edit", EDIT, kwargs=action),
    Row("strategy:action_progress", EDIT, kwargs=action, note="also the action's lead person"),
    Row("strategy:action_rag", READ, kwargs=action),
    Row("strategy:milestone_add", EDIT, kwargs=action),
    Row("strategy:milestone_complete", EDIT, kwargs=milestone, note="GET asks to confirm"),
    Row(
        "strategy:action",
        statuses(viewer=404, member=404, editor=404, scrutiny=404, admin=404, admin_elsewhere=404),
        kwargs=lambda w: {"slug": w.partnership.slug, "action_id": w.elsewhere_action.pk},
        note="another partnership's action under this slug",
    ),
]


# --- strategy: owners' digests, risks, contribution, strategy map, imports/exports ------------
# world.risk, world.risk_priority, world.contribution_claim and world.risk_organisation come from
# joinedup.strategy.tests.risk_factories.add_risks_to_world(world).
def _risk(world) -> dict[str, Any]:
    return {"slug": world.partnership.slug, "risk_id": world.risk.pk}


def _risk_priority(world) -> dict[str, Any]:
    return {"slug": world.partnership.slug, "priority_id": world.risk_priority.pk}


def _claim(world) -> dict[str, Any]:
    return {**_risk_priority(world), "claim_id": world.contribution_claim.pk}


ROWS += [
    Row("strategy:risks", READ, kwargs=p),
    Row("strategy:risk_add", EDIT, kwargs=p),
    Row("strategy:risks_export", READ, kwargs=p, note="an XLSX download"),
    Row("strategy:risk", READ, kwargs=_risk),
    Row("strategy:risk_edit", EDIT, kwargs=_risk),
    Row("strategy:risk_review", EDIT, kwargs=_risk),
    Row("strategy:risk_close", EDIT, kwargs=_risk, note="GET shows the confirmation"),
    Row("strategy:action_plan_export", READ, kwargs=p, note="an XLSX download"),
    Row("strategy:contributions", READ, kwargs=_risk_priority),
    Row("strategy:contribution_add", EDIT, kwargs=_risk_priority),
    Row("strategy:contribution_edit", EDIT, kwargs=_claim),
    Row("strategy:map", READ, kwargs=p),
]

# --- strategy: owners without an account (digests) ---
# world.owner_digest was sent to world.person (no account) for world.action; its link's token is
# world.owner_link_token. See add_owners_to_world in joinedup/strategy/tests/owner_factories.py.
ROWS += [
    Row("strategy:owners", READ, kwargs=p),
    Row("strategy:owners_send", {**EDIT, "editor": 405, "admin": 405}, kwargs=p, note="POST only"),
    Row(
        "core:signed_link",
        dict.fromkeys(PERSONAS, 200),
        kwargs=lambda w: {"token": w.owner_link_token},
        note="an owner's digest page: whoever holds the link may open it; opening it changes nothing",
    ),
]
# --- end owners ---


# --- strategy: theme leads on delivery, risks and contribution claims -------------------------
# world.theme_programme (linked to world.outcome) holds world.theme_action; world.theme_risk is
# on world.outcome and world.theme_claim on world.priority, all in the theme_lead persona's
# theme. The other_theme_* objects are the same under world.other_priority, which it does not
# lead. See _theme_lead_scope in joinedup/tests/world.py.
def _named(kwarg: str, attr: str) -> Callable[[Any], dict[str, Any]]:
    return lambda world: {**p(world), kwarg: getattr(world, attr).pk}


def _claim_of(priority: str, claim: str) -> Callable[[Any], dict[str, Any]]:
    return lambda world: {
        **p(world),
        "priority_id": getattr(world, priority).pk,
        "claim_id": getattr(world, claim).pk,
    }


_THEIRS_AND_NOT = (
    ("strategy:programme_edit", "programme_id", "theme_programme", "other_theme_programme"),
    ("strategy:action_add", "programme_id", "theme_programme", "other_theme_programme"),
    ("strategy:action_edit", "action_id", "theme_action", "other_theme_action"),
    ("strategy:action_progress", "action_id", "theme_action", "other_theme_action"),
    ("strategy:risk_edit", "risk_id", "theme_risk", "other_theme_risk"),
    ("strategy:risk_review", "risk_id", "theme_risk", "other_theme_risk"),
    ("strategy:contribution_add", "priority_id", "priority", "other_priority"),
)
for _name, _kwarg, _theirs, _not_theirs in _THEIRS_AND_NOT:
    ROWS += [
        Row(_name, THEME_EDIT, kwargs=_named(_kwarg, _theirs), note="the theme lead's theme"),
        Row(_name, NOT_THEIR_THEME, kwargs=_named(_kwarg, _not_theirs), note="another theme"),
    ]
ROWS += [
    Row(
        "strategy:contribution_edit",
        THEME_EDIT,
        kwargs=_claim_of("priority", "theme_claim"),
        note="the theme lead's theme",
    ),
    Row(
        "strategy:contribution_edit",
        NOT_THEIR_THEME,
        kwargs=_claim_of("other_priority", "other_theme_claim"),
        note="another theme",
    ),
]


# --- demo -----------------------------------------------------------------------------------


# --- site-operator admin (Django's admin at /operator/admin/) --------------------------------
# Django makes several pages per registered model, so the admin is covered by a rule rather
# than a row per page: nobody but a site operator gets in. Rows here state the exact status
# of the admin's own pages; any other page under ADMIN_PREFIX without a row of its own gets
# ADMIN_RULE, where ADMITTED means "the operator is let in" (any status below 500 other than
# a redirect to the admin sign-in; the model admin decides between 200, 302, 403 and 404).
ADMIN_PREFIX = "operator/admin/"
ADMITTED = 0
ADMIN_RULE = {**dict.fromkeys(PERSONAS, 302), "operator": ADMITTED}
OPERATOR_ONLY = {**dict.fromkeys(PERSONAS, 302), "operator": 200}
ROWS += [
    Row("admin:index", OPERATOR_ONLY),
    Row(
        "admin:login",
        {**dict.fromkeys(PERSONAS, 200), "operator": 302},
        note="signed-in users who are not operators are told they may not use the admin",
    ),
    Row("admin:logout", {**dict.fromkeys(PERSONAS, 302), "operator": 405}, note="POST only"),
    Row("admin:password_change", OPERATOR_ONLY),
    Row("admin:password_change_done", OPERATOR_ONLY),
    Row("admin:jsi18n", OPERATOR_ONLY),
    Row(
        "admin:autocomplete",
        {**dict.fromkeys(PERSONAS, 302), "operator": 403},
        note="403 without the model and field parameters",
    ),
]


# --- performance: indicator library, indicator pages, comparator groups (library) ----------
# Objects from add_library_to_world (joinedup/performance/tests/factories_library.py): a shared
# indicator nobody here uses, world.partnership's own local indicator (used), world.elsewhere's
# local indicator, and comparator groups (own, shared, elsewhere's). Shared definitions and
# groups are read-only to every partnership role; another partnership's are hidden (404).
def _indicator(attr: str) -> Callable[[Any], dict[str, Any]]:
    return lambda world: {**p(world), "indicator_id": getattr(world, attr).pk}


def _group(attr: str) -> Callable[[Any], dict[str, Any]]:
    return lambda world: {**p(world), "group_id": getattr(world, attr).pk}


NOBODY_HERE = statuses(viewer=403, member=403, editor=403, scrutiny=403, admin=403, admin_elsewhere=403)
HIDDEN_HERE = statuses(viewer=404, member=404, editor=404, scrutiny=404, admin=404, admin_elsewhere=404)
ROWS += [
    Row("performance:indicators", READ, kwargs=p, note="search and filters in the query string"),
    Row("performance:indicator_add", EDIT, kwargs=p),
    Row("performance:indicator", READ, kwargs=_indicator("local_indicator")),
    Row("performance:indicator", READ, kwargs=_indicator("shared_indicator"), note="a shared indicator"),
    Row(
        "performance:indicator",
        HIDDEN_HERE,
        kwargs=_indicator("elsewhere_indicator"),
        note="another partnership's local indicator",
    ),
    Row("performance:indicator_edit", EDIT, kwargs=_indicator("local_indicator")),
    Row(
        "performance:indicator_edit",
        NOBODY_HERE,
        kwargs=_indicator("shared_indicator"),
        note="a shared definition: no partnership role may change it",
    ),
    Row(
        "performance:indicator_edit",
        NOBODY_HERE,
        kwargs=_indicator("shared_indicator"),
        method="post",
        data=lambda w: {"code": "HACKED", "title": "Changed", "version": w.shared_indicator.version},
        note="posting a change to a shared definition is refused",
    ),
    Row("performance:indicator_edit", HIDDEN_HERE, kwargs=_indicator("elsewhere_indicator")),
    Row(
        "performance:indicator_edit",
        HIDDEN_HERE,
        kwargs=_indicator("elsewhere_indicator"),
        method="post",
        data=lambda w: {"code": "HACKED", "title": "Changed", "version": w.elsewhere_indicator.version},
        note="another partnership's local definition",
    ),
    Row("performance:indicator_export", READ, kwargs=_indicator("shared_indicator"), note="an XLSX download"),
    Row("performance:indicator_export", HIDDEN_HERE, kwargs=_indicator("elsewhere_indicator")),
    Row("performance:indicator_use", EDIT, kwargs=_indicator("shared_indicator")),
    Row("performance:indicator_use", HIDDEN_HERE, kwargs=_indicator("elsewhere_indicator")),
    Row("performance:indicator_link_edit", EDIT, kwargs=_indicator("local_indicator")),
    Row(
        "performance:indicator_link_edit",
        HIDDEN_HERE,
        kwargs=_indicator("shared_indicator"),
        note="the partnership does not use it",
    ),
    Row("performance:indicator_link_edit", HIDDEN_HERE, kwargs=_indicator("elsewhere_indicator")),
    Row("performance:indicator_stop", EDIT, kwargs=_indicator("local_indicator"), note="GET asks to confirm"),
    Row("performance:comparators", READ, kwargs=p),
    Row("performance:comparator_add", EDIT, kwargs=p),
    Row("performance:comparator", READ, kwargs=_group("comparator_group")),
    Row("performance:comparator", READ, kwargs=_group("shared_comparator_group"), note="a shared group"),
    Row("performance:comparator", HIDDEN_HERE, kwargs=_group("elsewhere_comparator_group")),
    Row("performance:comparator_edit", EDIT, kwargs=_group("comparator_group")),
    Row("performance:comparator_edit", NOBODY_HERE, kwargs=_group("shared_comparator_group")),
    Row("performance:comparator_edit", HIDDEN_HERE, kwargs=_group("elsewhere_comparator_group")),
    Row("performance:comparator_delete", EDIT, kwargs=_group("comparator_group"), note="GET asks to confirm"),
    Row(
        "performance:comparator_delete",
        NOBODY_HERE,
        kwargs=_group("shared_comparator_group"),
        method="post",
        note="a shared group cannot be deleted by any partnership role",
    ),
]


# --- performance: observation imports, import history and undo (imports) -------------------
# world.observation_run: a written generic observations import of world.partnership
# (joinedup.performance.tests.factories_imports.add_observation_imports_to_world).
def _observation_run(world) -> dict[str, Any]:
    return {"slug": world.partnership.slug, "run_id": world.observation_run.pk}


ROWS += [
    Row(
        "partnerships:import_history",
        READ,
        kwargs=p,
        note="lists only the runs of the imports the role may use (none for readers)",
    ),
    Row("partnerships:import_undo", EDIT, kwargs=_observation_run, note="the confirmation page"),
    Row(
        "partnerships:import_undo",
        {**EDIT, "editor": 302, "admin": 302},
        kwargs=_observation_run,
        method="post",
        note="undoing redirects to the import history",
    ),
    Row(
        "partnerships:import_upload",
        EDIT,
        kwargs=lambda w: {"slug": w.partnership.slug, "importer": "performance.observations"},
        note="the generic observations layout",
    ),
    Row(
        "partnerships:import_upload",
        EDIT,
        kwargs=lambda w: {"slug": w.partnership.slug, "importer": "performance.fingertips"},
        note="a Fingertips export; an editor may add shared values, never change them",
    ),
]


# --- imports: column mapping step (mapping) ------------------------------------------------
# world.import_run is ready (its columns matched); world.mapping_run stops for its columns to
# be matched. The mapping page is the importer's permission (edit), like the run's page.
def _mapping_run(world) -> dict[str, Any]:
    return {"slug": world.partnership.slug, "run_id": world.mapping_run.pk}


ROWS += [
    Row(
        "partnerships:import_mapping", EDIT, kwargs=_import_run, note="change how a ready run's columns match"
    ),
    Row(
        "partnerships:import_mapping",
        EDIT,
        kwargs=_mapping_run,
        note="offers the partnership's saved mapping",
    ),
    Row(
        "partnerships:import_mapping",
        {**EDIT, "editor": 302, "admin": 302},
        kwargs=_mapping_run,
        method="post",
        data=lambda world: {"col__name": "file:Organisation name", "col__sector": "file:Type"},
        note="matching the columns checks the file again and redirects to the run",
    ),
    Row(
        "partnerships:import_run",
        {**EDIT, "editor": 302, "admin": 302},
        kwargs=_mapping_run,
        note="a run whose columns need matching sends the user to the mapping page",
    ),
]


# --- performance: targets and commentary (targets) -----------------------------------------
# world.target_indicator, world.target, world.target_change (local type: editors approve;
# proposed by someone who is none of the personas), world.commentary and
# world.elsewhere_indicator come from performance.tests.factories_targets.add_targets_to_world.
def _indicator(world) -> dict[str, Any]:
    return {"slug": world.partnership.slug, "indicator_id": world.target_indicator.pk}


def _target(world) -> dict[str, Any]:
    return {**_indicator(world), "target_id": world.target.pk}


def _change(world) -> dict[str, Any]:
    return {**_indicator(world), "change_id": world.target_change.pk}


def _commentary(world) -> dict[str, Any]:
    return {**_indicator(world), "period": world.commentary.period.code}


DECIDE_POST = {**EDIT, "editor": 302, "admin": 302}  # a decision redirects to the target
NOT_VISIBLE = statuses(
    **dict.fromkeys(("viewer", "member", "editor", "scrutiny", "admin", "admin_elsewhere"), 404)
)

ROWS += [
    Row("performance:targets", READ, kwargs=_indicator),
    Row(
        "performance:targets",
        NOT_VISIBLE,
        kwargs=lambda w: {"slug": w.partnership.slug, "indicator_id": w.elsewhere_indicator.pk},
        note="another partnership's local indicator is not visible here",
    ),
    Row(
        "performance:targets",
        READ,
        kwargs=lambda w: {"slug": w.partnership.slug, "indicator_id": w.target_shared_indicator.pk},
        note="a shared indicator is visible to every partnership",
    ),
    Row("performance:target_propose", EDIT, kwargs=_indicator),
    Row("performance:target_trajectory", EDIT, kwargs=_indicator),
    Row("performance:target", READ, kwargs=_target),
    Row("performance:target_change", EDIT, kwargs=_target),
    Row("performance:target_decide", EDIT, kwargs=_change, note="local targets: editors and admins decide"),
    Row(
        "performance:target_decide",
        DECIDE_POST,
        kwargs=_change,
        method="post",
        data=lambda w: {"decision": "approve", "note": "", "version": w.target.version},
        note="approve",
    ),
    Row(
        "performance:target_decide",
        DECIDE_POST,
        kwargs=_change,
        method="post",
        data=lambda w: {"decision": "reject", "note": "Not agreed by the board", "version": w.target.version},
        note="reject",
    ),
    Row("performance:target_approvals", READ, kwargs=p),
    Row("performance:target_approvers", MANAGE, kwargs=p),
    Row("performance:commentaries", READ, kwargs=_indicator),
    Row("performance:commentary_add", EDIT, kwargs=_indicator),
    Row("performance:commentary", READ, kwargs=_commentary),
    Row("performance:commentary_edit", EDIT, kwargs=_commentary),
]


# --- performance: data entry and owners' requests (entry) ----------------------------------
# world.entry_indicator is local to the partnership and owned by world.person;
# world.entry_shared_indicator is shared (its values arrive by import: no entry for anyone);
# world.elsewhere_entry_indicator is the other partnership's. world.entry_link_token is the
# signed link of world.entry_digest, a data request to world.person. See add_entry_to_world.
def _entry_value(attr: str) -> Callable[[Any], dict[str, Any]]:
    return lambda world: {**p(world), "indicator_id": getattr(world, attr).pk}


_ENTRY_NOT_FOUND = {**EDIT, "editor": 404, "admin": 404}
ROWS += [
    Row("performance:entry_value", EDIT, kwargs=_entry_value("entry_indicator")),
    Row(
        "performance:entry_value",
        _ENTRY_NOT_FOUND,
        kwargs=_entry_value("entry_shared_indicator"),
        note="a shared indicator: its values arrive by import, never typed in by a partnership",
    ),
    Row(
        "performance:entry_value",
        _ENTRY_NOT_FOUND,
        kwargs=_entry_value("elsewhere_entry_indicator"),
        note="another partnership's indicator",
    ),
    Row(
        "performance:entry_grid",
        EDIT,
        kwargs=lambda w: {**p(w), "person_id": w.person.pk, "period": w.entry_period.code},
    ),
    Row(
        "performance:entry_grid",
        _ENTRY_NOT_FOUND,
        kwargs=lambda w: {**p(w), "person_id": w.elsewhere_person.pk, "period": w.entry_period.code},
        note="another partnership's person",
    ),
    Row("performance:data_requests", READ, kwargs=p),
    Row("performance:data_requests_send", {**EDIT, "editor": 405, "admin": 405}, kwargs=p, note="POST only"),
    Row(
        "core:signed_link",
        dict.fromkeys(PERSONAS, 200),
        kwargs=lambda w: {"token": w.entry_link_token},
        note="an owner's data-entry grid: whoever holds the link may open it; opening it changes nothing",
    ),
]

# --- governance: meetings, agendas, minutes, papers, calendars, clerks (meetings) -----------
# Admins, editors and world.body's clerk manage world.body's meetings; the clerk is a viewer
# elsewhere (world.child_body's meetings). Exempt items and their papers: editors, admins, the
# body's clerk and members. world.calendar_link_id is the admin's own calendar feed.
MEET = {**EDIT, "clerk": 200}
MEET_POSTED = {**EDIT, "editor": 302, "admin": 302, "clerk": 302}
NOT_CLERK = {**EDIT, "clerk": 403}


def _m(attr: str) -> Callable[[Any], dict[str, Any]]:
    return lambda w: {**p(w), "meeting_id": getattr(w, attr).pk}


def _b(attr: str) -> Callable[[Any], dict[str, Any]]:
    return lambda w: {**p(w), "body_id": getattr(w, attr).pk}


def _i(attr: str) -> Callable[[Any], dict[str, Any]]:
    return lambda w: {**p(w), "item_id": getattr(w, attr).pk}


_ELSEWHERE = statuses(viewer=404, member=404, editor=404, scrutiny=404, admin=404, admin_elsewhere=404)
ROWS += [
    Row("governance:meetings", READ, kwargs=p),
    Row("governance:forward_plan", READ, kwargs=p),
    Row("governance:calendars", READ, kwargs=p),
    Row(
        "governance:calendars",
        READ,
        kwargs=p,
        method="post",
        data=lambda w: {"target": f"body-{w.body.pk}"},
        note="creates a feed address and shows it once",
    ),
    Row(
        "governance:calendar_revoke",
        {**_ELSEWHERE, "admin": 302},
        kwargs=lambda w: {**p(w), "link_id": w.calendar_link_id},
        method="post",
        note="only the feed's creator may revoke it",
    ),
    Row(
        "core:signed_link",
        dict.fromkeys(PERSONAS, 200),
        kwargs=lambda w: {"token": w.calendar_token},
        note="a body's calendar feed: whoever holds the secret address",
    ),
    Row("governance:body_meetings", READ, kwargs=_b("body")),
    Row(
        "governance:body_meetings", _ELSEWHERE, kwargs=_b("elsewhere_body"), note="another partnership's body"
    ),
    Row("governance:meeting_add", MEET, kwargs=_b("body")),
    Row("governance:meeting_add", NOT_CLERK, kwargs=_b("child_body"), note="a body the clerk does not clerk"),
    Row(
        "governance:meeting_add",
        MEET_POSTED,
        kwargs=_b("body"),
        method="post",
        data=lambda w: {"date": "12/03/2027", "start_time": "18:00", "place": "Town Hall"},
    ),
    Row("governance:notice_rule", MEET, kwargs=_b("body")),
    Row("governance:clerk_add", MANAGE, kwargs=_b("body")),
    Row(
        "governance:clerk_add",
        {**MANAGE, "admin": 302},
        kwargs=_b("body"),
        method="post",
        data=lambda w: {"user": w.users["viewer"].pk},
    ),
    Row(
        "governance:clerk_remove",
        {**MANAGE, "admin": 302},
        kwargs=lambda w: {**p(w), "body_id": w.body.pk, "clerk_id": w.clerk_entry.pk},
        method="post",
    ),
    Row("governance:meeting", READ, kwargs=_m("meeting")),
    Row(
        "governance:meeting", _ELSEWHERE, kwargs=_m("elsewhere_meeting"), note="another partnership's meeting"
    ),
    Row("governance:meeting_edit", MEET, kwargs=_m("meeting")),
    Row("governance:meeting_edit", NOT_CLERK, kwargs=_m("other_body_meeting")),
    Row("governance:meeting_status", MEET, kwargs=_m("meeting")),
    Row("governance:publish_papers", MEET_POSTED, kwargs=_m("meeting"), method="post"),
    Row(
        "governance:publish_papers",
        {**MEET_POSTED, "clerk": 403},
        kwargs=_m("other_body_meeting"),
        method="post",
        note="a body the clerk does not clerk",
    ),
    Row("governance:approve_minutes", MEET, kwargs=_m("held_meeting")),
    Row("governance:item_add", MEET, kwargs=_m("meeting")),
    Row("governance:item", READ, kwargs=_i("public_item")),
    Row("governance:item", READ, kwargs=_i("exempt_item"), note="viewers see 'Exempt item: <reason>' only"),
    Row("governance:item", _ELSEWHERE, kwargs=_i("elsewhere_item")),
    Row("governance:item_edit", MEET, kwargs=_i("public_item")),
    Row(
        "governance:item_move",
        MEET_POSTED,
        kwargs=_i("public_item"),
        method="post",
        data=lambda w: {"direction": "up"},
    ),
    Row("governance:item_minutes", MEET, kwargs=_i("public_item")),
    Row("governance:item_amend", MEET, kwargs=_i("approved_item")),
    Row("governance:paper_add", MEET, kwargs=_i("public_item")),
    Row(
        "governance:paper",
        READ,
        kwargs=lambda w: {**p(w), "item_id": w.public_item.pk, "file_id": w.public_paper.pk},
    ),
    Row(
        "governance:paper",
        {**EDIT, "clerk": 200},
        kwargs=lambda w: {**p(w), "item_id": w.exempt_item.pk, "file_id": w.exempt_paper.pk},
        note="an exempt paper: editors, admins, the body's clerk and members",
    ),
]


# --- governance: attendance, decisions, actions, challenge, interests (record) ---------------
# Admins, editors and world.body's clerk manage its meetings' records; other roles get 403.
RECORD_MANAGE = statuses(viewer=403, member=403, scrutiny=403, admin_elsewhere=403, clerk=200)


def _record_meeting(w) -> dict[str, Any]:
    return {"slug": w.partnership.slug, "meeting_id": w.record_meeting.pk}


def _record_item(w) -> dict[str, Any]:
    return {"slug": w.partnership.slug, "item_id": w.record_item.pk}


ROWS += [
    Row("governance:attendance", RECORD_MANAGE, kwargs=_record_meeting),
    Row("governance:decisions", READ, kwargs=p),
    Row("governance:decision_add", RECORD_MANAGE, kwargs=_record_item),
    Row(
        "governance:decision_edit",
        RECORD_MANAGE,
        kwargs=lambda w: {"slug": w.partnership.slug, "decision_id": w.record_decision.pk},
    ),
    Row(
        "governance:ratification_add",
        RECORD_MANAGE,
        kwargs=lambda w: {"slug": w.partnership.slug, "decision_id": w.record_decision.pk},
    ),
    Row("governance:action_log", READ, kwargs=p),
    Row(
        "governance:body_action_log",
        READ,
        kwargs=lambda w: {"slug": w.partnership.slug, "body_id": w.body.pk},
    ),
    Row("governance:meeting_action_add", RECORD_MANAGE, kwargs=_record_item),
    Row(
        "governance:meeting_action_edit",
        RECORD_MANAGE,
        kwargs=lambda w: {"slug": w.partnership.slug, "action_id": w.record_action.pk},
    ),
    Row("governance:challenges", READ, kwargs=p),
    Row("governance:challenge_add", RECORD_MANAGE, kwargs=_record_item),
    Row(
        "governance:challenge_edit",
        RECORD_MANAGE,
        kwargs=lambda w: {"slug": w.partnership.slug, "challenge_id": w.record_challenge.pk},
    ),
    Row("governance:interests", READ, kwargs=p),
    Row(
        "governance:interest_add",
        EDIT,
        kwargs=p,
        note="admins and editors for anyone; a user who is a Person registers their own (no persona is one)",
    ),
    Row(
        "governance:interest_edit",
        EDIT,
        kwargs=lambda w: {"slug": w.partnership.slug, "interest_id": w.record_interest.pk},
        note="world.record_interest is world.person's, who has no account",
    ),
    Row(
        "governance:declaration_add",
        RECORD_MANAGE,
        kwargs=_record_item,
        note="members of world.body declare for themselves; no persona is a member",
    ),
]


# --- governance: golden thread, agenda suggestion, documents, insight (thread) ---------------
# The agenda suggestion is for those who manage the body's meetings (admins, editors, its clerk);
# governing documents are read by every role and changed by admins and editors.
def _doc(w: Any) -> dict[str, Any]:
    return {**p(w), "document_id": w.thread_document.pk}


ROWS += [
    Row("governance:agenda_suggestion", MEET, kwargs=_b("body")),
    Row(
        "governance:agenda_suggestion",
        NOT_CLERK,
        kwargs=_b("child_body"),
        note="a body the clerk does not clerk",
    ),
    Row(
        "governance:agenda_suggestion",
        _ELSEWHERE,
        kwargs=_b("elsewhere_body"),
        note="another partnership's body",
    ),
    Row("governance:documents", READ, kwargs=p),
    Row("governance:document", READ, kwargs=_doc),
    Row("governance:document_file", READ, kwargs=_doc),
    Row("governance:document_add", EDIT, kwargs=p),
    Row("governance:document_edit", EDIT, kwargs=_doc),
    Row(
        "governance:document_checklist",
        EDIT,
        kwargs=lambda w: {**_doc(w), "checklist": "partnership_2005"},
    ),
]


# --- performance: indicator charts, completeness (charts) ------------------------------------
# world.charts_indicator: local, monthly, owned by world.person, 14 months of values and an
# approved target, so every analysis panel of its page shows. See add_charts_to_world.
ROWS += [
    Row(
        "performance:indicator",
        READ,
        kwargs=lambda w: {**p(w), "indicator_id": w.charts_indicator.pk},
        note="the indicator page with its analysis panels (trend, comparators, variation, forecast)",
    ),
    Row("performance:completeness", READ, kwargs=p),
]


# --- performance: dashboard, exceptions, escalations (insight) ---
def _insight(w) -> dict[str, Any]:
    return {**p(w), "indicator_id": w.insight_link.indicator_id}


_WITHDRAW_GET = statuses(viewer=405, member=405, editor=405, scrutiny=405, admin=405, admin_elsewhere=405)
ROWS += [
    Row("performance:dashboard", READ, kwargs=p),
    Row("performance:exceptions", READ, kwargs=p),
    Row("performance:theme_dashboard", READ, kwargs=lambda w: {**p(w), "priority_id": w.priority.pk}),
    Row(
        "performance:theme_dashboard",
        statuses(viewer=404, member=404, editor=404, scrutiny=404, admin=404, admin_elsewhere=404),
        kwargs=lambda w: {**p(w), "priority_id": 999999},
        note="no such theme in this partnership",
    ),
    Row("performance:body_dashboard", READ, kwargs=lambda w: {**p(w), "body_id": w.body.pk}),
    Row(
        "performance:body_dashboard",
        statuses(viewer=404, member=404, editor=404, scrutiny=404, admin=404, admin_elsewhere=404),
        kwargs=lambda w: {**p(w), "body_id": w.elsewhere_body.pk},
        note="another partnership's body",
    ),
    Row("performance:how_computed", READ, kwargs=lambda w: {**_insight(w), "figure": "rag"}),
    Row(
        "performance:how_computed",
        statuses(viewer=404, member=404, editor=404, scrutiny=404, admin=404, admin_elsewhere=404),
        kwargs=lambda w: {**p(w), "indicator_id": w.elsewhere_indicator.pk, "figure": "rag"},
        note="another partnership's indicator",
    ),
    Row(
        "performance:escalate",
        EDIT,
        kwargs=_insight,
        note="editors and admins; an indicator's owner or a body's member too (none of the personas is)",
    ),
    Row("performance:escalations", READ, kwargs=p),
    Row(
        "performance:escalation_withdraw",
        _WITHDRAW_GET,
        kwargs=lambda w: {**p(w), "escalation_id": w.escalation.pk},
        note="POST only",
    ),
    Row(
        "performance:escalation_withdraw",
        {**EDIT, "editor": 302, "admin": 302},
        kwargs=lambda w: {**p(w), "escalation_id": w.escalation.pk},
        method="post",
        data=lambda w: {},
        note="withdrawing (or finding it already withdrawn) redirects to the list",
    ),
    Row(
        "performance:escalation_withdraw",
        statuses(viewer=404, member=404, editor=404, scrutiny=404, admin=404, admin_elsewhere=404),
        kwargs=lambda w: {**p(w), "escalation_id": w.elsewhere_escalation.pk},
        method="post",
        data=lambda w: {},
        note="another partnership's escalation",
    ),
]

# --- governance: insight (insight) ---------------------------------------------------------
# Every role in the partnership reads the insight figures (no exempt item titles are shown);
# world.insight_body is a body of world.partnership with a recorded history.
ROWS += [
    Row("governance:insight", READ, kwargs=p),
    Row("governance:body_insight", READ, kwargs=lambda w: {**p(w), "body_id": w.insight_body.pk}),
    Row(
        "governance:body_insight",
        _ELSEWHERE,
        kwargs=lambda w: {**p(w), "body_id": w.elsewhere_body.pk},
        note="another partnership's body",
    ),
]

# --- assessment: frameworks (frameworks) ---------------------------------------------------
# Every role reads frameworks and versions (shipped and the partnership's own) and downloads
# them; coordinators (and admins) import, adapt, draft, publish and edit drafts. A version a
# round uses is never editable, by anyone; another partnership's framework is never seen.
_COORDINATE = statuses(
    viewer=403, member=403, editor=403, scrutiny=403, admin_elsewhere=403, admin=200, coordinator=200
)
_LOCKED = statuses(
    viewer=403, member=403, editor=403, scrutiny=403, admin_elsewhere=403, admin=403, coordinator=403
)
_NOT_HERE = statuses(
    viewer=404, member=404, editor=404, scrutiny=404, admin=404, admin_elsewhere=404, coordinator=404
)


def _fv(version_attr: str, **extra: str):
    return lambda w: {**p(w), "version_id": getattr(w, version_attr).pk, **extra}


def _fpart(kind: str, attr: str):
    return lambda w: {**p(w), "version_id": w.framework_draft.pk, f"{kind}_id": getattr(w, attr).pk}


def _fpart_used(kind: str):
    def kwargs(w):
        version = w.framework_used
        obj = {
            "element": version.elements.order_by("position").first,
            "question": lambda: version.elements.order_by("position").first().questions.first(),
            "finding": version.findings.order_by("position").first,
        }[kind]()
        return {**p(w), "version_id": version.pk, f"{kind}_id": obj.pk}

    return kwargs


ROWS += [
    Row("assessment:frameworks", READ, kwargs=p),
    Row("assessment:framework_import", _COORDINATE, kwargs=p),
    Row(
        "assessment:framework_version", READ, kwargs=_fv("framework_version"), note="the shipped 7S framework"
    ),
    Row("assessment:framework_version", READ, kwargs=_fv("framework_draft"), note="the partnership's draft"),
    Row(
        "assessment:framework_version",
        _NOT_HERE,
        kwargs=_fv("elsewhere_framework_version"),
        note="another partnership's framework",
    ),
    Row("assessment:framework_export", READ, kwargs=_fv("framework_version", fmt="yaml")),
    Row("assessment:framework_export", READ, kwargs=_fv("framework_draft", fmt="json")),
    Row(
        "assessment:framework_export",
        _NOT_HERE,
        kwargs=_fv("framework_version", fmt="xml"),
        note="no such format",
    ),
    Row(
        "assessment:framework_export",
        _NOT_HERE,
        kwargs=_fv("elsewhere_framework_version", fmt="yaml"),
        note="another partnership's framework",
    ),
    Row("assessment:framework_adapt", _COORDINATE, kwargs=_fv("framework_version")),
    Row("assessment:framework_new_draft", _COORDINATE, kwargs=_fv("framework_used")),
    Row(
        "assessment:framework_new_draft",
        _LOCKED,
        kwargs=_fv("framework_version"),
        note="a shipped framework is adapted, not drafted",
    ),
    Row("assessment:framework_publish", _COORDINATE, kwargs=_fv("framework_draft")),
    Row("assessment:framework_publish", _LOCKED, kwargs=_fv("framework_used"), note="used by a round"),
    Row("assessment:framework_element_edit", _COORDINATE, kwargs=_fpart("element", "framework_element")),
    Row("assessment:framework_question_edit", _COORDINATE, kwargs=_fpart("question", "framework_question")),
    Row("assessment:framework_finding_edit", _COORDINATE, kwargs=_fpart("finding", "framework_finding")),
    Row("assessment:framework_element_edit", _LOCKED, kwargs=_fpart_used("element"), note="used by a round"),
    Row(
        "assessment:framework_question_edit", _LOCKED, kwargs=_fpart_used("question"), note="used by a round"
    ),
    Row("assessment:framework_finding_edit", _LOCKED, kwargs=_fpart_used("finding"), note="used by a round"),
    Row(
        "assessment:framework_question_edit",
        _LOCKED,
        kwargs=lambda w: {
            **p(w),
            "version_id": w.framework_version.pk,
            "question_id": w.framework_version.elements.first().questions.first().pk,
        },
        note="the shipped framework is never edited",
    ),
]
# --- end assessment frameworks ---
# --- assessment: evidence metrics and thresholds (evidence) --------------------------------
# Everyone in the partnership reads the evidence; coordinators (admins, and the coordinator
# persona) change thresholds and settings; only admins name or remove coordinators.
_COORD = statuses(viewer=403, member=403, editor=403, scrutiny=403, admin_elsewhere=403, coordinator=200)
_POST_ONLY = statuses(viewer=405, member=405, editor=405, scrutiny=405, admin=405, admin_elsewhere=405)
_POST_ONLY.update(anonymous=405, link_holder=405, operator=405)
_NO_SUCH = statuses(viewer=404, member=404, editor=404, scrutiny=404, admin=404, admin_elsewhere=404)


def _metric(w) -> dict[str, Any]:
    return {**p(w), "key": "strategy.outcomes_with_evidence"}


ROWS += [
    Row("assessment:evidence", READ, kwargs=p),
    Row("assessment:evidence_metric", READ, kwargs=_metric),
    Row(
        "assessment:evidence_metric",
        _NO_SUCH,
        kwargs=lambda w: {**p(w), "key": "nobody.registers_this"},
        note="a key neither registered nor named by the shipped framework",
    ),
    Row("assessment:evidence_thresholds", _COORD, kwargs=_metric),
    Row(
        "assessment:evidence_thresholds",
        {**_COORD, "admin": 404, "coordinator": 404},
        kwargs=lambda w: {**p(w), "key": "resources.support_cost_known"},
        note="an unregistered metric has no thresholds to set",
    ),
    Row("assessment:evidence_thresholds_reset", _POST_ONLY, kwargs=_metric, note="POST only"),
    Row(
        "assessment:evidence_thresholds_reset",
        {**_COORD, "admin": 302, "coordinator": 302},
        kwargs=_metric,
        method="post",
        data=lambda w: {},
        note="back to the metric page",
    ),
    Row("assessment:settings", _COORD, kwargs=p),
    Row("assessment:settings_edit", _COORD, kwargs=p),
    Row("assessment:targets_edit", _COORD, kwargs=p),
    Row("assessment:coordinators", MANAGE, kwargs=p, note="admins only; a coordinator may not name others"),
    Row(
        "assessment:coordinator_remove",
        _POST_ONLY,
        kwargs=lambda w: {**p(w), "coordinator_id": w.spare_coordinator.pk},
        note="POST only",
    ),
    Row(
        "assessment:coordinator_remove",
        {**MANAGE, "admin": 302},
        kwargs=lambda w: {**p(w), "coordinator_id": w.spare_coordinator.pk},
        method="post",
        data=lambda w: {},
        note="removes world.spare_coordinator (not the coordinator persona)",
    ),
    Row(
        "assessment:coordinator_remove",
        {**MANAGE, "admin": 404},
        kwargs=lambda w: {**p(w), "coordinator_id": w.elsewhere_coordinator.pk},
        method="post",
        data=lambda w: {},
        note="another partnership's coordinator",
    ),
]
# --- end assessment evidence ---
# --- assessment: rounds, invitations, respondent links, consensus (rounds) -----------------
# Every role reads the rounds list; coordinators (admins and the coordinator persona) run
# rounds. world.assessment_round is open and invites world.person through
# world.assessment_invitation, whose link's raw token is world.assessment_token: whoever holds
# the token opens the respondent pages (no account); a made-up token opens nothing (410).
COORD = {**MANAGE, "coordinator": 200}
COORD_POSTED = {**MANAGE, "admin": 302, "coordinator": 302}
COORD_POST_ONLY = {**MANAGE, "admin": 405, "coordinator": 405}


def _round(w) -> dict[str, Any]:
    return {**p(w), "round_id": w.assessment_round.pk}


def _token(w) -> dict[str, Any]:
    return {"token": w.assessment_token}


ROWS += [
    Row("assessment:rounds", READ, kwargs=p),
    Row("assessment:round_open", COORD, kwargs=p),
    Row("assessment:round", COORD, kwargs=_round),
    Row(
        "assessment:round",
        {**MANAGE, "admin": 404, "coordinator": 404},
        kwargs=lambda w: {**p(w), "round_id": 999999},
        note="no such round in this partnership",
    ),
    Row("assessment:round_send", COORD_POST_ONLY, kwargs=_round, note="POST only"),
    Row("assessment:round_send", COORD_POSTED, kwargs=_round, method="post", note="sends unsent invitations"),
    Row("assessment:round_remind", COORD_POST_ONLY, kwargs=_round, note="POST only"),
    Row(
        "assessment:invitation_resend",
        COORD_POST_ONLY,
        kwargs=lambda w: {**_round(w), "invitation_id": w.assessment_invitation.pk},
        note="POST only",
    ),
    Row("assessment:round_close", COORD, kwargs=_round, note="GET asks to confirm"),
    Row("assessment:round_close", COORD_POSTED, kwargs=_round, method="post"),
    Row("assessment:round_extend", COORD, kwargs=_round),
    Row("assessment:consensus", COORD, kwargs=lambda w: {**_round(w), "number": 1}),
    Row(
        "assessment:consensus",
        {**MANAGE, "admin": 404, "coordinator": 404},
        kwargs=lambda w: {**_round(w), "number": 99},
        note="no such element",
    ),
    Row(
        "assessment:respond", PUBLIC, kwargs=_token, note="whoever holds the link; opening it changes nothing"
    ),
    Row("assessment:respond", dict.fromkeys(PERSONAS, 410), kwargs=lambda w: {"token": "guessed-token"}),
    Row("assessment:respond_element", PUBLIC, kwargs=lambda w: {**_token(w), "number": 1}),
    Row(
        "assessment:respond_element",
        dict.fromkeys(PERSONAS, 302),
        kwargs=lambda w: {**_token(w), "number": 1},
        method="post",
        data=lambda w: {"then": "continue"},
        note="saves the draft and goes on",
    ),
    Row("assessment:respond_check", PUBLIC, kwargs=_token),
    Row(
        "assessment:respond_check",
        PUBLIC,
        kwargs=_token,
        method="post",
        note="nothing answered: the error summary, nothing submitted",
    ),
    Row(
        "core:signed_link",
        dict.fromkeys(PERSONAS, 302),
        kwargs=_token,
        note="the shared entry point leads to the respondent's start page",
    ),
]
# --- end assessment rounds ---
# --- assessment: results, export, improvement actions (results) ---------------------------
# Coordinators (and admins) see a round's results at any time; every role once it is closed.
# Raising an improvement action is for coordinators only. world.results_round is closed, with
# question style-1 weak; world.results_open_round is open.
_COORDINATORS_ONLY = statuses(
    viewer=403, member=403, editor=403, scrutiny=403, admin_elsewhere=403, coordinator=200
)
_NOT_HERE = statuses(viewer=404, member=404, editor=404, scrutiny=404, admin=404, admin_elsewhere=404)


def _results(world, round_attr: str = "results_round", **extra: Any) -> dict[str, Any]:
    return {**p(world), "round_id": getattr(world, round_attr).pk, **extra}


def _raise_data(world) -> dict[str, Any]:
    return {
        "title": "Agree how the board records challenge",
        "lead_person": world.person.pk,
        "due_date": "31/03/2027",
    }


for _name, _extra in (
    ("assessment:results", {}),
    ("assessment:results_heatmap", {}),
    ("assessment:results_gaps", {}),
    ("assessment:results_export", {}),
    ("assessment:results_question", {"question_key": "style-1"}),
):
    ROWS += [
        Row(_name, READ, kwargs=lambda w, e=_extra: _results(w, **e), note="a closed round"),
        Row(
            _name,
            _COORDINATORS_ONLY,
            kwargs=lambda w, e=_extra: _results(w, "results_open_round", **e),
            note="an open round: coordinators only",
        ),
        Row(
            _name,
            _NOT_HERE,
            kwargs=lambda w, e=_extra: _results(w, "elsewhere_results_round", **e),
            note="another partnership's round",
        ),
    ]
ROWS += [
    Row(
        "assessment:results_question",
        _NOT_HERE,
        kwargs=lambda w: _results(w, question_key="no-such-question"),
        note="no such question in the round",
    ),
    Row(
        "assessment:results_raise_action",
        {**MANAGE, "coordinator": 200},
        kwargs=lambda w: _results(w, question_key="style-1"),
    ),
    Row(
        "assessment:results_raise_action",
        {**MANAGE, "coordinator": 302, "admin": 302},
        kwargs=lambda w: _results(w, question_key="style-1"),
        method="post",
        data=_raise_data,
        note="raises the action and returns to the question",
    ),
]
# --- end assessment results ---
# --- assessment: the review paper (paper) --------------------------------------------------
# A draft paper and its editing pages are for coordinators (admins and named coordinators);
# a published paper and its PDF are read by every role. Another partnership's round: 404.
_COORDINATOR = statuses(
    viewer=403, member=403, editor=403, scrutiny=403, admin_elsewhere=403, coordinator=200
)
_COORDINATOR_POST = {**_COORDINATOR, "admin": 302, "coordinator": 302}


def _draft_paper(world) -> dict[str, Any]:
    return {**p(world), "round_id": world.paper_round.pk}


def _published_paper(world) -> dict[str, Any]:
    return {**p(world), "round_id": world.published_paper_round.pk}


def _paper_finding(world) -> dict[str, Any]:
    return {**_draft_paper(world), "finding_id": world.paper_finding.pk}


ROWS += [
    Row("assessment:paper", _COORDINATOR, kwargs=_draft_paper, note="a draft paper"),
    Row("assessment:paper", READ, kwargs=_published_paper, note="a published paper"),
    Row(
        "assessment:paper",
        _ELSEWHERE,
        kwargs=lambda w: {**p(w), "round_id": w.elsewhere_paper_round.pk},
        note="another partnership's round",
    ),
    Row("assessment:paper_pdf", _COORDINATOR, kwargs=_draft_paper, note="a draft paper"),
    Row("assessment:paper_pdf", READ, kwargs=_published_paper, note="a published paper"),
    Row(
        "assessment:paper_generate",
        _COORDINATOR_POST,
        kwargs=_draft_paper,
        method="post",
        data=lambda w: {},
        note="regenerates the draft and redirects to it",
    ),
    Row("assessment:paper_edit", _COORDINATOR, kwargs=_draft_paper),
    Row("assessment:paper_commentary", _COORDINATOR, kwargs=_paper_finding),
    Row("assessment:paper_override", _COORDINATOR, kwargs=_paper_finding),
    Row("assessment:paper_publish", _COORDINATOR, kwargs=_draft_paper, note="GET shows the confirmation"),
]
# --- end assessment paper ---
