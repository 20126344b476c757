import re

import pytest
from django.core.management import call_command
from django.utils import timezone

from joinedup.accounts.models import User
from joinedup.core.models import AuditEntry
from joinedup.demo import loader
from joinedup.demo.logins import DEMO_LOGINS, loaded_demo_logins
from joinedup.partnerships.models import (
    Area,
    Body,
    Layer,
    Membership,
    MembershipRole,
    Partnership,
    PartnershipRole,
    Person,
    TrainingRecord,
)
from joinedup.partnerships.roles import role_in

pytestmark = pytest.mark.django_db

GSS = re.compile(r"^[EWSNK][0-9]{8}$")


@pytest.fixture
def demo():
    call_command("load_demo", stdout=None)
    return Partnership.objects.get(slug="isisbury")


def test_city_partnership_sits_inside_the_county_partnership(demo):
    assert demo.parent.slug == "evenshire"
    assert demo.tier == "district"
    assert demo.parent.tier == "county"


def test_the_county_admin_sees_the_city_structure_summary_on_the_children_page(demo, client):
    client.force_login(User.objects.get(email="county.admin@demo.example"))
    page = client.get("/p/evenshire/children/").content.decode()
    assert "Isisbury Partnership Board" in page
    assert "Cllr Susan Hartley" in page


def test_every_demo_place_is_fictional_and_outside_the_gss_namespace(demo):
    areas = Area.objects.filter(source="demo")
    assert areas.count() >= 4
    for area in areas:
        assert area.is_fictional
        assert not GSS.match(area.code), area.code
    assert Area.objects.get(code="X00000003").parent.parent.area_type == "region"


def test_every_demo_partnership_is_flagged_fictional(demo):
    assert set(Partnership.objects.values_list("slug", "is_fictional")) == {
        ("isisbury", True),
        ("evenshire", True),
        ("marchford-csp", True),
    }


def test_city_has_the_three_layers_and_the_five_thematic_groups(demo):
    bodies = {b.name: b for b in demo.bodies.all()}
    assert {b.layer for b in bodies.values()} == {Layer.STRATEGIC, Layer.EXECUTIVE, Layer.THEMATIC}
    thematic = {b.short_name for b in bodies.values() if b.layer == Layer.THEMATIC}
    assert thematic == {
        "Regeneration",
        "Low Carbon",
        "Affordable Housing",
        "Community Safety",
        "Children and Young People",
    }
    board = bodies["Isisbury Partnership Board"]
    assert all(b.parent == board for b in bodies.values() if b.layer == Layer.THEMATIC)


def test_council_leader_chairs_the_board_and_partners_chair_some_groups(demo):
    chairs = {
        m.body.short_name: m
        for m in Membership.objects.filter(
            body__partnership=demo, role=MembershipRole.CHAIR, is_deputy=False
        ).select_related("body", "represents")
    }
    assert chairs["Board"].person.job_title == "Leader of the Council"
    assert chairs["Board"].appointed_by and chairs["Board"].appointed_on
    outside_councils = [m for m in chairs.values() if m.represents.sector != "local_government"]
    assert len(outside_councils) >= 2
    assert Membership.objects.filter(body__partnership=demo, role=MembershipRole.VICE_CHAIR).count() >= 5


def test_about_a_hundred_people_with_deputies_and_board_training(demo):
    assert 90 <= Person.objects.count() <= 120
    assert Membership.objects.filter(body__partnership=demo, is_deputy=True).exists()
    board_members = Person.objects.filter(memberships__body__name="Isisbury Partnership Board").distinct()
    assert TrainingRecord.objects.filter(person__in=board_members, kind="induction").count() >= 8


def test_one_user_per_role_in_the_city_and_a_county_admin_who_only_views_the_city(demo):
    roles = dict(PartnershipRole.objects.filter(partnership=demo).values_list("user__email", "role"))
    assert {"admin", "editor", "member", "scrutiny", "viewer"} <= set(roles.values())
    county_admin = User.objects.get(email="county.admin@demo.example")
    assert role_in(county_admin, demo) == "viewer"
    assert role_in(county_admin, demo.parent) == "admin"
    operator = User.objects.get(email="operator@demo.example")
    assert operator.is_superuser
    assert role_in(operator, demo) is None


def test_demo_logins_match_the_accounts_and_their_passwords(demo):
    for login in DEMO_LOGINS:
        assert User.objects.get(email=login.email).check_password(login.password), login.email


def test_loading_twice_changes_nothing(demo):
    people = Person.objects.count()
    ids = set(Partnership.objects.values_list("pk", flat=True))
    call_command("load_demo")
    assert Person.objects.count() == people
    assert set(Partnership.objects.values_list("pk", flat=True)) == ids


