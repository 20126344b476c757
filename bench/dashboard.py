"""Benchmark: the performance dashboard of a partnership of 200 indicators on a national data set.

The issue's speed goal: on PostgreSQL, the selectors and analysis that produce the dashboard's
figures run within 3x of one hand-written SQL statement (bench/dashboard_inputs.sql) that
fetches the same inputs using the product's own indexes; the full response time (p50/p95,
charts included) is reported beside it. This script, on a scratch database it creates (and
drops) on the PostgreSQL server:

  1. migrates, and generates a synthetic national data set with
     `manage.py generate_national_data` (through the one observation writer);
  2. makes a fictional partnership using 200 of the shared indicators, one headline area,
     an approved target per indicator for the last quarter and for a year on, commentary on
     half of them, and a comparator group (15 neighbours, Synthetic England as benchmark);
  3. times (a) the product's path, as the dashboard view calls it:
     `selectors_insight.links` + `selectors_insight.indicator_facts` (every query and every
     figure: RAG, benchmark, rank, trend, forecast...), split into time in SQL and in Python;
     (b) the hand-written statement, fetching every row (median of --repeat runs each, taken in turn);
     and prints both and the ratio (a)/(b), goal <= 3;
  4. requests the dashboard page with Django's test Client: the first request with empty chart
     caches, then --requests more (charts cached), p50/p95.

    .venv/bin/python bench/dashboard.py                       # --scale small (a few minutes)
    .venv/bin/python bench/dashboard.py --scale full          # 400 x 300 x 40 = 4.8M values
    .venv/bin/python bench/dashboard.py --profile var/dashboard.prof

`make bench-dashboard` runs it. See bench/README.md. It is a benchmark, never a test: it prints
ratios and exits 0 whatever they are (unless --fail-above is given).
"""

from __future__ import annotations

import argparse
import cProfile
import pstats
import statistics
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from import_observations import scratch_database, setup_django  # noqa: E402

SCALES = {
    # areas, indicators, periods
    "tiny": (20, 200, 12),
    "small": (60, 220, 40),
    "full": (400, 300, 40),
}
LINKED = 200
NEIGHBOURS = 15
SQL = (ROOT / "bench" / "dashboard_inputs.sql").read_text()


def make_partnership() -> dict[str, Any]:
    """A fictional partnership using 200 synthetic indicators, with targets, commentary, a
    comparator group and a viewer. Made directly (as the test factories do): the services'
    approval journeys are not what is measured."""
    from django.contrib.auth import get_user_model
    from django.utils import timezone

    from joinedup.core.periods import Period
    from joinedup.partnerships.models import Area, Partnership, PartnershipRole, Role
    from joinedup.performance.management.commands.generate_national_data import (
        COUNTRY_CODE,
        LAST_YEAR,
        area_code,
    )
    from joinedup.performance.models import (
        Commentary,
        ComparatorGroup,
        ComparatorMember,
        Indicator,
        Observation,
        PartnershipIndicator,
        Target,
    )

    partnership = Partnership.objects.create(
        slug="bench-dashboard",
        name="Synthetic partnership (benchmark)",
        partnership_type="place",
        tier="unitary",
        is_fictional=True,
    )
    area = Area.objects.get(code=area_code(1))
    partnership.areas.add(area)
    country = Area.objects.get(code=COUNTRY_CODE)
    indicators = list(
        Indicator.objects.filter(partnership=None, code__startswith="SYN ").order_by("code")[:LINKED]
    )
    PartnershipIndicator.objects.bulk_create(
        [PartnershipIndicator(partnership=partnership, indicator=i) for i in indicators]
    )
    last = Period.quarter(LAST_YEAR, 4)
    latest = dict(
        Observation.objects.filter(area=area, period=last, superseded_at__isnull=True).values_list(
            "indicator_id", "value"
        )
    )
    now = timezone.now()
    targets = []
    for n, indicator in enumerate(indicators):
        value = latest.get(indicator.pk) or 1.0
        # A third above, a third just short, a third well short: greens, ambers and reds.
        factor = (0.9, 1.01, 1.2)[n % 3] if indicator.polarity != "lower" else (1.1, 0.99, 0.8)[n % 3]
        for period, f in ((last, factor), (Period.quarter(LAST_YEAR + 1, 4), factor * 1.05)):
            targets.append(
                Target(
                    partnership=partnership,
                    indicator=indicator,
                    area=area,
                    period=period,
                    value=round(value * f, 3),
                    tolerance=abs(value) * 0.02,
                    approved_at=now,
                )
            )
    Target.objects.bulk_create(targets)
    Commentary.objects.bulk_create(
        [
            Commentary(
                partnership=partnership,
                indicator=i,
                period=last,
                happening="Synthetic commentary.",
                doing="Synthetic action.",
                written_by_label="Benchmark",
            )
            for i in indicators[::2]
        ]
    )
    group = ComparatorGroup.objects.create(
        partnership=partnership, name="Synthetic neighbours", subject_area=area, benchmark_area=country
    )
    neighbours = list(Area.objects.filter(code__in=[area_code(k) for k in range(2, NEIGHBOURS + 2)]))
    ComparatorMember.objects.bulk_create(
        [ComparatorMember(group=group, area=area, rank=None)]
        + [ComparatorMember(group=group, area=a, rank=r) for r, a in enumerate(neighbours, start=1)]
    )
    user = get_user_model().objects.create_user(email="bench@example.invalid", password=None)
    PartnershipRole.objects.create(partnership=partnership, user=user, role=Role.VIEWER)
    return {"partnership": partnership, "area": area, "benchmark": country, "group": group, "user": user}


