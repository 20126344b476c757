"""The structure pages as each persona sees them, and what an editor can do there."""

import datetime as dt
from types import SimpleNamespace

import pytest
from django.urls import reverse

from joinedup.core.models import AuditEntry
from joinedup.partnerships.models import Body, Layer, Membership, Role
from joinedup.partnerships.tests.factories import (
    MINIMAL_PDF,
    BodyFactory,
    CouncilFactory,
    MembershipFactory,
    OrganisationFactory,
    PartnershipFactory,
    PartnershipRoleFactory,
    PersonFactory,
    SeatFactory,
    UserFactory,
    add_structure_to_world,
)
from joinedup.tests.url_access import PERSONAS, ROWS

pytestmark = pytest.mark.django_db

STRUCTURE_URLS = {
    "structure",
    "structure_leadership",
    "body_add",
    "body_detail",
    "body_edit",
    "body_delete",
    "body_terms_document",
    "seat_add",
    "seat_edit",
    "seat_delete",
    "membership_add",
    "membership_edit",
    "membership_end",
}


@pytest.fixture
def world():
    partnership = PartnershipFactory(name="Northshire Health and Wellbeing Board", partnership_type="hwb")
    other = PartnershipFactory(name="Elsewhere Partnership")
    users = {}
    for role in (Role.VIEWER, Role.MEMBER, Role.EDITOR, Role.SCRUTINY, Role.ADMIN):
        users[str(role)] = PartnershipRoleFactory(partnership=partnership, role=role).user
    elsewhere = PartnershipRoleFactory(partnership=other, role=Role.ADMIN).user
    PartnershipRoleFactory(partnership=partnership, user=elsewhere, role=Role.VIEWER)
    users["admin_elsewhere"] = elsewhere
    users["operator"] = UserFactory(is_superuser=True, is_staff=True)
    users["outsider"] = PartnershipRoleFactory(partnership=other, role=Role.ADMIN).user
    # The persona table's theme_lead (strategy room) is a viewer who leads no theme here.
    users["theme_lead"] = PartnershipRoleFactory(partnership=partnership, role=Role.VIEWER).user
    # And its clerk (governance room) is a viewer who clerks no body here.
    users["clerk"] = PartnershipRoleFactory(partnership=partnership, role=Role.VIEWER).user
    # And its self-assessment coordinator (assessment room) is a viewer with no extra rights here.
    users["coordinator"] = PartnershipRoleFactory(partnership=partnership, role=Role.VIEWER).user
    w = SimpleNamespace(partnership=partnership, other=other, users=users)
    add_structure_to_world(w)
    return w


def signed_in(client, world, persona):
    client.force_login(world.users[persona])
    return client


def url(name, **kwargs):
    return reverse(f"partnerships:{name}", kwargs=kwargs)


# --- the persona table rows for this part, walked against a world like the shared one -----


def test_every_structure_url_has_a_persona_row():
    named = {r.url_name.split(":", 1)[1] for r in ROWS if r.url_name.startswith("partnerships:")}
    assert named >= STRUCTURE_URLS


@pytest.mark.parametrize(
    "row",
    [r for r in ROWS if r.url_name.split(":", 1)[-1] in STRUCTURE_URLS],
    ids=lambda r: r.url_name,
)
def test_structure_urls_answer_each_persona_as_the_table_says(client, world, row):
    target = reverse(row.url_name, kwargs=row.kwargs(world))
    for persona in PERSONAS:
        client.logout()
        if persona not in {"anonymous", "link_holder"}:
            client.force_login(world.users[persona])
        response = client.get(target)
        assert response.status_code == row.expect[persona], (persona, target)


def test_outsider_gets_404_on_every_structure_page(client, world):
    signed_in(client, world, "outsider")
    assert client.get(url("structure", slug=world.partnership.slug)).status_code == 404
    assert (
        client.get(url("body_detail", slug=world.partnership.slug, body_id=world.body.pk)).status_code == 404
    )


