import pytest

from joinedup.accounts.models import User
from joinedup.core import audit
from joinedup.core.models import AuditEntry
from joinedup.partnerships.models import Organisation, Partnership


@pytest.fixture
def partnership(db):
    return Partnership.objects.create(
        slug="city", name="City Partnership", partnership_type="place", tier="district"
    )


@pytest.fixture
def user(db):
    return User.objects.create_user("ann@example.org", "a-long-password", full_name="Ann Example")


def test_entry_keeps_only_the_fields_that_changed(partnership, user):
    org = Organisation.objects.create(partnership=partnership, name="City Council", sector="local_government")
    before = audit.snapshot(org)
    org.website = "https://city.example"
    entry = audit.record(
        action="partnerships.organisation.updated",
        actor=audit.Actor.for_user(user),
        partnership_id=partnership.pk,
        target=org,
        before=before,
        after=audit.snapshot(org),
    )
    assert entry.before == {"website": ""}
    assert entry.after == {"website": "https://city.example"}
    assert entry.actor_label == "Ann Example"


def test_action_names_must_be_dotted_room_thing_verb(partnership, user):
    with pytest.raises(ValueError, match="dotted"):
        audit.record(action="created", actor=audit.Actor.for_user(user), partnership_id=partnership.pk)


def test_history_is_scoped_to_the_partnership(partnership, user):
    other = Partnership.objects.create(slug="other", name="Other", partnership_type="csp", tier="unitary")
    org = Organisation.objects.create(partnership=partnership, name="Police", sector="police")
    audit.record(
        action="partnerships.organisation.created",
        actor=audit.Actor.for_user(user),
        partnership_id=partnership.pk,
        target=org,
    )
    assert audit.history_for(org, partnership_id=partnership.pk).count() == 1
    assert audit.history_for(org, partnership_id=other.pk).count() == 0


def test_system_and_signed_link_actors_are_recorded_without_a_user(partnership):
    audit.record(action="core.task.ran", actor=audit.Actor.system("Nightly refresh"), partnership_id=None)
    audit.record(
        action="assessment.response.submitted",
        actor=audit.Actor.for_link("Bob (invited respondent)"),
        partnership_id=partnership.pk,
    )
    kinds = set(AuditEntry.objects.values_list("actor_kind", "actor_label"))
    assert kinds == {("system", "Nightly refresh"), ("link", "Bob (invited respondent)")}
