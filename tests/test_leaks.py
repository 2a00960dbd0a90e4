"""No draft or confidential text reaches an anonymous visitor, on any page the site links to."""

import re
from collections import deque

import pytest
from django.core.files.base import ContentFile

from meetings.models import AgendaItem, Meeting
from tests import factories

pytestmark = pytest.mark.django_db

DRAFT_MARKER = "DRAFTMARKER7c1f"
SECRET_MARKER = "SECRETMARKER9a2e"
START_URLS = ["/", "/moten/", "/beslut/", "/avtal/", "/tillganglighet/"]
# Searches use the start of a marker: the page echoes the query, but only a leak shows it all.
SEARCHES = [
    f"/moten/?q={DRAFT_MARKER[:9]}",
    f"/moten/?q={SECRET_MARKER[:10]}",
    f"/beslut/?q={DRAFT_MARKER[:9]}",
    f"/beslut/?q={SECRET_MARKER[:10]}",
]


@pytest.fixture
def hidden_paragraphs(demo):
    """A draft and a confidential paragraph whose every field carries a marker."""
    meeting = Meeting.objects.get(date="2021-06-04")
    presenter = factories.PersonFactory()
    for position, marker, extra in [
        (50, DRAFT_MARKER, {"draft": True}),
        (51, SECRET_MARKER, {"confidential": True}),
    ]:
        item = factories.AgendaItemFactory(
            meeting=meeting,
            position=position,
            number=900 + position,
            title=f"Rubrik {marker}",
            text=f"Text {marker}",
            **extra,
        )
        factories.add_presenters(item, presenter)
        item.topics.add(factories.TopicFactory())
        factories.DecisionFactory(agenda_item=item)
        factories.ProposalPointFactory(agenda_item=item, text=f"Förslag {marker}")
        factories.DecisionPointFactory(agenda_item=item, text=f"Beslut {marker}")
        factories.MotionFactory(agenda_item=item, mover=presenter, text=f"yrkande {marker}")
        factories.ReservationFactory(agenda_item=item, text=f"Reservation {marker}")
        factories.AssignmentFactory(agenda_item=item, description=f"Uppdrag {marker}")
        factories.AttachmentFactory(
            agenda_item=item,
            title=f"Bilaga {marker}",
            file=ContentFile(marker.encode(), name=f"{marker}.txt"),
        )
        # The agreement and its event are public facts; the link to the hidden decision is not.
        factories.AgreementEventFactory(decision=item.decision)
    return meeting


def crawl(client, limit: int = 600) -> dict[str, bytes]:
    """Every page reachable from the start pages by following the site's own links."""
    seen: dict[str, bytes] = {}
    queue = deque(START_URLS + SEARCHES)
    while queue and len(seen) < limit:
        url = queue.popleft()
        if url in seen:
            continue
        response = client.get(url)
        body = b"".join(response.streaming_content) if response.streaming else response.content
        seen[url] = body
        if "text/html" not in response.get("Content-Type", ""):
            continue
        for link in re.findall(r'href="([^"#]*)', body.decode()):
            link = link.replace("&amp;", "&")
            if link.startswith("?"):
                link = url.split("?")[0] + link
            if link.startswith("/") and not link.startswith(("/admin", "/static", "//")):
                queue.append(link)
    return seen


@pytest.mark.slow
def test_no_public_page_shows_a_draft_or_confidential_paragraph(client, hidden_paragraphs):
    pages = crawl(client)
    assert len(pages) > 30  # the crawl really walked the site
    leaks = [url for url, body in pages.items() if DRAFT_MARKER.encode() in body]
    assert leaks == []
    leaks = [url for url, body in pages.items() if SECRET_MARKER.encode() in body]
    assert leaks == []


@pytest.mark.parametrize("marker", [DRAFT_MARKER, SECRET_MARKER])
def test_searching_for_hidden_text_finds_nothing_for_the_public(client, hidden_paragraphs, marker):
    assert "0 möten" in client.get(f"/moten/?q={marker}").content.decode()


def test_agenda_of_a_held_meeting_shows_draft_titles_but_never_their_minutes(client):
    """Once the agenda (kallelse) is out it is public; the minutes wait for adjustment."""
    item = factories.AgendaItemFactory(
        meeting__status=Meeting.Status.HELD, draft=True, title="Mini-Maria", text=DRAFT_MARKER
    )
    factories.DecisionPointFactory(agenda_item=item, text=DRAFT_MARKER)
    page = client.get(item.meeting.get_absolute_url()).content.decode()
    assert "Mini-Maria" in page
    assert DRAFT_MARKER not in page


def test_hidden_paragraphs_answer_404_to_the_public(client, hidden_paragraphs):
    for item in AgendaItem.objects.filter(number__gte=900):
        assert client.get(item.get_absolute_url()).status_code == 404
    for attachment_pk in AgendaItem.objects.filter(number__gte=900).values_list(
        "attachments", flat=True
    ):
        assert client.get(f"/bilagor/{attachment_pk}/").status_code == 404


def test_member_sees_both_hidden_paragraphs(client, member, hidden_paragraphs):
    client.force_login(member)
    page = client.get(hidden_paragraphs.get_absolute_url()).content.decode()
    assert DRAFT_MARKER in page
    assert SECRET_MARKER in page
