"""The indicator library, local indicators, a partnership's use of an indicator and the
indicator page (data table, as-at figures, provenance, export)."""

from __future__ import annotations

import csv
import datetime as dt
import io

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse
from django.utils import timezone

from joinedup.core import panels
from joinedup.core.models import AuditEntry, ImportRun, StoredFile
from joinedup.core.periods import Period
from joinedup.partnerships.tests.factories import (
    AreaFactory,
    OrganisationFactory,
    PartnershipFactory,
    PersonFactory,
    user_with_role,
)
from joinedup.performance.models import Indicator, PartnershipIndicator, Unit
from joinedup.performance.services.observations import NewObservation, plan_observations, write_observations
from joinedup.performance.tests.factories_library import (
    LinkFactory,
    LocalIndicatorFactory,
    SharedIndicatorFactory,
)
from joinedup.strategy.tests.factories import OutcomeFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def partnership():
    return PartnershipFactory(slug="isisbury", name="Isisbury Partnership")


@pytest.fixture
def editor(partnership):
    return user_with_role(partnership, "editor")


@pytest.fixture
def editor_client(client, editor):
    client.force_login(editor)
    return client


def url(name, partnership, **kwargs):
    return reverse(f"performance:{name}", kwargs={"slug": partnership.slug, **kwargs})


INDICATOR_POST = {
    "code": "NI 154",
    "title": "Net additional homes provided",
    "definition": "Homes added to the stock, less demolitions.",
    "rationale": "Housing supply.",
    "numerator_label": "Net additional homes",
    "denominator_label": "",
    "unit": "number",
    "decimal_places": "0",
    "polarity": "higher",
    "value_type": "count",
    "frequency": "financial_year",
    "source": "Council housing returns",
    "source_url": "",
    "data_quality": "Returns are revised in the following year.",
    "geography_type": "district_ua",
}


# --- local indicators ---------------------------------------------------------------------------


def test_an_editor_adds_a_local_indicator_with_every_field_and_the_partnership_uses_it(
    editor_client, partnership
):
    response = editor_client.post(url("indicator_add", partnership), {**INDICATOR_POST, "version": ""})
    indicator = Indicator.objects.get(code="NI 154")
    assert response.status_code == 302
    assert response["Location"] == url("indicator", partnership, indicator_id=indicator.pk)
    assert indicator.partnership == partnership
    assert (indicator.unit, indicator.polarity, indicator.value_type, indicator.frequency) == (
        "number",
        "higher",
        "count",
        "financial_year",
    )
    assert indicator.data_quality == "Returns are revised in the following year."
    assert indicator.geography_type == "district_ua"
    assert PartnershipIndicator.objects.filter(partnership=partnership, indicator=indicator).exists()
    entry = AuditEntry.objects.get(action="performance.indicator.created")
    assert entry.partnership_id == partnership.pk
    page = editor_client.get(response["Location"]).content.decode()
    for text in (
        "Net additional homes provided",
        "Homes added to the stock",
        "Housing supply.",
        "Higher is better",
    ):
        assert text in page


def test_a_local_code_already_used_by_the_partnership_is_refused_and_the_form_keeps_what_was_typed(
    editor_client, partnership
):
    LocalIndicatorFactory(partnership=partnership, code="NI 154")
    response = editor_client.post(url("indicator_add", partnership), {**INDICATOR_POST, "code": "ni 154"})
    assert response.status_code == 200
    page = response.content.decode()
    assert "This partnership already has an indicator with the code ni 154" in page
    assert "Homes added to the stock" in page
    assert Indicator.objects.filter(partnership=partnership).count() == 1


def test_a_local_indicator_of_a_demonstration_partnership_is_labelled_demonstration_data(client):
    demo = PartnershipFactory(slug="demo", is_fictional=True)
    client.force_login(user_with_role(demo, "editor"))
    client.post(url("indicator_add", demo), INDICATOR_POST)
    indicator = Indicator.objects.get(partnership=demo)
    assert indicator.is_fictional
    assert "Demonstration data" in client.get(url("indicators", demo)).content.decode()
    assert (
        "Demonstration data" in client.get(url("indicator", demo, indicator_id=indicator.pk)).content.decode()
    )


