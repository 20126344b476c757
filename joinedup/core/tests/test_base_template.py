"""What every page gets from base.html."""

import pytest
from django.urls import reverse

from joinedup.partnerships.models import Role
from joinedup.partnerships.tests.factories import PartnershipFactory, user_with_role


@pytest.mark.django_db
def test_a_form_page_with_errors_starts_its_title_with_error(client):
    partnership = PartnershipFactory()
    client.force_login(user_with_role(partnership, Role.EDITOR))
    url = reverse("partnerships:organisation_add", kwargs={"slug": partnership.slug})
    assert "<title>Error:" not in client.get(url).content.decode()
    page = client.post(url, {"name": "", "sector": ""}).content.decode()
    assert "<title>Error: Add an organisation – Joined Up</title>" in page
    assert 'class="govuk-error-summary"' in page


@pytest.mark.django_db
def test_the_partnership_menu_marks_the_current_page(client):
    partnership = PartnershipFactory()
    client.force_login(user_with_role(partnership, Role.VIEWER))
    page = client.get(reverse("partnerships:structure", kwargs={"slug": partnership.slug})).content.decode()
    assert 'aria-current="page"' in page
    assert "Settings" not in page.split('id="navigation"')[1].split("</ul>")[0]
