"""The quorum rule, attendance rates, overdue records, challenge over time and prompts to
declare: pure functions, tested with examples and Hypothesis."""

from __future__ import annotations

import datetime as dt

from hypothesis import given
from hypothesis import strategies as st

from joinedup.governance import analysis_record as a

STATUSES = [a.PRESENT, a.REMOTE, a.DEPUTY, a.APOLOGIES, a.ABSENT]
rows_strategy = st.lists(
    st.builds(
        a.SeatRow,
        status=st.sampled_from(STATUSES),
        is_voting=st.booleans(),
        has_seat=st.booleans(),
        sector=st.sampled_from(["health", "police", "local_government"]),
    ),
    max_size=30,
)


def seats(*statuses: str, sector: str = "") -> list[a.SeatRow]:
    return [a.SeatRow(status=s, sector=sector) for s in statuses]


def test_council_committee_does_not_count_remote_attendance():
    rule = a.QuorumRule(kind="number", value=5, remote_counts=False)
    rows = seats(*[a.PRESENT] * 4, a.REMOTE, a.REMOTE, *[a.APOLOGIES] * 4)
    result = a.quorum(rule, rows)
    assert result.quorate is False
    assert result.present == 4
    assert result.remote_not_counted == 2
    assert result.explanation.startswith(
        "4 of 10 voting seats present in person or by deputy; the rule needs 5"
    )
    assert "remote attendance does not count for this body" in result.explanation
    assert result.explanation.endswith("Not quorate.")


def test_remote_attendance_counts_where_the_body_says_so():
    rule = a.QuorumRule(kind="number", value=5, remote_counts=True)
    rows = seats(*[a.PRESENT] * 4, a.REMOTE, a.REMOTE, *[a.APOLOGIES] * 4)
    assert a.quorum(rule, rows).quorate is True


def test_six_of_ten_in_person_meets_a_rule_of_five():
    rule = a.QuorumRule(kind="number", value=5, remote_counts=False)
    result = a.quorum(rule, seats(*[a.PRESENT] * 6, *[a.ABSENT] * 4))
    assert result.quorate is True
    assert result.explanation == (
        "6 of 10 voting seats present in person or by deputy; the rule needs 5; "
        "remote attendance does not count for this body. Quorate."
    )


def test_a_deputy_counts_for_their_seat():
    rule = a.QuorumRule(kind="number", value=2, remote_counts=False)
    assert a.quorum(rule, seats(a.PRESENT, a.DEPUTY, a.ABSENT)).quorate is True


def test_a_share_rule_rounds_up():
    rule = a.QuorumRule(kind="share", value=50, remote_counts=True)
    # 50% of 7 is 3.5: four seats are needed.
    result = a.quorum(rule, seats(a.PRESENT, a.PRESENT, a.PRESENT, *[a.ABSENT] * 4))
    assert result.needed == 4
    assert result.quorate is False
    assert "50% of 7, rounded up" in result.explanation


def test_non_voting_seats_and_other_attendees_never_count():
    rule = a.QuorumRule(kind="number", value=2)
    rows = [
        a.SeatRow(a.PRESENT),
        a.SeatRow(a.PRESENT, is_voting=False),
        a.SeatRow(a.PRESENT, has_seat=False),
        a.SeatRow(a.ABSENT),
    ]
    result = a.quorum(rule, rows)
    assert (result.present, result.voting_seats, result.quorate) == (1, 2, False)


def test_a_required_sector_must_be_present():
    rule = a.QuorumRule(kind="number", value=2, required_sectors=("health", "police"))
    rows = [a.SeatRow(a.PRESENT, sector="health"), a.SeatRow(a.PRESENT, sector="local_government")]
    result = a.quorum(rule, rows, sector_labels={"police": "Police", "health": "Health"})
    assert result.quorate is False
    assert result.missing_sectors == ("police",)
    assert "no one was present for Police" in result.explanation


def test_no_rule_means_quoracy_is_not_judged():
    result = a.quorum(a.QuorumRule(kind="number", value=None), seats(a.PRESENT))
    assert result.quorate is None
    assert "no quorum rule" in result.explanation


