from django.apps import AppConfig


class AssessmentConfig(AppConfig):
    name = "joinedup.assessment"
    label = "assessment"
    verbose_name = "Self-assessment"

    def ready(self) -> None:
        # --- frameworks ---
        from django.db.models.signals import post_migrate

        post_migrate.connect(_install_shipped_frameworks, sender=self)
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


# --- frameworks ---
def _install_shipped_frameworks(sender, using="default", **kwargs) -> None:
    """Every migrated database (a fresh one, the test database, the demo) has the shipped 7S
    framework; a changed file adds a new published version (services.frameworks.install_shipped)."""
    from django.db import connections

    tables = set(connections[using].introspection.table_names())
    if not {"assessment_question", "assessment_finding", "core_auditentry"} <= tables:
        return  # migrated backwards, or only part of the way
    columns = {
        c.name
        for c in connections[using].introspection.get_table_description(
            connections[using].cursor(), "assessment_question"
        )
    }
    if "revision" not in columns:
        return
    from joinedup.assessment.services.frameworks import install_shipped

    install_shipped()


# --- end frameworks ---
