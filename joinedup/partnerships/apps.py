from django.apps import AppConfig


class PartnershipsConfig(AppConfig):
    name = "joinedup.partnerships"
    label = "partnerships"

    def ready(self) -> None:
        from joinedup.partnerships import importers, navigation

        navigation.register("home", label="Home", url_name="partnerships:home", order=0)
        navigation.register(
            "imports", label="Imports", url_name="partnerships:imports", order=90, perm="partnerships.edit"
        )
        importers.register_all()
