"""The strategy pages: labels, warnings, theme leads, conflicts, evidence files, coverage
links, versions, the home panel, and fixed query counts."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from joinedup.core.models import AuditEntry
from joinedup.partnerships.tests.factories import (
    BodyFactory,
    PartnershipFactory,
    PersonFactory,
    user_with_role,
)
from joinedup.strategy.models import Programme
from joinedup.strategy.tests.factories import (
    EvidenceFactory,
    ObjectiveFactory,
    OutcomeFactory,
    PriorityFactory,
    StrategyFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def strategy():
    return StrategyFactory(partnership=PartnershipFactory(partnership_type="hwb"), title="Living Well 2030")


def signed_in(client, strategy, role):
    user = user_with_role(strategy.partnership, role)
    client.force_login(user)
    return user


def url(name, strategy, **kwargs):
    return reverse(f"strategy:{name}", kwargs={"slug": strategy.partnership.slug, **kwargs})


def test_the_strategy_page_is_labelled_by_the_partnership_type(client, strategy):
    signed_in(client, strategy, "viewer")
    page = client.get(url("strategy", strategy)).content.decode()
    assert "Joint health and wellbeing strategy" in page
    assert "Living Well 2030" in page


def test_the_page_warns_when_the_board_drives_more_than_the_limit(client, strategy):
    signed_in(client, strategy, "viewer")
    strategy.drive_limit = 2
    strategy.save()
    for n in range(3):
        PriorityFactory(strategy=strategy, board_role="drive", title=f"Driven {n}")
    assert "The board drives 3 priorities" in client.get(url("strategy", strategy)).content.decode()
    strategy.drive_limit = 3
    strategy.save()
    assert "The board drives" not in client.get(url("strategy", strategy)).content.decode()


def test_changing_the_drive_limit_through_the_form_shows_and_hides_the_warning(client, strategy):
    signed_in(client, strategy, "editor")
    for n in range(3):
        PriorityFactory(strategy=strategy, board_role="drive", title=f"Driven {n}")

    def post_limit(limit):
        strategy.refresh_from_db()
        data = {
            "title": strategy.title,
            "vision": strategy.vision,
            "start_year": strategy.start_year,
            "end_year": strategy.end_year,
            "adopted_on": strategy.adopted_on.isoformat() if strategy.adopted_on else "",
            "next_review_on": strategy.next_review_on.isoformat() if strategy.next_review_on else "",
            "status": strategy.status,
            "drive_limit": limit,
            "version": strategy.version,
        }
        response = client.post(url("strategy_edit", strategy, pk=strategy.pk), data)
        assert response.status_code == 302, response.content.decode()
        return client.get(url("strategy", strategy)).content.decode()

    assert "The board drives 3 priorities" in post_limit(2)
    strategy.refresh_from_db()
    assert strategy.drive_limit == 2
    assert "The board drives" not in post_limit(3)
    assert "The board drives 3 priorities, more than the 1" in post_limit(1)


def _populate(strategy, themes: int, outcomes_per_theme: int) -> None:
    body = BodyFactory(partnership=strategy.partnership)
    champion = PersonFactory(partnership=strategy.partnership)
    programme = Programme.objects.create(partnership=strategy.partnership, title="Plan")
    for _ in range(themes):
        theme = PriorityFactory(strategy=strategy, lead_body=body, champion=champion, board_role="drive")
        theme.theme_leads.add(user_with_role(strategy.partnership, "viewer"))
        for o in range(outcomes_per_theme):
            outcome = OutcomeFactory(priority=theme, in_agreement=bool(o % 2), champion=champion)
            ObjectiveFactory(outcome=outcome)
            EvidenceFactory(outcome=outcome)
            programme.outcomes.add(outcome)
        EvidenceFactory(priority=theme, outcome=None)


def test_the_strategy_page_takes_the_same_queries_for_many_themes_and_outcomes(
    client, strategy, django_assert_max_num_queries
):
    signed_in(client, strategy, "editor")
    _populate(strategy, themes=1, outcomes_per_theme=1)
    with CaptureQueriesContext(connection) as small:
        assert client.get(url("strategy", strategy)).status_code == 200
    _populate(strategy, themes=12, outcomes_per_theme=6)
    with django_assert_max_num_queries(len(small.captured_queries)):
        response = client.get(url("strategy", strategy))
    assert response.status_code == 200
    assert response.content.decode().count("No evidence") == 0


def test_a_theme_lead_edits_their_theme_but_not_who_leads_it(client, strategy):
    lead = signed_in(client, strategy, "viewer")
    theme = PriorityFactory(strategy=strategy, title="Low Carbon")
    theme.theme_leads.add(lead)
    form = client.get(url("theme_edit", strategy, pk=theme.pk)).content.decode()
    assert 'name="theme_leads"' not in form
    response = client.post(
        url("theme_edit", strategy, pk=theme.pk),
        {"title": "Net Zero", "board_role": "sponsor", "version": theme.version},
    )
    assert response.status_code == 302
    theme.refresh_from_db()
    assert theme.title == "Net Zero"
    assert list(theme.theme_leads.all()) == [lead]
    assert AuditEntry.objects.filter(action="strategy.priority.updated", actor_user=lead).exists()


def test_a_theme_lead_cannot_edit_another_theme_or_its_outcomes(client, strategy):
    lead = signed_in(client, strategy, "viewer")
    PriorityFactory(strategy=strategy).theme_leads.add(lead)
    other = PriorityFactory(strategy=strategy)
    outcome = OutcomeFactory(priority=other)
    assert client.get(url("theme_edit", strategy, pk=other.pk)).status_code == 403
    assert client.post(url("outcome_edit", strategy, pk=outcome.pk), {"title": "x"}).status_code == 403


def test_an_editor_names_theme_leads_from_the_partnerships_users(client, strategy):
    signed_in(client, strategy, "editor")
    lead = user_with_role(strategy.partnership, "member")
    response = client.post(
        url("theme_add", strategy, pk=strategy.pk),
        {"title": "Affordable Housing", "board_role": "drive", "theme_leads": [lead.pk]},
    )
    assert response.status_code == 302
    theme = strategy.priorities.get(title="Affordable Housing")
    assert list(theme.theme_leads.all()) == [lead]


def test_a_theme_form_without_a_title_says_enter_a_title_and_keeps_what_was_typed(client, strategy):
    signed_in(client, strategy, "editor")
    response = client.post(
        url("theme_add", strategy, pk=strategy.pk), {"title": "", "description": "Warm homes"}
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "Enter a title" in page and "Warm homes" in page


def test_saving_an_outcome_someone_else_changed_shows_both_versions(client, strategy):
    signed_in(client, strategy, "editor")
    outcome = OutcomeFactory(priority=PriorityFactory(strategy=strategy), title="Original")
    stale = outcome.version
    outcome.title = "Theirs"
    outcome.version += 1
    outcome.save()
    response = client.post(url("outcome_edit", strategy, pk=outcome.pk), {"title": "Mine", "version": stale})
    page = response.content.decode()
    assert response.status_code == 409
    assert "Theirs" in page and "Mine" in page


def test_evidence_files_are_uploaded_and_downloaded_as_attachments(client, strategy, tmp_path):
    signed_in(client, strategy, "editor")
    outcome = OutcomeFactory(priority=PriorityFactory(strategy=strategy))
    upload = tmp_path / "profile.csv"
    upload.write_bytes(b"ward,population\nNorth,1200\n")
    with upload.open("rb") as handle:
        response = client.post(
            url("outcome_evidence_add", strategy, pk=outcome.pk),
            {
                "kind": "area_profile",
                "title": "Ward profiles",
                "source": "County Council",
                "published_on": "2025-04-01",
                "url": "",
                "what_it_shows": "Population by ward",
                "document_upload": handle,
            },
        )
    assert response.status_code == 302
    evidence = outcome.evidence.get()
    download = client.get(url("evidence_file", strategy, pk=evidence.pk))
    assert download.status_code == 200
    assert download["Content-Disposition"].startswith("attachment")
    assert b"".join(download.streaming_content) == b"ward,population\nNorth,1200\n"


def test_another_partnerships_evidence_is_not_found_through_this_slug(client, strategy):
    signed_in(client, strategy, "admin")
    foreign = EvidenceFactory()
    assert client.get(url("evidence_file", strategy, pk=foreign.pk)).status_code == 404


def test_outcomes_without_evidence_are_flagged_on_the_strategy_page(client, strategy):
    signed_in(client, strategy, "viewer")
    theme = PriorityFactory(strategy=strategy)
    OutcomeFactory(priority=theme, title="Fewer falls")
    EvidenceFactory(outcome=OutcomeFactory(priority=theme, title="Longer lives"))
    page = client.get(url("strategy", strategy)).content.decode()
    assert "Outcomes with no evidence" in page
    flagged = page.split("Outcomes with no evidence", 1)[1].split("</ul>", 1)[0]
    assert "Fewer falls" in flagged and "Longer lives" not in flagged


def test_each_coverage_figure_links_to_the_outcomes_it_counts(client, strategy):
    signed_in(client, strategy, "viewer")
    theme = PriorityFactory(strategy=strategy)
    owned = OutcomeFactory(
        priority=theme, in_agreement=True, lead_body=BodyFactory(partnership=strategy.partnership)
    )
    OutcomeFactory(priority=theme, in_agreement=True, title="Nobody owns this")
    page = client.get(url("strategy", strategy)).content.decode()
    link = (
        url("coverage", strategy, pk=strategy.pk) + f"?theme={theme.pk}&amp;group=agreement&amp;measure=owner"
    )
    assert link in page
    listing = client.get(link.replace("&amp;", "&")).content.decode()
    assert owned.title in listing and "Nobody owns this" not in listing
    assert "lead organisation or a champion" in listing


def test_adopting_twice_then_comparing_shows_what_changed(client, strategy):
    signed_in(client, strategy, "editor")
    theme = PriorityFactory(strategy=strategy, title="Regeneration")
    assert (
        client.post(url("strategy_adopt", strategy, pk=strategy.pk), {"adopted_on": "2026-01-10"}).status_code
        == 302
    )
    theme.title = "Inclusive Growth"
    theme.save()
    strategy.vision = "A fairer county"
    strategy.save()
    client.post(url("strategy_adopt", strategy, pk=strategy.pk), {"adopted_on": "2026-07-10"})
    page = client.get(url("compare", strategy, pk=strategy.pk) + "?older=1&newer=2").content.decode()
    assert "Renamed the theme “Regeneration” to “Inclusive Growth”" in page
    assert "A fairer county" in page


def test_comparing_a_version_with_itself_asks_for_another(client, strategy):
    signed_in(client, strategy, "editor")
    client.post(url("strategy_adopt", strategy, pk=strategy.pk), {"adopted_on": "2026-01-10"})
    page = client.get(url("compare", strategy, pk=strategy.pk) + "?older=1&newer=1").content.decode()
    assert "Select a different version to compare with" in page


def test_the_partnership_home_shows_the_strategy_panel(client, strategy):
    signed_in(client, strategy, "viewer")
    strategy.drive_limit = 0
    strategy.save()
    PriorityFactory(strategy=strategy, title="Healthy Weight", board_role="drive")
    page = client.get(
        reverse("partnerships:home", kwargs={"slug": strategy.partnership.slug})
    ).content.decode()
    assert "Living Well 2030" in page and "Healthy Weight" in page
    assert "The board drives 1 priority, more than the 0" in page


def test_recording_a_strategy_with_the_period_backwards_is_refused(client):
    partnership = PartnershipFactory()
    client.force_login(user_with_role(partnership, "editor"))
    response = client.post(
        reverse("strategy:strategy_add", kwargs={"slug": partnership.slug}),
        {
            "title": "SCS",
            "vision": "V",
            "start_year": 2028,
            "end_year": 2008,
            "status": "draft",
            "drive_limit": 5,
        },
    )
    assert "The last year must be the same as or after the first year" in response.content.decode()
    assert not partnership.strategies.exists()


def test_the_strategy_page_offers_changes_only_to_those_who_may_make_them(client, strategy):
    lead = signed_in(client, strategy, "viewer")
    theirs = PriorityFactory(strategy=strategy, title="Low Carbon")
    theirs.theme_leads.add(lead)
    other = PriorityFactory(strategy=strategy, title="Housing")
    page = client.get(url("strategy", strategy)).content.decode()
    assert url("theme_edit", strategy, pk=theirs.pk) in page
    assert url("theme_edit", strategy, pk=other.pk) not in page
    assert "Move down" not in page and "Add a theme" not in page
    client.force_login(user_with_role(strategy.partnership, "editor"))
    page = client.get(url("strategy", strategy)).content.decode()
    assert url("theme_edit", strategy, pk=other.pk) in page
    assert "Move down" in page and "Add a theme" in page


def test_the_strategy_page_leads_to_the_map_programmes_risks_and_owners(client):
    strategy = StrategyFactory()
    partnership = strategy.partnership
    client.force_login(user_with_role(partnership, "viewer"))
    page = client.get(reverse("strategy:strategy", kwargs={"slug": partnership.slug})).content.decode()
    for name in ("map", "programmes", "risks", "owners"):
        assert reverse(f"strategy:{name}", kwargs={"slug": partnership.slug}) in page
