from django.urls import path

from joinedup.strategy.views import strategy as strategy_views

app_name = "strategy"

urlpatterns = [
    path("p/<slug:slug>/strategy/", strategy_views.strategy_page, name="strategy"),
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