def test_reset_rebuilds_the_demo_from_the_scenario_files(demo):
    Body.objects.filter(partnership=demo, short_name="Low Carbon").delete()
    people = Person.objects.count()
    call_command("load_demo", "--reset")
    city = Partnership.objects.get(slug="isisbury")
    assert city.bodies.filter(short_name="Low Carbon").exists()
    assert Person.objects.count() == people
    assert User.objects.filter(email="admin@demo.example").count() == 1
    # One audit entry per partnership per load, none left over from the first load.
    assert AuditEntry.objects.filter(action="demo.scenario.loaded").count() == 3


def test_reset_refuses_to_delete_a_real_partnership_with_a_demo_slug():
    Partnership.objects.create(slug="isisbury", name="Real", partnership_type="place", tier="district")
    with pytest.raises(loader.ScenarioError, match="not fictional"):
        loader.remove_demo(loader.read_scenarios())


def test_a_scenario_naming_an_unknown_person_fails_with_the_file_named(tmp_path):
    (tmp_path / "p.yaml").write_text(
        "kind: partnership\n"
        "partnership: {slug: t, name: T, type: place, tier: district}\n"
        "bodies:\n"
        "  - {name: Board, layer: executive, seats: [{label: Chair, kind: partner, holder: Nobody}]}\n"
    )
    with pytest.raises(loader.ScenarioError, match=r"p\.yaml.*'Nobody'"):
        loader.load(loader.read_scenarios(tmp_path))


def test_email_is_made_from_the_name_without_titles():
    assert (
        loader.email_for("Chief Superintendent Mark Devlin", "police.example") == "mark.devlin@police.example"
    )
    assert loader.email_for("Cllr James O'Connell", "city.example") == "james.oconnell@city.example"


def test_the_sign_in_page_lists_the_loaded_demo_logins_in_demo_mode(demo, client, settings):
    settings.DEMO_MODE = True
    page = client.get("/account/sign-in/").content.decode()
    for login in DEMO_LOGINS:
        assert login.email in page and login.password in page


def test_the_sign_in_page_shows_no_demo_logins_outside_demo_mode(demo, client, settings):
    settings.DEMO_MODE = False
    assert "admin@demo.example" not in client.get("/account/sign-in/").content.decode()


def test_only_demo_logins_whose_accounts_exist_are_offered():
    assert loaded_demo_logins() == []


# --- performance (bench-demo) ---------------------------------------------------------

NEW_HOMES = "1,000 new affordable homes by 2030"


def test_demo_indicators_are_local_fictional_and_modelled_on_the_national_indicator_set(demo):
    from joinedup.performance.models import Indicator

    city = set(Indicator.objects.filter(partnership=demo).values_list("code", flat=True))
    assert 10 <= len(city) <= 12
    assert {"NI 154", "NI 155", "NI 186", "NI 152", "NI 16", "NI 116"} <= city
    csp = Partnership.objects.get(slug="marchford-csp")
    assert {"NI 15", "NI 16", "NI 20"} <= set(csp.local_indicators.values_list("code", flat=True))
    generated = Indicator.objects.filter(partnership__is_fictional=True)
    assert not generated.filter(is_fictional=False).exists()
    assert all("Demonstration data" in i.data_quality for i in generated)


def test_ten_years_of_demo_values_for_the_demo_place_and_fifteen_fictional_comparators(demo):
    from joinedup.performance.models import ComparatorGroup, Indicator, Observation

    group = ComparatorGroup.objects.get(partnership=demo)
    assert group.kind == "neighbours" and group.subject_area.code == "X00000003"
    members = list(group.members.all())
    assert len(members) == 16  # the other demo district and fifteen invented comparators
    assert all(a.is_fictional and not GSS.match(a.code) for a in members)

    co2 = Indicator.objects.get(partnership=demo, code="NI 186")
    values = Observation.objects.filter(indicator=co2, area__code="X00000003").order_by("period_start")
    assert values.count() == 10
    first, last = values.first(), values.last()
    assert last.value < first.value  # lower is better, and the city improves
    assert last.quality == "provisional" and first.quality == "validated"
    assert Observation.objects.filter(indicator=co2).values("area").distinct().count() == 17
    rate = Observation.objects.filter(indicator__code="NI 16", indicator__partnership=demo).first()
    assert rate.value == pytest.approx(rate.numerator / rate.denominator * 1000, rel=1e-3)
    assert rate.lower_95 < rate.value < rate.upper_95
    # Blank values keep their reason.
    assert not Observation.objects.filter(value__isnull=True, note="").exists()


