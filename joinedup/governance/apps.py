from django.apps import AppConfig


class GovernanceConfig(AppConfig):
    name = "joinedup.governance"
    label = "governance"
    verbose_name = "Governance"

    def ready(self) -> None:
        # --- meetings ---
        from joinedup.core import signed_links
        from joinedup.governance.services.calendars import PURPOSE as CALENDAR_PURPOSE
        from joinedup.governance.views.meetings import calendar_feed
        from joinedup.partnerships import navigation

        navigation.register("meetings", label="Meetings", url_name="governance:meetings", order=8)
        signed_links.register_purpose(CALENDAR_PURPOSE, calendar_feed)
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
        # --- insight ---
        from joinedup.partnerships import navigation

        navigation.register(
            "governance_insight", label="Governance insight", url_name="governance:insight", order=10
        )
        # --- end insight ---
        # --- thread ---
        from joinedup.core import panels
        from joinedup.governance.views import thread as thread_views
        from joinedup.partnerships import navigation

        navigation.register(
            "governance_documents", label="Governing documents", url_name="governance:documents", order=10
        )
        for slot, context in (
            ("strategy.action", thread_views.action_panel_context),
            ("strategy.risk", thread_views.risk_panel_context),
            ("performance.indicator", thread_views.indicator_panel_context),
        ):
            panels.register(
                slot,
                key="governance.thread",
                template="governance/thread/panels/thread.html",
                context=context,
                order=60,
            )
        panels.register(
            "governance.item",
            key="governance.thread",
            template="governance/thread/panels/item.html",
            context=thread_views.item_panel_context,
            order=30,
        )
        panels.register(
            "governance.meeting",
            key="governance.thread",
            template="governance/thread/panels/meeting.html",
            context=thread_views.meeting_panel_context,
            order=30,
        )
        # --- end thread ---
        # --- evidence: this room's evidence metrics for the self-assessment (core.evidence) ---
        from joinedup.governance import evidence as governance_evidence

        governance_evidence.register_all()
        # --- end evidence ---
