import pytest
from django import forms
from django.core.exceptions import ValidationError

from joinedup.core.conflicts import VersionedForm, save_versioned
from joinedup.core.forms import add_service_errors, submit
from joinedup.partnerships.models import Organisation, Partnership


class OrganisationForm(VersionedForm):
    class Meta:
        model = Organisation
        fields = ["name", "sector"]


class NameForm(forms.Form):
    name = forms.CharField()


def test_service_errors_go_beside_their_field_and_the_rest_on_top():
    form = NameForm(data={"name": "Police"})
    assert form.is_valid()
    add_service_errors(form, ValidationError({"name": "Enter another name", "budget": "Too big"}))
    assert form.errors["name"] == ["Enter another name"]
    assert form.non_field_errors() == ["Too big"]
    other = NameForm(data={"name": "Police"})
    other.is_valid()
    add_service_errors(other, ValidationError("This seat already has a holder"))
    assert other.non_field_errors() == ["This seat already has a holder"]


def test_an_invalid_or_unbound_form_never_calls_the_service():
    calls = []
    assert not submit(NameForm(), lambda: calls.append(1)).succeeded
    assert not submit(NameForm(data={}), lambda: calls.append(1)).succeeded
    assert calls == []


def test_the_services_validation_error_lands_on_the_form():
    form = NameForm(data={"name": "Police"})

    def refuse():
        raise ValidationError({"name": "An organisation with this name already exists"})

    submission = submit(form, refuse)
    assert not submission.succeeded and submission.status == 200
    assert form.errors["name"] == ["An organisation with this name already exists"]


@pytest.mark.django_db
def test_an_edit_conflict_gives_both_versions_a_409_and_keeps_what_was_typed():
    partnership = Partnership.objects.create(slug="c", name="C", partnership_type="place", tier="district")
    org = Organisation.objects.create(partnership=partnership, name="City Council", sector="local_government")
    theirs = Organisation.objects.get(pk=org.pk)
    theirs.name = "Their name"
    save_versioned(theirs, expected_version=1, fields=["name"])

    form = OrganisationForm(
        data={"name": "My name", "sector": "local_government", "version": "1"}, instance=org
    )

    def save():
        instance = form.save(commit=False)
        save_versioned(instance, expected_version=form.expected_version, fields=["name", "sector"])
        return instance

    submission = submit(form, save)
    assert not submission.succeeded
    assert submission.status == 409
    assert [(r.label, r.theirs, r.yours) for r in submission.conflict_rows if r.differs] == [
        ("Name", "Their name", "My name")
    ]
    assert form.data["name"] == "My name"
    assert form.data["version"] == "2"
    org.refresh_from_db()
    assert org.name == "Their name"


def test_a_successful_submission_returns_what_the_service_returned():
    submission = submit(NameForm(data={"name": "Police"}), lambda: "saved")
    assert submission.succeeded and submission.result == "saved"
