"""The public meeting pages: home, the meeting list with filters, a protocol, a paragraph."""

import datetime

import pytest
from django.urls import reverse

from meetings.models import Meeting, correction
from tests import factories

pytestmark = pytest.mark.django_db


def text_of(response) -> str:
    return response.content.decode()


def test_home_page_links_every_section(client, demo):
    page = text_of(client.get("/"))
    for url in ["/moten/", "/beslut/", "/avtal/", "/organ/svom/"]:
        assert f'href="{url}"' in page


def test_home_page_lists_the_latest_adjusted_paragraphs(client, demo):
    page = text_of(client.get("/"))
    assert "God och nära vård – statusuppdatering" in page


def test_home_page_lists_upcoming_meetings(client):
    factories.MeetingFactory(
        body__short_name="SVOM",
        date=datetime.date.today() + datetime.timedelta(days=30),
        status=Meeting.Status.PLANNED,
    )
    assert "SVOM" in text_of(client.get("/"))


def test_home_page_warns_of_the_expired_hemsjukvardsavtalet(client, demo):
    page = text_of(client.get("/"))
    assert "Hemsjukvårdsavtalet" in page
    assert "31 december 2022" in page


def test_meeting_list_shows_the_three_seed_meetings(client, demo):
    page = text_of(client.get("/moten/"))
    assert "5 möten" in page  # the seeds and the two demo meetings around today
    for date in ["6 november 2020", "4 juni 2021", "3 december 2021"]:
        assert date in page


def test_meeting_list_filters_by_year(client, demo):
    page = text_of(client.get("/moten/?year=2021"))
    assert "2 möten" in page
    assert "6 november 2020" not in page


def test_meeting_list_filters_by_person_who_attended_or_presented(client, demo):
    page = text_of(client.get("/moten/?person=tom-silverklo"))
    assert "1 möte" in page
    assert "6 november 2020" in page


def test_meeting_list_filters_combine(client, demo):
    page = text_of(client.get("/moten/?person=lise-hjemgaard-svensson&year=2020"))
    assert "1 möte" in page
    assert "6 november 2020" in page


def test_meeting_list_filters_by_date_range(client, demo):
    page = text_of(client.get("/moten/?date_after=2021-01-01&date_before=2021-06-30"))
    assert "1 möte" in page
    assert "4 juni 2021" in page


def test_meeting_list_filters_by_free_text_in_public_minutes(client, demo):
    page = text_of(client.get("/moten/?q=Hemsjukvårdsavtalet"))
    assert "1 möte" in page
    assert "4 juni 2021" in page


def test_meeting_list_free_text_does_not_search_drafts_for_the_public(client, demo):
    """Mini-Maria is only discussed in the draft minutes of 3 December 2021."""
    assert "0 möten" in text_of(client.get("/moten/?q=Mini-Maria"))


def test_meeting_list_free_text_searches_drafts_for_members(client, member, demo):
    client.force_login(member)
    assert "1 möte" in text_of(client.get("/moten/?q=Mini-Maria"))


def test_meeting_list_filters_by_topic(client, demo):
    page = text_of(client.get("/moten/?topic=god-och-nara-vard"))
    assert "4 juni 2021" in page


def test_meeting_list_sorts_oldest_first(client, demo):
    page = text_of(client.get("/moten/?sort=date"))
    assert page.index("6 november 2020") < page.index("3 december 2021")


def test_active_filter_is_shown_with_a_link_that_removes_it(client, demo):
    page = text_of(client.get("/moten/?year=2021&body=svom"))
    assert 'href="?body=svom"' in page
    assert 'href="?year=2021"' in page


@pytest.mark.parametrize(
    "query", ["year=tjugo", "body=finns-inte", "date_after=2021-13-45", "person=nobody"]
)
def test_invalid_filter_value_gives_the_form_back_with_a_message(client, demo, query):
    response = client.get(f"/moten/?{query}")
    assert response.status_code == 200
    assert "Några filter har ogiltiga värden" in text_of(response)


def test_meeting_list_is_paginated(client):
    body = factories.BodyFactory()
    for _ in range(25):
        factories.MeetingFactory(body=body)
    first = text_of(client.get("/moten/"))
    assert "Sida 1 av 2" in first
    assert "page=2" in first
    assert client.get("/moten/?page=2").status_code == 200


def test_protocol_page_shows_the_chair_and_the_numbered_paragraph(client, demo):
    page = text_of(client.get("/moten/svom/2020-11-06/"))
    assert "Tom Silverklo (C)" in page
    assert "§ 44" in page
    assert "Val av justerare och tid för justering" in page


def test_protocol_page_shows_decision_points(client, demo):
    page = text_of(client.get("/moten/svom/2021-06-04/"))
    assert "till och med den 31 december 2022" in page


def test_decision_equal_to_the_proposal_is_shown_once_as_beslut_enligt_forslaget(client, demo):
    page = text_of(client.get("/moten/svom/2021-06-04/"))
    assert "Beslut enligt förslaget" in page
    assert "Förslag till beslut" not in page
    assert page.count("till och med den 31 december 2022 i avvaktan") == 1


