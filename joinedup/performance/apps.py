from django.apps import AppConfig


class PerformanceConfig(AppConfig):
    name = "joinedup.performance"
    label = "performance"
    verbose_name = "Performance"

    def ready(self) -> None:
        # --- library ---
        from joinedup.core import imports
        from joinedup.partnerships import navigation
        from joinedup.performance.importers_comparators import ComparatorsImporter

        navigation.register("indicators", label="Indicators", url_name="performance:indicators", order=10)
        imports.register(ComparatorsImporter())
        from joinedup.core import panels
        from joinedup.performance.presenters_library import coverage_panel_context

        panels.register(
            "strategy.coverage",
            key="performance.indicator_coverage",
            template="performance/panels/strategy_coverage.html",
            context=coverage_panel_context,
            order=30,
        )
        # --- end library ---
        # --- imports ---
        # --- end imports ---
        # --- targets ---
        # --- end targets ---
        # --- entry ---
        # --- end entry ---
        pass
