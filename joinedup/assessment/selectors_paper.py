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
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django.db.models import Prefetch
from django.http import Http404
from django.urls import NoReverseMatch, reverse

from joinedup.assessment import analysis
from joinedup.assessment import selectors_results as results
from joinedup.assessment.models import (
    Finding,
    PaperFinding,
    PaperSection,
    Question,
    ReviewPaper,
    Round,
)
from joinedup.assessment.selectors_evidence import MetricEvidence, evidence_for
from joinedup.core import evidence as evidence_registry
from joinedup.partnerships.models import Partnership

SUMMARY_SIZE = 3

JUDGEMENT_WORDS = analysis.JUDGEMENT_WORDS
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


judgement_words = analysis.judgement_words


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


def _value_text(metric: evidence_registry.Metric, value: float) -> str:
    if metric.unit == "share":
        return f"{value:.0%}"
    if metric.unit == "yes_no":
        return "Yes" if value >= 0.5 else "No"
    if metric.unit == "count":
        return f"{value:,.0f}"
    return f"{value:,.1f}"


def _metric(ev: MetricEvidence) -> dict[str, Any]:
    """One evidence metric as the paper shows it: a value only where there is evidence."""
    value = ev.reading.value if ev.reading is not None else None
    if ev.no_evidence or ev.metric is None or value is None:
        return {
            "key": ev.key,
            "title": ev.title,
            "no_evidence": True,
            "value_text": "No evidence recorded",
            "detail": "",
            "judgement": None,
        }
    return {
        "key": ev.key,
        "title": ev.title,
        "no_evidence": False,
        "value_text": _value_text(ev.metric, value),
        "detail": ev.reading.detail if ev.reading is not None else "",
        "judgement": ev.judgement,
    }


def perceived_words(mean: float | None, answered: int) -> str:
    if mean is None:
        return "No scoring answers (only “Don't know”, or nobody answered)."
    words = PERCEIVED_WORDS[analysis.perceived(mean) or analysis.RED]
    return f"Seen as {words}: mean score {mean:.2f} of {analysis.MAX_POINTS:.0f} from {answered} answers."


def _q(q: results.QuestionResult) -> dict[str, Any]:
    return {
        "key": q.key,
        "text": q.text,
        "element_key": q.element_key,
        "mean": q.mean,
        "answered": q.score.answered,
        "perceived": q.perceived,
        "evidence_judgement": q.evidence_judgement,
        "contradiction": q.contradiction,
        "words": perceived_words(q.mean, q.score.answered),
    }


def paper_content(round_: Round) -> dict[str, Any]:
    """The generated part of the paper, as stored in `ReviewPaper.generated`: the round, the
    one-page summary, the elements, and each finding's position with its evidence and
    computed judgement. Everything comes from `selectors_results.round_results` (so the paper
    never disagrees with the results pages), plus the findings' own metrics: a fixed number of
    queries plus each evidence metric's own."""
    version = round_.framework_version
    figures = results.round_results(round_)
    findings = list(
        version.findings.select_related("element")
        .prefetch_related(Prefetch("questions", queryset=Question.objects.only("pk", "key")))
        .order_by("position", "pk")
    )
    evidence: dict[str, MetricEvidence] = {ev.key: ev for q in figures.questions for ev in q.evidence}
    extra = {k for f in findings for k in (f.metrics or []) if k not in evidence}
    evidence.update(evidence_for(round_.partnership, extra))

    element_rows = [
        {
            "key": e.key,
            "title": e.title,
            "kind": e.kind_label,
            "mean": e.mean,
            "perceived": e.perceived,
            "maturity": e.maturity_label if e.maturity else "",
            "target": e.target_label if e.target_maturity else "",
            "evidence": e.evidence_judgement,
            "contradiction": e.contradiction,
        }
        for e in figures.elements
    ]
    finding_data = {f.key: _finding_content(f, figures, evidence) for f in findings}

    strengths, weaknesses = results.strengths_and_weaknesses(figures, n=SUMMARY_SIZE)
    raised = [a for q in figures.questions for a in q.actions]
    raised_elsewhere = round_.improvement_actions.filter(question_key="").select_related("action")
    invited = round_.invitations.count()
    return {
        "round": {
            "title": round_.title,
            "opens_on": round_.opens_on.isoformat(),
            "closes_on": round_.closes_on.isoformat(),
            "anonymous": round_.is_anonymous,
            "respondents": figures.respondents,
            "invited": invited,
            "framework": str(version),
        },
        "summary": {
            "strengths": [_q(q) for q in strengths],
            "weaknesses": [_q(q) for q in weaknesses],
            "actions": [
                {
                    "title": a.title,
                    "status": a.status_label,
                    "question_key": a.question_key,
                    "reason": a.reason_label,
                }
                for a in raised
            ]
            + [
                {
                    "title": a.action.title,
                    "status": a.action.get_status_display(),
                    "question_key": "",
                    "reason": a.get_reason_display(),
                }
                for a in raised_elsewhere
            ],
            "unactioned": [_q(q) for q in weaknesses if not q.actions],
        },
        "elements": element_rows,
        "findings": finding_data,
        # The rules applied, so "how the judgements were computed" states them, not defaults.
        "rules": figures.rules,
        "withheld": figures.withheld,
    }


