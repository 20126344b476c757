from django.apps import AppConfig


class PartnershipsConfig(AppConfig):
    name = "joinedup.partnerships"
    label = "partnerships"

    def ready(self) -> None:
        from joinedup.core import signed_links
        from joinedup.partnerships import importers, navigation
        from joinedup.partnerships.services import team as team_services
        from joinedup.partnerships.views.team import accept_invitation_link

        navigation.register("home", label="Home", url_name="partnerships:home", order=0)
        navigation.register(
            "organisations", label="Organisations", url_name="partnerships:organisations", order=20
        )
        navigation.register("people", label="People", url_name="partnerships:people", order=30)
        navigation.register(
            "imports", label="Imports", url_name="partnerships:imports", order=80, perm="partnerships.edit"
        )
        navigation.register(
            "team", label="Team", url_name="partnerships:team", order=85, perm="partnerships.manage"
        )
        navigation.register(
            "settings",
            label="Settings",
            url_name="partnerships:settings",
            order=90,
            perm="partnerships.manage",
        )
        signed_links.register_purpose(team_services.INVITATION_PURPOSE, accept_invitation_link)
        importers.register_all()
        navigation.register("structure", label="Structure", url_name="partnerships:structure", order=10)
        # --- evidence: this room's evidence metrics for the self-assessment (core.evidence) ---
        from joinedup.partnerships import evidence as partnerships_evidence

        partnerships_evidence.register_all()
        # --- end evidence ---
