"""Frameworks are data: export as YAML or JSON and import back unchanged; a bad document is
refused whole, with every problem named by its path, and writes nothing."""

from __future__ import annotations

import copy
import json

import pytest
import yaml

from joinedup.assessment.models import Element, Framework, FrameworkVersion, Question, VersionStatus
from joinedup.assessment.services import frameworks
from joinedup.assessment.services.frameworks import FrameworkDocumentError
from joinedup.core.models import AuditEntry
from joinedup.partnerships.tests.factories import PartnershipFactory, user_with_role

pytestmark = pytest.mark.django_db


@pytest.fixture
def partnership():
    return PartnershipFactory(slug="isisbury")


@pytest.fixture
def coordinator(partnership):
    return user_with_role(partnership, "admin")


def small_document() -> dict:
    return {
        "format": "joinedup.framework/1",
        "key": "health-check",
        "title": "Partnership health check",
        "elements": [
            {
                "key": "trust",
                "title": "Trust",
                "kind": "transformational",
                "questions": [
                    {
                        "key": "trust-1",
                        "text": "Do partners trust each other?",
                        "in_place": "Yes, always.",
                        "partly": "Sometimes.",
                        "not_in_place": "No.",
                        "practices": [15],
                        "metrics": ["governance.challenges_per_meeting"],
                    }
                ],
            }
        ],
        "findings": [
            {
                "key": "trust-matters",
                "section": "transformational",
                "title": "Trust matters",
                "element": "trust",
                "questions": ["trust-1"],
            }
        ],
    }


@pytest.mark.parametrize("fmt", ["yaml", "json"])
def test_exporting_the_shipped_framework_and_importing_it_gives_identical_content(
    partnership, coordinator, fmt
):
    shipped = frameworks.shipped_7s()
    exported = frameworks.export_version(shipped, fmt)
    imported = frameworks.import_framework(partnership=partnership, data=exported, user=coordinator)
    assert imported.status == VersionStatus.DRAFT
    assert imported.framework.partnership == partnership
    assert frameworks.to_document(imported) == frameworks.to_document(shipped)
    assert imported.content_hash == shipped.content_hash
    assert frameworks.export_version(imported, fmt) == exported


def test_the_json_export_is_json_and_the_yaml_export_is_yaml_of_the_same_document():
    shipped = frameworks.shipped_7s()
    assert json.loads(frameworks.export_version(shipped, "json")) == yaml.safe_load(
        frameworks.export_version(shipped, "yaml")
    )


def test_importing_a_framework_key_the_partnership_has_adds_a_draft_version_to_it(partnership, coordinator):
    first = frameworks.import_framework(partnership=partnership, data=small_document(), user=coordinator)
    second = frameworks.import_framework(
        partnership=partnership, data=yaml.safe_dump(small_document()), user=coordinator
    )
    assert second.framework == first.framework
    assert (first.number, second.number) == (1, 2)
    assert (
        AuditEntry.objects.filter(
            action="assessment.framework.imported", partnership_id=partnership.pk
        ).count()
        == 2
    )


def _problems(partnership, user, data) -> list[str]:
    before = (
        Framework.objects.count(),
        FrameworkVersion.objects.count(),
        Element.objects.count(),
        Question.objects.count(),
    )
    with pytest.raises(FrameworkDocumentError) as caught:
        frameworks.import_framework(partnership=partnership, data=data, user=user)
    after = (
        Framework.objects.count(),
        FrameworkVersion.objects.count(),
        Element.objects.count(),
        Question.objects.count(),
    )
    assert after == before, "a refused document must write nothing"
    return caught.value.messages


def test_a_missing_descriptor_is_named_by_its_path_and_nothing_is_imported(partnership, coordinator):
    doc = frameworks.to_document(frameworks.shipped_7s())
    doc["elements"][2]["questions"][4]["not_in_place"] = ""
    problems = _problems(partnership, coordinator, frameworks.dump_document(doc, "yaml"))
    assert problems == ["elements[2].questions[4] (style-5): enter the not-in-place descriptor"]


