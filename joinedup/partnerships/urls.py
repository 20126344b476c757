from django.urls import path

from joinedup.partnerships.views import directory, home

app_name = "partnerships"

urlpatterns = [
    path("", home.choose, name="choose"),
    path("p/<slug:slug>/", home.home, name="home"),
]

# --- directory: partnership settings, organisations, people, children --------------------
urlpatterns += [
    path("p/<slug:slug>/settings/", directory.partnership_settings, name="settings"),
    path(
        "p/<slug:slug>/settings/areas/",
        directory.settings_area_suggestions,
        name="settings_area_suggestions",
    ),
    path("p/<slug:slug>/settings/areas/add/", directory.settings_area_add, name="settings_area_add"),
    path(
        "p/<slug:slug>/settings/areas/<int:area_id>/remove/",
        directory.settings_area_remove,
        name="settings_area_remove",
    ),
    path("p/<slug:slug>/children/", directory.children, name="children"),
    path("p/<slug:slug>/organisations/", directory.organisation_list, name="organisations"),
    path("p/<slug:slug>/organisations/add/", directory.organisation_add, name="organisation_add"),
    path("p/<slug:slug>/organisations/<int:pk>/", directory.organisation_detail, name="organisation"),
    path(
        "p/<slug:slug>/organisations/<int:pk>/edit/",
        directory.organisation_edit,
        name="organisation_edit",
    ),
    path(
        "p/<slug:slug>/organisations/<int:pk>/delete/",
        directory.organisation_delete,
        name="organisation_delete",
    ),
    path("p/<slug:slug>/people/", directory.person_list, name="people"),
    path("p/<slug:slug>/people/add/", directory.person_add, name="person_add"),
    path("p/<slug:slug>/people/<int:pk>/", directory.person_detail, name="person"),
    path("p/<slug:slug>/people/<int:pk>/edit/", directory.person_edit, name="person_edit"),
    path("p/<slug:slug>/people/<int:pk>/account/", directory.person_account, name="person_account"),
    path("p/<slug:slug>/people/<int:pk>/training/add/", directory.training_add, name="training_add"),
    path(
        "p/<slug:slug>/people/<int:pk>/training/<int:training_pk>/edit/",
        directory.training_edit,
        name="training_edit",
    ),
    path(
        "p/<slug:slug>/people/<int:pk>/training/<int:training_pk>/delete/",
        directory.training_delete,
        name="training_delete",
    ),
]
