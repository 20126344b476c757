from django.db import connection
from django.test.utils import CaptureQueriesContext


def queries_for(client, url: str) -> int:
    """How many queries a GET of `url` runs (the response must be 200)."""
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)
