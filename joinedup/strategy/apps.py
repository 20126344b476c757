from django.apps import AppConfig


class StrategyConfig(AppConfig):
    name = "joinedup.strategy"
    label = "strategy"

    def ready(self) -> None:
        from joinedup.partnerships import navigation

        navigation.register("strategy", label="Strategy", url_name="strategy:strategy", order=5)
        # --- delivery ---
        navigation.register("programmes", label="Programmes", url_name="strategy:programmes", order=6)
        # --- end delivery ---
