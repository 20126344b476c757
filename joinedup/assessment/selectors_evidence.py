"""Evidence from live data: what each evidence metric (core.evidence) finds in a partnership
now, judged against the partnership's thresholds or the metric's defaults.

`evidence_for(partnership, keys)` computes each registered metric once per call (each
metric's compute runs a fixed number of queries; this module adds one query for the
partnership's thresholds). A key no room has registered (the room does not exist yet, e.g.
`resources.*`), or a metric whose value is None, is "no evidence recorded", never a number.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from joinedup.assessment import analysis
from joinedup.assessment.models import Question, VersionStatus
from joinedup.assessment.selectors_frameworks import visible_versions
from joinedup.core import evidence
from joinedup.core.evidence import ELEMENTS, Metric, Reading
from joinedup.partnerships.models import Partnership

SHIPPED_FRAMEWORK_KEY = "7s"
NO_EVIDENCE = "No evidence recorded"
JUDGEMENT_WORDS = {analysis.GREEN: "Green", analysis.AMBER: "Amber", analysis.RED: "Red"}


def format_value(unit: str, value: float | None) -> str:
    """A metric's value in words on its own scale."""
    if value is None:
        return NO_EVIDENCE
    if unit == "share":
        return f"{round(value * 100)}%"
    if unit == "yes_no":
        return "Yes" if value >= 0.5 else "No"
    if unit == "rate":
        return f"{value:.2f}".rstrip("0").rstrip(".") if value != int(value) else f"{int(value)}"
    return f"{value:g}"


def thresholds_words(metric: Metric, green_at: float, amber_at: float) -> str:
    """The thresholds in words, e.g. "Green at 80% or more; amber at 50% or more; otherwise red"."""
    if metric.unit == "yes_no":
        return "Green when yes; red when no."
    green, amber = format_value(metric.unit, green_at), format_value(metric.unit, amber_at)
    if metric.higher_is_better:
        return f"Green at {green} or more; amber at {amber} or more; otherwise red."
    return f"Green at {green} or less; amber at {amber} or less; otherwise red (lower is better)."


@dataclass(frozen=True)
class MetricEvidence:
    key: str
    metric: Metric | None  # None: no room has registered this key
    reading: Reading | None
    green_at: float | None
    amber_at: float | None
    thresholds_from: str  # "default" or "partnership"
    judgement: str | None  # green / amber / red, or None with no evidence
    threshold_reason: str = ""

    @property
    def no_evidence(self) -> bool:
        return self.metric is None or self.reading is None or self.reading.value is None

    @property
    def title(self) -> str:
        return self.metric.title if self.metric is not None else self.key

    @property
    def element(self) -> str:
        return self.metric.element if self.metric is not None else ""

    @property
    def value_words(self) -> str:
        if self.no_evidence or self.metric is None or self.reading is None:
            return NO_EVIDENCE
        return format_value(self.metric.unit, self.reading.value)

    @property
    def judgement_words(self) -> str:
        return JUDGEMENT_WORDS.get(self.judgement or "", NO_EVIDENCE)

    @property
    def status_words(self) -> str:
        """The value and its judgement in words, e.g. "75%: amber"; colour is never the only carrier."""
        if self.no_evidence:
            return NO_EVIDENCE
        return f"{self.value_words}: {self.judgement_words.lower()}"

    @property
    def thresholds_words(self) -> str:
        if self.metric is None or self.green_at is None or self.amber_at is None:
            return ""
        return thresholds_words(self.metric, self.green_at, self.amber_at)


def evidence_for(partnership: Partnership, keys: Iterable[str]) -> dict[str, MetricEvidence]:
    """Each key's evidence, in the order given (each key once; each metric computed once)."""
    wanted = list(dict.fromkeys(keys))
    overrides = (
        {t.metric_key: t for t in partnership.metric_thresholds.filter(metric_key__in=wanted)}
        if wanted
        else {}
    )
    result: dict[str, MetricEvidence] = {}
    for key in wanted:
        metric = evidence.registry.get(key)
        if metric is None:
            result[key] = MetricEvidence(key, None, None, None, None, "default", None)
            continue
        reading = metric.compute(partnership)
        own = overrides.get(key)
        green_at, amber_at = (
            (own.green_at, own.amber_at) if own is not None else (metric.green_at, metric.amber_at)
        )
        judgement = analysis.metric_judgement(
            reading.value, green_at=green_at, amber_at=amber_at, higher_is_better=metric.higher_is_better
        )
        result[key] = MetricEvidence(
            key,
            metric,
            reading,
            green_at,
            amber_at,
            "partnership" if own is not None else "default",
            judgement,
            own.reason if own is not None else "",
        )
    return result


