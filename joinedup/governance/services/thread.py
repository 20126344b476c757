"""Accepting the agenda suggestion, and governing documents with their checklists: the only way
they are changed. Every function is one transaction with one audit entry (adding suggestions goes
through `services.meetings.add_item`, one item and one entry each)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from joinedup.core import audit
from joinedup.core.audit import Actor
from joinedup.core.conflicts import save_versioned
from joinedup.governance import analysis_thread as analysis
from joinedup.governance import checklists
from joinedup.governance.models import AgendaItem, GoverningDocument, Meeting
from joinedup.governance.services import meetings as meeting_services
from joinedup.partnerships.models import Partnership

DOCUMENT_FIELDS = ("kind", "title", "body", "file", "adopted_on", "review_due")


def add_suggestions(
    *, meeting: Meeting, user: Any, suggestions: list[analysis.Suggestion], objects: Mapping[str, Any]
) -> list[AgendaItem]:
    """Each chosen suggestion becomes an agenda item of the meeting, linked to what it is about."""
    if not suggestions:
        raise ValidationError({"suggestions": "Select at least one suggestion to add"})
    items = []
    with transaction.atomic():
        for s in suggestions:
            obj = objects.get(s.key)
            if obj is None:
                raise ValidationError({"suggestions": "A suggestion is no longer available; reload the page"})
            links = {s.link: [obj]} if s.link else {}
            if s.kind == "escalation":
                links["indicators"] = [obj.indicator]
            items.append(
                meeting_services.add_item(
                    meeting=meeting,
                    user=user,
                    fields={"title": s.title[:300], "purpose": s.purpose},
                    links=links,
                )
            )
    return items


def _check_document(partnership: Partnership, fields: Mapping[str, Any]) -> None:
    body = fields.get("body")
    if body is not None and body.partnership_id != partnership.pk:
        raise ValidationError({"body": "Choose a body of this partnership"})
    adopted, review = fields.get("adopted_on"), fields.get("review_due")
    if adopted and review and review < adopted:
        raise ValidationError({"review_due": "The review date must be on or after the date it was adopted"})


def create_document(*, partnership: Partnership, user: Any, fields: Mapping[str, Any]) -> GoverningDocument:
    _check_document(partnership, fields)
    with transaction.atomic():
        doc = GoverningDocument(partnership=partnership)
        for name in DOCUMENT_FIELDS:
            if name in fields:
                setattr(doc, name, fields[name])
        doc.full_clean()
        doc.save()
        audit.record(
            action="governance.document.added",
            actor=Actor.for_user(user),
            partnership_id=partnership.pk,
            target=doc,
            summary=f"Added the governing document {doc.title}.",
            after=audit.snapshot(doc, DOCUMENT_FIELDS),
        )
    return doc


def update_document(
    *, document: GoverningDocument, user: Any, expected_version: int, fields: Mapping[str, Any]
) -> GoverningDocument:
    _check_document(document.partnership, fields)
    with transaction.atomic():
        before = audit.snapshot(document, DOCUMENT_FIELDS)
        names = [n for n in DOCUMENT_FIELDS if n in fields]
        for name in names:
            setattr(document, name, fields[name])
        document.full_clean()
        save_versioned(document, expected_version=expected_version, fields=names)
        audit.record(
            action="governance.document.updated",
            actor=Actor.for_user(user),
            partnership_id=document.partnership_id,
            target=document,
            summary=f"Changed the governing document {document.title}.",
            before=before,
            after=audit.snapshot(document, DOCUMENT_FIELDS),
        )
    return document


def answers_of(document: GoverningDocument, checklist: str) -> dict[str, str]:
    return dict(document.checklist.filter(checklist=checklist).values_list("element", "clause"))


def save_checklist(
    *,
    document: GoverningDocument,
    user: Any,
    expected_version: int,
    checklist: str,
    answers: Mapping[str, str],
) -> GoverningDocument:
    """Record, for each element of a checklist, the clause that covers it ("" = missing). The
    document's version guards the checklist too, so two people editing it never overwrite each
    other silently."""
    definition = checklists.CHECKLISTS.get(checklist)
    if definition is None:
        raise ValidationError("No such checklist")
    keys = {e.key for e in definition.elements}
    if set(answers) - keys:
        raise ValidationError("Unknown checklist elements")
    with transaction.atomic():
        before = answers_of(document, checklist)
        save_versioned(document, expected_version=expected_version, fields=[])
        for key in sorted(keys):
            document.checklist.update_or_create(
                checklist=checklist,
                element=key,
                defaults={
                    "partnership_id": document.partnership_id,
                    "clause": (answers.get(key) or "").strip(),
                },
            )
        after = answers_of(document, checklist)
        gaps = len(checklists.missing(definition, after))
        audit.record(
            action="governance.document.checklist_saved",
            actor=Actor.for_user(user),
            partnership_id=document.partnership_id,
            target=document,
            summary=f"Recorded the {definition.title.lower()} for {document.title}: {gaps} missing.",
            before=before,
            after=after,
        )
    return document
