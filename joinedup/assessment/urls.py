from django.urls import path

app_name = "assessment"

urlpatterns: list = []

# --- frameworks ---
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
# --- end rounds ---
# --- results ---
# --- end results ---
# --- paper ---
# --- end paper ---
