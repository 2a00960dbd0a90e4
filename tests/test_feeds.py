"""The Atom feeds and the calendars as feed readers and calendar apps see them."""

import datetime
import xml.etree.ElementTree as ET

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from tests import factories

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"


def summary_html(client) -> str:
    """The HTML a feed reader renders: the summary's text, unescaped once by the parser."""
    feed = ET.fromstring(client.get(reverse("meetings:feed")).content)
    entry = feed.find(f"{ATOM}entry")
    summary = entry.find(f"{ATOM}summary")
    assert summary.get("type") == "html"
    return summary.text or ""


@pytest.mark.parametrize(
    "markup",
    ["<script>alert(1)</script>", '<img src=x onerror="alert(1)">', "<b>fet</b>"],
)
def test_markup_in_the_text_reaches_the_reader_as_text(client, markup):
    factories.AgendaItemFactory(text=f"Före {markup} efter")
    html = summary_html(client)
    assert "<script" not in html
    assert "<img" not in html
    assert "<b>" not in html


def test_text_keeps_its_paragraphs_in_the_feed(client):
    factories.AgendaItemFactory(text="Första stycket.\n\nAndra stycket & mer.")
    assert summary_html(client) == "<p>Första stycket.</p>\n\n<p>Andra stycket &amp; mer.</p>"


def test_every_page_announces_the_feed_and_the_calendar(client):
    page = client.get("/").content.decode()
    assert '<link rel="alternate" type="application/atom+xml" href="/flode/paragrafer/"' in page
    assert '<link rel="alternate" type="text/calendar" href="/kalender.ics"' in page


def test_footer_links_the_subscriptions(client):
    page = client.get("/moten/").content.decode()
    assert 'href="/flode/paragrafer/">Prenumerera på nya justerade paragrafer (Atom)' in page
    assert 'href="/kalender.ics">Lägg till mötena i din kalender (iCalendar)' in page


def test_calendar_entry_says_which_body_meets_not_the_meetings_state(client):
    factories.MeetingFactory(body__short_name="SVOM")
    calendar = client.get("/kalender.ics").content.decode()
    assert "SUMMARY:SVOM sammanträder" in calendar
    assert "Genomfört" not in calendar


def entry_titles(response) -> list[str]:
    feed = ET.fromstring(response.content)
    return [entry.find(f"{ATOM}title").text for entry in feed.findall(f"{ATOM}entry")]


@pytest.fixture
def two_bodies():
    svom, lifo = factories.BodyFactory(slug="svom"), factories.BodyFactory(slug="l-ifo")
    topic = factories.TopicFactory(slug="psykisk-halsa")
    ours = factories.AgendaItemFactory(meeting__body=svom, title="Vårt ärende")
    factories.AgendaItemFactory(meeting__body=lifo, title="Deras ärende")
    draft = factories.AgendaItemFactory(meeting__body=svom, title="Utkastet", draft=True)
    secret = factories.AgendaItemFactory(meeting__body=svom, title="Hemligt", confidential=True)
    for item in (ours, draft, secret):
        with factories.record._opened([item.pk]):
            item.topics.add(topic)
    return svom, topic


def test_body_feed_lists_only_that_bodys_public_paragraphs(client, two_bodies):
    svom, _ = two_bodies
    titles = " ".join(entry_titles(client.get(reverse("meetings:body_feed", args=[svom.slug]))))
    assert "Vårt ärende" in titles
    assert "Deras ärende" not in titles
    assert "Utkastet" not in titles
    assert "Hemligt" not in titles


def test_topic_feed_lists_only_public_paragraphs_of_the_topic(client, two_bodies):
    _, topic = two_bodies
    titles = " ".join(entry_titles(client.get(reverse("meetings:topic_feed", args=[topic.slug]))))
    assert "Vårt ärende" in titles
    assert "Deras ärende" not in titles
    assert "Utkastet" not in titles
    assert "Hemligt" not in titles


@pytest.mark.parametrize(
    "name", ["meetings:body_feed", "meetings:topic_feed", "meetings:body_calendar"]
)
def test_feed_of_an_unknown_slug_is_not_found(client, name):
    assert client.get(reverse(name, args=["finns-inte"])).status_code == 404


def test_body_calendar_has_only_that_bodys_meetings(client):
    svom, lifo = factories.BodyFactory(slug="svom"), factories.BodyFactory(slug="l-ifo")
    factories.MeetingFactory(body=svom, date=datetime.date(2027, 1, 15))
    factories.MeetingFactory(body=lifo, date=datetime.date(2027, 1, 16))
    calendar = client.get(reverse("meetings:body_calendar", args=["svom"])).content.decode()
    assert calendar.count("BEGIN:VEVENT") == 1
    assert "20270115" in calendar


