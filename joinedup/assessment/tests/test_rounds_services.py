"""Opening rounds, invitations and reminders by email with personal links, resending,
closing, extending and consensus answers."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.utils import timezone

from joinedup.assessment.models import ConsensusAnswer, Round
from joinedup.assessment.selectors_rounds import elements_of
from joinedup.assessment.services import rounds as services
from joinedup.assessment.services.responses import save_answers, submit_response
from joinedup.assessment.tests.factories import make_round
from joinedup.assessment.tests.rounds_support import make_setting, token_sent_to
from joinedup.core import signed_links
from joinedup.core.conflicts import EditConflict
from joinedup.core.models import AuditEntry

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()


@pytest.fixture
def setting():
    return make_setting()


def _open(setting, **overrides) -> Round:
    params = {
        "partnership": setting.partnership,
        "user": setting.coordinator,
        "title": "Autumn review",
        "framework_version": setting.version,
        "opens_on": TODAY,
        "closes_on": TODAY + dt.timedelta(days=14),
        "is_anonymous": True,
        "bodies": [setting.strategic, setting.executive, setting.thematic],
    }
    params.update(overrides)
    return services.open_round(**params)


def _invitation(round_, person):
    return round_.invitations.select_related("link", "round", "person").get(person=person)


def test_opening_snapshots_each_invitee_once_at_their_highest_layer(setting):
    round_ = _open(setting)
    snapshot = {i.person.full_name: (i.sector, i.layer) for i in round_.invitations.all()}
    assert snapshot == {
        "Cara Council": ("local_government", "strategic"),
        "Pat Police": ("police", "executive"),
        "Nia Nurse": ("health", "thematic"),
    }
    assert AuditEntry.objects.get(action="assessment.round.opened").after["not_invited_no_email"] == [
        "Ned Noemail"
    ]


def test_the_snapshot_does_not_move_when_memberships_change_later(setting):
    round_ = _open(setting)
    setting.council_officer.memberships.all().delete()
    assert _invitation(round_, setting.council_officer).layer == "strategic"


def test_narrowing_by_layer_uses_the_organisation_represented_on_that_body(setting):
    round_ = _open(setting, layers=["thematic"])
    snapshot = {i.person.full_name: (i.sector, i.layer) for i in round_.invitations.all()}
    assert snapshot == {"Cara Council": ("police", "thematic"), "Nia Nurse": ("health", "thematic")}


def test_named_people_are_invited_beside_the_bodies(setting):
    round_ = _open(setting, bodies=[setting.thematic], people=[setting.police_officer])
    assert {i.person.full_name for i in round_.invitations.all()} == {
        "Cara Council",
        "Nia Nurse",
        "Pat Police",
    }
    assert _invitation(round_, setting.police_officer).layer == ""


def test_a_round_defaults_to_comparing_with_the_last_closed_round_on_the_framework(setting):
    old = make_round(
        setting.partnership,
        setting.version,
        opens_on=TODAY - dt.timedelta(days=90),
        closes_on=TODAY - dt.timedelta(days=60),
    )
    make_round(setting.partnership, setting.version, title="Still open")
    assert _open(setting).previous_round == old


def test_a_round_needs_a_published_version_the_partnership_may_use(setting):
    from joinedup.assessment.tests.factories import make_version
    from joinedup.partnerships.tests.factories import PartnershipFactory

    others = make_version(key="theirs", partnership=PartnershipFactory())
    with pytest.raises(ValidationError):
        _open(setting, framework_version=others)


def test_invitations_go_by_email_with_a_personal_link_through_the_task_worker(setting):
    round_ = _open(setting)
    run = services.send_invitations(round_=round_, user=setting.coordinator)
    assert len(run.sent) == 3 and len(mail.outbox) == 3
    token = token_sent_to("cara@example.org")
    link = signed_links.open_link(token, purpose=services.PURPOSE)
    invitation = _invitation(round_, setting.council_officer)
    assert link == invitation.link and link.target == invitation
    assert link.expires_at == services.link_expiry(round_.closes_on)
    assert invitation.sent_count == 1
    # Sending again invites nobody twice.
    assert services.send_invitations(round_=round_, user=setting.coordinator).sent == []
    assert len(mail.outbox) == 3


def test_invitations_reach_the_demo_outbox(setting, settings):
    from joinedup.core.models import OutboxMessage

    settings.EMAIL_BACKEND = "joinedup.core.mail.OutboxBackend"
    services.send_invitations(round_=_open(setting), user=setting.coordinator)
    assert OutboxMessage.objects.filter(to="pat@example.org", body__contains="/respond/").count() == 1


def test_reminders_go_only_to_invitees_who_have_not_responded_and_replace_their_link(setting):
    round_ = _open(setting)
    services.send_invitations(round_=round_, user=setting.coordinator)
    first_token = token_sent_to("pat@example.org")
    responded = _invitation(round_, setting.nurse)
    questions = [q for e in elements_of(round_.framework_version) for q in e.question_list]
    save_answers(invitation=responded, questions=questions, answers={q.pk: ("partly", "") for q in questions})
    submit_response(invitation=responded, link=responded.link, questions=questions)
    mail.outbox.clear()

    run = services.send_reminders(round_=round_, user=setting.coordinator)

    assert sorted(m.to[0] for m in mail.outbox) == ["cara@example.org", "pat@example.org"]
    assert len(run.sent) == 2
    assert "Reminder" in mail.outbox[0].subject
    with pytest.raises(signed_links.LinkNotUsable):
        signed_links.open_link(first_token, purpose=services.PURPOSE)
    assert signed_links.open_link(token_sent_to("pat@example.org"), purpose=services.PURPOSE)


def test_resending_issues_a_fresh_link_and_revokes_the_old_one(setting):
    round_ = _open(setting)
    services.send_invitations(round_=round_, user=setting.coordinator)
    old = token_sent_to("pat@example.org")
    services.resend_invitation(
        invitation=_invitation(round_, setting.police_officer), user=setting.coordinator
    )
    new = token_sent_to("pat@example.org")
    assert new != old
    with pytest.raises(signed_links.LinkNotUsable, match="withdrawn"):
        signed_links.open_link(old, purpose=services.PURPOSE)
    assert _invitation(round_, setting.police_officer).sent_count == 2


def test_extending_moves_the_closing_date_and_every_unused_link_with_it(setting):
    round_ = _open(setting)
    services.send_invitations(round_=round_, user=setting.coordinator)
    later = round_.closes_on + dt.timedelta(days=10)
    services.extend_round(
        round_=round_, user=setting.coordinator, closes_on=later, expected_version=round_.version
    )
    round_.refresh_from_db()
    assert round_.closes_on == later
    assert _invitation(round_, setting.nurse).link.expires_at == services.link_expiry(later)
    with pytest.raises(EditConflict):
        services.extend_round(
            round_=round_,
            user=setting.coordinator,
            closes_on=later + dt.timedelta(days=1),
            expected_version=1,
        )


def test_a_closed_round_sends_nothing_and_cannot_be_extended(setting):
    round_ = _open(setting)
    services.close_round(round_=round_, user=setting.coordinator)
    round_.refresh_from_db()
    with pytest.raises(ValidationError):
        services.send_invitations(round_=round_, user=setting.coordinator)
    with pytest.raises(ValidationError):
        services.extend_round(
            round_=round_,
            user=setting.coordinator,
            closes_on=round_.closes_on + dt.timedelta(days=3),
            expected_version=round_.version,
        )
    assert AuditEntry.objects.filter(action="assessment.round.closed").count() == 1


def test_consensus_answers_record_who_gave_them_and_refuse_a_stale_edit(setting):
    round_ = _open(setting)
    question = elements_of(round_.framework_version)[0].question_list[0]
    first = services.ConsensusInput(choice="partly", note="Agreed at the away day", version=None)
    services.record_consensus(
        round_=round_, questions=[question], answers={question.pk: first}, user=setting.coordinator
    )
    answer = ConsensusAnswer.objects.get(round=round_, question=question)
    assert answer.recorded_by == setting.coordinator and answer.choice == "partly"

    change = services.ConsensusInput(choice="in_place", note="", version=answer.version)
    services.record_consensus(
        round_=round_, questions=[question], answers={question.pk: change}, user=setting.coordinator
    )
    stale = services.ConsensusInput(choice="not_in_place", note="", version=answer.version)
    with pytest.raises(EditConflict):
        services.record_consensus(
            round_=round_, questions=[question], answers={question.pk: stale}, user=setting.coordinator
        )
    # Someone else recorded an answer after this form was read with none: not overwritten.
    blind = services.ConsensusInput(choice="not_in_place", note="", version=None)
    with pytest.raises(EditConflict):
        services.record_consensus(
            round_=round_, questions=[question], answers={question.pk: blind}, user=setting.coordinator
        )
    answer.refresh_from_db()
    assert answer.choice == "in_place"
    assert AuditEntry.objects.filter(action="assessment.consensus.recorded").count() == 2
