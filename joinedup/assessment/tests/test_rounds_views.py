"""The coordinator's pages: opening a round through the preview, the round page's live,
suppressed response rate, sending, closing, extending, consensus answers, and the rounds list
and menu entry for everyone."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from joinedup.assessment.models import AssessmentSettings, ConsensusAnswer, Invitation, Round
from joinedup.assessment.selectors_rounds import elements_of, round_overview
from joinedup.assessment.services import rounds as services
from joinedup.assessment.tests.factories import make_invitation, make_round
from joinedup.assessment.tests.rounds_support import make_setting
from joinedup.partnerships.tests.factories import PersonFactory

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()


@pytest.fixture
def setting():
    return make_setting()


@pytest.fixture
def coordinator_client(client, setting):
    client.force_login(setting.coordinator)
    return client


def _form(setting, **extra):
    data = {
        "title": "Spring review",
        "framework_version": setting.version.pk,
        "opens_on": TODAY.strftime("%d/%m/%Y"),
        "closes_on": (TODAY + dt.timedelta(days=21)).strftime("%d/%m/%Y"),
        "is_anonymous": "1",
        "bodies": [setting.executive.pk, setting.thematic.pk],
    }
    data.update(extra)
    return data


def test_opening_a_round_previews_invitees_before_anything_is_saved(coordinator_client, setting):
    url = reverse("assessment:round_open", args=[setting.partnership.slug])
    preview = coordinator_client.post(url, _form(setting))
    page = preview.content.decode()
    assert preview.status_code == 200
    assert "Check who will be invited" in page
    assert "Ned Noemail" in page and "Cannot be invited: no email" in page
    assert "Invitees by sector" in page and "Invitees by layer" in page
    assert not Round.objects.exists()

    confirmed = coordinator_client.post(url, {**_form(setting), "confirm": "yes"})

    round_ = Round.objects.get()
    assert confirmed.status_code == 302
    assert confirmed["Location"] == reverse("assessment:round", args=[setting.partnership.slug, round_.pk])
    assert set(round_.invitations.values_list("person__full_name", flat=True)) == {
        "Cara Council",
        "Pat Police",
        "Nia Nurse",
    }
    assert mail.outbox == []  # invitations are sent from the round page


def test_opening_a_round_needs_someone_to_invite_and_closing_after_opening(coordinator_client, setting):
    url = reverse("assessment:round_open", args=[setting.partnership.slug])
    response = coordinator_client.post(
        url, _form(setting, bodies=[], closes_on=(TODAY - dt.timedelta(days=1)).strftime("%d/%m/%Y"))
    )
    page = response.content.decode()
    assert "Choose at least one body, or name people to invite" in page
    assert "Enter a closing date on or after the opening date" in page
    assert not Round.objects.exists()


def test_a_viewer_sees_the_rounds_list_but_cannot_open_or_run_a_round(client, setting):
    make_round(setting.partnership, setting.version, title="Visible to all")
    client.force_login(setting.viewer)
    page = client.get(reverse("assessment:rounds", args=[setting.partnership.slug])).content.decode()
    assert "Visible to all" in page and "Open a round" not in page
    assert client.get(reverse("assessment:round_open", args=[setting.partnership.slug])).status_code == 403


def test_the_menu_has_a_self_assessment_entry(coordinator_client, setting):
    page = coordinator_client.get(
        reverse("partnerships:home", args=[setting.partnership.slug])
    ).content.decode()
    assert f'href="{reverse("assessment:rounds", args=[setting.partnership.slug])}"' in page
    assert "Self-assessment" in page


def _respond(round_, people, sector, layer):
    for person in people:
        invitation = make_invitation(round_, person, sector=sector, layer=layer)
        invitation.responded = True
        invitation.save()


def test_the_response_rate_hides_small_groups_so_they_cannot_be_derived_from_the_total(setting):
    round_ = make_round(setting.partnership, setting.version)
    p = setting.partnership
    _respond(round_, PersonFactory.create_batch(6, partnership=p), "local_government", "strategic")
    _respond(round_, PersonFactory.create_batch(5, partnership=p), "health", "executive")
    _respond(round_, PersonFactory.create_batch(2, partnership=p), "police", "executive")
    make_invitation(round_, PersonFactory(partnership=p), sector="police", layer="executive")

    overview = round_overview(p, round_)

    sectors = {label: row for label, row in overview.by_sector}
    assert sectors["Police"].hidden and sectors["Police"].invited == 3
    assert sectors["Health"].hidden  # else police = total - council - health
    assert sectors["Local government"].responded == 6
    layers = {label: row for label, row in overview.by_layer}
    assert not layers["Executive board"].hidden and layers["Executive board"].responded == 7
    assert overview.responded == 13


def test_the_smallest_group_shown_follows_the_partnership_setting(setting):
    round_ = make_round(setting.partnership, setting.version)
    p = setting.partnership
    _respond(round_, PersonFactory.create_batch(3, partnership=p), "local_government", "strategic")
    _respond(round_, PersonFactory.create_batch(3, partnership=p), "health", "strategic")
    assert all(row.hidden for _, row in round_overview(p, round_).by_sector)
    AssessmentSettings.objects.create(partnership=p, min_group_size=3)
    p.refresh_from_db()
    assert not any(row.hidden for _, row in round_overview(p, round_).by_sector)


def test_the_round_page_reads_a_fixed_number_of_queries(
    coordinator_client, setting, django_assert_max_num_queries
):
    round_ = make_round(setting.partnership, setting.version)
    _respond(round_, PersonFactory.create_batch(3, partnership=setting.partnership), "police", "thematic")
    url = reverse("assessment:round", args=[setting.partnership.slug, round_.pk])
    coordinator_client.get(url)
    with django_assert_max_num_queries(16) as few:
        coordinator_client.get(url)
    _respond(round_, PersonFactory.create_batch(30, partnership=setting.partnership), "health", "strategic")
    with django_assert_max_num_queries(len(few.captured_queries)):
        page = coordinator_client.get(url).content.decode()
    assert "33 of 33 invited have responded" in page


def test_the_coordinator_sends_invitations_then_reminders_from_the_round_page(coordinator_client, setting):
    round_ = services.open_round(
        partnership=setting.partnership,
        user=setting.coordinator,
        title="Spring review",
        framework_version=setting.version,
        opens_on=TODAY,
        closes_on=TODAY + dt.timedelta(days=7),
        is_anonymous=True,
        bodies=[setting.executive],
    )
    args = [setting.partnership.slug, round_.pk]
    coordinator_client.post(reverse("assessment:round_send", args=args))
    assert [m.to for m in mail.outbox] == [["pat@example.org"]]
    coordinator_client.post(reverse("assessment:round_remind", args=args))
    assert len(mail.outbox) == 2 and "Reminder" in mail.outbox[1].subject
    page = coordinator_client.get(reverse("assessment:round", args=args)).content.decode()
    assert "1 reminder or resend" in page


def test_closing_early_and_extending_from_the_round_page(coordinator_client, setting):
    round_ = make_round(setting.partnership, setting.version)
    args = [setting.partnership.slug, round_.pk]
    later = round_.closes_on + dt.timedelta(days=7)
    response = coordinator_client.post(
        reverse("assessment:round_extend", args=args),
        {"closes_on": later.strftime("%d/%m/%Y"), "version": round_.version},
    )
    assert response.status_code == 302
    stale = coordinator_client.post(
        reverse("assessment:round_extend", args=args),
        {"closes_on": (later + dt.timedelta(days=1)).strftime("%d/%m/%Y"), "version": round_.version},
    )
    assert stale.status_code == 409
    coordinator_client.post(reverse("assessment:round_close", args=args))
    round_.refresh_from_db()
    assert round_.closes_on == later and round_.closed_at is not None


def test_consensus_answers_are_recorded_one_element_per_page_with_who_recorded_them(
    coordinator_client, setting
):
    round_ = make_round(setting.partnership, setting.version)
    first, second = elements_of(round_.framework_version)[0].question_list
    url = reverse("assessment:consensus", args=[setting.partnership.slug, round_.pk, 1])
    page = coordinator_client.get(url).content.decode()
    assert "Consensus answers: element 1 of 3" in page
    response = coordinator_client.post(
        url, {f"q{first.pk}": "partly", f"c{first.pk}": "Agreed after debate", f"q{second.pk}": "in_place"}
    )
    assert response.status_code == 302
    assert response["Location"] == reverse(
        "assessment:consensus", args=[setting.partnership.slug, round_.pk, 2]
    )
    answer = ConsensusAnswer.objects.get(question=first)
    assert (answer.choice, answer.note, answer.recorded_by) == (
        "partly",
        "Agreed after debate",
        setting.coordinator,
    )
    assert "Recorded by" in coordinator_client.get(url).content.decode()

    stale = coordinator_client.post(url, {f"q{first.pk}": "not_in_place", f"q{second.pk}": "in_place"})
    assert stale.status_code == 409
    answer.refresh_from_db()
    assert answer.choice == "partly"
    assert Invitation.objects.count() == 0


def test_the_invitee_preview_reads_a_fixed_number_of_queries(setting, django_assert_num_queries):
    from joinedup.assessment.selectors_rounds import invitee_preview
    from joinedup.partnerships.tests.factories import MembershipFactory

    def preview():
        return invitee_preview(
            setting.partnership,
            body_ids=[setting.executive.pk, setting.thematic.pk],
            person_ids=[setting.council_officer.pk],
        )

    with django_assert_num_queries(3):
        before = len(preview().invitees)
    for _ in range(12):
        MembershipFactory(body=setting.executive)
    with django_assert_num_queries(3):
        assert len(preview().invitees) == before + 12
