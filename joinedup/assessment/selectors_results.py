"""The results of a self-assessment round: scores, spread, perceived and evidence judgements,
contradictions, maturity, perception gaps (with small groups suppressed), members against
the coordinator's consensus, change since the previous round and improvement actions.

`round_results(round)` runs a fixed number of queries whatever the number of respondents:
answers are counted in the database (per question, choice, sector and layer) and every rule
is applied in one pass through `assessment.analysis`. Pages, the export and the review paper
all read these dataclasses; none recomputes a figure. The rules are in docs/assessment.md
("Scoring and results rules").
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count

from joinedup.assessment import analysis
from joinedup.assessment.models import (
    Choice,
    ImprovementAction,
    MaturityLevel,
    ResponseStatus,
    Round,
)
from joinedup.assessment.selectors_evidence import MetricEvidence, evidence_for
from joinedup.assessment.selectors_settings import settings_for
from joinedup.partnerships.models import Layer, Sector
from joinedup.strategy.models import ActionStatus

NOT_RECORDED = "Not recorded"
SECTOR_LABELS: Mapping[str, str] = {**dict(Sector.choices), "": NOT_RECORDED}
LAYER_LABELS: Mapping[str, str] = {**dict(Layer.choices), "": NOT_RECORDED}
LEVEL_LABELS: Mapping[str, str] = dict(MaturityLevel.choices)
CHOICE_LABELS: Mapping[str, str] = dict(Choice.choices)
JUDGEMENT_WORDS = analysis.JUDGEMENT_WORDS
HIDDEN_REASON = (
    "Hidden: fewer than {n} respondents in this group, or hidden so that a smaller group "
    "cannot be worked out by subtraction."
)


# ---------------------------------------------------------------------------
# Results
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class GroupMean:
    """One group's mean score for a question; `mean` is None when the group is hidden (too
    few respondents, or complementary suppression) or nobody in it scored the question."""

    key: str
    label: str
    mean: float | None
    hidden: bool

    @property
    def perceived(self) -> str | None:
        return None if self.hidden else analysis.perceived(self.mean)


@dataclass(frozen=True)
class GroupCount:
    """Respondents in one group for the whole round; `count` is None when hidden."""

    key: str
    label: str
    count: int | None
    hidden: bool


@dataclass(frozen=True)
class MembersVsConsensus:
    """Members' answers against the coordinator's consensus answer for one question."""

    members: analysis.Share  # share of members' scoring answers that are "in place"
    members_mean: float | None
    consensus_choice: str | None
    consensus_points: float | None

    @property
    def consensus_in_place(self) -> bool | None:
        return None if self.consensus_choice is None else self.consensus_choice == analysis.IN_PLACE

    @property
    def gap(self) -> float | None:
        """Consensus points minus members' mean: positive where the coordinator sees more in
        place than the members do."""
        if self.consensus_points is None or self.members_mean is None:
            return None
        return self.consensus_points - self.members_mean


@dataclass(frozen=True)
class RaisedAction:
    """An improvement action raised from a question or element, with its strategy action's status."""

    pk: int
    action_id: int
    round_id: int
    question_key: str
    element_key: str
    reason: str
    reason_label: str
    title: str
    status: str
    status_label: str
    due_date: Any
    owner: str

    @property
    def is_done(self) -> bool:
        return self.status == ActionStatus.COMPLETE


