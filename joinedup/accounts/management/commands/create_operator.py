"""Create a site operator and print a one-time link to set their password.

Operators run the installation (Django admin, reference data); they see no
partnership's data unless that partnership's admin grants them support access.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from joinedup.accounts import services
from joinedup.core.audit import Actor


class Command(BaseCommand):
    help = "Create a site operator account and print a one-time link to set its password."

    def add_arguments(self, parser):
        parser.add_argument("--email", required=True)
        parser.add_argument("--name", default="", help="The operator's full name.")

    def handle(self, *args, email: str, name: str, **options):
        if services.find_user(email) is not None:
            raise CommandError(f"An account for {email} already exists.")
        try:
            user = services.create_operator(
                email=email, full_name=name, actor=Actor.system("create_operator command")
            )
        except ValidationError as exc:
            raise CommandError("; ".join(exc.messages)) from exc
        issued = services.issue_set_password_link(user=user)
        self.stdout.write(self.style.SUCCESS(f"Created the site operator {user.email}."))
        self.stdout.write(
            "Send them this one-time link to set their password "
            f"(it works for {services.set_password_link_lifetime().days} days):"
        )
        self.stdout.write(services.absolute_url(issued.path))
