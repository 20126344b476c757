import importlib
from types import SimpleNamespace

import pytest
from django.core.cache import caches
from django.db import connection
from django.test import override_settings

cache_migration = importlib.import_module("joinedup.core.migrations.0002_cache_table")


@pytest.mark.django_db
def test_the_migration_creates_the_database_cache_table_production_uses():
    production_cache = {
        "default": {"BACKEND": "django.core.cache.backends.db.DatabaseCache", "LOCATION": "jc_test"}
    }
    with override_settings(CACHES=production_cache):
        assert "jc_test" not in connection.introspection.table_names()
        cache_migration.create_cache_tables(None, SimpleNamespace(connection=connection))
        assert "jc_test" in connection.introspection.table_names()
        caches["default"].set("chart", "<svg/>")
        assert caches["default"].get("chart") == "<svg/>"
