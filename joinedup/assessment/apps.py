from django.apps import AppConfig


class AssessmentConfig(AppConfig):
    name = "joinedup.assessment"
    label = "assessment"
    verbose_name = "Self-assessment"

    def ready(self) -> None:
        # --- frameworks ---
        # --- end frameworks ---
        # --- evidence ---
        # --- end evidence ---
        # --- rounds ---
        from joinedup.assessment.services.rounds import PURPOSE as RESPONSE_PURPOSE
        from joinedup.assessment.views.respond import respond_link
        from joinedup.core import signed_links
        from joinedup.partnerships import navigation

        signed_links.register_purpose(RESPONSE_PURPOSE, respond_link)
        navigation.register("assessment", label="Self-assessment", url_name="assessment:rounds", order=12)
        # --- end rounds ---
        # --- results ---
        # --- end results ---
        # --- paper ---
        # --- end paper ---
        pass