@contextmanager
def existing_database(name: str) -> Iterator[str]:
    """A database kept by an earlier run (--keep), used as it is and left in place."""
    try:
        yield name
    finally:
        from django.db import connections

        connections.close_all()


def existing_partnership() -> dict[str, Any]:
    """The benchmark partnership `make_partnership` made in a kept database."""
    from django.contrib.auth import get_user_model

    from joinedup.partnerships.models import Partnership
    from joinedup.performance.models import ComparatorGroup

    partnership = Partnership.objects.get(slug="bench-dashboard")
    group = ComparatorGroup.objects.select_related("subject_area", "benchmark_area").get(
        partnership=partnership
    )
    user = get_user_model().objects.get(email="bench@example.invalid")
    return {
        "partnership": partnership,
        "area": group.subject_area,
        "benchmark": group.benchmark_area,
        "group": group,
        "user": user,
    }


class SqlTimer:
    """Time spent inside the database driver (execute), summed over a block."""

    def __init__(self) -> None:
        self.seconds = 0.0
        self.queries = 0

    def __call__(self, execute, sql, params, many, context):
        start = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            self.seconds += time.perf_counter() - start
            self.queries += 1


def product_path(partnership: Any) -> Any:
    """What the dashboard view computes its figures with (views/insight.py `_dashboard`)."""
    from joinedup.performance import selectors_insight

    rows = list(selectors_insight.links(partnership))
    return selectors_insight.indicator_facts(partnership, rows)


def time_product(partnership: Any, repeat: int, timer: SqlTimer) -> tuple[list[float], SqlTimer, Any]:
    from django.db import connection

    times, bundle = [], None
    for _ in range(repeat):
        start = time.perf_counter()
        with connection.execute_wrapper(timer):
            bundle = product_path(partnership)
        times.append(time.perf_counter() - start)
    return times, timer, bundle


def time_sql(params: dict[str, int], repeat: int) -> tuple[list[float], int]:
    from django.db import connection

    times, rows = [], 0
    for _ in range(repeat):
        start = time.perf_counter()
        with connection.cursor() as cursor:
            cursor.execute(SQL, params)
            rows = len(cursor.fetchall())
        times.append(time.perf_counter() - start)
    return times, rows


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    k = max(0, min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1))))
    return ordered[k]


def time_http(partnership: Any, user: Any, requests: int) -> tuple[float, list[float], int, int]:
    from django.core.cache import caches
    from django.test import Client
    from django.urls import reverse

    client = Client()
    client.force_login(user)
    url = reverse("performance:dashboard", kwargs={"slug": partnership.slug})
    for alias in caches:
        caches[alias].clear()
    start = time.perf_counter()
    response = client.get(url)
    first = time.perf_counter() - start
    if response.status_code != 200:
        raise SystemExit(f"The dashboard answered {response.status_code}")
    size = len(response.content)
    charts = response.content.count(b"<svg")
    times = []
    for _ in range(requests):
        start = time.perf_counter()
        response = client.get(url)
        times.append(time.perf_counter() - start)
        assert response.status_code == 200
    return first, times, size, charts


