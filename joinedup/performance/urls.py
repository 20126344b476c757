from django.urls import path

app_name = "performance"

urlpatterns: list = []

# --- library: indicator library, indicator pages, local indicators, comparator groups ---
from joinedup.performance.views import comparators as comparator_views  # noqa: E402
from joinedup.performance.views import indicators as indicator_views  # noqa: E402

_I = "p/<slug:slug>/indicators/"
_C = "p/<slug:slug>/comparators/"
urlpatterns += [
    path(_I, indicator_views.library, name="indicators"),
    path(f"{_I}add/", indicator_views.indicator_add, name="indicator_add"),
    path(f"{_I}<int:indicator_id>/", indicator_views.indicator, name="indicator"),
    path(f"{_I}<int:indicator_id>/edit/", indicator_views.indicator_edit, name="indicator_edit"),
    path(f"{_I}<int:indicator_id>/export/", indicator_views.indicator_export, name="indicator_export"),
    path(f"{_I}<int:indicator_id>/use/", indicator_views.indicator_use, name="indicator_use"),
    path(
        f"{_I}<int:indicator_id>/use/edit/", indicator_views.indicator_link_edit, name="indicator_link_edit"
    ),
    path(f"{_I}<int:indicator_id>/use/stop/", indicator_views.indicator_stop, name="indicator_stop"),
    path(_C, comparator_views.groups, name="comparators"),
    path(f"{_C}add/", comparator_views.group_add, name="comparator_add"),
    path(f"{_C}<int:group_id>/", comparator_views.group, name="comparator"),
    path(f"{_C}<int:group_id>/edit/", comparator_views.group_edit, name="comparator_edit"),
    path(f"{_C}<int:group_id>/delete/", comparator_views.group_delete, name="comparator_delete"),
]
# --- end library ---

# --- imports: import history and undo (observation imports use the shared import pages) ---
# --- end imports ---

# --- targets: targets, approvals, commentary ---
# --- end targets ---

# --- entry: data entry and owners' requests ---
# --- end entry ---