@dataclass(frozen=True)
class QuestionResult:
    pk: int
    key: str
    text: str
    element_key: str
    position: int
    practices: tuple[int, ...]
    metric_keys: tuple[str, ...]
    score: analysis.Score
    perceived: str | None
    consensus_choice: str | None
    consensus_judgement: str | None
    consensus_note: str
    members_vs_consensus: MembersVsConsensus
    evidence: tuple[MetricEvidence, ...]
    evidence_judgement: str | None
    contradiction: bool
    by_sector: tuple[GroupMean, ...]
    by_layer: tuple[GroupMean, ...]
    gap_sector: analysis.Gap | None
    gap_layer: analysis.Gap | None
    previous_mean: float | None
    actions: tuple[RaisedAction, ...]  # raised from this question in this round
    previous_actions: tuple[RaisedAction, ...]  # raised last round: "what was done"
    descriptors: Mapping[str, str] = field(default_factory=dict)  # what each answer looks like
    # Fewer answers than the round's minimum (or the whole round withheld): nothing of the
    # answers is shown, not even comments.
    too_few: bool = False

    @property
    def mean(self) -> float | None:
        return self.score.mean

    @property
    def disagree(self) -> bool:
        return self.score.disagree

    @property
    def change(self) -> float | None:
        if self.score.mean is None or self.previous_mean is None:
            return None
        return self.score.mean - self.previous_mean

    @property
    def is_weak(self) -> bool:
        """Perceived red or amber: an improvement action may be raised from it."""
        return self.perceived in (analysis.RED, analysis.AMBER)

    @property
    def may_raise_action(self) -> bool:
        return self.is_weak or self.contradiction

    def sector_means(self) -> dict[str, float | None]:
        return {g.key: g.mean for g in self.by_sector}

    def layer_means(self) -> dict[str, float | None]:
        return {g.key: g.mean for g in self.by_layer}


@dataclass(frozen=True)
class ElementResult:
    key: str
    title: str
    kind: str
    kind_label: str
    position: int
    mean: float | None
    perceived: str | None
    maturity: str | None
    target_maturity: str | None
    evidence: tuple[MetricEvidence, ...]
    evidence_judgement: str | None
    contradiction: bool
    questions: tuple[QuestionResult, ...]
    previous_mean: float | None
    previous_maturity: str | None

    @property
    def change(self) -> float | None:
        if self.mean is None or self.previous_mean is None:
            return None
        return self.mean - self.previous_mean

    @property
    def maturity_label(self) -> str:
        return LEVEL_LABELS.get(self.maturity or "", "Not enough answers")

    @property
    def target_label(self) -> str:
        return LEVEL_LABELS.get(self.target_maturity or "", "No target set")

    @property
    def below_target(self) -> bool | None:
        if self.maturity is None or self.target_maturity is None:
            return None
        return analysis.LEVELS.index(self.maturity) < analysis.LEVELS.index(self.target_maturity)


@dataclass(frozen=True)
class PreviousResults:
    """The previous round, reduced to what "change since" needs."""

    round: Round
    respondents: int
    question_means: Mapping[str, float | None]
    element_means: Mapping[str, float | None]
    element_maturity: Mapping[str, str | None]


@dataclass(frozen=True)
class RoundResults:
    round: Round
    respondents: int
    min_group_size: int
    points: Mapping[str, float]
    maturity_rule: analysis.MaturityRule
    elements: tuple[ElementResult, ...]
    sectors: tuple[GroupCount, ...]
    layers: tuple[GroupCount, ...]
    previous: PreviousResults | None
    has_consensus: bool
    include_live_evidence: bool
    # Why no answers are shown ("" when they are): analysis.results_withheld.
    withheld: str = ""
    _by_key: Mapping[str, QuestionResult] = field(default_factory=dict, repr=False, compare=False)

    @property
    def questions(self) -> tuple[QuestionResult, ...]:
        return tuple(q for e in self.elements for q in e.questions)

    def question(self, key: str) -> QuestionResult | None:
        return self._by_key.get(key)

    def element(self, key: str) -> ElementResult | None:
        return next((e for e in self.elements if e.key == key), None)

    @property
    def hidden_reason(self) -> str:
        return HIDDEN_REASON.format(n=self.min_group_size)

    @property
    def rules(self) -> dict[str, Any]:
        """The rules this round's figures were computed with, as plain values for "how was this
        computed" (pages, export, and the paper's stored content): the framework version's
        points, the partnership's maturity rule and the round's smallest group."""
        return {
            "points": {c: f"{float(self.points.get(c, 0)):g}" for c in analysis.DEFAULT_POINTS},
            "bounds": [f"{b:g}" for b in self.maturity_rule.bounds],
            "cap_level": LEVEL_LABELS.get(self.maturity_rule.cap_level, self.maturity_rule.cap_level).lower(),
            "min_group_size": self.min_group_size,
        }

    @property
    def too_few_message(self) -> str:
        return analysis.TOO_FEW.format(n=self.min_group_size)

    @property
    def members_share_in_place(self) -> analysis.Share:
        """All members' scoring answers that are "in place", over every question."""
        yes = sum(q.members_vs_consensus.members.yes for q in self.questions)
        of = sum(q.members_vs_consensus.members.of for q in self.questions)
        return analysis.Share(yes, of)

    @property
    def consensus_share_in_place(self) -> analysis.Share:
        """The coordinator's consensus answers that are "in place", over questions with one
        (a "don't know" consensus does not count)."""
        scoring = [q.consensus_choice for q in self.questions if q.consensus_choice]
        return analysis.share_in_place(c for c in scoring if c is not None)