def test_a_body_of_another_partnership_is_not_found_through_this_one(client, world):
    foreign = BodyFactory(partnership=world.other)
    signed_in(client, world, "admin")
    response = client.get(url("body_detail", slug=world.partnership.slug, body_id=foreign.pk))
    assert response.status_code == 404


# --- bodies ---


def test_editor_can_add_a_body(client, world):
    signed_in(client, world, "editor")
    response = client.post(
        url("body_add", slug=world.partnership.slug),
        {
            "name": "Children's Trust",
            "layer": Layer.THEMATIC,
            "parent": world.body.pk,
            "meetings_per_year": "12",
            "quorum_kind": "share",
            "quorum_value": "50",
            "quorum_required_sectors": ["local_government", "health"],
            "remote_attendance_counts": "on",
        },
    )
    body = Body.objects.get(partnership=world.partnership, name="Children's Trust")
    assert response.status_code == 302
    assert response["Location"] == url("body_detail", slug=world.partnership.slug, body_id=body.pk)
    assert body.parent == world.body
    assert body.quorum_required_sectors == ["local_government", "health"]
    assert AuditEntry.objects.filter(action="partnerships.body.created", target_id=str(body.pk)).exists()


def test_viewer_gets_403_on_the_add_form(client, world):
    signed_in(client, world, "viewer")
    assert client.get(url("body_add", slug=world.partnership.slug)).status_code == 403
    response = client.post(
        url("body_add", slug=world.partnership.slug), {"name": "Sneaky", "layer": "executive"}
    )
    assert response.status_code == 403
    assert not Body.objects.filter(name="Sneaky").exists()


def test_the_body_form_shows_govuk_errors_and_keeps_what_was_typed(client, world):
    signed_in(client, world, "editor")
    response = client.post(url("body_add", slug=world.partnership.slug), {"short_name": "CT"})
    content = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in content
    assert "Enter a name for the body" in content
    assert "Select the governance layer" in content
    assert 'value="CT"' in content


def test_a_parent_that_would_make_a_cycle_is_refused_on_the_form(client, world):
    signed_in(client, world, "editor")
    response = client.post(
        url("body_edit", slug=world.partnership.slug, body_id=world.body.pk),
        {
            "name": world.body.name,
            "layer": "executive",
            "parent": world.child_body.pk,
            "quorum_kind": "number",
            "version": world.body.version,
        },
    )
    assert response.status_code == 200
    assert "World thematic group reports to World executive board" in response.content.decode()
    world.body.refresh_from_db()
    assert world.body.parent is None


def test_a_body_in_use_cannot_be_deleted_and_the_page_says_why(client, world):
    signed_in(client, world, "editor")
    target = url("body_delete", slug=world.partnership.slug, body_id=world.body.pk)
    page = client.get(target).content.decode()
    assert "You cannot delete World executive board yet" in page
    assert "it has 1 seat" in page
    assert "1 body report to it" in page
    assert client.post(target).status_code == 409
    assert Body.objects.filter(pk=world.body.pk).exists()


def test_an_unused_body_is_deleted_after_confirmation(client, world):
    spare = BodyFactory(partnership=world.partnership, name="Spare group")
    signed_in(client, world, "editor")
    response = client.post(url("body_delete", slug=world.partnership.slug, body_id=spare.pk))
    assert response.status_code == 302
    assert not Body.objects.filter(pk=spare.pk).exists()


def test_terms_of_reference_are_downloaded_as_an_attachment(client, world):
    signed_in(client, world, "viewer")
    response = client.get(url("body_terms_document", slug=world.partnership.slug, body_id=world.body.pk))
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    assert b"".join(response.streaming_content) == MINIMAL_PDF


