"""Create a partnership and its admin on a new installation (no demo needed)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from joinedup.accounts.services import absolute_url
from joinedup.core.audit import Actor
from joinedup.partnerships import first_run
from joinedup.partnerships.models import LocalGovernmentTier, PartnershipType


class Command(BaseCommand):
    help = (
        "Create a partnership and make --admin-email its admin. Prints a one-time invitation "
        "link with which the admin sets their name and password (or signs in, if they have "
        "an account)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--name", required=True)
        parser.add_argument("--type", required=True, choices=PartnershipType.values, dest="partnership_type")
        parser.add_argument("--tier", required=True, choices=LocalGovernmentTier.values)
        parser.add_argument("--admin-email", required=True)
        parser.add_argument(
            "--slug", help="The partnership's address, /p/<slug>/ (made from the name if left out)."
        )

    def handle(self, *args, name, partnership_type, tier, admin_email, slug=None, **options):
        actor = Actor.system("create_partnership command")
        try:
            with transaction.atomic():
                partnership = first_run.start_partnership(
                    name=name, partnership_type=partnership_type, tier=tier, slug=slug, actor=actor
                )
                admin = first_run.appoint_first_admin(partnership=partnership, email=admin_email, actor=actor)
        except ValidationError as exc:
            raise CommandError("; ".join(exc.messages)) from exc
        self.stdout.write(self.style.SUCCESS(f"Created {partnership.name} at /p/{partnership.slug}/."))
        if admin.link is None:
            self.stdout.write(f"{admin.user.email} already had an account and is now its admin.")
        else:
            self.stdout.write(
                f"Invited {admin_email} to be its admin. Their one-time link (also sent by email) is:"
            )
            self.stdout.write(absolute_url(admin.link.path))