def _finding_content(
    finding: Finding, figures: results.RoundResults, evidence: Mapping[str, MetricEvidence]
) -> dict[str, Any]:
    """One finding's position: its questions (or, with none named, its element's), their
    perceived judgement, the evidence metrics' judgements, and the computed judgement."""
    named = [q for q in (figures.question(fq.key) for fq in finding.questions.all()) if q is not None]
    if not named and finding.element is not None:
        element = figures.element(finding.element.key)
        named = list(element.questions) if element is not None else []
    order = {q.key: i for i, q in enumerate(figures.questions)}
    named.sort(key=lambda q: order.get(q.key, 0))
    mean = analysis.element_mean(q.mean for q in named)
    answered = sum(q.score.answered for q in named)
    perceived = analysis.perceived(mean)
    metric_keys = list(
        dict.fromkeys(list(finding.metrics or []) or [k for q in named for k in q.metric_keys])
    )
    metrics = [_metric(evidence[k]) for k in metric_keys if k in evidence]
    ev = analysis.evidence_judgement(m["judgement"] for m in metrics)
    return {
        "key": finding.key,
        "title": finding.title,
        "text": finding.text,
        "element": finding.element.title if finding.element is not None else "",
        "questions": [_q(q) for q in named],
        "mean": mean,
        "answered": answered,
        "perceived": perceived,
        "perceived_words": perceived_words(mean, answered),
        "evidence": metrics,
        "evidence_judgement": ev,
        "contradiction": analysis.contradiction(perceived, ev),
        "computed": analysis.combined(perceived, ev),
    }


# ---------------------------------------------------------------------------
# Links to how each figure was computed (resolved when the page is shown, so a paper written
# before a page existed still links to it)
# ---------------------------------------------------------------------------


def _url(name: str, **kwargs: Any) -> str:
    try:
        return reverse(name, kwargs=kwargs)
    except NoReverseMatch:
        return ""


def question_url(round_: Round, question_key: str) -> str:
    """The results page of one question, or the paper's own "how computed" section."""
    return _url(
        "assessment:results_question",
        slug=round_.partnership.slug,
        round_id=round_.pk,
        question_key=question_key,
    ) or (paper_url(round_) + HOW_ANCHOR)


def metric_url(round_: Round, metric_key: str) -> str:
    """The evidence metric's "how was this computed" page, or the paper's own section."""
    return _url("assessment:evidence_metric", slug=round_.partnership.slug, key=metric_key) or (
        paper_url(round_) + HOW_ANCHOR
    )


def room_url(partnership: Partnership, name: str, **kwargs: Any) -> str:
    """A page of another part of the room, or "" where that part is not installed."""
    return _url(name, slug=partnership.slug, **kwargs)


def results_url(round_: Round) -> str:
    return _url("assessment:results", slug=round_.partnership.slug, round_id=round_.pk)


def paper_url(round_: Round) -> str:
    return reverse("assessment:paper", kwargs={"slug": round_.partnership.slug, "round_id": round_.pk})


def paper_path(paper: ReviewPaper) -> str:
    return paper_url(paper.round)
