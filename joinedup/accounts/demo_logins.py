"""The demo logins shown on the sign-in page in demo mode.

Accounts never imports the demo app. The demo app registers a provider from its
AppConfig.ready():

    from joinedup.accounts import demo_logins

    demo_logins.register(lambda: [DemoLogin(email=..., password=..., label="Admin")])

A provider is called each time the sign-in page is shown, so it may read the database
(only the logins whose accounts exist are worth showing).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.conf import settings


@dataclass(frozen=True)
class DemoLogin:
    email: str
    password: str
    label: str  # who this is, in a few words: "Admin of Riverford City Partnership"


Provider = Callable[[], Iterable[DemoLogin]]
_providers: list[Provider] = []


def register(provider: Provider) -> None:
    if provider not in _providers:
        _providers.append(provider)


def unregister(provider: Provider) -> None:
    if provider in _providers:
        _providers.remove(provider)


def demo_logins() -> list[DemoLogin]:
    """Every registered demo login, or none at all outside demo mode."""
    if not settings.DEMO_MODE:
        return []
    return [login for provider in _providers for login in provider()]
