"""Forms for what is recorded at meetings. They declare fields and wording; the rules live in
`joinedup.governance.services.record`."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import Q

from joinedup.core.conflicts import VersionedForm
from joinedup.governance.models import (
    AttendanceStatus,
    Challenge,
    Decision,
    Interest,
    MeetingAction,
    Ratification,
)
from joinedup.partnerships.models import Partnership, Person

DATE_HINT = "For example, 27/03/2026"
LINK_FIELDS = ("indicators", "actions", "risks", "programmes")


def _date(label: str, *, what: str) -> forms.DateField:
    return forms.DateField(
        label=f"{label} (optional)",
        required=False,
        help_text=DATE_HINT,
        error_messages={"invalid": f"Enter the {what} as a real date"},
    )


def _people(partnership: Partnership):
    return partnership.people.order_by("full_name")


def limit_links(form: forms.BaseForm, partnership: Partnership) -> None:
    """The golden-thread multi-selects offer only the partnership's records (and the shared
    indicators it uses)."""
    # Widgets first: setting a queryset fills the choices of the widget the field has then.
    for name in LINK_FIELDS:
        form.fields[name].required = False
        form.fields[name].widget = forms.SelectMultiple(attrs={"size": 5})
        form.fields[name].help_text = "Select one or more (hold Ctrl or Cmd). Optional."
    used = partnership.indicator_links.values_list("indicator_id", flat=True)
    from joinedup.performance.selectors import visible_indicators

    # Of the indicators it may see: its own, and the shared ones it uses.
    form.fields["indicators"].queryset = (
        visible_indicators(partnership).filter(Q(partnership=partnership) | Q(pk__in=used)).order_by("title")
    )
    form.fields["actions"].queryset = partnership.actions.order_by("title")
    form.fields["risks"].queryset = partnership.risks.order_by("title")
    form.fields["programmes"].queryset = partnership.programmes.order_by("title")


class LinkedForm(VersionedForm):
    def links(self) -> dict[str, Any]:
        return {name: list(self.cleaned_data.get(name) or []) for name in LINK_FIELDS}

    def service_fields(self) -> dict[str, Any]:
        return {
            name: self.cleaned_data[name]
            for name in self.Meta.fields  # type: ignore[attr-defined]
            if name not in LINK_FIELDS
        }


class DecisionForm(LinkedForm):
    due_date = _date("Due date", what="due date")
    report_due = _date("Report back by", what="date it must be reported by")
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Decision
        fields = [
            "text",
            "is_key_decision",
            "owner",
            "due_date",
            "status",
            "report_to",
            "report_due",
            "needs_ratification",
            *LINK_FIELDS,
        ]
        labels = {
            "text": "What was decided",
            "is_key_decision": "This is a key decision",
            "owner": "Owner (optional)",
            "report_to": "Report to which body (optional)",
            "needs_ratification": "Partners' own bodies must ratify it",
            "indicators": "Indicators it changes",
            "actions": "Strategy actions it changes",
            "risks": "Risks it changes",
            "programmes": "Programmes it changes",
        }
        error_messages = {"text": {"required": "Enter what was decided"}}

    def __init__(self, *args: Any, partnership: Partnership, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = _people(partnership)
        self.fields["report_to"].queryset = partnership.bodies.order_by("name")
        limit_links(self, partnership)
        self.fields["version"].required = bool(self.instance.pk)


class MeetingActionForm(LinkedForm):
    due_date = _date("Due date", what="due date")
    done_on = _date("Done on", what="date it was done")
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = MeetingAction
        fields = ["description", "owner", "due_date", "status", "done_on", *LINK_FIELDS]
        labels = {
            "description": "What is to be done",
            "owner": "Owner (optional)",
            "indicators": "Indicators it changes",
            "actions": "Strategy actions it changes",
            "risks": "Risks it changes",
            "programmes": "Programmes it changes",
        }
        error_messages = {"description": {"required": "Enter what is to be done"}}

    def __init__(self, *args: Any, partnership: Partnership, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = _people(partnership)
        limit_links(self, partnership)
        self.fields["version"].required = bool(self.instance.pk)


class RatificationForm(forms.ModelForm):
    decided_on = _date("Decided on", what="date the partner's body decided")

    class Meta:
        model = Ratification
        fields = ["organisation", "body_name", "outcome", "decided_on", "note"]
        labels = {
            "body_name": "Which of the partner's bodies (optional)",
            "note": "Note (optional)",
        }
        error_messages = {"organisation": {"required": "Choose the partner organisation"}}

    def __init__(self, *args: Any, partnership: Partnership, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = partnership.organisations.order_by("name")


class ChallengeForm(VersionedForm):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Challenge
        fields = [
            "subject",
            "challenger",
            "challenged_person",
            "challenged_organisation",
            "about",
            "response",
            "outcome",
        ]
        labels = {
            "subject": "What kind of challenge",
            "challenger": "Who challenged",
            "challenged_person": "Whom: a person (optional if an organisation is chosen)",
            "challenged_organisation": "Whom: an organisation (optional if a person is chosen)",
            "response": "The response (optional)",
            "outcome": "The outcome (optional)",
        }
        widgets = {"subject": forms.RadioSelect}
        error_messages = {
            "subject": {"required": "Select what kind of challenge it was"},
            "challenger": {"required": "Choose who challenged"},
            "about": {"required": "Enter what was challenged"},
        }

    def __init__(self, *args: Any, partnership: Partnership, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["challenger"].queryset = _people(partnership)
        self.fields["challenger"].required = True
        self.fields["challenged_person"].queryset = _people(partnership)
        self.fields["challenged_organisation"].queryset = partnership.organisations.order_by("name")
        self.fields["version"].required = bool(self.instance.pk)

    def service_fields(self) -> dict[str, Any]:
        return {name: self.cleaned_data[name] for name in self.Meta.fields}


class InterestForm(VersionedForm):
    registered_on = forms.DateField(
        label="Registered on",
        help_text=DATE_HINT,
        error_messages={"required": "Enter the date it was registered", "invalid": "Enter a real date"},
    )
    ended_on = _date("Ended on", what="date it ended")
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Interest
        fields = ["kind", "organisation", "description", "is_sensitive", "registered_on", "ended_on"]
        labels = {
            "kind": "Kind of interest",
            "organisation": "Organisation it concerns (optional)",
            "is_sensitive": "Sensitive: withhold the details from publication",
        }
        error_messages = {
            "kind": {"required": "Select the kind of interest"},
            "description": {"required": "Describe the interest"},
        }

    def __init__(self, *args: Any, partnership: Partnership, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = partnership.organisations.order_by("name")
        self.fields["version"].required = bool(self.instance.pk)

    def service_fields(self) -> dict[str, Any]:
        return {name: self.cleaned_data[name] for name in self.Meta.fields}


class InterestPersonForm(forms.Form):
    person = forms.ModelChoiceField(
        label="Whose interest", queryset=None, error_messages={"required": "Choose whose interest it is"}
    )

    def __init__(self, *args: Any, people: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = people


class DeclarationForm(forms.Form):
    person = forms.ModelChoiceField(
        label="Who is declaring", queryset=None, error_messages={"required": "Choose who is declaring"}
    )
    interest = forms.ModelChoiceField(label="Registered interest (optional)", queryset=None, required=False)
    nature = forms.CharField(
        label="Nature of the interest",
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Enter the nature of the interest"},
    )
    withdrew = forms.BooleanField(label="They withdrew from the item", required=False)

    def __init__(self, *args: Any, people: Any, interests: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = people
        self.fields["interest"].queryset = interests


# --- the attendance grid -----------------------------------------------------------------------

SEAT_STATUSES = [("", "Not recorded"), *AttendanceStatus.choices]
OTHER_STATUSES = [
    ("", "Not attending"),
    (AttendanceStatus.PRESENT, AttendanceStatus.PRESENT.label),
    (AttendanceStatus.REMOTE, AttendanceStatus.REMOTE.label),
]
OTHER_ROWS = 3


class AttendanceGridForm(forms.Form):
    """One form for the whole grid: a status and a deputy per seat, and rows for other attendees."""

    fingerprint = forms.CharField(widget=forms.HiddenInput)

    def __init__(
        self,
        *args: Any,
        seat_rows: list[dict[str, Any]],
        people: Any,
        others: list[Any],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.seat_rows = seat_rows
        all_people = list(people)
        for row in seat_rows:
            seat = row["seat"]
            saved = row["saved"]
            deputies = row["deputies"]
            deputy_ids = {p.pk for p in deputies}
            choices: list[Any] = [("", "No deputy")]
            if deputies:
                choices.append(("The seat's deputies", [(p.pk, p.full_name) for p in deputies]))
            choices.append(
                ("Anyone else", [(p.pk, p.full_name) for p in all_people if p.pk not in deputy_ids])
            )
            self.fields[f"seat-{seat.pk}-status"] = forms.ChoiceField(
                label=f"Attendance for {seat.label}",
                choices=SEAT_STATUSES,
                required=False,
                initial=saved.status if saved else "",
            )
            self.fields[f"seat-{seat.pk}-deputy"] = forms.TypedChoiceField(
                label=f"Deputy for {seat.label}",
                choices=choices,
                coerce=int,
                empty_value=None,
                required=False,
                initial=saved.deputy_id if saved else "",
            )
        people_choices = [("", "Choose a person"), *[(p.pk, p.full_name) for p in all_people]]
        for index in range(max(OTHER_ROWS, len(others) + 1)):
            saved_other = others[index] if index < len(others) else None
            self.fields[f"other-{index}-person"] = forms.TypedChoiceField(
                label=f"Other attendee {index + 1}",
                choices=people_choices,
                coerce=int,
                empty_value=None,
                required=False,
                initial=saved_other.person_id if saved_other else "",
            )
            self.fields[f"other-{index}-status"] = forms.ChoiceField(
                label=f"How other attendee {index + 1} attended",
                choices=OTHER_STATUSES,
                required=False,
                initial=saved_other.status if saved_other else "",
            )
        self.other_count = max(OTHER_ROWS, len(others) + 1)
        for name, field in self.fields.items():
            if name != "fingerprint":
                field.widget.attrs["class"] = "govuk-select"
        self.people_by_id = {p.pk: p for p in all_people}

    def grid(self) -> list[dict[str, Any]]:
        return [
            {
                **row,
                "status": self[f"seat-{row['seat'].pk}-status"],
                "deputy": self[f"seat-{row['seat'].pk}-deputy"],
            }
            for row in self.seat_rows
        ]

    def other_rows(self) -> list[dict[str, Any]]:
        return [
            {"person": self[f"other-{i}-person"], "status": self[f"other-{i}-status"], "number": i + 1}
            for i in range(self.other_count)
        ]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        for i in range(self.other_count):
            person, status = data.get(f"other-{i}-person"), data.get(f"other-{i}-status")
            if person and not status:
                self.add_error(f"other-{i}-status", "Select how they attended")
            if status and not person:
                self.add_error(f"other-{i}-person", "Choose the person who attended")
        return data

    def entries(self) -> tuple[list[tuple[Any, str, Person | None]], list[tuple[Person, str]]]:
        """(seat, status, deputy) for every seat with a status; (person, status) for others."""
        seats = []
        for row in self.seat_rows:
            seat = row["seat"]
            status = self.cleaned_data.get(f"seat-{seat.pk}-status")
            if not status:
                continue
            deputy_id = self.cleaned_data.get(f"seat-{seat.pk}-deputy")
            seats.append((seat, status, self.people_by_id.get(deputy_id) if deputy_id else None))
        others = []
        for i in range(self.other_count):
            person_id = self.cleaned_data.get(f"other-{i}-person")
            status = self.cleaned_data.get(f"other-{i}-status")
            if person_id and status:
                others.append((self.people_by_id[person_id], status))
        return seats, others
