"""Forms for the team pages (roles, invitations, support access)."""

from __future__ import annotations

from django import forms

from joinedup.core.conflicts import VersionedForm
from joinedup.partnerships.models import (
    LocalGovernmentTier,
    Partnership,
    PartnershipRole,
    PartnershipType,
    Role,
)
from joinedup.partnerships.selectors_team import person_choices
from joinedup.partnerships.services.team import SUPPORT_DURATIONS


class RoleForm(VersionedForm):
    role = forms.ChoiceField(
        label="Role",
        choices=Role.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select a role", "invalid_choice": "Select a role"},
    )

    class Meta:
        model = PartnershipRole
        fields = ["role"]


class InviteForm(forms.Form):
    email = forms.EmailField(
        label="Email address",
        error_messages={
            "required": "Enter an email address",
            "invalid": "Enter an email address in the correct format, like name@example.com",
        },
        widget=forms.EmailInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )
    role = forms.ChoiceField(
        label="Role",
        choices=Role.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select a role", "invalid_choice": "Select a role"},
    )
    person = forms.ModelChoiceField(
        label="Person in the partnership's directory (optional)",
        help_text=(
            "Link the new account to someone already listed, so their seats and memberships show as theirs."
        ),
        queryset=None,
        required=False,
        empty_label="Not linked to anyone",
        error_messages={"invalid_choice": "Select a person from the list"},
    )

    def __init__(self, *args, partnership: Partnership, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = person_choices(partnership)


class SupportGrantForm(forms.Form):
    operator_email = forms.EmailField(
        label="Site operator's email address",
        error_messages={
            "required": "Enter the email address of a site operator",
            "invalid": "Enter an email address in the correct format, like name@example.com",
        },
        widget=forms.EmailInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )
    reason = forms.CharField(
        label="Why they need access",
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=1000,
        help_text="For example, the support request number and what is wrong.",
        error_messages={"required": "Enter why the operator needs access"},
    )
    days = forms.TypedChoiceField(
        label="How long the access lasts",
        coerce=int,
        widget=forms.RadioSelect,
        choices=[(str(k), v) for k, v in SUPPORT_DURATIONS.items()],
        initial="1",
        error_messages={
            "required": "Select how long the access lasts",
            "invalid_choice": "Select how long the access lasts",
        },
    )


class FirstRunForm(forms.Form):
    full_name = forms.CharField(
        label="Your full name",
        max_length=200,
        error_messages={"required": "Enter your full name"},
        widget=forms.TextInput(attrs={"autocomplete": "name", "spellcheck": "false"}),
    )
    email = forms.EmailField(
        label="Your email address",
        error_messages={
            "required": "Enter your email address",
            "invalid": "Enter an email address in the correct format, like name@example.com",
        },
        widget=forms.EmailInput(attrs={"autocomplete": "username", "spellcheck": "false"}),
    )
    password1 = forms.CharField(
        label="Create a password",
        strip=False,
        help_text="Use at least 10 characters.",
        error_messages={"required": "Enter a password"},
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )
    password2 = forms.CharField(
        label="Confirm password",
        strip=False,
        error_messages={"required": "Enter your password again"},
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )
    partnership_name = forms.CharField(
        label="Name of the first partnership",
        max_length=200,
        error_messages={"required": "Enter the name of the partnership"},
    )
    partnership_type = forms.ChoiceField(
        label="Type of partnership",
        choices=PartnershipType.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": "Select the type of partnership",
            "invalid_choice": "Select the type of partnership",
        },
    )
    tier = forms.ChoiceField(
        label="Local-government tier",
        choices=LocalGovernmentTier.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": "Select the local-government tier",
            "invalid_choice": "Select the local-government tier",
        },
    )
    admin_email = forms.EmailField(
        label="Email address of the partnership's admin (optional)",
        required=False,
        help_text=("Leave this empty to be the admin yourself. Otherwise we will send them an invitation."),
        error_messages={"invalid": "Enter an email address in the correct format, like name@example.com"},
        widget=forms.EmailInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )

    def clean(self):
        from django.contrib.auth import password_validation

        from joinedup.accounts.models import User

        cleaned = super().clean()
        p1, p2 = cleaned.get("password1"), cleaned.get("password2")
        if p1 and p2 and p1 != p2:
            self.add_error("password2", "The passwords do not match. Enter the same password twice")
        elif p1:
            candidate = User(email=cleaned.get("email", ""), full_name=cleaned.get("full_name", ""))
            try:
                password_validation.validate_password(p1, candidate)
            except forms.ValidationError as exc:
                self.add_error("password1", exc)
        return cleaned
