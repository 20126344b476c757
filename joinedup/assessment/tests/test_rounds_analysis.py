"""The snapshot rule for invitees and the suppressed response-rate table, as pure functions."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from joinedup.assessment import analysis
from joinedup.assessment.analysis import Seat


def test_a_person_on_several_layers_answers_once_as_their_highest_layer():
    seats = [
        Seat(person_id=1, layer="thematic", sector="police", body_name="A"),
        Seat(person_id=1, layer="strategic", sector="local_government", body_name="B"),
        Seat(person_id=1, layer="executive", sector="health", body_name="C"),
    ]
    snapshots = analysis.snapshot_invitees(seats)
    assert list(snapshots) == [1]
    assert snapshots[1].layer == "strategic"
    assert snapshots[1].sector == "local_government"  # the sector of the strategic seat


def test_sector_is_the_organisation_represented_else_their_own():
    assert analysis.membership_sector("police", "local_government") == "police"
    assert analysis.membership_sector("", "local_government") == "local_government"
    assert analysis.membership_sector(None, None) == ""


def test_narrowing_by_layer_happens_before_the_highest_layer_is_chosen():
    seats = [Seat(1, "strategic", "police", "A"), Seat(1, "thematic", "police", "B")]
    assert analysis.snapshot_invitees(seats, layers=["thematic"])[1].layer == "thematic"
    assert analysis.snapshot_invitees(seats, sectors=["health"]) == {}


def test_named_people_are_invited_whatever_the_narrowing_with_their_own_sector():
    seats = [Seat(1, "strategic", "police", "A")]
    snapshots = analysis.snapshot_invitees(seats, sectors=["health"], named={2: "voluntary", 1: "police"})
    assert snapshots[2] == analysis.Snapshot(2, "voluntary", "")
    assert snapshots[1] == analysis.Snapshot(1, "police", "")


@given(st.lists(st.tuples(st.integers(1, 20), st.sampled_from(analysis.LAYER_ORDER)), max_size=40))
def test_everyone_is_counted_once_at_the_highest_layer_they_sit_on(pairs):
    seats = [Seat(pid, layer, "police", layer) for pid, layer in pairs]
    snapshots = analysis.snapshot_invitees(seats)
    assert set(snapshots) == {pid for pid, _ in pairs}
    for pid, snap in snapshots.items():
        layers = [layer for p, layer in pairs if p == pid]
        assert snap.layer == min(layers, key=analysis.LAYER_ORDER.index)


def test_a_small_group_of_respondents_is_hidden_with_the_next_smallest():
    rows = analysis.response_rates({"a": 20, "b": 10, "c": 8}, {"a": 12, "b": 6, "c": 2}, 5)
    by_group = {r.group: r for r in rows}
    assert by_group["c"].hidden and by_group["c"].responded is None
    assert by_group["b"].hidden  # else c = total - a - b
    assert not by_group["a"].hidden and by_group["a"].rate == 12 / 20
    assert all(r.invited for r in rows)  # invited counts are always shown


@given(
    st.dictionaries(
        st.sampled_from(["police", "health", "council", "fire", "voluntary"]),
        st.tuples(st.integers(0, 30), st.integers(0, 30)),
        min_size=1,
    ),
    st.integers(2, 8),
)
def test_a_hidden_group_cannot_be_derived_from_the_total(groups, min_size):
    invited = {g: max(i, r) for g, (i, r) in groups.items()}
    responded = {g: r for g, (_, r) in groups.items()}
    rows = analysis.response_rates(invited, responded, min_size)
    hidden = [r for r in rows if r.hidden]
    for row in rows:
        if not row.hidden:
            assert row.responded == responded[row.group]
        if row.responded is not None and row.responded:
            assert row.responded >= min_size
    if hidden:
        # What the total minus the shown groups reveals is the hidden groups together: never
        # one group alone, and never fewer than min_size people (unless every group who
        # responded is hidden, when the breakdown adds nothing to the total itself).
        together = sum(responded[r.group] for r in hidden)
        everyone_hidden = all(r.hidden for r in rows if responded[r.group])
        assert len([r for r in hidden if responded[r.group]]) >= 2 or together == 0 or everyone_hidden
        assert together == 0 or together >= min_size or everyone_hidden
