"""Who may edit what in the strategy room: theme leads are a scoped responsibility.

Editors and admins of the partnership edit every theme; a theme lead (a user named on
`Priority.theme_leads`) edits their own themes and the outcomes, objectives and evidence
under them, whatever their partnership role; everyone else in the partnership reads.
Other parts of the room ask through the helpers (`may_edit_priority`, `may_edit_outcome`,
`may_edit_programme`) rather than re-deriving the rule. Views check partnership access
first (`partnership_access`), so an outsider never reaches these predicates.
"""

from __future__ import annotations

from typing import Any

import rules

from joinedup.partnerships.roles import role_in

# --- strategy-core: theme leads ---------------------------------------------------------------


def _edits_everything(user: Any, partnership: Any) -> bool:
    return role_in(user, partnership) in ("admin", "editor")


def _has_role(user: Any, partnership: Any) -> bool:
    return role_in(user, partnership) is not None


@rules.predicate
def is_partnership_editor(user: Any, obj: Any) -> bool:
    return obj is not None and _edits_everything(user, obj.partnership)


@rules.predicate
def leads_priority(user: Any, priority: Any) -> bool:
    if priority is None or not getattr(user, "is_authenticated", False):
        return False
    # A lead who has lost their place in the partnership loses the theme too.
    if not _has_role(user, priority.partnership):
        return False
    return priority.theme_leads.filter(pk=user.pk).exists()


@rules.predicate
def leads_outcome_priority(user: Any, outcome: Any) -> bool:
    return outcome is not None and leads_priority(user, outcome.priority)


@rules.predicate
def leads_a_programme_priority(user: Any, programme: Any) -> bool:
    """A theme lead edits a programme linked to at least one outcome of a theme they lead."""
    if programme is None or not getattr(user, "is_authenticated", False) or programme.pk is None:
        return False
    if not _has_role(user, programme.partnership):
        return False
    return programme.outcomes.filter(priority__theme_leads=user).exists()


rules.add_perm("strategy.edit_priority", is_partnership_editor | leads_priority)
rules.add_perm("strategy.edit_outcome", is_partnership_editor | leads_outcome_priority)
rules.add_perm("strategy.edit_programme", is_partnership_editor | leads_a_programme_priority)


def may_edit_priority(user: Any, priority: Any) -> bool:
    """Whether `user` may change this theme, its outcomes, objectives and evidence."""
    return bool(user.has_perm("strategy.edit_priority", priority))


def may_edit_outcome(user: Any, outcome: Any) -> bool:
    """Whether `user` may change this outcome (the rule of its theme)."""
    return bool(user.has_perm("strategy.edit_outcome", outcome))


def may_edit_programme(user: Any, programme: Any) -> bool:
    """Whether `user` may change this programme: editors and admins, or a lead of a theme
    one of the programme's outcomes belongs to."""
    return bool(user.has_perm("strategy.edit_programme", programme))


def led_priority_ids(user: Any, partnership: Any) -> set[int]:
    """The ids of this partnership's themes `user` leads, in one query (for pages that
    show an edit link beside many themes)."""
    if not getattr(user, "is_authenticated", False) or not _has_role(user, partnership):
        return set()
    return set(partnership.priorities.filter(theme_leads=user).values_list("pk", flat=True))


def leads_any_priority(user: Any, partnership: Any) -> bool:
    return bool(led_priority_ids(user, partnership))


def may_edit_risk(user: Any, risk: Any) -> bool:
    """Editors and admins; or the lead of the theme the risk's outcome or programme serves."""
    if risk.outcome_id is not None and may_edit_outcome(user, risk.outcome):
        return True
    if risk.programme_id is not None and may_edit_programme(user, risk.programme):
        return True
    return _edits_everything(user, risk.partnership)


def restricted_priority_ids(user: Any, partnership: Any) -> set[int] | None:
    """None for editors and admins (every theme is theirs); otherwise the themes `user`
    leads, to which the outcome and programme choices of their forms are limited."""
    if _edits_everything(user, partnership):
        return None
    return led_priority_ids(user, partnership)


def may_place_risk(user: Any, risk: Any, *, outcome: Any, programme: Any) -> bool:
    """After an edit, a theme lead's risk must still be to a theme they lead: each outcome or
    programme it is to is theirs or unchanged, and at least one is theirs. Editors: always."""
    led = restricted_priority_ids(user, risk.partnership)
    if led is None:
        return True
    outcome_is_led = outcome is not None and outcome.priority_id in led
    programme_is_led = programme is not None and programme.outcomes.filter(priority_id__in=led).exists()
    outcome_ok = outcome is None or outcome_is_led or outcome.pk == risk.outcome_id
    programme_ok = programme is None or programme_is_led or programme.pk == risk.programme_id
    return outcome_ok and programme_ok and (outcome_is_led or programme_is_led)


def may_link_outcomes(user: Any, programme: Any, outcomes: Any) -> bool:
    """After an edit, a theme lead's programme must still serve a theme they lead, and they
    may add only outcomes of their themes. Editors: always."""
    led = restricted_priority_ids(user, programme.partnership)
    if led is None:
        return True
    current = set(programme.outcomes.values_list("pk", flat=True))
    outcomes = list(outcomes)
    if any(o.pk not in current and o.priority_id not in led for o in outcomes):
        return False
    return any(o.priority_id in led for o in outcomes)


# --- end strategy-core ------------------------------------------------------------------------
