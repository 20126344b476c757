"""What each partnership role may do, as `rules` predicates over (user, partnership).

Every permission here is asked of a Partnership object. Rooms above add their own
scoped predicates (theme lead, clerk, coordinator) in their own rules.py.
"""

from __future__ import annotations

import rules

from joinedup.partnerships.roles import role_in


@rules.predicate
def is_admin(user, partnership) -> bool:
    return role_in(user, partnership) == "admin"


@rules.predicate
def is_editor(user, partnership) -> bool:
    return role_in(user, partnership) == "editor"


@rules.predicate
def is_member(user, partnership) -> bool:
    return role_in(user, partnership) == "member"


@rules.predicate
def is_scrutiny(user, partnership) -> bool:
    return role_in(user, partnership) == "scrutiny"


@rules.predicate
def is_viewer(user, partnership) -> bool:
    return role_in(user, partnership) == "viewer"


@rules.predicate
def has_support_access(user, partnership) -> bool:
    return role_in(user, partnership) == "support"


can_view = is_admin | is_editor | is_member | is_scrutiny | is_viewer | has_support_access

rules.add_perm("partnerships.view", can_view)
# Exempt business (e.g. Schedule 12A items) is for the partnership's own members, not
# scrutiny, viewers or support staff.
rules.add_perm("partnerships.view_exempt", is_admin | is_editor | is_member)
rules.add_perm("partnerships.edit", is_admin | is_editor)
rules.add_perm("partnerships.manage", is_admin)
rules.add_perm("partnerships.write_scrutiny", is_admin | is_scrutiny)