def test_one_meetings_calendar_file_holds_that_meeting_at_its_time(client):
    meeting = factories.MeetingFactory(
        date=datetime.date(2027, 2, 5), start_time=datetime.time(9, 30), place="Östersund"
    )
    factories.MeetingFactory(body=meeting.body, date=datetime.date(2027, 3, 5))
    response = client.get(
        reverse("meetings:meeting_calendar", args=[meeting.body.slug, "2027-02-05"])
    )
    calendar = response.content.decode()
    assert response["Content-Type"].startswith("text/calendar")
    assert calendar.count("BEGIN:VEVENT") == 1
    assert "DTSTART;TZID=Europe/Stockholm:20270205T093000" in calendar
    assert "LOCATION:Östersund" in calendar


def test_calendar_file_of_an_unknown_meeting_is_not_found(client):
    body = factories.BodyFactory(slug="svom")
    url = reverse("meetings:meeting_calendar", args=[body.slug, "2027-13-01"])
    assert client.get(url).status_code == 404


def test_body_page_links_and_announces_its_feed_and_calendar(client):
    body = factories.BodyFactory(slug="svom")
    page = client.get(body.get_absolute_url()).content.decode()
    feed, calendar = reverse("meetings:body_feed", args=["svom"]), "/organ/svom/kalender.ics"
    assert f'<link rel="alternate" type="application/atom+xml" href="{feed}"' in page
    assert f'<a href="{feed}"' in page
    assert f'<a href="{calendar}"' in page


def test_meeting_list_of_a_body_offers_that_bodys_feed(client):
    factories.BodyFactory(slug="svom")
    page = client.get("/moten/?body=svom").content.decode()
    assert 'href="/organ/svom/flode/"' in page


def test_meeting_list_of_a_topic_offers_that_topics_feed(client):
    item = factories.AgendaItemFactory()
    topic = factories.TopicFactory(slug="nara-vard")
    with factories.record._opened([item.pk]):
        item.topics.add(topic)
    page = client.get("/moten/?topic=nara-vard").content.decode()
    assert 'href="/amnen/nara-vard/flode/"' in page


def test_meeting_list_of_a_topic_offers_the_calendar_of_all_meetings(client):
    item = factories.AgendaItemFactory()
    topic = factories.TopicFactory(slug="nara-vard")
    with factories.record._opened([item.pk]):
        item.topics.add(topic)
    page = client.get("/moten/?topic=nara-vard").content.decode()
    assert 'href="/kalender.ics" type="text/calendar"' in page


def test_meeting_list_with_an_unknown_body_still_offers_the_global_feed(client):
    page = client.get("/moten/?body=finns-inte")
    assert page.status_code == 200
    assert f'href="{reverse("meetings:feed")}"' in page.content.decode()


def test_notice_of_a_planned_meeting_offers_its_own_calendar_file(client):
    meeting = factories.MeetingFactory(
        status="agenda_published", date=datetime.date(2027, 2, 5), body__slug="svom"
    )
    page = client.get(meeting.get_absolute_url()).content.decode()
    assert 'href="/moten/svom/2027-02-05/kalender.ics"' in page


def test_topic_known_only_from_hidden_paragraphs_has_no_feed(client):
    """A topic is public only through a public paragraph: its feed would name it."""
    topic = factories.TopicFactory(slug="hemligt-omrade")
    for item in (
        factories.AgendaItemFactory(draft=True),
        factories.AgendaItemFactory(confidential=True),
    ):
        with factories.record._opened([item.pk]):
            item.topics.add(topic)

    assert client.get(reverse("meetings:topic_feed", args=[topic.slug])).status_code == 404


def test_calendar_file_of_a_cancelled_meeting_is_not_found(client):
    meeting = factories.MeetingFactory(status="cancelled", date=datetime.date(2027, 2, 5))
    url = reverse("meetings:meeting_calendar", args=[meeting.body.slug, "2027-02-05"])
    assert client.get(url).status_code == 404


def test_calendar_file_describes_the_public_agenda_only(client):
    meeting = factories.MeetingFactory(
        status="agenda_published", date=datetime.date(2027, 2, 5), body__slug="svom"
    )
    factories.AgendaItemFactory(meeting=meeting, position=1, title="Val av justerare", draft=True)
    factories.AgendaItemFactory(meeting=meeting, position=2, title="Hemligt", confidential=True)
    response = client.get(reverse("meetings:meeting_calendar", args=["svom", "2027-02-05"]))
    calendar = response.content.decode().replace("\r\n ", "")
    assert "1. Val av justerare" in calendar
    assert "Hemligt" not in calendar


def test_calendar_file_shows_no_agenda_before_the_notice_is_published(client):
    meeting = factories.MeetingFactory(
        status="planned", date=datetime.date(2027, 2, 5), body__slug="svom"
    )
    factories.AgendaItemFactory(meeting=meeting, title="Inte kallat ännu", draft=True)
    response = client.get(reverse("meetings:meeting_calendar", args=["svom", "2027-02-05"]))
    assert "Inte kallat ännu" not in response.content.decode()


