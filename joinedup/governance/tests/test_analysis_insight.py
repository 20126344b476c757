"""Pure-function tests for the governance insight figures: style, its flags, rhythm, voice
and how fast escalated exceptions are considered."""

from __future__ import annotations

import datetime as dt

from joinedup.governance import analysis_insight as insight

PURPOSES = {
    "decision": "Decision",
    "discussion": "Discussion",
    "strategic_debate": "Strategic debate",
    "performance": "Performance report",
    "finance": "Finance",
    "information": "Information",
}
KINDS = {"outcome": "Outcome", "output": "Output", "process": "Process", "input": "Input"}


def _style(*items: insight.ItemTime) -> insight.Style:
    return insight.style(items, purpose_labels=PURPOSES, data_kind_labels=KINDS)


def test_style_shares_minutes_allotted_by_purpose_and_by_kind_of_data():
    s = _style(
        insight.ItemTime("performance", "output", 30),
        insight.ItemTime("performance", "process", 10),
        insight.ItemTime("finance", "input", 20),
        insight.ItemTime("decision", "", 40),
    )
    assert s.total_minutes == 100
    purpose = {x.key: x.share for x in s.by_purpose}
    assert purpose == {"decision": 0.4, "performance": 0.4, "finance": 0.2}
    kinds = {x.key: x.minutes for x in s.by_data_kind}
    assert kinds == {"output": 30, "process": 10, "input": 20, "": 40}
    assert "100 minutes allotted across 4 agenda items" in s.explanation


def test_style_items_without_minutes_count_as_items_but_add_no_time():
    s = _style(insight.ItemTime("finance", "", None), insight.ItemTime("decision", "", 15))
    assert s.items == 2
    assert s.items_without_minutes == 1
    assert s.total_minutes == 15
    assert [x.key for x in s.by_purpose] == ["decision"]
    assert s.finance_items == 1
    assert "1 item had no minutes allotted" in s.explanation


def test_style_shares_follow_the_order_of_the_labels():
    s = _style(insight.ItemTime("information", "", 5), insight.ItemTime("decision", "", 5))
    assert [x.key for x in s.by_purpose] == ["decision", "information"]


def test_strategic_body_mostly_on_performance_and_information_is_flagged():
    s = _style(
        insight.ItemTime("performance", "output", 40),
        insight.ItemTime("information", "", 20),
        insight.ItemTime("finance", "input", 20),
        insight.ItemTime("strategic_debate", "outcome", 20),
    )
    flags = insight.style_flags("strategic", s)
    assert [f.kind for f in flags] == ["detail"]
    assert "60%" in flags[0].explanation


def test_strategic_body_at_exactly_half_on_detail_is_not_flagged():
    s = _style(insight.ItemTime("performance", "", 50), insight.ItemTime("finance", "", 50))
    assert insight.style_flags("strategic", s) == []


def test_executive_body_on_performance_detail_is_not_flagged_for_detail():
    s = _style(insight.ItemTime("performance", "", 90), insight.ItemTime("finance", "", 10))
    assert insight.style_flags("executive", s) == []


def test_body_that_never_discusses_money_is_flagged():
    s = _style(insight.ItemTime("decision", "", 30), insight.ItemTime("discussion", "", 30))
    flags = insight.style_flags("thematic", s)
    assert [f.kind for f in flags] == ["no_money"]
    assert "None of 2 agenda items" in flags[0].explanation


def test_body_with_no_items_is_not_judged():
    assert insight.style_flags("strategic", _style()) == []


def test_expected_meetings_uses_the_bodys_own_number_first():
    e = insight.expected_meetings("strategic", 6)
    assert (e.low, e.high) == (6, 6)
    assert "body's expected" in e.source


