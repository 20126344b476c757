"""Reads for the room's navigation: which rounds have a review paper and in what state, so the
rounds list, the round page and the results pages link to the paper only where the reader may
open it (assessment.rules.may_read_paper). Each function runs one query."""

from __future__ import annotations

from joinedup.assessment.models import Round
from joinedup.partnerships.models import Partnership


def paper_statuses(partnership: Partnership) -> dict[int, str]:
    """Round id to its paper's status, for every round of the partnership that has a paper."""
    return dict(partnership.review_papers.values_list("round_id", "status"))


def paper_status(partnership: Partnership, round_: Round) -> str | None:
    """The round's paper status, or None when no paper has been generated."""
    return partnership.review_papers.filter(round_id=round_.pk).values_list("status", flat=True).first()
