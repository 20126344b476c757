from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "joinedup.accounts"
    label = "accounts"

    def ready(self) -> None:
        from joinedup.accounts import services, views
        from joinedup.core import signed_links

        signed_links.register_purpose(services.SET_PASSWORD_PURPOSE, views.set_password_link)
