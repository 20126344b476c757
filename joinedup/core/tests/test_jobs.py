import pytest

from joinedup.accounts.models import User
from joinedup.core import jobs


@pytest.fixture
def user(db):
    return User.objects.create_user("ann@example.org", "a-long-password")


def test_status_page_refreshes_itself_without_javascript_until_done(client, user):
    job = jobs.start_job(
        kind="test", title="Importing people", partnership_id=None, created_by=user, total=10
    )
    jobs.report_progress(job.pk, done=4)
    client.force_login(user)
    page = client.get(f"/jobs/{job.pk}/").content.decode()
    assert '<meta http-equiv="refresh"' in page
    assert "4 of 10 done (40%)" in page
    assert 'aria-live="polite"' in page
    jobs.finish_job(job.pk, message="Imported 10 people", result_url="/somewhere/")
    page = client.get(f"/jobs/{job.pk}/").content.decode()
    assert '<meta http-equiv="refresh"' not in page
    assert "Imported 10 people" in page


def test_htmx_poll_gets_only_the_progress_partial(client, user):
    job = jobs.start_job(kind="test", title="Importing", partnership_id=None, created_by=user, total=2)
    client.force_login(user)
    html = client.get(f"/jobs/{job.pk}/", headers={"HX-Request": "true"}).content.decode()
    assert html.lstrip().startswith('<div id="job-progress"')
    assert "<html" not in html


def test_other_users_cannot_see_a_job(client, user):
    job = jobs.start_job(kind="test", title="Importing", partnership_id=None, created_by=user)
    other = User.objects.create_user("bob@example.org", "a-long-password")
    client.force_login(other)
    assert client.get(f"/jobs/{job.pk}/").status_code == 404


def test_failure_is_reported_with_its_message(client, user):
    job = jobs.start_job(kind="test", title="Importing", partnership_id=None, created_by=user)
    jobs.fail_job(job.pk, message="Row 3: Enter a name")
    client.force_login(user)
    page = client.get(f"/jobs/{job.pk}/").content.decode()
    assert "Failed" in page and "Row 3: Enter a name" in page


def test_the_status_page_shows_progress_through_the_shared_component(client, user):
    job = jobs.start_job(kind="test", title="Importing", partnership_id=None, created_by=user, total=4)
    client.force_login(user)
    response = client.get(f"/jobs/{job.pk}/")
    assert "core/components/progress.html" in [t.name for t in response.templates]
    page = response.content.decode()
    assert f'hx-get="/jobs/{job.pk}/" hx-trigger="every 2s"' in page
    poll = client.get(f"/jobs/{job.pk}/", headers={"HX-Request": "true"})
    assert [t.name for t in poll.templates] == ["core/components/progress.html"]


def test_a_finished_job_stops_polling_and_offers_its_result(client, user):
    job = jobs.start_job(kind="test", title="Importing", partnership_id=None, created_by=user)
    jobs.finish_job(job.pk, message="Done", result_url="/somewhere/")
    client.force_login(user)
    page = client.get(f"/jobs/{job.pk}/").content.decode()
    assert "hx-get" not in page
    assert '<a class="govuk-link" href="/somewhere/">Continue</a>' in page
