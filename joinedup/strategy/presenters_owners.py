"""What the owner's update page and the owners page show of each action."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from joinedup.strategy.analysis import Rag
from joinedup.strategy.models import Action, OwnerDigest
from joinedup.strategy.presenters_delivery import RAG_TAGS
from joinedup.strategy.selectors_delivery import rag_of


@dataclass(frozen=True)
class OwnerItem:
    action: Action
    rag: Rag
    rag_tag: str
    updated_since_digest: bool
    form: Any


def owner_items(
    actions: list[Action], *, digest: OwnerDigest, today: dt.date, forms: dict[int, Any]
) -> list[OwnerItem]:
    items = []
    for action in actions:
        rag = rag_of(action, today=today)
        items.append(
            OwnerItem(
                action=action,
                rag=rag,
                rag_tag=RAG_TAGS[rag.result],
                updated_since_digest=bool(action.last_update_at and action.last_update_at >= digest.sent_at),
                form=forms[action.pk],
            )
        )
    return items
