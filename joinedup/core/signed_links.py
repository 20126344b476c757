"""Signed links for people without accounts: one scheme for every room.

A link is single-purpose (its `purpose` names the handler that opens it), expiring,
revocable, and reusable until its task is done. The token is random (not derived
from ids, so it cannot be guessed) and only its SHA-256 hash is stored.

Rooms register a handler for their purpose in AppConfig.ready():

    signed_links.register_purpose("partnerships.invitation", accept_invitation_view)

and the shared URL `/l/<token>/` dispatches to it.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from collections.abc import Callable
from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils import timezone

from joinedup.core.models import SignedLink

Handler = Callable[[HttpRequest, SignedLink, str], HttpResponse]
_handlers: dict[str, Handler] = {}


class LinkNotUsable(Exception):
    """Why a link cannot be opened, in words for the person holding it."""

    def __init__(self, reason: str, link: SignedLink | None = None):
        super().__init__(reason)
        self.reason = reason
        self.link = link


@dataclass(frozen=True)
class IssuedLink:
    link: SignedLink
    token: str

    @property
    def path(self) -> str:
        return reverse("core:signed_link", kwargs={"token": self.token})


def register_purpose(purpose: str, handler: Handler) -> None:
    _handlers[purpose] = handler


def handler_for(purpose: str) -> Handler | None:
    return _handlers.get(purpose)


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def issue_link(
    *,
    purpose: str,
    target: models.Model | None,
    partnership_id: int | None,
    holder_label: str,
    lifetime: dt.timedelta,
    created_by=None,
) -> IssuedLink:
    token = secrets.token_urlsafe(32)
    link = SignedLink.objects.create(
        purpose=purpose,
        token_hash=_hash(token),
        partnership_id=partnership_id,
        target_type=ContentType.objects.get_for_model(target) if target is not None else None,
        target_id=str(target.pk) if target is not None else "",
        holder_label=holder_label,
        expires_at=timezone.now() + lifetime,
        created_by=created_by,
    )
    return IssuedLink(link=link, token=token)


def open_link(token: str, *, purpose: str | None = None) -> SignedLink:
    """The link for a token, if it may still be used; otherwise LinkNotUsable."""
    link = SignedLink.objects.filter(token_hash=_hash(token)).first()
    if link is None or (purpose is not None and link.purpose != purpose):
        raise LinkNotUsable("This link is not valid. Check you copied the whole link from the email.")
    now = timezone.now()
    if link.revoked_at is not None:
        raise LinkNotUsable("This link has been withdrawn. Ask the person who sent it for a new one.", link)
    if link.completed_at is not None:
        raise LinkNotUsable("This link has already been used to finish what it was sent for.", link)
    if link.expires_at <= now:
        raise LinkNotUsable("This link has expired. Ask the person who sent it for a new one.", link)
    SignedLink.objects.filter(pk=link.pk).update(last_used_at=now)
    return link


def complete_link(link: SignedLink) -> None:
    """Mark the link's task done: it no longer opens."""
    link.completed_at = timezone.now()
    link.save(update_fields=["completed_at"])


def revoke_link(link: SignedLink) -> None:
    if link.revoked_at is None:
        link.revoked_at = timezone.now()
        link.save(update_fields=["revoked_at"])
