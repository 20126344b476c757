"""Writes to accounts: creating accounts, profiles, passwords, deactivation.

Accounts know nothing of partnerships; every audit entry written here is global
(`partnership_id=None`).
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.contrib.auth import password_validation
from django.db import transaction
from django.utils import timezone

from joinedup.accounts.models import User
from joinedup.core import signed_links
from joinedup.core.audit import Actor, record

SET_PASSWORD_PURPOSE = "accounts.set_password"  # noqa: S105 (a link purpose)


def normalise_email(email: str) -> str:
    return (email or "").strip().lower()


def find_user(email: str) -> User | None:
    """The account for an email address, active or not, ignoring case."""
    return User.objects.filter(email__iexact=normalise_email(email)).first()


@transaction.atomic
def create_account(*, email: str, full_name: str, password: str | None, actor: Actor | None = None) -> User:
    """A new, active account. `password=None` leaves it without a usable password
    (the owner sets one through a set-password link)."""
    user = User(email=normalise_email(email), full_name=full_name.strip())
    if password is None:
        user.set_unusable_password()
    else:
        password_validation.validate_password(password, user)
        user.set_password(password)
    user.full_clean()
    user.save()
    record(
        action="accounts.user.created",
        actor=actor or Actor.for_user(user),
        partnership_id=None,
        target=user,
        summary=f"Created the account {user.email}.",
    )
    return user


@transaction.atomic
def create_operator(*, email: str, full_name: str, actor: Actor) -> User:
    """A site operator (superuser). Operators see no partnership data unless an admin
    of that partnership grants them support access."""
    user = User(email=normalise_email(email), full_name=full_name.strip(), is_staff=True, is_superuser=True)
    user.set_unusable_password()
    user.full_clean()
    user.save()
    record(
        action="accounts.operator.created",
        actor=actor,
        partnership_id=None,
        target=user,
        summary=f"Created the site operator account {user.email}.",
    )
    return user


def set_initial_password(*, user: User, password: str) -> User:
    """Give a just-created account its first password (validated like any other)."""
    password_validation.validate_password(password, user)
    user.set_password(password)
    user.save(update_fields=["password"])
    return user


@transaction.atomic
def update_profile(*, user: User, full_name: str) -> User:
    before = {"full_name": user.full_name}
    user.full_name = full_name.strip()
    user.full_clean()
    user.save(update_fields=["full_name"])
    record(
        action="accounts.profile.changed",
        actor=Actor.for_user(user),
        partnership_id=None,
        target=user,
        summary="Changed their name.",
        before=before,
        after={"full_name": user.full_name},
    )
    return user


def record_password_changed(*, user: User, how: str) -> None:
    """Audit a password change (the form has already saved it). `how`: changed, reset, set."""
    record(
        action=f"accounts.password.{how}",
        actor=Actor.for_user(user),
        partnership_id=None,
        target=user,
        summary={
            "changed": "Changed their password.",
            "reset": "Reset their password by email.",
            "set": "Set their password with a one-time link.",
        }[how],
    )


@transaction.atomic
def deactivate_user(*, user: User, actor: Actor) -> User:
    """Stop an account from signing in. Everything it did stays, with its name on it."""
    if not user.is_active:
        return user
    user.is_active = False
    user.deactivated_at = timezone.now()
    user.save(update_fields=["is_active", "deactivated_at"])
    record(
        action="accounts.user.deactivated",
        actor=actor,
        partnership_id=None,
        target=user,
        summary=f"Deactivated the account {user.email}.",
    )
    return user


@transaction.atomic
def reactivate_user(*, user: User, actor: Actor) -> User:
    if user.is_active:
        return user
    user.is_active = True
    user.deactivated_at = None
    user.save(update_fields=["is_active", "deactivated_at"])
    record(
        action="accounts.user.reactivated",
        actor=actor,
        partnership_id=None,
        target=user,
        summary=f"Reactivated the account {user.email}.",
    )
    return user


def set_password_link_lifetime() -> dt.timedelta:
    return dt.timedelta(days=getattr(settings, "SET_PASSWORD_LINK_DAYS", 7))


def issue_set_password_link(*, user: User, created_by: User | None = None) -> signed_links.IssuedLink:
    """A one-time link with which the account's owner sets their password.

    Earlier set-password links for the same account are withdrawn, so only the newest works.
    """
    for old in _open_set_password_links(user):
        signed_links.revoke_link(old)
    return signed_links.issue_link(
        purpose=SET_PASSWORD_PURPOSE,
        target=user,
        partnership_id=None,
        holder_label=user.email,
        lifetime=set_password_link_lifetime(),
        created_by=created_by,
    )


def _open_set_password_links(user: User):
    from django.contrib.contenttypes.models import ContentType

    from joinedup.core.models import SignedLink

    return SignedLink.objects.filter(
        purpose=SET_PASSWORD_PURPOSE,
        target_type=ContentType.objects.get_for_model(User),
        target_id=str(user.pk),
        revoked_at__isnull=True,
        completed_at__isnull=True,
    )


@transaction.atomic
def set_password_with_link(*, link, user: User, password: str) -> User:
    password_validation.validate_password(password, user)
    user.set_password(password)
    user.save(update_fields=["password"])
    signed_links.complete_link(link)
    record_password_changed(user=user, how="set")
    return user


def absolute_url(path: str) -> str:
    return settings.SITE_URL.rstrip("/") + path
