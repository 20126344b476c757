from django.urls import path

from joinedup.strategy.views import contribution as contribution_views
from joinedup.strategy.views import delivery as delivery_views
from joinedup.strategy.views import map as map_views
from joinedup.strategy.views import owners as owners_views
from joinedup.strategy.views import risks as risk_views
from joinedup.strategy.views import strategy as strategy_views

app_name = "strategy"

urlpatterns = [
    path("p/<slug:slug>/strategy/", strategy_views.strategy_page, name="strategy"),
    # --- delivery: programmes, actions, milestones, updates ---
    path("p/<slug:slug>/strategy/programmes/", delivery_views.programmes, name="programmes"),
    path("p/<slug:slug>/strategy/programmes/add/", delivery_views.programme_add, name="programme_add"),
    path("p/<slug:slug>/strategy/programmes/<int:programme_id>/", delivery_views.programme, name="programme"),
    path(
        "p/<slug:slug>/strategy/programmes/<int:programme_id>/edit/",
        delivery_views.programme_edit,
        name="programme_edit",
    ),
    path(
        "p/<slug:slug>/strategy/programmes/<int:programme_id>/close/",
        delivery_views.programme_close,
        name="programme_close",
    ),
    path(
        "p/<slug:slug>/strategy/programmes/<int:programme_id>/actions/add/",
        delivery_views.action_add,
        name="action_add",
    ),
    path("p/<slug:slug>/strategy/actions/", delivery_views.actions, name="actions"),
    path("p/<slug:slug>/strategy/actions/<int:action_id>/", delivery_views.action, name="action"),
    path(
        "p/<slug:slug>/strategy/actions/<int:action_id>/edit/", delivery_views.action_edit, name="action_edit"
    ),
    path(
        "p/<slug:slug>/strategy/actions/<int:action_id>/progress/",
        delivery_views.action_progress,
        name="action_progress",
    ),
    path("p/<slug:slug>/strategy/actions/<int:action_id>/rag/", delivery_views.action_rag, name="action_rag"),
    path(
        "p/<slug:slug>/strategy/actions/<int:action_id>/milestones/add/",
        delivery_views.milestone_add,
        name="milestone_add",
    ),
    path(
        "p/<slug:slug>/strategy/actions/<int:action_id>/milestones/<int:milestone_id>/complete/",
        delivery_views.milestone_complete,
        name="milestone_complete",
    ),
    # --- end delivery ---
    # --- owners without an account: digests (owners) ---
    path("p/<slug:slug>/strategy/owners/", owners_views.owners, name="owners"),
    path("p/<slug:slug>/strategy/owners/send/", owners_views.owners_send, name="owners_send"),
    # --- end owners ---
]

# --- owners-risks: risk register, exports, contribution claims, strategy map -----------------
urlpatterns += [
    path("p/<slug:slug>/strategy/risks/", risk_views.risk_register, name="risks"),
    path("p/<slug:slug>/strategy/risks/add/", risk_views.risk_add, name="risk_add"),
    path("p/<slug:slug>/strategy/risks/export/", risk_views.risks_export, name="risks_export"),
    path("p/<slug:slug>/strategy/risks/<int:risk_id>/", risk_views.risk_detail, name="risk"),
    path("p/<slug:slug>/strategy/risks/<int:risk_id>/edit/", risk_views.risk_edit, name="risk_edit"),
    path("p/<slug:slug>/strategy/risks/<int:risk_id>/review/", risk_views.risk_review, name="risk_review"),
    path("p/<slug:slug>/strategy/risks/<int:risk_id>/close/", risk_views.risk_close, name="risk_close"),
    path(
        "p/<slug:slug>/strategy/action-plan/export/",
        risk_views.action_plan_export,
        name="action_plan_export",
    ),
    path(
        "p/<slug:slug>/strategy/priorities/<int:priority_id>/contribution/",
        contribution_views.contribution_list,
        name="contributions",
    ),
    path(
        "p/<slug:slug>/strategy/priorities/<int:priority_id>/contribution/add/",
        contribution_views.contribution_add,
        name="contribution_add",
    ),
    path(
        "p/<slug:slug>/strategy/priorities/<int:priority_id>/contribution/<int:claim_id>/edit/",
        contribution_views.contribution_edit,
        name="contribution_edit",
    ),
    path("p/<slug:slug>/strategy/map/", map_views.strategy_map, name="map"),
]

