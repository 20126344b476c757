from django.apps import AppConfig


class StrategyConfig(AppConfig):
    name = "joinedup.strategy"
    label = "strategy"

    def ready(self) -> None:
        from joinedup.partnerships import navigation

        navigation.register("strategy", label="Strategy", url_name="strategy:strategy", order=5)

        # --- strategy-core: the home page's strategy panel ---
        from joinedup.core import panels
        from joinedup.strategy.presenters import home_panel_context

        panels.register(
            "partnerships.home",
            key="strategy.summary",
            template="strategy/panels/home_summary.html",
            context=home_panel_context,
            order=20,
        )
        # --- end strategy-core ---
        # --- delivery ---
        navigation.register("programmes", label="Programmes", url_name="strategy:programmes", order=6)
        # --- end delivery ---
        # --- owners without an account: digests (owners) ---
        from joinedup.core import signed_links
        from joinedup.strategy.services.owners import PURPOSE as OWNER_UPDATES_PURPOSE
        from joinedup.strategy.views.owners import owner_updates_link

        signed_links.register_purpose(OWNER_UPDATES_PURPOSE, owner_updates_link)
        navigation.register("owners", label="Owners' updates", url_name="strategy:owners", order=7)
        # --- end owners ---
        # --- owners-risks: actions import, contribution panel ---------------------------------
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
        # --- evidence: this room's evidence metrics for the self-assessment (core.evidence) ---
        from joinedup.strategy import evidence as strategy_evidence

        strategy_evidence.register_all()
        # --- end evidence ---
