"""The shipped 7S framework: its content (every question of the bank, three descriptors each,
practices and metrics that exist, the findings list) and installing it (idempotent, never
changing a version that rounds use)."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.core.management import call_command

from joinedup.assessment import analysis
from joinedup.assessment.models import (
    ElementKind,
    Framework,
    FrameworkVersion,
    PaperSection,
    Question,
    VersionStatus,
)
from joinedup.assessment.services import frameworks
from joinedup.assessment.tests.factories import make_round
from joinedup.core import evidence
from joinedup.core.models import AuditEntry
from joinedup.partnerships.tests.factories import PartnershipFactory

# The evidence metric keys the rooms register (the frameworks brief names exactly these).
KNOWN_METRICS = {
    "strategy.outcomes_with_evidence",
    "performance.outcomes_with_indicators",
    "strategy.outcomes_with_owner",
    "strategy.strategy_reviewed",
    "partnerships.chairs_by_sector",
    "partnerships.shared_leadership",
    "partnerships.collaboration_training",
    "governance.senior_attendance",
    "resources.support_cost_known",
    "resources.contributions_recorded",
    "governance.strategic_agenda_time",
    "governance.challenges_per_meeting",
    "governance.local_government_presenters",
    "strategy.joint_actions",
    "partnerships.deputies_for_gatekeepers",
    "strategy.outcomes_with_action_plan",
    "resources.outcomes_with_funding_strategy",
    "resources.area_resources_mapped",
    "performance.indicators_with_definitions",
    "performance.indicators_with_targets",
    "performance.fresh_validated_data",
    "governance.reporting_rhythm",
    "strategy.risk_register_coverage",
    "performance.exceptions_escalated_considered",
    "performance.benchmarking",
    "governance.published_minutes",
}
# Questions per element in the domain brief's question bank (§2.3).
BANK = {"scs": 5, "staff_skills": 5, "style": 6, "synergies": 4, "steering": 5, "standards": 5, "systems": 6}


@pytest.fixture(scope="module")
def doc():
    return frameworks.shipped_document()


def questions(doc):
    return [q for e in doc["elements"] for q in e["questions"]]


def test_the_shipped_file_has_the_seven_elements_in_the_evidence_registry_order_and_kinds(doc):
    assert [e["key"] for e in doc["elements"]] == list(evidence.ELEMENTS)
    kinds = {e["key"]: e["kind"] for e in doc["elements"]}
    assert kinds == {
        "scs": ElementKind.CENTRE,
        "staff_skills": ElementKind.TRANSFORMATIONAL,
        "style": ElementKind.TRANSFORMATIONAL,
        "synergies": ElementKind.TRANSFORMATIONAL,
        "steering": ElementKind.TRANSACTIONAL,
        "standards": ElementKind.TRANSACTIONAL,
        "systems": ElementKind.TRANSACTIONAL,
    }


def test_the_shipped_file_asks_all_36_questions_of_the_bank_keyed_by_element(doc):
    assert len(questions(doc)) == 36
    for element in doc["elements"]:
        assert len(element["questions"]) == BANK[element["key"]]
        assert [q["key"] for q in element["questions"]] == [
            f"{element['key']}-{n}" for n in range(1, BANK[element["key"]] + 1)
        ]


def test_every_shipped_question_has_three_distinct_descriptors_in_words(doc):
    for q in questions(doc):
        descriptors = [q["in_place"], q["partly"], q["not_in_place"]]
        assert all(len(d.split()) >= 3 for d in descriptors), q["key"]
        assert len(set(descriptors)) == 3, q["key"]
        assert q["text"].endswith("?"), q["key"]


def test_every_shipped_practice_number_is_on_the_practices_list_and_every_question_tests_one(doc):
    for q in questions(doc):
        assert q["practices"], q["key"]
        assert all(1 <= n <= 47 for n in q["practices"]), q["key"]


def test_every_shipped_metric_key_is_one_the_rooms_register(doc):
    used = {k for q in questions(doc) for k in q["metrics"]} | {
        k for f in doc["findings"] for k in f["metrics"]
    }
    assert used <= KNOWN_METRICS
    assert used == KNOWN_METRICS  # every metric a room records informs some question or finding


def test_the_shipped_scoring_and_maturity_rules_are_the_documented_defaults(doc):
    assert doc["points"] == {"in_place": 2, "partly": 1, "not_in_place": 0}
    assert doc["maturity_rule"] == analysis.MaturityRule().to_data()


def test_the_findings_list_has_15_to_25_findings_each_placed_in_the_paper(doc):
    findings = doc["findings"]
    assert 15 <= len(findings) <= 25
    question_keys = {q["key"] for q in questions(doc)}
    for f in findings:
        assert f["section"] in PaperSection.values
        assert set(f["questions"]) <= question_keys
    titles = {f["title"] for f in findings}
    assert "Most partnerships do not know what their support team costs" in titles
    assert "Willingness to challenge is a sign of trust and maturity" in titles
    assert "Partnerships steer performance more than resources" in titles
    assert "Scrutiny of partnerships is rare" in titles
    sections = {f["section"] for f in findings}
    assert {"evolving", "framework", "transformational", "transactional", "looking_forward"} <= sections


@pytest.mark.django_db
def test_migrate_has_installed_the_shipped_framework_as_a_published_version():
    version = frameworks.shipped_7s()
    assert version.framework.partnership is None
    assert version.status == VersionStatus.PUBLISHED
    assert version.framework.key == "7s"
    assert Question.objects.filter(element__version=version).count() == 36
    assert version.findings.count() == len(frameworks.shipped_document()["findings"])
    assert frameworks.to_document(version) == frameworks.shipped_document()


@pytest.mark.django_db
def test_installing_the_shipped_framework_twice_creates_nothing_new():
    frameworks.install_shipped()
    counts = (FrameworkVersion.objects.count(), Question.objects.count(), AuditEntry.objects.count())
    frameworks.install_shipped()
    call_command("load_frameworks", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert (FrameworkVersion.objects.count(), Question.objects.count(), AuditEntry.objects.count()) == counts


@pytest.mark.django_db
def test_a_changed_shipped_file_adds_a_published_version_and_leaves_the_one_rounds_use(tmp_path: Path):
    used = frameworks.shipped_7s()
    make_round(PartnershipFactory(), used)
    before = frameworks.to_document(used)
    changed = (
        frameworks.SHIPPED_FILES[0]
        .read_text()
        .replace(
            "Is progress against the strategy reported to residents?",
            "Is progress against the strategy reported to residents in plain language?",
        )
    )
    path = tmp_path / "7s.yaml"
    path.write_text(changed)
    [current] = frameworks.install_shipped([path])
    assert current.number == used.number + 1
    assert current.status == VersionStatus.PUBLISHED
    assert frameworks.shipped_7s() == current
    assert current.elements.get(key="scs").questions.get(key="scs-5").text.endswith("in plain language?")
    assert frameworks.to_document(used) == before
    assert Framework.objects.filter(partnership__isnull=True, key="7s").count() == 1
    # and going back to the same content again adds nothing
    assert frameworks.install_shipped([path]) == [current]
