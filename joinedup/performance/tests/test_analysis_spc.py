"""SPC as in Making Data Count against the worked examples of methods.md §7.9 (0-based points)."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from joinedup.performance.analysis.spc import SpcSettings, spc_chart, xmr_limits


def r4(x):
    return round(x, 4)


def flagged(chart):
    return {k: sorted(v) for k, v in chart.rules.items() if v}


def special(chart):
    return [(i, lab) for i, lab in enumerate(chart.labels) if lab != "common_cause"]


S1 = [10, 15, 11, 14, 12, 16, 10, 14, 11, 15, 12, 14, 30, 11, 15]


def test_s1_point_beyond_a_limit():
    c = spc_chart(S1, "down")
    lim = c.limits
    assert (r4(lim.mean), r4(lim.mr_bar), r4(lim.upl), r4(lim.lpl)) == (14.0, 5.6429, 29.01, -1.01)
    assert (r4(lim.upper_two_sigma), r4(lim.lower_two_sigma), r4(lim.mr_upper_limit)) == (
        24.0067,
        3.9933,
        18.4352,
    )
    assert flagged(c) == {"above_upl": [12]}
    assert special(c) == [(12, "concern")]
    assert c.variation == "common_cause"


def test_s1_with_moving_range_outlier_screening():
    c = spc_chart(S1, "down", settings=SpcSettings(screen_moving_range_outliers=True))
    assert (r4(c.limits.mr_bar), r4(c.limits.upl), r4(c.limits.lpl)) == (4.6154, 26.2769, 1.7231)
    assert special(c) == [(12, "concern")]


S2 = [14, 12, 15, 13, 14, 13, 11, 10, 11, 10, 11, 10, 13, 15, 14]


def test_s2_shift_of_six_but_not_seven():
    c = spc_chart(S2, "up")
    assert (r4(c.limits.mean), r4(c.limits.mr_bar), r4(c.limits.upl), r4(c.limits.lpl)) == (
        12.4,
        1.5714,
        16.58,
        8.22,
    )
    assert special(c) == [(i, "concern") for i in range(6, 12)]
    assert special(spc_chart(S2, "up", settings=SpcSettings(shift_length=7))) == []


S3 = [12, 10, 13, 11, 12, 9, 10, 11, 12, 13, 14, 11, 12, 10, 12]


def test_s3_trend_of_six_but_not_seven():
    c = spc_chart(S3, "up")
    assert (r4(c.limits.mean), r4(c.limits.mr_bar), r4(c.limits.upl), r4(c.limits.lpl)) == (
        11.4667, 1.7143, 16.0267, 6.9067,
    )  # fmt: skip
    assert special(c) == [(i, "improvement") for i in range(5, 11)]
    assert special(spc_chart(S3, "up", settings=SpcSettings(trend_length=7))) == []


def test_s4_two_of_three_beyond_two_sigma():
    s4 = [10, 11, 10, 9, 10, 11, 10, 9, 10, 11, 13.2, 11, 13.4, 10, 9]
    c = spc_chart(s4, "up")
    assert (r4(c.limits.mean), r4(c.limits.mr_bar), r4(c.limits.upl), r4(c.limits.upper_two_sigma)) == (
        10.5067, 1.4429, 14.3447, 13.0653,
    )  # fmt: skip
    assert special(c) == [(10, "improvement"), (12, "improvement")]


S4B = [10, 11, 10, 9, 10, 11, 10, 9, 10, 11, 13.2, 15, 10, 9, 10]


def test_s4b_points_beyond_the_limit_count_towards_two_of_three_since_2024():
    c = spc_chart(S4B, "up")
    assert (r4(c.limits.mean), r4(c.limits.mr_bar), r4(c.limits.upl), r4(c.limits.upper_two_sigma)) == (
        10.5467, 1.4286, 14.3467, 13.08,
    )  # fmt: skip
    assert special(c) == [(10, "improvement"), (11, "improvement")]
    old = spc_chart(S4B, "up", settings=SpcSettings(two_of_three_counts_beyond_limits=False))
    assert special(old) == [(11, "improvement")]


S5 = [78.2, 77.1, 79.0, 78.4, 76.9, 78.8, 77.5, 79.3, 78.0, 77.2, 78.9, 77.8,
      79.1, 78.3, 77.6, 78.5, 81.9, 82.6, 81.7, 83.1, 82.4, 83.0, 82.2, 83.4]  # fmt: skip


@pytest.mark.parametrize("target, icon", [(75, "pass"), (80, "hit_or_miss"), (85, "fail")])
def test_s5_step_change_with_limits_from_all_points(target, icon):
    c = spc_chart(S5, "up", target=target)
    lim = c.limits
    assert (r4(lim.mean), r4(lim.mr_bar), r4(lim.upl), r4(lim.lpl)) == (79.6208, 1.2348, 82.9054, 76.3363)
    assert (r4(lim.upper_two_sigma), r4(lim.lower_two_sigma)) == (81.8105, 77.4312)
    assert flagged(c) == {
        "above_upl": [19, 21, 23],
        "shift_up": list(range(16, 24)),
        "shift_down": list(range(16)),
        "two_of_three_up": [16, 17, 19, 20, 21, 22, 23],
    }
    assert list(c.labels) == ["concern"] * 16 + ["improvement"] * 8
    assert c.variation == "improvement_high"
    assert c.assurance == icon


@pytest.mark.parametrize("target, icon", [(75, "hit_or_miss"), (80, "hit_or_miss"), (85, "fail")])
def test_s5_limits_from_a_baseline_of_twelve(target, icon):
    c = spc_chart(S5, "up", target=target, settings=SpcSettings(baseline_points=12))
    lim = c.limits
    assert (r4(lim.mean), r4(lim.mr_bar), r4(lim.upl), r4(lim.lpl), r4(lim.upper_two_sigma)) == (
        78.0917, 1.3636, 81.7189, 74.4644, 80.5098,
    )  # fmt: skip
    assert flagged(c) == {
        "above_upl": [16, 17, 19, 20, 21, 22, 23],
        "shift_up": list(range(15, 24)),
        "two_of_three_up": list(range(16, 24)),
    }
    assert c.variation == "improvement_high"
    assert c.assurance == icon


S6 = [12, 13, 12, 13, 12, 13, 12, 7, 7.5, 8, 8.5, 9, 9.5, 13, 12]


@pytest.mark.parametrize(
    "rule, label", [("concern", "concern"), ("improvement", "improvement"), ("primacy", "improvement")]
)
def test_s6_conflicting_rules(rule, label):
    c = spc_chart(S6, "up", settings=SpcSettings(conflict_rule=rule))
    assert (r4(c.limits.mean), r4(c.limits.mr_bar), r4(c.limits.upl), r4(c.limits.lpl)) == (
        10.7667, 1.2857, 14.1867, 7.3467,
    )  # fmt: skip
    assert list(c.labels[7:13]) == [label] * 6


def test_fewer_than_the_minimum_points_gives_a_run_chart_without_limits():
    c = spc_chart(S1[:11], "up")
    assert not c.is_spc and c.variation is None and "11 of the 12" in c.explanation
    assert spc_chart(S1[:12], "up").is_spc


def test_run_lengths_are_limited_to_the_mdc_settings():
    with pytest.raises(ValueError):
        SpcSettings(shift_length=5)


def test_explanation_shows_the_settings_and_limits():
    text = spc_chart(S2, "up").explanation
    assert "shift = 6 points" in text and "trend = 6 points" in text and "12.4" in text


def test_neither_direction_has_no_assurance_and_neutral_labels():
    c = spc_chart(S1, "neither", target=10)
    assert c.assurance is None and c.labels[12] == "neither_high"


@given(st.lists(st.floats(-1e4, 1e4), min_size=2, max_size=40))
def test_limits_are_ordered(values):
    lim = xmr_limits(values)
    assert lim.lpl <= lim.lower_two_sigma <= lim.lower_one_sigma <= lim.mean
    assert lim.mean <= lim.upper_one_sigma <= lim.upper_two_sigma <= lim.upl


def test_spc_series_must_be_consecutive_months_or_quarters():
    from joinedup.core.periods import Period
    from joinedup.performance.analysis.spc import series_problem

    months = [Period.month(2024, 1).shift(i) for i in range(14)]
    assert series_problem(months) is None
    assert "gap" in series_problem(months[:5] + months[6:])
    assert "yearly" in series_problem([Period.calendar_year(2000 + i) for i in range(14)])
    assert series_problem([]) == "there are no values"


def test_recalculating_limits_after_an_explained_step_change():
    """methods.md §7.9 S5: with one set of limits the whole earlier period looks like concern;
    recalculated from point 16, each period is judged against its own level."""
    c = spc_chart(S5, "up", recalculate_from=[16])
    first, second = c.partitions
    assert first[0] == 0 and second[0] == 16
    assert r4(first[1].mean) == r4(sum(S5[:16]) / 16)
    assert r4(second[1].mean) == r4(sum(S5[16:]) / 8)
    assert c.limits is second[1]
    assert "concern" not in c.labels[:16]
    assert not c.rules["shift_down"] and not c.rules["shift_up"]
    assert "Trial limits" in c.explanation  # the second period has only 8 points


def test_a_ghosted_point_is_shown_but_left_out_of_every_calculation():
    c = spc_chart(S1, "down", ghosted=[12])
    without = xmr_limits(S1[:12] + S1[13:])
    assert (c.limits.mean, c.limits.mr_bar) == (without.mean, without.mr_bar)
    assert c.labels[12] == "ghosted"
    assert "1 ghosted" in c.explanation


def test_ghosting_below_the_minimum_gives_a_run_chart():
    c = spc_chart(S1[:12], "up", ghosted=[0])
    assert not c.is_spc and c.labels[0] == "ghosted"