@given(rows=rows_strategy, value=st.integers(min_value=0, max_value=20), remote=st.booleans())
def test_quorate_exactly_when_enough_voting_seats_count(rows, value, remote):
    rule = a.QuorumRule(kind="number", value=value, remote_counts=remote)
    result = a.quorum(rule, rows)
    counting = {a.PRESENT, a.DEPUTY} | ({a.REMOTE} if remote else set())
    expected = sum(1 for r in rows if r.has_seat and r.is_voting and r.status in counting)
    assert result.present == expected
    assert result.quorate is (expected >= value)
    assert result.explanation.endswith("Quorate." if result.quorate else "Not quorate.")


@given(rows=rows_strategy, value=st.integers(min_value=0, max_value=20))
def test_counting_remote_attendance_never_makes_a_meeting_inquorate(rows, value):
    strict = a.quorum(a.QuorumRule(kind="number", value=value, remote_counts=False), rows)
    lenient = a.quorum(a.QuorumRule(kind="number", value=value, remote_counts=True), rows)
    assert lenient.present >= strict.present
    assert not (strict.quorate and not lenient.quorate)


@given(share=st.integers(min_value=0, max_value=100), voting=st.integers(min_value=0, max_value=60))
def test_a_share_needs_the_smallest_whole_number_of_seats_at_least_that_share(share, voting):
    needed = a.seats_needed(a.QuorumRule(kind="share", value=share), voting)
    assert needed * 100 >= share * voting
    assert needed == 0 or (needed - 1) * 100 < share * voting


def test_quoracy_counts_only_judged_meetings():
    result = a.quoracy([True, False, True, None])
    assert (result.quorate, result.judged, result.not_judged) == (2, 3, 1)
    assert result.rate == 2 / 3
    assert "1 could not be judged" in result.explanation


def _row(meeting, status, **kw):
    return a.AttendanceRow(meeting_id=meeting, status=status, **kw)


def test_member_rate_does_not_count_deputies_but_seat_rate_does():
    rows = [
        _row(1, a.PRESENT, seat_id=1, person_id=10),
        _row(2, a.DEPUTY, seat_id=1, person_id=10),
        _row(3, a.REMOTE, seat_id=1, person_id=10),
        _row(4, a.APOLOGIES, seat_id=1, person_id=10),
    ]
    (member,) = a.attendance_by_member(rows)
    (seat,) = a.attendance_by_seat(rows)
    assert (member.attended, member.expected) == (2, 4)
    assert (seat.attended, seat.expected) == (3, 4)
    assert seat.rate == 0.75
    assert "3 of 4 meetings" in seat.explanation


def test_organisation_and_sector_rates_group_seat_meetings():
    rows = [
        _row(1, a.PRESENT, seat_id=1, organisation_id=7, sector="health"),
        _row(1, a.ABSENT, seat_id=2, organisation_id=7, sector="health"),
        _row(1, a.PRESENT, seat_id=3, organisation_id=8, sector="police"),
    ]
    orgs = {r.key: r for r in a.attendance_by_organisation(rows)}
    sectors = {r.key: r for r in a.attendance_by_sector(rows)}
    assert (orgs[7].attended, orgs[7].expected) == (1, 2)
    assert orgs[8].rate == 1
    assert sectors["health"].rate == 0.5
    # Lowest rate first: the page leads with who attends least.
    assert a.attendance_by_organisation(rows)[0].key == 7


def test_senior_rate_counts_only_senior_holders_coming_themselves():
    rows = [
        _row(1, a.PRESENT, seat_id=1, seniority="director"),
        _row(2, a.DEPUTY, seat_id=1, seniority="director"),
        _row(1, a.ABSENT, seat_id=2, seniority="officer"),
    ]
    result = a.senior_attendance(rows)
    assert (result.attended, result.expected) == (1, 2)


@given(
    rows=st.lists(
        st.builds(
            a.AttendanceRow,
            meeting_id=st.integers(1, 5),
            status=st.sampled_from(STATUSES),
            seat_id=st.integers(1, 4),
            person_id=st.integers(1, 4),
        ),
        max_size=40,
    )
)
def test_a_seat_is_filled_at_least_as_often_as_its_holder_attends(rows):
    # Group by seat and holder together so both rates speak of the same seat-meetings.
    for member in a.attendance_by_member(rows):
        assert 0 <= member.attended <= member.expected
    for seat in a.attendance_by_seat(rows):
        same = [r for r in rows if r.seat_id == seat.key]
        attended = sum(1 for r in same if r.status in (a.PRESENT, a.REMOTE))
        assert seat.attended >= attended


TODAY = dt.date(2026, 3, 10)


