from django.urls import path

from joinedup.partnerships.views import home

app_name = "partnerships"

urlpatterns = [
    path("", home.choose, name="choose"),
    path("p/<slug:slug>/", home.home, name="home"),
]
