"""Reads for the partnership review paper: the round and paper of a partnership, the paper
page (a fixed number of queries), and the content the paper is generated from (the round's
results and the live evidence), as a JSON-safe snapshot.

The judgement rules are `assessment.analysis`'s (documented in docs/assessment.md, "The
partnership review paper"): a finding's perceived judgement is `analysis.perceived` of the mean
of its questions' means, its evidence judgement `analysis.evidence_judgement` of its metrics'
judgements, and its computed judgement `analysis.combined` of the two (the worse where both
exist).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Prefetch
from django.http import Http404
from django.urls import NoReverseMatch, reverse

from joinedup.assessment import analysis
from joinedup.assessment.models import (
    Finding,
    PaperFinding,
    PaperSection,
    Question,
    ResponseStatus,
    ReviewPaper,
    Round,
)
from joinedup.core import evidence as evidence_registry
from joinedup.partnerships.models import Partnership

SUMMARY_SIZE = 3

# Judgements in words: always printed beside (never instead of) the colour.
JUDGEMENT_WORDS = {
    analysis.GREEN: "Green: in place",
    analysis.AMBER: "Amber: partly in place",
    analysis.RED: "Red: not in place",
    None: "No judgement: no answers or evidence",
}
PERCEIVED_WORDS = {
    analysis.GREEN: "in place",
    analysis.AMBER: "partly in place",
    analysis.RED: "not in place",
}
TAG_CLASSES = {
    analysis.GREEN: "govuk-tag--green",
    analysis.AMBER: "govuk-tag--yellow",
    analysis.RED: "govuk-tag--red",
    None: "govuk-tag--grey",
}
HOW_ANCHOR = "#how-computed"


def judgement_words(judgement: str | None) -> str:
    return JUDGEMENT_WORDS.get(judgement or None, JUDGEMENT_WORDS[None])


def judgement_tag(judgement: str | None) -> str:
    return TAG_CLASSES.get(judgement or None, TAG_CLASSES[None])


# ---------------------------------------------------------------------------
# Lookups within a partnership
# ---------------------------------------------------------------------------


def round_in(partnership: Partnership, round_id: int) -> Round:
    found = (
        partnership.assessment_rounds.select_related("framework_version__framework")
        .filter(pk=round_id)
        .first()
    )
    if found is None:
        raise Http404("No such round")
    return found


def paper_of(round_: Round) -> ReviewPaper | None:
    return round_.partnership.review_papers.filter(round=round_).first()


def finding_in(paper: ReviewPaper, finding_id: int) -> PaperFinding:
    found = paper.findings.select_related("finding", "overridden_by").filter(pk=finding_id).first()
    if found is None:
        raise Http404("No such finding in this paper")
    return found


# ---------------------------------------------------------------------------
# The paper page: the stored paper and its findings, in a fixed number of queries
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class FindingView:
    row: PaperFinding
    data: Mapping[str, Any]  # the finding's part of the snapshot

    @property
    def judgement(self) -> str | None:
        return self.row.judgement if self.row.judgement != "none" else None

    @property
    def computed(self) -> str | None:
        return self.row.computed if self.row.computed != "none" else None

    @property
    def words(self) -> str:
        return judgement_words(self.judgement)

    @property
    def tag(self) -> str:
        return judgement_tag(self.judgement)

    @property
    def computed_words(self) -> str:
        return judgement_words(self.computed)

    @property
    def is_overridden(self) -> bool:
        return bool(self.row.override)


@dataclass(frozen=True)
class SectionView:
    key: str
    title: str
    findings: list[FindingView]


@dataclass(frozen=True)
class PaperView:
    paper: ReviewPaper
    sections: list[SectionView]
    content: Mapping[str, Any]

    @property
    def findings(self) -> list[FindingView]:
        return [f for s in self.sections for f in s.findings]


def paper_view(paper: ReviewPaper) -> PaperView:
    """The paper grouped by the report's sections (two queries: the paper's findings with
    their framework findings and who overrode them)."""
    rows = list(
        paper.findings.select_related("finding", "overridden_by").order_by("finding__position", "finding__pk")
    )
    snapshot = paper.generated or {}
    by_key = snapshot.get("findings", {})
    grouped: dict[str, list[FindingView]] = defaultdict(list)
    for row in rows:
        grouped[row.finding.section].append(FindingView(row=row, data=by_key.get(row.finding.key, {})))
    sections = [
        SectionView(key=k, title=str(label), findings=grouped.get(k, [])) for k, label in PaperSection.choices
    ]
    return PaperView(paper=paper, sections=sections, content=snapshot)


# ---------------------------------------------------------------------------
# The content the paper is generated from
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class QuestionFigures:
    """One question's figures for the paper (from the round's results)."""

    key: str
    text: str
    element_key: str
    position: tuple[int, int]
    mean: float | None
    answered: int
    perceived: str | None
    metrics: tuple[str, ...]
    url: str


def _url(name: str, **kwargs: Any) -> str:
    try:
        return reverse(name, kwargs=kwargs)
    except NoReverseMatch:
        return ""


def _question_figures(round_: Round, questions: Iterable[Question]) -> list[QuestionFigures]:
    """Scores per question from the round's submitted answers (one aggregate query).

    Switch point: this reads the answers with `analysis.score` directly until
    `selectors_results.round_results` is on main."""
    points = round_.framework_version.points or None
    counts: dict[int, dict[str, int]] = defaultdict(dict)
    rows = (
        round_.responses.filter(status=ResponseStatus.SUBMITTED)
        .values("answers__question_id", "answers__choice")
        .annotate(n=Count("answers__pk"))
        .filter(n__gt=0)
    )
    for row in rows:
        counts[row["answers__question_id"]][row["answers__choice"]] = row["n"]
    slug = round_.partnership.slug
    figures = []
    for q in questions:
        choices = [c for c, n in counts.get(q.pk, {}).items() for _ in range(n)]
        score = analysis.score(choices, points)
        figures.append(
            QuestionFigures(
                key=q.key,
                text=q.text,
                element_key=q.element.key,
                position=(q.element.position, q.position),
                mean=score.mean,
                answered=score.answered,
                perceived=analysis.perceived(score.mean),
                metrics=tuple(q.metrics or ()),
                url=_url("assessment:results_question", slug=slug, round_id=round_.pk, question_key=q.key),
            )
        )
    return figures


def _value_text(metric: evidence_registry.Metric, value: float) -> str:
    if metric.unit == "share":
        return f"{value:.0%}"
    if metric.unit == "yes_no":
        return "Yes" if value >= 0.5 else "No"
    if metric.unit == "count":
        return f"{value:,.0f}"
    return f"{value:,.1f}"


def _evidence(partnership: Partnership, keys: Iterable[str]) -> dict[str, dict[str, Any]]:
    """Each metric's reading and judgement, computed once (switch point: the evidence part's
    `selectors_evidence.evidence_for` once it is on main). An unregistered metric, or one
    with nothing to measure, is "no evidence recorded", never a number."""
    wanted = sorted(set(keys))
    overrides = {t.metric_key: t for t in partnership.metric_thresholds.filter(metric_key__in=wanted)}
    result: dict[str, dict[str, Any]] = {}
    for key in wanted:
        metric = evidence_registry.registry.get(key)
        reading = metric.compute(partnership) if metric is not None else None
        value = reading.value if reading is not None else None
        if metric is None or value is None:
            result[key] = {
                "key": key,
                "title": metric.title if metric is not None else key,
                "no_evidence": True,
                "value_text": "No evidence recorded",
                "detail": "",
                "judgement": None,
                "url": _url("assessment:metric", slug=partnership.slug, key=key),
            }
            continue
        threshold = overrides.get(key)
        green_at = threshold.green_at if threshold else metric.green_at
        amber_at = threshold.amber_at if threshold else metric.amber_at
        result[key] = {
            "key": key,
            "title": metric.title,
            "no_evidence": False,
            "value_text": _value_text(metric, value),
            "detail": reading.detail if reading is not None else "",
            "judgement": analysis.metric_judgement(
                value, green_at=green_at, amber_at=amber_at, higher_is_better=metric.higher_is_better
            ),
            "url": _url("assessment:metric", slug=partnership.slug, key=key),
        }
    return result


def perceived_words(mean: float | None, answered: int) -> str:
    if mean is None:
        return "No scoring answers (only “Don't know”, or nobody answered)."
    words = PERCEIVED_WORDS[analysis.perceived(mean) or analysis.RED]
    return f"Seen as {words}: mean score {mean:.2f} of {analysis.MAX_POINTS:.0f} from {answered} answers."


def strengths_and_weaknesses(
    figures: list[QuestionFigures], n: int = SUMMARY_SIZE
) -> tuple[list[QuestionFigures], list[QuestionFigures]]:
    """Switch point: `selectors_results.strengths_and_weaknesses` once on main. Strengths are
    the n highest-scoring questions, weaknesses the n lowest of the rest (ties: more answers
    first, then framework order); questions nobody scored are neither."""
    scored = [f for f in figures if f.mean is not None]
    strengths = sorted(scored, key=lambda f: (-(f.mean or 0), -f.answered, f.position))[:n]
    rest = [f for f in scored if f not in strengths]
    weaknesses = sorted(rest, key=lambda f: (f.mean or 0, -f.answered, f.position))[:n]
    return strengths, weaknesses


def _q(f: QuestionFigures) -> dict[str, Any]:
    return {
        "key": f.key,
        "text": f.text,
        "element_key": f.element_key,
        "mean": f.mean,
        "answered": f.answered,
        "perceived": f.perceived,
        "words": perceived_words(f.mean, f.answered),
        "url": f.url,
    }


def paper_content(round_: Round) -> dict[str, Any]:
    """The generated part of the paper, as stored in `ReviewPaper.generated`: the round, the
    one-page summary, the elements, and each finding's position with its evidence and
    computed judgement. A fixed number of queries plus one computation per evidence metric."""
    version = round_.framework_version
    partnership = round_.partnership
    elements = list(
        version.elements.order_by("position").prefetch_related(
            Prefetch("questions", queryset=Question.objects.order_by("position", "pk"))
        )
    )
    questions = [q for e in elements for q in e.questions.all()]
    findings = list(
        version.findings.select_related("element")
        .prefetch_related(Prefetch("questions", queryset=Question.objects.only("pk", "key")))
        .order_by("position", "pk")
    )
    figures = _question_figures(round_, questions)
    by_key = {f.key: f for f in figures}
    by_element: dict[str, list[QuestionFigures]] = defaultdict(list)
    for f in figures:
        by_element[f.element_key].append(f)

    metric_keys = {m for f in figures for m in f.metrics} | {m for fd in findings for m in fd.metrics}
    evidence = _evidence(partnership, metric_keys)

    element_rows = []
    for element in elements:
        means = [f.mean for f in by_element.get(element.key, [])]
        mean = analysis.element_mean(means)
        keys = [m for f in by_element.get(element.key, []) for m in f.metrics]
        ev = analysis.evidence_judgement(evidence[k]["judgement"] for k in dict.fromkeys(keys))
        element_rows.append(
            {
                "key": element.key,
                "title": element.title,
                "kind": element.get_kind_display(),
                "mean": mean,
                "perceived": analysis.perceived(mean),
                "maturity": analysis.maturity(means),
                "evidence": ev,
                "contradiction": analysis.contradiction(analysis.perceived(mean), ev),
            }
        )

    finding_data = {}
    for finding in findings:
        finding_data[finding.key] = _finding_content(finding, by_key, by_element, evidence)

    strengths, weaknesses = strengths_and_weaknesses(figures)
    actions = list(round_.improvement_actions.select_related("action").order_by("created_at", "pk"))
    raised = {a.question_key for a in actions if a.question_key}
    respondents = round_.responses.filter(status=ResponseStatus.SUBMITTED).count()
    invited = round_.invitations.count()
    return {
        "round": {
            "title": round_.title,
            "opens_on": round_.opens_on.isoformat(),
            "closes_on": round_.closes_on.isoformat(),
            "anonymous": round_.is_anonymous,
            "respondents": respondents,
            "invited": invited,
            "framework": str(version),
        },
        "summary": {
            "strengths": [_q(f) for f in strengths],
            "weaknesses": [_q(f) for f in weaknesses],
            "actions": [
                {
                    "title": a.action.title,
                    "status": a.action.get_status_display(),
                    "question_key": a.question_key,
                    "reason": a.get_reason_display(),
                }
                for a in actions
            ],
            "unactioned": [
                _q(f) for f in weaknesses if f.perceived != analysis.GREEN and f.key not in raised
            ],
        },
        "elements": element_rows,
        "findings": finding_data,
    }


def _finding_content(
    finding: Finding,
    by_key: Mapping[str, QuestionFigures],
    by_element: Mapping[str, list[QuestionFigures]],
    evidence: Mapping[str, Mapping[str, Any]],
) -> dict[str, Any]:
    """One finding's position: its questions (or, with none named, its element's), their
    perceived judgement, the evidence metrics' judgements, and the computed judgement."""
    named = [by_key[q.key] for q in finding.questions.all() if q.key in by_key]
    if not named and finding.element is not None:
        named = list(by_element.get(finding.element.key, []))
    named.sort(key=lambda f: f.position)
    mean = analysis.element_mean(f.mean for f in named)
    answered = sum(f.answered for f in named)
    perceived = analysis.perceived(mean)
    metric_keys = list(dict.fromkeys(list(finding.metrics or []) or [m for f in named for m in f.metrics]))
    metrics = [dict(evidence[k]) for k in metric_keys if k in evidence]
    ev = analysis.evidence_judgement(m["judgement"] for m in metrics)
    computed = analysis.combined(perceived, ev)
    return {
        "key": finding.key,
        "title": finding.title,
        "text": finding.text,
        "element": finding.element.title if finding.element is not None else "",
        "questions": [_q(f) for f in named],
        "mean": mean,
        "answered": answered,
        "perceived": perceived,
        "perceived_words": perceived_words(mean, answered),
        "evidence": metrics,
        "evidence_judgement": ev,
        "contradiction": analysis.contradiction(perceived, ev),
        "computed": computed,
    }


def paper_path(paper: ReviewPaper) -> str:
    return reverse("assessment:paper", kwargs={"slug": paper.partnership.slug, "round_id": paper.round_id})
