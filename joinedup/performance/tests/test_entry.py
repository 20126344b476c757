"""Data entry: the grid saved all-or-nothing through the observation writer, one value with
commentary, edit conflicts, shared indicators read-only, owners' data requests with signed
links, completion and escalation (ADR 0021)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from joinedup.core import panels
from joinedup.core.models import AuditEntry, SignedLink
from joinedup.partnerships.access import PartnershipAccess
from joinedup.partnerships.tests.factories import (
    AreaFactory,
    PartnershipFactory,
    PersonFactory,
    user_with_role,
)
from joinedup.performance import entry_rules
from joinedup.performance.models import (
    Commentary,
    DataEntryDigest,
    Frequency,
    Observation,
    PartnershipIndicator,
    Unit,
)
from joinedup.performance.services import entry as services
from joinedup.performance.services.entry import EnteredCommentary, EnteredValue, EntryConflict
from joinedup.performance.services.observations import NewObservation, plan_observations, write_observations
from joinedup.performance.tests.factories_entry import EntryIndicatorFactory, EntryLinkFactory
from joinedup.strategy.models import Outcome, Priority, Strategy

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
# Monthly indicators: the latest complete month is always asked for today (it ended at most
# 31 days ago; its link works until 30 + GRACE_DAYS days after its end).
FREQUENCY = Frequency.MONTHLY
DUE = entry_rules.due_period(FREQUENCY, TODAY, 30)
assert DUE is not None
PERIOD = DUE.period


@pytest.fixture
def partnership():
    return PartnershipFactory(slug="place", name="Place Partnership")


@pytest.fixture
def areas(partnership):
    north = AreaFactory(code="E07000901", name="Northbury")
    south = AreaFactory(code="E07000902", name="Southbury")
    partnership.areas.add(north, south)
    return [north, south]


@pytest.fixture
def owner(partnership):
    return PersonFactory(partnership=partnership, full_name="Sam Patel", email="sam.patel@example.org")


@pytest.fixture
def homes(partnership, owner):
    indicator = EntryIndicatorFactory(
        partnership=partnership, code="NI 154", title="Net additional homes", frequency=FREQUENCY
    )
    EntryLinkFactory(indicator=indicator, owner_person=owner)
    return indicator


@pytest.fixture
def affordable(partnership, owner):
    indicator = EntryIndicatorFactory(
        partnership=partnership,
        code="NI 155",
        title="Affordable homes",
        unit=Unit.PERCENTAGE,
        frequency=FREQUENCY,
    )
    EntryLinkFactory(indicator=indicator, owner_person=owner)
    return indicator


@pytest.fixture
def shared(partnership, owner):
    indicator = EntryIndicatorFactory(
        partnership=None, code="90000", title="A national measure", frequency=FREQUENCY
    )
    PartnershipIndicator.objects.create(partnership=partnership, indicator=indicator, owner_person=owner)
    return indicator


@pytest.fixture
def editor(partnership):
    return user_with_role(partnership, "editor", email="editor@example.org", full_name="Eddie Editor")


def _current(indicator, area, period=PERIOD):
    return Observation.objects.filter(
        indicator=indicator, area=area, period=period, superseded_at__isnull=True
    ).first()


def _grid_url(partnership, person, period=PERIOD):
    return reverse(
        "performance:entry_grid",
        kwargs={"slug": partnership.slug, "person_id": person.pk, "period": period.code},
    )


def _post_data(cells: dict, commentary: dict | None = None) -> dict:
    """cells: {(indicator, area): (value, note)}, commentary: {indicator: (happening, doing)}."""
    data = {}
    for (indicator, area), (value, note) in cells.items():
        current = _current(indicator, area)
        data[f"c{indicator.pk}-{area.pk}-value"] = value
        data[f"c{indicator.pk}-{area.pk}-note"] = note
        data[f"c{indicator.pk}-{area.pk}-seen"] = str(current.pk) if current else ""
    for indicator, (happening, doing) in (commentary or {}).items():
        existing = Commentary.objects.filter(indicator=indicator, period=PERIOD).first()
        data[f"k{indicator.pk}-happening"] = happening
        data[f"k{indicator.pk}-doing"] = doing
        data[f"k{indicator.pk}-seen_version"] = str(existing.version) if existing else ""
    return data


# The grid ----------------------------------------------------------------------------------


def test_the_grid_lists_every_indicator_the_person_owns_for_the_period_by_area(
    client, partnership, areas, owner, homes, affordable, shared, editor
):
    monthly = EntryIndicatorFactory(partnership=partnership, code="LOC 9", frequency=Frequency.FINANCIAL_YEAR)
    EntryLinkFactory(indicator=monthly, owner_person=owner)
    groups = services.owner_grid(partnership, owner, PERIOD)
    assert [(g.indicator.code, g.editable) for g in groups] == [
        ("NI 154", True),
        ("NI 155", True),
        ("90000", False),
    ]
    assert [c.area.name for c in groups[0].cells] == ["Northbury", "Southbury"]

    client.force_login(editor)
    page = client.get(_grid_url(partnership, owner)).content.decode()
    assert "Net additional homes" in page and "Affordable homes" in page
    assert "LOC 9" not in page  # a financial-year indicator is not entered for a month


def test_shared_indicators_are_shown_read_only_in_the_grid(client, partnership, areas, owner, homes, editor):
    shared = EntryIndicatorFactory(
        partnership=None, code="90000", title="A national measure", frequency=FREQUENCY
    )
    PartnershipIndicator.objects.create(partnership=partnership, indicator=shared, owner_person=owner)
    client.force_login(editor)
    page = client.get(_grid_url(partnership, owner)).content.decode()
    assert "A national measure" in page
    assert "Published nationally" in page
    assert f"c{shared.pk}-{areas[0].pk}-value" not in page
    assert f"c{homes.pk}-{areas[0].pk}-value" in page


def test_saving_the_grid_writes_every_value_with_one_audit_entry_listing_them(
    client, partnership, areas, owner, homes, affordable, editor
):
    client.force_login(editor)
    data = _post_data(
        {
            (homes, areas[0]): ("1,250", ""),
            (homes, areas[1]): ("", "Not published until June"),
            (affordable, areas[0]): ("34.5", "Provisional"),
            (affordable, areas[1]): ("", ""),  # left blank: stays missing
        },
        {homes: ("Completions are up", "Releasing two council sites")},
    )
    response = client.post(_grid_url(partnership, owner), data)
    assert response.status_code == 302

    north = _current(homes, areas[0])
    assert north.value == 1250 and north.partnership == partnership
    assert north.entered_by == editor and north.entered_by_label == "Eddie Editor"
    no_value = _current(homes, areas[1])
    assert no_value.value is None and no_value.note == "Not published until June"
    assert _current(affordable, areas[0]).value == 34.5
    assert _current(affordable, areas[1]) is None

    entries = AuditEntry.objects.filter(action="performance.values.entered")
    assert entries.count() == 1
    listed = {(v["indicator"], v["area"], v["value"]) for v in entries.get().after["values"]}
    assert listed == {
        ("NI 154", "E07000901", 1250),
        ("NI 154", "E07000902", None),
        ("NI 155", "E07000901", 34.5),
    }
    commentary = Commentary.objects.get(indicator=homes, period=PERIOD)
    assert (commentary.happening, commentary.doing) == ("Completions are up", "Releasing two council sites")
    assert commentary.written_by == editor
    assert AuditEntry.objects.filter(action="performance.commentary.created").count() == 1


def test_one_bad_value_saves_nothing_and_shows_everything_typed_with_the_indicator_and_area(
    client, partnership, areas, owner, homes, affordable, editor
):
    client.force_login(editor)
    data = _post_data(
        {
            (homes, areas[0]): ("1250", "Good note"),
            (homes, areas[1]): ("twelve", ""),
            (affordable, areas[0]): ("140", ""),
            (affordable, areas[1]): ("40", ""),
        },
        {homes: ("Typed happening", "")},
    )
    response = client.post(_grid_url(partnership, owner), data)
    assert response.status_code == 200
    page = response.content.decode()
    assert Observation.objects.count() == 0
    assert Commentary.objects.count() == 0
    assert "govuk-error-summary" in page
    assert "Enter a number for NI 154 Net additional homes in Southbury, or leave it blank" in page
    assert "The value for NI 155 Affordable homes in Northbury must be a percentage between 0 and 100" in page
    assert f'href="#id_c{homes.pk}-{areas[1].pk}-value"' in page
    assert f'aria-describedby="id_c{homes.pk}-{areas[1].pk}-value-error"' in page
    assert f'id="id_c{homes.pk}-{areas[1].pk}-value-error"' in page
    for typed in ('value="1250"', 'value="Good note"', 'value="twelve"', 'value="140"', 'value="40"'):
        assert typed in page
    assert "Typed happening" in page
    assert "<title>Error: " in page


def test_saving_again_with_a_different_value_keeps_the_old_one_as_a_revision(
    client, partnership, areas, owner, homes, editor
):
    client.force_login(editor)
    client.post(_grid_url(partnership, owner), _post_data({(homes, areas[0]): ("100", "")}))
    first = _current(homes, areas[0])
    client.post(_grid_url(partnership, owner), _post_data({(homes, areas[0]): ("120", "")}))
    first.refresh_from_db()
    assert first.superseded_at is not None
    assert _current(homes, areas[0]).value == 120
    assert (
        AuditEntry.objects.filter(action="performance.values.entered")
        .order_by("-pk")
        .first()
        .after["values"][0]["revised"]
    )


def test_a_value_changed_by_someone_else_after_the_grid_was_read_is_not_overwritten(
    client, partnership, areas, owner, homes, editor
):
    client.force_login(editor)
    data = _post_data({(homes, areas[0]): ("100", ""), (homes, areas[1]): ("200", "")})
    # Someone else saves a value for Northbury after the grid was read.
    plan = plan_observations(
        [NewObservation(indicator_id=homes.pk, area_id=areas[0].pk, period=PERIOD, value=90)], may_revise=True
    )
    write_observations(plan, partnership_id=partnership.pk, entered_by_label="Another Editor")

    response = client.post(_grid_url(partnership, owner), data)
    assert response.status_code == 409
    page = response.content.decode()
    assert "Someone else changed values" in page
    assert (
        "The value for NI 154 Net additional homes in Northbury is now 90, entered by Another Editor" in page
    )
    assert _current(homes, areas[0]).value == 90
    assert _current(homes, areas[1]) is None  # all or nothing
    assert 'value="100"' in page and 'value="200"' in page

    # Saving the re-shown form again replaces the value knowingly.
    again = {k: v for k, v in data.items()}
    again[f"c{homes.pk}-{areas[0].pk}-seen"] = str(_current(homes, areas[0]).pk)
    assert client.post(_grid_url(partnership, owner), again).status_code == 302
    assert _current(homes, areas[0]).value == 100


def test_commentary_changed_by_someone_else_is_a_conflict(partnership, areas, owner, homes, editor):
    services.write_commentary(
        partnership=partnership, indicator=homes, period=PERIOD, happening="Theirs", doing="", user=editor
    )
    with pytest.raises(EntryConflict):
        services.save_entries(
            partnership=partnership,
            period=PERIOD,
            values=[],
            commentaries=[
                EnteredCommentary(indicator_id=homes.pk, happening="Mine", doing="", seen_version=None)
            ],
            user=editor,
        )
    assert Commentary.objects.get().happening == "Theirs"


def test_values_of_shared_or_other_partnerships_indicators_cannot_be_entered(
    partnership, areas, shared, editor
):
    other = EntryIndicatorFactory(partnership=PartnershipFactory(), code="X 1")
    for indicator in (shared, other):
        with pytest.raises(ValidationError):
            services.save_entries(
                partnership=partnership,
                period=PERIOD,
                values=[EnteredValue(indicator_id=indicator.pk, area_id=areas[0].pk, value=5)],
                user=editor,
            )
    assert Observation.objects.count() == 0


def test_a_value_for_an_area_the_indicator_is_not_reported_for_is_refused(partnership, areas, owner, editor):
    indicator = EntryIndicatorFactory(partnership=partnership, code="LOC 1", frequency=FREQUENCY)
    EntryLinkFactory(indicator=indicator, owner_person=owner, areas=[areas[0]])
    with pytest.raises(ValidationError):
        services.save_entries(
            partnership=partnership,
            period=PERIOD,
            values=[EnteredValue(indicator_id=indicator.pk, area_id=areas[1].pk, value=5)],
            user=editor,
        )


def test_viewers_cannot_enter_values(client, partnership, areas, owner, homes):
    client.force_login(user_with_role(partnership, "viewer"))
    assert (
        client.post(_grid_url(partnership, owner), _post_data({(homes, areas[0]): ("1", "")})).status_code
        == 403
    )
    assert Observation.objects.count() == 0


# One value ---------------------------------------------------------------------------------


def _value_url(partnership, indicator):
    return reverse("performance:entry_value", kwargs={"slug": partnership.slug, "indicator_id": indicator.pk})


def test_one_value_with_numerator_quality_note_and_commentary(client, partnership, areas, homes, editor):
    client.force_login(editor)
    page = client.get(_value_url(partnership, homes))
    read_at = page.context["form"].initial["read_at"]
    response = client.post(
        _value_url(partnership, homes),
        {
            "area": areas[1].pk,
            "period": PERIOD.label,
            "value": "312",
            "numerator": "312",
            "denominator": "",
            "quality": "provisional",
            "note": "From building control",
            "happening": "Steady",
            "doing": "Nothing new",
            "read_at": read_at,
        },
    )
    assert response.status_code == 302
    saved = _current(homes, areas[1])
    assert (saved.value, saved.numerator, saved.quality, saved.note) == (
        312,
        312,
        "provisional",
        "From building control",
    )
    assert Commentary.objects.get(indicator=homes, period=PERIOD).happening == "Steady"


def test_no_value_needs_its_reason_and_the_period_must_suit_the_frequency(
    client, partnership, areas, homes, editor
):
    client.force_login(editor)
    read_at = timezone.now().isoformat()
    base = {"area": areas[0].pk, "quality": "validated", "read_at": read_at}
    page = client.post(_value_url(partnership, homes), {**base, "period": PERIOD.label, "no_value": "on"})
    assert "Enter why there is no value" in page.content.decode()
    page = client.post(_value_url(partnership, homes), {**base, "period": "2024", "value": "3"})
    assert "NI 154 is monthly" in page.content.decode()
    assert Observation.objects.count() == 0

    client.post(
        _value_url(partnership, homes),
        {**base, "period": PERIOD.label, "no_value": "on", "no_value_reason": "Suppressed: too few"},
    )
    saved = _current(homes, areas[0])
    assert saved.value is None and saved.note == "Suppressed: too few"


def test_one_value_is_not_saved_over_a_value_recorded_after_the_form_was_read(
    client, partnership, areas, homes, editor
):
    client.force_login(editor)
    read_at = (timezone.now() - dt.timedelta(minutes=5)).isoformat()
    plan = plan_observations(
        [NewObservation(indicator_id=homes.pk, area_id=areas[0].pk, period=PERIOD, value=7)], may_revise=True
    )
    write_observations(plan, partnership_id=partnership.pk, entered_by_label="Another Editor")
    response = client.post(
        _value_url(partnership, homes),
        {
            "area": areas[0].pk,
            "period": PERIOD.label,
            "value": "8",
            "quality": "validated",
            "read_at": read_at,
        },
    )
    assert response.status_code == 409
    assert "changed by Another Editor" in response.content.decode()
    assert _current(homes, areas[0]).value == 7

    # The re-shown form carries a new reading time: saving it again replaces the value knowingly.
    form = response.context["form"]
    assert 'value="8"' in response.content.decode()
    again = client.post(
        _value_url(partnership, homes),
        {
            "area": areas[0].pk,
            "period": PERIOD.label,
            "value": "8",
            "quality": "validated",
            "read_at": form.data["read_at"],
        },
    )
    assert again.status_code == 302
    assert _current(homes, areas[0]).value == 8


def test_the_indicator_panel_offers_entry_only_for_local_indicators_to_editors(
    partnership, homes, shared, editor
):
    viewer = user_with_role(partnership, "viewer")
    edit_access = PartnershipAccess(partnership=partnership, user=editor, role="editor")
    view_access = PartnershipAccess(partnership=partnership, user=viewer, role="viewer")
    link = homes.partnership_links.get()
    local = panels.registry.render_data(
        "performance.indicator", indicator=homes, link=link, access=edit_access, partnership=partnership
    )
    entry = [ctx for panel, ctx in local if panel.key == "performance.enter_value"]
    assert entry and entry[0]["entry_panel"]["enter_url"] == _value_url(partnership, homes)
    hidden = panels.registry.render_data(
        "performance.indicator", indicator=homes, link=link, access=view_access, partnership=partnership
    )
    assert not [ctx for panel, ctx in hidden if panel.key == "performance.enter_value"]
    national = panels.registry.render_data(
        "performance.indicator", indicator=shared, link=None, access=edit_access, partnership=partnership
    )
    assert [
        ctx["entry_panel"]["local"] for panel, ctx in national if panel.key == "performance.enter_value"
    ] == [False]


# Requests to owners -----------------------------------------------------------------------------


def _token_from(message) -> str:
    path = next(line for line in message.body.splitlines() if "/l/" in line)
    return path.rstrip("/").split("/l/")[1]


def test_an_owner_with_missing_values_is_asked_once_per_period_with_a_link(partnership, areas, owner, homes):
    mail.outbox.clear()
    run = services.send_data_requests(partnership=partnership, today=TODAY)
    assert [d.person for d in run.sent] == [owner]
    digest = DataEntryDigest.objects.get()
    assert digest.period == PERIOD and digest.due_on == DUE.due_on
    assert digest.link.purpose == services.PURPOSE
    expected_expiry = dt.datetime.combine(
        DUE.link_expires_on + dt.timedelta(days=1), dt.time.min, tzinfo=timezone.get_current_timezone()
    )
    assert abs((digest.link.expires_at - expected_expiry).total_seconds()) < 5
    assert len(mail.outbox) == 1
    assert "NI 154 Net additional homes" in mail.outbox[0].body
    assert mail.outbox[0].to == ["sam.patel@example.org"]
    assert AuditEntry.objects.filter(action="performance.data_request.sent").count() == 1

    again = services.send_data_requests(partnership=partnership, today=TODAY)
    assert again.sent == [] and again.already_sent == [owner]
    assert len(mail.outbox) == 1


def test_owners_with_an_account_are_asked_too(partnership, areas, owner, homes):
    owner.user = user_with_role(partnership, "viewer", email="sam.account@example.org")
    owner.save()
    assert [d.person for d in services.send_data_requests(partnership=partnership, today=TODAY).sent] == [
        owner
    ]


def test_owners_with_every_value_entered_or_no_email_are_not_sent_a_request(partnership, areas, owner, homes):
    nobody = PersonFactory(partnership=partnership, full_name="No Email", email="")
    EntryLinkFactory(
        indicator=EntryIndicatorFactory(partnership=partnership, frequency=FREQUENCY), owner_person=nobody
    )
    rows = [NewObservation(indicator_id=homes.pk, area_id=a.pk, period=PERIOD, value=1) for a in areas]
    write_observations(plan_observations(rows, may_revise=True), partnership_id=partnership.pk)
    mail.outbox.clear()
    run = services.send_data_requests(partnership=partnership, today=TODAY)
    assert run.sent == [] and run.no_email == [nobody]
    assert mail.outbox == []


def test_the_owner_fills_in_the_grid_through_the_link_and_it_completes(
    client, partnership, areas, owner, homes
):
    mail.outbox.clear()
    services.send_data_requests(partnership=partnership, today=TODAY)
    token = _token_from(mail.outbox[0])
    url = reverse("core:signed_link", kwargs={"token": token})
    page = client.get(url)
    assert page.status_code == 200
    assert "Enter your values for" in page.content.decode()
    assert Observation.objects.count() == 0  # opening it changes nothing

    # A partial save keeps the link working.
    assert client.post(url, _post_data({(homes, areas[0]): ("5", "")})).status_code == 302
    assert DataEntryDigest.objects.get().completed_at is None
    saved = _current(homes, areas[0])
    assert saved.entered_by is None and saved.entered_by_label == "Sam Patel (by emailed link)"
    assert (
        AuditEntry.objects.get(action="performance.values.entered").actor_kind
        == AuditEntry.ActorKind.SIGNED_LINK
    )

    done = client.post(url, _post_data({(homes, areas[1]): ("6", "")}))
    assert done.status_code == 200 and "Your values are saved" in done.content.decode()
    digest = DataEntryDigest.objects.get()
    assert digest.completed_at is not None
    assert SignedLink.objects.get(pk=digest.link_id).completed_at is not None
    assert client.get(url).status_code == 410


def test_a_signed_in_editor_saving_the_owners_grid_completes_the_request(
    client, partnership, areas, owner, homes, editor
):
    services.send_data_requests(partnership=partnership, today=TODAY)
    client.force_login(editor)
    client.post(_grid_url(partnership, owner), _post_data({(homes, a): ("1", "") for a in areas}))
    assert DataEntryDigest.objects.get().completed_at is not None


def _theme_lead_for(partnership, indicator):
    strategy = Strategy.objects.create(
        partnership=partnership, title="Strategy", vision="A place", start_year=2020, end_year=2030
    )
    priority = Priority.objects.create(partnership=partnership, strategy=strategy, title="Housing")
    outcome = Outcome.objects.create(partnership=partnership, priority=priority, title="More homes")
    PartnershipIndicator.objects.get(partnership=partnership, indicator=indicator).outcomes.add(outcome)
    lead = user_with_role(partnership, "member", email="theme.lead@example.org")
    priority.theme_leads.add(lead)
    return lead


def test_a_missed_deadline_is_escalated_once_to_the_theme_lead(partnership, areas, owner, homes):
    _theme_lead_for(partnership, homes)
    user_with_role(partnership, "admin", email="admin@example.org")
    services.send_data_requests(partnership=partnership, today=TODAY)
    mail.outbox.clear()
    after_due = DataEntryDigest.objects.get(period=PERIOD).due_on + dt.timedelta(days=1)

    run = services.send_data_requests(partnership=partnership, today=after_due)
    assert len(run.escalated) == 1
    escalations = [m for m in mail.outbox if "has not sent the values" in m.subject]
    assert [m.to for m in escalations] == [["theme.lead@example.org"]]
    assert "NI 154 Net additional homes: 2 values missing" in escalations[0].body
    digest = DataEntryDigest.objects.get(period=PERIOD)
    assert digest.escalated_at is not None and "theme lead" in digest.escalated_to

    assert services.send_data_requests(partnership=partnership, today=after_due).escalated == []


def test_without_a_theme_lead_a_missed_deadline_goes_to_the_admins(partnership, areas, owner, homes):
    user_with_role(partnership, "admin", email="admin@example.org")
    services.send_data_requests(partnership=partnership, today=TODAY)
    mail.outbox.clear()
    after_due = DataEntryDigest.objects.get(period=PERIOD).due_on + dt.timedelta(days=1)
    services.send_data_requests(partnership=partnership, today=after_due)
    assert [m.to for m in mail.outbox if "has not sent" in m.subject] == [["admin@example.org"]]


def test_a_request_whose_values_arrived_another_way_completes_instead_of_escalating(
    partnership, areas, owner, homes
):
    services.send_data_requests(partnership=partnership, today=TODAY)
    rows = [NewObservation(indicator_id=homes.pk, area_id=a.pk, period=PERIOD, value=1) for a in areas]
    write_observations(plan_observations(rows, may_revise=True), partnership_id=partnership.pk)
    after_due = DataEntryDigest.objects.get(period=PERIOD).due_on + dt.timedelta(days=1)
    assert services.send_data_requests(partnership=partnership, today=after_due).escalated == []
    assert DataEntryDigest.objects.get(period=PERIOD).completed_at is not None


def test_the_command_sends_the_requests_of_every_partnership(partnership, areas, owner, homes):
    mail.outbox.clear()
    call_command("send_data_requests", stdout=None)
    assert DataEntryDigest.objects.filter(person=owner).count() == 1
    assert len(mail.outbox) == 1


def test_the_requests_page_shows_who_was_asked_and_editors_can_send(
    client, partnership, areas, owner, homes, editor
):
    client.force_login(editor)
    url = reverse("performance:data_requests", kwargs={"slug": partnership.slug})
    page = client.get(url).content.decode()
    assert "Sam Patel" in page and "Not yet" in page
    assert (
        client.post(reverse("performance:data_requests_send", kwargs={"slug": partnership.slug})).status_code
        == 302
    )
    page = client.get(url).content.decode()
    assert "Requests sent" in page and PERIOD.label in page
    assert DataEntryDigest.objects.count() == 1