def test_expected_meetings_falls_back_to_the_reports_range_for_the_layer():
    assert (
        insight.expected_meetings("strategic", None).low,
        insight.expected_meetings("strategic", None).high,
    ) == (3, 4)
    assert insight.expected_meetings("executive", None).high == 12
    assert (
        insight.expected_meetings("thematic", None).low,
        insight.expected_meetings("thematic", None).high,
    ) == (12, 52)
    assert insight.expected_meetings("unknown", None) is None


def test_rhythm_counts_meetings_per_calendar_year_against_the_range():
    dates = [dt.date(2024, m, 1) for m in (1, 4, 7, 10, 12)] + [dt.date(2025, 3, 1)]
    years = insight.rhythm(dates, "strategic", None)
    assert [(y.year, y.held, y.verdict) for y in years] == [(2024, 5, "above"), (2025, 1, "below")]
    assert "5 meetings held in 2024" in years[0].explanation


def test_rhythm_years_with_no_meeting_count_as_zero_and_current_year_is_to_date():
    years = insight.rhythm(
        [dt.date(2024, 3, 1)] * 3, "strategic", None, years=range(2023, 2027), year_to_date=2026
    )
    assert [(y.year, y.held, y.verdict) for y in years] == [
        (2023, 0, "below"),
        (2024, 3, "within"),
        (2025, 0, "below"),
        (2026, 0, "to_date"),
    ]
    assert "not over" in years[-1].explanation


def test_rhythm_current_year_already_above_is_still_above():
    years = insight.rhythm([dt.date(2026, 1, 1)] * 5, "strategic", None, year_to_date=2026)
    assert years[0].verdict == "above"


def test_voice_shares_items_between_local_government_and_other_sectors():
    v = insight.voice(["local_government", "local_government", "health", "police", "", "local_government"])
    assert (v.local_government, v.other, v.unknown) == (3, 2, 1)
    assert v.local_share == 0.6
    assert v.by_sector[0] == ("local_government", 3)
    assert "1 item had no presenting organisation" in v.explanation


def test_voice_with_no_presenting_organisations_has_no_share():
    assert insight.voice(["", ""]).local_share is None


def _at(day: int, hour: int = 9) -> dt.datetime:
    return dt.datetime(2025, 1, day, hour, tzinfo=dt.UTC)


def test_escalation_speed_counts_days_from_raised_to_considered():
    rows = [
        insight.EscalationRow(1, "considered", _at(1), _at(11)),
        insight.EscalationRow(2, "considered", _at(1), _at(21)),
        insight.EscalationRow(3, "considered", _at(1, 9), _at(2, 8)),  # 23 hours: 0 days
        insight.EscalationRow(4, "open", _at(5)),
        insight.EscalationRow(5, "withdrawn", _at(6)),
    ]
    s = insight.escalation_speed(rows, now=_at(30))
    assert (s.raised, s.considered, s.open, s.withdrawn) == (5, 3, 1, 1)
    assert dict(s.days_to_consider) == {1: 10, 2: 20, 3: 0}
    assert s.median_days == 10
    assert s.longest_open_days == 25
    assert "median 10 days" in s.explanation and "1 still waiting, the longest for 25 days" in s.explanation


def test_escalation_speed_with_nothing_escalated():
    s = insight.escalation_speed([], now=_at(1))
    assert s.median_days is None and s.longest_open_days is None
    assert s.explanation.startswith("0 exceptions escalated")


def test_rhythm_first_year_of_records_starting_mid_year_is_part_year_not_below():
    years = insight.rhythm(
        [dt.date(2024, 11, 5), dt.date(2025, 3, 1)], "strategic", None, records_from=dt.date(2024, 11, 5)
    )
    assert [(y.year, y.verdict) for y in years] == [(2024, "part_year"), (2025, "below")]
    assert "records start on 05 November 2024" in years[0].explanation


def test_rhythm_records_from_january_judge_the_whole_year():
    years = insight.rhythm([dt.date(2024, 1, 10)], "strategic", None, records_from=dt.date(2024, 1, 10))
    assert years[0].verdict == "below"
