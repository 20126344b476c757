from django.urls import path

from joinedup.strategy.views import strategy as strategy_views

app_name = "strategy"

urlpatterns = [
    path("p/<slug:slug>/strategy/", strategy_views.strategy_page, name="strategy"),
]
