"""The shared reference geography, loaded from the real published lists shipped in
`joinedup/partnerships/data/geography/` (sources and licences in its README):

- mySociety's list of UK local authorities (past, current and planned; CC BY 4.0), and
- the ONS lookup of 2021 local authority districts to counties in England (OGL v3),

plus England, the nine English regions and the other three UK nations, which neither list
contains. The tree: district → county (ONS lookup, else mySociety's `county-la`); county,
unitary, metropolitan county and the like → region; region → England. Ended councils are
kept with their end dates and what replaced them, because old data uses their codes.

Parsing is kept apart from writing so it can be tested on the real files without a database.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from django.db import transaction

DATA_DIR = Path(__file__).resolve().parent / "data" / "geography"
MYSOCIETY_FILE = DATA_DIR / "mysociety_uk_local_authorities_future.csv"
ONS_FILE = DATA_DIR / "ons_Local_Authority_District_to_County_April_2021_Lookup_in_England.csv"

ENGLAND = "E92000001"
NATIONS = {
    "England": ENGLAND,
    "Wales": "W92000004",
    "Scotland": "S92000003",
    "Northern Ireland": "N92000002",
}
REGIONS = {
    "North East": "E12000001",
    "North West": "E12000002",
    "Yorkshire and The Humber": "E12000003",
    "East Midlands": "E12000004",
    "West Midlands": "E12000005",
    "East of England": "E12000006",
    "London": "E12000007",
    "South East": "E12000008",
    "South West": "E12000009",
}

# mySociety `local-authority-type` → Area.area_type
_TYPES = {
    "NMD": "district",
    "MD": "metropolitan",
    "UA": "unitary",
    "LBO": "london_borough",
    # The City of London Corporation does a London borough's work; its code is in the E09 series.
    "CC": "london_borough",
    "CTY": "county",
    "COMB": "combined_authority",
    "SCO": "scottish_council",
    "WPA": "welsh_council",
    "NID": "ni_district",
    "SRA": "other",  # the Greater London Authority
}


@dataclass
class AreaRecord:
    code: str
    name: str
    area_type: str
    source: str
    official_name: str = ""
    nation: str = ""
    region_name: str = ""
    registry_code: str = ""
    start_date: dt.date | None = None
    end_date: dt.date | None = None
    replaced_by: str = ""
    alt_names: str = ""
    population: int | None = None
    parent_code: str | None = None
    extra: dict = field(default_factory=dict)


def _date(value: str) -> dt.date | None:
    return dt.date.fromisoformat(value) if value.strip() else None


def _population(value: str) -> int | None:
    return int(float(value)) if value.strip() else None


def _read(path: Path) -> list[dict[str, str]]:
    # utf-8-sig: the ONS file starts with a byte-order mark. mySociety's Welsh names arrive
    # already mis-encoded ("Sir Ynys Mï¿½n"); they are valid UTF-8, kept as published.
    text = path.read_bytes().decode("utf-8-sig", errors="replace")
    return list(csv.DictReader(io.StringIO(text, newline="")))


def built_in_areas() -> list[AreaRecord]:
    records = [
        AreaRecord(code=code, name=name, area_type="country", source="ons-rgc", nation=name)
        for name, code in NATIONS.items()
    ]
    records += [
        AreaRecord(
            code=code,
            name=name,
            area_type="region",
            source="ons-rgc",
            nation="England",
            region_name=name,
            parent_code=ENGLAND,
        )
        for name, code in REGIONS.items()
    ]
    return records


def parse_sources(mysociety_path: Path = MYSOCIETY_FILE, ons_path: Path = ONS_FILE) -> list[AreaRecord]:
    """Every area from both lists and the built-in nations and regions, with parents resolved
    to codes. Pure: reads files, touches no database."""
    mysociety = _read(mysociety_path)
    ons = _read(ons_path)

    by_registry = {row["local-authority-code"]: row for row in mysociety}
    # Old Northern Ireland districts have no GSS code; they keep mySociety's code.
    code_of = {reg: (row["gss-code"].strip() or reg) for reg, row in by_registry.items()}

    def region_of(row: dict[str, str]) -> str:
        if row["region"] in REGIONS:
            return row["region"]
        # Councils that ended before mySociety recorded regions: use their successor's.
        for successor in filter(None, row["replaced-by"].split(",")):
            successor_row = by_registry.get(successor.strip())
            if successor_row and successor_row["region"] in REGIONS:
                return successor_row["region"]
        return ""

    county_by_ons = {row["LAD21CD"].strip(): row["CTY21CD"].strip() for row in ons}
    records: dict[str, AreaRecord] = {r.code: r for r in built_in_areas()}

    for row in mysociety:
        code = code_of[row["local-authority-code"]]
        region = region_of(row)
        parent: str | None
        if code in county_by_ons:
            parent = county_by_ons[code]
        elif row["county-la"].strip() in code_of:
            parent = code_of[row["county-la"].strip()]
        elif region:
            parent = REGIONS[region]
        else:
            parent = NATIONS.get(row["nation"])
        replaced = ",".join(
            code_of.get(r.strip(), r.strip()) for r in row["replaced-by"].split(",") if r.strip()
        )
        records[code] = AreaRecord(
            code=code,
            name=row["nice-name"].strip(),
            official_name=row["official-name"].strip(),
            area_type=_TYPES.get(row["local-authority-type"], "other"),
            source="mysociety",
            nation=row["nation"].strip(),
            region_name=region,
            registry_code=row["local-authority-code"].strip(),
            start_date=_date(row["start-date"]),
            end_date=_date(row["end-date"]),
            replaced_by=replaced,
            alt_names=row["alt-names"].strip(),
            population=_population(row["pop-2020"]),
            parent_code=parent,
        )

    # Counties that only the ONS lookup has: metropolitan counties (E11) and Inner and
    # Outer London (E13). Their region is the one most of their districts are in.
    regions_of_children: dict[str, Counter] = {}
    for row in ons:
        child = records.get(row["LAD21CD"].strip())
        if child is not None and child.region_name:
            regions_of_children.setdefault(row["CTY21CD"].strip(), Counter())[child.region_name] += 1
    for row in ons:
        county = row["CTY21CD"].strip()
        if county in records:
            continue
        commonest = regions_of_children.get(county, Counter()).most_common(1)
        region_name = commonest[0][0] if commonest else ""
        records[county] = AreaRecord(
            code=county,
            name=row["CTY21NM"].strip(),
            area_type="county" if county.startswith("E11") else "other",
            source="ons",
            nation="England",
            region_name=region_name,
            parent_code=REGIONS.get(region_name, ENGLAND),
        )
    return list(records.values())


@dataclass
class LoadResult:
    created: int
    updated: int
    total: int


@transaction.atomic
def load_geography(records: list[AreaRecord] | None = None) -> LoadResult:
    """Create or update every area by code; running it again changes nothing."""
    from joinedup.partnerships.models import Area

    records = records if records is not None else parse_sources()
    # Global reference data, maintained by site operators: no tenant to scope by.
    existing = {a.code: a for a in Area.objects.all()}
    fields = [
        "name",
        "official_name",
        "area_type",
        "source",
        "nation",
        "region_name",
        "registry_code",
        "start_date",
        "end_date",
        "replaced_by",
        "alt_names",
        "population",
    ]
    to_create, to_update = [], []
    for record in records:
        area = existing.get(record.code)
        if area is None:
            area = Area(code=record.code, is_fictional=False)
            to_create.append(area)
        elif any(getattr(area, name) != getattr(record, name) for name in fields):
            to_update.append(area)
        else:
            continue
        for name in fields:
            setattr(area, name, getattr(record, name))
    Area.objects.bulk_create(to_create, batch_size=500)
    if to_update:
        Area.objects.bulk_update(to_update, fields, batch_size=500)
    changed = {a.code for a in to_update}

    ids = dict(Area.objects.filter(code__in=[r.code for r in records]).values_list("code", "id"))
    current_parent = dict(Area.objects.filter(code__in=list(ids)).values_list("code", "parent_id"))
    reparent = []
    for record in records:
        parent_id = ids.get(record.parent_code) if record.parent_code else None
        if current_parent.get(record.code) != parent_id:
            reparent.append(Area(id=ids[record.code], parent_id=parent_id))
            if record.code in existing:
                changed.add(record.code)
    if reparent:
        Area.objects.bulk_update(reparent, ["parent"], batch_size=500)
    return LoadResult(created=len(to_create), updated=len(changed), total=len(records))


def area_option(area) -> dict:
    """How an area is offered when choosing one: enough to tell Oxford from Oxfordshire, and
    a current council from the one it replaced."""
    today = dt.date.today()
    ended = area.end_date is not None and area.end_date <= today
    planned = area.start_date is not None and area.start_date > today
    kind = area.get_area_type_display()
    where = f" in {area.parent.name}" if area.parent_id and area.parent.area_type != "country" else ""
    status = ""
    if ended:
        status = f", ended {area.end_date:%-d %B %Y}"
    elif planned:
        status = f", from {area.start_date:%-d %B %Y}"
    return {
        "code": area.code,
        "name": area.name,
        "type": area.area_type,
        "parent": area.parent.name if area.parent_id else "",
        "current": not ended and not planned,
        "label": f"{area.name} ({area.code})",
        "description": f"{kind}{where}{status}",
    }
