from django.urls import path

app_name = "performance"

urlpatterns: list = []

# --- library: indicator library, indicator pages, local indicators, comparator groups ---
# --- end library ---

# --- imports: import history and undo (observation imports use the shared import pages) ---
# --- end imports ---

# --- targets: targets, approvals, commentary ---
# --- end targets ---

# --- entry: data entry and owners' requests ---
from joinedup.performance.views import entry as entry_views  # noqa: E402

urlpatterns += [
    path(
        "p/<slug:slug>/performance/indicators/<int:indicator_id>/enter/",
        entry_views.enter_value,
        name="entry_value",
    ),
    path(
        "p/<slug:slug>/performance/enter/<int:person_id>/<str:period>/",
        entry_views.grid,
        name="entry_grid",
    ),
    path("p/<slug:slug>/performance/data-requests/", entry_views.data_requests, name="data_requests"),
    path(
        "p/<slug:slug>/performance/data-requests/send/",
        entry_views.data_requests_send,
        name="data_requests_send",
    ),
]
# --- end entry ---
