"""Factories for the assessment room's tests: a small framework, rounds, invitations and
submitted responses. Tests that need the shipped 7S framework install it through
`assessment.services.frameworks.install_shipped()` instead."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence

from django.utils import timezone

from joinedup.assessment.models import (
    Answer,
    Element,
    ElementKind,
    Framework,
    FrameworkVersion,
    Invitation,
    Question,
    Response,
    ResponseStatus,
    Round,
    VersionStatus,
)
from joinedup.partnerships.models import Partnership, Person

SMALL_ELEMENTS: Sequence[tuple[str, str, str]] = (
    ("scs", "Sustainable Community Strategy", ElementKind.CENTRE),
    ("style", "Style", ElementKind.TRANSFORMATIONAL),
    ("systems", "Systems", ElementKind.TRANSACTIONAL),
)


def make_version(
    *,
    key: str = "test-framework",
    partnership: Partnership | None = None,
    elements: Sequence[tuple[str, str, str]] = SMALL_ELEMENTS,
    questions_per_element: int = 2,
    metrics: Mapping[str, list[str]] | None = None,
    status: str = VersionStatus.PUBLISHED,
) -> FrameworkVersion:
    """A published framework version with `questions_per_element` questions per element,
    keyed "<element>-<n>". `metrics` maps a question key to the metric keys that inform it."""
    framework = Framework.objects.create(partnership=partnership, key=key, title=f"Framework {key}")
    version = FrameworkVersion.objects.create(
        framework=framework,
        number=1,
        status=status,
        points={"in_place": 2, "partly": 1, "not_in_place": 0},
        published_at=timezone.now() if status == VersionStatus.PUBLISHED else None,
    )
    for e_pos, (e_key, title, kind) in enumerate(elements, start=1):
        element = Element.objects.create(version=version, key=e_key, title=title, kind=kind, position=e_pos)
        for q_pos in range(1, questions_per_element + 1):
            q_key = f"{e_key}-{q_pos}"
            Question.objects.create(
                element=element,
                key=q_key,
                position=q_pos,
                text=f"Question {q_pos} about {title.lower()}?",
                in_place=f"{title} question {q_pos} is fully in place.",
                partly=f"{title} question {q_pos} is partly in place.",
                not_in_place=f"{title} question {q_pos} is not in place.",
                metrics=list((metrics or {}).get(q_key, [])),
            )
    return version


def make_round(
    partnership: Partnership,
    version: FrameworkVersion,
    *,
    title: str = "Self-assessment 2026",
    is_anonymous: bool = True,
    opens_on: dt.date | None = None,
    closes_on: dt.date | None = None,
    previous_round: Round | None = None,
) -> Round:
    today = timezone.localdate()
    return Round.objects.create(
        partnership=partnership,
        framework_version=version,
        title=title,
        is_anonymous=is_anonymous,
        opens_on=opens_on or today - dt.timedelta(days=7),
        closes_on=closes_on or today + dt.timedelta(days=14),
        previous_round=previous_round,
    )


def make_invitation(round_: Round, person: Person, *, sector: str = "", layer: str = "") -> Invitation:
    return Invitation.objects.create(
        partnership=round_.partnership,
        round=round_,
        person=person,
        email=person.email,
        sector=sector or (person.organisation.sector if person.organisation_id else ""),
        layer=layer,
    )


def make_response(
    round_: Round,
    answers: Mapping[str, str],
    *,
    sector: str = "local_government",
    layer: str = "strategic",
    submitted: bool = True,
    comments: Mapping[str, str] | None = None,
) -> Response:
    """A response with the given answers by question key (as a submitted anonymous response
    is stored: no invitation, no person)."""
    response = Response.objects.create(
        partnership=round_.partnership,
        round=round_,
        sector=sector,
        layer=layer,
        status=ResponseStatus.SUBMITTED if submitted else ResponseStatus.DRAFT,
        submitted_on=timezone.localdate() if submitted else None,
    )
    questions = {
        q.key: q for q in Question.objects.filter(element__version=round_.framework_version).only("pk", "key")
    }
    Answer.objects.bulk_create(
        Answer(
            response=response, question=questions[key], choice=choice, comment=(comments or {}).get(key, "")
        )
        for key, choice in answers.items()
    )
    return response
