"""The shared page cache: anonymous pages from the cache, invalidated on every public change."""

import datetime

import pytest
from django.test import Client
from django.urls import reverse

from meetings import services
from meetings.models import Meeting, correction
from meetings.protocol_import import import_protocol, read_protocol
from tests import factories
from tests.admin_forms import change_form_data
from tests.seeds import SEED_002, SEED_DATES

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("page_cache")]


@pytest.fixture
def paragraph(db):
    return factories.AgendaItemFactory(
        title="Hemsjukvård", number=7, meeting__date=datetime.date(2021, 6, 4)
    )


@pytest.fixture
def held_meeting(db):
    """A held meeting with a chair, an adjuster and one draft paragraph."""
    meeting = factories.MeetingFactory(
        date=datetime.date(2021, 12, 3), chair=factories.PersonFactory()
    )
    meeting.adjusters.add(factories.PersonFactory())
    factories.AgendaItemFactory(meeting=meeting, draft=True, title="Utkastet", number=3)
    return meeting


def test_second_anonymous_request_is_served_from_the_cache_without_a_query(
    client, paragraph, django_assert_num_queries
):
    first = client.get("/")
    with django_assert_num_queries(0):
        second = client.get("/")
    assert second.content == first.content


def test_cached_page_may_be_kept_by_proxies_for_a_minute(client, paragraph):
    response = client.get("/")
    assert "public" in response["Cache-Control"]
    assert "max-age=60" in response["Cache-Control"]
    assert response["ETag"].startswith('W/"')
    assert "Last-Modified" in response


def test_matching_etag_answers_304_without_rendering(client, paragraph, django_assert_num_queries):
    tag = client.get("/moten/")["ETag"]
    with django_assert_num_queries(0):
        response = client.get("/moten/", HTTP_IF_NONE_MATCH=tag)
    assert response.status_code == 304
    assert response.content == b""


def test_etag_of_another_generation_gets_the_whole_page(client, paragraph):
    response = client.get("/moten/", HTTP_IF_NONE_MATCH='W/"1-20000101-sv"')
    assert response.status_code == 200


def test_english_and_swedish_pages_are_cached_apart(client, paragraph):
    assert client.get("/")["Content-Language"] == "sv"
    assert client.get("/en/")["Content-Language"] == "en"
    assert client.get("/")["Content-Language"] == "sv"


def test_cached_response_sets_no_cookie(client, paragraph):
    client.get("/")
    response = client.get("/")
    assert not response.cookies


def test_page_that_sets_a_cookie_is_never_cached(client, django_assert_max_num_queries):
    first = client.get("/tillganglighet/")  # its form's CSRF token comes with a cookie
    assert "csrftoken" in first.cookies
    assert "ETag" not in first
    client.cookies.clear()
    second = client.get("/tillganglighet/")
    assert "csrftoken" in second.cookies  # rendered again, with a token of its own


def test_member_never_receives_a_cached_public_page(client, member, held_meeting):
    url = held_meeting.get_absolute_url()
    assert "Utkastet" in client.get(url).content.decode()  # on the published agenda
    client.force_login(member)
    response = client.get(url)
    assert "no-store" in response["Cache-Control"]
    assert "ETag" not in response
    assert "Ojusterat utkast" in response.content.decode()  # the member's view of the draft


def test_anonymous_visitor_never_receives_a_members_page(client, member, held_meeting):
    url = held_meeting.get_absolute_url()
    client.force_login(member)
    client.get(url)
    client.logout()
    client.cookies.clear()
    assert "Ojusterat utkast" not in client.get(url).content.decode()


def test_page_cache_can_be_turned_off(client, settings, paragraph, django_assert_max_num_queries):
    settings.PAGE_CACHE = False
    client.get("/")
    response = client.get("/")
    assert "ETag" not in response


# --- Invalidation on commit -------------------------------------------------------------


def test_adjusting_a_protocol_invalidates_the_cached_pages(
    client, secretary, held_meeting, django_capture_on_commit_callbacks
):
    url = held_meeting.get_absolute_url()
    assert "Protokollet är justerat" not in client.get(url).content.decode()
    tag = client.get(url)["ETag"]
    with django_capture_on_commit_callbacks(execute=True):
        services.adjust_protocol(held_meeting, secretary)
    response = client.get(url, HTTP_IF_NONE_MATCH=tag)
    assert response.status_code == 200
    assert response.context["meeting"].is_adjusted


def test_a_correction_invalidates_the_cached_pages(
    client, paragraph, django_capture_on_commit_callbacks
):
    url = paragraph.get_absolute_url()
    client.get(url)
    with django_capture_on_commit_callbacks(execute=True), correction(paragraph):
        paragraph.title = "Hemsjukvården"
        paragraph.save()
    assert "Hemsjukvården" in client.get(url).content.decode()


def test_withdrawing_a_paragraph_invalidates_the_cached_pages(
    client, paragraph, django_capture_on_commit_callbacks
):
    url = paragraph.get_absolute_url()
    assert client.get(url).status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        paragraph.withdrawal_reason = "Personuppgifter."
        paragraph.save()
    assert client.get(url).status_code == 404


def test_an_import_invalidates_the_cached_pages(
    client, svom, secretary, django_capture_on_commit_callbacks
):
    client.get("/moten/")
    with django_capture_on_commit_callbacks(execute=True):
        parsed = read_protocol(SEED_002.name, SEED_002.read_bytes())
        import_protocol(parsed, body=svom, date=SEED_DATES[SEED_002])
    assert "3 december 2021" in client.get("/moten/").content.decode()


def test_an_admin_edit_invalidates_the_cached_pages(
    client, admin_login, secretary, paragraph, django_capture_on_commit_callbacks
):
    public = Client()
    url = paragraph.get_absolute_url()
    assert "Nutrition" not in public.get(url).content.decode()
    topic = factories.TopicFactory(name="Nutrition")
    admin_login(secretary)
    change = reverse("admin:meetings_agendaitem_change", args=[paragraph.pk])
    data = change_form_data(client.get(change)) | {"topics": [str(topic.pk)]}
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(change, data).status_code == 302
    assert "Nutrition" in public.get(url).content.decode()


def test_invalidation_waits_for_the_commit(client, paragraph, django_capture_on_commit_callbacks):
    """Until the change commits, other visitors could not see it either."""
    url = paragraph.get_absolute_url()
    client.get(url)
    with django_capture_on_commit_callbacks() as callbacks:
        paragraph.withdrawal_reason = "Personuppgifter."
        paragraph.save()
    assert client.get(url).status_code == 200  # the cached page, as before the change
    for callback in callbacks:
        callback()  # the commit
    assert client.get(url).status_code == 404


def test_planned_meeting_change_invalidates_the_home_page(
    client, django_capture_on_commit_callbacks
):
    client.get("/")
    with django_capture_on_commit_callbacks(execute=True):
        factories.MeetingFactory(
            status=Meeting.Status.PLANNED, date=datetime.date.today() + datetime.timedelta(days=9)
        )
    assert len(client.get("/").context["upcoming_meetings"]) == 1


def test_page_written_in_pieces_is_stored_in_one(client, paragraph):
    """A feed is written in thousands of small pieces; the cached copy is one."""
    client.get("/flode/paragrafer/")
    cached = client.get("/flode/paragrafer/")
    assert len(cached._container) == 1