# --- strategy-core: the strategy, versions, themes, outcomes, objectives, evidence ----------
from joinedup.strategy.views import themes as theme_views  # noqa: E402

urlpatterns += [
    path("p/<slug:slug>/strategy/new/", strategy_views.strategy_add, name="strategy_add"),
    path("p/<slug:slug>/strategy/<int:pk>/edit/", strategy_views.strategy_edit, name="strategy_edit"),
    path("p/<slug:slug>/strategy/<int:pk>/adopt/", strategy_views.strategy_adopt, name="strategy_adopt"),
    path("p/<slug:slug>/strategy/<int:pk>/versions/", strategy_views.versions, name="versions"),
    path(
        "p/<slug:slug>/strategy/<int:pk>/versions/<int:number>/",
        strategy_views.version_detail,
        name="version",
    ),
    path("p/<slug:slug>/strategy/<int:pk>/compare/", strategy_views.compare, name="compare"),
    path("p/<slug:slug>/strategy/<int:pk>/coverage/", strategy_views.coverage, name="coverage"),
    path("p/<slug:slug>/strategy/<int:pk>/themes/new/", theme_views.theme_add, name="theme_add"),
    path("p/<slug:slug>/themes/<int:pk>/", theme_views.theme_detail, name="theme"),
    path("p/<slug:slug>/themes/<int:pk>/edit/", theme_views.theme_edit, name="theme_edit"),
    path("p/<slug:slug>/themes/<int:pk>/move/", theme_views.theme_move, name="theme_move"),
    path("p/<slug:slug>/themes/<int:pk>/delete/", theme_views.theme_delete, name="theme_delete"),
    path("p/<slug:slug>/themes/<int:pk>/outcomes/new/", theme_views.outcome_add, name="outcome_add"),
    path(
        "p/<slug:slug>/themes/<int:pk>/evidence/new/",
        theme_views.evidence_add_theme,
        name="theme_evidence_add",
    ),
    path("p/<slug:slug>/outcomes/<int:pk>/", theme_views.outcome_detail, name="outcome"),
    path("p/<slug:slug>/outcomes/<int:pk>/edit/", theme_views.outcome_edit, name="outcome_edit"),
    path("p/<slug:slug>/outcomes/<int:pk>/move/", theme_views.outcome_move, name="outcome_move"),
    path("p/<slug:slug>/outcomes/<int:pk>/delete/", theme_views.outcome_delete, name="outcome_delete"),
    path(
        "p/<slug:slug>/outcomes/<int:pk>/evidence/new/",
        theme_views.evidence_add_outcome,
        name="outcome_evidence_add",
    ),
    path("p/<slug:slug>/outcomes/<int:pk>/objectives/new/", theme_views.objective_add, name="objective_add"),
    path("p/<slug:slug>/objectives/<int:pk>/edit/", theme_views.objective_edit, name="objective_edit"),
    path("p/<slug:slug>/objectives/<int:pk>/move/", theme_views.objective_move, name="objective_move"),
    path("p/<slug:slug>/objectives/<int:pk>/delete/", theme_views.objective_delete, name="objective_delete"),
    path("p/<slug:slug>/evidence/<int:pk>/edit/", theme_views.evidence_edit, name="evidence_edit"),
    path("p/<slug:slug>/evidence/<int:pk>/delete/", theme_views.evidence_delete, name="evidence_delete"),
    path("p/<slug:slug>/evidence/<int:pk>/file/", theme_views.evidence_download, name="evidence_file"),
]
# --- end strategy-core ------------------------------------------------------------------------
