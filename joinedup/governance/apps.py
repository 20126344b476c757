from django.apps import AppConfig


class GovernanceConfig(AppConfig):
    name = "joinedup.governance"
    label = "governance"
    verbose_name = "Governance"

    def ready(self) -> None:
        # --- meetings ---
        # --- end meetings ---
        # --- record ---
        from joinedup.core import panels
        from joinedup.partnerships import navigation

        navigation.register(
            "governance_record", label="Decisions and actions", url_name="governance:decisions", order=9
        )
        from joinedup.governance.views.record import item_panel_context, meeting_panel_context

        panels.register(
            "governance.meeting",
            key="governance.record",
            template="governance/record/panels/meeting.html",
            context=meeting_panel_context,
            order=40,
        )
        panels.register(
            "governance.item",
            key="governance.record",
            template="governance/record/panels/item.html",
            context=item_panel_context,
            order=40,
        )
        # --- end record ---
