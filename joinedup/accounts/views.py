"""Sign-in, sign-out, password reset and change, profile, and the set-password link."""

from __future__ import annotations

from axes.utils import reset as reset_lockouts
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login, update_session_auth_hash
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.views.decorators.http import require_POST

from joinedup.accounts import demo_logins, services
from joinedup.accounts.forms import (
    ChangePasswordForm,
    NewPasswordForm,
    ProfileForm,
    ResetRequestForm,
    SignInForm,
)
from joinedup.accounts.models import User
from joinedup.core.models import SignedLink


class SignInView(auth_views.LoginView):
    template_name = "accounts/sign_in.html"
    authentication_form = SignInForm
    redirect_authenticated_user = True

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["page_title"] = "Sign in"
        context["demo_logins"] = demo_logins.demo_logins()
        return context


sign_in = SignInView.as_view()
# Django's LogoutView only accepts POST; require_POST says so before anything else runs.
sign_out = require_POST(auth_views.LogoutView.as_view())


@login_required
def profile(request: HttpRequest) -> HttpResponse:
    form = ProfileForm(
        request.POST if request.method == "POST" else None,
        initial={"full_name": request.user.full_name},
    )
    if request.method == "POST" and form.is_valid():
        services.update_profile(user=request.user, full_name=form.cleaned_data["full_name"])
        messages.success(request, "Your name has been saved.")
        return redirect("accounts:profile")
    return render(request, "accounts/profile.html", {"page_title": "Your account", "form": form})


@login_required
def password_change(request: HttpRequest) -> HttpResponse:
    form = ChangePasswordForm(request.user, request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        user = form.save()
        update_session_auth_hash(request, user)  # stay signed in here; other sessions end
        services.record_password_changed(user=user, how="changed")
        messages.success(request, "Your password has been changed.")
        return redirect("accounts:profile")
    return render(
        request,
        "accounts/password_change.html",
        {"page_title": "Change your password", "form": form},
    )


password_reset = auth_views.PasswordResetView.as_view(
    form_class=ResetRequestForm,
    template_name="accounts/password_reset_form.html",
    success_url=reverse_lazy("accounts:password_reset_done"),
    extra_context={"page_title": "Reset your password"},
)
password_reset_done = auth_views.PasswordResetDoneView.as_view(
    template_name="accounts/password_reset_done.html",
    extra_context={"page_title": "Check your email"},
)


class ResetConfirmView(auth_views.PasswordResetConfirmView):
    form_class = NewPasswordForm
    template_name = "accounts/password_reset_confirm.html"
    success_url = reverse_lazy("accounts:password_reset_complete")
    extra_context = {"page_title": "Choose a new password"}

    def form_valid(self, form):
        response = super().form_valid(form)
        # Proving control of the mailbox lifts any lockout on the account, as the
        # lockout page promises.
        reset_lockouts(username=form.user.email)
        services.record_password_changed(user=form.user, how="reset")
        return response


password_reset_confirm = ResetConfirmView.as_view()
password_reset_complete = auth_views.PasswordResetCompleteView.as_view(
    template_name="accounts/password_reset_complete.html",
    extra_context={"page_title": "Password changed"},
)


def set_password_link(request: HttpRequest, link: SignedLink, token: str) -> HttpResponse:
    """Handler for `accounts.set_password` signed links (new operators and admins)."""
    user = User.objects.filter(pk=link.target_id, is_active=True).first()
    if user is None:
        return render(
            request,
            "core/link_not_usable.html",
            {
                "page_title": "This link cannot be used",
                "reason": "The account this link was for is no longer active.",
            },
            status=410,
        )
    form = NewPasswordForm(user, request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        services.set_password_with_link(link=link, user=user, password=form.cleaned_data["new_password1"])
        reset_lockouts(username=user.email)
        login(request, user, backend="django.contrib.auth.backends.ModelBackend")
        messages.success(request, "Your password has been set. You are signed in.")
        return redirect(settings.LOGIN_REDIRECT_URL)
    return render(
        request,
        "accounts/set_password.html",
        {"page_title": "Set your password", "form": form, "account": user},
    )