def test_two_editors_changing_a_local_indicator_at_once_get_a_conflict_not_a_silent_overwrite(
    client, partnership
):
    indicator = LocalIndicatorFactory(partnership=partnership, code="L1", title="First title")
    first, second = user_with_role(partnership, "editor"), user_with_role(partnership, "editor")
    stale = indicator.version
    client.force_login(first)
    form = {**INDICATOR_POST, "code": "L1", "version": stale}
    assert (
        client.post(
            url("indicator_edit", partnership, indicator_id=indicator.pk), {**form, "title": "Mine"}
        ).status_code
        == 302
    )
    client.force_login(second)
    response = client.post(
        url("indicator_edit", partnership, indicator_id=indicator.pk), {**form, "title": "Theirs"}
    )
    assert response.status_code == 409
    assert "Someone else changed this" in response.content.decode()
    indicator.refresh_from_db()
    assert indicator.title == "Mine"
    assert AuditEntry.objects.filter(action="performance.indicator.updated").count() == 1


# --- the library --------------------------------------------------------------------------------


def _titles(response) -> list[str]:
    return [i.title for i in response.context["page"].object_list]


def test_the_library_searches_code_title_and_definition_and_filters_by_kind_use_outcome_and_owner(
    editor_client, partnership
):
    outcome = OutcomeFactory(partnership=partnership, priority__strategy__partnership=partnership)
    owner = PersonFactory(partnership=partnership, full_name="Priya Shah")
    shared = SharedIndicatorFactory(
        code="93356", title="Campylobacter cases", definition="Notified infections"
    )
    unused = SharedIndicatorFactory(code="90001", title="Smoking prevalence", unit=Unit.PERCENTAGE)
    local = LocalIndicatorFactory(partnership=partnership, code="LOCAL 7", title="Homes retrofitted")
    link = LinkFactory(partnership=partnership, indicator=shared, owner_person=owner)
    link.outcomes.add(outcome)
    LinkFactory(partnership=partnership, indicator=local)
    LocalIndicatorFactory(title="Somebody else's indicator")  # another partnership's
    library = url("indicators", partnership)

    assert sorted(_titles(editor_client.get(library))) == sorted([shared.title, unused.title, local.title])
    assert _titles(editor_client.get(library, {"q": "infections"})) == [shared.title]
    assert _titles(editor_client.get(library, {"q": "local 7"})) == [local.title]
    assert _titles(editor_client.get(library, {"q": "smoking"})) == [unused.title]
    assert _titles(editor_client.get(library, {"kind": "local"})) == [local.title]
    assert _titles(editor_client.get(library, {"used": "no"})) == [unused.title]
    assert _titles(editor_client.get(library, {"outcome": outcome.pk})) == [shared.title]
    assert _titles(editor_client.get(library, {"theme": outcome.priority_id})) == [shared.title]
    assert _titles(editor_client.get(library, {"owner": owner.pk})) == [shared.title]
    assert _titles(editor_client.get(library, {"unit": "percentage"})) == [unused.title]
    assert _titles(editor_client.get(library, {"polarity": "higher"})) == [local.title]


def test_the_library_pages_fifty_indicators_at_a_time_keeping_the_filters(editor_client, partnership):
    for n in range(55):
        SharedIndicatorFactory(code=f"P{n:03d}", title=f"Paged {n}")
    first = editor_client.get(url("indicators", partnership), {"q": "paged"})
    assert len(first.context["page"].object_list) == 50
    assert "q=paged&amp;page=2" in first.content.decode()
    second = editor_client.get(url("indicators", partnership), {"q": "paged", "page": 2})
    assert len(second.context["page"].object_list) == 5


def _populate(partnership, count):
    outcome = OutcomeFactory(partnership=partnership, priority__strategy__partnership=partnership)
    organisation = OrganisationFactory(partnership=partnership)
    for _ in range(count):
        link = LinkFactory(
            partnership=partnership,
            indicator=LocalIndicatorFactory(partnership=partnership, is_fictional=True),
            owner_person=PersonFactory(partnership=partnership),
            owner_organisation=organisation,
        )
        link.outcomes.add(outcome)
        SharedIndicatorFactory()


def test_the_library_takes_the_same_number_of_queries_for_few_or_many_indicators(
    editor_client, partnership, django_assert_max_num_queries
):
    _populate(partnership, 3)
    with django_assert_max_num_queries(25) as few:
        editor_client.get(url("indicators", partnership))
    _populate(partnership, 20)
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = editor_client.get(url("indicators", partnership))
    assert response.context["page"].paginator.count == 46


# --- a partnership's use of an indicator --------------------------------------------------------