def test_demo_values_are_the_same_on_every_load(demo):
    from joinedup.performance.models import Observation

    def figures():
        return sorted(
            Observation.objects.filter(partnership__slug="isisbury").values_list(
                "indicator__code", "area__code", "period", "value"
            )
        )

    before = figures()
    call_command("load_demo", "--reset")
    assert figures() == before


def test_demo_targets_cover_the_last_three_years_each_with_an_approved_change(demo):
    from joinedup.performance.models import Target, TargetChange

    targets = Target.objects.filter(partnership=demo, indicator__code="NI 154").order_by("period_start")
    assert [str(t.period) for t in targets] == ["2022/23", "2023/24", "2024/25"]
    assert all(t.value > t.baseline_value for t in targets)  # higher is better
    changes = TargetChange.objects.filter(partnership=demo)
    assert changes.count() == Target.objects.filter(partnership=demo).count()
    assert all(c.status == "approved" and c.proposed_by != c.decided_by for c in changes)
    assert changes.first().proposed_by.email == "editor@demo.example"


def test_demo_indicators_serve_strategy_outcomes_and_some_owners_have_no_account(demo):
    from joinedup.performance.models import PartnershipIndicator

    links = PartnershipIndicator.objects.filter(partnership=demo, indicator__is_fictional=True)
    homes = links.get(indicator__code="NI 154")
    assert [o.title for o in homes.outcomes.all()] == [NEW_HOMES]
    assert all(link.owner_person is not None for link in links)
    assert links.filter(owner_person__user__isnull=True).exists()
    assert links.filter(owner_person__user__isnull=False).exists()


def test_without_the_fingertips_importer_the_demo_loads_and_says_it_skipped_the_real_file(
    monkeypatch, capsys
):
    from joinedup.core.imports import registry

    monkeypatch.delitem(registry._registry, "performance.fingertips", raising=False)
    call_command("load_demo")
    assert "Skipped the real Fingertips file: the performance.fingertips importer" in capsys.readouterr().out
    assert Partnership.objects.get(slug="isisbury").local_indicators.exists()


def test_the_real_fingertips_file_goes_through_the_import_pipeline_as_shared_data(capsys):
    """With the reference geography loaded, the loader imports the real file through the
    performance.fingertips importer and the core pipeline: every row checked, written in one
    transaction with one audit entry, and the city partnership may use the shared indicator."""
    from joinedup.core.models import ImportRun
    from joinedup.performance.models import Indicator, Observation

    call_command("load_geography", verbosity=0)
    call_command("load_demo")
    run = ImportRun.objects.get(importer="performance.fingertips")
    assert (run.status, run.partnership_id, run.total_rows, run.written_rows) == ("written", None, 852, 852)
    assert run.confirmed_by is not None and run.confirmed_by.is_superuser
    assert (
        AuditEntry.objects.filter(action="performance.fingertips.imported", partnership_id=None).count() == 1
    )
    shared = Indicator.objects.get(code="93356", partnership__isnull=True)
    assert not shared.is_fictional
    assert Observation.objects.filter(indicator=shared, partnership=None, import_run=run).count() == 852
    assert Partnership.objects.get(slug="isisbury").indicator_links.filter(indicator=shared).exists()
    assert "852 real Fingertips values" in capsys.readouterr().out


# --- governance: insight (insight) ---------------------------------------------------------


def test_demo_has_two_years_of_meetings_with_the_governance_record(demo):
    from joinedup.governance.models import (
        Attendance,
        BodyClerk,
        Challenge,
        Decision,
        Declaration,
        Interest,
        Meeting,
        MeetingAction,
        NoticeRule,
        Ratification,
    )

    board = demo.bodies.get(name="Isisbury Partnership Board")
    meetings = Meeting.objects.filter(body=board)
    held = meetings.filter(status__in=["held", "minutes_approved"])
    assert held.count() >= 12  # six a year for two years
    assert meetings.filter(status="planned").count() == 1  # the next one
    first, last = held.first(), held.last()
    assert (last.starts_at - first.starts_at).days >= 600
    assert Meeting.objects.filter(partnership__slug="marchford-csp").exists()
    # Agendas: standing items first, presenters from several sectors, an exempt item with its reason.
    items = demo.agenda_items.filter(meeting__body=board)
    assert items.filter(standing="minutes").count() == meetings.count()
    assert items.filter(is_exempt=True).exclude(exempt_reason="").exists()
    assert items.filter(standing="", minutes_allotted__isnull=True).count() == 0
    sectors = set(
        items.exclude(presenter_organisation=None).values_list("presenter_organisation__sector", flat=True)
    )
    assert len(sectors) >= 3
    # Attendance: remote, deputies and apologies.
    statuses = set(Attendance.objects.filter(meeting__body=board).values_list("status", flat=True))
    assert {"present", "remote", "deputy", "apologies"} <= statuses
    # Decisions (key, ratified), actions (some overdue), challenge, interests, declarations.
    assert Decision.objects.filter(partnership=demo, is_key_decision=True).exists()
    assert Ratification.objects.filter(partnership=demo, outcome="ratified").exists()
    today = timezone.localdate()
    assert MeetingAction.objects.filter(partnership=demo, status="open", due_date__lt=today).exists()
    assert Challenge.objects.filter(partnership=demo).count() >= 5
    assert Interest.objects.filter(partnership=demo, is_sensitive=True).count() == 1
    assert Declaration.objects.filter(partnership=demo).exists()
    assert NoticeRule.objects.filter(body=board).exists()
    assert BodyClerk.objects.filter(body=board, user__email="clerk@demo.example").exists()


