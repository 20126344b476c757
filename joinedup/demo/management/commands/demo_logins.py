"""Prints the demo's address and sign-in accounts (used by scripts/serve-demo.sh)."""

from __future__ import annotations

from django.conf import settings
from django.core.management.base import BaseCommand
from django.urls import reverse

from joinedup.demo.logins import DEMO_LOGINS


class Command(BaseCommand):
    help = "Print the demo URL and the demo sign-in accounts."

    def handle(self, *args, **options):
        site = settings.SITE_URL.rstrip("/")
        self.stdout.write(f"Sign in at {site}{reverse('accounts:sign_in')}")
        self.stdout.write("")
        width_label = max(len(login.label) for login in DEMO_LOGINS)
        width_email = max(len(login.email) for login in DEMO_LOGINS)
        width_password = max(len(login.password) for login in DEMO_LOGINS)
        for login in DEMO_LOGINS:
            self.stdout.write(
                f"  {login.label:<{width_label}}  {login.email:<{width_email}}  "
                f"{login.password:<{width_password}}  {login.description}"
            )
