import csv
import datetime as dt
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from joinedup.core.models import AuditEntry
from joinedup.partnerships.tests.factories import OrganisationFactory, PartnershipFactory, user_with_role
from joinedup.strategy.models import Risk
from joinedup.strategy.tests.risk_factories import (
    ActionFactory,
    ContributionClaimFactory,
    OutcomeFactory,
    PriorityFactory,
    ProgrammeFactory,
    RiskFactory,
    StrategyFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def partnership():
    return PartnershipFactory(slug="isisbury")


@pytest.fixture
def outcome(partnership):
    strategy = StrategyFactory(partnership=partnership)
    return OutcomeFactory(
        priority=PriorityFactory(strategy=strategy, partnership=partnership), partnership=partnership
    )


@pytest.fixture
def editor_client(client, partnership):
    client.force_login(user_with_role(partnership, "editor"))
    return client


def url(name, partnership, **kwargs):
    return reverse(f"strategy:{name}", kwargs={"slug": partnership.slug, **kwargs})


def risk_data(for_outcome, **changes):
    data = {
        "title": "Contractors fail to deliver retrofit on time",
        "cause": "Shortage of qualified installers",
        "effect": "Homes stay cold and emissions targets slip",
        "outcome": for_outcome.pk,
        "programme": "",
        "owner_organisation": "",
        "likelihood": "4",
        "impact": "4",
        "target_likelihood": "2",
        "target_impact": "3",
        "mitigations": "Train local installers",
        "review_on": "31/01/2027",
        "escalation_layer": "executive",
    }
    data.update(changes)
    return data


def test_editor_adds_a_risk_and_it_is_audited(editor_client, partnership, outcome):
    response = editor_client.post(url("risk_add", partnership), risk_data(outcome))
    risk = Risk.objects.get()
    assert response.status_code == 302
    assert (risk.score, risk.review_on, risk.escalation_layer) == (16, dt.date(2027, 1, 31), "executive")
    entry = AuditEntry.objects.get(action="strategy.risk.created")
    assert "scored 16 (high)" in entry.summary


def test_a_risk_needs_an_outcome_or_programme_and_scores(editor_client, partnership, outcome):
    response = editor_client.post(url("risk_add", partnership), risk_data(outcome, outcome="", likelihood=""))
    assert response.status_code == 200
    assert "Select the outcome or programme the risk is to" in response.content.decode()
    assert "Select the likelihood" in response.content.decode()
    assert not Risk.objects.exists()


def test_an_outcome_of_another_partnership_cannot_be_chosen(editor_client, partnership, outcome):
    foreign = OutcomeFactory()
    response = editor_client.post(url("risk_add", partnership), risk_data(outcome, outcome=foreign.pk))
    assert response.status_code == 200
    assert not Risk.objects.exists()


def test_register_shows_score_band_in_words_and_change_since_review(editor_client, partnership, outcome):
    RiskFactory(
        outcome=outcome,
        partnership=partnership,
        title="Grid capacity",
        likelihood=5,
        impact=4,
        previous_score=12,
    )
    RiskFactory(
        outcome=outcome,
        partnership=partnership,
        title="Planning delay",
        likelihood=2,
        impact=2,
        previous_score=6,
    )
    page = editor_client.get(url("risks", partnership)).content.decode()
    assert "Up from 12 to 20" in page
    assert "Down from 6 to 4" in page
    assert ">High<" in page and ">Low<" in page


def test_overdue_reviews_are_highlighted_in_words(editor_client, partnership, outcome):
    RiskFactory(outcome=outcome, partnership=partnership, review_on=dt.date(2020, 1, 1))
    page = editor_client.get(url("risks", partnership)).content.decode()
    assert "Review overdue" in page
    assert "1 risk is past its review date" in page


def test_matrix_counts_risks_in_cells_with_band_words_and_links_to_them(editor_client, partnership, outcome):
    RiskFactory.create_batch(2, outcome=outcome, partnership=partnership, likelihood=5, impact=5)
    RiskFactory(outcome=outcome, partnership=partnership, likelihood=1, impact=2, title="Small one")
    response = editor_client.get(url("risks", partnership))
    matrix = response.context["matrix"]
    assert matrix[0].cells[4].count == 2 and matrix[0].cells[4].band == "high"
    assert matrix[4].cells[1].count == 1
    page = response.content.decode()
    assert "likelihood=5&amp;impact=5" in page
    filtered = editor_client.get(url("risks", partnership) + "?likelihood=1&impact=2")
    assert [r.risk.title for r in filtered.context["rows"]] == ["Small one"]
    # the matrix still counts every risk the other filters allow
    assert sum(c.count for r in filtered.context["matrix"] for c in r.cells) == 3


def test_closed_risks_leave_the_register_unless_asked_for(editor_client, partnership, outcome):
    risk = RiskFactory(outcome=outcome, partnership=partnership, title="Old risk")
    response = editor_client.post(url("risk_close", partnership, risk_id=risk.pk))
    assert response.status_code == 302
    risk.refresh_from_db()
    assert risk.closed_on is not None
    assert AuditEntry.objects.filter(action="strategy.risk.closed").count() == 1
    open_rows = editor_client.get(url("risks", partnership)).context["rows"]
    closed_rows = editor_client.get(url("risks", partnership) + "?status=closed").context["rows"]
    assert open_rows == []
    assert [r.risk.title for r in closed_rows] == ["Old risk"]


def test_review_records_the_previous_score(editor_client, partnership, outcome):
    risk = RiskFactory(outcome=outcome, partnership=partnership, likelihood=3, impact=4)
    response = editor_client.post(
        url("risk_review", partnership, risk_id=risk.pk),
        {
            "version": risk.version,
            "likelihood": "2",
            "impact": "4",
            "mitigations": "New contractor",
            "review_on": "01/03/2027",
            "note": "Contract signed.",
        },
    )
    assert response.status_code == 302
    risk.refresh_from_db()
    assert (risk.previous_score, risk.score, risk.review_on) == (12, 8, dt.date(2027, 3, 1))
    entry = AuditEntry.objects.get(action="strategy.risk.reviewed")
    assert "down from 12 to 8" in entry.summary and "Contract signed." in entry.summary
    detail = editor_client.get(url("risk", partnership, risk_id=risk.pk)).content.decode()
    assert "Down from 12 to 8" in detail


def test_conflicting_edits_show_both_versions(editor_client, partnership, outcome):
    risk = RiskFactory(outcome=outcome, partnership=partnership, title="Original")
    stale = risk.version
    Risk.objects.filter(pk=risk.pk).update(title="Changed by someone else", version=stale + 1)
    response = editor_client.post(
        url("risk_edit", partnership, risk_id=risk.pk), {**risk_data(outcome, title="Mine"), "version": stale}
    )
    assert response.status_code == 409
    page = response.content.decode()
    assert "Changed by someone else" in page and "Mine" in page
    risk.refresh_from_db()
    assert risk.title == "Changed by someone else"


def test_edit_saves_and_is_audited(editor_client, partnership, outcome):
    risk = RiskFactory(outcome=outcome, partnership=partnership, title="Original")
    response = editor_client.post(
        url("risk_edit", partnership, risk_id=risk.pk),
        {**risk_data(outcome, title="Renamed"), "version": risk.version},
    )
    assert response.status_code == 302
    risk.refresh_from_db()
    assert risk.title == "Renamed"
    assert AuditEntry.objects.filter(action="strategy.risk.updated").exists()


@pytest.mark.parametrize("role", ["viewer", "member", "scrutiny"])
def test_read_only_roles_cannot_add_review_or_close_risks(client, partnership, outcome, role):
    risk = RiskFactory(outcome=outcome, partnership=partnership)
    client.force_login(user_with_role(partnership, role))
    assert client.get(url("risks", partnership)).status_code == 200
    assert client.post(url("risk_add", partnership), risk_data(outcome)).status_code == 403
    assert client.post(url("risk_close", partnership, risk_id=risk.pk)).status_code == 403
    assert client.get(url("risk_review", partnership, risk_id=risk.pk)).status_code == 403
    risk.refresh_from_db()
    assert risk.closed_on is None


def test_another_partnerships_risk_is_not_found(editor_client, partnership):
    foreign = RiskFactory()
    assert editor_client.get(url("risk", partnership, risk_id=foreign.pk)).status_code == 404


def test_register_takes_the_same_number_of_queries_for_many_risks(editor_client, partnership, outcome):
    programme = ProgrammeFactory(partnership=partnership)
    org = OrganisationFactory(partnership=partnership)
    RiskFactory.create_batch(
        2, outcome=outcome, partnership=partnership, programme=programme, owner_organisation=org
    )
    with CaptureQueriesContext(connection) as few:
        editor_client.get(url("risks", partnership))
    RiskFactory.create_batch(
        40, outcome=outcome, partnership=partnership, programme=programme, owner_organisation=org
    )
    with CaptureQueriesContext(connection) as many:
        response = editor_client.get(url("risks", partnership))
    assert len(response.context["rows"]) == 42
    assert len(many) == len(few)


def test_register_exports_to_csv_and_xlsx_with_the_filters(editor_client, partnership, outcome):
    RiskFactory(
        outcome=outcome, partnership=partnership, title="High one", likelihood=5, impact=5, previous_score=20
    )
    RiskFactory(outcome=outcome, partnership=partnership, title="Low one", likelihood=1, impact=1)
    response = editor_client.get(url("risks_export", partnership) + "?format=csv&band=high")
    assert response["Content-Disposition"].startswith("attachment")
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert [(r["Risk"], r["Score"], r["Rating"], r["Change since last review"]) for r in rows] == [
        ("High one", "25", "high", "Up from 20 to 25")
    ]
    xlsx = editor_client.get(url("risks_export", partnership) + "?format=xlsx")
    sheet = load_workbook(io.BytesIO(xlsx.content)).active
    assert sheet["A1"].value == "Risk" and sheet.max_row == 3
    high = _first_row(sheet)
    assert type(high["Score"]) is int and high["Score"] == 25
    assert type(high["Likelihood"]) is int and type(high["Previous score"]) is int
    assert isinstance(high["Review date"], dt.date)


def _first_row(sheet):
    """Header → value of the first data row, as openpyxl read it back (types included)."""
    headers = [c.value for c in sheet[1]]
    return dict(zip(headers, [c.value for c in sheet[2]], strict=True))


def test_action_plan_exports_programme_action_lead_dates_status_and_percent(editor_client, partnership):
    programme = ProgrammeFactory(partnership=partnership, title="Regeneration Framework")
    org = OrganisationFactory(partnership=partnership, name="Isisbury City Council")
    ActionFactory(
        programme=programme,
        partnership=partnership,
        title="Open the hub",
        lead_organisation=org,
        percent_complete=40,
        due_date=dt.date(2026, 3, 31),
    )
    response = editor_client.get(url("action_plan_export", partnership) + "?format=csv")
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0]["Programme"] == "Regeneration Framework"
    assert rows[0]["Action"] == "Open the hub"
    assert rows[0]["Lead organisation"] == "Isisbury City Council"
    assert rows[0]["Status"] == "On track"
    assert rows[0]["Due"] == "2026-03-31"
    assert rows[0]["Percent complete"].startswith("40")
    xlsx = editor_client.get(url("action_plan_export", partnership) + "?format=xlsx")
    sheet = load_workbook(io.BytesIO(xlsx.content)).active
    assert [c.value for c in sheet[1]][:3] == ["Programme", "Action", "Description"]
    row = _first_row(sheet)
    assert isinstance(row["Due"], dt.date) and row["Due"].date() == dt.date(2026, 3, 31)
    assert isinstance(row["Start"], dt.date)
    assert isinstance(row["Percent complete"], int | float) and row["Percent complete"] == 0.4
    assert sheet.cell(
        row=2, column=[c.value for c in sheet[1]].index("Percent complete") + 1
    ).number_format.endswith("%")