def test_demo_insight_flags_the_forum_and_finds_the_inquorate_meeting_late_papers_and_escalation(demo):
    from joinedup.governance.selectors_insight import governance_insight
    from joinedup.governance.services.meetings import papers_late

    data = governance_insight(demo)
    bodies = {b.name: b for b in data.bodies}
    assert "detail" in [f.kind for f in bodies["Isisbury Strategic Partnership Forum"].flags]
    assert "no_money" in [f.kind for f in bodies["Low Carbon Isisbury"].flags]
    assert "detail" not in [f.kind for f in bodies["Isisbury Partnership Board"].flags]
    assert (
        bodies["Isisbury Partnership Board"].quoracy.quorate
        < bodies["Isisbury Partnership Board"].quoracy.judged
    )
    late = [m for m in demo.meetings.filter(papers_published_at__isnull=False) if papers_late(m)]
    assert len(late) == 1
    assert data.escalations.considered == 1
    considered_at = demo.agenda_items.filter(
        title__startswith="Exception escalated by Low Carbon Isisbury"
    ).get()
    assert considered_at.indicators.exists()
    assert considered_at.meeting.body.name == "Isisbury Partnership Board"
    assert [e.status for e in considered_at.escalations.all()] == ["considered"]
    assert data.escalations.median_days == 24
    assert data.overdue_actions.overdue >= 1


def test_the_clerk_demo_login_manages_the_board_only(demo, client):
    client.force_login(User.objects.get(email="clerk@demo.example"))
    board = demo.bodies.get(name="Isisbury Partnership Board")
    forum = demo.bodies.get(name="Isisbury Strategic Partnership Forum")
    assert client.get(f"/p/isisbury/meetings/bodies/{board.pk}/plan/").status_code == 200
    assert client.get(f"/p/isisbury/meetings/bodies/{forum.pk}/plan/").status_code == 403
    assert client.get("/p/isisbury/governance/insight/").status_code == 200


def test_demo_board_agenda_suggestion_offers_the_open_escalation(demo):
    from joinedup.governance import analysis_thread, selectors_thread

    board = demo.bodies.get(name="Isisbury Partnership Board")
    open_escalation = demo.escalations.get(status="open")
    assert open_escalation.to_body == board
    assert open_escalation.from_body.name == "Regeneration Framework Group"
    meeting = selectors_thread.next_meeting(board)
    assert meeting is not None
    today = timezone.localdate()
    inputs, _ = selectors_thread.suggestion_inputs(board, meeting, today=today)
    suggested = {s.key: s for s in analysis_thread.suggest(inputs, today=today)}
    offered = suggested[f"escalation-{open_escalation.pk}"]
    assert not offered.on_agenda
    assert "Regeneration Framework Group" in offered.why


# --- assessment demo ---


def _assessment_rounds(partnership):
    from joinedup.assessment.models import Round

    return list(Round.objects.filter(partnership=partnership).order_by("opens_on"))


