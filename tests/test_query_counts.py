"""Every public page runs the same number of queries whatever the size of the archive."""

import datetime

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from meetings.corpus import generate, page_urls

pytestmark = [pytest.mark.django_db, pytest.mark.slow]

UNTIL = datetime.date(2026, 12, 1)


def query_counts(client, scale: int) -> dict[str, int]:
    counts = {}
    with transaction.atomic():
        generate(scale, until=UNTIL)
        for name, url in page_urls().items():
            with CaptureQueriesContext(connection) as queries:
                assert client.get(url).status_code == 200, url
            counts[name] = len(queries)
        transaction.set_rollback(True)
    return counts


def test_every_page_runs_as_many_queries_at_scale_three_as_at_scale_one(client):
    """The archive of scale 3 has three times the meetings, paragraphs and people, a
    larger protocol and longer lists: a count that grew with the rows would differ."""
    small, large = query_counts(client, 1), query_counts(client, 3)
    assert large == small
