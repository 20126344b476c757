from django.urls import path

from joinedup.governance.views import record as record_views

app_name = "governance"

urlpatterns = [
    # --- meetings ---
    # --- end meetings ---
    # --- record ---
    path(
        "p/<slug:slug>/governance/meetings/<int:meeting_id>/attendance/",
        record_views.attendance,
        name="attendance",
    ),
    path("p/<slug:slug>/governance/decisions/", record_views.decisions, name="decisions"),
    path(
        "p/<slug:slug>/governance/items/<int:item_id>/decisions/add/",
        record_views.decision_add,
        name="decision_add",
    ),
    path(
        "p/<slug:slug>/governance/decisions/<int:decision_id>/edit/",
        record_views.decision_edit,
        name="decision_edit",
    ),
    path(
        "p/<slug:slug>/governance/decisions/<int:decision_id>/ratifications/add/",
        record_views.ratification_add,
        name="ratification_add",
    ),
    path("p/<slug:slug>/governance/action-log/", record_views.action_log, name="action_log"),
    path(
        "p/<slug:slug>/governance/bodies/<int:body_id>/action-log/",
        record_views.body_action_log,
        name="body_action_log",
    ),
    path(
        "p/<slug:slug>/governance/items/<int:item_id>/actions/add/",
        record_views.action_add,
        name="meeting_action_add",
    ),
    path(
        "p/<slug:slug>/governance/meeting-actions/<int:action_id>/edit/",
        record_views.action_edit,
        name="meeting_action_edit",
    ),
    path("p/<slug:slug>/governance/challenges/", record_views.challenges, name="challenges"),
    path(
        "p/<slug:slug>/governance/items/<int:item_id>/challenges/add/",
        record_views.challenge_add,
        name="challenge_add",
    ),
    path(
        "p/<slug:slug>/governance/challenges/<int:challenge_id>/edit/",
        record_views.challenge_edit,
        name="challenge_edit",
    ),
    path("p/<slug:slug>/governance/interests/", record_views.interests, name="interests"),
    path("p/<slug:slug>/governance/interests/add/", record_views.interest_add, name="interest_add"),
    path(
        "p/<slug:slug>/governance/interests/<int:interest_id>/edit/",
        record_views.interest_edit,
        name="interest_edit",
    ),
    path(
        "p/<slug:slug>/governance/items/<int:item_id>/declarations/add/",
        record_views.declaration_add,
        name="declaration_add",
    ),
    # --- end record ---
]
