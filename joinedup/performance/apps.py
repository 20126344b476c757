from django.apps import AppConfig


class PerformanceConfig(AppConfig):
    name = "joinedup.performance"
    label = "performance"
    verbose_name = "Performance"

    def ready(self) -> None:
        # --- library ---
        # --- end library ---
        # --- imports ---
        # --- end imports ---
        # --- targets ---
        # --- end targets ---
        # --- entry ---
        from joinedup.core import panels, signed_links
        from joinedup.performance.services.entry import PURPOSE as DATA_ENTRY_PURPOSE
        from joinedup.performance.views.entry import data_entry_link, indicator_panel_context

        signed_links.register_purpose(DATA_ENTRY_PURPOSE, data_entry_link)
        panels.register(
            "performance.indicator",
            key="performance.enter_value",
            template="performance/entry/panel.html",
            context=indicator_panel_context,
            order=30,
        )
        # --- end entry ---
        pass