def test_open_records_past_their_due_date_are_overdue():
    records = [
        a.Tracked(1, "open", TODAY - dt.timedelta(days=1)),
        a.Tracked(2, "open", TODAY),
        a.Tracked(3, "done", TODAY - dt.timedelta(days=30)),
        a.Tracked(4, "open", None),
        a.Tracked(5, "in_progress", TODAY - dt.timedelta(days=3)),
    ]
    result = a.overdue(records, TODAY, noun="action")
    assert result.ids == (1, 5)
    assert (result.overdue, result.open) == (2, 4)
    assert "2 of 4 open actions" in result.explanation


def test_action_log_lists_open_first_with_overdue_at_the_top():
    records = [
        a.Tracked(1, "done", TODAY - dt.timedelta(days=9)),
        a.Tracked(2, "open", None),
        a.Tracked(3, "open", TODAY + dt.timedelta(days=5)),
        a.Tracked(4, "open", TODAY - dt.timedelta(days=2)),
    ]
    assert [r.id for r in a.action_log_order(records, TODAY)] == [4, 3, 2, 1]


def test_decisions_due_back_within_four_weeks():
    soon = a.Tracked(1, "agreed", None, report_due=TODAY + dt.timedelta(days=20))
    later = a.Tracked(2, "agreed", None, report_due=TODAY + dt.timedelta(days=60))
    closed = a.Tracked(3, "done", None, report_due=TODAY)
    assert a.is_due_back(soon, TODAY)
    assert not a.is_due_back(later, TODAY)
    assert not a.is_due_back(closed, TODAY)


@given(
    status=st.sampled_from(["open", "done", "dropped", "agreed", "in_progress", "superseded"]),
    offset=st.integers(-400, 400),
)
def test_closed_records_are_never_overdue(status, offset):
    record = a.Tracked(1, status, TODAY + dt.timedelta(days=offset))
    if status in a.CLOSED:
        assert not a.is_overdue(record, TODAY)
    else:
        assert a.is_overdue(record, TODAY) is (offset < 0)


def test_challenges_per_meeting_by_year():
    points = a.challenges_per_meeting(
        [(dt.date(2025, 1, 5), 0), (dt.date(2025, 6, 5), 3), (dt.date(2026, 2, 1), 2)]
    )
    assert [(p.year, p.meetings, p.challenges) for p in points] == [(2025, 2, 3), (2026, 1, 2)]
    assert points[0].per_meeting == 1.5
    assert "3 challenges recorded across 2 meetings held in 2025" in points[0].explanation


NAMES = {1: "Northshire County Council", 2: "Northshire Police", 3: "Hope Trust"}


def test_members_linked_to_a_concerned_organisation_are_prompted_with_the_reason():
    members = [
        a.MemberLinks(10, "Ann", employer_id=1),
        a.MemberLinks(11, "Bob", seat_organisation_ids=(2,)),
        a.MemberLinks(12, "Cat", interest_organisation_ids=(3,)),
        a.MemberLinks(13, "Dan", employer_id=2),
    ]
    prompts = a.declaration_prompts([1, 3], NAMES, members)
    assert [p.name for p in prompts] == ["Ann", "Cat"]
    assert prompts[0].why == "you work for Northshire County Council, which the item concerns"
    assert "registered an interest in Hope Trust" in prompts[1].why


def test_members_who_have_declared_are_not_prompted_again():
    members = [a.MemberLinks(10, "Ann", employer_id=1)]
    assert a.declaration_prompts([1], NAMES, members, already_declared=[10]) == []


def test_an_employer_that_is_also_the_seat_gives_one_reason():
    members = [a.MemberLinks(10, "Ann", employer_id=1, seat_organisation_ids=(1,))]
    (prompt,) = a.declaration_prompts([1], NAMES, members)
    assert len(prompt.reasons) == 1


@given(
    concerned=st.sets(st.integers(1, 6)),
    employer=st.none() | st.integers(1, 6),
    seat=st.lists(st.integers(1, 6), max_size=3),
    interest=st.lists(st.integers(1, 6), max_size=3),
)
def test_prompted_exactly_when_some_link_is_concerned(concerned, employer, seat, interest):
    member = a.MemberLinks(1, "X", employer, tuple(seat), tuple(interest))
    prompted = bool(a.declaration_prompts(concerned, {}, [member]))
    linked = {employer, *seat, *interest} - {None}
    assert prompted is bool(linked & concerned)
