"""Writes for the partnership review paper: generate (and regenerate) it from a closed round,
override a finding's computed judgement with a reason, write commentary and the paper's own
text, and publish it to the partnership's members.

Regenerating refreshes the snapshot and the computed judgements only: commentary, overrides,
the title, author, introduction, looking forward and conclusions are the author's and are
kept. A published paper is frozen: nothing changes it any more.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from joinedup.accounts.models import User
from joinedup.assessment import selectors_paper
from joinedup.assessment.models import (
    Judgement,
    PaperFinding,
    PaperStatus,
    ReviewPaper,
    Round,
)
from joinedup.core import audit
from joinedup.core.audit import Actor
from joinedup.core.conflicts import save_versioned
from joinedup.core.mail import send_email

TEXT_FIELDS = ("title", "author_name", "introduction", "looking_forward", "conclusions")
OVERRIDES = (Judgement.GREEN, Judgement.AMBER, Judgement.RED)
FROZEN = "This paper has been published to members and can no longer be changed."


def _refuse_if_published(paper: ReviewPaper) -> None:
    if paper.status == PaperStatus.PUBLISHED:
        raise ValidationError(FROZEN)


def default_title(round_: Round) -> str:
    return f"{round_.partnership.name}: partnership review paper, {round_.title}"


@transaction.atomic
def generate_paper(*, round: Round, user: User) -> ReviewPaper:
    """Write (or rewrite) the paper from a closed round's results and the live data."""
    if not round.is_closed:
        raise ValidationError(
            "The round is still open. Close it (or wait until its closing date has passed) "
            "before writing the review paper, so the paper reflects every answer."
        )
    paper = ReviewPaper.objects.select_for_update().filter(round=round).first()
    if paper is not None:
        _refuse_if_published(paper)
    content = selectors_paper.paper_content(round)
    now = timezone.now()
    regenerating = paper is not None
    if paper is None:
        paper = ReviewPaper(
            partnership=round.partnership,
            round=round,
            title=default_title(round)[:300],
            author_name=(user.get_full_name() or user.email)[:200],
        )
    paper.generated = content
    paper.generated_at = now
    paper.full_clean()
    if regenerating:
        # Not a version bump: only the generated part changes, so an open edit of the
        # author's text or a finding's commentary still saves.
        paper.save(update_fields=["generated", "generated_at"])
    else:
        paper.save()

    existing = {pf.finding_id: pf for pf in paper.findings.all()}
    findings = list(round.framework_version.findings.order_by("position", "pk"))
    changed_computed = 0
    new_rows = []
    for finding in findings:
        computed = content["findings"].get(finding.key, {}).get("computed") or Judgement.NONE
        row = existing.get(finding.pk)
        if row is None:
            new_rows.append(PaperFinding(paper=paper, finding=finding, computed=computed))
        elif row.computed != computed:
            PaperFinding.objects.filter(pk=row.pk).update(computed=computed)
            changed_computed += 1
    PaperFinding.objects.bulk_create(new_rows)
    audit.record(
        action="assessment.paper.regenerated" if regenerating else "assessment.paper.generated",
        actor=Actor.for_user(user),
        partnership_id=round.partnership_id,
        target=paper,
        summary=(
            f"Regenerated from {round.title}: {changed_computed} computed judgements changed; "
            "commentary, overrides and the author's text kept."
            if regenerating
            else f"Generated from {round.title} with {len(findings)} findings."
        ),
    )
    return paper


