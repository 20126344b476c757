"""The rounds list counts each submitted response once, whatever the number of invitations."""

import pytest

from joinedup.assessment.selectors_rounds import rounds_for_list
from joinedup.assessment.tests.factories import make_invitation, make_response, make_round, make_version
from joinedup.partnerships.tests.factories import PartnershipFactory, PersonFactory

pytestmark = pytest.mark.django_db


def test_the_rounds_list_counts_submitted_responses_once_and_invitations_once():
    partnership = PartnershipFactory()
    round_ = make_round(partnership, make_version())
    for _ in range(3):
        make_invitation(round_, PersonFactory(partnership=partnership), sector="health", layer="strategic")
    make_response(round_, {"scs-1": "in_place"})
    make_response(round_, {"scs-1": "partly"})
    make_response(round_, {"scs-1": "partly"}, submitted=False)

    (listed,) = rounds_for_list(partnership)

    assert (listed.submitted, listed.invited) == (2, 3)
