"""The access helper every partnership view begins with.

    access = partnership_access(request, slug, "partnerships.edit")

Anonymous users are sent to sign in; outsiders get 404 (a partnership's existence is
not disclosed); members without the permission get 403.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest

from joinedup.partnerships.models import Partnership
from joinedup.partnerships.roles import role_in


class SignInRequired(Exception):
    """Raised for anonymous users; the middleware turns it into a sign-in redirect."""


@dataclass(frozen=True)
class PartnershipAccess:
    partnership: Partnership
    user: object
    role: str

    def can(self, perm: str, obj: object | None = None) -> bool:
        return self.user.has_perm(perm, obj if obj is not None else self.partnership)  # type: ignore[attr-defined]

    @property
    def may_edit(self) -> bool:
        return self.can("partnerships.edit")

    @property
    def may_manage(self) -> bool:
        return self.can("partnerships.manage")


def partnership_access(
    request: HttpRequest, slug: str, perm: str = "partnerships.view", obj: object | None = None
) -> PartnershipAccess:
    if not request.user.is_authenticated:
        raise SignInRequired
    partnership = Partnership.objects.filter(slug=slug).first()
    role = role_in(request.user, partnership)
    if partnership is None or role is None:
        raise Http404("No such partnership")
    access = PartnershipAccess(partnership=partnership, user=request.user, role=role)
    if not access.can("partnerships.view"):
        raise Http404("No such partnership")
    if not access.can(perm, obj):
        raise PermissionDenied
    request.partnership_access = access  # type: ignore[attr-defined]
    return access


class SignInRequiredMiddleware:
    """Turns SignInRequired from any view into the usual sign-in redirect."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if isinstance(exception, SignInRequired):
            return redirect_to_login(request.get_full_path())
        return None
