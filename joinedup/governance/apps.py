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