def test_demo_has_two_completed_7s_rounds_a_year_apart_each_answered_by_at_least_60_partners(demo):
    from joinedup.assessment.models import Coordinator, Response, ResponseStatus

    today = timezone.localdate()
    first, second = _assessment_rounds(demo)
    assert first.framework_version == second.framework_version
    assert first.framework_version.framework.key == "7s" and first.framework_version.framework.is_shipped
    assert first.framework_version.elements.count() == 7
    assert second.previous_round == first
    assert 330 <= (today - first.closes_on).days <= 420  # about a year ago
    assert 7 <= (today - second.closes_on).days <= 42  # a few weeks ago
    for round_ in (first, second):
        assert round_.is_closed
        submitted = Response.objects.filter(round=round_, status=ResponseStatus.SUBMITTED)
        assert submitted.count() >= 60
        # Anonymous: no submitted response names its respondent; "responded" counts them.
        assert not submitted.filter(person__isnull=False).exists()
        assert round_.invitations.filter(responded=True).count() == submitted.count()
        # Anonymous: no submitted response carries a date, and the answers saved by people who
        # never submitted were deleted when the round closed.
        assert not submitted.filter(submitted_on__isnull=False).exists()
        assert not Response.objects.filter(round=round_, status=ResponseStatus.DRAFT).exists()
        # Every invitee was emailed a link that no longer opens the form.
        assert not round_.invitations.filter(link__isnull=True).exists()
        assert not round_.invitations.filter(link__expires_at__gt=timezone.now()).exists()
    # Bodies' members and the wider forum's members are invited, with a sector and (mostly) a layer.
    assert first.invitations.filter(layer="").exists() and first.invitations.exclude(layer="").count() > 60
    coordinator = User.objects.get(email="coordinator@demo.example")
    assert Coordinator.objects.filter(partnership=demo, user=coordinator).exists()
    assert demo.assessment_settings.min_group_size == 5
    assert demo.maturity_targets.count() == 7


def test_demo_results_show_perception_gaps_contradictions_dont_knows_comments_and_change(demo):
    from joinedup.assessment.models import Answer
    from joinedup.assessment.selectors_results import round_results

    first, second = _assessment_rounds(demo)
    results = round_results(second)
    assert results.respondents >= 60
    # Local government sees challenge and equal partnership; voluntary and business partners much less.
    for key in ("style-1", "style-2", "style-4"):
        question = results.question(key)
        assert question.gap_sector.high_group == "local_government", key
        means = question.sector_means()
        assert means["local_government"] - means["voluntary"] >= 0.5, key
        assert means["local_government"] - means["business"] >= 0.5, key
    # The strategic forum and the thematic groups see reporting differently.
    layer_gap = results.question("systems-1").gap_layer
    assert layer_gap.high_group == "strategic" and layer_gap.size >= 0.5
    # Small groups are hidden (police, fire and faith have fewer than five respondents).
    assert any(g.hidden for g in results.sectors)
    # Perception and the live evidence disagree somewhere.
    assert any(q.contradiction for q in results.questions)
    # "Don't know" is given and excluded from scores; some answers carry a comment.
    assert sum(q.score.distribution["dont_know"] for q in results.questions) > 0
    assert Answer.objects.filter(response__round=second).exclude(comment="").exists()
    # Change: the questions round 1 raised improvement actions on have improved since.
    assert results.previous is not None and results.previous.round == first
    actioned = [q for q in results.questions if q.previous_actions]
    assert len(actioned) == 4
    assert all(q.change is not None and q.change > 0 for q in actioned)
    assert any(a.is_done for q in actioned for a in q.previous_actions)
    assert any(not a.is_done for q in actioned for a in q.previous_actions)


def test_demo_round_one_has_consensus_answers_and_improvement_actions_in_the_improvement_plan(demo):
    from joinedup.assessment.models import ConsensusAnswer, ImprovementAction

    first, second = _assessment_rounds(demo)
    assert ConsensusAnswer.objects.filter(round=first).count() == 36
    assert not ConsensusAnswer.objects.filter(round=second).exists()
    raised = ImprovementAction.objects.filter(round=first).select_related("action__programme")
    assert raised.count() == 4
    assert {r.action.programme.is_improvement_plan for r in raised} == {True}
    assert {r.action.status for r in raised} >= {"complete", "on_track"}
    assert all(r.action.lead_person_id and r.action.due_date for r in raised)


def test_demo_round_two_has_a_published_review_paper_with_commentary_and_an_override(demo):
    from joinedup.assessment.models import PaperStatus, ReviewPaper

    first, second = _assessment_rounds(demo)
    assert not ReviewPaper.objects.filter(round=first).exists()
    paper = ReviewPaper.objects.get(round=second)
    assert paper.status == PaperStatus.PUBLISHED and paper.published_at is not None
    assert paper.generated and paper.generated_at is not None
    assert paper.introduction and paper.conclusions and paper.looking_forward
    assert paper.findings.exclude(commentary="").count() >= 4
    overridden = paper.findings.exclude(override="")
    assert overridden.count() == 1
    row = overridden.get()
    assert row.override != row.computed and row.override_reason
    assert AuditEntry.objects.filter(
        action="assessment.paper.judgement_overridden", partnership_id=demo.pk
    ).exists()


# --- end assessment demo ---
