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
# --- end evidence ---
# --- rounds ---
# --- end rounds ---
# --- results ---
# --- end results ---
# --- paper ---
# --- end paper ---
