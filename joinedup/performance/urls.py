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
from joinedup.performance.views import commentary as commentary_views  # noqa: E402
from joinedup.performance.views import targets as target_views  # noqa: E402

_INDICATOR = "p/<slug:slug>/indicators/<int:indicator_id>/"
urlpatterns += [
    path(f"{_INDICATOR}targets/", target_views.targets, name="targets"),
    path(f"{_INDICATOR}targets/propose/", target_views.target_propose, name="target_propose"),
    path(f"{_INDICATOR}targets/trajectory/", target_views.target_trajectory, name="target_trajectory"),
    path(f"{_INDICATOR}targets/<int:target_id>/", target_views.target_detail, name="target"),
    path(f"{_INDICATOR}targets/<int:target_id>/change/", target_views.target_change, name="target_change"),
    path(f"{_INDICATOR}targets/changes/<int:change_id>/", target_views.target_decide, name="target_decide"),
    path("p/<slug:slug>/targets/approvals/", target_views.approvals, name="target_approvals"),
    path("p/<slug:slug>/targets/approvers/", target_views.approval_settings, name="target_approvers"),
    path(f"{_INDICATOR}commentary/", commentary_views.commentaries, name="commentaries"),
    path(f"{_INDICATOR}commentary/write/", commentary_views.commentary_add, name="commentary_add"),
    path(f"{_INDICATOR}commentary/<str:period>/", commentary_views.commentary_detail, name="commentary"),
    path(
        f"{_INDICATOR}commentary/<str:period>/edit/", commentary_views.commentary_edit, name="commentary_edit"
    ),
]
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

# --- charts: the indicator page's analysis panels, completeness and staleness ---
from joinedup.performance.views import charts as chart_views  # noqa: E402

urlpatterns += [
    path(
        "p/<slug:slug>/performance/completeness/",
        chart_views.completeness_page,
        name="completeness",
    ),
]
# --- end charts ---
# --- insight: dashboards, exceptions, "how was this computed", escalations ---
from joinedup.performance.views import insight as insight_views  # noqa: E402

_P = "p/<slug:slug>/performance/"
urlpatterns += [
    path(_P, insight_views.dashboard, name="dashboard"),
    path(f"{_P}exceptions/", insight_views.exceptions, name="exceptions"),
    path(f"{_P}themes/<int:priority_id>/", insight_views.theme_dashboard, name="theme_dashboard"),
    path(f"{_P}bodies/<int:body_id>/", insight_views.body_dashboard, name="body_dashboard"),
    path(
        f"{_P}indicators/<int:indicator_id>/how/<str:figure>/",
        insight_views.how_computed,
        name="how_computed",
    ),
    path(f"{_P}indicators/<int:indicator_id>/escalate/", insight_views.escalate, name="escalate"),
    path(f"{_P}escalations/", insight_views.escalation_list, name="escalations"),
    path(
        f"{_P}escalations/<int:escalation_id>/withdraw/",
        insight_views.escalation_withdraw,
        name="escalation_withdraw",
    ),
]
# --- end insight ---
