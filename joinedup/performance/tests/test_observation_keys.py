"""The observations table's keys are not database constraints (ADR 0027): the writer checks
what values refer to, and every deletion path deletes their values or refuses, so no value
is ever left pointing at nothing."""

from __future__ import annotations

import pytest
from django.db import connection, transaction
from django.db.models import ProtectedError
from django.db.models.signals import pre_delete

from joinedup.accounts.models import User
from joinedup.core.imports.pipeline import validate_table
from joinedup.core.imports.readers import ReadError, read_table
from joinedup.core.imports.registry import ImportContext, get_importer
from joinedup.core.periods import Period
from joinedup.partnerships.models import Area, Partnership
from joinedup.partnerships.tests.factories import PartnershipFactory
from joinedup.performance.models import Indicator, Observation
from joinedup.performance.services.observations import (
    MissingReference,
    NewObservation,
    plan_observations,
    write_observations,
)
from joinedup.performance.tests.factories_imports import area, local_indicator, shared_indicator

Y2020 = Period.calendar_year(2020)


@pytest.fixture
def partnership(db):
    return PartnershipFactory(slug="isisbury", name="Isisbury Partnership")


@pytest.fixture
def place(db):
    return area("E06000052", "Cornwall")


def write(rows, *, partnership_id=None, user=None):
    with transaction.atomic():
        return write_observations(
            plan_observations(rows, may_revise=True), partnership_id=partnership_id, user=user
        )


def value(indicator_id, area_id, number=5.0):
    return NewObservation(indicator_id, area_id, Y2020, number)


def orphans() -> int:
    return (
        Observation.objects.exclude(indicator_id__in=Indicator.objects.values("pk")).count()
        + Observation.objects.exclude(area_id__in=Area.objects.values("pk")).count()
        + Observation.objects.filter(partnership__isnull=False)
        .exclude(partnership_id__in=Partnership.objects.values("pk"))
        .count()
    )


def test_the_observations_table_has_no_database_foreign_keys(db):
    with connection.cursor() as cursor:
        constraints = connection.introspection.get_constraints(cursor, Observation._meta.db_table)
    assert [name for name, c in constraints.items() if c["foreign_key"]] == []


def test_deleting_an_indicator_deletes_its_values(partnership, place):
    homes = local_indicator(partnership)
    write([value(homes.pk, place.pk)], partnership_id=partnership.pk)
    homes.delete()
    assert Observation.objects.count() == 0 and orphans() == 0


def test_deleting_a_partnership_deletes_its_values_and_keeps_shared_ones(partnership, place):
    homes = local_indicator(partnership)
    shared = shared_indicator()
    write([value(homes.pk, place.pk)], partnership_id=partnership.pk)
    write([value(shared.pk, place.pk)])
    Partnership.objects.filter(pk=partnership.pk).delete()
    assert list(Observation.objects.values_list("indicator_id", flat=True)) == [shared.pk]
    assert orphans() == 0


def test_an_area_with_values_cannot_be_deleted(place):
    shared = shared_indicator()
    write([value(shared.pk, place.pk)])
    with pytest.raises(ProtectedError):
        place.delete()
    assert Area.objects.filter(pk=place.pk).exists() and Observation.objects.count() == 1


def test_deleting_the_person_who_typed_a_value_keeps_the_value_and_its_label(partnership, place):
    homes = local_indicator(partnership)
    typist = User.objects.create(email="typist@example.org", full_name="Tia Typist")
    with transaction.atomic():
        write_observations(
            plan_observations([value(homes.pk, place.pk)], may_revise=True),
            partnership_id=partnership.pk,
            user=typist,
            entered_by_label="Tia Typist",
        )
    typist.delete()
    kept = Observation.objects.get()
    assert kept.entered_by_id is None and kept.entered_by_label == "Tia Typist"


class _WrittenMeanwhile:
    """Values written for an object after the deletion collected its values but before it
    deleted the object itself (another transaction committing while the deletion waited)."""

    def __init__(self, sender, rows):
        self.sender, self.rows, self.written = sender, rows, 0

    def __enter__(self):
        pre_delete.connect(self.write, sender=self.sender, weak=False, dispatch_uid="written_meanwhile")
        return self

    def __exit__(self, *exc):
        pre_delete.disconnect(sender=self.sender, dispatch_uid="written_meanwhile")
        assert self.written, "the deletion never got to its own row"

    def write(self, **kwargs):
        self.written += len(Observation.objects.bulk_create(self.rows()))


def _row(indicator_id, area_id, partnership_id=None):
    return Observation(
        indicator_id=indicator_id, area_id=area_id, partnership_id=partnership_id, period=Y2020, value=1.0
    )


def test_values_written_while_an_indicator_was_being_deleted_go_with_it(partnership, place):
    homes = local_indicator(partnership)
    with _WrittenMeanwhile(Indicator, lambda: [_row(homes.pk, place.pk, partnership.pk)]):
        homes.delete()
    assert Observation.objects.count() == 0 and orphans() == 0


def test_values_written_while_a_partnership_was_being_deleted_go_with_it(partnership, place):
    shared = shared_indicator()
    with _WrittenMeanwhile(Partnership, lambda: [_row(shared.pk, place.pk, partnership.pk)]):
        Partnership.objects.filter(pk=partnership.pk).delete()
    assert Observation.objects.count() == 0 and orphans() == 0


def test_an_area_given_values_while_being_deleted_is_kept(place):
    shared = shared_indicator()
    with (
        _WrittenMeanwhile(Area, lambda: [_row(shared.pk, place.pk)]),
        pytest.raises(ProtectedError),
        transaction.atomic(),
    ):
        place.delete()
    assert Area.objects.filter(pk=place.pk).exists() and orphans() == 0


@pytest.mark.parametrize("missing", ["indicator", "area", "partnership"])
def test_the_writer_refuses_values_naming_a_deleted_object_and_writes_nothing(partnership, place, missing):
    homes = local_indicator(partnership)
    other = area("E06000053", "Isles of Scilly")
    rows = [value(homes.pk, place.pk), value(homes.pk, other.pk)]
    partnership_id = partnership.pk
    if missing == "indicator":
        rows.append(value(homes.pk + 1000, place.pk))
    elif missing == "area":
        rows.append(value(homes.pk, other.pk + 1000))
    else:
        partnership_id = partnership.pk + 1000
    with pytest.raises(MissingReference, match=f"The {missing} some values are for was deleted"):
        write(rows, partnership_id=partnership_id)
    assert Observation.objects.count() == 0


def test_an_import_whose_area_was_deleted_after_the_check_writes_nothing(partnership, place):
    local_indicator(partnership)
    gone = area("E06000053", "Isles of Scilly")
    importer = get_importer("performance.observations")
    context = ImportContext(partnership_id=partnership.pk, file_name="values.csv")
    data = b"Indicator code,Area code,Period,Value\r\nNI 154,E06000052,2020,5\r\nNI 154,E06000053,2020,6\r\n"
    validation = validate_table(importer, read_table(data, kind="csv", max_bytes=len(data) + 1), context)
    assert validation.ok
    gone.delete()
    with pytest.raises(ReadError, match="The area some values are for was deleted"), transaction.atomic():
        importer.write(validation.rows, context)
    assert Observation.objects.count() == 0
