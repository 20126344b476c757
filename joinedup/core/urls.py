from django.urls import path

from joinedup.core import views

app_name = "core"

urlpatterns = [
    path("healthz", views.healthz, name="healthz"),
    path("about/data/", views.about_data, name="about_data"),
    path("outbox/", views.outbox, name="outbox"),
    path("l/<str:token>/", views.signed_link, name="signed_link"),
    path("jobs/<uuid:job_id>/", views.job_status, name="job_status"),
]
