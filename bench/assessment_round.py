"""Benchmark: the results of a 500-respondent self-assessment round of the shipped 7S framework.

Issue 7's "Done means": a benchmark aggregating a 500-respondent round, as a ratio against a
plain SQL count of the same answers. This script, on a scratch PostgreSQL database it creates
(and drops):

  1. migrates (which installs the shipped 7S framework) and makes a fictional partnership
     with a closed round of that framework: --respondents submitted responses (default 500)
     spread over ten sectors and three layers, every question answered (about 8% "Don't
     know", some comments), a consensus answer per question, and a previous round of 200
     respondents so "change since" is computed too. Made directly, as the test factories do:
     the respondents' journey through their links is not what is measured;
  2. times (a) `selectors_results.round_results(round)`, the one selector the results pages,
     the export and the review paper read (every query and every figure: scores, spread,
     suppressed group means, gaps, consensus, maturity, change), without live evidence
     (`include_live_evidence=False`, so both sides read only the answers), and also with it;
     (b) one plain statement counting the same answers (bench/assessment_answers.sql: by
     question and choice, by question, choice and sector, and by layer, and respondents by
     group), fetching every row; medians of --repeat runs; prints both and the ratio (a)/(b);
  3. requests the round's results page with Django's test Client as a coordinator (first
     request, then --requests more), p50/p95.

    .venv/bin/python bench/assessment_round.py
    .venv/bin/python bench/assessment_round.py --respondents 2000 --profile var/assessment.prof

`make bench-assessment` runs it. See bench/README.md. It is a benchmark, never a test: it prints
ratios and exits 0 whatever they are (unless --fail-above is given).
"""

from __future__ import annotations

import argparse
import cProfile
import datetime as dt
import pstats
import random
import statistics
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from dashboard import SqlTimer, ms, percentile  # noqa: E402
from import_observations import scratch_database, setup_django  # noqa: E402

SQL = (ROOT / "bench" / "assessment_answers.sql").read_text()
SEED = 7
SECTORS = (
    ("local_government", 0.30),
    ("health", 0.14),
    ("police", 0.06),
    ("fire", 0.04),
    ("education", 0.08),
    ("business", 0.10),
    ("voluntary", 0.16),
    ("faith", 0.03),  # a small group: suppressed, and complementary suppression hides another
    ("housing", 0.06),
    ("other_public", 0.03),
)
LAYERS = (("strategic", 0.25), ("executive", 0.15), ("thematic", 0.60))
# Chance of in place / partly / not in place by sector (the rest of the answers are "Don't know").
LEANING = {
    "local_government": (0.55, 0.30, 0.07),
    "business": (0.20, 0.40, 0.32),
    "voluntary": (0.18, 0.40, 0.34),
}
DEFAULT_LEANING = (0.38, 0.36, 0.18)


def seven_s() -> tuple[Any, bool]:
    """The shipped 7S framework's current version (installed by migrate), or, in a checkout
    without the frameworks part, a stand-in of the same shape (7 elements, 36 questions)."""
    try:
        from joinedup.assessment.services.frameworks import shipped_7s
    except ImportError:
        from joinedup.assessment.tests.factories import make_version

        elements = (
            ("scs", "Sustainable Community Strategy", "centre"),
            ("staff_skills", "Staff and skills", "transformational"),
            ("style", "Style", "transformational"),
            ("synergies", "Synergies", "transformational"),
            ("steering", "Steering", "transactional"),
            ("standards", "Standards", "transactional"),
            ("systems", "Systems", "transactional"),
        )
        # 7 elements x 5 questions, and one more on the centre: 36, as the shipped framework.
        version = make_version(key="7s-stand-in", elements=elements, questions_per_element=5)
        from joinedup.assessment.models import Element, Question

        scs = Element.objects.get(version=version, key="scs")
        Question.objects.create(
            element=scs, key="scs-6", position=6, text="Stand-in?", in_place="a", partly="b", not_in_place="c"
        )
        return version, True
    return shipped_7s(), False


def _pick(rng: random.Random, weighted: tuple[tuple[str, float], ...]) -> str:
    return rng.choices([k for k, _ in weighted], [w for _, w in weighted])[0]


