"""The demo sign-in accounts, read from `scenarios/users.yaml`.

`DEMO_LOGINS` is what `manage.py demo_logins` prints and what the sign-in page may show
in demo mode. Nothing outside `joinedup.demo` imports this module (an import-linter
contract forbids it); the accounts room decides how the sign-in page receives it.
"""

from __future__ import annotations

from dataclasses import dataclass

import yaml

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