def test_action_plan_export_has_the_computed_rag_in_words(editor_client, partnership):
    programme = ProgrammeFactory(partnership=partnership, rag_amber_points=10, rag_red_points=25)
    # Due a year ago and not complete: overdue, so computed red whatever it reports.
    ActionFactory(
        programme=programme,
        partnership=partnership,
        title="Late one",
        status="on_track",
        percent_complete=10,
        start_date=dt.date.today() - dt.timedelta(days=700),
        due_date=dt.date.today() - dt.timedelta(days=365),
    )
    ActionFactory(programme=programme, partnership=partnership, title="Done one", status="complete")
    response = editor_client.get(url("action_plan_export", partnership) + "?format=csv")
    rows = {r["Action"]: r for r in csv.DictReader(io.StringIO(response.content.decode("utf-8-sig")))}
    assert rows["Late one"]["Computed RAG"] == "Red"
    assert rows["Late one"]["Status"] == "On track"
    assert rows["Done one"]["Computed RAG"] == "Complete"


def test_action_plan_export_takes_the_same_queries_with_more_actions(editor_client, partnership):
    programme = ProgrammeFactory(partnership=partnership)
    ActionFactory(programme=programme, partnership=partnership)
    with CaptureQueriesContext(connection) as few:
        editor_client.get(url("action_plan_export", partnership) + "?format=csv")
    for _ in range(3):
        ActionFactory.create_batch(
            5, programme=ProgrammeFactory(partnership=partnership), partnership=partnership
        )
    with CaptureQueriesContext(connection) as many:
        response = editor_client.get(url("action_plan_export", partnership) + "?format=csv")
    assert response.content.decode("utf-8-sig").count("\n") == 17
    assert len(many) == len(few)


