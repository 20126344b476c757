import datetime as dt

import pytest
from django.http import HttpResponse
from django.utils import timezone

from joinedup.core import signed_links
from joinedup.core.models import SignedLink


def _issue(**overrides):
    params = {
        "purpose": "test.survey",
        "target": None,
        "partnership_id": 1,
        "holder_label": "Bob",
        "lifetime": dt.timedelta(days=7),
    }
    params.update(overrides)
    return signed_links.issue_link(**params)


@pytest.mark.django_db
def test_link_is_reusable_until_its_task_is_done():
    issued = _issue()
    assert signed_links.open_link(issued.token) == issued.link
    assert signed_links.open_link(issued.token) == issued.link
    signed_links.complete_link(issued.link)
    with pytest.raises(signed_links.LinkNotUsable, match="already been used"):
        signed_links.open_link(issued.token)


@pytest.mark.django_db
def test_only_a_hash_of_the_token_is_stored_and_tokens_are_unguessable():
    first, second = _issue(), _issue()
    assert first.token != second.token
    assert len(first.token) >= 40
    assert not SignedLink.objects.filter(token_hash=first.token).exists()


@pytest.mark.django_db
def test_expired_and_revoked_links_do_not_open():
    expired = _issue(lifetime=dt.timedelta(seconds=-1))
    with pytest.raises(signed_links.LinkNotUsable, match="expired"):
        signed_links.open_link(expired.token)
    revoked = _issue()
    signed_links.revoke_link(revoked.link)
    with pytest.raises(signed_links.LinkNotUsable, match="withdrawn"):
        signed_links.open_link(revoked.token)


@pytest.mark.django_db
def test_a_link_opens_only_for_its_own_purpose():
    issued = _issue()
    with pytest.raises(signed_links.LinkNotUsable):
        signed_links.open_link(issued.token, purpose="partnerships.invitation")


@pytest.mark.django_db
def test_shared_url_dispatches_to_the_purpose_handler(client):
    seen = {}

    def handler(request, link, token):
        seen["link"] = link
        return HttpResponse("opened")

    signed_links.register_purpose("test.survey", handler)
    issued = _issue()
    response = client.get(issued.path)
    assert response.content == b"opened"
    assert seen["link"] == issued.link
    issued.link.refresh_from_db()
    assert issued.link.last_used_at is not None
    assert issued.link.last_used_at <= timezone.now()


@pytest.mark.django_db
def test_unusable_link_page_says_why(client):
    response = client.get("/l/nonsense/")
    assert response.status_code == 410
    assert b"not valid" in response.content
