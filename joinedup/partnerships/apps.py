from django.apps import AppConfig


class PartnershipsConfig(AppConfig):
    name = "joinedup.partnerships"
    label = "partnerships"

    def ready(self) -> None:
        from joinedup.partnerships import navigation

        navigation.register("home", label="Home", url_name="partnerships:home", order=0)
        navigation.register(
            "organisations", label="Organisations", url_name="partnerships:organisations", order=20
        )
        navigation.register("people", label="People", url_name="partnerships:people", order=30)
        navigation.register(
            "settings",
            label="Settings",
            url_name="partnerships:settings",
            order=90,
            perm="partnerships.manage",
        )
