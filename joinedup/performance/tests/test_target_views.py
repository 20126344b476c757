"""The targets and commentary pages: proposing, the trajectory form, deciding, settings,
history tables, commentary with conflicts, and the indicator page's panels."""

from __future__ import annotations

import pytest
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.urls import reverse

from joinedup.core.panels import registry
from joinedup.core.periods import Period
from joinedup.partnerships.access import PartnershipAccess
from joinedup.partnerships.tests.factories import AreaFactory, PartnershipFactory, user_with_role
from joinedup.performance.models import Commentary, Target, TargetApprovalRule, TargetChange, TargetType
from joinedup.performance.services import targets as services
from joinedup.performance.tests.factories_targets import (
    CommentaryFactory,
    LocalIndicatorFactory,
    TargetChangeFactory,
    TargetFactory,
)
from joinedup.strategy.tests.delivery_factories import ActionFactory, ProgrammeFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def partnership():
    return PartnershipFactory(slug="isisbury")


@pytest.fixture
def indicator(partnership):
    return LocalIndicatorFactory(
        partnership=partnership, code="NI 152", title="Benefit claimants", decimal_places=2
    )


@pytest.fixture
def area(partnership):
    area = AreaFactory(code="E07000998", name="Isisbury")
    partnership.areas.add(area)
    return area


@pytest.fixture
def editor(partnership):
    return user_with_role(partnership, "editor", full_name="Erin Editor")


@pytest.fixture
def approver(partnership):
    return user_with_role(partnership, "editor", full_name="Amir Approver")


def url(name, partnership, indicator=None, **kwargs):
    if indicator is not None:
        kwargs["indicator_id"] = indicator.pk
    return reverse(f"performance:{name}", kwargs={"slug": partnership.slug, **kwargs})


def signed_in(client, user):
    client.force_login(user)
    return client


def test_an_editor_proposes_a_target_and_the_page_shows_it_waiting(
    client, partnership, indicator, area, editor
):
    signed_in(client, editor)
    response = client.post(
        url("target_propose", partnership, indicator),
        {
            "area": area.pk,
            "period": "2026/27",
            "target_type": "designated",
            "value": "12.5",
            "baseline_value": "14",
            "baseline_period": "2024/25",
            "tolerance": "5",
            "tolerance_kind": "percent",
            "reason": "Agreed with DWP",
        },
    )
    target = partnership.targets.get()
    assert response.status_code == 302
    assert response.url == url("target", partnership, indicator, target_id=target.pk)
    page = client.get(response.url).content.decode()
    assert "Not yet approved" in page
    assert "Agreed with DWP" in page
    # Stored as "designated", shown in today's words.
    assert target.target_type == "designated"
    assert "Agreed with government" in page


