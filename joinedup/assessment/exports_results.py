"""The XLSX export of a round's results, through core.exports. Suppression applies here as on
screen: a hidden group's figures are written as the word "Hidden", never as a number."""

from __future__ import annotations

from collections.abc import Sequence

from joinedup.assessment.selectors_evidence import MetricEvidence
from joinedup.assessment.selectors_results import (
    CHOICE_LABELS,
    JUDGEMENT_WORDS,
    LEVEL_LABELS,
    RoundResults,
)
from joinedup.core.exports import Column, Sheet, write_workbook

HIDDEN = "Hidden"


def _mean(value: float | None) -> float | None:
    return None if value is None else round(value, 2)


def _words(judgement: str | None) -> str:
    return JUDGEMENT_WORDS.get(judgement, JUDGEMENT_WORDS[None])


NO_EVIDENCE = "No evidence recorded"


def _evidence_words(evidence: Sequence[MetricEvidence], judgement: str | None) -> str:
    """The words the pages use: "No evidence recorded" when no metric informs the item or every
    metric that does has no data; otherwise the evidence judgement in words."""
    if not evidence or all(ev.no_evidence for ev in evidence):
        return NO_EVIDENCE
    return _words(judgement)


def results_workbook(results: RoundResults) -> bytes:
    elements = Sheet(
        "Elements",
        [
            Column("Element"),
            Column("Kind"),
            Column("Mean score (0 to 2)", "decimal", places=2),
            Column("Perceived"),
            Column("Evidence"),
            Column("Contradiction"),
            Column("Maturity"),
            Column("Target maturity"),
            Column("Previous mean", "decimal", places=2),
            Column("Change", "decimal", places=2),
        ],
        [
            (
                e.title,
                e.kind_label,
                _mean(e.mean),
                _words(e.perceived),
                _evidence_words(e.evidence, e.evidence_judgement),
                "Yes" if e.contradiction else "No",
                LEVEL_LABELS.get(e.maturity or "", "Not enough answers"),
                LEVEL_LABELS.get(e.target_maturity or "", "No target set"),
                _mean(e.previous_mean),
                _mean(e.change),
            )
            for e in results.elements
        ],
    )
    questions = Sheet(
        "Questions",
        [
            Column("Question"),
            Column("Element"),
            Column("Text"),
            *(
                Column(str(CHOICE_LABELS[c]), "integer")
                for c in ("in_place", "partly", "not_in_place", "dont_know")
            ),
            Column("Scoring answers", "integer"),
            Column("Mean score (0 to 2)", "decimal", places=2),
            Column("Spread", "decimal", places=2),
            Column("Respondents disagree"),
            Column("Perceived"),
            Column("Evidence"),
            Column("Contradiction"),
            Column("Consensus answer"),
            Column("Previous mean", "decimal", places=2),
            Column("Change", "decimal", places=2),
            Column("Improvement actions raised", "integer"),
        ],
        [
            (
                q.key,
                q.element_key,
                q.text,
                # Too few answers (or the round withheld): blank, never a count.
                *(
                    None if q.too_few else q.score.distribution.get(c, 0)
                    for c in ("in_place", "partly", "not_in_place", "dont_know")
                ),
                None if q.too_few else q.score.answered,
                _mean(q.mean),
                _mean(q.score.spread),
                "Yes" if q.disagree else "No",
                (results.withheld or results.too_few_message) if q.too_few else _words(q.perceived),
                _evidence_words(q.evidence, q.evidence_judgement),
                "Yes" if q.contradiction else "No",
                str(CHOICE_LABELS.get(q.consensus_choice or "", "None recorded")),
                _mean(q.previous_mean),
                _mean(q.change),
                len(q.actions),
            )
            for q in results.questions
        ],
    )

    def groups_sheet(title: str, attr: str) -> Sheet:
        rows = []
        for q in results.questions:
            for g in getattr(q, attr):
                rows.append(
                    (q.key, g.label, HIDDEN if g.hidden else "Shown", None if g.hidden else _mean(g.mean))
                )
        return Sheet(
            title,
            [
                Column("Question"),
                Column("Group"),
                Column("Shown"),
                Column("Mean score (0 to 2)", "decimal", places=2),
            ],
            rows,
        )

    respondents = Sheet(
        "Respondents",
        [Column("Breakdown"), Column("Group"), Column("Shown"), Column("Respondents", "integer")],
        [("Sector", g.label, HIDDEN if g.hidden else "Shown", g.count) for g in results.sectors]
        + [("Layer", g.label, HIDDEN if g.hidden else "Shown", g.count) for g in results.layers]
        + [("All", "All respondents", "Shown", results.respondents)],
    )
    consensus = Sheet(
        "Members vs consensus",
        [
            Column("Question"),
            Column("Members answering in place", "percent", places=0),
            Column("Members' mean (0 to 2)", "decimal", places=2),
            Column("Consensus answer"),
            Column("Consensus minus members", "decimal", places=2),
        ],
        [
            (
                q.key,
                None
                if q.members_vs_consensus.members.value is None
                else q.members_vs_consensus.members.value * 100,
                _mean(q.mean),
                str(CHOICE_LABELS.get(q.consensus_choice or "", "None recorded")),
                _mean(q.members_vs_consensus.gap),
            )
            for q in results.questions
        ],
    )
    actions = Sheet(
        "Improvement actions",
        [
            Column("Question"),
            Column("Raised in"),
            Column("Action"),
            Column("Why"),
            Column("Owner"),
            Column("Due", "date"),
            Column("Status"),
        ],
        [
            (
                a.question_key,
                "This round" if a in q.actions else "Previous round",
                a.title,
                a.reason_label,
                a.owner,
                a.due_date,
                a.status_label,
            )
            for q in results.questions
            for a in (*q.actions, *q.previous_actions)
        ],
    )
    rules = Sheet(
        "How computed",
        [Column("Rule"), Column("Value")],
        [
            (
                "Scoring",
                "In place {in_place}, partly in place {partly}, not in place {not_in_place}; "
                "don't know is left out".format(**results.rules["points"]),
            ),
            ("Smallest group shown", results.min_group_size),
            ("Maturity bounds", ", ".join(f"{b:g}" for b in results.maturity_rule.bounds)),
            ("Maturity cap while a question is red", LEVEL_LABELS[results.maturity_rule.cap_level]),
            ("Respondents", results.respondents),
            (
                "Answers shown",
                results.withheld
                or f"Only for questions with at least {results.min_group_size} answers; "
                "an anonymous round's only once it has closed",
            ),
        ],
    )
    return write_workbook(
        [
            elements,
            questions,
            respondents,
            groups_sheet("By sector", "by_sector"),
            groups_sheet("By layer", "by_layer"),
            consensus,
            actions,
            rules,
        ]
    )
