"""Frameworks are versioned and adaptable: a partnership adapts a copy, edits its draft (with
edit conflicts detected), publishes it and starts new drafts; a version with rounds, a
published version and a shipped framework are never changed."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from joinedup.assessment.models import Question, VersionStatus
from joinedup.assessment.services import frameworks
from joinedup.assessment.services.frameworks import VersionLocked
from joinedup.assessment.tests.factories import make_round
from joinedup.core.conflicts import EditConflict
from joinedup.core.models import AuditEntry
from joinedup.partnerships.tests.factories import PartnershipFactory, user_with_role

pytestmark = pytest.mark.django_db


@pytest.fixture
def partnership():
    return PartnershipFactory(slug="isisbury")


@pytest.fixture
def user(partnership):
    return user_with_role(partnership, "admin")


@pytest.fixture
def draft(partnership, user):
    return frameworks.adapt(partnership=partnership, version=frameworks.shipped_7s(), user=user)


def without_notes(doc):
    return {k: v for k, v in doc.items() if k != "notes"}


def first_question(version) -> Question:
    return Question.objects.filter(element__version=version).order_by("element__position", "position").first()


def test_adapting_copies_every_element_question_descriptor_and_finding(partnership, draft):
    shipped = frameworks.shipped_7s()
    assert draft.framework.partnership == partnership
    assert draft.framework.adapted_from == shipped
    assert draft.status == VersionStatus.DRAFT
    assert without_notes(frameworks.to_document(draft)) == without_notes(frameworks.to_document(shipped))
    # the copy's findings link to the copy's own questions and elements, never the original's
    finding = draft.findings.exclude(element=None).first()
    assert finding.element.version == draft
    assert all(q.element.version_id == draft.pk for q in finding.questions.all())
    assert AuditEntry.objects.filter(
        action="assessment.framework.adapted", partnership_id=partnership.pk
    ).exists()


def test_editing_a_draft_question_changes_only_the_draft(partnership, user, draft):
    question = first_question(draft)
    frameworks.update_question(
        partnership=partnership,
        question=question,
        user=user,
        expected_version=question.revision,
        fields={
            "text": "Is our strategy complete?",
            "practices": [1, 2],
            "metrics": ["strategy.joint_actions"],
        },
    )
    question.refresh_from_db()
    assert (question.text, question.practices, question.metrics, question.revision) == (
        "Is our strategy complete?",
        [1, 2],
        ["strategy.joint_actions"],
        2,
    )
    assert first_question(frameworks.shipped_7s()).text != "Is our strategy complete?"
    entry = AuditEntry.objects.get(action="assessment.framework_question.updated")
    assert entry.after["text"] == "Is our strategy complete?"


def test_a_stale_edit_of_a_draft_question_is_an_edit_conflict_not_an_overwrite(partnership, user, draft):
    question = first_question(draft)
    frameworks.update_question(
        partnership=partnership, question=question, user=user, expected_version=1, fields={"text": "First?"}
    )
    with pytest.raises(EditConflict) as conflict:
        frameworks.update_question(
            partnership=partnership,
            question=first_question(draft),
            user=user,
            expected_version=1,
            fields={"text": "Second?"},
        )
    assert conflict.value.current.text == "First?"
    assert first_question(draft).text == "First?"


def test_a_question_keeps_its_three_descriptors(partnership, user, draft):
    question = first_question(draft)
    with pytest.raises(ValidationError) as error:
        frameworks.update_question(
            partnership=partnership, question=question, user=user, expected_version=1, fields={"partly": "  "}
        )
    assert "partly" in error.value.message_dict


def test_a_finding_links_only_to_its_own_versions_questions(partnership, user, draft):
    finding = draft.findings.first()
    foreign = first_question(frameworks.shipped_7s())
    with pytest.raises(ValidationError):
        frameworks.update_finding(
            partnership=partnership,
            finding=finding,
            user=user,
            expected_version=1,
            fields={},
            questions=[foreign],
        )
    own = list(Question.objects.filter(element__version=draft, key__in=["style-4", "scs-1"]))
    frameworks.update_finding(
        partnership=partnership,
        finding=finding,
        user=user,
        expected_version=1,
        fields={"title": "Challenge shows trust"},
        questions=own,
    )
    finding.refresh_from_db()
    assert finding.title == "Challenge shows trust"
    assert sorted(q.key for q in finding.questions.all()) == ["scs-1", "style-4"]


def test_publishing_a_draft_makes_it_unchangeable_and_a_new_draft_copies_it(partnership, user, draft):
    frameworks.publish(partnership=partnership, version=draft, user=user)
    assert draft.status == VersionStatus.PUBLISHED and draft.published_at is not None
    with pytest.raises(VersionLocked):
        frameworks.update_question(
            partnership=partnership,
            question=first_question(draft),
            user=user,
            expected_version=1,
            fields={"text": "X?"},
        )
    second = frameworks.new_draft(partnership=partnership, version=draft, user=user)
    assert (second.framework, second.number, second.status) == (
        draft.framework,
        draft.number + 1,
        VersionStatus.DRAFT,
    )
    assert without_notes(frameworks.to_document(second)) == without_notes(frameworks.to_document(draft))


def test_a_version_with_rounds_refuses_every_change(partnership, user, draft):
    make_round(partnership, draft)
    question = first_question(draft)
    element = draft.elements.first()
    finding = draft.findings.first()
    before = frameworks.to_document(draft)
    with pytest.raises(VersionLocked, match="A round uses this version"):
        frameworks.update_question(
            partnership=partnership, question=question, user=user, expected_version=1, fields={"text": "X?"}
        )
    with pytest.raises(VersionLocked):
        frameworks.update_element(
            partnership=partnership, element=element, user=user, expected_version=1, fields={"title": "X"}
        )
    with pytest.raises(VersionLocked):
        frameworks.update_finding(
            partnership=partnership, finding=finding, user=user, expected_version=1, fields={"title": "X"}
        )
    with pytest.raises(VersionLocked):
        frameworks.publish(partnership=partnership, version=draft, user=user)
    assert frameworks.to_document(draft) == before


def test_the_shipped_framework_and_another_partnerships_are_never_changed(partnership, user, draft):
    shipped = frameworks.shipped_7s()
    with pytest.raises(VersionLocked, match="Shipped frameworks"):
        frameworks.update_question(
            partnership=partnership,
            question=first_question(shipped),
            user=user,
            expected_version=1,
            fields={"text": "X?"},
        )
    with pytest.raises(VersionLocked):
        frameworks.new_draft(partnership=partnership, version=shipped, user=user)
    elsewhere = PartnershipFactory(slug="elsewhere")
    with pytest.raises(PermissionDenied):
        frameworks.update_question(
            partnership=elsewhere,
            question=first_question(draft),
            user=user,
            expected_version=1,
            fields={"text": "X?"},
        )
    with pytest.raises(PermissionDenied):
        frameworks.adapt(partnership=elsewhere, version=draft, user=user)


def test_adapting_again_adds_a_draft_to_the_same_own_framework(partnership, user, draft):
    again = frameworks.adapt(partnership=partnership, version=frameworks.shipped_7s(), user=user)
    assert again.framework == draft.framework
    assert again.number == draft.number + 1
