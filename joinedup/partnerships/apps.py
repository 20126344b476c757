from django.apps import AppConfig


class PartnershipsConfig(AppConfig):
    name = "joinedup.partnerships"
    label = "partnerships"

    def ready(self) -> None:
        from joinedup.partnerships import navigation

        navigation.register("home", label="Home", url_name="partnerships:home", order=0)
        navigation.register("structure", label="Structure", url_name="partnerships:structure", order=10)
