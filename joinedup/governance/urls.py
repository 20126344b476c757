from django.urls import path

from joinedup.governance.views import insight as insight_views
from joinedup.governance.views import meetings as meeting_views
from joinedup.governance.views import record as record_views
from joinedup.governance.views import thread as thread_views

app_name = "governance"

urlpatterns = [
    # --- meetings ---
    path("p/<slug:slug>/meetings/", meeting_views.meetings, name="meetings"),
    path("p/<slug:slug>/meetings/forward-plan/", meeting_views.forward_plan, name="forward_plan"),
    path("p/<slug:slug>/meetings/calendars/", meeting_views.calendar_feeds, name="calendars"),
    path(
        "p/<slug:slug>/meetings/calendars/<int:link_id>/revoke/",
        meeting_views.calendar_revoke,
        name="calendar_revoke",
    ),
    path("p/<slug:slug>/meetings/bodies/<int:body_id>/", meeting_views.body_meetings, name="body_meetings"),
    path("p/<slug:slug>/meetings/bodies/<int:body_id>/plan/", meeting_views.meeting_add, name="meeting_add"),
    path(
        "p/<slug:slug>/meetings/bodies/<int:body_id>/notice/", meeting_views.notice_rule, name="notice_rule"
    ),
    path(
        "p/<slug:slug>/meetings/bodies/<int:body_id>/clerks/add/", meeting_views.clerk_add, name="clerk_add"
    ),
    path(
        "p/<slug:slug>/meetings/bodies/<int:body_id>/clerks/<int:clerk_id>/remove/",
        meeting_views.clerk_remove,
        name="clerk_remove",
    ),
    path("p/<slug:slug>/meetings/<int:meeting_id>/", meeting_views.meeting, name="meeting"),
    path("p/<slug:slug>/meetings/<int:meeting_id>/edit/", meeting_views.meeting_edit, name="meeting_edit"),
    path(
        "p/<slug:slug>/meetings/<int:meeting_id>/status/", meeting_views.meeting_status, name="meeting_status"
    ),
    path(
        "p/<slug:slug>/meetings/<int:meeting_id>/publish/",
        meeting_views.publish_papers,
        name="publish_papers",
    ),
    path(
        "p/<slug:slug>/meetings/<int:meeting_id>/approve-minutes/",
        meeting_views.approve_minutes,
        name="approve_minutes",
    ),
    path("p/<slug:slug>/meetings/<int:meeting_id>/items/add/", meeting_views.item_add, name="item_add"),
    path("p/<slug:slug>/meetings/items/<int:item_id>/", meeting_views.item, name="item"),
    path("p/<slug:slug>/meetings/items/<int:item_id>/edit/", meeting_views.item_edit, name="item_edit"),
    path("p/<slug:slug>/meetings/items/<int:item_id>/move/", meeting_views.item_move, name="item_move"),
    path(
        "p/<slug:slug>/meetings/items/<int:item_id>/minutes/", meeting_views.item_minutes, name="item_minutes"
    ),
    path("p/<slug:slug>/meetings/items/<int:item_id>/amend/", meeting_views.item_amend, name="item_amend"),
    path("p/<slug:slug>/meetings/items/<int:item_id>/papers/add/", meeting_views.paper_add, name="paper_add"),
    path(
        "p/<slug:slug>/meetings/items/<int:item_id>/papers/<int:file_id>/",
        meeting_views.paper,
        name="paper",
    ),
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
    # --- insight ---
    path("p/<slug:slug>/governance/insight/", insight_views.insight, name="insight"),
    path(
        "p/<slug:slug>/governance/insight/bodies/<int:body_id>/",
        insight_views.body_insight,
        name="body_insight",
    ),
    # --- end insight ---
    # --- thread ---
    path(
        "p/<slug:slug>/governance/bodies/<int:body_id>/agenda-suggestion/",
        thread_views.agenda_suggestion,
        name="agenda_suggestion",
    ),
    path("p/<slug:slug>/governance/documents/", thread_views.documents, name="documents"),
    path("p/<slug:slug>/governance/documents/add/", thread_views.document_add, name="document_add"),
    path("p/<slug:slug>/governance/documents/<int:document_id>/", thread_views.document, name="document"),
    path(
        "p/<slug:slug>/governance/documents/<int:document_id>/edit/",
        thread_views.document_edit,
        name="document_edit",
    ),
    path(
        "p/<slug:slug>/governance/documents/<int:document_id>/file/",
        thread_views.document_file,
        name="document_file",
    ),
    path(
        "p/<slug:slug>/governance/documents/<int:document_id>/checklists/<slug:checklist>/",
        thread_views.document_checklist,
        name="document_checklist",
    ),
    # --- end thread ---
]
