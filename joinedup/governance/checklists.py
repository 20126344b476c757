"""The checklists a governing document is read against, as data.

`elements`: what a governing document (constitution, terms of reference) should cover.
`partnership_2005`: the 2005 eight-part partnership checklist (Audit Commission, "Governing
partnerships: bridging the accountability gap", 2005).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Element:
    key: str
    label: str
    hint: str


@dataclass(frozen=True)
class Checklist:
    key: str
    title: str
    elements: tuple[Element, ...]


ELEMENTS = Checklist(
    "elements",
    "What a governing document should cover",
    (
        Element("aims", "Aims", "What the partnership or body is for"),
        Element("membership", "Membership", "Who the members are, how they are appointed and for how long"),
        Element("delegation", "Delegation", "What it may decide, and what it refers to partners' own bodies"),
        Element("quorum", "Quorum", "How many members, and from which sectors, make a meeting quorate"),
        Element("voting", "Voting", "Who votes and how decisions are taken"),
        Element("conflicts", "Conflicts of interest", "How interests are registered and declared"),
        Element("amendment", "Amendment", "How the document itself is changed"),
        Element("exit", "Exit", "How a partner leaves, or the partnership ends"),
    ),
)

PARTNERSHIP_2005 = Checklist(
    "partnership_2005",
    "The 2005 partnership checklist",
    (
        Element("rationale", "Rationale", "Why the partnership exists and what it is to achieve"),
        Element("added_value", "Added value", "What working together adds over partners working alone"),
        Element("governance", "Governance", "Who is accountable for what, and how decisions are made"),
        Element("performance", "Performance management", "How progress is measured and reported"),
        Element("finance", "Financial management", "How money is pooled, controlled and accounted for"),
        Element("risk", "Risk management", "How shared risks are identified and managed"),
        Element("termination", "Termination", "How and when the partnership ends"),
        Element("public", "Serving the public", "How the public are informed, consulted and served"),
    ),
)

CHECKLISTS: dict[str, Checklist] = {c.key: c for c in (ELEMENTS, PARTNERSHIP_2005)}


@dataclass(frozen=True)
class Row:
    element: Element
    clause: str

    @property
    def missing(self) -> bool:
        return not self.clause.strip()


def rows(checklist: Checklist, answers: dict[str, str]) -> list[Row]:
    """Every element of the checklist with the clause that covers it ("" is missing)."""
    return [Row(e, answers.get(e.key, "")) for e in checklist.elements]


def missing(checklist: Checklist, answers: dict[str, str]) -> list[Element]:
    return [r.element for r in rows(checklist, answers) if r.missing]
