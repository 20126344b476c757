from django.urls import include, path

from joinedup.partnerships.views import directory, first_run, home, imports, structure, team

app_name = "partnerships"

urlpatterns = [
    path("", home.choose, name="choose"),
    path("setup/", first_run.setup, name="first_run"),
    path("p/<slug:slug>/", home.home, name="home"),
    # imports and uploads
    path("p/<slug:slug>/imports/", imports.index, name="imports"),
    path("p/<slug:slug>/imports/runs/<int:run_id>/", imports.run, name="import_run"),
    path("p/<slug:slug>/imports/runs/<int:run_id>/confirm/", imports.confirm, name="import_confirm"),
    path("p/<slug:slug>/imports/runs/<int:run_id>/errors.csv", imports.errors, name="import_errors"),
    path("p/<slug:slug>/imports/runs/<int:run_id>/file/", imports.source_file, name="import_file"),
    path("p/<slug:slug>/imports/runs/<int:run_id>/columns/", imports.column_mapping, name="import_mapping"),
    # import history and undo (before <str:importer>/, which would take "history")
    path("p/<slug:slug>/imports/history/", imports.history, name="import_history"),
    path("p/<slug:slug>/imports/runs/<int:run_id>/undo/", imports.undo, name="import_undo"),
    path("p/<slug:slug>/imports/<str:importer>/", imports.upload, name="import_upload"),
    path("p/<slug:slug>/imports/<str:importer>/template.<str:fmt>", imports.template, name="import_template"),
    # team: roles, invitations, support access
    path("p/<slug:slug>/team/", team.team_page, name="team"),
    path("p/<slug:slug>/team/invite/", team.invite, name="team_invite"),
    path("p/<slug:slug>/team/<int:role_id>/", team.member, name="team_member"),
    path("p/<slug:slug>/team/<int:role_id>/remove/", team.remove, name="team_remove"),
    path(
        "p/<slug:slug>/team/invitations/<int:invitation_id>/resend/",
        team.invitation_resend,
        name="team_invitation_resend",
    ),
    path(
        "p/<slug:slug>/team/invitations/<int:invitation_id>/withdraw/",
        team.invitation_revoke,
        name="team_invitation_revoke",
    ),
    path("p/<slug:slug>/team/support/", team.support_grant, name="team_support_grant"),
    path(
        "p/<slug:slug>/team/support/<int:grant_id>/end/",
        team.support_revoke,
        name="team_support_revoke",
    ),
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
