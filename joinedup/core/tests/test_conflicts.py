import pytest

from joinedup.core.conflicts import EditConflict, VersionedForm, save_versioned
from joinedup.partnerships.models import Organisation, Partnership


class OrganisationForm(VersionedForm):
    class Meta:
        model = Organisation
        fields = ["name", "sector", "website"]


@pytest.fixture
def org(db):
    partnership = Partnership.objects.create(
        slug="city", name="City", partnership_type="place", tier="district"
    )
    return Organisation.objects.create(
        partnership=partnership, name="City Council", sector="local_government"
    )


def test_save_with_the_current_version_succeeds_and_bumps_it(org):
    org.website = "https://a.example"
    save_versioned(org, expected_version=1, fields=["website"])
    org.refresh_from_db()
    assert (org.website, org.version) == ("https://a.example", 2)


def test_second_editor_with_a_stale_version_does_not_overwrite(org):
    first = Organisation.objects.get(pk=org.pk)
    second = Organisation.objects.get(pk=org.pk)
    first.website = "https://first.example"
    save_versioned(first, expected_version=1, fields=["website"])
    second.website = "https://second.example"
    with pytest.raises(EditConflict) as caught:
        save_versioned(second, expected_version=1, fields=["website"])
    org.refresh_from_db()
    assert org.website == "https://first.example"
    assert caught.value.current.website == "https://first.example"
    assert caught.value.attempted["website"] == "https://second.example"


def test_form_shows_both_versions_and_keeps_what_the_editor_typed(org):
    other = Organisation.objects.get(pk=org.pk)
    other.name = "City Council (renamed)"
    save_versioned(other, expected_version=1, fields=["name"])
    form = OrganisationForm(
        data={
            "name": "City Council",
            "sector": "local_government",
            "website": "https://mine.example",
            "version": "1",
        },
        instance=Organisation.objects.get(pk=org.pk),
    )
    assert form.is_valid()
    instance = form.save(commit=False)
    with pytest.raises(EditConflict) as caught:
        save_versioned(instance, expected_version=form.expected_version, fields=["name", "sector", "website"])
    rows = {row.label: row for row in form.conflict_rows(caught.value)}
    assert rows["Name"].theirs == "City Council (renamed)"
    assert rows["Name"].yours == "City Council"
    assert rows["Website"].differs
    assert not rows["Sector"].differs
    form.rebase_on(caught.value)
    assert form.data["version"] == "2"
    assert form.data["website"] == "https://mine.example"


def test_unbound_form_carries_the_record_version(org):
    assert OrganisationForm(instance=org).initial["version"] == 1
