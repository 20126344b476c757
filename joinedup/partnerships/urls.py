from django.urls import path

from joinedup.partnerships.views import areas, home, imports

app_name = "partnerships"

urlpatterns = [
    path("", home.choose, name="choose"),
    path("p/<slug:slug>/", home.home, name="home"),
    # imports and uploads
    path("p/<slug:slug>/imports/", imports.index, name="imports"),
    path("p/<slug:slug>/imports/runs/<int:run_id>/", imports.run, name="import_run"),
    path("p/<slug:slug>/imports/runs/<int:run_id>/confirm/", imports.confirm, name="import_confirm"),
    path("p/<slug:slug>/imports/runs/<int:run_id>/errors.csv", imports.errors, name="import_errors"),
    path("p/<slug:slug>/imports/runs/<int:run_id>/file/", imports.source_file, name="import_file"),
    path("p/<slug:slug>/imports/<str:importer>/", imports.upload, name="import_upload"),
    path("p/<slug:slug>/imports/<str:importer>/template.<str:fmt>", imports.template, name="import_template"),
    # reference geography (global)
    path("areas/search", areas.search, name="area_search"),
]
