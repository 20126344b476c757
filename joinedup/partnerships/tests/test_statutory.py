from joinedup.partnerships import statutory
from joinedup.partnerships.models import PartnershipType


def test_every_partnership_type_has_labels_and_an_expected_seat_list():
    for value, _label in PartnershipType.choices:
        assert statutory.labels_for(value).strategy
        assert isinstance(statutory.expected_seats(value), tuple)


def test_health_and_wellbeing_board_expects_the_section_194_members():
    keys = {s.key for s in statutory.expected_seats("hwb")}
    assert keys == {
        "hwb_councillor",
        "hwb_director_adult_social_services",
        "hwb_director_childrens_services",
        "hwb_director_public_health",
        "hwb_healthwatch",
        "hwb_integrated_care_board",
    }
    assert all("s194" in s.source for s in statutory.expected_seats("hwb"))


def test_community_safety_partnership_expects_the_responsible_authorities():
    labels = " ".join(s.label.lower() for s in statutory.expected_seats("csp"))
    for word in (
        "local authority",
        "police",
        "fire and rescue",
        "integrated care board",
        "probation",
    ):
        assert word in labels
    assert all("Crime and Disorder Act 1998 s5" in s.source for s in statutory.expected_seats("csp"))


def test_integrated_care_partnership_expects_the_board_and_upper_tier_councils():
    keys = {s.key for s in statutory.expected_seats("icp")}
    assert keys == {"icp_integrated_care_board", "icp_upper_tier_local_authority"}


def test_place_and_other_partnerships_expect_no_statutory_seats():
    assert statutory.missing_statutory_seats("place", []) == []
    assert statutory.missing_statutory_seats("other", ["", "anything"]) == []


def test_missing_seats_are_the_expected_ones_no_seat_fills():
    missing = statutory.missing_statutory_seats("csp", ["csp_police", "", "csp_local_authority"])
    assert [s.key for s in missing] == [
        "csp_fire_and_rescue",
        "csp_integrated_care_board",
        "csp_probation",
    ]


def test_a_seat_from_another_partnership_type_does_not_fill_a_gap():
    missing = statutory.missing_statutory_seats("icp", ["csp_integrated_care_board"])
    assert "icp_integrated_care_board" in {s.key for s in missing}


def test_labels_follow_the_partnership_type():
    assert statutory.labels_for("hwb").strategy == "joint health and wellbeing strategy"
    assert statutory.labels_for("csp").strategy == "community safety strategy / partnership plan"
    assert statutory.labels_for("icp").strategy == "integrated care strategy"
    assert statutory.labels_for("place").strategy == "community strategy"
    assert statutory.labels_for("unknown") == statutory.labels_for("other")


def test_seat_role_choices_start_with_not_statutory():
    choices = statutory.statutory_role_choices("hwb")
    assert choices[0] == ("", "Not a statutory seat")
    assert len(choices) == 1 + len(statutory.expected_seats("hwb"))