def ms(seconds: float) -> str:
    return f"{seconds * 1000:,.1f} ms"


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--scale", choices=sorted(SCALES), default="small")
    parser.add_argument("--repeat", type=int, default=15, help="Runs of (a) and (b) each (median).")
    parser.add_argument("--requests", type=int, default=20, help="Cached-chart page requests (p50/p95).")
    parser.add_argument("--profile", help="Write a cProfile of one product run here and print its top.")
    parser.add_argument("--keep", action="store_true", help="Keep the scratch database.")
    parser.add_argument(
        "--database",
        help="Time against this database, kept by an earlier --keep run of the same --scale (no "
        "generating; it is left in place). Repeat measurements of one data set this way.",
    )
    parser.add_argument("--fail-above", type=float, help="Exit 1 if the ratio is above this.")
    args = parser.parse_args()
    areas, indicators, periods = SCALES[args.scale]

    with scratch_database(args.keep) if args.database is None else existing_database(args.database) as name:
        if args.database is None:
            print(f"Scratch database {name}: migrating...", flush=True)
        setup_django(name)
        from django.core.management import call_command
        from django.db import connection

        values = (areas + 1) * indicators * periods
        if args.database is None:
            print(
                f"Generating {areas} areas (+ Synthetic England) x {indicators} indicators x {periods} "
                f"quarters = {values:,} values",
                flush=True,
            )
            start = time.perf_counter()
            call_command("generate_national_data", areas=areas, indicators=indicators, periods=periods)
            generated = time.perf_counter() - start
            print(f"Generated in {generated:,.1f} s ({values / generated:,.0f} values/s)", flush=True)
            world = make_partnership()
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
        else:
            world = existing_partnership()
            print(
                f"Database {name} as generated earlier (--scale {args.scale}: {values:,} values)", flush=True
            )
        partnership = world["partnership"]
        params = {
            "partnership": partnership.pk,
            "area": world["area"].pk,
            "benchmark": world["benchmark"].pk,
            "group": world["group"].pk,
        }

        product_path(partnership)  # warm: imports, connection, plans
        time_sql(params, 1)
        # Interleaved, one run of each in turn: on a shared machine a burst of load then falls on
        # both sides of the ratio instead of on whichever happened to be running.
        product_times, sql_times, timer = [], [], SqlTimer()
        for _ in range(args.repeat):
            times, _, bundle = time_product(partnership, 1, timer)
            product_times += times
            times, sql_rows = time_sql(params, 1)
            sql_times += times
        a, b = statistics.median(product_times), statistics.median(sql_times)
        queries = timer.queries // args.repeat
        in_sql = timer.seconds / args.repeat
        cards = len(bundle.cards)
        print()
        print(f"Data: {values:,} values; partnership of {cards} indicators, {NEIGHBOURS} neighbours")
        print(
            f"(a) product selectors + analysis : {ms(a)} median of {args.repeat} "
            f"({queries} queries, {ms(in_sql)} in SQL, {ms(a - in_sql)} in Python)"
        )
        print(f"(b) hand-written SQL ({sql_rows:,} rows): {ms(b)} median of {args.repeat}")
        ratio = a / b
        print(f"Ratio (a)/(b): {ratio:.2f}  (goal <= 3.00: {'met' if ratio <= 3 else 'NOT met'})")
        if args.profile:
            profiler = cProfile.Profile()
            profiler.enable()
            product_path(partnership)
            profiler.disable()
            profiler.dump_stats(args.profile)
            pstats.Stats(args.profile).sort_stats("cumulative").print_stats(25)

        first, page_times, size, svgs = time_http(partnership, world["user"], args.requests)
        print(f"Dashboard page ({size:,} bytes, {svgs} SVG charts):")
        print(f"  first request (charts drawn): {ms(first)}")
        print(
            f"  cached charts, {args.requests} requests: p50 {ms(percentile(page_times, 50))}, "
            f"p95 {ms(percentile(page_times, 95))}"
        )
    if args.fail_above is not None and ratio > args.fail_above:
        sys.exit(1)


if __name__ == "__main__":
    main()
