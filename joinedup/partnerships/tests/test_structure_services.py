import datetime as dt
import io

import docx
import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from joinedup.core.audit import history_for
from joinedup.core.conflicts import EditConflict
from joinedup.core.models import AuditEntry
from joinedup.partnerships import statutory
from joinedup.partnerships.models import Body, Layer, Membership, Seat
from joinedup.partnerships.services import structure as services
from joinedup.partnerships.tests.factories import (
    MINIMAL_PDF,
    BodyFactory,
    CouncilFactory,
    MembershipFactory,
    OrganisationFactory,
    PartnershipFactory,
    PersonFactory,
    SeatFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def user():
    return UserFactory(full_name="Edith Editor")


@pytest.fixture
def partnership():
    return PartnershipFactory(partnership_type="hwb")


def body_fields(**overrides):
    fields = {"name": "Health and Wellbeing Board", "layer": Layer.STRATEGIC, "parent": None}
    fields.update(overrides)
    return fields


def member_fields(person, **overrides):
    fields = {"person": person, "seniority": "director", "start_date": dt.date(2025, 4, 1)}
    fields.update(overrides)
    return fields


# --- bodies ---


def test_creating_a_body_is_audited_with_a_plain_sentence(partnership, user):
    body = services.create_body(partnership=partnership, user=user, fields=body_fields())
    entry = history_for(body, partnership_id=partnership.pk).get()
    assert entry.action == "partnerships.body.created"
    assert entry.summary == "Added Health and Wellbeing Board to the strategic forum layer."
    assert entry.actor_label == "Edith Editor"


def test_body_names_are_unique_in_a_partnership_whatever_the_case(partnership, user):
    BodyFactory(partnership=partnership, name="Executive Board")
    with pytest.raises(ValidationError) as error:
        services.create_body(partnership=partnership, user=user, fields=body_fields(name="executive board"))
    assert "name" in error.value.error_dict


def test_parent_body_must_be_in_the_same_partnership(partnership, user):
    elsewhere = BodyFactory()
    with pytest.raises(ValidationError) as error:
        services.create_body(partnership=partnership, user=user, fields=body_fields(parent=elsewhere))
    assert error.value.error_dict["parent"][0].messages == ["Select a body in this partnership"]


def test_a_body_cannot_report_to_a_body_that_reports_to_it(partnership, user):
    forum = BodyFactory(partnership=partnership, name="Forum", layer=Layer.STRATEGIC)
    board = BodyFactory(partnership=partnership, name="Board", parent=forum)
    group = BodyFactory(partnership=partnership, name="Group", layer=Layer.THEMATIC, parent=board)
    with pytest.raises(ValidationError) as error:
        services.update_body(body=forum, user=user, expected_version=forum.version, fields={"parent": group})
    assert "Group reports to Forum" in error.value.error_dict["parent"][0].messages[0]
    forum.refresh_from_db()
    assert forum.parent is None


def test_a_body_cannot_report_to_itself(partnership, user):
    board = BodyFactory(partnership=partnership)
    with pytest.raises(ValidationError):
        services.update_body(body=board, user=user, expected_version=board.version, fields={"parent": board})


def test_moving_a_body_under_another_branch_is_allowed(partnership, user):
    forum = BodyFactory(partnership=partnership, name="Forum")
    board = BodyFactory(partnership=partnership, name="Board", parent=forum)
    group = BodyFactory(partnership=partnership, name="Group", parent=forum)
    services.update_body(body=group, user=user, expected_version=group.version, fields={"parent": board})
    group.refresh_from_db()
    assert group.parent == board


def test_updating_a_body_records_what_changed(partnership, user):
    board = BodyFactory(partnership=partnership, name="Board", meetings_per_year=6)
    services.update_body(
        body=board,
        user=user,
        expected_version=board.version,
        fields={"meetings_per_year": 10, "name": "Board"},
    )
    entry = AuditEntry.objects.get(action="partnerships.body.updated")
    assert entry.before == {"meetings_per_year": 6}
    assert entry.after == {"meetings_per_year": 10}
    assert entry.summary == "Changed meetings per year of Board."


def test_a_stale_edit_raises_a_conflict_and_keeps_the_saved_version(partnership, user):
    board = BodyFactory(partnership=partnership, name="Board")
    stale = Body.objects.get(pk=board.pk)
    services.update_body(body=board, user=user, expected_version=1, fields={"name": "First edit"})
    with pytest.raises(EditConflict):
        services.update_body(body=stale, user=user, expected_version=1, fields={"name": "Second edit"})
    board.refresh_from_db()
    assert board.name == "First edit"


def test_a_body_with_seats_or_memberships_cannot_be_deleted_and_says_why(partnership, user):
    board = BodyFactory(partnership=partnership, name="Board")
    SeatFactory(body=board)
    MembershipFactory(body=board)
    with pytest.raises(ValidationError) as error:
        services.delete_body(body=board, user=user)
    assert error.value.messages == [
        "You cannot delete Board because it has 1 seat and it has 1 membership, past or current."
    ]
    assert Body.objects.filter(pk=board.pk).exists()


def test_an_unused_body_can_be_deleted_and_the_deletion_is_audited(partnership, user):
    board = BodyFactory(partnership=partnership, name="Board")
    services.delete_body(body=board, user=user)
    assert not Body.objects.filter(pk=board.pk).exists()
    assert AuditEntry.objects.filter(
        action="partnerships.body.deleted", partnership_id=partnership.pk
    ).exists()


def test_terms_of_reference_accept_pdf_and_docx_by_content(partnership, user):
    pdf = SimpleUploadedFile("terms.pdf", MINIMAL_PDF, content_type="application/pdf")
    body = services.create_body(partnership=partnership, user=user, fields=body_fields(), terms_upload=pdf)
    assert body.terms_document.kind == "pdf"
    assert body.terms_document.partnership_id == partnership.pk

    document = docx.Document()
    document.add_paragraph("Terms of reference")
    buffer = io.BytesIO()
    document.save(buffer)
    upload = SimpleUploadedFile("terms.docx", buffer.getvalue())
    services.update_body(body=body, user=user, expected_version=body.version, fields={}, terms_upload=upload)
    body.refresh_from_db()
    assert body.terms_document.kind == "docx"


def test_terms_of_reference_reject_other_files_whatever_their_name(partnership, user):
    fake = SimpleUploadedFile("terms.pdf", b"<html><script>alert(1)</script></html>")
    with pytest.raises(ValidationError) as error:
        services.create_body(partnership=partnership, user=user, fields=body_fields(), terms_upload=fake)
    assert "terms_upload" in error.value.error_dict
    assert not Body.objects.exists()


# --- seats ---


def test_a_seat_needs_an_organisation_or_a_sector(partnership, user):
    board = BodyFactory(partnership=partnership)
    with pytest.raises(ValidationError) as error:
        services.create_seat(body=board, user=user, fields={"label": "Someone", "kind": "co_opted"})
    assert "organisation" in error.value.error_dict
    seat = services.create_seat(
        body=board,
        user=user,
        fields={"label": "Voluntary sector", "kind": "voluntary", "sector": "voluntary"},
    )
    assert seat.pk


def test_a_seat_cannot_belong_to_another_partnerships_organisation(partnership, user):
    board = BodyFactory(partnership=partnership)
    other = OrganisationFactory()
    with pytest.raises(ValidationError) as error:
        services.create_seat(
            body=board,
            user=user,
            fields={"label": "Seat", "kind": "partner", "organisation": other},
        )
    assert "organisation" in error.value.error_dict


def test_updating_a_seat_is_audited(partnership, user):
    seat = SeatFactory(body=BodyFactory(partnership=partnership), label="Police")
    services.update_seat(seat=seat, user=user, expected_version=seat.version, fields={"is_voting": False})
    entry = history_for(seat, partnership_id=partnership.pk).get()
    assert entry.action == "partnerships.seat.updated"
    assert entry.after == {"is_voting": False}


def test_a_seat_that_was_ever_held_cannot_be_deleted(partnership, user):
    seat = SeatFactory(body=BodyFactory(partnership=partnership))
    MembershipFactory(body=seat.body, seat=seat, end_date=dt.date.today(), start_date=dt.date(2020, 1, 1))
    with pytest.raises(ValidationError):
        services.delete_seat(seat=seat, user=user)
    assert Seat.objects.filter(pk=seat.pk).exists()


# --- memberships ---


def test_a_seat_has_at_most_one_current_holder(partnership, user):
    seat = SeatFactory(body=BodyFactory(partnership=partnership))
    services.add_membership(
        body=seat.body,
        user=user,
        fields=member_fields(PersonFactory(partnership=partnership), seat=seat),
    )
    with pytest.raises(ValidationError) as error:
        services.add_membership(
            body=seat.body,
            user=user,
            fields=member_fields(PersonFactory(partnership=partnership), seat=seat),
        )
    assert error.value.error_dict["seat"][0].messages == [
        "This seat already has a holder: end their membership first"
    ]
    assert Membership.objects.filter(seat=seat).count() == 1


def test_deputies_do_not_take_the_holders_place(partnership, user):
    seat = SeatFactory(body=BodyFactory(partnership=partnership))
    services.add_membership(
        body=seat.body,
        user=user,
        fields=member_fields(PersonFactory(partnership=partnership), seat=seat),
    )
    for _ in range(2):
        services.add_membership(
            body=seat.body,
            user=user,
            fields=member_fields(PersonFactory(partnership=partnership), seat=seat, is_deputy=True),
        )
    assert seat.memberships.filter(is_deputy=True).count() == 2


def test_ending_the_holder_frees_the_seat_and_keeps_the_history(partnership, user):
    seat = SeatFactory(body=BodyFactory(partnership=partnership, name="Board"), label="Police")
    holder = services.add_membership(
        body=seat.body,
        user=user,
        fields=member_fields(PersonFactory(partnership=partnership, full_name="Pat Holder"), seat=seat),
    )
    services.end_membership(
        membership=holder, user=user, expected_version=holder.version, end_date=dt.date(2026, 3, 31)
    )
    successor = services.add_membership(
        body=seat.body,
        user=user,
        fields=member_fields(PersonFactory(partnership=partnership), seat=seat),
    )
    assert successor.pk
    holder.refresh_from_db()
    assert holder.end_date == dt.date(2026, 3, 31)
    entry = AuditEntry.objects.get(action="partnerships.membership.ended")
    assert entry.summary == (
        "Ended Pat Holder's membership of Board (member, holding the seat Police) on 31 March 2026."
    )


def test_a_membership_cannot_end_before_it_starts(partnership, user):
    membership = MembershipFactory(body=BodyFactory(partnership=partnership), start_date=dt.date(2025, 4, 1))
    with pytest.raises(ValidationError) as error:
        services.end_membership(
            membership=membership,
            user=user,
            expected_version=membership.version,
            end_date=dt.date(2025, 3, 1),
        )
    assert "end_date" in error.value.error_dict


def test_a_deputy_needs_a_seat(partnership, user):
    board = BodyFactory(partnership=partnership)
    with pytest.raises(ValidationError) as error:
        services.add_membership(
            body=board,
            user=user,
            fields=member_fields(PersonFactory(partnership=partnership), is_deputy=True),
        )
    assert "seat" in error.value.error_dict


def test_a_support_officer_can_sit_without_a_seat(partnership, user):
    board = BodyFactory(partnership=partnership)
    membership = services.add_membership(
        body=board,
        user=user,
        fields=member_fields(
            PersonFactory(partnership=partnership), role="support_officer", seniority="officer"
        ),
    )
    assert membership.seat is None


def test_members_and_organisations_come_from_the_same_partnership(partnership, user):
    board = BodyFactory(partnership=partnership)
    with pytest.raises(ValidationError) as error:
        services.add_membership(
            body=board,
            user=user,
            fields=member_fields(PersonFactory(), represents=CouncilFactory()),
        )
    assert {"person", "represents"} <= set(error.value.error_dict)


def test_a_seat_from_another_body_is_refused(partnership, user):
    board = BodyFactory(partnership=partnership)
    other_seat = SeatFactory(body=BodyFactory(partnership=partnership))
    with pytest.raises(ValidationError) as error:
        services.add_membership(
            body=board,
            user=user,
            fields=member_fields(PersonFactory(partnership=partnership), seat=other_seat),
        )
    assert "seat" in error.value.error_dict


def test_moving_a_deputy_into_the_holders_place_is_refused_while_the_seat_is_held(partnership, user):
    seat = SeatFactory(body=BodyFactory(partnership=partnership))
    MembershipFactory(body=seat.body, seat=seat)
    deputy = MembershipFactory(body=seat.body, seat=seat, is_deputy=True)
    with pytest.raises(ValidationError):
        services.update_membership(
            membership=deputy,
            user=user,
            expected_version=deputy.version,
            fields={"is_deputy": False},
        )


# --- statutory gaps on a real body ---


def test_statutory_gaps_of_a_board_follow_its_seats(partnership, user):
    board = BodyFactory(partnership=partnership, is_statutory_body=True)
    roles = [s.key for s in statutory.expected_seats("hwb")]
    for role in roles[:-1]:
        SeatFactory(body=board, statutory_role=role)
    missing = statutory.missing_statutory_seats(
        partnership.partnership_type, board.seats.values_list("statutory_role", flat=True)
    )
    assert [s.key for s in missing] == [roles[-1]]


def test_a_holder_saved_between_check_and_write_is_caught_by_the_database(partnership, user, monkeypatch):
    # Two editors pass the check at the same moment: the constraint decides, and the loser
    # gets the same words as the check would have given.
    seat = SeatFactory(body=BodyFactory(partnership=partnership))
    MembershipFactory(body=seat.body, seat=seat)
    monkeypatch.setattr(services, "check_membership", lambda membership: None)
    with pytest.raises(ValidationError) as error:
        services.add_membership(
            body=seat.body, user=user, fields=member_fields(PersonFactory(partnership=partnership), seat=seat)
        )
    assert error.value.error_dict["seat"][0].messages == [services.SEAT_HAS_HOLDER]
    assert seat.memberships.count() == 1
