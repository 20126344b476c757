"""The Django admin is for site operators (superusers) only, not any staff account."""

from django.contrib import admin


def operators_only(request) -> bool:
    user = request.user
    return bool(user.is_active and user.is_superuser)


admin.site.has_permission = operators_only  # type: ignore[method-assign]
admin.site.site_header = "Joined Up: site operation"
admin.site.site_title = "Joined Up operation"
