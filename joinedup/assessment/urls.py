from django.urls import path

app_name = "assessment"

urlpatterns: list = []

# --- frameworks ---
from joinedup.assessment.views import frameworks as frameworks_views  # noqa: E402

_F = "p/<slug:slug>/assessment/frameworks/"
_V = _F + "versions/<int:version_id>/"
urlpatterns += [
    path(_F, frameworks_views.framework_list, name="frameworks"),
    path(_F + "import/", frameworks_views.framework_import, name="framework_import"),
    path(_V, frameworks_views.version_detail, name="framework_version"),
    path(_V + "export/<str:fmt>/", frameworks_views.version_export, name="framework_export"),
    path(_V + "adapt/", frameworks_views.version_adapt, name="framework_adapt"),
    path(_V + "new-draft/", frameworks_views.version_new_draft, name="framework_new_draft"),
    path(_V + "publish/", frameworks_views.version_publish, name="framework_publish"),
    path(
        _V + "elements/<int:element_id>/edit/", frameworks_views.element_edit, name="framework_element_edit"
    ),
    path(
        _V + "questions/<int:question_id>/edit/",
        frameworks_views.question_edit,
        name="framework_question_edit",
    ),
    path(
        _V + "findings/<int:finding_id>/edit/", frameworks_views.finding_edit, name="framework_finding_edit"
    ),
]
# --- end frameworks ---
# --- evidence ---
from joinedup.assessment.views import evidence as evidence_views  # noqa: E402
from joinedup.assessment.views import settings as settings_views  # noqa: E402

_A = "p/<slug:slug>/assessment/"
urlpatterns += [
    path(f"{_A}evidence/", evidence_views.overview, name="evidence"),
    path(f"{_A}evidence/<str:key>/", evidence_views.metric, name="evidence_metric"),
    path(f"{_A}evidence/<str:key>/thresholds/", evidence_views.thresholds, name="evidence_thresholds"),
    path(
        f"{_A}evidence/<str:key>/thresholds/reset/",
        evidence_views.thresholds_reset,
        name="evidence_thresholds_reset",
    ),
    path(f"{_A}settings/", settings_views.settings_page, name="settings"),
    path(f"{_A}settings/anonymity-and-maturity/", settings_views.settings_edit, name="settings_edit"),
    path(f"{_A}settings/targets/", settings_views.targets_edit, name="targets_edit"),
    path(f"{_A}settings/coordinators/", settings_views.coordinators, name="coordinators"),
    path(
        f"{_A}settings/coordinators/<int:coordinator_id>/remove/",
        settings_views.coordinator_remove,
        name="coordinator_remove",
    ),
]
# --- end evidence ---
# --- rounds ---
from joinedup.assessment.views import respond as respond_views  # noqa: E402
from joinedup.assessment.views import rounds as rounds_views  # noqa: E402

_ROUND = "p/<slug:slug>/assessment/rounds/<int:round_id>/"
urlpatterns += [
    path("p/<slug:slug>/assessment/", rounds_views.rounds, name="rounds"),
    path("p/<slug:slug>/assessment/rounds/open/", rounds_views.round_open, name="round_open"),
    path(_ROUND, rounds_views.round_detail, name="round"),
    path(_ROUND + "send/", rounds_views.round_send, name="round_send"),
    path(_ROUND + "remind/", rounds_views.round_remind, name="round_remind"),
    path(
        _ROUND + "invitations/<int:invitation_id>/resend/",
        rounds_views.invitation_resend,
        name="invitation_resend",
    ),
    path(_ROUND + "close/", rounds_views.round_close, name="round_close"),
    path(_ROUND + "extend/", rounds_views.round_extend, name="round_extend"),
    path(_ROUND + "consensus/<int:number>/", rounds_views.consensus, name="consensus"),
    path("respond/<str:token>/", respond_views.respond, name="respond"),
    path("respond/<str:token>/<int:number>/", respond_views.respond_element, name="respond_element"),
    path("respond/<str:token>/check/", respond_views.respond_check, name="respond_check"),
]
# --- end rounds ---
# --- results ---
from joinedup.assessment.views import results as results_views  # noqa: E402

_RESULTS = "p/<slug:slug>/assessment/rounds/<int:round_id>/results/"
urlpatterns += [
    path(_RESULTS, results_views.results, name="results"),
    path(_RESULTS + "heat-map/", results_views.heatmap, name="results_heatmap"),
    path(_RESULTS + "gaps/", results_views.gaps, name="results_gaps"),
    path(_RESULTS + "export.xlsx", results_views.export, name="results_export"),
    path(_RESULTS + "questions/<slug:question_key>/", results_views.question, name="results_question"),
    path(
        _RESULTS + "questions/<slug:question_key>/action/",
        results_views.raise_action,
        name="results_raise_action",
    ),
]
# --- end results ---
# --- paper ---
from joinedup.assessment.views import paper as paper_views  # noqa: E402

_paper = "p/<slug:slug>/assessment/rounds/<int:round_id>/paper/"
urlpatterns += [
    path(_paper, paper_views.paper, name="paper"),
    path(_paper + "review-paper.pdf", paper_views.paper_pdf, name="paper_pdf"),
    path(_paper + "generate/", paper_views.paper_generate, name="paper_generate"),
    path(_paper + "edit/", paper_views.paper_edit, name="paper_edit"),
    path(
        _paper + "findings/<int:finding_id>/commentary/",
        paper_views.finding_commentary,
        name="paper_commentary",
    ),
    path(
        _paper + "findings/<int:finding_id>/judgement/", paper_views.finding_override, name="paper_override"
    ),
    path(_paper + "publish/", paper_views.paper_publish, name="paper_publish"),
]
# --- end paper ---
