"""List pages run a number of queries that does not grow with the rows they list."""

import datetime as dt

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse
from django.utils import timezone

from joinedup.accounts.tests.factories import UserFactory
from joinedup.core import jobs
from joinedup.core.models import ImportRun, StoredFile
from joinedup.partnerships.models import Layer, PartnershipRole, Role, SupportGrant
from joinedup.partnerships.services import directory as services
from joinedup.partnerships.tests.factories import (
    AreaFactory,
    BodyFactory,
    CouncilFactory,
    MembershipFactory,
    OrganisationFactory,
    PartnershipFactory,
    PersonFactory,
    SeatFactory,
    user_with_role,
)


@pytest.fixture
def partnership(db):
    return PartnershipFactory()


@pytest.fixture
def admin(partnership):
    return user_with_role(partnership, Role.ADMIN)


def counted(client, target, django_assert_max_num_queries, grow):
    """Count the queries of a GET with a little data, then assert no more with a lot.
    `grow(n)` adds n rows and returns text the page then shows, so the rows are listed."""
    grow(2)
    client.get(target)  # warm caches (content types, sessions)
    with django_assert_max_num_queries(40) as small:
        assert client.get(target).status_code == 200
    shown = grow(15)
    with django_assert_max_num_queries(len(small.captured_queries)):
        response = client.get(target)
    assert response.status_code == 200
    assert shown in response.content.decode()


def test_the_imports_page_runs_a_fixed_number_of_queries(
    client, partnership, admin, django_assert_max_num_queries
):
    def grow(n):
        for i in range(n):
            source = StoredFile.objects.create(
                file=ContentFile(b"Name\n", name=f"people-{i}.csv"),
                original_name=f"people-{i}.csv",
                content_type="text/csv",
                kind="csv",
                size=5,
                sha256="0" * 64,
                partnership_id=partnership.pk,
            )
            job = jobs.start_job(kind="import", title="Checking", partnership_id=partnership.pk, total=1)
            ImportRun.objects.create(
                partnership_id=partnership.pk,
                importer="partnerships.people",
                source=source,
                status=ImportRun.Status.READY,
                job=job,
                created_by=UserFactory(),
            )
        return f"people-{n - 1}.csv"

    client.force_login(admin)
    target = reverse("partnerships:imports", kwargs={"slug": partnership.slug})
    counted(client, target, django_assert_max_num_queries, grow)


def test_the_partnership_home_runs_a_fixed_number_of_queries(
    client, partnership, admin, django_assert_max_num_queries
):
    def grow(n):
        council = CouncilFactory(partnership=partnership)
        for i in range(n):
            body = BodyFactory(partnership=partnership, layer=[Layer.STRATEGIC, Layer.THEMATIC][i % 2])
            seat = SeatFactory(body=body, organisation=council)
            MembershipFactory(body=body, seat=seat, represents=council)
            MembershipFactory(body=body, end_date=dt.date.today(), start_date=dt.date(2020, 1, 1))
            OrganisationFactory(partnership=partnership)
            PersonFactory(partnership=partnership, organisation=council)
            child = PartnershipFactory(parent=partnership)
            partnership.areas.add(AreaFactory())
        return child.name

    client.force_login(admin)
    target = reverse("partnerships:home", kwargs={"slug": partnership.slug})
    counted(client, target, django_assert_max_num_queries, grow)


def test_the_choice_of_partnerships_runs_a_fixed_number_of_queries(
    client, partnership, django_assert_max_num_queries
):
    user = UserFactory(is_superuser=True)

    def grow(n):
        for _ in range(n):
            PartnershipRole.objects.create(partnership=PartnershipFactory(), user=user, role=Role.VIEWER)
            supported = PartnershipFactory()
            SupportGrant.objects.create(
                partnership=supported,
                operator=user,
                reason="Helping with an import",
                expires_at=timezone.now() + dt.timedelta(hours=4),
            )
        return supported.name

    client.force_login(user)
    counted(client, reverse("partnerships:choose"), django_assert_max_num_queries, grow)


def test_the_settings_page_runs_a_fixed_number_of_queries_however_many_areas(
    client, partnership, admin, django_assert_max_num_queries
):
    def grow(n):
        for _ in range(n):
            area = AreaFactory()
            services.add_partnership_area(partnership=partnership, user=admin, area=area)
            PartnershipRole.objects.create(partnership=PartnershipFactory(), user=admin, role=Role.ADMIN)
        return area.name

    client.force_login(admin)
    target = reverse("partnerships:settings", kwargs={"slug": partnership.slug})
    counted(client, target, django_assert_max_num_queries, grow)