def test_an_uploaded_file_that_is_not_pdf_or_docx_is_refused_on_the_form(client, world):
    from django.core.files.uploadedfile import SimpleUploadedFile

    signed_in(client, world, "editor")
    response = client.post(
        url("body_add", slug=world.partnership.slug),
        {
            "name": "New group",
            "layer": "thematic",
            "quorum_kind": "number",
            "terms_upload": SimpleUploadedFile("terms.pdf", b"MZ\x90\x00 not a pdf"),
        },
    )
    assert response.status_code == 200
    assert "The selected file must be a PDF or Word (DOCX)" in response.content.decode()
    assert not Body.objects.filter(name="New group").exists()


# --- edit conflicts ---


def test_second_editor_sees_both_versions_and_does_not_overwrite(client, world):
    first, second = world.users["editor"], world.users["admin"]
    target = url("body_edit", slug=world.partnership.slug, body_id=world.body.pk)
    base = {"layer": "executive", "quorum_kind": "number", "version": world.body.version}
    client.force_login(first)
    assert client.post(target, {**base, "name": "Renamed by the first editor"}).status_code == 302
    client.force_login(second)
    response = client.post(target, {**base, "name": "Renamed by the second editor"})
    content = response.content.decode()
    assert response.status_code == 409
    assert "Someone else changed this while you were editing" in content
    assert "Renamed by the first editor" in content
    assert "Renamed by the second editor" in content
    world.body.refresh_from_db()
    assert world.body.name == "Renamed by the first editor"


def test_a_conflicting_seat_edit_is_not_saved(client, world):
    target = url("seat_edit", slug=world.partnership.slug, seat_id=world.seat.pk)
    base = {
        "kind": "partner",
        "organisation": world.seat.organisation_id,
        "is_voting": "True",
        "version": world.seat.version,
    }
    signed_in(client, world, "editor")
    assert client.post(target, {**base, "label": "First label"}).status_code == 302
    response = client.post(target, {**base, "label": "Second label"})
    assert response.status_code == 409
    world.seat.refresh_from_db()
    assert world.seat.label == "First label"


def test_a_conflicting_end_of_membership_is_not_saved(client, world):
    target = url("membership_end", slug=world.partnership.slug, membership_id=world.membership.pk)
    version = world.membership.version
    signed_in(client, world, "editor")
    edit = url("membership_edit", slug=world.partnership.slug, membership_id=world.membership.pk)
    m = world.membership
    assert (
        client.post(
            edit,
            {
                "person": m.person_id,
                "seat": m.seat_id,
                "is_deputy": "False",
                "role": "chair",
                "represents": m.represents_id,
                "seniority": m.seniority,
                "start_date": "01/04/2025",
                "version": version,
            },
        ).status_code
        == 302
    )
    response = client.post(target, {"end_date": "31/03/2026", "version": version})
    assert response.status_code == 409
    world.membership.refresh_from_db()
    assert world.membership.end_date is None
    assert world.membership.role == "chair"


# --- seats and memberships ---


def test_editor_can_add_a_seat_and_fill_it(client, world):
    signed_in(client, world, "editor")
    council = CouncilFactory(partnership=world.partnership, name="Northshire County Council")
    response = client.post(
        url("seat_add", slug=world.partnership.slug, body_id=world.body.pk),
        {
            "label": "Director of Public Health",
            "kind": "statutory",
            "organisation": council.pk,
            "is_voting": "True",
            "statutory_role": "hwb_director_public_health",
        },
    )
    assert response.status_code == 302
    seat = world.body.seats.get(label="Director of Public Health")
    person = PersonFactory(partnership=world.partnership, full_name="Dr Ada Lovelace")
    response = client.post(
        url("membership_add", slug=world.partnership.slug, body_id=world.body.pk),
        {
            "person": person.pk,
            "seat": seat.pk,
            "is_deputy": "False",
            "role": "member",
            "represents": council.pk,
            "seniority": "director",
            "start_date": "01/04/2025",
        },
    )
    assert response.status_code == 302
    assert seat.memberships.get().person == person


