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
