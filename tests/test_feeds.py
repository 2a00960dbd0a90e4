"""The Atom feed of adjusted paragraphs as a feed reader sees it."""

import xml.etree.ElementTree as ET

import pytest
from django.urls import reverse

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
