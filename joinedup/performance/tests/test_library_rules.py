"""The rule the issue asks for: an editor in one partnership cannot change a definition or a
value that another partnership sees. Tested on `rules.py` without HTTP, then on the services
(which refuse whatever a view lets through), then through the pages."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from joinedup.accounts.models import User
from joinedup.core.models import AuditEntry
from joinedup.partnerships.access import PartnershipAccess
from joinedup.partnerships.tests.factories import AreaFactory, PartnershipFactory, user_with_role
from joinedup.performance import rules
from joinedup.performance.models import Indicator
from joinedup.performance.selectors import visible_observations
from joinedup.performance.services import comparators as comparator_services
from joinedup.performance.services import indicators as services
from joinedup.performance.services.entry import is_editable
from joinedup.performance.tests.factories_library import (
    ComparatorGroupFactory,
    LinkFactory,
    LocalIndicatorFactory,
    ObservationFactory,
    SharedIndicatorFactory,
)

pytestmark = pytest.mark.django_db


def _access(partnership, role):
    user = user_with_role(partnership, role)
    return PartnershipAccess(partnership=partnership, user=user, role=role)


@pytest.fixture
def ours():
    return PartnershipFactory(slug="ours")


@pytest.fixture
def theirs():
    return PartnershipFactory(slug="theirs")


@pytest.mark.parametrize("role", ["viewer", "member", "scrutiny", "editor", "admin"])
def test_no_partnership_role_may_edit_a_shared_definition_or_shared_value(ours, role):
    access = _access(ours, role)
    shared = SharedIndicatorFactory()
    value = ObservationFactory(indicator=shared, partnership=None)
    assert rules.may_see_indicator(access, shared)
    assert not rules.may_edit_indicator(access, shared)
    assert value in visible_observations(ours, shared)
    assert not is_editable(ours, shared)
    assert not rules.may_edit_comparator_group(access, ComparatorGroupFactory(partnership=None))


@pytest.mark.parametrize("role", ["viewer", "member", "scrutiny", "editor", "admin"])
def test_another_partnerships_local_indicator_links_values_and_groups_are_invisible_and_unchangeable(
    ours, theirs, role
):
    access = _access(ours, role)
    local = LocalIndicatorFactory(partnership=theirs)
    link = LinkFactory(partnership=theirs, indicator=SharedIndicatorFactory())
    value = ObservationFactory(indicator=local, partnership=theirs)
    group = ComparatorGroupFactory(partnership=theirs)
    assert not rules.may_see_indicator(access, local)
    assert not rules.may_edit_indicator(access, local)
    assert not rules.may_use_indicator(access, local)
    assert not rules.may_edit_link(access, link)
    assert value not in visible_observations(ours, local)
    assert not is_editable(ours, local)
    assert not rules.may_edit_comparator_group(access, group)


@pytest.mark.parametrize(
    ("role", "may"), [("viewer", False), ("member", False), ("editor", True), ("admin", True)]
)
def test_only_editors_and_admins_change_their_own_partnerships_indicators_links_values_and_groups(
    ours, role, may
):
    access = _access(ours, role)
    local = LocalIndicatorFactory(partnership=ours)
    link = LinkFactory(partnership=ours, indicator=local)
    value = ObservationFactory(indicator=local, partnership=ours)
    assert rules.may_see_indicator(access, local)
    assert rules.may_edit_indicator(access, local) is may
    assert rules.may_add_indicator(access) is may
    assert rules.may_use_indicator(access, SharedIndicatorFactory()) is may
    assert rules.may_edit_link(access, link) is may
    assert value in visible_observations(ours, local)
    assert (is_editable(ours, local) and access.may_edit) is may
    assert rules.may_edit_comparator_group(access, ComparatorGroupFactory(partnership=ours)) is may


def test_the_services_refuse_to_change_a_shared_definition_or_another_partnerships_records(ours, theirs):
    editor = user_with_role(ours, "editor")
    shared = SharedIndicatorFactory(title="Published title")
    with pytest.raises(PermissionDenied):
        services.update_local_indicator(
            partnership=ours, indicator=shared, user=editor, expected_version=1, fields={"title": "Ours now"}
        )
    theirs_local = LocalIndicatorFactory(partnership=theirs, title="Their title")
    with pytest.raises(PermissionDenied):
        services.update_local_indicator(
            partnership=ours,
            indicator=theirs_local,
            user=editor,
            expected_version=1,
            fields={"title": "Ours"},
        )
    with pytest.raises(PermissionDenied):
        services.use_indicator(partnership=ours, indicator=theirs_local, user=editor)
    their_link = LinkFactory(partnership=theirs, indicator=shared)
    with pytest.raises(PermissionDenied):
        services.stop_using(partnership=ours, link=their_link, user=editor)
    their_group = ComparatorGroupFactory(partnership=theirs)
    with pytest.raises(PermissionDenied):
        comparator_services.delete_group(partnership=ours, group=their_group, user=editor)
    with pytest.raises(PermissionDenied):
        comparator_services.update_group(
            partnership=ours,
            group=ComparatorGroupFactory(partnership=None),
            user=editor,
            expected_version=1,
            fields={"name": "Ours"},
            members=[(AreaFactory(), None)],
        )
    assert Indicator.objects.get(pk=shared.pk).title == "Published title"
    assert Indicator.objects.get(pk=theirs_local.pk).title == "Their title"


def test_an_admin_posting_to_a_shared_definition_is_refused_and_nothing_changes(client, ours):
    admin = user_with_role(ours, "admin")
    shared = SharedIndicatorFactory(title="Published title")
    client.force_login(admin)
    page = client.get(reverse("performance:indicator", kwargs={"slug": ours.slug, "indicator_id": shared.pk}))
    assert page.status_code == 200
    edit_url = reverse("performance:indicator_edit", kwargs={"slug": ours.slug, "indicator_id": shared.pk})
    assert edit_url not in page.content.decode()
    response = client.post(
        edit_url,
        {
            "code": shared.code,
            "title": "Ours now",
            "unit": "number",
            "polarity": "none",
            "value_type": "other",
            "frequency": "annual",
            "decimal_places": 1,
            "version": shared.version,
        },
    )
    assert response.status_code == 403
    assert Indicator.objects.get(pk=shared.pk).title == "Published title"


def test_another_partnerships_local_indicator_is_not_found_not_forbidden(client, ours, theirs):
    admin = user_with_role(ours, "admin")
    theirs_local = LocalIndicatorFactory(partnership=theirs)
    client.force_login(admin)
    for name in ("performance:indicator", "performance:indicator_edit", "performance:indicator_export"):
        url = reverse(name, kwargs={"slug": ours.slug, "indicator_id": theirs_local.pk})
        assert client.get(url).status_code == 404, name
    library = client.get(reverse("performance:indicators", kwargs={"slug": ours.slug}))
    assert theirs_local.title not in library.content.decode()


def test_operators_maintain_shared_definitions_in_the_admin_which_lists_no_local_ones_and_audits(client):
    operator = User.objects.create_user(
        email="op@example.org", password=None, is_staff=True, is_superuser=True
    )
    shared = SharedIndicatorFactory(code="93356", title="Campylobacter")
    local = LocalIndicatorFactory(title="A partnership's own")
    client.force_login(operator)
    listing = client.get(reverse("admin:performance_indicator_changelist")).content.decode()
    assert "Campylobacter" in listing and "A partnership&#x27;s own" not in listing
    assert client.get(reverse("admin:performance_indicator_change", args=[local.pk])).status_code == 302
    form = {
        "code": "93356",
        "title": "Campylobacter infection",
        "definition": "",
        "rationale": "",
        "numerator_label": "",
        "denominator_label": "",
        "unit": "rate_100000",
        "decimal_places": 1,
        "polarity": "lower",
        "value_type": "crude_rate",
        "frequency": "annual",
        "source": "",
        "source_url": "",
        "data_quality": "",
        "geography_type": "",
    }
    response = client.post(reverse("admin:performance_indicator_change", args=[shared.pk]), form)
    assert response.status_code == 302
    shared.refresh_from_db()
    assert (shared.title, shared.partnership_id, shared.version) == ("Campylobacter infection", None, 2)
    entry = AuditEntry.objects.get(action="performance.indicator.updated")
    assert entry.partnership_id is None
    assert (entry.after["title"], entry.after["value_type"]) == ("Campylobacter infection", "crude_rate")