def test_the_programmes_page_links_to_the_action_plan_export(editor_client, partnership):
    ProgrammeFactory(partnership=partnership)
    page = editor_client.get(url("programmes", partnership)).content.decode()
    assert url("action_plan_export", partnership) + "?format=xlsx" in page
    assert url("action_plan_export", partnership) + "?format=csv" in page


def test_a_closed_risk_cannot_be_reviewed(editor_client, partnership, outcome):
    risk = RiskFactory(outcome=outcome, partnership=partnership, closed_on=dt.date(2026, 1, 1))
    response = editor_client.post(
        url("risk_review", partnership, risk_id=risk.pk),
        {"version": risk.version, "likelihood": "1", "impact": "1", "mitigations": "", "review_on": ""},
    )
    assert response.status_code == 200
    assert "A closed risk is not reviewed" in response.content.decode()
    risk.refresh_from_db()
    assert risk.previous_score is None
    assert not AuditEntry.objects.filter(action="strategy.risk.reviewed").exists()


def test_matrix_links_keep_the_other_filters_and_replace_the_cell(editor_client, partnership, outcome):
    RiskFactory(outcome=outcome, partnership=partnership, likelihood=2, impact=2)
    page = editor_client.get(url("risks", partnership) + f"?outcome={outcome.pk}&likelihood=4&impact=4")
    assert f"?outcome={outcome.pk}&amp;likelihood=2&amp;impact=2" in page.content.decode()


