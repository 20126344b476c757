"""Starting a new installation without the demo: the first partnership and its admin.

Used by the `create_partnership` command and the first-run page at /setup/ (which
works only while the installation has no accounts at all).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction
from django.utils.text import slugify

from joinedup.accounts import services as accounts
from joinedup.accounts.models import User
from joinedup.core import signed_links
from joinedup.core.audit import Actor, record
from joinedup.partnerships.models import Partnership, Role
from joinedup.partnerships.services import team as team_services


def installation_is_empty() -> bool:
    """True until the first account exists; the first-run page is open only until then."""
    return not User.objects.exists()


def unique_slug(name: str) -> str:
    base = slugify(name)[:50] or "partnership"
    slug, n = base, 2
    while Partnership.objects.filter(slug=slug).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


@transaction.atomic
def start_partnership(
    *, name: str, partnership_type: str, tier: str, actor: Actor, slug: str | None = None
) -> Partnership:
    partnership = Partnership(
        name=name.strip(),
        slug=slug or unique_slug(name),
        partnership_type=partnership_type,
        tier=tier,
    )
    partnership.full_clean()
    partnership.save()
    record(
        action="partnerships.partnership.created",
        actor=actor,
        partnership_id=partnership.pk,
        target=partnership,
        summary=f"Created the partnership {partnership.name}.",
    )
    return partnership


@dataclass(frozen=True)
class FirstAdmin:
    user: User | None  # set when an existing account was made admin straight away
    link: signed_links.IssuedLink | None  # the invitation link, when the admin has no account yet


@transaction.atomic
def appoint_first_admin(*, partnership: Partnership, email: str, actor: Actor) -> FirstAdmin:
    """Make `email` the partnership's admin: at once if the account exists, otherwise by
    an invitation whose link lets them choose a name and password."""
    existing = accounts.find_user(email)
    if existing is not None and existing.is_active:
        team_services.grant_role(partnership=partnership, user=existing, role=Role.ADMIN, by=actor)
        return FirstAdmin(user=existing, link=None)
    _, issued = team_services.invite(partnership=partnership, email=email, role=Role.ADMIN, by=actor)
    return FirstAdmin(user=None, link=issued)


@transaction.atomic
def set_up_installation(
    *,
    operator_email: str,
    operator_name: str,
    operator_password: str,
    partnership_name: str,
    partnership_type: str,
    tier: str,
    admin_email: str,
) -> tuple[User, Partnership, FirstAdmin]:
    """The first-run page's work, all or nothing: the site operator's account, the first
    partnership, and its admin (the operator themselves if `admin_email` is theirs)."""
    if not installation_is_empty():
        raise PermissionError("This installation has already been set up.")
    operator = accounts.create_operator(
        email=operator_email, full_name=operator_name, actor=Actor.system("First-run page")
    )
    accounts.set_initial_password(user=operator, password=operator_password)
    actor = Actor.for_user(operator)
    partnership = start_partnership(
        name=partnership_name, partnership_type=partnership_type, tier=tier, actor=actor
    )
    admin = appoint_first_admin(partnership=partnership, email=admin_email or operator.email, actor=actor)
    return operator, partnership, admin
