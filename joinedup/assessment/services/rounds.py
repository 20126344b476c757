"""Opening and running self-assessment rounds: invitations (snapshotting each respondent's
sector and layer), invitation and reminder emails with personal signed links, closing early,
extending, and the coordinator's consensus answers.

The snapshot rule (docs/assessment.md, "Rounds"): a respondent's sector is the sector of the
organisation they represent on the body, else their own organisation's; their layer is the
highest layer they sit on among the invited bodies (strategic > executive > thematic), so a
person on several layers answers once and is counted once (`analysis.snapshot_invitees`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from joinedup.assessment import selectors_rounds as selectors
from joinedup.assessment.models import (
    Choice,
    ConsensusAnswer,
    FrameworkVersion,
    Invitation,
    Question,
    Response,
    ResponseStatus,
    Round,
)
from joinedup.core import audit, signed_links
from joinedup.core.audit import Actor
from joinedup.core.conflicts import EditConflict, save_versioned
from joinedup.core.mail import send_email
from joinedup.core.models import SignedLink
from joinedup.partnerships.models import Body, Partnership, Person

PURPOSE = "assessment.response"


def _day(date: dt.date) -> str:
    return f"{date.day} {date:%B %Y}"


def link_expiry(closes_on: dt.date) -> dt.datetime:
    """Links expire at the end of the day after the round closes."""
    tz = timezone.get_current_timezone()
    return dt.datetime.combine(closes_on + dt.timedelta(days=2), dt.time.min, tzinfo=tz)


def closing_time(closes_on: dt.date) -> dt.datetime:
    """The end of a round's closing day: the only time an anonymous round's completed link
    carries, so it cannot be matched to when a response arrived."""
    tz = timezone.get_current_timezone()
    return dt.datetime.combine(closes_on, dt.time.max.replace(microsecond=0), tzinfo=tz)


def respond_path(token: str) -> str:
    return reverse("assessment:respond", kwargs={"token": token})


# ---------------------------------------------------------------------------
# Opening a round
# ---------------------------------------------------------------------------


def open_round(
    *,
    partnership: Partnership,
    user: Any,
    title: str,
    framework_version: FrameworkVersion,
    opens_on: dt.date,
    closes_on: dt.date,
    is_anonymous: bool,
    bodies: Sequence[Body] = (),
    sectors: Sequence[str] = (),
    layers: Sequence[str] = (),
    people: Sequence[Person] = (),
    previous_round: Round | None = None,
) -> Round:
    """Create the round and one invitation per invitee with an email address, each with
    their sector and layer snapshotted now. No email is sent yet (`send_invitations`)."""
    if not selectors.available_versions(partnership).filter(pk=framework_version.pk).exists():
        raise ValidationError({"framework_version": "Choose a published framework version"})
    if any(b.partnership_id != partnership.pk for b in bodies) or any(
        p.partnership_id != partnership.pk for p in people
    ):
        raise ValidationError("Choose bodies and people of this partnership")
    if previous_round is not None and previous_round.partnership_id != partnership.pk:
        raise ValidationError({"previous_round": "Choose a round of this partnership"})
    preview = selectors.invitee_preview(
        partnership,
        body_ids=[b.pk for b in bodies],
        sectors=sectors,
        layers=layers,
        person_ids=[p.pk for p in people],
        today=opens_on,
    )
    if not preview.invitees:
        raise ValidationError("Nobody with an email address would be invited. Choose bodies or people.")
    with transaction.atomic():
        round_ = Round(
            partnership=partnership,
            framework_version=framework_version,
            title=title,
            opens_on=opens_on,
            closes_on=closes_on,
            is_anonymous=is_anonymous,
            invite_sectors=list(sectors),
            invite_layers=list(layers),
            previous_round=previous_round or selectors.default_previous_round(partnership, framework_version),
            # Snapshot: results of this round always use the smallest group in force when it opened.
            min_group_size=selectors.min_group_size(partnership),
            created_by=user,
        )
        round_.full_clean()
        round_.save()
        round_.invite_bodies.set(bodies)
        round_.invite_people.set(people)
        invitations = [
            Invitation(
                partnership=partnership,
                round=round_,
                person=invitee.person,
                email=invitee.person.email,
                sector=invitee.sector,
                layer=invitee.layer,
            )
            for invitee in preview.invitees
        ]
        for invitation in invitations:
            invitation.full_clean(exclude=["round"])
        Invitation.objects.bulk_create(invitations)
        audit.record(
            action="assessment.round.opened",
            actor=Actor.for_user(user),
            partnership_id=partnership.pk,
            target=round_,
            summary=f"Opened the round {title!r} with {len(invitations)} invitee"
            f"{'s' if len(invitations) != 1 else ''} ({'anonymous' if is_anonymous else 'named'}), "
            f"{_day(opens_on)} to {_day(closes_on)}.",
            after={
                "framework_version": str(framework_version),
                "opens_on": opens_on,
                "closes_on": closes_on,
                "is_anonymous": is_anonymous,
                "bodies": [b.name for b in bodies],
                "sectors": list(sectors),
                "layers": list(layers),
                "people": [p.full_name for p in people],
                "invitations": len(invitations),
                "not_invited_no_email": [i.person.full_name for i in preview.no_email],
            },
        )
    return round_


# ---------------------------------------------------------------------------
# Invitations and reminders
# ---------------------------------------------------------------------------


@dataclass
class SendRun:
    sent: list[Invitation] = field(default_factory=list)
    skipped: list[Invitation] = field(default_factory=list)


def _send(*, round_: Round, invitation: Invitation, user: Any, reminder: bool) -> None:
    """Issue a fresh link (revoking the invitation's previous one) and email it."""
    if invitation.link is not None:
        signed_links.revoke_link(invitation.link)
    issued = signed_links.issue_link(
        purpose=PURPOSE,
        target=invitation,
        partnership_id=round_.partnership_id,
        holder_label=invitation.person.full_name,
        lifetime=link_expiry(round_.closes_on) - timezone.now(),
        created_by=user,
    )
    # Exactly the end of the day after closing (the lifetime above drifts by microseconds).
    issued.link.expires_at = link_expiry(round_.closes_on)
    issued.link.save(update_fields=["expires_at"])
    invitation.link = issued.link
    invitation.sent_count += 1
    invitation.last_sent_at = timezone.now()
    invitation.save(update_fields=["link", "sent_count", "last_sent_at"])
    partnership = round_.partnership
    send_email(
        to=[invitation.email],
        subject=(
            f"Reminder: {partnership.name} self-assessment closes on {_day(round_.closes_on)}"
            if reminder
            else f"{partnership.name}: please answer the self-assessment by {_day(round_.closes_on)}"
        ),
        template="assessment/rounds/email/invitation",
        context={
            "person": invitation.person,
            "partnership": partnership,
            "round": round_,
            "reminder": reminder,
            "closes_on": _day(round_.closes_on),
            "link_path": respond_path(issued.token),
        },
    )


def _locked_round(round_: Round) -> Round:
    return Round.objects.select_for_update().select_related("partnership").get(pk=round_.pk)


def send_invitations(*, round_: Round, user: Any) -> SendRun:
    """Email every invitee not yet invited. Safe to repeat: nobody is invited twice."""
    run = SendRun()
    with transaction.atomic():
        round_ = _locked_round(round_)
        if round_.is_closed:
            raise ValidationError("This round has closed: invitations can no longer be sent")
        for invitation in round_.invitations.select_related("person", "link").order_by("pk"):
            if invitation.sent_count or not invitation.email:
                run.skipped.append(invitation)
                continue
            _send(round_=round_, invitation=invitation, user=user, reminder=False)
            run.sent.append(invitation)
        if round_.invitations_sent_at is None and run.sent:
            round_.invitations_sent_at = timezone.now()
            round_.save(update_fields=["invitations_sent_at"])
        audit.record(
            action="assessment.round.invitations_sent",
            actor=Actor.for_user(user),
            partnership_id=round_.partnership_id,
            target=round_,
            summary=f"Sent {len(run.sent)} invitation{'s' if len(run.sent) != 1 else ''} to answer {round_}.",
            after={"sent": len(run.sent)},
        )
    return run


def send_reminders(*, round_: Round, user: Any) -> SendRun:
    """Remind only invitees who were invited and have not responded; each gets a fresh
    link (the old one is revoked)."""
    run = SendRun()
    with transaction.atomic():
        round_ = _locked_round(round_)
        if round_.is_closed:
            raise ValidationError("This round has closed: reminders can no longer be sent")
        for invitation in round_.invitations.select_related("person", "link").order_by("pk"):
            if invitation.responded or not invitation.sent_count or not invitation.email:
                run.skipped.append(invitation)
                continue
            _send(round_=round_, invitation=invitation, user=user, reminder=True)
            run.sent.append(invitation)
        audit.record(
            action="assessment.round.reminders_sent",
            actor=Actor.for_user(user),
            partnership_id=round_.partnership_id,
            target=round_,
            summary=f"Sent {len(run.sent)} reminder{'s' if len(run.sent) != 1 else ''} for {round_}.",
            after={"sent": len(run.sent)},
        )
    return run


def resend_invitation(*, invitation: Invitation, user: Any) -> Invitation:
    """Send one invitee a fresh link; the old link stops working."""
    with transaction.atomic():
        round_ = _locked_round(invitation.round)
        invitation = round_.invitations.select_related("person", "link").get(pk=invitation.pk)
        if round_.is_closed:
            raise ValidationError("This round has closed: links can no longer be sent")
        if invitation.responded:
            raise ValidationError(f"{invitation.person.full_name} has already responded")
        if not invitation.email:
            raise ValidationError(f"{invitation.person.full_name} has no email address")
        _send(round_=round_, invitation=invitation, user=user, reminder=invitation.sent_count > 0)
        audit.record(
            action="assessment.invitation.resent",
            actor=Actor.for_user(user),
            partnership_id=round_.partnership_id,
            target=round_,
            summary=f"Sent {invitation.person.full_name} a fresh link to answer {round_}; the old link "
            "no longer works.",
        )
    return invitation


# ---------------------------------------------------------------------------
# Closing early and extending
# ---------------------------------------------------------------------------


def delete_anonymous_drafts(*, round_: Round) -> int:
    """In a closed anonymous round, delete every unsubmitted draft: a draft is linked to its
    invitation (so the link can reopen it), and once the round is closed nothing may keep
    answers linked to a person. Idempotent; named rounds keep their drafts. Returns how many
    drafts were deleted."""
    if not round_.is_anonymous or not round_.is_closed:
        return 0
    _, by_model = Response.objects.filter(round=round_, status=ResponseStatus.DRAFT).delete()
    return by_model.get(Response._meta.label, 0)


def close_due_rounds(*, today: dt.date) -> int:
    """Scheduled work (the `close_due_rounds` command, run daily by cron): delete the drafts
    of every anonymous round whose closing date has passed. Safe to run more often."""
    total = 0
    due = Round.objects.filter(is_anonymous=True, closes_on__lt=today, responses__status=ResponseStatus.DRAFT)
    for round_ in due.distinct().order_by("pk"):
        with transaction.atomic():
            total += delete_anonymous_drafts(round_=round_)
    return total


def close_round(*, round_: Round, user: Any) -> Round:
    """Close the round now: links stop opening the form; drafts stay unsubmitted (and are
    deleted in anonymous rounds, `delete_anonymous_drafts`)."""
    with transaction.atomic():
        round_ = _locked_round(round_)
        if round_.closed_at is not None:
            raise ValidationError("This round is already closed")
        round_.closed_at = timezone.now()
        round_.save(update_fields=["closed_at"])
        delete_anonymous_drafts(round_=round_)
        audit.record(
            action="assessment.round.closed",
            actor=Actor.for_user(user),
            partnership_id=round_.partnership_id,
            target=round_,
            summary=f"Closed {round_} (it was due to close on {_day(round_.closes_on)}).",
        )
    return round_


def extend_round(*, round_: Round, user: Any, closes_on: dt.date, expected_version: int) -> Round:
    """Move the closing date later; every unused link lasts until the day after it."""
    with transaction.atomic():
        round_ = _locked_round(round_)
        if round_.closed_at is not None:
            raise ValidationError("This round was closed early and cannot be extended")
        before = round_.closes_on
        if closes_on <= before:
            raise ValidationError({"closes_on": f"Enter a date after {_day(before)}"})
        if closes_on < timezone.localdate():
            raise ValidationError({"closes_on": "Enter a date in the future"})
        round_.closes_on = closes_on
        round_.full_clean()
        save_versioned(round_, expected_version=expected_version, fields=["closes_on"])
        SignedLink.objects.filter(
            pk__in=round_.invitations.exclude(link=None).values("link_id"),
            revoked_at__isnull=True,
            completed_at__isnull=True,
        ).update(expires_at=link_expiry(closes_on))
        if round_.is_anonymous:
            # Completed links carry the closing date, never when they were used: move them too.
            end = closing_time(closes_on)
            SignedLink.objects.filter(
                pk__in=round_.invitations.exclude(link=None).values("link_id"), completed_at__isnull=False
            ).update(completed_at=end, last_used_at=end)
        audit.record(
            action="assessment.round.extended",
            actor=Actor.for_user(user),
            partnership_id=round_.partnership_id,
            target=round_,
            summary=f"Extended {round_} to close on {_day(closes_on)}.",
            before={"closes_on": before},
            after={"closes_on": closes_on},
        )
    return round_


# ---------------------------------------------------------------------------
# Consensus answers: the coordinator's, after discussion; never anonymous
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class ConsensusInput:
    choice: str  # "" leaves the question without a consensus answer
    note: str
    version: int | None  # the version the form was read at; None when there was none


def record_consensus(
    *, round_: Round, questions: Sequence[Question], answers: Mapping[int, ConsensusInput], user: Any
) -> list[ConsensusAnswer]:
    """Record or change the consensus answers for some questions (one element's page).

    Conflict-safe: if anyone recorded or changed an answer after this form was read, nothing
    is saved and EditConflict carries the stored answer. Audited with who recorded it."""
    saved = []
    valid = set(Choice.values)
    with transaction.atomic():
        existing = {c.question_id: c for c in round_.consensus_answers.select_for_update()}
        for question in questions:
            given = answers.get(question.pk)
            if given is None:
                continue
            if given.choice and given.choice not in valid:
                raise ValidationError({f"q{question.pk}": "Choose one of the answers"})
            current = existing.get(question.pk)
            if current is None:
                if given.version is not None:
                    raise ValidationError("This consensus answer was removed. Reload the page.")
                if not given.choice:
                    continue
                answer = ConsensusAnswer(
                    partnership_id=round_.partnership_id,
                    round=round_,
                    question=question,
                    choice=given.choice,
                    note=given.note,
                    recorded_by=user,
                )
                answer.full_clean()
                answer.save()
                before = None
            else:
                if given.version is None:
                    raise EditConflict(
                        current=current, attempted={"choice": given.choice, "note": given.note}
                    )
                if current.choice == given.choice and current.note == given.note:
                    continue
                before = {"choice": current.choice, "note": current.note}
                if not given.choice:
                    raise ValidationError(
                        {f"q{question.pk}": "Choose an answer: a recorded answer cannot be removed"}
                    )
                current.choice, current.note = given.choice, given.note
                current.recorded_by, current.recorded_at = user, timezone.now()
                current.full_clean()
                save_versioned(
                    current,
                    expected_version=given.version,
                    fields=["choice", "note", "recorded_by", "recorded_at"],
                )
                answer = current
            saved.append(answer)
            audit.record(
                action="assessment.consensus.recorded",
                actor=Actor.for_user(user),
                partnership_id=round_.partnership_id,
                target=round_,
                summary=f"Recorded the consensus answer {answer.get_choice_display()!r} to {question.key} "
                f"in {round_}.",
                before=before,
                after={"question": question.key, "choice": answer.choice, "note": answer.note},
            )
    return saved
