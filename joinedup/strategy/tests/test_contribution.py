import pytest
from django.db import connection
from django.template import Context, Template
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from joinedup.core.models import AuditEntry
from joinedup.partnerships.tests.factories import PartnershipFactory, user_with_role
from joinedup.strategy.models import ContributionClaim
from joinedup.strategy.tests.risk_factories import (
    ContributionClaimFactory,
    EvidenceFactory,
    OutcomeFactory,
    PriorityFactory,
    StrategyFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def priority():
    partnership = PartnershipFactory(slug="isisbury")
    return PriorityFactory(
        strategy=StrategyFactory(partnership=partnership), partnership=partnership, title="Affordable Housing"
    )


@pytest.fixture
def editor_client(client, priority):
    client.force_login(user_with_role(priority.partnership, "editor"))
    return client


def url(name, priority, **kwargs):
    return reverse(
        f"strategy:{name}", kwargs={"slug": priority.partnership.slug, "priority_id": priority.pk, **kwargs}
    )


def claim_data(**changes):
    data = {
        "version": "1",
        "what_changed": "400 more affordable homes started than planned",
        "what_we_did": "Pooled public land into one disposal programme",
        "counterfactual": "Sites would have been sold separately at market value",
        "confidence": "medium",
        "recorded_on": "25/11/2026",
    }
    data.update(changes)
    return data


def test_editor_records_a_claim_with_evidence_of_the_priority_and_it_is_audited(editor_client, priority):
    outcome = OutcomeFactory(priority=priority, partnership=priority.partnership)
    of_outcome = EvidenceFactory(
        outcome=outcome, partnership=priority.partnership, title="Housing needs 2025"
    )
    of_priority = EvidenceFactory(
        outcome=None, priority=priority, partnership=priority.partnership, title="Land audit"
    )
    response = editor_client.post(
        url("contribution_add", priority), claim_data(evidence=[of_outcome.pk, of_priority.pk])
    )
    assert response.status_code == 302
    claim = ContributionClaim.objects.get()
    assert set(claim.evidence.all()) == {of_outcome, of_priority}
    entry = AuditEntry.objects.get(action="strategy.contribution.recorded")
    assert "Affordable Housing" in entry.summary and "medium confidence" in entry.summary


def test_evidence_of_another_priority_cannot_be_linked(editor_client, priority):
    other = EvidenceFactory(partnership=priority.partnership)  # its outcome is under another priority
    response = editor_client.post(url("contribution_add", priority), claim_data(evidence=[other.pk]))
    assert response.status_code == 200
    assert not ContributionClaim.objects.exists()


def test_a_claim_needs_its_three_answers_and_a_confidence(editor_client, priority):
    response = editor_client.post(
        url("contribution_add", priority), claim_data(what_changed="", counterfactual="", confidence="")
    )
    page = response.content.decode()
    assert "Enter what changed" in page
    assert "Enter what would not have happened otherwise" in page
    assert "Select how confident you are" in page
    assert not ContributionClaim.objects.exists()


def test_conflicting_claim_edits_show_both_versions(editor_client, priority):
    claim = ContributionClaimFactory(priority=priority, partnership=priority.partnership)
    ContributionClaim.objects.filter(pk=claim.pk).update(what_changed="Theirs", version=claim.version + 1)
    response = editor_client.post(
        url("contribution_edit", priority, claim_id=claim.pk),
        claim_data(what_changed="Mine", version=str(claim.version)),
    )
    assert response.status_code == 409
    assert "Theirs" in response.content.decode() and "Mine" in response.content.decode()


def test_list_shows_claims_with_a_fixed_number_of_queries(editor_client, priority):
    evidence = EvidenceFactory(outcome=None, priority=priority, partnership=priority.partnership)
    ContributionClaimFactory(priority=priority, partnership=priority.partnership).evidence.add(evidence)
    with CaptureQueriesContext(connection) as few:
        editor_client.get(url("contributions", priority))
    for claim in ContributionClaimFactory.create_batch(
        10, priority=priority, partnership=priority.partnership
    ):
        claim.evidence.add(evidence)
    with CaptureQueriesContext(connection) as many:
        response = editor_client.get(url("contributions", priority))
    assert response.content.decode().count("What would not have happened otherwise") == 11
    assert len(many) == len(few)


def test_viewer_reads_claims_but_cannot_record_one(client, priority):
    client.force_login(user_with_role(priority.partnership, "viewer"))
    assert client.get(url("contributions", priority)).status_code == 200
    assert client.post(url("contribution_add", priority), claim_data()).status_code == 403


def test_the_panel_slot_shows_a_priority_s_claims_to_other_rooms(priority):
    ContributionClaimFactory(
        priority=priority, partnership=priority.partnership, what_changed="Fewer empty homes"
    )
    html = Template(
        '{% load panels %}{% panels "strategy.priority.contribution" priority=priority %}'
    ).render(Context({"priority": priority}))
    assert "Contribution claims" in html and "Fewer empty homes" in html


def test_the_panel_is_hidden_from_users_outside_the_partnership(priority, rf):
    ContributionClaimFactory(
        priority=priority, partnership=priority.partnership, what_changed="Fewer empty homes"
    )
    request = rf.get("/")
    request.user = user_with_role(PartnershipFactory(), "admin")
    html = Template(
        '{% load panels %}{% panels "strategy.priority.contribution" priority=priority %}'
    ).render(Context({"priority": priority, "request": request}))
    assert "Fewer empty homes" not in html
