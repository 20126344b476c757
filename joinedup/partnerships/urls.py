from django.urls import path

from joinedup.partnerships import views

app_name = "partnerships"

urlpatterns = [
    path("", views.choose, name="choose"),
    path("p/<slug:slug>/", views.home, name="home"),
]
