"""Search results are ranked once per normalised query and generation, in the shared cache."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from meetings import search
from tests import factories

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("page_cache")]


@pytest.fixture
def paragraphs(db):
    meeting = factories.MeetingFactory()
    return [
        factories.AgendaItemFactory(meeting=meeting, number=number, title=f"Hemsjukvård {number}")
        for number in range(1, 26)
    ]


@pytest.fixture
def ranking():
    """The queries that rank hits: the ones that take the newest MAX_HITS of them."""
    with CaptureQueriesContext(connection) as context:
        yield lambda: [
            query
            for query in context.captured_queries
            if f"LIMIT {search.MAX_HITS}" in query["sql"]
        ]


def hits(client, url):
    return [item.pk for item in client.get(url).context["object_list"]]


def test_same_query_spelt_otherwise_is_ranked_once(client, paragraphs, ranking):
    first = hits(client, "/sok/?q=Hemsjukvård")
    second = hits(client, "/sok/?q=+hemsjukvård++")
    assert second == first
    assert len(ranking()) == 1


def test_later_pages_of_a_search_reuse_its_ranking(client, paragraphs, ranking):
    first = hits(client, "/sok/?q=hemsjukvård")
    second = hits(client, "/sok/?q=hemsjukvård&page=2")
    assert len(first) == 20
    assert len(second) == 5
    assert not set(first) & set(second)
    assert len(ranking()) == 1


def test_another_filter_is_ranked_anew(client, paragraphs, ranking):
    hits(client, "/sok/?q=hemsjukvård")
    year = paragraphs[0].meeting.date.year
    assert len(hits(client, f"/sok/?q=hemsjukvård&year={year}")) == 20
    assert len(ranking()) == 2


def test_invalid_filter_does_not_hide_the_valid_searchs_hits(client, paragraphs):
    client.get("/sok/?q=hemsjukvård&year=abc")
    assert len(hits(client, "/sok/?q=hemsjukvård")) == 20


def test_a_change_of_the_data_is_found_at_once(
    client, paragraphs, django_capture_on_commit_callbacks
):
    client.get("/sok/?q=äldreomsorg")
    with django_capture_on_commit_callbacks(execute=True):
        new = factories.AgendaItemFactory(meeting=paragraphs[0].meeting, title="Äldreomsorg")
    assert hits(client, "/sok/?q=äldreomsorg") == [new.pk]


def test_members_ranking_with_drafts_never_reaches_the_public(client, member, paragraphs):
    draft = factories.AgendaItemFactory(
        meeting=paragraphs[0].meeting, draft=True, title="Hemsjukvård utkast", number=99
    )
    client.force_login(member)
    assert draft.pk in hits(client, "/sok/?q=hemsjukvård+utkast")
    client.logout()
    client.cookies.clear()
    assert hits(client, "/sok/?q=hemsjukvård+utkast") == []


def test_snippets_are_those_of_the_page_shown(client, paragraphs):
    response = client.get("/sok/?q=hemsjukvård&page=2")
    assert "<mark>Hemsjukvård</mark>" in response.content.decode()
