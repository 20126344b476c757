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
        from joinedup.performance import importers

        importers.register_all()
        # --- end imports ---
        # --- targets ---
        from joinedup.core import panels
        from joinedup.performance.views.commentary import commentary_panel_context
        from joinedup.performance.views.targets import home_panel_context as targets_home_context
        from joinedup.performance.views.targets import targets_panel_context

        panels.register(
            "performance.indicator",
            key="performance.targets",
            template="performance/targets/panel.html",
            context=targets_panel_context,
            order=30,
        )
        panels.register(
            "performance.indicator",
            key="performance.commentary",
            template="performance/commentary/panel.html",
            context=commentary_panel_context,
            order=40,
        )
        panels.register(
            "partnerships.home",
            key="performance.target_decisions",
            template="performance/targets/home_panel.html",
            context=targets_home_context,
            order=35,
        )
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
        # --- charts ---
        from joinedup.core import panels
        from joinedup.performance.views import charts as chart_views

        for order, name in enumerate(("trend", "comparator", "spc", "forecast", "footprint", "gaps")):
            panels.register(
                "performance.indicator",
                key=f"performance.charts.{name}",
                template=f"performance/charts/{name}.html",
                context=getattr(chart_views, f"{name}_panel_context"),
                order=20 + order,
            )
        # --- end charts ---
        # --- insight ---
        from joinedup.core import panels
        from joinedup.partnerships import navigation
        from joinedup.performance.presenters_insight import (
            coverage_targets_context,
            indicator_card_context,
            priority_indicators_context,
        )

        navigation.register("performance", label="Performance", url_name="performance:dashboard", order=11)
        panels.register(
            "strategy.priority.contribution",
            key="performance.priority_indicators",
            template="performance/panels/priority_indicators.html",
            context=priority_indicators_context,
            order=40,
        )
        panels.register(
            "strategy.coverage",
            key="performance.target_coverage",
            template="performance/panels/target_coverage.html",
            context=coverage_targets_context,
            order=40,
        )
        panels.register(
            "performance.indicator",
            key="performance.at_a_glance",
            template="performance/panels/indicator_card.html",
            context=indicator_card_context,
            order=20,
        )
        # --- end insight ---
        pass
        # --- evidence: this room's evidence metrics for the self-assessment (core.evidence) ---
        from joinedup.performance import evidence as performance_evidence

        performance_evidence.register_all()
        # --- end evidence ---
