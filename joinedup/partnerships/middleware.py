"""Audit every page a site operator reads under support access."""

from __future__ import annotations


class SupportAccessAuditMiddleware:
    """Writes `partnerships.support.page_viewed` for each successful request that
    `partnership_access` granted through a support grant (role "support")."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        access = getattr(request, "partnership_access", None)
        if access is not None and access.role == "support" and response.status_code < 400:
            from joinedup.partnerships.services.team import record_support_page_view

            record_support_page_view(
                partnership_id=access.partnership.pk,
                operator=request.user,
                path=request.get_full_path(),
            )
        return response
