"""Account forms. Password fields never block paste and carry the autocomplete
values password managers look for (WCAG 2.2 success criterion 3.3.8)."""

from __future__ import annotations

from django import forms
from django.contrib.auth import password_validation
from django.contrib.auth.forms import (
    AuthenticationForm,
    PasswordChangeForm,
    PasswordResetForm,
    SetPasswordForm,
)

from joinedup.accounts.models import User
from joinedup.accounts.services import normalise_email
from joinedup.core.mail import send_email

EMAIL_ERRORS = {
    "required": "Enter your email address",
    "invalid": "Enter an email address in the correct format, like name@example.com",
}


def email_field(label: str = "Email address") -> forms.EmailField:
    return forms.EmailField(
        label=label,
        error_messages=EMAIL_ERRORS,
        widget=forms.EmailInput(
            attrs={"autocomplete": "email", "spellcheck": "false", "autocapitalize": "none"}
        ),
    )


def password_field(
    label: str, autocomplete: str, *, required_message: str, help_text: str = ""
) -> forms.CharField:
    return forms.CharField(
        label=label,
        strip=False,
        help_text=help_text,
        error_messages={"required": required_message},
        widget=forms.PasswordInput(attrs={"autocomplete": autocomplete, "spellcheck": "false"}),
    )


NEW_PASSWORD_HINT = (
    "Use at least 10 characters. A few unrelated words are easy to remember and hard to guess."  # noqa: S105
)


class SignInForm(AuthenticationForm):
    username = forms.EmailField(
        label="Email address",
        error_messages=EMAIL_ERRORS,
        widget=forms.EmailInput(
            attrs={"autocomplete": "username", "spellcheck": "false", "autocapitalize": "none"}
        ),
    )
    password = password_field("Password", "current-password", required_message="Enter your password")

    error_messages = {
        "invalid_login": "Enter a correct email address and password",
        "inactive": "Enter a correct email address and password",
    }

    def clean_username(self) -> str:
        # One account, one lockout counter: "Ann@x.org" and "ann@x.org" are the same
        # person, so they must count against the same account-and-address pair.
        return normalise_email(self.cleaned_data["username"])


class ProfileForm(forms.Form):
    full_name = forms.CharField(
        label="Full name",
        max_length=200,
        error_messages={"required": "Enter your full name"},
        widget=forms.TextInput(attrs={"autocomplete": "name", "spellcheck": "false"}),
    )


class _NewPasswordMixin:
    error_messages = {"password_mismatch": "The passwords do not match. Enter the same password twice"}

    def _new_password_fields(self) -> None:
        self.fields["new_password1"] = password_field(  # type: ignore[attr-defined]
            "New password",
            "new-password",
            required_message="Enter a new password",
            help_text=NEW_PASSWORD_HINT,
        )
        self.fields["new_password2"] = password_field(  # type: ignore[attr-defined]
            "Confirm new password",
            "new-password",
            required_message="Enter your new password again",
        )


class NewPasswordForm(_NewPasswordMixin, SetPasswordForm):
    """Set a new password (reset by email, or a one-time set-password link)."""

    def __init__(self, user, *args, **kwargs):
        super().__init__(user, *args, **kwargs)
        self._new_password_fields()


class ChangePasswordForm(_NewPasswordMixin, PasswordChangeForm):
    error_messages = {
        **_NewPasswordMixin.error_messages,
        "password_incorrect": "Your current password is not right. Enter it again",
    }

    def __init__(self, user, *args, **kwargs):
        super().__init__(user, *args, **kwargs)
        self._new_password_fields()
        self.fields["old_password"] = password_field(
            "Current password",
            "current-password",
            required_message="Enter your current password",
        )
        self.order_fields(["old_password", "new_password1", "new_password2"])


class ResetRequestForm(PasswordResetForm):
    email = email_field()

    def send_mail(
        self,
        subject_template_name,
        email_template_name,
        context,
        from_email,
        to_email,
        html_email_template_name=None,
    ) -> None:
        # Through the task worker like every email; links are built from SITE_URL, never
        # from the request's Host header, so a forged Host cannot redirect the link.
        send_email(
            to=[to_email],
            subject="Reset your Joined Up password",
            template="accounts/email/password_reset",
            context={"uid": context["uid"], "token": context["token"], "user": context["user"]},
        )


class NewAccountForm(forms.Form):
    """Someone invited without an account chooses their name and password."""

    full_name = forms.CharField(
        label="Full name",
        max_length=200,
        error_messages={"required": "Enter your full name"},
        widget=forms.TextInput(attrs={"autocomplete": "name", "spellcheck": "false"}),
    )
    password1 = password_field(
        "Create a password",
        "new-password",
        required_message="Enter a password",
        help_text=NEW_PASSWORD_HINT,
    )
    password2 = password_field(
        "Confirm password", "new-password", required_message="Enter your password again"
    )

    def __init__(self, *args, email: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.email = email

    def clean(self):
        cleaned = super().clean()
        p1, p2 = cleaned.get("password1"), cleaned.get("password2")
        if p1 and p2 and p1 != p2:
            self.add_error("password2", "The passwords do not match. Enter the same password twice")
        elif p1:
            candidate = User(email=self.email, full_name=cleaned.get("full_name", ""))
            try:
                password_validation.validate_password(p1, candidate)
            except forms.ValidationError as exc:
                self.add_error("password1", exc)
        return cleaned