def test_a_proposal_with_errors_is_shown_again_with_what_was_typed(
    client, partnership, indicator, area, editor
):
    signed_in(client, editor)
    response = client.post(
        url("target_propose", partnership, indicator),
        {"area": area.pk, "period": "2026/27", "target_type": "local", "value": "lots", "reason": "Because"},
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "Enter the target value as a number" in page
    assert 'value="lots"' in page
    assert not partnership.targets.exists()


def test_the_trajectory_form_shows_the_straight_line_then_proposes_the_edited_values(
    client, partnership, indicator, area, editor
):
    signed_in(client, editor)
    data = {
        "area": area.pk,
        "target_type": "local",
        "baseline_period": "2024/25",
        "baseline_value": "100",
        "final_period": "2027/28",
        "final_value": "90",
        "tolerance_kind": "absolute",
        "reason": "Three-year plan",
    }
    preview = client.post(url("target_trajectory", partnership, indicator), {**data, "step": "preview"})
    page = preview.content.decode()
    assert preview.status_code == 200
    assert "Target for 2025/26" in page
    assert 'value="96.67"' in page  # rounded to the indicator's two places
    assert 'value="90.0"' in page or 'value="90"' in page
    assert not partnership.targets.exists()  # nothing is proposed until the values are confirmed

    proposed = client.post(
        url("target_trajectory", partnership, indicator),
        {
            **data,
            "step": "propose",
            "step_FY2025-26": "97",
            "step_FY2026-27": "93.33",
            "step_FY2027-28": "90",
        },
    )
    assert proposed.status_code == 302
    changes = TargetChange.objects.filter(partnership=partnership).order_by("target__period_start")
    assert [c.proposed["value"] for c in changes] == [97.0, 93.33, 90.0]
    assert {c.proposed["baseline_period"] for c in changes} == {"FY2024-25"}


def test_the_trajectory_needs_a_final_period_after_the_baseline(client, partnership, indicator, area, editor):
    signed_in(client, editor)
    response = client.post(
        url("target_trajectory", partnership, indicator),
        {
            "area": area.pk,
            "target_type": "local",
            "baseline_period": "2024/25",
            "baseline_value": "1",
            "final_period": "2023/24",
            "final_value": "2",
            "tolerance_kind": "absolute",
            "reason": "x",
            "step": "preview",
        },
    )
    assert "Enter a period after the baseline period" in response.content.decode()


def test_an_approver_approves_a_change_and_the_history_table_shows_it(
    client, partnership, indicator, area, editor, approver
):
    target = TargetFactory(
        partnership=partnership, indicator=indicator, area=area, value=None, approved_at=None
    )
    change = TargetChangeFactory(target=target, proposed_by=editor, reason="First target")
    signed_in(client, approver)
    response = client.post(
        url("target_decide", partnership, indicator, change_id=change.pk),
        {"decision": "approve", "note": "", "version": target.version},
    )
    assert response.status_code == 302
    target.refresh_from_db()
    assert target.value == 40.0
    page = client.get(url("target", partnership, indicator, target_id=target.pk)).content.decode()
    assert "Which target applied when" in page
    assert "40.00" in page
    assert "First target" in page
    assert "Erin Editor" in page and "Amir Approver" in page
    assert "Still applies" in page
    # The audit history says what changed in the page's words.
    assert "Value: from “Not set” to “40.00”" in page


def test_the_proposer_is_offered_only_rejection_and_a_forged_approval_changes_nothing(
    client, partnership, indicator, area, editor
):
    target = TargetFactory(partnership=partnership, indicator=indicator, area=area)
    change = TargetChangeFactory(target=target, proposed_by=editor)
    signed_in(client, editor)
    page = client.get(url("target_decide", partnership, indicator, change_id=change.pk)).content.decode()
    assert "someone else must approve it" in page
    assert 'value="approve"' not in page
    client.post(
        url("target_decide", partnership, indicator, change_id=change.pk),
        {"decision": "approve", "note": "", "version": target.version},
    )
    change.refresh_from_db()
    assert change.status == TargetChange.Status.PROPOSED


def test_a_decision_on_a_target_changed_meanwhile_is_a_conflict(
    client, partnership, indicator, area, editor, approver
):
    target = TargetFactory(partnership=partnership, indicator=indicator, area=area)
    change = TargetChangeFactory(target=target, proposed_by=editor)
    stale = target.version
    Target.objects.filter(pk=target.pk).update(version=stale + 1)
    signed_in(client, approver)
    response = client.post(
        url("target_decide", partnership, indicator, change_id=change.pk),
        {"decision": "approve", "note": "", "version": stale},
    )
    assert response.status_code == 409
    assert "The target changed while you were deciding" in response.content.decode()
    change.refresh_from_db()
    assert change.status == TargetChange.Status.PROPOSED


def test_a_rejection_without_a_note_is_refused(client, partnership, indicator, area, editor, approver):
    change = TargetChangeFactory(
        target=TargetFactory(partnership=partnership, indicator=indicator, area=area), proposed_by=editor
    )
    signed_in(client, approver)
    response = client.post(
        url("target_decide", partnership, indicator, change_id=change.pk),
        {"decision": "reject", "note": "", "version": change.target.version},
    )
    assert "Enter why the change is rejected" in response.content.decode()


def test_an_editor_may_not_decide_a_designated_target_by_default(
    client, partnership, indicator, area, editor, approver
):
    target = TargetFactory(
        partnership=partnership, indicator=indicator, area=area, target_type=TargetType.DESIGNATED
    )
    change = TargetChangeFactory(target=target, proposed_by=editor)
    signed_in(client, approver)
    assert client.get(url("target_decide", partnership, indicator, change_id=change.pk)).status_code == 403


def test_the_approvals_list_offers_decisions_only_to_approvers(
    client, partnership, indicator, area, editor, approver
):
    change = TargetChangeFactory(
        target=TargetFactory(partnership=partnership, indicator=indicator, area=area), proposed_by=editor
    )
    decide = url("target_decide", partnership, indicator, change_id=change.pk)
    signed_in(client, approver)
    assert decide in client.get(url("target_approvals", partnership)).content.decode()
    signed_in(client, user_with_role(partnership, "viewer"))
    assert decide not in client.get(url("target_approvals", partnership)).content.decode()


def test_an_admin_sets_who_approves_each_type_of_target(client, partnership):
    admin = user_with_role(partnership, "admin")
    signed_in(client, admin)
    response = client.post(
        url("target_approvers", partnership),
        {"designated": "editor", "statutory": "admin", "local": "scrutiny"},
    )
    assert response.status_code == 302
    assert dict(
        TargetApprovalRule.objects.filter(partnership=partnership).values_list("target_type", "approver_role")
    ) == {
        "designated": "editor",
        "statutory": "admin",
        "local": "scrutiny",
    }
    assert services.approver_role(partnership, "designated") == "editor"


def test_another_partnerships_local_indicator_is_not_found(client, partnership, editor):
    theirs = LocalIndicatorFactory(partnership=PartnershipFactory())
    signed_in(client, editor)
    assert client.get(url("targets", partnership, theirs)).status_code == 404
    assert client.get(url("commentary_add", partnership, theirs)).status_code == 404


def test_a_target_of_another_indicator_is_not_found_under_this_one(
    client, partnership, indicator, area, editor
):
    other = LocalIndicatorFactory(partnership=partnership)
    target = TargetFactory(partnership=partnership, indicator=other, area=area)
    signed_in(client, editor)
    assert client.get(url("target", partnership, indicator, target_id=target.pk)).status_code == 404


# Commentary ------------------------------------------------------------------------------


def test_an_editor_writes_commentary_linking_only_the_partnerships_actions(
    client, partnership, indicator, editor
):
    ours = ActionFactory(programme=ProgrammeFactory(partnership=partnership), title="Open the employment hub")
    theirs = ActionFactory(title="Someone else's action")
    signed_in(client, editor)
    form_page = client.get(url("commentary_add", partnership, indicator)).content.decode()
    assert "Open the employment hub" in form_page
    assert "Someone else&#x27;s action" not in form_page
    response = client.post(
        url("commentary_add", partnership, indicator),
        {"period": "2025/26", "happening": "Claims rose", "doing": "Hub opened", "actions": [ours.pk]},
    )
    commentary = partnership.commentaries.get()
    assert response.status_code == 302
    assert list(commentary.actions.all()) == [ours]
    detail = client.get(response.url).content.decode()
    assert "Claims rose" in detail
    assert "Wrote the commentary" in detail  # the history component
    forged = client.post(
        url("commentary_edit", partnership, indicator, period=commentary.period.code),
        {"happening": "x", "doing": "", "actions": [theirs.pk], "version": commentary.version},
    )
    assert forged.status_code == 200
    assert list(partnership.commentaries.get().actions.all()) == [ours]


def test_a_stale_commentary_edit_shows_both_versions(client, partnership, indicator, editor):
    commentary = CommentaryFactory(
        partnership=partnership, indicator=indicator, period=Period.financial_year(2025)
    )
    stale = commentary.version
    Commentary.objects.filter(pk=commentary.pk).update(version=stale + 1, happening="Their words")
    signed_in(client, editor)
    response = client.post(
        url("commentary_edit", partnership, indicator, period=commentary.period.code),
        {"happening": "My words", "doing": "", "version": stale},
    )
    page = response.content.decode()
    assert response.status_code == 409
    assert "Their words" in page and "My words" in page
    assert Commentary.objects.get(pk=commentary.pk).happening == "Their words"


def test_writing_commentary_for_a_period_that_has_one_is_a_conflict_not_a_duplicate(
    client, partnership, indicator, editor
):
    CommentaryFactory(partnership=partnership, indicator=indicator, period=Period.financial_year(2025))
    signed_in(client, editor)
    response = client.post(
        url("commentary_add", partnership, indicator), {"period": "2025/26", "happening": "Mine", "doing": ""}
    )
    assert response.status_code == 409
    assert partnership.commentaries.count() == 1


# Panels ----------------------------------------------------------------------------------


def _panels(partnership, indicator, user):
    request = RequestFactory().get("/")
    request.user = user
    access = PartnershipAccess(partnership=partnership, user=user, role="editor")
    return {
        panel.key: render_to_string(panel.template, ctx, request=request)
        for panel, ctx in registry.render_data(
            "performance.indicator",
            request=request,
            indicator=indicator,
            link=None,
            access=access,
            partnership=partnership,
        )
    }


def test_the_indicator_page_panels_show_targets_waiting_changes_and_the_latest_commentary(
    partnership, indicator, area, editor
):
    target = TargetFactory(partnership=partnership, indicator=indicator, area=area, value=1234.5)
    TargetChangeFactory(target=target, proposed_by=editor)
    CommentaryFactory(partnership=partnership, indicator=indicator, happening="Claims fell in spring")
    panels = _panels(partnership, indicator, editor)
    assert "1,234.50" in panels["performance.targets"]
    assert "1 change waiting for approval" in panels["performance.targets"]
    assert "Claims fell in spring" in panels["performance.commentary"]


def test_the_panels_are_hidden_for_an_indicator_the_partnership_cannot_see(partnership, editor):
    theirs = LocalIndicatorFactory(partnership=PartnershipFactory())
    assert _panels(partnership, theirs, editor) == {}


def test_the_home_page_tells_approvers_what_waits_for_them(
    client, partnership, indicator, area, editor, approver
):
    TargetChangeFactory(
        target=TargetFactory(partnership=partnership, indicator=indicator, area=area), proposed_by=editor
    )
    home = reverse("partnerships:home", kwargs={"slug": partnership.slug})
    signed_in(client, approver)
    assert "1 change to targets is waiting for your approval" in client.get(home).content.decode()
    signed_in(client, user_with_role(partnership, "viewer"))
    assert "Target changes for you to decide" not in client.get(home).content.decode()