@transaction.atomic
def override_judgement(
    *, paper_finding: PaperFinding, user: User, judgement: str, reason: str, expected_version: int
) -> PaperFinding:
    """Set (or, with an empty `judgement`, clear) the coordinator's judgement on a finding.
    A reason is always required; who, when, from, to and why are audited."""
    _refuse_if_published(paper_finding.paper)
    reason = reason.strip()
    if judgement and judgement not in OVERRIDES:
        raise ValidationError({"override": "Choose green, amber or red"})
    if not reason:
        raise ValidationError({"override_reason": "Enter the reason for the judgement"})
    if judgement == paper_finding.override:
        raise ValidationError({"override": "Choose a judgement different from the current one"})
    before = selectors_paper.judgement_words(
        paper_finding.judgement if paper_finding.judgement != "none" else None
    )
    previous = {"override": paper_finding.override, "override_reason": paper_finding.override_reason}
    paper_finding.override = judgement
    paper_finding.override_reason = reason
    paper_finding.overridden_by = user
    paper_finding.overridden_at = timezone.now()
    paper_finding.full_clean()
    save_versioned(
        paper_finding,
        expected_version=expected_version,
        fields=["override", "override_reason", "overridden_by", "overridden_at"],
    )
    after = selectors_paper.judgement_words(
        paper_finding.judgement if paper_finding.judgement != "none" else None
    )
    audit.record(
        action="assessment.paper.judgement_overridden" if judgement else "assessment.paper.override_cleared",
        actor=Actor.for_user(user),
        partnership_id=paper_finding.paper.partnership_id,
        target=paper_finding.paper,
        summary=f"{paper_finding.finding.title}: from {before} to {after}. Reason: {reason}",
        before=previous,
        after={"override": judgement, "override_reason": reason},
    )
    return paper_finding


@transaction.atomic
def update_commentary(
    *, paper_finding: PaperFinding, user: User, commentary: str, expected_version: int
) -> PaperFinding:
    _refuse_if_published(paper_finding.paper)
    before = {"commentary": paper_finding.commentary}
    paper_finding.commentary = commentary.strip()
    paper_finding.full_clean()
    save_versioned(paper_finding, expected_version=expected_version, fields=["commentary"])
    audit.record(
        action="assessment.paper.commentary_changed",
        actor=Actor.for_user(user),
        partnership_id=paper_finding.paper.partnership_id,
        target=paper_finding.paper,
        summary=f"Commentary on {paper_finding.finding.title}",
        before=before,
        after={"commentary": paper_finding.commentary},
    )
    return paper_finding


@transaction.atomic
def update_paper_text(
    *, paper: ReviewPaper, user: User, fields: dict[str, Any], expected_version: int
) -> ReviewPaper:
    """The author's own parts: title, author, introduction, looking forward, conclusions."""
    _refuse_if_published(paper)
    unknown = set(fields) - set(TEXT_FIELDS)
    if unknown:
        raise ValueError(f"Not the author's text: {sorted(unknown)}")
    before = audit.snapshot(paper, TEXT_FIELDS)
    for name, value in fields.items():
        setattr(paper, name, value.strip() if isinstance(value, str) else value)
    paper.full_clean()
    save_versioned(paper, expected_version=expected_version, fields=list(fields))
    audit.record(
        action="assessment.paper.text_changed",
        actor=Actor.for_user(user),
        partnership_id=paper.partnership_id,
        target=paper,
        before=before,
        after=audit.snapshot(paper, TEXT_FIELDS),
    )
    return paper


def _member_emails(paper: ReviewPaper) -> list[str]:
    return sorted(
        {
            email
            for email in paper.partnership.roles.filter(is_active=True, user__is_active=True).values_list(
                "user__email", flat=True
            )
            if email
        }
    )


@transaction.atomic
def publish_paper(*, paper: ReviewPaper, user: User, expected_version: int) -> ReviewPaper:
    """Publish to every role in the partnership and tell each member by email (through the
    task worker). Publishing freezes the paper."""
    _refuse_if_published(paper)
    if not paper.generated_at:
        raise ValidationError("Generate the paper before publishing it.")
    paper.status = PaperStatus.PUBLISHED
    paper.published_at = timezone.now()
    paper.published_by = user
    paper.full_clean()
    save_versioned(
        paper, expected_version=expected_version, fields=["status", "published_at", "published_by"]
    )
    recipients = _member_emails(paper)
    path = selectors_paper.paper_path(paper)
    for email in recipients:
        send_email(
            to=[email],
            subject=f"{paper.partnership.name}: the partnership review paper is published",
            template="assessment/paper/email/published",
            context={
                "partnership_name": paper.partnership.name,
                "title": paper.title,
                "round_title": paper.round.title,
                "publisher": user.get_full_name() or user.email,
                "path": path,
            },
        )
    audit.record(
        action="assessment.paper.published",
        actor=Actor.for_user(user),
        partnership_id=paper.partnership_id,
        target=paper,
        summary=f"Published to members; {len(recipients)} emailed.",
    )
    return paper