def test_an_editor_uses_a_shared_indicator_for_an_outcome_with_an_owner_and_stops_using_it(
    editor_client, partnership
):
    shared = SharedIndicatorFactory()
    outcome = OutcomeFactory(partnership=partnership, priority__strategy__partnership=partnership)
    owner = PersonFactory(partnership=partnership)
    organisation = OrganisationFactory(partnership=partnership)
    response = editor_client.post(
        url("indicator_use", partnership, indicator_id=shared.pk),
        {
            "outcomes": [outcome.pk],
            "owner_person": owner.pk,
            "owner_organisation": organisation.pk,
            "due_days_after_period": 45,
        },
    )
    assert response.status_code == 302
    link = PartnershipIndicator.objects.get(partnership=partnership, indicator=shared)
    assert list(link.outcomes.all()) == [outcome]
    assert (link.owner_person, link.owner_organisation, link.due_days_after_period) == (
        owner,
        organisation,
        45,
    )
    page = editor_client.get(url("indicator", partnership, indicator_id=shared.pk)).content.decode()
    assert reverse("strategy:outcome", kwargs={"slug": partnership.slug, "pk": outcome.pk}) in page
    assert owner.full_name in page

    stop = url("indicator_stop", partnership, indicator_id=shared.pk)
    assert "Stop using" in editor_client.get(stop).content.decode()
    assert PartnershipIndicator.objects.filter(pk=link.pk).exists()
    assert editor_client.post(stop).status_code == 302
    assert not PartnershipIndicator.objects.filter(pk=link.pk).exists()
    assert list(
        AuditEntry.objects.filter(action__startswith="performance.indicator_link")
        .order_by("pk")
        .values_list("action", flat=True)
    ) == ["performance.indicator_link.created", "performance.indicator_link.deleted"]


def test_outcomes_and_owners_of_another_partnership_cannot_be_linked(editor_client, partnership):
    shared = SharedIndicatorFactory()
    OutcomeFactory(partnership=partnership, priority__strategy__partnership=partnership)
    other = PartnershipFactory()
    their_outcome = OutcomeFactory(partnership=other, priority__strategy__partnership=other)
    their_person = PersonFactory(partnership=other)
    response = editor_client.post(
        url("indicator_use", partnership, indicator_id=shared.pk),
        {"outcomes": [their_outcome.pk], "owner_person": their_person.pk, "due_days_after_period": 30},
    )
    assert response.status_code == 200
    assert response.context["form"].errors.keys() == {"outcomes", "owner_person"}
    assert not PartnershipIndicator.objects.filter(indicator=shared).exists()


def test_two_editors_changing_how_an_indicator_is_used_get_a_conflict(client, partnership):
    link = LinkFactory(partnership=partnership, indicator=SharedIndicatorFactory(), due_days_after_period=30)
    first, second = user_with_role(partnership, "editor"), user_with_role(partnership, "editor")
    target = url("indicator_link_edit", partnership, indicator_id=link.indicator_id)
    client.force_login(first)
    assert client.post(target, {"due_days_after_period": 40, "version": link.version}).status_code == 302
    client.force_login(second)
    response = client.post(target, {"due_days_after_period": 60, "version": link.version})
    assert response.status_code == 409
    link.refresh_from_db()
    assert link.due_days_after_period == 40


# --- the indicator page -------------------------------------------------------------------------


def _write(
    indicator,
    area,
    period,
    value,
    *,
    partnership=None,
    note="",
    at,
    run=None,
    user=None,
    sex="Persons",
    row=None,
):
    new = NewObservation(
        indicator_id=indicator.pk,
        area_id=area.pk,
        period=period,
        value=value,
        note=note,
        sex=sex,
        source_row=row,
    )
    plan = plan_observations([new], may_revise=True)
    write_observations(
        plan,
        partnership_id=partnership.pk if partnership else None,
        import_run_id=run.pk if run else None,
        user=user,
        entered_by_label=user.get_full_name() if user else "",
        now=at,
    )


def _run(partnership, user, name="campylobacter.csv"):
    source = StoredFile(
        original_name=name,
        content_type="text/csv",
        kind="csv",
        size=1,
        sha256="0" * 64,
        partnership_id=partnership.pk,
        uploaded_by=user,
    )
    source.file.save(name, ContentFile(b"x"), save=False)
    source.save()
    return ImportRun.objects.create(
        partnership_id=partnership.pk,
        importer="performance.observations",
        source=source,
        status=ImportRun.Status.WRITTEN,
        created_by=user,
    )


