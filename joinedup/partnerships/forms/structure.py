"""Forms for bodies, seats and memberships. They only declare fields and wording;
the rules live in `joinedup.partnerships.services.structure`."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone

from joinedup.core.conflicts import VersionedForm
from joinedup.core.forms import add_service_errors
from joinedup.core.uploads import UploadField
from joinedup.partnerships import statutory
from joinedup.partnerships.models import (
    Body,
    Layer,
    Membership,
    MembershipRole,
    Partnership,
    QuorumKind,
    Seat,
    SeatKind,
    Sector,
    Seniority,
    StatutoryBasis,
)
from joinedup.partnerships.services.structure import (
    BODY_FIELDS,
    MEMBERSHIP_FIELDS,
    SEAT_FIELDS,
    TERMS_DOCUMENT_KINDS,
    check_body,
    check_membership,
)

DATE_HINT = "For example, 27/03/2025"


class BodyForm(forms.ModelForm):
    layer = forms.ChoiceField(
        label="Governance layer",
        choices=Layer.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select the governance layer"},
    )
    quorum_kind = forms.ChoiceField(
        label="Quorum is counted as",
        choices=QuorumKind.choices,
        widget=forms.RadioSelect,
        initial=QuorumKind.NUMBER,
        error_messages={"required": "Select how the quorum is counted"},
    )
    quorum_required_sectors = forms.MultipleChoiceField(
        label="Sectors that must be present",
        choices=Sector.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="The meeting is not quorate unless someone from each of these sectors attends.",
    )
    terms_upload = UploadField(
        allowed=TERMS_DOCUMENT_KINDS,
        label="Terms of reference document",
        required=False,
        help_text="A PDF or Word (DOCX) file.",
    )

    class Meta:
        model = Body
        fields = [
            "name",
            "short_name",
            "layer",
            "parent",
            "is_statutory_body",
            "terms_of_reference",
            "meetings_per_year",
            "quorum_kind",
            "quorum_value",
            "quorum_required_sectors",
            "remote_attendance_counts",
        ]
        labels = {
            "name": "Name",
            "short_name": "Short name (optional)",
            "parent": "Reports to (optional)",
            "terms_of_reference": "Terms of reference",
            "meetings_per_year": "Expected meetings a year",
            "quorum_value": "Quorum",
            "remote_attendance_counts": "Members attending remotely count towards the quorum",
        }
        help_texts = {
            "quorum_value": "A number of voting seats, or a percentage of them.",
            "is_statutory_body": "For example, the Health and Wellbeing Board itself.",
        }
        error_messages = {
            "name": {"required": "Enter a name for the body"},
            "meetings_per_year": {"invalid": "Enter the expected meetings a year as a whole number"},
            "quorum_value": {"invalid": "Enter the quorum as a whole number"},
        }

    def __init__(self, *args: Any, partnership: Partnership, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.partnership = partnership
        parents = partnership.bodies.order_by("name")
        if self.instance.pk:
            parents = parents.exclude(pk=self.instance.pk)
        parent_field = self.fields["parent"]
        parent_field.queryset = parents  # type: ignore[attr-defined]
        parent_field.empty_label = "Does not report to another body"  # type: ignore[attr-defined]
        self.fields["terms_of_reference"].widget.attrs["rows"] = 6
        if self.instance.pk and self.instance.terms_document_id:
            self.fields["remove_terms_document"] = forms.BooleanField(
                label=f"Remove the current document ({self.instance.terms_document})",
                required=False,
            )

    def clean(self) -> dict[str, Any] | None:
        cleaned = super().clean()
        candidate = Body(pk=self.instance.pk, partnership=self.partnership)
        for name, value in self.service_fields().items():
            setattr(candidate, name, value)
        try:
            check_body(candidate)
        except ValidationError as error:
            # Field errors also stop Django checking the model's constraints on those fields,
            # which would otherwise add a generic "Constraint ... is violated" message.
            add_service_errors(self, error)
        return cleaned

    def service_fields(self) -> dict[str, Any]:
        return {name: self.cleaned_data[name] for name in BODY_FIELDS if name in self.cleaned_data}


class BodyEditForm(BodyForm, VersionedForm):
    pass


class SeatForm(forms.ModelForm):
    kind = forms.ChoiceField(
        label="Kind of seat",
        choices=SeatKind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select the kind of seat"},
    )
    is_voting = forms.TypedChoiceField(
        label="Voting",
        choices=[("True", "Voting seat"), ("False", "Non-voting seat")],
        coerce=lambda v: v == "True",
        widget=forms.RadioSelect,
        initial="True",
        error_messages={"required": "Select whether the seat has a vote"},
    )

    class Meta:
        model = Seat
        fields = [
            "label",
            "kind",
            "organisation",
            "sector",
            "is_voting",
            "statutory_basis",
            "statutory_role",
        ]
        labels = {
            "label": "Name of the seat",
            "organisation": "Organisation",
            "sector": "Sector",
            "statutory_basis": "Statutory basis (if any)",
            "statutory_role": "Statutory seat it fills (if any)",
        }
        help_texts = {
            "label": "For example, Director of Public Health, or Voluntary sector representative.",
            "organisation": "Leave blank for a seat that belongs to a sector.",
            "sector": "For a sector seat, such as a voluntary sector place.",
        }
        error_messages = {"label": {"required": "Enter a name for the seat"}}

    def __init__(self, *args: Any, partnership: Partnership, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        org_field = self.fields["organisation"]
        org_field.queryset = partnership.organisations.order_by("name")  # type: ignore[attr-defined]
        org_field.empty_label = "No single organisation"  # type: ignore[attr-defined]
        self.fields["sector"].choices = [("", "Not a sector seat"), *Sector.choices]  # type: ignore[attr-defined]
        self.fields["statutory_basis"].choices = [  # type: ignore[attr-defined]
            ("", "None"),
            *[c for c in StatutoryBasis.choices if c[0]],
        ]
        role_field = forms.ChoiceField(
            label="Statutory seat it fills (if any)",
            required=False,
            choices=statutory.statutory_role_choices(partnership.partnership_type),
            help_text=f"The seats the law expects of a {partnership.get_partnership_type_display()}.",
        )
        self.fields["statutory_role"] = role_field

    def service_fields(self) -> dict[str, Any]:
        return {name: self.cleaned_data[name] for name in SEAT_FIELDS if name in self.cleaned_data}


class SeatEditForm(SeatForm, VersionedForm):
    pass


class MembershipForm(forms.ModelForm):
    role = forms.ChoiceField(
        label="Role",
        choices=MembershipRole.choices,
        widget=forms.RadioSelect,
        initial=MembershipRole.MEMBER,
        error_messages={"required": "Select the role"},
    )
    is_deputy = forms.TypedChoiceField(
        label="Holds the seat or stands in",
        widget=forms.RadioSelect,
        initial="False",
        choices=[
            ("False", "Holds the seat (or sits without a seat)"),
            ("True", "Deputy: stands in for the seat's holder"),
        ],
        coerce=lambda v: v == "True",
    )
    seniority = forms.ChoiceField(
        label="Seniority",
        choices=[("", "Select seniority"), *Seniority.choices],
        error_messages={"required": "Select the person's seniority"},
    )
    start_date = forms.DateField(
        label="Start date",
        help_text=DATE_HINT,
        error_messages={
            "required": "Enter the start date",
            "invalid": "Enter the start date as a real date",
        },
    )
    end_date = forms.DateField(
        label="End date (optional)",
        help_text=DATE_HINT,
        required=False,
        error_messages={"invalid": "Enter the end date as a real date"},
    )
    appointed_on = forms.DateField(
        label="Appointed on (chairs only)",
        help_text=DATE_HINT,
        required=False,
        error_messages={"invalid": "Enter the appointment date as a real date"},
    )

    class Meta:
        model = Membership
        fields = [
            "person",
            "seat",
            "is_deputy",
            "role",
            "represents",
            "seniority",
            "start_date",
            "end_date",
            "appointed_by",
            "appointed_on",
            "balancing_arrangements",
        ]
        labels = {
            "person": "Person",
            "seat": "Seat",
            "represents": "Organisation represented",
            "appointed_by": "Appointed by (chairs only)",
            "balancing_arrangements": "Balancing arrangements (chairs only)",
        }
        help_texts = {
            "appointed_by": "For example, the council's executive, or the board itself.",
            "balancing_arrangements": (
                "How any downside of this choice of chair is offset, for example strong scrutiny "
                "or chairs of other groups drawn from other partners."
            ),
        }
        error_messages = {"person": {"required": "Select a person"}}

    def __init__(self, *args: Any, body: Body, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.body = body
        partnership = body.partnership
        person_field = self.fields["person"]
        person_field.queryset = partnership.people.order_by("full_name")  # type: ignore[attr-defined]
        person_field.empty_label = "Select a person"  # type: ignore[attr-defined]
        seat_field = self.fields["seat"]
        seat_field.queryset = body.seats.order_by("position", "label")  # type: ignore[attr-defined]
        seat_field.empty_label = "No seat (for example, a support officer)"  # type: ignore[attr-defined]
        seat_field.label_from_instance = lambda seat: seat.label  # type: ignore[attr-defined]
        for name in ("start_date", "end_date", "appointed_on"):
            self.fields[name].widget.attrs["class"] = "govuk-input--width-10"
        if not self.instance.pk:
            self.fields["start_date"].initial = timezone.localdate
        represents = self.fields["represents"]
        represents.queryset = partnership.organisations.order_by("name")  # type: ignore[attr-defined]
        represents.empty_label = "No organisation"  # type: ignore[attr-defined]
        self.fields["balancing_arrangements"].widget.attrs["rows"] = 3
        if self.instance.pk and not self.is_bound:
            self.initial["is_deputy"] = str(self.instance.is_deputy)

    def clean(self) -> dict[str, Any] | None:
        cleaned = super().clean()
        candidate = Membership(pk=self.instance.pk, body=self.body)
        for name, value in self.service_fields().items():
            setattr(candidate, name, value)
        try:
            check_membership(candidate)
        except ValidationError as error:
            add_service_errors(self, error)
        return cleaned

    def service_fields(self) -> dict[str, Any]:
        return {name: self.cleaned_data[name] for name in MEMBERSHIP_FIELDS if name in self.cleaned_data}


class MembershipEditForm(MembershipForm, VersionedForm):
    pass


class EndMembershipForm(VersionedForm):
    end_date = forms.DateField(
        label="Last day of the membership",
        help_text=DATE_HINT,
        error_messages={
            "required": "Enter the date the membership ends",
            "invalid": "Enter the end date as a real date",
        },
    )

    class Meta:
        model = Membership
        fields = ["end_date"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["end_date"].widget.attrs["class"] = "govuk-input--width-10"