def test_the_membership_form_says_the_seat_already_has_a_holder(client, world):
    signed_in(client, world, "editor")
    person = PersonFactory(partnership=world.partnership)
    response = client.post(
        url("membership_add", slug=world.partnership.slug, body_id=world.body.pk),
        {
            "person": person.pk,
            "seat": world.seat.pk,
            "is_deputy": "False",
            "role": "member",
            "seniority": "officer",
            "start_date": "01/04/2025",
        },
    )
    assert response.status_code == 200
    assert "This seat already has a holder: end their membership first" in response.content.decode()
    assert world.seat.memberships.count() == 1


def test_ending_a_membership_keeps_it_as_history_and_empties_the_seat(client, world):
    signed_in(client, world, "editor")
    target = url("membership_end", slug=world.partnership.slug, membership_id=world.membership.pk)
    response = client.post(
        target,
        {"end_date": dt.date.today().strftime("%d/%m/%Y"), "version": world.membership.version},
    )
    assert response.status_code == 302
    world.membership.refresh_from_db()
    assert world.membership.end_date == dt.date.today()
    page = client.get(url("body_detail", slug=world.partnership.slug, body_id=world.body.pk)).content.decode()
    assert "Past members (1)" in page
    assert "Every seat has a holder" not in page
    assert "Ended " in page  # the history sentence


# --- the body page ---


def test_body_page_shows_empty_seats_deputies_and_missing_statutory_seats(client, world):
    board = BodyFactory(
        partnership=world.partnership,
        name="Health and Wellbeing Board",
        is_statutory_body=True,
        layer=Layer.STRATEGIC,
    )
    SeatFactory(body=board, label="Councillor seat", statutory_role="hwb_councillor")
    held = SeatFactory(body=board, label="Healthwatch seat", statutory_role="hwb_healthwatch")
    MembershipFactory(
        body=board,
        seat=held,
        person=PersonFactory(partnership=world.partnership, full_name="Hal Holder"),
    )
    MembershipFactory(
        body=board,
        seat=held,
        is_deputy=True,
        person=PersonFactory(partnership=world.partnership, full_name="Dee Deputy"),
    )
    signed_in(client, world, "viewer")
    page = client.get(url("body_detail", slug=world.partnership.slug, body_id=board.pk)).content.decode()
    assert "Empty seats" in page and "Councillor seat" in page
    assert "Dee Deputy" in page and "Hal Holder" in page
    assert "Statutory seats missing for a Health and Wellbeing Board" in page
    assert "The director of public health" in page
    assert (
        "A councillor of the local authority"
        not in page.split("Statutory seats missing")[1].split("</ul>")[0]
    )
    assert "Edit details" not in page  # a viewer sees no edit links


def test_body_page_history_reads_as_sentences(client, world):
    signed_in(client, world, "editor")
    response = client.post(
        url("body_edit", slug=world.partnership.slug, body_id=world.body.pk),
        {
            "name": world.body.name,
            "layer": "executive",
            "quorum_kind": "number",
            "meetings_per_year": "10",
            "remote_attendance_counts": "on",
            "version": world.body.version,
        },
    )
    assert response.status_code == 302
    page = client.get(url("body_detail", slug=world.partnership.slug, body_id=world.body.pk)).content.decode()
    assert "Changed meetings per year of World executive board." in page


# --- the structure page ---


