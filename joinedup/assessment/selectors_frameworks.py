"""Reads for the frameworks pages: the frameworks a partnership may see (the shipped ones and
its own), one version with everything in it, and the parts a draft's edit pages change.
Every read runs a fixed number of queries, whatever the number of versions or questions."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, F, Prefetch, Q, QuerySet
from django.shortcuts import get_object_or_404

from joinedup.assessment.models import Element, Finding, Framework, FrameworkVersion, Question
from joinedup.partnerships.models import Partnership


def _visible(partnership: Partnership) -> Q:
    return Q(partnership__isnull=True) | Q(partnership=partnership)


def visible_versions(partnership: Partnership) -> QuerySet[FrameworkVersion]:
    """Versions of shipped frameworks and of the partnership's own; never another's."""
    return FrameworkVersion.objects.filter(
        Q(framework__partnership__isnull=True) | Q(framework__partnership=partnership)
    )


def frameworks(partnership: Partnership) -> list[Framework]:
    """Shipped frameworks first, then the partnership's own, each with its versions (newest
    first), their question counts and how many of this partnership's rounds use them."""
    versions = FrameworkVersion.objects.annotate(
        question_count=Count("elements__questions", distinct=True),
        rounds_here=Count("rounds", filter=Q(rounds__partnership=partnership), distinct=True),
    ).order_by("-number")
    return list(
        Framework.objects.filter(_visible(partnership))
        .select_related("adapted_from__framework")
        .prefetch_related(Prefetch("versions", queryset=versions))
        .order_by(F("partnership").asc(nulls_first=True), "title", "pk")
    )


def version_in(partnership: Partnership, version_id: int) -> FrameworkVersion:
    """One visible version, with the number of rounds (any partnership's) that use it."""
    return get_object_or_404(
        visible_versions(partnership)
        .select_related("framework", "framework__adapted_from__framework")
        .annotate(rounds_count=Count("rounds", distinct=True)),
        pk=version_id,
    )


@dataclass(frozen=True)
class VersionContent:
    elements: list[Element]  # each with .questions prefetched, in order
    findings: list[Finding]  # each with .element and .questions
    question_count: int


def version_content(version: FrameworkVersion) -> VersionContent:
    elements = list(
        version.elements.order_by("position", "pk").prefetch_related(
            Prefetch("questions", queryset=Question.objects.order_by("position", "pk"))
        )
    )
    findings = list(
        version.findings.order_by("position", "pk")
        .select_related("element")
        .prefetch_related(
            Prefetch("questions", queryset=Question.objects.order_by("element__position", "position"))
        )
    )
    return VersionContent(elements, findings, sum(len(e.questions.all()) for e in elements))


def element_in(version: FrameworkVersion, element_id: int) -> Element:
    return get_object_or_404(version.elements.select_related("version__framework"), pk=element_id)


def question_in(version: FrameworkVersion, question_id: int) -> Question:
    return get_object_or_404(
        Question.objects.filter(element__version=version).select_related("element__version__framework"),
        pk=question_id,
    )


def finding_in(version: FrameworkVersion, finding_id: int) -> Finding:
    return get_object_or_404(
        version.findings.select_related("version__framework", "element").prefetch_related("questions"),
        pk=finding_id,
    )


def version_questions(version: FrameworkVersion) -> QuerySet[Question]:
    return (
        Question.objects.filter(element__version=version)
        .select_related("element")
        .order_by("element__position", "position")
    )
