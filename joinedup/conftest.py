"""Test-wide settings: tasks run immediately, emails stay in memory, hashing is fast."""

import pytest
from hypothesis import HealthCheck
from hypothesis import settings as hypothesis_settings

# Property tests assert rules, not speed: on a loaded CI machine (two cores shared with the
# browser and the database) Hypothesis's "input generation is slow" check and its per-example
# deadline fail tests whose rules hold. Speed goals live in bench/.
hypothesis_settings.register_profile(
    "joinedup", deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large]
)
hypothesis_settings.load_profile("joinedup")


@pytest.fixture(autouse=True)
def _test_settings(settings, tmp_path):
    settings.TASKS = {
        "default": {
            "BACKEND": "django_tasks.backends.immediate.ImmediateBackend",
            "QUEUES": ["default", "email"],
        }
    }
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    yield


# The browser fixtures, defined once for every room's browser tests: a second definition
# would start a second Playwright in the same process, which Playwright refuses.
from joinedup.tests.system.harness import browser, page  # noqa: E402

__all__ = ["browser", "page"]