def test_every_problem_in_a_document_is_reported_at_once(partnership, coordinator):
    doc = small_document()
    doc["elements"][0]["kind"] = "central"
    doc["elements"][0]["questions"][0]["practices"] = ["eight"]
    doc["elements"][0]["questions"][0]["metrics"] = ["not a metric"]
    doc["elements"][0]["questions"][0]["colour"] = "green"
    doc["findings"][0]["section"] = "appendix"
    doc["findings"][0]["questions"] = ["trust-9"]
    doc["findings"][0]["element"] = "money"
    problems = _problems(partnership, coordinator, json.dumps(doc))
    assert (
        "elements[0] (trust): the kind 'central' is not one of centre, transformational, transactional, other"
        in problems
    )
    assert any(p.startswith("elements[0].questions[0] (trust-1): 'practices' must be") for p in problems)
    assert any(
        p.startswith("elements[0].questions[0] (trust-1): 'not a metric' is not an evidence metric key")
        for p in problems
    )
    assert any(
        p.startswith("elements[0].questions[0]: 'colour' is not a field of a question") for p in problems
    )
    assert any(p.startswith("findings[0] (trust-matters): choose the paper section") for p in problems)
    assert (
        "findings[0] (trust-matters): the question 'trust-9' is not one of this framework's questions"
        in problems
    )
    assert (
        "findings[0] (trust-matters): the element 'money' is not one of this framework's elements" in problems
    )


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (lambda d: d.pop("title"), "Enter the framework's title"),
        (lambda d: d.update(elements=[]), "elements: enter at least one element, each with its questions"),
        (lambda d: d["elements"][0].update(questions=[]), "elements[0] (trust): enter at least one question"),
        (
            lambda d: d["elements"][0]["questions"].append(copy.deepcopy(d["elements"][0]["questions"][0])),
            "elements[0].questions[1]: the key 'trust-1' is used more than once",
        ),
        (
            lambda d: d.update(format="other/2"),
            "format: this file is in the format 'other/2'; expected 'joinedup.framework/1'",
        ),
        (
            lambda d: d.update(points={"in_place": 2}),
            "points: give the points for exactly in_place, partly, not_in_place",
        ),
        # Points must rise, with in place 2 (scores are read on a 0 to 2 scale).
        (
            lambda d: d.update(points={"in_place": 3, "partly": 1, "not_in_place": 0}),
            "points: points must rise from not in place to in place, with in place 2: "
            "0 <= not in place < partly in place < in place = 2",
        ),
        (
            lambda d: d.update(points={"in_place": 2, "partly": 0, "not_in_place": 1}),
            "points: points must rise from not in place to in place, with in place 2: "
            "0 <= not in place < partly in place < in place = 2",
        ),
        (
            lambda d: d.update(points={"in_place": 2, "partly": 2, "not_in_place": 0}),
            "points: points must rise from not in place to in place, with in place 2: "
            "0 <= not in place < partly in place < in place = 2",
        ),
        (
            lambda d: d.update(maturity_rule={"bounds": [1.5, 1.0, 0.5]}),
            "maturity_rule: a maturity rule needs three rising bounds",
        ),
        (
            lambda d: d["elements"][0]["questions"][0].update(text=None),
            "elements[0].questions[0] (trust-1): enter the question",
        ),
    ],
)
def test_a_bad_document_is_refused_with_the_path_of_the_bad_field(partnership, coordinator, change, expected):
    doc = small_document()
    change(doc)
    assert expected in _problems(partnership, coordinator, doc)


@pytest.mark.parametrize(
    ("text", "start"),
    [
        ("key: [unclosed", "The file is not valid YAML"),
        ('{"key": }', "The file is not valid JSON"),
        ("{key: 7s, title: Flow style}", "elements: enter at least one element"),
        ("- just\n- a list", "Must be a framework document"),
        ("", "Must be a framework document"),
    ],
)
def test_a_file_that_is_not_a_framework_document_says_so(partnership, coordinator, text, start):
    [problem] = _problems(partnership, coordinator, text)
    assert problem.startswith(start)