def _answers(
    rng: random.Random, sector: str, questions: list[Any], shift: float
) -> list[tuple[Any, str, str]]:
    in_place, partly, not_in_place = LEANING.get(sector, DEFAULT_LEANING)
    out = []
    for q in questions:
        tilt = ((q.pk * 37) % 11 - 5) / 40 + shift  # some questions stronger than others
        weights = [max(in_place + tilt, 0.01), partly, max(not_in_place - tilt, 0.01), 0.08]
        choice = rng.choices(["in_place", "partly", "not_in_place", "dont_know"], weights)[0]
        comment = "Synthetic comment." if rng.random() < 0.03 else ""
        out.append((q, choice, comment))
    return out


def make_round(respondents: int) -> dict[str, Any]:
    """A fictional partnership with a closed round of `respondents` submitted responses, a
    consensus answer per question, and a previous round of 200."""
    from django.contrib.auth import get_user_model
    from django.utils import timezone

    from joinedup.assessment.models import Answer, ConsensusAnswer, Question, Response, ResponseStatus, Round
    from joinedup.partnerships.models import Partnership, PartnershipRole, Role

    version, stand_in = seven_s()
    partnership = Partnership.objects.create(
        slug="bench-assessment",
        name="Synthetic partnership (assessment benchmark)",
        partnership_type="place",
        tier="unitary",
        is_fictional=True,
    )
    user = get_user_model().objects.create_user(email="bench.coordinator@example.invalid", password=None)
    PartnershipRole.objects.create(partnership=partnership, user=user, role=Role.ADMIN)
    questions = list(
        Question.objects.filter(element__version=version).order_by("element__position", "position")
    )
    today = timezone.localdate()
    rng = random.Random(SEED)

    def one_round(title: str, n: int, opens: dt.date, previous: Any, shift: float) -> Any:
        round_ = Round.objects.create(
            partnership=partnership,
            framework_version=version,
            title=title,
            opens_on=opens,
            closes_on=opens + dt.timedelta(days=28),
            closed_at=timezone.now(),
            previous_round=previous,
        )
        responses = Response.objects.bulk_create(
            Response(
                partnership=partnership,
                round=round_,
                sector=_pick(rng, SECTORS),
                layer=_pick(rng, LAYERS),
                status=ResponseStatus.SUBMITTED,
                submitted_on=opens + dt.timedelta(days=rng.randrange(28)),
            )
            for _ in range(n)
        )
        Answer.objects.bulk_create(
            (
                Answer(response=r, question=q, choice=c, comment=comment)
                for r in responses
                for q, c, comment in _answers(rng, r.sector, questions, shift)
            ),
            batch_size=5000,
        )
        return round_

    before = one_round("Self-assessment last year", 200, today - dt.timedelta(days=400), None, -0.05)
    round_ = one_round("Self-assessment this year", respondents, today - dt.timedelta(days=40), before, 0.0)
    ConsensusAnswer.objects.bulk_create(
        ConsensusAnswer(
            partnership=partnership,
            round=round_,
            question=q,
            choice=("in_place", "partly", "not_in_place")[q.pk % 3],
            recorded_by=user,
        )
        for q in questions
    )
    return {
        "partnership": partnership,
        "round": round_,
        "user": user,
        "stand_in": stand_in,
        "questions": len(questions),
    }


def product_path(round_: Any, *, evidence: bool = False) -> Any:
    from joinedup.assessment import selectors_results

    return selectors_results.round_results(round_, include_live_evidence=evidence)


def fresh_round(round_: Any) -> Any:
    """The round as a view gets it (one row, nothing cached on it)."""
    from joinedup.assessment.models import Round

    return Round.objects.select_related("partnership", "framework_version").get(pk=round_.pk)


def time_product(round_: Any, repeat: int, *, evidence: bool = False) -> tuple[list[float], SqlTimer, Any]:
    from django.db import connection

    times, timer, results = [], SqlTimer(), None
    for _ in range(repeat):
        target = fresh_round(round_)
        start = time.perf_counter()
        with connection.execute_wrapper(timer):
            results = product_path(target, evidence=evidence)
        times.append(time.perf_counter() - start)
    return times, timer, results


def time_sql(round_id: int, repeat: int) -> tuple[list[float], int, int]:
    from django.db import connection

    times, rows, answers = [], 0, 0
    for _ in range(repeat):
        start = time.perf_counter()
        with connection.cursor() as cursor:
            cursor.execute(SQL, {"round": round_id})
            fetched = cursor.fetchall()
        times.append(time.perf_counter() - start)
        rows = len(fetched)
        # grouping_set 3: the (question, choice) set, so its counts add up to every answer.
        answers = sum(r[5] for r in fetched if r[4] == 3 and r[0] is not None)
    return times, rows, answers


