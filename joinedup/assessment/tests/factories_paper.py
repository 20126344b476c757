"""A closed round with known answers, evidence metrics and three findings, for the review
paper's tests (and the persona world's paper section)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.utils import timezone

from joinedup.assessment.models import Finding, FrameworkVersion, PaperSection, Question, Round
from joinedup.assessment.tests.factories import make_response, make_round, make_version
from joinedup.core import evidence
from joinedup.partnerships.models import Partnership

GREEN_METRIC = "papertest.green_metric"
RED_METRIC = "papertest.red_metric"
MISSING_METRIC = "papertest.not_built"  # no room registers it: "no evidence recorded"

# Five respondents; the expected figures are in the tests.
ANSWERS = {
    "scs-1": ["in_place"] * 5,  # 2.0
    "scs-2": ["in_place"] * 4 + ["partly"],  # 1.8
    "style-1": ["partly"] * 5,  # 1.0
    "style-2": ["not_in_place"] * 3 + ["partly"] * 2,  # 0.4
    "systems-1": ["in_place"] * 5,  # 2.0, but its evidence is red
    "systems-2": ["dont_know"] * 5,  # nothing to score
}


def register_test_metrics() -> None:
    evidence.register(
        evidence.Metric(
            key=GREEN_METRIC,
            element="scs",
            room="papertest",
            title="Outcomes with evidence (test)",
            how="A fixed 90% for tests.",
            compute=lambda p: evidence.Reading(value=0.9, numerator=9, denominator=10, detail="9 of 10"),
        )
    )
    evidence.register(
        evidence.Metric(
            key=RED_METRIC,
            element="systems",
            room="papertest",
            title="Risk register coverage (test)",
            how="A fixed 10% for tests.",
            compute=lambda p: evidence.Reading(value=0.1, numerator=1, denominator=10, detail="1 of 10"),
        )
    )


def unregister_test_metrics() -> None:
    evidence.registry.unregister(GREEN_METRIC)
    evidence.registry.unregister(RED_METRIC)


@dataclass
class PaperWorld:
    version: FrameworkVersion
    round: Round
    leadership: Finding  # style: perceived amber, no evidence metrics
    systems: Finding  # systems-1: perceived green, evidence red
    strategy: Finding  # scs (by element): perceived green, its metric not built


def make_findings(version: FrameworkVersion) -> tuple[Finding, Finding, Finding]:
    elements = {e.key: e for e in version.elements.all()}
    questions = {q.key: q for q in Question.objects.filter(element__version=version)}
    leadership = Finding.objects.create(
        version=version,
        key="confident-leadership",
        position=1,
        section=PaperSection.TRANSFORMATIONAL,
        title="Confident leadership is critical to joint working",
        text="The choice of chair and the senior partners' commitment send messages.",
        element=elements["style"],
    )
    leadership.questions.set([questions["style-1"], questions["style-2"]])
    systems = Finding.objects.create(
        version=version,
        key="shared-performance",
        position=2,
        section=PaperSection.TRANSACTIONAL,
        title="Shared performance information joins up activity",
        element=elements["systems"],
        metrics=[RED_METRIC],
    )
    systems.questions.set([questions["systems-1"]])
    strategy = Finding.objects.create(
        version=version,
        key="evidence-based-scs",
        position=3,
        section=PaperSection.FRAMEWORK,
        title="Long-term objectives set through an evidence-based approach",
        element=elements["scs"],
        metrics=[MISSING_METRIC],
    )
    return leadership, systems, strategy


def make_paper_world(partnership: Partnership, *, closed: bool = True) -> PaperWorld:
    version = make_version(key=f"paper-{partnership.slug}", metrics={"scs-1": [GREEN_METRIC]})
    today = timezone.localdate()
    round_ = make_round(
        partnership,
        version,
        title="Self-assessment 2026",
        opens_on=today - dt.timedelta(days=30),
        closes_on=today - dt.timedelta(days=1) if closed else today + dt.timedelta(days=7),
    )
    for i in range(5):
        make_response(round_, {key: answers[i] for key, answers in ANSWERS.items()})
    leadership, systems, strategy = make_findings(version)
    return PaperWorld(
        version=version, round=round_, leadership=leadership, systems=systems, strategy=strategy
    )
