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
        # --- end library ---
        # --- imports ---
        # --- end imports ---
        # --- targets ---
        # --- end targets ---
        # --- entry ---
        # --- end entry ---
        pass
