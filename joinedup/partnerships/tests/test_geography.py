"""The reference geography, loaded from the real mySociety and ONS files shipped in the repo."""

import csv
import datetime as dt
import hashlib
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command

from joinedup.partnerships import geography
from joinedup.partnerships.models import Area
from joinedup.partnerships.selectors import search_areas

SHARED = Path(settings.BASE_DIR).parent / "shared" / "data" / "real"


@pytest.fixture
def loaded(db):
    call_command("load_geography", verbosity=0)


def test_shipped_files_are_byte_for_byte_copies_of_the_published_ones():
    for path in (geography.MYSOCIETY_FILE, geography.ONS_FILE):
        shared = SHARED / path.name
        if shared.exists():  # the shared copy exists on the build machines, not in a clone
            assert hashlib.sha256(path.read_bytes()).digest() == hashlib.sha256(shared.read_bytes()).digest()
        assert path.stat().st_size > 0


def test_every_mysociety_row_is_an_area(loaded):
    with geography.MYSOCIETY_FILE.open(encoding="utf-8") as handle:
        registry_codes = {row["local-authority-code"] for row in csv.DictReader(handle)}
    assert len(registry_codes) == 470
    assert Area.objects.filter(source="mysociety").count() == 470
    assert (
        set(Area.objects.filter(source="mysociety").values_list("registry_code", flat=True)) == registry_codes
    )


def test_every_ons_district_and_county_is_an_area(loaded):
    with geography.ONS_FILE.open(encoding="utf-8-sig") as handle:
        rows = list(csv.DictReader(handle))
    codes = {r["LAD21CD"] for r in rows} | {r["CTY21CD"] for r in rows}
    assert Area.objects.filter(code__in=codes).count() == len(codes)
    assert Area.objects.get(code="E11000001").name == "Greater Manchester"


def test_oxford_sits_in_oxfordshire_in_the_south_east_in_england(loaded):
    oxford = Area.objects.get(code="E07000178")
    assert oxford.name == "Oxford" and oxford.area_type == "district"
    assert oxford.parent.code == "E10000025" and oxford.parent.name == "Oxfordshire"
    assert oxford.parent.parent.code == "E12000008" and oxford.parent.parent.name == "South East"
    assert oxford.parent.parent.parent.code == "E92000001"
    assert oxford.population == 151584


def test_ended_councils_are_kept_with_end_dates_and_successors(loaded):
    bournemouth = Area.objects.get(code="E06000028")
    assert bournemouth.end_date == dt.date(2019, 3, 31)
    assert bournemouth.replaced_by == "E06000058"
    assert not bournemouth.is_current
    # mySociety has no region for it; its successor's region is used.
    assert bournemouth.parent.name == "South West"


def test_england_and_the_nine_regions_are_built_in(loaded):
    england = Area.objects.get(code="E92000001")
    assert england.area_type == "country" and england.parent is None
    regions = Area.objects.filter(area_type="region").order_by("code")
    assert [r.code for r in regions] == [f"E1200000{n}" for n in range(1, 10)]
    assert [r.name for r in regions] == [
        "North East",
        "North West",
        "Yorkshire and The Humber",
        "East Midlands",
        "West Midlands",
        "East of England",
        "London",
        "South East",
        "South West",
    ]
    assert all(r.parent_id == england.pk for r in regions)


def test_mis_encoded_welsh_names_are_kept_without_failing(loaded):
    anglesey = Area.objects.get(code="W06000001")
    assert "Sir Ynys M" in anglesey.alt_names
    assert anglesey.parent.code == "W92000004"


def test_running_the_command_twice_changes_nothing(loaded):
    before = {a.code: (a.pk, a.parent_id, a.name, a.end_date) for a in Area.objects.all()}
    result = geography.load_geography()
    after = {a.code: (a.pk, a.parent_id, a.name, a.end_date) for a in Area.objects.all()}
    assert result.created == 0 and result.updated == 0
    assert before == after


def test_a_rerun_updates_changed_areas_in_place(loaded):
    Area.objects.filter(code="E07000178").update(name="Oxford (old name)", parent=None)
    pk = Area.objects.get(code="E07000178").pk
    result = geography.load_geography()
    oxford = Area.objects.get(code="E07000178")
    assert (oxford.pk, oxford.name, oxford.parent.code) == (pk, "Oxford", "E10000025")
    assert result.updated == 1 and result.created == 0


# --- search ---------------------------------------------------------------------------------


def test_search_by_name_puts_names_that_start_with_the_query_first(loaded):
    names = [a.name for a in search_areas("Oxford")]
    assert names[:2] == ["Oxford", "Oxfordshire"]
    assert "South Oxfordshire" in names


def test_search_by_code_finds_the_area(loaded):
    assert [a.code for a in search_areas("e07000178")] == ["E07000178"]


def test_search_by_alternative_name(loaded):
    assert "Isle of Anglesey" in [a.name for a in search_areas("Ynys")]


def test_current_areas_come_before_ended_ones(loaded):
    results = search_areas("Bournemouth")
    assert [a.code for a in results] == ["E06000058", "E06000028"]


def test_blank_search_finds_nothing(loaded):
    assert search_areas("   ") == []
