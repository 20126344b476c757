"""Deactivate (or reactivate) an account. Its history stays, with its name on it."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from joinedup.accounts import services
from joinedup.core.audit import Actor


class Command(BaseCommand):
    help = "Stop an account from signing in (or, with --reactivate, let it sign in again)."

    def add_arguments(self, parser):
        parser.add_argument("email")
        parser.add_argument("--reactivate", action="store_true")

    def handle(self, *args, email: str, reactivate: bool, **options):
        user = services.find_user(email)
        if user is None:
            raise CommandError(f"There is no account for {email}.")
        actor = Actor.system("deactivate_user command")
        if reactivate:
            services.reactivate_user(user=user, actor=actor)
            self.stdout.write(self.style.SUCCESS(f"{user.email} can sign in again."))
        else:
            services.deactivate_user(user=user, actor=actor)
            self.stdout.write(self.style.SUCCESS(f"{user.email} can no longer sign in."))
