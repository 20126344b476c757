"""The team pages: roles, invitations and support access (admins only), and the
invitation link that invited people follow."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from joinedup.accounts import services as accounts
from joinedup.accounts.forms import NewAccountForm
from joinedup.core.audit import Actor
from joinedup.core.forms import submit
from joinedup.core.history import history_rows
from joinedup.core.models import SignedLink
from joinedup.partnerships import presenters_team as team_presenters
from joinedup.partnerships import selectors_team as team_selectors
from joinedup.partnerships.access import partnership_access
from joinedup.partnerships.models import Role
from joinedup.partnerships.services import team as team_services
from joinedup.partnerships.team_forms import InviteForm, RoleForm, SupportGrantForm

MANAGE = "partnerships.manage"


def _breadcrumbs(access, *extra: tuple[str, str | None]) -> list[dict]:
    slug = access.partnership.slug
    crumbs = [
        {
            "label": access.partnership.name,
            "url": reverse("partnerships:home", kwargs={"slug": slug}),
        },
        {"label": "Team", "url": reverse("partnerships:team", kwargs={"slug": slug})},
    ]
    crumbs += [{"label": label, "url": url} for label, url in extra]
    return crumbs


def _error_message(exc: ValidationError) -> str:
    return " ".join(exc.messages)


def team_page(request: HttpRequest, slug: str) -> HttpResponse:
    access = partnership_access(request, slug, MANAGE)
    partnership = access.partnership
    return render(
        request,
        "partnerships/team/team.html",
        {
            "page_title": "Team",
            "partnership": partnership,
            "breadcrumbs": _breadcrumbs(access)[:1],
            "members": team_presenters.member_rows(partnership),
            "invitations": team_presenters.invitation_rows(partnership),
            "support_grants": team_presenters.support_rows(partnership),
            "history": history_rows(team_selectors.team_history(partnership)),
            "roles": Role.choices,
        },
    )


def member(request: HttpRequest, slug: str, role_id: int) -> HttpResponse:
    access = partnership_access(request, slug, MANAGE)
    role = team_selectors.role_of(access.partnership, role_id)
    if role is None:
        raise Http404
    # The form works on a copy, so the page keeps showing the role as stored.
    form = RoleForm(
        request.POST if request.method == "POST" else None,
        instance=team_selectors.role_of(access.partnership, role_id),
    )
    submission = submit(
        form,
        lambda: team_services.change_role(
            partnership=access.partnership,
            role=role,
            new_role=form.cleaned_data["role"],
            expected_version=form.expected_version,
            by=Actor.for_user(request.user),
        ),
    )
    if submission.succeeded:
        messages.success(request, f"{role.user}'s role has been saved.")
        return redirect("partnerships:team", slug=slug)
    return render(
        request,
        "partnerships/team/member.html",
        {
            "page_title": f"Role of {role.user}",
            "breadcrumbs": _breadcrumbs(access, (str(role.user), None)),
            "partnership": access.partnership,
            "role": role,
            "form": form,
            "conflict_rows": submission.conflict_rows,
        },
        status=submission.status,
    )


def remove(request: HttpRequest, slug: str, role_id: int) -> HttpResponse:
    access = partnership_access(request, slug, MANAGE)
    role = team_selectors.role_of(access.partnership, role_id)
    if role is None or not role.is_active:
        raise Http404
    error = ""
    if request.method == "POST":
        try:
            team_services.remove_from_partnership(
                partnership=access.partnership, role=role, by=Actor.for_user(request.user)
            )
        except ValidationError as exc:
            error = _error_message(exc)
        else:
            messages.success(request, f"{role.user} has been removed from the partnership.")
            return redirect("partnerships:team", slug=slug)
    return render(
        request,
        "partnerships/team/remove.html",
        {
            "page_title": f"Remove {role.user}",
            "breadcrumbs": _breadcrumbs(access, (str(role.user), None)),
            "partnership": access.partnership,
            "role": role,
            "error": error,
        },
        status=400 if error else 200,
    )


def invite(request: HttpRequest, slug: str) -> HttpResponse:
    access = partnership_access(request, slug, MANAGE)
    form = InviteForm(request.POST if request.method == "POST" else None, partnership=access.partnership)
    submission = submit(
        form,
        lambda: team_services.invite(
            partnership=access.partnership,
            email=form.cleaned_data["email"],
            role=form.cleaned_data["role"],
            person=form.cleaned_data["person"],
            by=Actor.for_user(request.user),
        ),
    )
    if submission.succeeded:
        invitation, _ = submission.result
        messages.success(request, f"We have emailed an invitation to {invitation.email}.")
        return redirect("partnerships:team", slug=slug)
    return render(
        request,
        "partnerships/team/invite.html",
        {
            "page_title": "Invite someone",
            "breadcrumbs": _breadcrumbs(access, ("Invite someone", None)),
            "partnership": access.partnership,
            "form": form,
            "lifetime_days": team_services.invitation_lifetime().days,
        },
    )


@require_POST
def invitation_resend(request: HttpRequest, slug: str, invitation_id: int) -> HttpResponse:
    access = partnership_access(request, slug, MANAGE)
    invitation = team_selectors.invitation_of(access.partnership, invitation_id)
    if invitation is None:
        raise Http404
    try:
        team_services.resend_invitation(
            partnership=access.partnership, invitation=invitation, by=Actor.for_user(request.user)
        )
    except ValidationError as exc:
        messages.error(request, _error_message(exc))
    else:
        messages.success(
            request,
            f"We have sent the invitation to {invitation.email} again. The link sent before no longer works.",
        )
    return redirect("partnerships:team", slug=slug)


@require_POST
def invitation_revoke(request: HttpRequest, slug: str, invitation_id: int) -> HttpResponse:
    access = partnership_access(request, slug, MANAGE)
    invitation = team_selectors.invitation_of(access.partnership, invitation_id)
    if invitation is None:
        raise Http404
    try:
        team_services.revoke_invitation(
            partnership=access.partnership, invitation=invitation, by=Actor.for_user(request.user)
        )
    except ValidationError as exc:
        messages.error(request, _error_message(exc))
    else:
        messages.success(request, f"The invitation to {invitation.email} has been withdrawn.")
    return redirect("partnerships:team", slug=slug)


def support_grant(request: HttpRequest, slug: str) -> HttpResponse:
    access = partnership_access(request, slug, MANAGE)
    form = SupportGrantForm(request.POST if request.method == "POST" else None)
    submission = submit(
        form,
        lambda: team_services.grant_support_access(
            partnership=access.partnership,
            operator_email=form.cleaned_data["operator_email"],
            reason=form.cleaned_data["reason"],
            days=form.cleaned_data["days"],
            by=Actor.for_user(request.user),
        ),
    )
    if submission.succeeded:
        grant = submission.result
        messages.success(
            request,
            f"{grant.operator} can read this partnership until {grant.expires_at:%-d %B %Y %H:%M}.",
        )
        return redirect("partnerships:team", slug=slug)
    return render(
        request,
        "partnerships/team/support_grant.html",
        {
            "page_title": "Give a site operator support access",
            "breadcrumbs": _breadcrumbs(access, ("Support access", None)),
            "partnership": access.partnership,
            "form": form,
        },
    )


@require_POST
def support_revoke(request: HttpRequest, slug: str, grant_id: int) -> HttpResponse:
    access = partnership_access(request, slug, MANAGE)
    grant = team_selectors.support_grant_of(access.partnership, grant_id)
    if grant is None:
        raise Http404
    team_services.revoke_support_access(
        partnership=access.partnership, grant=grant, by=Actor.for_user(request.user)
    )
    messages.success(request, f"{grant.operator}'s support access has ended.")
    return redirect("partnerships:team", slug=slug)


# ---------------------------------------------------------------------------
# Following an invitation link (registered for "partnerships.invitation")
# ---------------------------------------------------------------------------


def accept_invitation_link(request: HttpRequest, link: SignedLink, token: str) -> HttpResponse:
    """Someone follows the link in their invitation email.

    Without an account for the invited address, they choose a name and password; with
    one, they sign in first. Either way they then take up the role, and the link is
    completed so it no longer opens. Nothing changes on GET (mail scanners fetch links).
    """
    invitation = team_selectors.invitation_for_link(link)
    if invitation is None or team_presenters.invitation_state(invitation).key != "pending":
        return render(
            request,
            "core/link_not_usable.html",
            {
                "page_title": "This link cannot be used",
                "reason": ("This invitation is no longer open. Ask the partnership's admin for a new one."),
            },
            status=410,
        )
    partnership = invitation.partnership
    context = {
        "page_title": f"Join {partnership.name}",
        "invitation": invitation,
        "partnership": partnership,
        "role_label": invitation.get_role_display(),
    }

    if request.user.is_authenticated:
        if not team_services.invitation_matches(invitation, request.user):
            return render(request, "partnerships/team/accept_other_account.html", context, status=403)
        if request.method == "POST":
            return _accept(request, invitation)
        return render(request, "partnerships/team/accept.html", context)

    existing = accounts.find_user(invitation.email)
    if existing is not None:
        if not existing.is_active:
            return render(request, "partnerships/team/accept_deactivated.html", context, status=403)
        return redirect_to_login(request.get_full_path())

    form = NewAccountForm(request.POST if request.method == "POST" else None, email=invitation.email)
    if request.method == "POST" and form.is_valid():
        user = accounts.create_account(
            email=invitation.email,
            full_name=form.cleaned_data["full_name"],
            password=form.cleaned_data["password1"],
            actor=Actor.for_link(invitation.email),
        )
        login(request, user, backend="django.contrib.auth.backends.ModelBackend")
        return _accept(request, invitation)
    return render(request, "partnerships/team/accept_new_account.html", {**context, "form": form})


def _accept(request: HttpRequest, invitation) -> HttpResponse:
    try:
        team_services.accept_invitation(invitation=invitation, user=request.user)
    except ValidationError as exc:
        return render(
            request,
            "core/link_not_usable.html",
            {"page_title": "This link cannot be used", "reason": _error_message(exc)},
            status=410,
        )
    messages.success(
        request,
        f"You have joined {invitation.partnership.name} as {invitation.get_role_display().lower()}.",
    )
    return redirect("partnerships:home", slug=invitation.partnership.slug)