def test_a_theme_lead_manages_risks_and_claims_of_their_own_theme_only(client, partnership):
    lead = user_with_role(partnership, "viewer")
    theme = PriorityFactory(partnership=partnership, strategy__partnership=partnership)
    theme.theme_leads.add(lead)
    other_theme = PriorityFactory(partnership=partnership, strategy=theme.strategy)
    mine = RiskFactory(outcome=OutcomeFactory(priority=theme), partnership=partnership)
    other = RiskFactory(outcome=OutcomeFactory(priority=other_theme), partnership=partnership)
    claim = ContributionClaimFactory(priority=theme, partnership=partnership)
    client.force_login(lead)
    assert client.get(url("risk_edit", partnership, risk_id=mine.pk)).status_code == 200
    assert client.get(url("risk_edit", partnership, risk_id=other.pk)).status_code == 403
    assert client.get(url("risk_add", partnership)).status_code == 403
    kwargs = {"priority_id": theme.pk, "claim_id": claim.pk}
    assert client.get(url("contribution_edit", partnership, **kwargs)).status_code == 200
    assert client.get(url("contribution_add", partnership, priority_id=other_theme.pk)).status_code == 403


@pytest.fixture
def led_risk(partnership):
    lead = user_with_role(partnership, "viewer")
    theme = PriorityFactory(partnership=partnership, strategy__partnership=partnership)
    theme.theme_leads.add(lead)
    other_theme = PriorityFactory(partnership=partnership, strategy=theme.strategy)
    mine = OutcomeFactory(priority=theme, partnership=partnership)
    others = OutcomeFactory(priority=other_theme, partnership=partnership)
    other_programme = ProgrammeFactory(partnership=partnership)
    other_programme.outcomes.add(others)
    risk = RiskFactory(outcome=mine, partnership=partnership)
    return lead, risk, mine, others, other_programme


def test_a_theme_lead_cannot_move_a_risk_to_another_themes_outcome(client, partnership, led_risk):
    lead, risk, mine, others, _ = led_risk
    client.force_login(lead)
    form = client.get(url("risk_edit", partnership, risk_id=risk.pk)).context["form"]
    assert others not in form.fields["outcome"].queryset
    assert mine in form.fields["outcome"].queryset
    response = client.post(
        url("risk_edit", partnership, risk_id=risk.pk), {**risk_data(others), "version": risk.version}
    )
    assert response.status_code in (200, 403)
    risk.refresh_from_db()
    assert risk.outcome == mine
    assert not AuditEntry.objects.filter(action="strategy.risk.updated").exists()


def test_a_theme_lead_cannot_hang_a_risk_on_another_themes_programme(client, partnership, led_risk):
    from joinedup.strategy.rules import may_place_risk

    lead, risk, mine, others, other_programme = led_risk
    # The view re-checks the posted values whatever the form offered.
    assert not may_place_risk(lead, risk, outcome=None, programme=other_programme)
    assert not may_place_risk(lead, risk, outcome=mine, programme=other_programme)
    assert not may_place_risk(lead, risk, outcome=others, programme=None)
    assert may_place_risk(lead, risk, outcome=mine, programme=None)
    client.force_login(lead)
    data = {**risk_data(mine, outcome="", programme=other_programme.pk), "version": risk.version}
    client.post(url("risk_edit", partnership, risk_id=risk.pk), data)
    risk.refresh_from_db()
    assert (risk.outcome, risk.programme) == (mine, None)


def test_an_editor_may_move_a_risk_to_any_theme(editor_client, partnership, led_risk):
    _, risk, _, others, _ = led_risk
    response = editor_client.post(
        url("risk_edit", partnership, risk_id=risk.pk), {**risk_data(others), "version": risk.version}
    )
    assert response.status_code == 302
    risk.refresh_from_db()
    assert risk.outcome == others
