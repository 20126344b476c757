from django.urls import include, path

from joinedup.partnerships.views import home, structure

app_name = "partnerships"

urlpatterns = [
    path("", home.choose, name="choose"),
    path("p/<slug:slug>/", home.home, name="home"),
]

# --- structure: bodies, seats and memberships ---
structure_patterns = [
    path("", structure.structure, name="structure"),
    path("leadership/", structure.leadership, name="structure_leadership"),
    path("bodies/add/", structure.body_add, name="body_add"),
    path("bodies/<int:body_id>/", structure.body_detail, name="body_detail"),
    path("bodies/<int:body_id>/edit/", structure.body_edit, name="body_edit"),
    path("bodies/<int:body_id>/delete/", structure.body_delete, name="body_delete"),
    path(
        "bodies/<int:body_id>/terms-of-reference/",
        structure.body_terms_document,
        name="body_terms_document",
    ),
    path("bodies/<int:body_id>/seats/add/", structure.seat_add, name="seat_add"),
    path("seats/<int:seat_id>/edit/", structure.seat_edit, name="seat_edit"),
    path("seats/<int:seat_id>/delete/", structure.seat_delete, name="seat_delete"),
    path("bodies/<int:body_id>/members/add/", structure.membership_add, name="membership_add"),
    path("memberships/<int:membership_id>/edit/", structure.membership_edit, name="membership_edit"),
    path("memberships/<int:membership_id>/end/", structure.membership_end, name="membership_end"),
]
urlpatterns += [path("p/<slug:slug>/structure/", include(structure_patterns))]
