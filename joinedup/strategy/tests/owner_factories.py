"""Factories for owners' digests and the persona world's digest link."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone

from joinedup.core import signed_links
from joinedup.strategy.models import OwnerDigest
from joinedup.strategy.services.owners import PURPOSE


def add_owners_to_world(world: Any) -> None:
    """world.owner_digest: a digest sent to world.person (who has no account) listing
    world.action, and world.owner_link_token, the raw token of its signed link."""
    today = timezone.localdate()
    issued = signed_links.issue_link(
        purpose=PURPOSE,
        target=world.person,
        partnership_id=world.partnership.pk,
        holder_label=world.person.full_name,
        lifetime=dt.timedelta(days=7),
    )
    world.owner_digest = OwnerDigest.objects.create(
        partnership=world.partnership,
        person=world.person,
        cycle_key="world:this-cycle",
        cycle_ends_on=today + dt.timedelta(days=6),
        sent_on=today,
        email=world.person.email,
        action_ids=[world.action.pk],
        link=issued.link,
    )
    world.owner_link_token = issued.token
