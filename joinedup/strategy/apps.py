from django.apps import AppConfig


class StrategyConfig(AppConfig):
    name = "joinedup.strategy"
    label = "strategy"

    def ready(self) -> None:
        from joinedup.partnerships import navigation

        navigation.register("strategy", label="Strategy", url_name="strategy:strategy", order=5)

        # --- owners-risks: actions import, contribution panel ---------------------------------
        from joinedup.core import panels
        from joinedup.strategy import importers
        from joinedup.strategy.views.contribution import contribution_panel_context

        importers.register_all()
        panels.register(
            "strategy.priority.contribution",
            key="strategy.contribution_claims",
            template="strategy/panels/contribution.html",
            context=contribution_panel_context,
            order=50,
        )