def _group_means(
    labels: Mapping[str, str],
    present: Sequence[str],
    counts: Mapping[str, int],
    sums: Mapping[str, float],
    min_size: int,
) -> tuple[tuple[GroupMean, ...], analysis.Gap | None]:
    """Means per group over scoring answers; a group is suppressed by its number of scoring
    answers to this question (the figure its mean rests on), complementary within the breakdown."""
    hidden = analysis.hidden_groups({g: counts.get(g, 0) for g in present}, min_size)
    means = {g: (sums[g] / counts[g] if counts.get(g) else None) for g in present}
    groups = tuple(
        GroupMean(g, labels.get(g, g), None if g in hidden else means[g], g in hidden) for g in present
    )
    gap = analysis.perception_gap(means, {g: counts.get(g, 0) for g in present}, min_size)
    return groups, gap


def _group_counts(
    labels: Mapping[str, str], counts: Mapping[str, int], min_size: int
) -> tuple[GroupCount, ...]:
    hidden = analysis.hidden_groups(counts, min_size)
    order = list(labels)
    return tuple(
        GroupCount(g, labels.get(g, g), None if g in hidden else n, g in hidden)
        for g, n in sorted(counts.items(), key=lambda item: order.index(item[0]) if item[0] in order else 99)
    )


def _raised(rows: Iterable[ImprovementAction]) -> dict[str, list[RaisedAction]]:
    reasons = dict(ImprovementAction._meta.get_field("reason").choices or [])
    statuses = dict(ActionStatus.choices)
    by_key: dict[str, list[RaisedAction]] = defaultdict(list)
    for row in rows:
        action = row.action
        owner = (
            ", ".join(str(x) for x in (action.lead_person, action.lead_organisation) if x is not None)
            or "No owner"
        )
        raised = RaisedAction(
            pk=row.pk,
            action_id=action.pk,
            round_id=row.round_id,
            question_key=row.question_key,
            element_key=row.element_key,
            reason=row.reason,
            reason_label=str(reasons.get(row.reason, row.reason)),
            title=action.title,
            status=action.status,
            status_label=str(statuses.get(action.status, action.status)),
            due_date=action.due_date,
            owner=owner,
        )
        by_key[row.question_key or f"element:{row.element_key}"].append(raised)
    return by_key


def _actions_of(round_: Round) -> dict[str, list[RaisedAction]]:
    return _raised(
        round_.improvement_actions.select_related(
            "action", "action__lead_person", "action__lead_organisation"
        ).order_by("created_at", "pk")
    )


def round_min_group_size(round_: Round, setting: int) -> int:
    """The round's own smallest group (snapshotted when it opened); the setting for rounds
    opened before the snapshot existed."""
    return round_.min_group_size if round_.min_group_size is not None else setting


