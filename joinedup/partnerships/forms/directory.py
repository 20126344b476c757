"""Forms of the directory: partnership settings, areas, organisations, people, training.

The model forms here skip ModelForm's `_post_clean`: it would copy the cleaned values
onto the instance before the service takes its `before` snapshot for the audit entry.
The services apply the values and run `full_clean()` themselves.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models.functions import Lower

from joinedup.core.conflicts import ConflictRow, EditConflict, VersionedForm
from joinedup.partnerships import sharing
from joinedup.partnerships.geography import area_option
from joinedup.partnerships.models import (
    Area,
    LocalGovernmentTier,
    Organisation,
    Partnership,
    PartnershipType,
    Person,
    Sector,
    StatutoryBasis,
    TrainingRecord,
)
from joinedup.partnerships.selectors import area_by_id, resolve_area

AREA_HINT = "Type a name or a code, for example Oxford or E07000178"


def area_label(area: Area) -> str:
    """How an area is written in forms: resolvable again by `resolve_area`."""
    return f"{area.name} ({area.code})"


def area_choice_label(area: Area) -> str:
    """Enough to tell Oxford from Oxfordshire, and a council from the one it replaced."""
    option = area_option(area)
    return f"{option['label']}, {option['description']}"


class AreaLookup:
    """Resolves a typed area name or code, offering candidates when it is ambiguous.

    Used by forms with a text field `text_field` and a radio field `choice_field`:
    a chosen radio wins; otherwise the text must resolve to exactly one area.
    """

    def __init__(self, form: forms.Form, text_field: str, choice_field: str, *, required: bool):
        self.form = form
        self.text_field = text_field
        self.choice_field = choice_field
        self.required = required
        self.candidates: list[Area] = []

    def clean(self) -> Area | None:
        data = self.form.cleaned_data
        text = (data.get(self.text_field) or "").strip()
        choice = data.get(self.choice_field)
        if choice:
            area = area_by_id(int(choice))
            if area is not None:
                return area
        if not text:
            if self.required:
                self.form.add_error(self.text_field, "Enter the name or code of an area")
            return None
        resolution = resolve_area(text)
        if resolution.area is not None:
            return resolution.area
        if resolution.is_ambiguous:
            self.candidates = resolution.candidates
            field = self.form.fields[self.choice_field]
            field.widget.choices = [(a.pk, area_choice_label(a)) for a in self.candidates]
            self.form.add_error(self.choice_field, "Select one of these areas")
            return None
        self.form.add_error(
            self.text_field,
            f"No area matches “{text}”. Check the spelling or enter a code, such as E07000178",
        )
        return None


def _area_choice_field() -> forms.IntegerField:
    return forms.IntegerField(
        label="Which area did you mean?", required=False, widget=forms.RadioSelect(choices=[])
    )


# ---------------------------------------------------------------------------
# Partnership settings
# ---------------------------------------------------------------------------


def _share_labels(keys) -> str:
    return ", ".join(sharing.label_for(k) for k in keys or [])


class PartnershipSettingsForm(VersionedForm):
    shares_with_parent = forms.MultipleChoiceField(
        label="What this partnership shares with its parent",
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=("Nothing is shared unless you tick it. The parent's users never see anything else."),
    )

    class Meta:
        model = Partnership
        fields = ["name", "partnership_type", "tier", "parent", "headline_area"]
        labels = {
            "name": "Name",
            "partnership_type": "Type",
            "tier": "Local-government tier",
            "parent": "Parent partnership",
            "headline_area": "Headline area",
        }
        help_texts = {
            "parent": "For example, the county partnership a district partnership sits in. "
            "You can only choose partnerships you are an admin of.",
            "headline_area": "The area whose figures the performance dashboards, the exception view "
            "and target coverage show, against the targets set for it. Each indicator's page "
            "also shows all the partnership's areas together.",
        }
        widgets = {
            "partnership_type": forms.RadioSelect,
            "tier": forms.RadioSelect,
            "headline_area": forms.RadioSelect,
        }

    def __init__(self, *args: Any, parent_choices=None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["name"].error_messages["required"] = "Enter a name"
        self.fields["partnership_type"].choices = PartnershipType.choices
        self.fields["partnership_type"].error_messages["required"] = "Select a type of partnership"
        self.fields["tier"].choices = LocalGovernmentTier.choices
        self.fields["tier"].error_messages["required"] = "Select a local-government tier"
        parent = self.fields["parent"]
        parent.queryset = parent_choices if parent_choices is not None else Partnership.objects.none()
        parent.required = False
        parent.empty_label = "No parent partnership"
        parent.error_messages["invalid_choice"] = "Select a partnership you are an admin of"
        shares = self.fields["shares_with_parent"]
        shares.choices = [(s.key, s.label) for s in sharing.shareables()]
        self._headline_field()
        if not self.is_bound:
            self.initial["shares_with_parent"] = list(self.instance.shares_with_parent or [])

    def _headline_field(self) -> None:
        """Only the partnership's own areas; the empty choice names the default rule's area."""
        field = self.fields["headline_area"]
        areas = list(self.instance.areas.order_by("name", "pk")) if self.instance.pk else []
        field.queryset = Area.objects.filter(pk__in=[a.pk for a in areas]).order_by("name", "pk")
        field.label_from_instance = area_label
        field.required = False
        field.error_messages["invalid_choice"] = "Select one of the partnership's areas"
        self.headline_areas = areas
        if not areas:
            field.empty_label = "No choice"
        elif len(areas) == 1:
            field.empty_label = f"No choice: the partnership's only area, {areas[0].name}"
        else:
            field.empty_label = f"No choice: the first area by name, {areas[0].name}"

    def _post_clean(self) -> None:
        # The service applies and validates the changes: the form must not change the
        # instance first, or the audit entry would see no difference.
        pass

    def values(self) -> dict[str, Any]:
        return {
            "name": self.cleaned_data["name"],
            "partnership_type": self.cleaned_data["partnership_type"],
            "tier": self.cleaned_data["tier"],
            "parent": self.cleaned_data["parent"],
            "shares_with_parent": self.cleaned_data["shares_with_parent"],
            "headline_area": self.cleaned_data.get("headline_area"),
        }


class AreaAddForm(forms.Form):
    area = forms.CharField(label="Add an area", required=False, max_length=200, help_text=AREA_HINT)
    area_choice = _area_choice_field()

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.lookup = AreaLookup(self, "area", "area_choice", required=True)
        self.resolved: Area | None = None

    @property
    def candidates(self) -> list[Area]:
        return self.lookup.candidates

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        self.resolved = self.lookup.clean()
        return cleaned


# ---------------------------------------------------------------------------
# Organisations
# ---------------------------------------------------------------------------


class OrganisationForm(forms.ModelForm):
    website = forms.URLField(
        label="Website (optional)",
        required=False,
        assume_scheme="https",
        max_length=200,
        help_text="For example, https://www.oxford.gov.uk",
    )
    area_text = forms.CharField(
        label="Area (for councils)",
        required=False,
        max_length=200,
        help_text="The area the council governs. " + AREA_HINT,
    )
    area_choice = _area_choice_field()

    class Meta:
        model = Organisation
        fields = ["name", "short_name", "sector", "statutory_basis", "website"]
        labels = {
            "name": "Name",
            "short_name": "Short name (optional)",
            "sector": "Sector",
            "statutory_basis": "Statutory basis of membership",
        }
        help_texts = {"short_name": "For example, OCC"}
        widgets = {"sector": forms.RadioSelect, "statutory_basis": forms.RadioSelect}

    def __init__(self, *args: Any, partnership: Partnership, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.partnership = partnership
        self.fields["name"].error_messages["required"] = "Enter a name"
        self.fields["sector"].choices = Sector.choices
        self.fields["sector"].error_messages["required"] = "Select a sector"
        self.fields["statutory_basis"].choices = [("", "None")] + [c for c in StatutoryBasis.choices if c[0]]
        self.fields["website"].error_messages["invalid"] = (
            "Enter a website address in the correct format, like https://www.example.org"
        )
        self.lookup = AreaLookup(self, "area_text", "area_choice", required=False)
        self.resolved_area: Area | None = None
        if not self.is_bound and self.instance.pk and self.instance.area_id:
            self.initial["area_text"] = area_label(self.instance.area)

    @property
    def candidates(self) -> list[Area]:
        return self.lookup.candidates

    def clean_name(self) -> str:
        name = self.cleaned_data["name"].strip()
        clash = self.partnership.organisations.annotate(lower=Lower("name")).filter(lower=name.lower())
        if self.instance.pk:
            clash = clash.exclude(pk=self.instance.pk)
        if clash.exists():
            raise forms.ValidationError("An organisation with this name is already in the partnership")
        return name

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        self.resolved_area = self.lookup.clean()
        return cleaned

    def _post_clean(self) -> None:
        pass

    def values(self) -> dict[str, Any]:
        data = {name: self.cleaned_data[name] for name in self.Meta.fields}
        data["area"] = self.resolved_area
        return data


class OrganisationEditForm(VersionedForm, OrganisationForm):
    def conflict_rows(self, conflict: EditConflict) -> list[ConflictRow]:
        rows = super().conflict_rows(conflict)
        if "area" in conflict.attempted:
            current, attempted = conflict.current.area, conflict.attempted["area"]
            rows.append(
                ConflictRow(
                    label=str(self.fields["area_text"].label),
                    theirs=area_label(current) if current else "",
                    yours=area_label(attempted) if attempted else "",
                )
            )
        return rows


# ---------------------------------------------------------------------------
# People and their training
# ---------------------------------------------------------------------------


class PersonForm(forms.ModelForm):
    class Meta:
        model = Person
        fields = ["full_name", "job_title", "organisation", "email", "phone", "notes"]
        labels = {
            "full_name": "Full name",
            "job_title": "Job title (optional)",
            "organisation": "Employing organisation",
            "email": "Contact email (optional)",
            "phone": "Phone (optional)",
            "notes": "Notes (optional)",
        }
        widgets = {
            "email": forms.EmailInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
            "phone": forms.TextInput(attrs={"type": "tel", "autocomplete": "off"}),
            "notes": forms.Textarea(attrs={"rows": 4}),
        }

    def __init__(self, *args: Any, partnership: Partnership, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.partnership = partnership
        self.fields["full_name"].error_messages["required"] = "Enter the person's full name"
        self.fields["email"].error_messages["invalid"] = (
            "Enter an email address in the correct format, like name@example.org"
        )
        organisation = self.fields["organisation"]
        organisation.queryset = partnership.organisations.order_by("name")
        organisation.empty_label = "Not recorded"
        organisation.required = False
        organisation.error_messages["invalid_choice"] = "Select an organisation of this partnership"

    def _post_clean(self) -> None:
        pass

    def values(self) -> dict[str, Any]:
        return {name: self.cleaned_data[name] for name in self.Meta.fields}


class PersonEditForm(VersionedForm, PersonForm):
    pass


class PersonAccountForm(VersionedForm):
    class Meta:
        model = Person
        fields = ["user"]
        labels = {"user": "User account"}
        help_texts = {"user": "Only users of this partnership are listed. Invite someone first to link them."}

    def __init__(self, *args: Any, users, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["user"]
        field.queryset = users
        field.required = False
        field.empty_label = "Not linked to a user account"
        field.label_from_instance = lambda u: f"{u.full_name} ({u.email})" if u.full_name else u.email
        field.error_messages["invalid_choice"] = "Select a user of this partnership"

    def _post_clean(self) -> None:
        pass


class TrainingRecordForm(forms.ModelForm):
    class Meta:
        model = TrainingRecord
        fields = ["kind", "title", "provider", "completed_on", "covers_collaboration"]
        labels = {
            "kind": "Kind",
            "title": "Title",
            "provider": "Provider (optional)",
            "completed_on": "Completed on",
            "covers_collaboration": "The course stresses working collaboratively across partners",
        }
        help_texts = {
            "completed_on": "For example, 27 3 2025 or 2025-03-27",
            "covers_collaboration": "",
        }
        widgets = {"kind": forms.RadioSelect}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = TrainingRecord.Kind.choices
        self.fields["kind"].error_messages["required"] = "Select what kind of record this is"
        self.fields["title"].error_messages["required"] = "Enter a title"
        completed = self.fields["completed_on"]
        completed.input_formats = ["%Y-%m-%d", "%d %m %Y", "%d/%m/%Y", "%d %B %Y", "%d %b %Y"]
        completed.error_messages["required"] = "Enter the date it was completed"
        completed.error_messages["invalid"] = "Completed on must be a real date, like 27 3 2025"

    def _post_clean(self) -> None:
        pass

    def values(self) -> dict[str, Any]:
        return {name: self.cleaned_data[name] for name in self.Meta.fields}


class TrainingRecordEditForm(VersionedForm, TrainingRecordForm):
    pass