@pytest.fixture
def governed(world):
    """A forum, a board and thematic groups; chairs from councils, the police and nobody."""
    p = world.partnership
    county = CouncilFactory(partnership=p, name="Northshire County Council")
    city = CouncilFactory(partnership=p, name="Kingsford City Council")
    police = OrganisationFactory(partnership=p, name="Northshire Police", sector="police")
    forum = BodyFactory(partnership=p, name="Northshire Assembly", layer=Layer.STRATEGIC)
    world.body.parent = forum
    world.body.save()
    safety = BodyFactory(
        partnership=p, name="Community Safety Partnership", layer=Layer.THEMATIC, parent=world.body
    )
    sub = BodyFactory(partnership=p, name="Anti-social behaviour group", layer=Layer.THEMATIC, parent=safety)

    def chair(body, org, role="chair", name=None):
        person = PersonFactory(partnership=p, full_name=name or f"Chair of {body.name}")
        return MembershipFactory(body=body, person=person, role=role, represents=org)

    chair(forum, county, name="Cllr Carol County")
    chair(forum, city, role="vice_chair")
    chair(world.body, county)
    chair(safety, police, name="Chief Superintendent Pat Police")
    chair(sub, None)
    MembershipFactory(body=safety, represents=city)  # a member, not counted
    return SimpleNamespace(county=county, city=city, police=police, forum=forum, safety=safety, sub=sub)


def test_structure_page_shows_the_three_layers_as_a_collapsible_tree(client, world, governed):
    signed_in(client, world, "viewer")
    page = client.get(url("structure", slug=world.partnership.slug)).content.decode()
    for heading in (
        "Strategic forum (1 body)",
        "Executive board (1 body)",
        "Thematic or operational group (3 bodies)",
    ):
        assert heading in page
    assert page.count("<details") >= 3 + 5
    # the sub-group is nested inside the Community Safety Partnership's list
    safety_start = page.index("Community Safety Partnership</span>")
    assert safety_start < page.index("Anti-social behaviour group</span>")
    assert 'aria-label="Groups reporting to Community Safety Partnership"' in page
    assert "Cllr Carol County (Northshire County Council, Local government)" in page
    assert "Chief Superintendent Pat Police (Northshire Police, Police)" in page
    assert "Reports to" in page and "Northshire Assembly (strategic forum)" in page


def test_structure_page_counts_members_and_empty_seats(client, world, governed):
    SeatFactory(body=world.body, label="Empty seat")
    signed_in(client, world, "viewer")
    page = client.get(url("structure", slug=world.partnership.slug)).content.decode()
    # world.body: the seat holder and the chair; two seats, one empty
    assert "2 (2 seats, 1 empty)" in page


def test_structure_page_gives_the_council_share_of_chairs_with_links_to_the_posts(client, world, governed):
    signed_in(client, world, "viewer")
    page = client.get(url("structure", slug=world.partnership.slug)).content.decode()
    # five posts: county chairs two, the city one vice-chair, the police one, one chair unattached
    assert "<strong>60%</strong> of chair and vice-chair posts (3 of 5)" in page
    leadership = url("structure_leadership", slug=world.partnership.slug)
    assert f'href="{leadership}"' in page
    assert f'href="{leadership}?council={governed.county.pk}"' in page
    assert f'href="{leadership}?council={governed.city.pk}"' in page
    assert "40%" in page and "20%" in page


def test_the_share_source_page_lists_the_posts_counted_and_how(client, world, governed):
    signed_in(client, world, "viewer")
    target = url("structure_leadership", slug=world.partnership.slug)
    page = client.get(target).content.decode()
    assert "How the share was computed" in page
    assert "3 of 5 posts: <strong>60%</strong>" in page
    for name in (
        "Cllr Carol County",
        "Chief Superintendent Pat Police",
        "Chair of Anti-social behaviour group",
    ):
        assert name in page
    assert page.count('<tr class="govuk-table__row">') == 1 + 5

    council_page = client.get(target, {"council": governed.county.pk}).content.decode()
    assert "Northshire County Council holds 2 of the 5 posts: <strong>40%</strong>" in council_page
    assert "Chief Superintendent Pat Police" not in council_page
    assert council_page.count('<tr class="govuk-table__row">') == 1 + 2


