"""The pure rules of the strategy: comparing two adopted versions, coverage per theme and
the drive warning."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from joinedup.strategy.analysis_versions import compare_versions
from joinedup.strategy.coverage import OutcomeFacts, coverage_by_theme, drive_warning

titles = st.text(alphabet="abcdefgh ", min_size=1, max_size=8)
KEYS = st.integers(min_value=1, max_value=30)


@st.composite
def snapshots(draw, keys=KEYS):
    """Snapshots whose keys are unique per level, like the ids they are built from."""
    theme_keys = draw(st.lists(keys, unique=True, max_size=4))
    outcome_keys = iter(draw(st.lists(keys, unique=True, min_size=10, max_size=10)))
    objective_keys = iter(draw(st.lists(keys, unique=True, min_size=20, max_size=20)))
    themes = []
    for key in theme_keys:
        outcomes = []
        for _ in range(draw(st.integers(0, 2))):
            objectives = [
                {"key": next(objective_keys), "title": draw(titles)} for _ in range(draw(st.integers(0, 2)))
            ]
            outcomes.append(
                {
                    "key": next(outcome_keys),
                    "title": draw(titles),
                    "in_agreement": False,
                    "objectives": objectives,
                }
            )
        themes.append({"key": key, "title": draw(titles), "board_role": "observe", "outcomes": outcomes})
    return {"title": draw(titles), "vision": draw(titles), "period": "2008–2028", "themes": themes}


def _keys(snapshot, level):
    themes = snapshot["themes"]
    if level == "theme":
        return {t["key"] for t in themes}
    outcomes = [o for t in themes for o in t["outcomes"]]
    if level == "outcome":
        return {o["key"] for o in outcomes}
    return {ob["key"] for o in outcomes for ob in o["objectives"]}


@given(snapshots())
def test_a_version_compared_with_itself_has_no_changes(snapshot):
    diff = compare_versions(snapshot, snapshot)
    assert diff.is_empty
    assert diff.changes == []


@given(snapshots(), snapshots())
def test_added_and_removed_are_exactly_the_keys_only_in_one_version(older, newer):
    diff = compare_versions(older, newer)
    for level in ("theme", "outcome", "objective"):
        assert {c.key for c in diff.of(level, "added")} == _keys(newer, level) - _keys(older, level)
        assert {c.key for c in diff.of(level, "removed")} == _keys(older, level) - _keys(newer, level)


@given(snapshots(), snapshots())
def test_comparing_backwards_swaps_added_and_removed(older, newer):
    forwards, backwards = compare_versions(older, newer), compare_versions(newer, older)
    for level in ("theme", "outcome", "objective"):
        assert {c.key for c in forwards.of(level, "added")} == {c.key for c in backwards.of(level, "removed")}
        assert len(forwards.of(level, "renamed")) == len(backwards.of(level, "renamed"))


def _snapshot(vision="Thriving places", themes=()):
    return {"title": "Strategy", "vision": vision, "period": "2008–2028", "themes": list(themes)}


def _theme(key, title, outcomes=()):
    return {"key": key, "title": title, "board_role": "drive", "outcomes": list(outcomes)}


def _outcome(key, title, objectives=()):
    return {"key": key, "title": title, "in_agreement": True, "objectives": list(objectives)}


def test_a_renamed_theme_is_renamed_not_removed_and_added():
    diff = compare_versions(
        _snapshot(themes=[_theme(1, "Regeneration")]), _snapshot(themes=[_theme(1, "Growth")])
    )
    [change] = diff.changes
    assert (change.level, change.kind, change.before, change.after) == (
        "theme",
        "renamed",
        "Regeneration",
        "Growth",
    )
    assert change.sentence == "Renamed the theme “Regeneration” to “Growth”"


def test_an_outcome_moved_to_another_theme_is_reported_as_moved():
    older = _snapshot(themes=[_theme(1, "Housing", [_outcome(5, "Homes")]), _theme(2, "Low Carbon")])
    newer = _snapshot(themes=[_theme(1, "Housing"), _theme(2, "Low Carbon", [_outcome(5, "Homes")])])
    [change] = compare_versions(older, newer).changes
    assert change.kind == "moved"
    assert change.sentence == "Moved the outcome “Homes” from “Housing” to “Low Carbon”"


def test_a_changed_vision_is_shown_before_and_after():
    diff = compare_versions(_snapshot(vision="Old words"), _snapshot(vision="New words"))
    assert diff.vision_changed
    assert (diff.vision_before, diff.vision_after) == ("Old words", "New words")
    assert not diff.title_changed


def test_an_added_objective_names_its_outcome():
    older = _snapshot(themes=[_theme(1, "Housing", [_outcome(5, "Homes")])])
    newer = _snapshot(themes=[_theme(1, "Housing", [_outcome(5, "Homes", [{"key": 9, "title": "Build"}])])])
    [change] = compare_versions(older, newer).changes
    assert change.sentence == "Added the objective “Build” under “Homes”"


# --- coverage ---------------------------------------------------------------------------------

facts = st.builds(
    OutcomeFacts,
    outcome_id=st.integers(1, 10_000),
    theme_id=st.integers(1, 4),
    in_agreement=st.booleans(),
    has_owner=st.booleans(),
    has_plan=st.booleans(),
    has_evidence=st.booleans(),
)


@given(st.lists(facts, unique_by=lambda f: f.outcome_id))
def test_coverage_counts_every_outcome_once_in_its_theme_and_group(items):
    result = coverage_by_theme([1, 2, 3, 4], items)
    assert sum(c.agreement.total + c.local.total for c in result) == len(items)
    for theme in result:
        own = [f for f in items if f.theme_id == theme.theme_id]
        for group, tally in ((True, theme.agreement), (False, theme.local)):
            mine = [f for f in own if f.in_agreement is group]
            assert tally.total == len(mine)
            assert tally.with_owner == sum(f.has_owner for f in mine)
            assert tally.with_plan == sum(f.has_plan for f in mine)
            assert tally.with_evidence == sum(f.has_evidence for f in mine)
            assert tally.with_owner <= tally.total and tally.with_evidence <= tally.total
            assert set(tally.without_evidence_ids) | set(tally.evidence_ids) == set(tally.outcome_ids)


def test_coverage_keeps_the_theme_order_and_shows_empty_themes():
    result = coverage_by_theme([3, 1], [OutcomeFacts(7, 1, True, True, False, False)])
    assert [c.theme_id for c in result] == [3, 1]
    assert result[0].agreement.total == 0 and result[0].local.total == 0
    assert result[1].agreement.owner_ids == (7,)
    assert result[1].agreement.plan_ids == ()
    assert result[1].agreement.without_evidence_ids == (7,)


@given(st.lists(st.sampled_from(["drive", "sponsor", "observe"])), st.integers(0, 10))
def test_the_drive_warning_appears_only_above_the_limit(roles, limit):
    driven = roles.count("drive")
    assert drive_warning(roles, limit) == (driven if driven > limit else None)


def test_six_driven_priorities_warn_at_the_default_limit_of_five():
    assert drive_warning(["drive"] * 6 + ["observe"], 5) == 6
    assert drive_warning(["drive"] * 5, 5) is None