def _previous(
    round_: Round, rule: analysis.MaturityRule, points: Mapping[str, float], setting: int
) -> PreviousResults | None:
    prev = round_.previous_round
    if prev is None:
        return None
    prev_min = round_min_group_size(prev, setting)
    submitted = prev.responses.filter(status=ResponseStatus.SUBMITTED)
    respondents = submitted.count()
    withheld = analysis.results_withheld(
        respondents, prev_min, anonymous=prev.is_anonymous, closed=prev.is_closed
    )
    rows = (
        submitted.filter(answers__isnull=False)
        .values_list("answers__question__key", "answers__question__element__key", "answers__choice")
        .annotate(n=Count("answers__id"))
        .order_by()
    )
    choices: dict[tuple[str, str], list[str]] = defaultdict(list)
    for q_key, e_key, choice, n in rows:
        choices[(e_key, q_key)].extend([choice] * n)
    # The previous round's own minimum applies to its figures too.
    choices = {k: c for k, c in choices.items() if not withheld and not analysis.too_few(len(c), prev_min)}
    question_means = {q: analysis.score(c, points).mean for (_, q), c in choices.items()}
    per_element: dict[str, list[float | None]] = defaultdict(list)
    for (e_key, q_key), _ in choices.items():
        per_element[e_key].append(question_means[q_key])
    return PreviousResults(
        round=prev,
        respondents=respondents,
        question_means=question_means,
        element_means={e: analysis.element_mean(ms) for e, ms in per_element.items()},
        element_maturity={e: analysis.maturity(ms, rule) for e, ms in per_element.items()},
    )


