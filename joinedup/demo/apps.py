from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "joinedup.demo"
    label = "demo"

    def ready(self) -> None:
        # The sign-in page lists these in demo mode; accounts never imports the demo.
        from joinedup.accounts import demo_logins
        from joinedup.demo.logins import loaded_demo_logins

        demo_logins.register(loaded_demo_logins)