def test_body_calendar_is_named_after_the_body(client):
    factories.BodyFactory(slug="svom", short_name="SVOM")
    calendar = client.get(reverse("meetings:body_calendar", args=["svom"])).content.decode()
    assert "X-WR-CALNAME:SVOM: sammanträden" in calendar


def test_one_meetings_calendar_file_opens_no_calendar_of_its_own(client):
    meeting = factories.MeetingFactory(date=datetime.date(2027, 2, 5))
    url = reverse("meetings:meeting_calendar", args=[meeting.body.slug, "2027-02-05"])
    assert "X-WR-CALNAME" not in client.get(url).content.decode()


def queries_for(client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200, url
    return len(queries)


@pytest.mark.parametrize(
    "url",
    [
        "/organ/svom/flode/",
        "/amnen/nara-vard/flode/",
        "/organ/svom/kalender.ics",
        "/moten/svom/2027-02-05/kalender.ics",
        "/kalender.ics",
    ],
)
def test_feeds_run_as_many_queries_for_three_meetings_as_for_one(client, url):
    """Each meeting of a calendar and each paragraph of a feed comes with its body and
    agenda from the same queries: a count that grew with the meetings would differ."""
    svom = factories.BodyFactory(slug="svom")
    topic = factories.TopicFactory(slug="nara-vard")
    counts = []
    for first in (datetime.date(2027, 2, 5), datetime.date(2028, 2, 5)):
        for weeks in range(1 if not counts else 3):
            meeting = factories.MeetingFactory(
                body=svom, date=first + datetime.timedelta(weeks=weeks)
            )
            for position in (1, 2):
                item = factories.AgendaItemFactory(meeting=meeting, position=position)
                with factories.record._opened([item.pk]):
                    item.topics.add(topic)
        counts.append(queries_for(client, url))
    assert counts[0] == counts[1]


@pytest.fixture
def calendar_urls() -> list[str]:
    """The three kinds of calendar file, each holding a winter and a summer meeting."""
    svom = factories.BodyFactory(slug="svom")
    factories.MeetingFactory(body=svom, date=datetime.date(2027, 2, 5))
    factories.MeetingFactory(body=svom, date=datetime.date(2027, 6, 4))
    return ["/kalender.ics", "/organ/svom/kalender.ics", "/moten/svom/2027-02-05/kalender.ics"]


def calendars(client, urls: list[str]) -> list[Calendar]:
    return [Calendar.from_ical(client.get(url).content) for url in urls]


def test_calendar_stamps_are_the_time_in_utc(client, calendar_urls):
    """DTSTAMP ends in Z, so it must be UTC, not the local time of Stockholm marked as UTC."""
    for calendar in calendars(client, calendar_urls):
        for event in calendar.events:
            for name in ("DTSTAMP", "CREATED", "LAST-MODIFIED"):
                if name in event:
                    assert event[name].to_ical().endswith(b"Z")
            stamp = event.decoded("DTSTAMP")
            assert abs(stamp - timezone.now()) < datetime.timedelta(minutes=1)


def test_calendar_defines_the_time_zone_its_events_name(client, calendar_urls):
    for calendar in calendars(client, calendar_urls):
        assert calendar.get_missing_tzids() == set()
        (zone,) = calendar.timezones
        assert zone.tz_name == "Europe/Stockholm"


def test_calendar_time_zone_knows_swedish_summer_time(client, calendar_urls):
    (calendar,) = calendars(client, ["/kalender.ics"])
    zone = calendar.timezones[0].to_tz()
    winter, summer = (
        datetime.datetime(2027, month, day, 13, tzinfo=zone) for month, day in ((2, 5), (6, 4))
    )
    assert winter.utcoffset() == datetime.timedelta(hours=1)
    assert summer.utcoffset() == datetime.timedelta(hours=2)


def test_calendar_events_without_categories_have_no_categories_line(client, calendar_urls):
    for url in calendar_urls:
        assert b"CATEGORIES" not in client.get(url).content


def test_paragraph_feed_is_valid_atom_with_an_author_and_each_entrys_updated_time(client):
    factories.AgendaItemFactory(title="Budget")
    feed = client.get(reverse("meetings:feed")).content.decode()
    assert "<author><name>SVOM</name></author>" in feed
    assert feed.count("<updated>") == 2  # the feed's and its one entry's


def test_paragraph_without_minutes_is_summed_up_by_its_title_not_an_empty_summary(client):
    factories.AgendaItemFactory(title="Val av justerare", text="")
    feed = client.get(reverse("meetings:feed")).content.decode()
    assert "&lt;p&gt;&lt;/p&gt;" not in feed
    assert "&lt;p&gt;Val av justerare&lt;/p&gt;" in feed