def round_results(round_: Round, *, include_live_evidence: bool = True) -> RoundResults:
    """Everything the results pages, export and paper show for a round, in a fixed number of
    queries (plus each evidence metric's own fixed number when live evidence is included)."""
    partnership = round_.partnership
    version = round_.framework_version
    settings = settings_for(partnership)
    min_size = round_min_group_size(round_, settings.min_group_size)
    points: Mapping[str, float] = {**analysis.DEFAULT_POINTS, **(version.points or {})}
    rule = settings.rule_for(version.maturity_rule or None)

    elements = list(version.elements.order_by("position").prefetch_related("questions"))
    questions = [q for e in elements for q in e.questions.all()]

    submitted = round_.responses.filter(status=ResponseStatus.SUBMITTED)
    # Respondents per sector and per layer, for the round's group tables.
    sector_n: dict[str, int] = defaultdict(int)
    layer_n: dict[str, int] = defaultdict(int)
    for sector, layer, n in submitted.values_list("sector", "layer").annotate(n=Count("id")).order_by():
        sector_n[sector] += n
        layer_n[layer] += n
    respondents = sum(sector_n.values())
    withheld = analysis.results_withheld(
        respondents, min_size, anonymous=round_.is_anonymous, closed=round_.is_closed
    )
    if withheld:
        # Nothing of the answers leaves this function: no groups, no distributions.
        sector_n.clear()
        layer_n.clear()
    sectors_present = [s for s in SECTOR_LABELS if s in sector_n] + sorted(set(sector_n) - set(SECTOR_LABELS))
    layers_present = [s for s in LAYER_LABELS if s in layer_n] + sorted(set(layer_n) - set(LAYER_LABELS))

    # Answers counted in the database: one row per question, choice, sector and layer.
    distribution: dict[int, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    s_count: dict[int, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    s_sum: dict[int, dict[str, float]] = defaultdict(lambda: defaultdict(float))
    l_count: dict[int, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    l_sum: dict[int, dict[str, float]] = defaultdict(lambda: defaultdict(float))
    rows = (
        submitted.filter(answers__isnull=False)
        .values_list("answers__question_id", "answers__choice", "sector", "layer")
        .annotate(n=Count("answers__id"))
        .order_by()
    )
    fetched = list(rows)  # always read, so the number of queries is the same either way
    for question_id, choice, sector, layer, n in [] if withheld else fetched:
        distribution[question_id][choice] += n
        if choice in points and choice != analysis.DONT_KNOW:
            s_count[question_id][sector] += n
            s_sum[question_id][sector] += points[choice] * n
            l_count[question_id][layer] += n
            l_sum[question_id][layer] += points[choice] * n

    consensus = {c.question_id: c for c in round_.consensus_answers.all()}

    metric_keys = {k for q in questions for k in (q.metrics or [])}
    evidence = evidence_for(partnership, metric_keys) if include_live_evidence else {}

    previous = _previous(round_, rule, points, settings.min_group_size)
    raised_now = _actions_of(round_)
    raised_before = _actions_of(previous.round) if previous is not None else {}

    element_results: list[ElementResult] = []
    by_key: dict[str, QuestionResult] = {}
    for element in elements:
        q_results: list[QuestionResult] = []
        for q in element.questions.all():
            dist = distribution.get(q.pk, {})
            q_too_few = bool(withheld) or analysis.too_few(sum(dist.values()), min_size)
            if q_too_few:
                dist = {}
                s_count.pop(q.pk, None)
                l_count.pop(q.pk, None)
            choices = [c for c, n in dist.items() for _ in range(n)]
            sc = analysis.score(choices, points)
            perceived = analysis.perceived(sc.mean)
            q_evidence = tuple(evidence[k] for k in (q.metrics or []) if k in evidence)
            ev_judgement = analysis.evidence_judgement(e.judgement for e in q_evidence)
            by_sector, gap_sector = _group_means(
                SECTOR_LABELS, sectors_present, s_count.get(q.pk, {}), s_sum.get(q.pk, {}), min_size
            )
            by_layer, gap_layer = _group_means(
                LAYER_LABELS, layers_present, l_count.get(q.pk, {}), l_sum.get(q.pk, {}), min_size
            )
            cons = consensus.get(q.pk)
            cons_choice = cons.choice if cons else None
            result = QuestionResult(
                pk=q.pk,
                key=q.key,
                text=q.text,
                element_key=element.key,
                position=q.position,
                practices=tuple(q.practices or ()),
                metric_keys=tuple(q.metrics or ()),
                score=sc,
                perceived=perceived,
                consensus_choice=cons_choice,
                consensus_judgement=analysis.choice_judgement(cons_choice),
                consensus_note=cons.note if cons else "",
                members_vs_consensus=MembersVsConsensus(
                    members=analysis.share_in_place(choices),
                    members_mean=sc.mean,
                    consensus_choice=cons_choice,
                    consensus_points=points.get(cons_choice) if cons_choice else None,
                ),
                evidence=q_evidence,
                evidence_judgement=ev_judgement,
                contradiction=analysis.contradiction(perceived, ev_judgement),
                by_sector=by_sector,
                by_layer=by_layer,
                gap_sector=gap_sector,
                gap_layer=gap_layer,
                previous_mean=previous.question_means.get(q.key) if previous else None,
                actions=tuple(raised_now.get(q.key, ())),
                previous_actions=tuple(raised_before.get(q.key, ())),
                descriptors={
                    analysis.IN_PLACE: q.in_place,
                    analysis.PARTLY: q.partly,
                    analysis.NOT_IN_PLACE: q.not_in_place,
                },
                too_few=q_too_few,
            )
            q_results.append(result)
            by_key[q.key] = result
        means = [q.score.mean for q in q_results]
        mean = analysis.element_mean(means)
        e_perceived = analysis.perceived(mean)
        seen: dict[str, MetricEvidence] = {}
        for qr in q_results:
            for ev in qr.evidence:
                seen.setdefault(ev.key, ev)
        e_evidence = tuple(seen.values())
        e_judgement = analysis.evidence_judgement(e.judgement for e in e_evidence)
        element_results.append(
            ElementResult(
                key=element.key,
                title=element.title,
                kind=element.kind,
                kind_label=str(element.get_kind_display()),
                position=element.position,
                mean=mean,
                perceived=e_perceived,
                maturity=analysis.maturity(means, rule),
                target_maturity=settings.targets.get(element.key),
                evidence=e_evidence,
                evidence_judgement=e_judgement,
                contradiction=analysis.contradiction(e_perceived, e_judgement),
                questions=tuple(q_results),
                previous_mean=previous.element_means.get(element.key) if previous else None,
                previous_maturity=previous.element_maturity.get(element.key) if previous else None,
            )
        )

    return RoundResults(
        round=round_,
        respondents=respondents,
        min_group_size=min_size,
        points=points,
        maturity_rule=rule,
        elements=tuple(element_results),
        sectors=_group_counts(SECTOR_LABELS, dict(sector_n), min_size),
        layers=_group_counts(LAYER_LABELS, dict(layer_n), min_size),
        previous=previous,
        has_consensus=bool(consensus),
        include_live_evidence=include_live_evidence,
        withheld=withheld,
        _by_key=by_key,
    )


# ---------------------------------------------------------------------------
# Strengths and weaknesses (the review paper's summary)
# ---------------------------------------------------------------------------


def _standing(q: QuestionResult) -> str | None:
    """A question's standing for the summary: the worse of its perceived and evidence judgements."""
    return analysis.combined(q.perceived, q.evidence_judgement)


def strengths_and_weaknesses(
    results: RoundResults, n: int = 3
) -> tuple[tuple[QuestionResult, ...], tuple[QuestionResult, ...]]:
    """The n strongest and n weakest questions (rule in docs/assessment.md).

    A question's standing is the worse of its perceived judgement and its evidence judgement
    (`analysis.combined`), so a contradicted question always stands red. Questions nobody
    scored are left out of both lists.
    - Strengths: questions standing green, then (when fewer than n are green) amber; the
      highest mean first, then the least spread, then framework order.
    - Weaknesses: questions standing red, then amber, that are not already strengths; the
      lowest mean first, then contradicted before not, then the most spread, then framework
      order.
    """
    scored = [q for q in results.questions if q.score.mean is not None]
    order = {q.key: i for i, q in enumerate(scored)}
    rank = analysis.JUDGEMENT_RANK

    def spread(q: QuestionResult) -> float:
        return q.score.spread or 0.0

    def standing(q: QuestionResult) -> int:
        return rank[_standing(q) or analysis.AMBER]

    good = [q for q in scored if _standing(q) in (analysis.GREEN, analysis.AMBER)]
    good.sort(key=lambda q: (-standing(q), -(q.score.mean or 0.0), spread(q), order[q.key]))
    strengths = tuple(good[:n])
    chosen = {q.key for q in strengths}
    weak = [q for q in scored if q.key not in chosen and _standing(q) in (analysis.RED, analysis.AMBER)]
    weak.sort(key=lambda q: (standing(q), q.score.mean or 0.0, not q.contradiction, -spread(q), order[q.key]))
    return strengths, tuple(weak[:n])


# ---------------------------------------------------------------------------
# Comments on one question
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Comment:
    text: str
    choice: str
    group: str | None  # the sector's label; None where the sector is hidden for this question


def question_comments(round_: Round, question: QuestionResult) -> tuple[Comment, ...]:
    """Respondents' comments on a question, in alphabetical order (never in the order given,
    which could be matched to who answered when). Each carries its sector's label only where
    that sector is shown in the question's breakdown; otherwise no group label at all. None
    where the question's answers are too few to show (or the round's results are withheld)."""
    if question.too_few:
        return ()
    shown = {g.key: g.label for g in question.by_sector if not g.hidden}
    rows = (
        round_.responses.filter(
            status=ResponseStatus.SUBMITTED, answers__question_id=question.pk, answers__comment__gt=""
        )
        .values_list("answers__comment", "answers__choice", "sector")
        .order_by("answers__comment")
    )
    return tuple(Comment(text, choice, shown.get(sector)) for text, choice, sector in rows)