def test_protocol_page_of_a_held_meeting_shows_the_agenda_but_not_the_draft_minutes(client, demo):
    page = text_of(client.get("/moten/svom/2021-12-03/"))
    assert "Mini-Maria" in page  # the agenda title is public once the agenda is out
    assert "Bengt yrkar" not in page  # the draft minutes are not
    assert "§ 46" in page  # adjusted at once at the meeting
    assert "Lise Hjemgaard Svensson (M)" in page


def test_member_reads_draft_minutes_marked_as_draft(client, member, demo):
    client.force_login(member)
    response = client.get("/moten/svom/2021-12-03/")
    assert "Ojusterat utkast" in text_of(response)
    assert "Bengt Bergqvist" in text_of(response)
    assert "no-store" in response["Cache-Control"]


def test_protocol_page_links_previous_and_next_meeting(client, demo):
    page = text_of(client.get("/moten/svom/2021-06-04/"))
    assert 'href="/moten/svom/2020-11-06/"' in page
    assert 'href="/moten/svom/2021-12-03/"' in page


@pytest.mark.parametrize(
    "url", ["/moten/svom/2021-02-30/", "/moten/svom/igår/", "/moten/x/2021-06-04/"]
)
def test_unknown_meeting_answers_404(client, demo, url):
    assert client.get(url).status_code == 404


def test_paragraph_permalink_by_body_year_and_number(client, demo):
    response = client.get("/moten/svom/2020/paragraf/44/")
    assert response.status_code == 200
    assert "SVOM 2020-11-06 § 44" in text_of(response)


def test_unnumbered_paragraph_has_a_permalink_by_position(client, demo):
    response = client.get("/moten/svom/2021-06-04/punkt/1/")
    assert "God och nära vård – statusuppdatering" in text_of(response)
    assert "SVOM 2021-06-04 punkt 1" in text_of(response)


def test_draft_paragraph_permalink_answers_404_to_the_public(client, demo):
    assert client.get("/moten/svom/2021-12-03/punkt/7/").status_code == 404


def test_public_pages_set_no_cookie(client, demo):
    for url in ["/", "/moten/", "/moten/svom/2021-06-04/", "/moten/svom/2020/paragraf/44/"]:
        assert not client.get(url).cookies, url


def test_english_version_lives_under_en(client, demo):
    response = client.get("/en/moten/")
    assert response.status_code == 200
    assert 'lang="en"' in text_of(response)


def test_login_page_logs_a_member_in(client, member):
    response = client.post(
        reverse("login"), {"username": "ledamot", "password": "lösenord-för-test"}
    )
    assert response.status_code == 302
    assert client.get("/").context["user"] == member


@pytest.mark.parametrize(
    ("url", "limit"),
    [
        ("/", 6),  # upcoming, latest paragraphs and their decision points, agreements, bodies,
        # postings
        ("/moten/", 7),  # count, page, agenda items, and the four filter choice lists
        ("/moten/svom/2021-12-03/", 20),  # meeting, previous, next, and 17 prefetches
        ("/moten/svom/2021/paragraf/46/", 12),  # paragraph and its prefetches, corrections too
    ],
)
def test_page_query_count_does_not_grow_with_the_data(
    client, demo, django_assert_max_num_queries, url, limit
):
    """Fixed counts for an anonymous visitor: one query per list or prefetched relation.

    The demo is extended with many meetings, paragraphs and attendances first, so a count
    that grew with the rows would exceed the limit.
    """
    svom = Meeting.objects.get(date=datetime.date(2021, 12, 3))
    for index in range(10):
        item = factories.AgendaItemFactory(meeting=svom, position=100 + index)
        factories.DecisionPointFactory(agenda_item=item)
        factories.MotionFactory(agenda_item=item)
        factories.AttendanceFactory(meeting=svom)
        factories.MeetingFactory(
            body=svom.body, date=datetime.date(2030, 1, 4) + datetime.timedelta(weeks=index)
        )
    with django_assert_max_num_queries(limit):
        assert client.get(url).status_code == 200


def test_meeting_free_text_stops_at_the_search_page_word_limit(client):
    """Twelve words, as on /sok/: a thirteenth word is not searched (nor a subquery)."""
    words = [f"ord{letter}" for letter in "abcdefghijkl"]
    factories.AgendaItemFactory(title="Tolv ord", text=" ".join(words))
    response = client.get("/moten/", {"q": " ".join([*words, "saknas"])})
    assert len(response.context["object_list"]) == 1


def test_renumbered_paragraph_keeps_its_old_permalink_as_a_redirect(client):
    item = factories.AgendaItemFactory(number=12)
    old_url = item.get_absolute_url()
    with correction(item):
        item.number = 13
        item.save()
    response = client.get(old_url)
    assert response.status_code == 301
    assert response["Location"] == item.get_absolute_url()


def test_old_number_of_a_renumbered_draft_stays_a_404_to_the_public(client):
    item = factories.AgendaItemFactory(number=12, draft=True)
    old_url = item.get_absolute_url()
    item.number = 13
    item.save()
    assert client.get(old_url).status_code == 404


def test_a_number_given_to_another_paragraph_shows_that_paragraph(client):
    moved = factories.AgendaItemFactory(number=12, title="Flyttad")
    old_url = moved.get_absolute_url()
    with correction(moved):
        moved.number = 13
        moved.save()
    factories.AgendaItemFactory(meeting=moved.meeting, position=2, number=12, title="Ny")
    response = client.get(old_url)
    assert response.status_code == 200
    assert response.context["item"].title == "Ny"
