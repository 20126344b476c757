from django.apps import AppConfig


class PerformanceConfig(AppConfig):
    name = "joinedup.performance"
    label = "performance"
    verbose_name = "Performance"

    def ready(self) -> None:
        # --- library ---
        # --- end library ---
        # --- imports ---
        from joinedup.performance import importers

        importers.register_all()
        # --- end imports ---
        # --- targets ---
        # --- end targets ---
        # --- entry ---
        # --- end entry ---
        pass
