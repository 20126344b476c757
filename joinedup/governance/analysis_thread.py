"""The agenda suggestion for a body's next meeting, assembled from plain inputs (no ORM).

`selectors_thread.suggestion_inputs` gathers the inputs from live data; `suggest` decides what
is suggested and why. Each suggestion names the record an agenda item would link to.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Literal

Kind = Literal["escalation", "decision", "indicator", "risk", "action"]

# The order the suggestion lists them: what the body was asked to consider first.
KIND_ORDER: dict[str, int] = {"escalation": 0, "decision": 1, "indicator": 2, "risk": 3, "action": 4}

# The item link each kind of suggestion becomes (AgendaItem's M2M of that name).
LINK_OF: dict[str, str] = {
    "escalation": "escalations",
    "decision": "decisions_reported",
    "indicator": "indicators",
    "risk": "risks",
    "action": "actions",
}

# The item purpose each kind of suggestion gets when it is added to the agenda.
PURPOSE_OF: dict[str, str] = {
    "escalation": "performance",
    "decision": "decision",
    "indicator": "performance",
    "risk": "discussion",
    "action": "discussion",
}

CLOSED_ACTION_STATUSES = frozenset({"complete", "cancelled"})
CLOSED_DECISION_STATUSES = frozenset({"done", "superseded"})


@dataclass(frozen=True)
class EscalationIn:
    pk: int
    indicator_title: str
    period: str
    variance: str
    reason: str
    raised_on: dt.date
    from_name: str = ""


@dataclass(frozen=True)
class IndicatorIn:
    pk: int
    title: str
    rag: str  # "red", "amber", "green", "not_rated"
    significantly_worse: bool = False
    explanation: str = ""


@dataclass(frozen=True)
class ActionIn:
    pk: int
    title: str
    due_date: dt.date | None
    status: str
    status_label: str = ""


@dataclass(frozen=True)
class RiskIn:
    pk: int
    title: str
    escalation_layer: str
    score: int
    closed: bool = False


@dataclass(frozen=True)
class DecisionIn:
    pk: int
    text: str
    report_due: dt.date | None
    status: str
    decided_at: str = ""  # the meeting it was taken at


@dataclass(frozen=True)
class Suggestion:
    kind: Kind
    pk: int
    title: str
    why: str
    on_agenda: bool = False  # the next meeting already has an item linked to it

    @property
    def key(self) -> str:
        """The value of the "Add to agenda" checkbox: `<kind>-<pk>`."""
        return f"{self.kind}-{self.pk}"

    @property
    def link(self) -> str | None:
        return LINK_OF.get(self.kind)

    @property
    def purpose(self) -> str:
        return PURPOSE_OF[self.kind]


@dataclass(frozen=True)
class Inputs:
    layer: str  # the body's layer
    meeting_date: dt.date  # the next meeting's date
    escalations: Sequence[EscalationIn] = ()
    indicators: Sequence[IndicatorIn] = ()
    actions: Sequence[ActionIn] = ()
    risks: Sequence[RiskIn] = ()
    decisions: Sequence[DecisionIn] = ()
    on_agenda: frozenset[str] = field(default_factory=frozenset)  # suggestion keys already linked


def _title(text: str, limit: int = 120) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def suggest(inputs: Inputs, *, today: dt.date) -> list[Suggestion]:
    """What the body's next meeting should consider, and why:

    - every exception escalated to the body that is still waiting to be considered;
    - decisions due to be reported back to the body by the meeting date (not done or superseded);
    - indicators in its remit that are red against their target or significantly worse than
      their benchmark;
    - open risks escalated to the body's layer;
    - strategy actions in its remit that are overdue today (due before today, not complete or
      cancelled).
    """
    out: list[Suggestion] = []

    def add(kind: Kind, pk: int, title: str, why: str) -> None:
        key = f"{kind}-{pk}"
        out.append(Suggestion(kind, pk, title, why, on_agenda=key in inputs.on_agenda))

    for e in inputs.escalations:
        frm = f" by {e.from_name}" if e.from_name else ""
        add(
            "escalation",
            e.pk,
            f"Escalated exception: {e.indicator_title}, {e.period}",
            f"Escalated to this body{frm} on {e.raised_on:%d %B %Y}: {e.variance}. {e.reason}".strip(),
        )
    for d in inputs.decisions:
        if d.status in CLOSED_DECISION_STATUSES or d.report_due is None or d.report_due > inputs.meeting_date:
            continue
        when = "was due" if d.report_due < today else "is due"
        at = f" (decided at {d.decided_at})" if d.decided_at else ""
        add(
            "decision",
            d.pk,
            f"Report back: {_title(d.text)}",
            f"A report back to this body {when} by {d.report_due:%d %B %Y}{at}.",
        )
    for i in inputs.indicators:
        reasons = []
        if i.rag == "red":
            reasons.append("red against its target")
        if i.significantly_worse:
            reasons.append("significantly worse than its benchmark")
        if not reasons:
            continue
        why = "It is " + " and ".join(reasons) + "."
        add("indicator", i.pk, f"Performance exception: {i.title}", f"{why} {i.explanation}".strip())
    for r in inputs.risks:
        if r.closed or not r.escalation_layer or r.escalation_layer != inputs.layer:
            continue
        add("risk", r.pk, f"Escalated risk: {r.title}", f"Escalated to this layer; score {r.score}.")
    for a in inputs.actions:
        if a.status in CLOSED_ACTION_STATUSES or a.due_date is None or a.due_date >= today:
            continue
        days = (today - a.due_date).days
        status = f"; reported {a.status_label.lower()}" if a.status_label else ""
        add(
            "action",
            a.pk,
            f"Overdue action: {a.title}",
            f"Due {a.due_date:%d %B %Y}, {days} day{'s' if days != 1 else ''} ago{status}.",
        )
    return sorted(out, key=lambda s: KIND_ORDER[s.kind])


def chosen(suggestions: Iterable[Suggestion], keys: Iterable[str]) -> list[Suggestion]:
    """The suggestions whose keys were ticked, in the suggestion's order (unknown keys ignored)."""
    wanted = set(keys)
    return [s for s in suggestions if s.key in wanted]