def time_http(world: dict[str, Any], requests: int) -> tuple[float, list[float], int] | None:
    from django.test import Client
    from django.urls import NoReverseMatch, reverse

    try:
        url = reverse(
            "assessment:results", kwargs={"slug": world["partnership"].slug, "round_id": world["round"].pk}
        )
    except NoReverseMatch:
        return None
    client = Client()
    client.force_login(world["user"])
    start = time.perf_counter()
    response = client.get(url)
    first = time.perf_counter() - start
    if response.status_code != 200:
        raise SystemExit(f"The results page answered {response.status_code}")
    size = len(response.content)
    times = []
    for _ in range(requests):
        start = time.perf_counter()
        response = client.get(url)
        times.append(time.perf_counter() - start)
        assert response.status_code == 200
    return first, times, size


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--respondents", type=int, default=500)
    parser.add_argument("--repeat", type=int, default=15, help="Runs of (a) and (b) each (median).")
    parser.add_argument("--requests", type=int, default=20, help="Results page requests (p50/p95).")
    parser.add_argument("--profile", help="Write a cProfile of one product run here and print its top.")
    parser.add_argument("--keep", action="store_true", help="Keep the scratch database.")
    parser.add_argument("--fail-above", type=float, help="Exit 1 if the ratio is above this.")
    args = parser.parse_args()

    with scratch_database(args.keep) as name:
        print(f"Scratch database {name}: migrating...", flush=True)
        setup_django(name)
        from django.db import connection

        start = time.perf_counter()
        world = make_round(args.respondents)
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
        print(f"Made the rounds in {time.perf_counter() - start:,.1f} s", flush=True)
        if world["stand_in"]:
            print(
                "NOTE: the shipped 7S framework is not in this checkout; "
                "a stand-in of the same shape is used."
            )
        round_ = world["round"]

        product_path(fresh_round(round_))  # warm: imports, connection, plans
        time_sql(round_.pk, 1)
        product_times, timer, results = time_product(round_, args.repeat)
        sql_times, sql_rows, sql_answers = time_sql(round_.pk, args.repeat)
        evidence_times, evidence_timer, _ = time_product(round_, args.repeat, evidence=True)
        a, b = statistics.median(product_times), statistics.median(sql_times)
        queries = timer.queries // args.repeat
        in_sql = timer.seconds / args.repeat
        answered = sum(q.score.responses for q in results.questions)
        if answered != sql_answers:
            raise SystemExit(f"round_results counted {answered} answers, the SQL {sql_answers}")
        print()
        print(
            f"Round: {results.respondents} respondents x {world['questions']} questions "
            f"= {answered:,} answers "
            f"(previous round 200 respondents)"
        )
        print(
            f"(a) round_results, answers only  : {ms(a)} median of {args.repeat} "
            f"({queries} queries, {ms(in_sql)} in SQL, {ms(a - in_sql)} in Python)"
        )
        print(f"(b) plain SQL count ({sql_rows:,} rows): {ms(b)} median of {args.repeat}")
        print(f"Ratio (a)/(b): {a / b:.2f}")
        print(
            f"(a') round_results with live evidence: {ms(statistics.median(evidence_times))} median "
            f"({evidence_timer.queries // args.repeat} queries)"
        )
        if args.profile:
            profiler = cProfile.Profile()
            profiler.enable()
            product_path(fresh_round(round_))
            profiler.disable()
            profiler.dump_stats(args.profile)
            pstats.Stats(args.profile).sort_stats("cumulative").print_stats(25)

        page = time_http(world, args.requests)
        if page is None:
            print("Results page: not in this checkout (the results part is not merged); not timed.")
        else:
            first, page_times, size = page
            print(f"Results page ({size:,} bytes):")
            print(f"  first request: {ms(first)}")
            print(
                f"  {args.requests} requests: p50 {ms(percentile(page_times, 50))}, "
                f"p95 {ms(percentile(page_times, 95))}"
            )
    if args.fail_above is not None and a / b > args.fail_above:
        sys.exit(1)


if __name__ == "__main__":
    main()
