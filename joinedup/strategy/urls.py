from django.urls import path

from joinedup.strategy.views import contribution as contribution_views
from joinedup.strategy.views import map as map_views
from joinedup.strategy.views import risks as risk_views
from joinedup.strategy.views import strategy as strategy_views

app_name = "strategy"

urlpatterns = [
    path("p/<slug:slug>/strategy/", strategy_views.strategy_page, name="strategy"),
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
    path("p/<slug:slug>/strategy/map/actions/", map_views.map_actions, name="map_actions"),
]
