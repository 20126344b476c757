"""A partnership's self-assessment settings, with the defaults when nothing is stored: the
smallest group shown, the maturity rule override, the target maturity per element and the
named coordinators. The results and paper parts read them through `settings_for`."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from joinedup.assessment import analysis
from joinedup.assessment.models import AssessmentSettings, Coordinator, MaturityLevel
from joinedup.partnerships.models import Partnership

MIN_GROUP_FLOOR = 2


@dataclass(frozen=True)
class Settings:
    min_group_size: int
    maturity_rule: analysis.MaturityRule  # the override, or the default rule when none
    maturity_rule_overridden: bool
    targets: Mapping[str, str]  # element key -> maturity level ("networking"...)
    version: int = 0  # of the stored AssessmentSettings row (0: none yet)
    target_versions: Mapping[str, int] = field(default_factory=dict)

    def rule_for(self, version_rule: Mapping | None) -> analysis.MaturityRule:
        """The rule a round's results use: the partnership's override if it has one, else the
        framework version's own rule."""
        if self.maturity_rule_overridden:
            return self.maturity_rule
        return analysis.MaturityRule.from_data(version_rule)

    def target_label(self, element_key: str) -> str:
        level = self.targets.get(element_key)
        return str(dict(MaturityLevel.choices).get(level, "No target set")) if level else "No target set"


def settings_for(partnership: Partnership) -> Settings:
    """Two queries."""
    try:
        row: AssessmentSettings | None = partnership.assessment_settings
    except AssessmentSettings.DoesNotExist:
        row = None
    targets = {t.element_key: t for t in partnership.maturity_targets.all()}
    rule_data = row.maturity_rule if row is not None else {}
    return Settings(
        min_group_size=row.min_group_size if row is not None else analysis.DEFAULT_MIN_GROUP,
        maturity_rule=analysis.MaturityRule.from_data(rule_data),
        maturity_rule_overridden=bool(rule_data),
        targets={k: t.level for k, t in targets.items()},
        version=row.version if row is not None else 0,
        target_versions={k: t.version for k, t in targets.items()},
    )


def coordinators_of(partnership: Partnership) -> list[Coordinator]:
    return list(partnership.assessment_coordinators.select_related("user").order_by("user__email"))


def coordinator_in(partnership: Partnership, coordinator_id: int) -> Coordinator:
    return partnership.assessment_coordinators.select_related("user").get(pk=coordinator_id)


def coordinator_choices(partnership: Partnership) -> list[tuple[int, str]]:
    """Users with an active role in the partnership who are not admins (admins coordinate
    already) and not yet named coordinator."""
    named = set(partnership.assessment_coordinators.values_list("user_id", flat=True))
    rows = (
        partnership.roles.filter(is_active=True)
        .exclude(role="admin")
        .select_related("user")
        .order_by("user__email")
    )
    return [
        (r.user_id, f"{r.user.email} ({r.get_role_display().lower()})")
        for r in rows
        if r.user_id not in named
    ]