def test_the_share_source_page_refuses_organisations_that_are_not_councils_here(client, world, governed):
    signed_in(client, world, "viewer")
    target = url("structure_leadership", slug=world.partnership.slug)
    assert client.get(target, {"council": governed.police.pk}).status_code == 404
    foreign = CouncilFactory(partnership=world.other)
    assert client.get(target, {"council": foreign.pk}).status_code == 404
    assert client.get(target, {"council": "x"}).status_code == 404


def test_structure_page_warns_of_missing_statutory_seats(client, world):
    world.body.is_statutory_body = True
    world.body.save()
    signed_in(client, world, "viewer")
    page = client.get(url("structure", slug=world.partnership.slug)).content.decode()
    assert "is missing 6 statutory seats" in page


def test_structure_nav_entry_is_registered(client, world):
    signed_in(client, world, "viewer")
    page = client.get(url("home", slug=world.partnership.slug)).content.decode()
    assert f'href="{url("structure", slug=world.partnership.slug)}"' in page


# --- bounded queries ---


def _grow(partnership, n):
    council = CouncilFactory(partnership=partnership)
    for i in range(n):
        body = BodyFactory(
            partnership=partnership, layer=[Layer.STRATEGIC, Layer.EXECUTIVE, Layer.THEMATIC][i % 3]
        )
        seat = SeatFactory(body=body, organisation=council)
        MembershipFactory(body=body, seat=seat, role="chair", represents=council)
        MembershipFactory(body=body, seat=seat, is_deputy=True)
        MembershipFactory(body=body, end_date=dt.date.today(), start_date=dt.date(2020, 1, 1))


@pytest.mark.parametrize("name", ["structure", "structure_leadership"])
def test_list_pages_run_a_fixed_number_of_queries(client, world, name, django_assert_max_num_queries):
    signed_in(client, world, "viewer")
    target = url(name, slug=world.partnership.slug)
    _grow(world.partnership, 3)
    client.get(target)  # warm caches (content types, sessions)
    with django_assert_max_num_queries(14) as small:
        client.get(target)
    _grow(world.partnership, 30)
    with django_assert_max_num_queries(len(small.captured_queries)):
        assert client.get(target).status_code == 200


def test_body_page_runs_a_fixed_number_of_queries(client, world, django_assert_max_num_queries):
    signed_in(client, world, "viewer")
    target = url("body_detail", slug=world.partnership.slug, body_id=world.body.pk)
    client.get(target)
    with django_assert_max_num_queries(20) as small:
        client.get(target)
    for _ in range(20):
        seat = SeatFactory(body=world.body)
        MembershipFactory(body=world.body, seat=seat, represents=seat.organisation)
        MembershipFactory(body=world.body, seat=seat, is_deputy=True)
    with django_assert_max_num_queries(len(small.captured_queries)):
        assert client.get(target).status_code == 200
    assert Membership.objects.filter(body=world.body).count() == 41


def test_sectors_the_quorum_needs_are_checkboxes_not_radios(client, world):
    signed_in(client, world, "editor")
    page = client.get(url("body_add", slug=world.partnership.slug)).content.decode()
    assert 'class="govuk-checkboxes__input" id="id_quorum_required_sectors_0"' in page


def test_a_terms_document_missing_from_storage_is_not_found_rather_than_an_error(client, world):
    world.body.terms_document.file.delete(save=False)
    signed_in(client, world, "viewer")
    response = client.get(url("body_terms_document", slug=world.partnership.slug, body_id=world.body.pk))
    assert response.status_code == 404


def test_filling_a_seat_starts_with_the_seat_and_its_organisation_chosen(client, world):
    signed_in(client, world, "editor")
    target = url("membership_add", slug=world.partnership.slug, body_id=world.body.pk)
    page = client.get(target, {"seat": world.seat.pk, "deputy": "1"}).content.decode()
    assert f'<option value="{world.seat.pk}" selected>' in page
    assert f'<option value="{world.seat.organisation_id}" selected>' in page
    assert 'value="True" checked' in page
