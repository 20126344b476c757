from django.urls import path

app_name = "assessment"

urlpatterns: list = []

# --- frameworks ---
# --- end frameworks ---
# --- evidence ---
# --- end evidence ---
# --- rounds ---
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
# --- end paper ---
