"""Self-assessment settings: defaults when nothing is stored, the smallest group shown (at
least 2), the maturity rule override validated by analysis.MaturityRule, target maturity per
element, coordinators named by admins only; conflict-safe and audited."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from joinedup.assessment import analysis
from joinedup.assessment.models import AssessmentSettings, Coordinator, MaturityTarget
from joinedup.assessment.selectors_settings import settings_for
from joinedup.assessment.services import settings as services
from joinedup.core.audit import partnership_entries
from joinedup.core.conflicts import EditConflict
from joinedup.partnerships.tests.factories import PartnershipFactory, user_with_role

pytestmark = pytest.mark.django_db


@pytest.fixture
def partnership():
    return PartnershipFactory()


@pytest.fixture
def coordinator(partnership):
    user = user_with_role(partnership, "viewer")
    Coordinator.objects.create(partnership=partnership, user=user)
    return user


def _url(name, partnership, **kwargs):
    return reverse(f"assessment:{name}", kwargs={"slug": partnership.slug, **kwargs})


def test_settings_default_to_groups_of_five_the_frameworks_rule_and_no_targets(partnership):
    current = settings_for(partnership)
    assert current.min_group_size == 5 and not current.maturity_rule_overridden and current.targets == {}
    assert current.rule_for({"bounds": [0.4, 0.9, 1.4], "cap_level": "coordination"}).bounds == (
        0.4,
        0.9,
        1.4,
    )


def test_settings_for_runs_two_queries(partnership, django_assert_num_queries):
    with django_assert_num_queries(2):
        settings_for(partnership)


def test_the_smallest_group_shown_is_at_least_two(partnership, coordinator):
    with pytest.raises(ValidationError):
        services.update_settings(
            partnership=partnership,
            min_group_size=1,
            maturity_rule=None,
            user=coordinator,
            expected_version=0,
        )


def test_a_maturity_rule_override_must_have_rising_bounds(partnership, coordinator):
    with pytest.raises(ValidationError):
        services.update_settings(
            partnership=partnership,
            min_group_size=5,
            maturity_rule={"bounds": [1.0, 0.5, 1.5], "cap_level": "cooperation"},
            user=coordinator,
            expected_version=0,
        )


def test_a_coordinator_changes_the_smallest_group_and_the_rule_and_it_is_audited(
    client, partnership, coordinator
):
    client.force_login(coordinator)
    response = client.post(
        _url("settings_edit", partnership),
        {
            "min_group_size": 3,
            "rule": "own",
            "networking_below": 0.4,
            "coordination_below": 0.8,
            "cooperation_below": 1.6,
            "cap_level": "coordination",
            "version": 0,
        },
    )
    assert response.status_code == 302
    current = settings_for(partnership)
    assert current.min_group_size == 3
    assert current.maturity_rule == analysis.MaturityRule((0.4, 0.8, 1.6), "coordination")
    assert current.rule_for({}) == current.maturity_rule  # the override wins over the version's rule
    assert partnership_entries(partnership.pk).filter(action="assessment.settings.updated").count() == 1


def test_the_settings_form_refuses_a_group_of_one(client, partnership, coordinator):
    client.force_login(coordinator)
    response = client.post(
        _url("settings_edit", partnership), {"min_group_size": 1, "rule": "default", "version": 0}
    )
    assert response.status_code == 200
    assert "Enter a smallest group of 2 or more respondents" in response.content.decode()
    assert not AssessmentSettings.objects.exists()


def test_a_stale_settings_form_raises_a_conflict(partnership, coordinator):
    row = services.update_settings(
        partnership=partnership, min_group_size=6, maturity_rule=None, user=coordinator, expected_version=0
    )
    services.update_settings(
        partnership=partnership,
        min_group_size=7,
        maturity_rule=None,
        user=coordinator,
        expected_version=row.version,
    )
    with pytest.raises(EditConflict):
        services.update_settings(
            partnership=partnership,
            min_group_size=8,
            maturity_rule=None,
            user=coordinator,
            expected_version=row.version,
        )
    assert settings_for(partnership).min_group_size == 7


def test_only_coordinators_open_the_settings(client, partnership, coordinator):
    client.force_login(user_with_role(partnership, "editor"))
    assert client.get(_url("settings", partnership)).status_code == 403
    assert client.post(_url("targets_edit", partnership), {"scs": "collaboration"}).status_code == 403
    client.force_login(coordinator)
    assert client.get(_url("settings", partnership)).status_code == 200


def test_a_coordinator_sets_and_removes_target_maturity(client, partnership, coordinator):
    client.force_login(coordinator)
    response = client.post(
        _url("targets_edit", partnership), {"scs": "collaboration", "style": "cooperation"}
    )
    assert response.status_code == 302
    assert settings_for(partnership).targets == {"scs": "collaboration", "style": "cooperation"}
    versions = settings_for(partnership).target_versions
    client.post(
        _url("targets_edit", partnership),
        {
            "scs": "",
            "style": "cooperation",
            "version_scs": versions["scs"],
            "version_style": versions["style"],
        },
    )
    assert settings_for(partnership).targets == {"style": "cooperation"}
    assert partnership_entries(partnership.pk).filter(action="assessment.targets.updated").count() == 2


def test_a_stale_targets_form_shows_both_versions_and_saves_nothing(client, partnership, coordinator):
    services.set_targets(
        partnership=partnership, targets={"scs": "cooperation"}, expected_versions={}, user=coordinator
    )
    client.force_login(coordinator)
    response = client.post(_url("targets_edit", partnership), {"scs": "networking", "version_scs": 0})
    assert response.status_code == 409
    assert MaturityTarget.objects.get().level == "cooperation"


def test_only_admins_name_coordinators(client, partnership, coordinator):
    member = user_with_role(partnership, "member")
    client.force_login(coordinator)
    assert client.post(_url("coordinators", partnership), {"user": member.pk}).status_code == 403
    client.force_login(user_with_role(partnership, "admin"))
    assert client.post(_url("coordinators", partnership), {"user": member.pk}).status_code == 302
    assert Coordinator.objects.filter(partnership=partnership, user=member).exists()
    assert partnership_entries(partnership.pk).filter(action="assessment.coordinator.added").count() == 1


def test_an_admin_cannot_name_someone_outside_the_partnership(partnership):
    outsider = user_with_role(PartnershipFactory(), "viewer")
    admin = user_with_role(partnership, "admin")
    with pytest.raises(ValidationError):
        services.add_coordinator(partnership=partnership, user_id=outsider.pk, by=admin)


def test_an_admin_removes_a_coordinator_who_then_loses_the_settings(client, partnership, coordinator):
    row = Coordinator.objects.get(user=coordinator)
    client.force_login(user_with_role(partnership, "admin"))
    assert client.post(_url("coordinator_remove", partnership, coordinator_id=row.pk)).status_code == 302
    assert partnership_entries(partnership.pk).filter(action="assessment.coordinator.removed").count() == 1
    client.force_login(coordinator)
    assert client.get(_url("settings", partnership)).status_code == 403
