"""The demo strategy (joinedup/demo/scenarios/strategy.yaml) loads through the models and
gives the pages something realistic to show."""

from collections import Counter

import pytest
from django.core.management import call_command
from django.utils import timezone

from joinedup.partnerships.models import Partnership
from joinedup.strategy import selectors_map

pytestmark = pytest.mark.django_db


@pytest.fixture
def isisbury():
    call_command("load_demo", stdout=None)
    return Partnership.objects.get(slug="isisbury")


def test_demo_strategy_has_the_flagship_programme_themes_and_about_sixty_actions(isisbury):
    strategy = isisbury.strategies.get()
    assert [p.title for p in strategy.priorities.all()] == [
        "Regeneration",
        "Low Carbon",
        "Affordable Housing",
    ]
    assert isisbury.programmes.filter(title="Regeneration Framework").exists()
    statuses = Counter(isisbury.actions.values_list("status", flat=True))
    assert 55 <= sum(statuses.values()) <= 65
    assert all(
        statuses[s] > 0 for s in ("not_started", "on_track", "at_risk", "off_track", "complete", "cancelled")
    )


def test_demo_action_leads_are_mostly_people_without_accounts_and_some_updated_by_link(isisbury):
    leads = {a.lead_person for a in isisbury.actions.select_related("lead_person")}
    assert None not in leads
    without_accounts = [p for p in leads if p.user_id is None]
    assert len(without_accounts) >= 25 and len(without_accounts) >= 0.85 * len(leads)
    # A demo viewer leads an action too: the lead may post updates whatever their role.
    assert any(p.user_id and p.user.email == "viewer@demo.example" for p in leads)
    updates = [u for a in isisbury.actions.all() for u in a.updates.all()]
    assert any(u.via_link for u in updates) and any(not u.via_link for u in updates)


def test_demo_has_risks_in_several_bands_with_an_overdue_review_and_a_closed_one(isisbury):
    risks = list(isisbury.risks.all())
    assert 10 <= len(risks) <= 15
    assert {r.score >= 15 for r in risks} == {True, False}
    assert any(r.closed_on for r in risks)
    today = timezone.localdate()
    assert any(r.closed_on is None and r.review_on is not None and r.review_on < today for r in risks)


def test_demo_has_two_adopted_versions_that_differ(isisbury):
    first, second = isisbury.strategies.get().versions.order_by("number")
    assert first.snapshot["vision"] != second.snapshot["vision"]
    count = lambda snapshot: sum(len(t["outcomes"]) for t in snapshot["themes"])  # noqa: E731
    assert count(first.snapshot) < count(second.snapshot)


def test_demo_map_counts_every_demo_action(isisbury):
    tree = selectors_map.strategy_map(isisbury)
    assert tree.total == isisbury.actions.count()
    assert all(node.total for node in tree.priorities)


def test_the_demo_latest_version_is_the_strategy_as_snapshot_strategy_keeps_it(isisbury):
    from joinedup.strategy.services.strategy import snapshot_strategy

    strategy = isisbury.strategies.get()
    latest = strategy.versions.order_by("-number").first()
    assert latest.snapshot == snapshot_strategy(strategy)
