"""The demo sign-in accounts, read from `scenarios/users.yaml`.

`DEMO_LOGINS` is what `manage.py demo_logins` prints. The sign-in page shows them in demo
mode through the accounts room's registry (`joinedup.accounts.demo_logins`), which this
app fills from `DemoConfig.ready()`: nothing outside `joinedup.demo` imports this module.
"""

from __future__ import annotations

from dataclasses import dataclass

import yaml

from joinedup.accounts import demo_logins as accounts_demo_logins
from joinedup.accounts.models import User
from joinedup.demo.loader import SCENARIO_DIR


@dataclass(frozen=True)
class DemoLogin:
    label: str
    email: str
    password: str
    description: str


def read_demo_logins() -> tuple[DemoLogin, ...]:
    data = yaml.safe_load((SCENARIO_DIR / "users.yaml").read_text(encoding="utf-8"))
    return tuple(
        DemoLogin(
            label=u["label"], email=u["email"], password=u["password"], description=u.get("description", "")
        )
        for u in data["users"]
    )


DEMO_LOGINS: tuple[DemoLogin, ...] = read_demo_logins()


def loaded_demo_logins() -> list[accounts_demo_logins.DemoLogin]:
    """The demo logins whose accounts exist, for the sign-in page (registered in apps.py)."""
    existing = set(
        User.objects.filter(email__in=[login.email for login in DEMO_LOGINS]).values_list("email", flat=True)
    )
    return [
        accounts_demo_logins.DemoLogin(
            email=login.email, password=login.password, label=f"{login.label}: {login.description}"
        )
        for login in DEMO_LOGINS
        if login.email in existing
    ]