# --- which metrics the shipped framework names ----------------------------------------------------


@dataclass(frozen=True)
class QuestionUse:
    """A question of the shipped framework that names a metric."""

    key: str
    text: str
    element_key: str
    element_title: str
    metrics: tuple[str, ...]


def shipped_questions() -> list[QuestionUse]:
    """The questions of the current published version of the shipped 7S framework (global
    reference data), or [] when it is not installed. One query."""
    rows = list(
        Question.objects.filter(
            element__version__framework__partnership__isnull=True,
            element__version__framework__key=SHIPPED_FRAMEWORK_KEY,
            element__version__status=VersionStatus.PUBLISHED,
        )
        .order_by("-element__version__number", "element__position", "position")
        .values_list("key", "text", "element__key", "element__title", "metrics", "element__version__number")
    )
    if not rows:
        return []
    newest = rows[0][5]
    return [
        QuestionUse(key, text, element_key, element_title, tuple(metrics or ()))
        for key, text, element_key, element_title, metrics, number in rows
        if number == newest
    ]


def own_questions(partnership: Partnership) -> list[QuestionUse]:
    """Questions that name a metric in every other framework the partnership sees (its own
    adapted or imported frameworks, and shipped ones beside 7S; selectors_frameworks.
    visible_versions), from the newest version of each framework that asks them. One query."""
    rows = (
        Question.objects.filter(element__version__in=visible_versions(partnership))
        .order_by(
            "element__version__framework_id", "-element__version__number", "element__position", "position"
        )
        .values_list(
            "key", "text", "element__key", "element__title", "metrics", "element__version__framework_id"
        )
    )
    seen: set[tuple[int, str]] = set()
    result = []
    for key, text, element_key, element_title, metrics, framework_id in rows:
        if not metrics or (framework_id, key) in seen:
            continue
        seen.add((framework_id, key))
        result.append(QuestionUse(key, text, element_key, element_title, tuple(metrics or ())))
    return result


def questions_for(partnership: Partnership) -> list[QuestionUse]:
    """The shipped 7S framework's questions, then those of the partnership's own frameworks (and
    any other it sees), so a metric named only in an adapted framework has its evidence page.
    Two queries."""
    questions = shipped_questions()
    known = {(q.key, q.metrics) for q in questions}
    for q in own_questions(partnership):
        if (q.key, q.metrics) not in known:
            known.add((q.key, q.metrics))
            questions.append(q)
    return questions


def finding_metric_keys(partnership: Partnership) -> set[str]:
    """Metric keys named by the findings of the frameworks the partnership sees (the review
    paper links each to its evidence page). One query."""
    rows = visible_versions(partnership).values_list("findings__metrics", flat=True)
    return {key for metrics in rows for key in (metrics or [])}


def known_keys(questions: list[QuestionUse] | None = None) -> list[str]:
    """Every registered metric and every metric the shipped framework names, by element."""
    questions = shipped_questions() if questions is None else questions
    named = {k: q.element_key for q in questions for k in q.metrics}
    keys = {m.key: m.element for m in evidence.registry.all()}
    for key, element in named.items():
        keys.setdefault(key, element)
    order = list(ELEMENTS)
    return sorted(keys, key=lambda k: (order.index(keys[k]) if keys[k] in order else len(order), k))


def element_of(key: str, questions: list[QuestionUse]) -> str:
    metric = evidence.registry.get(key)
    if metric is not None:
        return metric.element
    return next((q.element_key for q in questions if key in q.metrics), "")


def element_evidence(partnership: Partnership, element_key: str) -> dict[str, MetricEvidence]:
    """The evidence for one element: its registered metrics and the metrics its questions name."""
    questions = questions_for(partnership)
    keys = [k for k in known_keys(questions) if element_of(k, questions) == element_key]
    return evidence_for(partnership, keys)


@dataclass(frozen=True)
class ElementGroup:
    key: str
    title: str
    metrics: tuple[MetricEvidence, ...]


def evidence_overview(partnership: Partnership) -> list[ElementGroup]:
    """Every known metric's evidence, grouped by element in the framework's order."""
    questions = questions_for(partnership)
    keys = known_keys(questions)
    found = evidence_for(partnership, keys)
    groups = []
    for element_key, title in ELEMENTS.items():
        mine = tuple(found[k] for k in keys if element_of(k, questions) == element_key)
        if mine:
            groups.append(ElementGroup(element_key, title, mine))
    return groups


def questions_using(key: str, questions: list[QuestionUse] | None = None) -> list[QuestionUse]:
    questions = shipped_questions() if questions is None else questions
    return [q for q in questions if key in q.metrics]
