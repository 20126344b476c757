"""Who may change what in the performance room: the shared/local rule, in one place.

A shared indicator (``partnership`` null) is a published definition that every partnership
sees; its values for real areas are shared reference data. No partnership role may change
either: site operators maintain them through the operators' admin and the management
command. A partnership's own (local) indicators, its use of any indicator (links to its
outcomes, owner, areas), its values and its comparator groups belong to it alone: other
partnerships never see them (the pages answer 404) and its editors and admins change them.

Views ask these functions and nowhere else re-derives the rule. Values follow their
indicator: which values a partnership sees is `selectors.visible_observations`, and values
are typed in only for its own indicators (`services.entry.is_editable`, by its editors). They take the
`PartnershipAccess` the view began with, so they can be tested without HTTP.
"""

from __future__ import annotations

from typing import Any

from joinedup.partnerships.access import PartnershipAccess


def _own(access: PartnershipAccess, obj: Any) -> bool:
    return obj is not None and obj.partnership_id is not None and obj.partnership_id == access.partnership.pk


def may_see_indicator(access: PartnershipAccess, indicator: Any) -> bool:
    """Shared indicators are seen by every partnership; a local one only by its own."""
    return indicator.partnership_id is None or _own(access, indicator)


def may_add_indicator(access: PartnershipAccess) -> bool:
    """Editors and admins add local indicators (shared ones come from operators)."""
    return access.may_edit


def may_edit_indicator(access: PartnershipAccess, indicator: Any) -> bool:
    """Only the owning partnership's editors change a local definition; nobody in any
    partnership changes a shared one, since every other partnership sees it."""
    return _own(access, indicator) and access.may_edit


def may_use_indicator(access: PartnershipAccess, indicator: Any) -> bool:
    """Any indicator the partnership may see can be linked to its outcomes, by its editors."""
    return may_see_indicator(access, indicator) and access.may_edit


def may_edit_link(access: PartnershipAccess, link: Any) -> bool:
    """A partnership's use of an indicator (outcomes, owner, areas) is its own to change."""
    return _own(access, link) and access.may_edit


def may_edit_comparator_group(access: PartnershipAccess, group: Any) -> bool:
    """Shared comparator groups are read-only; a partnership's own are its editors' to change."""
    return _own(access, group) and access.may_edit
