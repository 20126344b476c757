"""Every assessment page can be reached by following links from the partnership menu, by each
role that may open it, and no link leads a reader to a page they may not open (review items 1
and 10). Built on the persona world (joinedup/tests/world.py): an open round, a closed round
with results, a draft paper and a published one, the partnership's adapted framework."""

from __future__ import annotations

from collections import Counter, deque
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.db import transaction
from django.test import Client, override_settings
from django.urls import Resolver404, resolve, reverse

from joinedup.tests.world import World, build_world

SIGN_IN_BACKEND = "django.contrib.auth.backends.ModelBackend"
PER_KIND = 3  # visit at most this many pages of each kind: enough to prove it is linked
# ... but every framework version: only the partnership's draft offers its edit pages.
PER_KIND_OVERRIDES = {"assessment:framework_version": 50}

# Page kinds reached only by a personal signed link (never from the menu), or by a form's POST.
NOT_LINKED_KINDS = {
    "assessment:respond",
    "assessment:respond_element",
    "assessment:respond_check",
    "assessment:round_send",
    "assessment:round_remind",
    "assessment:invitation_resend",
    "assessment:paper_generate",
    "assessment:evidence_thresholds_reset",
    "assessment:coordinator_remove",
}

# What a member (and every role) may read: the rounds list, results of closed rounds, a
# published paper, frameworks and evidence.
MEMBER_KINDS = {
    "assessment:rounds",
    "assessment:results",
    "assessment:results_heatmap",
    "assessment:results_gaps",
    "assessment:results_export",
    "assessment:results_question",
    "assessment:paper",
    "assessment:paper_pdf",
    "assessment:frameworks",
    "assessment:framework_version",
    "assessment:framework_export",
    "assessment:evidence",
    "assessment:evidence_metric",
}


def _all_kinds() -> set[str]:
    from joinedup.assessment import urls

    return {f"assessment:{p.name}" for p in urls.urlpatterns}


# Admins only: a named coordinator may not name others.
ADMIN_ONLY_KINDS = {"assessment:coordinators"}


@pytest.fixture(scope="module")
def world_media(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("nav-world-media")


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
    settings.MEDIA_ROOT = world_media


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.hrefs: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "a":
            href = dict(attrs).get("href")
            if href:
                self.hrefs.append(href)


def _assessment_kind(href: str, slug: str) -> str | None:
    parts = urlsplit(href)
    if parts.scheme or parts.netloc or not parts.path.startswith("/"):
        return None
    try:
        match = resolve(parts.path)
    except Resolver404:
        return None
    if match.namespace != "assessment" or match.kwargs.get("slug") != slug:
        return None
    return f"assessment:{match.url_name}"


@pytest.fixture
def crawl(world: World, db):
    def run(persona: str) -> tuple[set[str], list[str]]:
        """Follow links from the partnership home page (its menu) through the assessment room.
        Returns the page kinds reached and the links that did not open (path, status, from)."""
        client = Client()
        client.force_login(world.user(persona), backend=SIGN_IN_BACKEND)
        slug = world.partnership.slug
        start = reverse("partnerships:home", kwargs={"slug": slug})
        queue: deque[tuple[str, str]] = deque([(start, "")])
        seen = {start}
        visited: Counter[str] = Counter()
        reached: set[str] = set()
        broken: list[str] = []
        while queue:
            path, came_from = queue.popleft()
            response = client.get(path)
            kind = _assessment_kind(path, slug)
            if response.status_code != 200:
                broken.append(f"{path} ({kind}) gave {response.status_code}, linked from {came_from}")
                continue
            if kind:
                reached.add(kind)
            if "text/html" not in response.get("Content-Type", ""):
                continue
            parser = _Links()
            parser.feed(response.content.decode())
            for href in parser.hrefs:
                target = href.split("#")[0]
                found = _assessment_kind(target, slug)
                if (
                    found is None
                    or target in seen
                    or visited[found] >= PER_KIND_OVERRIDES.get(found, PER_KIND)
                ):
                    continue
                seen.add(target)
                visited[found] += 1
                queue.append((target, path))
        return reached, broken

    return run


def test_a_coordinator_reaches_every_assessment_page_kind_from_the_menu(crawl):
    reached, broken = crawl("coordinator")
    expected = _all_kinds() - NOT_LINKED_KINDS - ADMIN_ONLY_KINDS
    assert not broken, "\n".join(broken)
    assert expected - reached == set(), f"not linked for a coordinator: {sorted(expected - reached)}"


def test_an_admin_also_reaches_the_coordinators_page(crawl):
    reached, broken = crawl("admin")
    assert not broken, "\n".join(broken)
    assert "assessment:coordinators" in reached


def test_a_member_reaches_every_page_a_member_may_read_and_no_link_is_refused(crawl):
    reached, broken = crawl("member")
    # No link shown to a member leads to a coordinator's page (a broken breadcrumb, a round
    # page, a draft paper): every page followed opened.
    assert not broken, "\n".join(broken)
    assert MEMBER_KINDS - reached == set(), f"not linked for a member: {sorted(MEMBER_KINDS - reached)}"
    assert reached <= MEMBER_KINDS
