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
        # --- end rounds ---
        # --- results ---
        # --- end results ---
        # --- paper ---
        # --- end paper ---
        pass
