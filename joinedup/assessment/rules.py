"""Who may do what in the assessment room.

- Every role in the partnership reads results of closed rounds and published papers
  (`partnerships.view`); respondents answer through their personal link, no account needed.
- Coordinators (partnership admins, and users an admin names as coordinator) open and run
  rounds, record consensus answers, adapt frameworks, set thresholds and targets, create
  improvement actions and write and publish the review paper.
- Draft papers and the results of a round still open are for coordinators only: members
  must not be swayed while answering.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied


def is_coordinator(access: Any) -> bool:
    """Partnership admins, and users named coordinator for the partnership."""
    if access.may_manage:
        return True
    user_id = getattr(access.user, "pk", None)
    if user_id is None:
        return False
    return access.partnership.assessment_coordinators.filter(user_id=user_id).exists()


def require_coordinator(access: Any) -> None:
    if not is_coordinator(access):
        raise PermissionDenied


def may_manage_coordinators(access: Any) -> bool:
    """Only admins name or remove coordinators."""
    return bool(access.may_manage)


# --- results ---
def may_see_results(access: Any, round_: Any) -> bool:
    """Coordinators always; every role in the partnership once the round is closed."""
    return bool(round_.is_closed) or is_coordinator(access)


def require_results(access: Any, round_: Any) -> None:
    if not may_see_results(access, round_):
        raise PermissionDenied


# --- end results ---


# --- fixnav ---
class _KnownRole:
    """Stands in for a PartnershipAccess whose coordinator check is already made, so a list of
    rounds applies the same rules as each page without a query per round."""

    def __init__(self, access: Any, coordinator: bool) -> None:
        self.partnership = access.partnership
        self.user = None
        self.may_manage = coordinator


def may_see_results_of(access: Any, round_: Any, *, coordinator: bool) -> bool:
    """may_see_results with is_coordinator(access) already known (for links on lists)."""
    return may_see_results(_KnownRole(access, coordinator), round_)


def may_read_paper(*, coordinator: bool, round_closed: bool, paper_status: str | None) -> bool:
    """Where a link to the review paper leads somewhere: coordinators once the round is closed
    (the paper is generated from a closed round) or a paper exists; every other role only once
    the paper is published."""
    if coordinator:
        return round_closed or paper_status is not None
    return paper_status == "published"


# --- end fixnav ---
