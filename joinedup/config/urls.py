from django.contrib import admin
from django.urls import include, path

import joinedup.config.admin  # noqa: F401 - operators-only admin site

urlpatterns = [
    path("", include("joinedup.core.urls")),
    path("account/", include("joinedup.accounts.urls")),
    path("", include("joinedup.partnerships.urls")),
    path("", include("joinedup.strategy.urls")),
    path("", include("joinedup.performance.urls")),
    path("", include("joinedup.governance.urls")),
    path("", include("joinedup.assessment.urls")),
    path("operator/admin/", admin.site.urls),
]
