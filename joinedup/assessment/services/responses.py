"""A respondent's answers, saved through their personal link, and submitting them.

Anonymity: in an anonymous round, submitting creates the submitted response as a new row
with no invitation, no person and no date (`submitted_on` stays empty), copies the answers and
deletes the draft; the invitation keeps only `responded = True` (for reminders). The link is
completed with the round's closing time (end of the closing day), so its times cannot be
matched to the response. Drafts of anonymous rounds are deleted when the round closes
(`services.rounds.delete_anonymous_drafts`). Named rounds keep the invitation and the person.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from joinedup.assessment.models import (
    Answer,
    Choice,
    Invitation,
    Question,
    Response,
    ResponseStatus,
)
from joinedup.assessment.services.rounds import closing_time
from joinedup.core import audit
from joinedup.core.audit import Actor
from joinedup.core.models import SignedLink

ANONYMOUS_ACTOR = "A respondent (anonymous round)"


class NotAnswerable(Exception):
    """The round is closed (or not open yet), or this invitation has already responded."""


def _actor(invitation: Invitation) -> Actor:
    if invitation.round.is_anonymous:
        return Actor.for_link(ANONYMOUS_ACTOR)
    return Actor.for_link(invitation.person.full_name)


def _check_answerable(invitation: Invitation) -> None:
    round_ = invitation.round
    if invitation.responded:
        raise NotAnswerable("You have already submitted your answers to this round.")
    if not round_.is_open_on(timezone.localdate()):
        raise NotAnswerable("This round is not open for answers.")


def save_answers(
    *, invitation: Invitation, questions: Sequence[Question], answers: Mapping[int, tuple[str, str]]
) -> Response:
    """Save (or change) a respondent's draft answers to some questions (one element's page).
    A question given no choice keeps no answer; unanswered questions are allowed until submit."""
    valid = set(Choice.values)
    with transaction.atomic():
        invitation = (
            Invitation.objects.select_for_update().select_related("round", "person").get(pk=invitation.pk)
        )
        _check_answerable(invitation)
        round_ = invitation.round
        draft = Response.objects.filter(invitation=invitation).first()
        if draft is None:
            draft = Response(
                partnership_id=invitation.partnership_id,
                round=round_,
                invitation=invitation,
                person=None if round_.is_anonymous else invitation.person,
                sector=invitation.sector,
                layer=invitation.layer,
            )
            draft.full_clean()
            draft.save()
        version_id = round_.framework_version_id
        for question in questions:
            if question.element.version_id != version_id:
                raise ValidationError("That question is not in this round's framework")
            choice, comment = answers.get(question.pk, ("", ""))
            if not choice:
                draft.answers.filter(question=question).delete()
                continue
            if choice not in valid:
                raise ValidationError({f"q{question.pk}": "Choose one of the answers"})
            Answer.objects.update_or_create(
                response=draft, question=question, defaults={"choice": choice, "comment": comment.strip()}
            )
        audit.record(
            action="assessment.response.saved",
            actor=_actor(invitation),
            partnership_id=invitation.partnership_id,
            # Anonymous rounds: the entry names the round, never the invitation or person.
            target=round_ if round_.is_anonymous else invitation,
            summary=f"Saved answers to {len(questions)} question{'s' if len(questions) != 1 else ''} "
            f"of {round_}.",
        )
    return draft


def unanswered(*, invitation: Invitation, questions: Sequence[Question]) -> list[Question]:
    draft = Response.objects.filter(invitation=invitation).first()
    answered = set(draft.answers.values_list("question_id", flat=True)) if draft else set()
    return [q for q in questions if q.pk not in answered]


def submit_response(*, invitation: Invitation, link: SignedLink, questions: Sequence[Question]) -> Response:
    """Submit the draft. Every question must be answered ("Don't know" counts): otherwise a
    ValidationError names each unanswered question (by its id, `q<pk>`). The link then no
    longer opens the form."""
    with transaction.atomic():
        invitation = (
            Invitation.objects.select_for_update().select_related("round", "person").get(pk=invitation.pk)
        )
        _check_answerable(invitation)
        round_ = invitation.round
        missing = unanswered(invitation=invitation, questions=questions)
        if missing:
            raise ValidationError(
                {f"q{q.pk}": f"Answer question {q.key}: choose an answer or “Don't know”" for q in missing}
            )
        draft = Response.objects.get(invitation=invitation)
        today = timezone.localdate()
        if round_.is_anonymous:
            submitted = Response(
                partnership_id=invitation.partnership_id,
                round=round_,
                sector=draft.sector,
                layer=draft.layer,
                status=ResponseStatus.SUBMITTED,
                submitted_on=None,  # no date: it could be matched to the invitation's link
            )
            submitted.full_clean()
            submitted.save()
            Answer.objects.bulk_create(
                Answer(response=submitted, question_id=a.question_id, choice=a.choice, comment=a.comment)
                for a in draft.answers.all()
            )
            draft.delete()
            # The link carries the round's closing time, not when it was used: nothing on the
            # invitation's side can be matched to the response apart from sector and layer.
            end = closing_time(round_.closes_on)
            SignedLink.objects.filter(pk=link.pk).update(completed_at=end, last_used_at=end)
            audit.record(
                action="assessment.response.submitted",
                actor=Actor.for_link(ANONYMOUS_ACTOR),
                partnership_id=invitation.partnership_id,
                target=round_,
                summary=f"An anonymous response to {round_} was submitted.",
            )
        else:
            draft.status = ResponseStatus.SUBMITTED
            draft.submitted_on = today
            draft.person = invitation.person
            draft.full_clean()
            draft.save(update_fields=["status", "submitted_on", "person"])
            submitted = draft
            SignedLink.objects.filter(pk=link.pk).update(completed_at=timezone.now())
            audit.record(
                action="assessment.response.submitted",
                actor=Actor.for_link(invitation.person.full_name),
                partnership_id=invitation.partnership_id,
                target=invitation,
                summary=f"{invitation.person.full_name} submitted their answers to {round_}.",
            )
        invitation.responded = True
        invitation.save(update_fields=["responded"])
    return submitted
