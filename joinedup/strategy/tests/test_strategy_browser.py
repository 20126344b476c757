"""The strategy pages in a real browser: zero axe-core violations (WCAG 2.2 AA), and
reordering themes with buttons, with JavaScript on."""

import datetime as dt

import pytest
from django.urls import reverse

from joinedup.partnerships.tests.factories import (
    BodyFactory,
    PartnershipFactory,
    PersonFactory,
    user_with_role,
)
from joinedup.strategy.services.strategy import adopt_strategy
from joinedup.strategy.tests.factories import (
    EvidenceFactory,
    ObjectiveFactory,
    OutcomeFactory,
    PriorityFactory,
    StrategyFactory,
)
from joinedup.tests.system.axe import axe_violations, describe
from joinedup.tests.system.harness import sign_in_without_the_form

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def scs():
    partnership = PartnershipFactory(name="Thameside Partnership", slug="thameside")
    editor = user_with_role(partnership, "editor")
    strategy = StrategyFactory(partnership=partnership, title="Thameside 2028", drive_limit=1)
    regeneration = PriorityFactory(
        strategy=strategy,
        title="Regeneration",
        board_role="drive",
        lead_body=BodyFactory(partnership=partnership),
        champion=PersonFactory(partnership=partnership),
    )
    regeneration.theme_leads.add(editor)
    carbon = PriorityFactory(strategy=strategy, title="Low Carbon", board_role="drive")
    outcome = OutcomeFactory(priority=regeneration, title="More people in work", in_agreement=True)
    ObjectiveFactory(outcome=outcome, title="Open a skills hub")
    OutcomeFactory(priority=carbon, title="Emissions fall")
    evidence = EvidenceFactory(outcome=outcome)
    adopt_strategy(strategy=strategy, user=editor, adopted_on=dt.date(2025, 1, 1))
    carbon.title = "Net Zero"
    carbon.save()
    adopt_strategy(strategy=strategy, user=editor, adopted_on=dt.date(2026, 1, 1))
    return {
        "partnership": partnership,
        "editor": editor,
        "strategy": strategy,
        "theme": regeneration,
        "outcome": outcome,
        "objective": outcome.objectives.get(),
        "evidence": evidence,
    }


def test_every_strategy_page_has_no_accessibility_violations(page, live_server, scs):
    sign_in_without_the_form(page, live_server.url, scs["editor"])
    slug, s = scs["partnership"].slug, scs["strategy"].pk
    pages = [
        ("strategy", {}),
        ("strategy_edit", {"pk": s}),
        ("strategy_adopt", {"pk": s}),
        ("versions", {"pk": s}),
        ("version", {"pk": s, "number": 1}),
        ("compare", {"pk": s}),
        ("coverage", {"pk": s}),
        ("theme_add", {"pk": s}),
        ("theme", {"pk": scs["theme"].pk}),
        ("theme_edit", {"pk": scs["theme"].pk}),
        ("outcome", {"pk": scs["outcome"].pk}),
        ("outcome_edit", {"pk": scs["outcome"].pk}),
        ("objective_edit", {"pk": scs["objective"].pk}),
        ("outcome_evidence_add", {"pk": scs["outcome"].pk}),
        ("evidence_edit", {"pk": scs["evidence"].pk}),
        ("theme_delete", {"pk": scs["theme"].pk}),
    ]
    failures = []
    for name, kwargs in pages:
        response = page.goto(reverse(f"strategy:{name}", kwargs={"slug": slug, **kwargs}))
        assert response is not None and response.status == 200, name
        violations = axe_violations(page)
        if violations:
            failures.append(f"{name}: {describe(violations)}")
    page.goto(reverse("strategy:compare", kwargs={"slug": slug, "pk": s}) + "?older=1&newer=2")
    assert "Renamed the theme “Low Carbon” to “Net Zero”" in page.content()
    if violations := axe_violations(page):
        failures.append(f"compare result: {describe(violations)}")
    assert not failures, "\n".join(failures)


def test_an_editor_moves_a_theme_down_with_a_button(page, live_server, scs):
    sign_in_without_the_form(page, live_server.url, scs["editor"])
    page.goto(reverse("strategy:strategy", kwargs={"slug": scs["partnership"].slug}))
    assert "The board drives 2 priorities" in page.content()
    page.get_by_role("button", name="Move down Regeneration").click()
    headings = page.locator("h3.govuk-heading-m").all_inner_texts()
    assert headings[:2] == ["Net Zero", "Regeneration"]
