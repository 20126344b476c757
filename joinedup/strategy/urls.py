from django.urls import path

from joinedup.strategy.views import delivery as delivery_views
from joinedup.strategy.views import owners as owners_views
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
