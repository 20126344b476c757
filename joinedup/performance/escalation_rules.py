"""Which bodies are "higher" than another, who may escalate, and how a variance reads.

Pure rules over plain values (tested in tests/test_insight_rules.py):

- A body's higher bodies are the bodies it reports to (its `parent`, that body's parent, and
  so on: the chain is followed until it ends or loops) and every body of a more senior layer
  (strategic above executive above thematic/operational). A body is never higher than itself.
- Without a "from" body (an indicator owner escalating in their own name) every strategic and
  executive body is higher.
- Strategic and executive bodies see the exception view; thematic (operational) groups see
  full detail.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

LAYER_RANK = {"strategic": 0, "executive": 1, "thematic": 2}
EXCEPTION_LAYERS = ("strategic", "executive")


@dataclass(frozen=True)
class BodyFact:
    pk: int
    layer: str
    parent_id: int | None = None


def ancestors(body: BodyFact, bodies: Iterable[BodyFact]) -> list[int]:
    """The ids of the bodies `body` reports to, nearest first (a loop in the chain stops it)."""
    by_id = {b.pk: b for b in bodies}
    chain: list[int] = []
    parent = body.parent_id
    while parent is not None and parent not in chain and parent != body.pk:
        chain.append(parent)
        nxt = by_id.get(parent)
        parent = nxt.parent_id if nxt is not None else None
    return chain


def is_higher(candidate: BodyFact, than: BodyFact | None, bodies: Iterable[BodyFact]) -> bool:
    if than is None:
        return candidate.layer in EXCEPTION_LAYERS
    if candidate.pk == than.pk:
        return False
    if candidate.pk in ancestors(than, bodies):
        return True
    return LAYER_RANK.get(candidate.layer, 99) < LAYER_RANK.get(than.layer, 99)


def higher_bodies(than: BodyFact | None, bodies: Sequence[BodyFact]) -> list[int]:
    """The ids of the bodies an exception may be escalated to from `than`, in input order."""
    return [b.pk for b in bodies if is_higher(b, than, bodies)]


def shows_exceptions_only(layer: str) -> bool:
    """Strategic and executive layers see only exceptions; operational groups see full detail."""
    return layer in EXCEPTION_LAYERS


def variance_words(
    value: float | None,
    target: float | None,
    places: int = 1,
    benchmark: tuple[str, float | None] | None = None,
) -> str:
    """The variance as words: "12.4 above the target of 80.0", or against the benchmark when
    there is no target, or "" when neither can be said."""

    def num(x: float) -> str:
        return f"{x:,.{places}f}"

    if value is not None and target is not None:
        diff = round(value - target, places)
        if diff == 0:
            return f"{num(value)}, equal to the target of {num(target)}"
        side = "above" if diff > 0 else "below"
        return f"{num(value)}: {num(abs(diff))} {side} the target of {num(target)}"
    bench = benchmark[1] if benchmark is not None else None
    if value is not None and benchmark is not None and bench is not None:
        name = benchmark[0]
        diff = round(value - bench, places)
        side = "above" if diff > 0 else "below" if diff < 0 else "equal to"
        amount = f"{num(abs(diff))} " if diff else ""
        return f"{num(value)}: {amount}{side} {name} ({num(bench)})"
    if value is not None:
        return f"{num(value)} (no target or benchmark to compare with)"
    return ""
