"""The agenda suggestion as a pure function: what is suggested, why, and in what order."""

from __future__ import annotations

import datetime as dt

from joinedup.governance import analysis_thread as a

TODAY = dt.date(2026, 3, 10)
MEETING = dt.date(2026, 3, 24)


def inputs(**kwargs):
    return a.Inputs(layer="strategic", meeting_date=MEETING, **kwargs)


def test_every_open_escalation_is_suggested_with_its_variance_and_reason():
    e = a.EscalationIn(
        7, "Delayed transfers", "2025/26", "12.4 above the target", "Winter pressure", TODAY, "Exec"
    )
    [s] = a.suggest(inputs(escalations=[e]), today=TODAY)
    assert (s.kind, s.pk, s.key, s.link, s.purpose) == (
        "escalation",
        7,
        "escalation-7",
        "escalations",
        "performance",
    )
    assert "12.4 above the target" in s.why and "Winter pressure" in s.why and "by Exec" in s.why


def test_only_red_or_significantly_worse_indicators_are_suggested():
    got = a.suggest(
        inputs(
            indicators=[
                a.IndicatorIn(1, "Red", "red"),
                a.IndicatorIn(2, "Amber", "amber"),
                a.IndicatorIn(3, "Green but worse", "green", significantly_worse=True),
                a.IndicatorIn(4, "Not rated", "not_rated"),
            ]
        ),
        today=TODAY,
    )
    assert [s.pk for s in got] == [1, 3]
    assert "red against its target" in got[0].why
    assert "significantly worse than its benchmark" in got[1].why


def test_an_action_is_overdue_only_when_due_before_today_and_still_open():
    got = a.suggest(
        inputs(
            actions=[
                a.ActionIn(1, "Late", dt.date(2026, 3, 9), "at_risk", "At risk"),
                a.ActionIn(2, "Due today", TODAY, "on_track"),
                a.ActionIn(3, "Late but complete", dt.date(2026, 1, 1), "complete"),
                a.ActionIn(4, "Late but cancelled", dt.date(2026, 1, 1), "cancelled"),
                a.ActionIn(5, "No date", None, "on_track"),
            ]
        ),
        today=TODAY,
    )
    assert [s.pk for s in got] == [1]
    assert "1 day ago" in got[0].why and "at risk" in got[0].why


def test_risks_are_suggested_only_when_escalated_to_the_bodys_layer_and_open():
    got = a.suggest(
        inputs(
            risks=[
                a.RiskIn(1, "Ours", "strategic", 16),
                a.RiskIn(2, "Executive's", "executive", 20),
                a.RiskIn(3, "Not escalated", "", 25),
                a.RiskIn(4, "Closed", "strategic", 25, closed=True),
            ]
        ),
        today=TODAY,
    )
    assert [s.pk for s in got] == [1]
    assert "score 16" in got[0].why


def test_decisions_due_back_by_the_meeting_date_are_suggested_unless_done():
    got = a.suggest(
        inputs(
            decisions=[
                a.DecisionIn(1, "Report on the pilot", dt.date(2026, 3, 1), "agreed", "Board, 1 Dec 2025"),
                a.DecisionIn(2, "Due at the meeting", MEETING, "in_progress"),
                a.DecisionIn(3, "Due after the meeting", MEETING + dt.timedelta(days=1), "agreed"),
                a.DecisionIn(4, "Done", dt.date(2026, 3, 1), "done"),
                a.DecisionIn(5, "Superseded", dt.date(2026, 3, 1), "superseded"),
            ]
        ),
        today=TODAY,
    )
    assert [s.pk for s in got] == [1, 2]
    assert "was due" in got[0].why and "is due" in got[1].why
    assert got[0].link == "decisions_reported" and got[0].purpose == "decision"


def test_suggestions_come_in_order_escalations_decisions_indicators_risks_actions():
    got = a.suggest(
        inputs(
            actions=[a.ActionIn(1, "Late", dt.date(2026, 1, 1), "off_track")],
            risks=[a.RiskIn(1, "Risk", "strategic", 9)],
            indicators=[a.IndicatorIn(1, "Red", "red")],
            decisions=[a.DecisionIn(1, "Back", TODAY, "agreed")],
            escalations=[a.EscalationIn(1, "Ind", "2025", "v", "r", TODAY)],
        ),
        today=TODAY,
    )
    assert [s.kind for s in got] == ["escalation", "decision", "indicator", "risk", "action"]


def test_a_suggestion_already_linked_on_the_agenda_is_marked():
    got = a.suggest(
        inputs(indicators=[a.IndicatorIn(1, "Red", "red"), a.IndicatorIn(2, "Red too", "red")],
               on_agenda=frozenset({"indicator-2"})),
        today=TODAY,
    )  # fmt: skip
    assert [(s.pk, s.on_agenda) for s in got] == [(1, False), (2, True)]


def test_chosen_keeps_the_suggestion_order_and_ignores_unknown_keys():
    got = a.suggest(
        inputs(indicators=[a.IndicatorIn(1, "A", "red"), a.IndicatorIn(2, "B", "red")]), today=TODAY
    )
    assert [s.pk for s in a.chosen(got, ["indicator-2", "indicator-1", "risk-99"])] == [1, 2]
