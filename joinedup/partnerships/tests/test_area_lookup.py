import datetime as dt

import pytest

from joinedup.partnerships.models import AreaType
from joinedup.partnerships.selectors import resolve_area, search_areas
from joinedup.partnerships.tests.factories import AreaFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def oxfordshire_areas():
    county = AreaFactory(
        code="E10000025",
        name="Oxfordshire",
        official_name="Oxfordshire County Council",
        area_type=AreaType.COUNTY,
        alt_names="Oxfordshire,oxfordshire county",
    )
    city = AreaFactory(
        code="E07000178",
        name="Oxford",
        official_name="Oxford City Council",
        alt_names="Oxford",
        parent=county,
    )
    south = AreaFactory(
        code="E07000179",
        name="South Oxfordshire",
        official_name="South Oxfordshire District Council",
    )
    west = AreaFactory(
        code="E07000181", name="West Oxfordshire", official_name="West Oxfordshire District Council"
    )
    return {"county": county, "city": city, "south": south, "west": west}


def test_search_puts_names_starting_with_the_query_before_names_containing_it(oxfordshire_areas):
    names = [a.name for a in search_areas("Oxford")]
    assert names[:2] == ["Oxford", "Oxfordshire"]
    assert set(names[2:]) == {"South Oxfordshire", "West Oxfordshire"}


def test_search_finds_an_area_by_its_exact_code_first(oxfordshire_areas):
    assert search_areas("e07000178")[0] == oxfordshire_areas["city"]


def test_search_lists_current_areas_before_ended_ones_with_the_same_rank():
    AreaFactory(code="E07000048", name="Christchurch", end_date=dt.date(2019, 4, 1))
    current = AreaFactory(
        code="X00000001", name="Christchurch and District", source="demo", is_fictional=True
    )
    ended_first = search_areas("Christ")
    assert ended_first[0] == current


def test_search_matches_alternative_names():
    area = AreaFactory(code="E06000023", name="Bristol, City of", alt_names="Bristol,City of Bristol")
    assert search_areas("City of Bristol") == [area]


def test_search_respects_the_limit(oxfordshire_areas):
    assert len(search_areas("Oxford", limit=2)) == 2


def test_a_name_that_matches_one_area_exactly_resolves_to_it(oxfordshire_areas):
    resolution = resolve_area("oxford")
    assert resolution.area == oxfordshire_areas["city"]
    assert not resolution.is_ambiguous


def test_a_code_resolves_to_its_area(oxfordshire_areas):
    assert resolve_area("E07000179").area == oxfordshire_areas["south"]


def test_a_label_with_a_code_in_brackets_resolves_by_the_code(oxfordshire_areas):
    assert resolve_area("Anything (E07000181)").area == oxfordshire_areas["west"]


def test_a_partial_name_matching_several_areas_is_ambiguous(oxfordshire_areas):
    resolution = resolve_area("Oxfords")
    assert resolution.area is None
    assert resolution.is_ambiguous
    assert set(resolution.candidates) == {
        oxfordshire_areas["county"],
        oxfordshire_areas["south"],
        oxfordshire_areas["west"],
    }


def test_two_areas_with_the_same_name_are_ambiguous():
    AreaFactory(code="E10000016", name="Kent", end_date=dt.date(1998, 4, 1))
    AreaFactory(code="E10000017", name="Kent")
    resolution = resolve_area("Kent")
    assert resolution.is_ambiguous
    assert [a.code for a in resolution.candidates] == ["E10000017", "E10000016"]


def test_text_matching_nothing_resolves_to_nothing(oxfordshire_areas):
    resolution = resolve_area("Atlantis")
    assert resolution.area is None
    assert not resolution.is_ambiguous