def test_the_indicator_page_shows_the_partnerships_areas_first_no_value_reasons_breakdowns_and_provenance(
    editor_client, partnership, editor
):
    indicator = SharedIndicatorFactory(decimal_places=2)
    ours = AreaFactory(code="E07000901", name="Zetland")  # last by name, first as ours
    other = AreaFactory(code="E07000902", name="Aberton")
    partnership.areas.add(ours)
    run = _run(partnership, editor)
    earlier = timezone.make_aware(dt.datetime(2024, 1, 10, 12))
    later = timezone.make_aware(dt.datetime(2024, 6, 10, 12))
    y2021, y2022 = Period.calendar_year(2021), Period.calendar_year(2022)
    _write(indicator, ours, y2021, 10.0, at=earlier, run=run, row=7)
    _write(indicator, ours, y2022, 11.0, at=earlier, run=run, row=8)
    _write(indicator, ours, y2022, 12.345, at=later, user=editor)  # a revision
    _write(indicator, ours, y2022, 20.0, at=earlier, run=run, sex="Female", row=9)
    _write(indicator, other, y2022, None, note="Value suppressed", at=earlier, run=run, row=10)

    response = editor_client.get(url("indicator", partnership, indicator_id=indicator.pk))
    table = response.context["table"]
    assert [r.area for r in table.rows] == [ours, other]
    assert table.periods == [y2021, y2022]
    assert table.breakdown_count == 1
    page = response.content.decode()
    assert "12.35" in page  # the indicator's two decimal places
    assert "Value suppressed" in page
    assert reverse("partnerships:import_run", kwargs={"slug": partnership.slug, "run_id": run.pk}) in page
    assert "campylobacter.csv</a>, row 7" in page
    assert f"Entered by {editor.get_full_name()}" in page
    assert "1 earlier figure" in page
    values = response.context["values"]
    assert [(line.observation.period, line.observation.value) for line in values] == [
        (y2022, 12.345),
        (y2021, 10.0),
    ]
    assert [o.value for o, _ in values[0].revisions] == [11.0]
    assert [line.observation.sex for line in response.context["breakdowns"]] == ["Female"]


def test_as_at_a_past_date_shows_the_figures_as_they_stood_then(editor_client, partnership, editor):
    indicator = SharedIndicatorFactory(decimal_places=1)
    area = AreaFactory()
    partnership.areas.add(area)
    _write(
        indicator, area, Period.calendar_year(2022), 11.0, at=timezone.make_aware(dt.datetime(2024, 1, 10))
    )
    _write(
        indicator, area, Period.calendar_year(2022), 14.0, at=timezone.make_aware(dt.datetime(2024, 6, 10))
    )
    target = url("indicator", partnership, indicator_id=indicator.pk)
    now = editor_client.get(target)
    assert now.context["table"].rows[0].cells[0].value == 14.0
    then = editor_client.get(target, {"as_at": "2024-03-01"})
    assert then.context["table"].rows[0].cells[0].value == 11.0
    assert "as they stood at the end of 1 March 2024" in then.content.decode()
    before = editor_client.get(target, {"as_at": "2023-01-01"})
    assert before.context["table"].is_empty
    wrong = editor_client.get(target, {"as_at": "31/02/2024"})
    assert "Enter the date as a real date" in wrong.content.decode()


def test_the_export_has_every_value_the_partnership_may_see_as_at_the_date_chosen(
    editor_client, partnership, editor
):
    indicator = SharedIndicatorFactory(code="93356")
    area = AreaFactory(code="E07000903", name="Isisbury")
    _write(
        indicator, area, Period.calendar_year(2022), 11.0, at=timezone.make_aware(dt.datetime(2024, 1, 10))
    )
    _write(
        indicator, area, Period.calendar_year(2022), 14.0, at=timezone.make_aware(dt.datetime(2024, 6, 10))
    )
    other = PartnershipFactory()
    _write(indicator, area, Period.calendar_year(2023), 99.0, partnership=other, at=timezone.now())
    target = url("indicator_export", partnership, indicator_id=indicator.pk)
    response = editor_client.get(target, {"format": "csv", "as_at": "2024-03-01"})
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert [(r["Area code"], r["Period"], r["Value"]) for r in rows] == [("E07000903", "2022", "11.0")]
    latest = list(
        csv.DictReader(io.StringIO(editor_client.get(target, {"format": "csv"}).content.decode("utf-8-sig")))
    )
    assert [r["Value"] for r in latest] == ["14.0"]  # another partnership's own value is not shown
    xlsx = editor_client.get(target)
    assert xlsx["Content-Type"].startswith("application/vnd.openxmlformats")


