"""The persona walker: every URL pattern, as every persona, against the table in url_access.py.

A URL pattern with no row fails `test_every_url_pattern_has_a_row`, naming the pattern.
The world is built once per module (joinedup/tests/world.py) inside a transaction that is
rolled back at the end; each visit runs in its own savepoint, so a POST row cannot change
what the next visit sees.

A persona listed in `url_access.DEFAULTS_TO_VIEWER` (a scoped responsibility held on top
of the viewer role, such as a theme lead) may be left out of a row: it then expects the
row's "viewer" status (`Row.__post_init__` fills it in).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from django.db import transaction
from django.test import Client, override_settings
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from joinedup.tests import url_access
from joinedup.tests.url_access import (
    ADMIN_PREFIX,
    ADMIN_RULE,
    ADMITTED,
    DEFAULTS_TO_VIEWER,
    PERSONAS,
    ROWS,
    Row,
)
from joinedup.tests.world import World, build_world

SIGN_IN_BACKEND = "django.contrib.auth.backends.ModelBackend"


@dataclass(frozen=True)
class Pattern:
    key: str  # "namespace:name", or "route:<route>" for a pattern without a name
    name: str | None
    route: str


def walk(resolver: URLResolver | None = None, prefix: str = "", namespace: str = "") -> Iterator[Pattern]:
    """Every URL pattern in the project, with its full route and namespaced name."""
    resolver = resolver or get_resolver()
    for entry in resolver.url_patterns:
        route = prefix + str(entry.pattern)
        if isinstance(entry, URLResolver):
            inner = ":".join(part for part in (namespace, entry.namespace) if part)
            yield from walk(entry, route, inner)
        elif isinstance(entry, URLPattern):
            name = ":".join(part for part in (namespace, entry.name) if part) if entry.name else None
            yield Pattern(key=name or f"route:{route}", name=name, route=route)


PATTERNS = list(walk())
# A URL may have several rows, each with its own kwargs (a page of this partnership, the
# same page of a child partnership).
ROWS_BY_KEY: dict[str, list[Row]] = {}
for _row in ROWS:
    ROWS_BY_KEY.setdefault(_row.url_name, []).append(_row)


def _under_admin(pattern: Pattern) -> bool:
    return pattern.route.startswith(ADMIN_PREFIX)


def _cases() -> Iterator[object]:
    for pattern in PATTERNS:
        rows: list[Row | None] = list(ROWS_BY_KEY.get(pattern.key, []))
        if not rows:
            if not _under_admin(pattern):
                continue  # reported by test_every_url_pattern_has_a_row
            rows = [None]  # the site-operator admin rule
        for number, row in enumerate(rows, start=1):
            label = pattern.key if len(rows) == 1 else f"{pattern.key}#{number}"
            for persona in PERSONAS:
                yield pytest.param(pattern, row, persona, id=f"{label}-{persona}")


# Values for the admin's own URL arguments, which no room's world provides.
_ADMIN_VALUES = {"object_id": "1", "content_type_id": "1", "url": "no-such-page/"}


def _admin_path(pattern: Pattern) -> str:
    """A concrete path for an admin route, filling its arguments with harmless values."""

    def value(name: str, alternatives: str = "") -> str:
        if name == "app_label" and alternatives:
            return alternatives.split("|")[0]
        return _ADMIN_VALUES[name]

    path = re.sub(r"\(\?P<(\w+)>([^)]*)\)", lambda m: value(m.group(1), m.group(2)), pattern.route)
    path = re.sub(r"<(?:\w+:)?(\w+)>", lambda m: value(m.group(1)), path)
    return "/" + path.replace("^", "").replace("$", "")


@pytest.fixture(scope="module")
def world_media(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("world-media")


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker, world_media) -> Iterator[World]:
    fast_hashing = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    with (
        override_settings(MEDIA_ROOT=world_media, PASSWORD_HASHERS=fast_hashing),
        django_db_blocker.unblock(),
        transaction.atomic(),
    ):
        yield build_world()
        transaction.set_rollback(True)


@pytest.fixture(autouse=True)
def _world_files_stay_readable(_test_settings, settings, world_media):
    # joinedup/conftest.py gives each test its own MEDIA_ROOT; the world's files live in one.
    settings.MEDIA_ROOT = world_media


def patterns_without_rows(patterns: list[Pattern], rows: dict[str, list[Row]]) -> list[str]:
    return [f"{p.key}  (/{p.route})" for p in patterns if p.key not in rows and not _under_admin(p)]


def test_every_url_pattern_has_a_row():
    missing = patterns_without_rows(PATTERNS, ROWS_BY_KEY)
    assert not missing, (
        "These URL patterns have no row in joinedup/tests/url_access.py; add one stating the "
        "status for every persona:\n  " + "\n  ".join(missing)
    )


def test_a_url_pattern_without_a_row_is_named_and_admin_pages_fall_under_the_rule():
    new_page = Pattern(key="partnerships:new_page", name="partnerships:new_page", route="p/<slug:slug>/new/")
    unnamed = Pattern(key="route:p/<slug:slug>/x/", name=None, route="p/<slug:slug>/x/")
    admin_page = Pattern(key="admin:x_changelist", name="admin:x_changelist", route=ADMIN_PREFIX + "x/")
    assert patterns_without_rows([new_page, unnamed, admin_page], ROWS_BY_KEY) == [
        "partnerships:new_page  (/p/<slug:slug>/new/)",
        "route:p/<slug:slug>/x/  (/p/<slug:slug>/x/)",
    ]


def test_every_row_names_a_url_pattern_that_exists():
    keys = {p.key for p in PATTERNS}
    stale = [row.url_name for row in ROWS if row.url_name not in keys]
    assert not stale, f"Rows in url_access.py for URL patterns that no longer exist: {stale}"


def test_every_row_states_every_persona():
    incomplete = [row.url_name for row in ROWS if set(row.expect) != set(PERSONAS)]
    assert not incomplete, (
        f"Rows that do not state a status for exactly the personas {PERSONAS}: {incomplete}"
    )


@pytest.mark.django_db
@pytest.mark.parametrize(("pattern", "row", "persona"), list(_cases()))
def test_persona_gets_the_declared_status(pattern: Pattern, row: Row | None, persona: str, world: World):
    client = Client()
    user = world.user(persona)
    if user is not None:
        client.force_login(user, backend=SIGN_IN_BACKEND)
    if row is None:
        expected, method, data, note = ADMIN_RULE[persona], "get", None, "the site-operator admin rule"
        path = _admin_path(pattern)
    else:
        expected, method, note = row.expect[persona], row.method, row.note
        data = row.data(world) if row.data else None
        path = (
            _admin_path(pattern) if pattern.name is None else reverse(pattern.name, kwargs=row.kwargs(world))
        )

    response = client.post(path, data or {}) if method == "post" else client.generic(method.upper(), path)

    where = f"{method.upper()} {path} ({pattern.key}) as {persona}" + (f" [{note}]" if note else "")
    if expected == ADMITTED:
        location = response.get("Location", "")
        assert response.status_code < 500 and "/login/" not in location, (
            f"{where}: the operator should be let into the admin, got {response.status_code} {location}"
        )
    else:
        assert response.status_code == expected, (
            f"{where}: expected {expected}, got {response.status_code} {response.get('Location', '')}"
        )


def test_a_row_without_a_scoped_persona_gives_it_the_viewer_status():
    # DEFAULTS_TO_VIEWER: rows written before a scoped persona existed keep passing.
    row = Row("core:healthz", {**dict.fromkeys(set(PERSONAS) - set(DEFAULTS_TO_VIEWER), 302), "viewer": 403})
    assert all(row.expect[persona] == 403 for persona in DEFAULTS_TO_VIEWER)
    stated = Row("core:healthz", {**dict.fromkeys(PERSONAS, 403), "theme_lead": 200})
    assert stated.expect["theme_lead"] == 200


def test_the_table_module_documents_every_persona():
    # The personas are described once, at the top of url_access.py; keep them in step.
    for persona in PERSONAS:
        assert persona in (url_access.__doc__ or ""), persona