def test_other_rooms_add_sections_to_the_indicator_page_through_its_panel_slot(
    editor_client, partnership, tmp_path, settings
):
    settings.TEMPLATES = [{**settings.TEMPLATES[0], "DIRS": [tmp_path]}]
    (tmp_path / "panel.html").write_text("<section>{{ note }}</section>")
    indicator = SharedIndicatorFactory()
    seen = {}

    def context(**kwargs):
        seen.update(kwargs)
        return {"note": "Targets go here"}

    panels.register("performance.indicator", key="test.targets", template="panel.html", context=context)
    try:
        response = editor_client.get(url("indicator", partnership, indicator_id=indicator.pk))
    finally:
        panels.registry.unregister("performance.indicator", "test.targets")
    assert "Targets go here" in response.content.decode()
    assert seen["indicator"] == indicator and seen["partnership"] == partnership
    assert {"link", "access"} <= seen.keys()


def test_the_strategy_page_counts_each_themes_outcomes_measured_by_an_indicator(editor_client, partnership):
    from joinedup.strategy.tests.factories import PriorityFactory, StrategyFactory

    strategy = StrategyFactory(partnership=partnership)
    housing = PriorityFactory(strategy=strategy, title="Housing", position=1)
    climate = PriorityFactory(strategy=strategy, title="Climate", position=2)
    homes = OutcomeFactory(priority=housing, title="More homes")
    OutcomeFactory(priority=housing, title="Fewer empty homes")
    OutcomeFactory(priority=climate, title="Lower emissions")
    link = LinkFactory(partnership=partnership, indicator=LocalIndicatorFactory(partnership=partnership))
    link.outcomes.add(homes)
    other = PartnershipFactory()
    LinkFactory(partnership=other, indicator=SharedIndicatorFactory()).outcomes.add(
        OutcomeFactory(partnership=other, priority__strategy__partnership=other)
    )
    response = editor_client.get(reverse("strategy:strategy", kwargs={"slug": partnership.slug}))
    page = response.content.decode()
    assert "Outcomes measured by an indicator" in page
    rows = [
        (r.theme.title, r.outcomes, r.measured, r.unmeasured_titles)
        for r in response.context["coverage_rows"]
    ]
    assert rows == [("Housing", 2, 1, ["Fewer empty homes"]), ("Climate", 1, 0, ["Lower emissions"])]
    assert f"{url('indicators', partnership)}?theme={housing.pk}" in page


def test_values_show_with_the_indicators_decimal_places_halves_rounded_up():
    from joinedup.performance.templatetags.indicator_values import figure

    assert figure(95.25, 1) == "95.3"
    assert figure(1234567.0, 0) == "1,234,567"
    assert figure(0.5, 0) == "1"
    assert figure(12.3456, 2) == "12.35"
    assert figure(None, 1) == ""


def test_the_indicator_page_takes_the_same_number_of_queries_for_few_or_many_areas_and_values(
    editor_client, partnership, editor, django_assert_max_num_queries
):
    indicator = SharedIndicatorFactory()
    run = _run(partnership, editor)
    at = timezone.make_aware(dt.datetime(2024, 1, 10))

    def add(areas, years):
        for n in range(areas):
            area = AreaFactory()
            partnership.areas.add(area)
            for year in range(2010, 2010 + years):
                _write(indicator, area, Period.calendar_year(year), float(n + year), at=at, run=run, row=n)
                _write(
                    indicator, area, Period.calendar_year(year), float(n), at=at, sex="Female", user=editor
                )

    add(2, 2)
    target = url("indicator", partnership, indicator_id=indicator.pk)
    with django_assert_max_num_queries(40) as few:
        editor_client.get(target)
    add(8, 6)
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = editor_client.get(target)
    assert len(response.context["table"].rows) == 10


def test_the_areas_a_partnership_reports_on_come_after_its_own_and_before_the_rest(
    editor_client, partnership, editor
):
    indicator = SharedIndicatorFactory()
    own = AreaFactory(code="E07000921", name="Zebra Vale")
    reported = AreaFactory(code="E07000922", name="Yew Dale", parent=own)
    rest = AreaFactory(code="E07000923", name="Abbey")
    partnership.areas.add(own)
    link = LinkFactory(partnership=partnership, indicator=indicator)
    link.areas.add(reported)
    at = timezone.make_aware(dt.datetime(2024, 1, 10))
    for area in (rest, reported, own):
        _write(indicator, area, Period.calendar_year(2022), 1.0, at=at, user=editor)
    response = editor_client.get(url("indicator", partnership, indicator_id=indicator.pk))
    rows = response.context["table"].rows
    assert [(r.area, r.is_reported) for r in rows] == [(own, True), (reported, True), (rest, False)]
    assert "Yew Dale" in response.content.decode()
