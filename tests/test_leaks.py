"""No draft or confidential text reaches an anonymous visitor, on any page the site links to."""

import datetime
import re
from collections import deque

import pytest
from django.core.files.base import ContentFile

from meetings.models import AgendaItem, Meeting, Person
from meetings.protocol_import import import_protocol, read_protocol
from tests import factories
from tests.seeds import SEED_002, SEED_DATES

pytestmark = pytest.mark.django_db

DRAFT_MARKER = "DRAFTMARKER7c1f"
SECRET_MARKER = "SECRETMARKER9a2e"
WITHDRAWN_MARKER = "WITHDRAWNMARKER4b0d"
PLANNED_MARKER = "PLANNEDMARKER8e3a"
MARKERS = [DRAFT_MARKER, SECRET_MARKER, WITHDRAWN_MARKER, PLANNED_MARKER]
START_URLS = ["/", "/moten/", "/beslut/", "/avtal/", "/tillganglighet/", "/anslagstavla/"]
# Searches use the start of a marker: the page echoes the query, but only a leak shows it all.
SEARCHES = [
    f"{page}?q={marker[:-4]}" for page in ("/moten/", "/beslut/", "/sok/") for marker in MARKERS
]


@pytest.fixture
def hidden_paragraphs(demo):
    """A draft, a confidential, a withdrawn and a planned paragraph, each with a marker in
    every field, and in the names of the people and the topic that appear only there."""
    june = Meeting.objects.get(date="2021-06-04")
    planned = factories.MeetingFactory(
        body=june.body, date=datetime.date(2031, 5, 9), status=Meeting.Status.PLANNED
    )
    for position, marker, meeting, extra in [
        (50, DRAFT_MARKER, june, {"draft": True}),
        (51, SECRET_MARKER, june, {"confidential": True}),
        (52, WITHDRAWN_MARKER, june, {"withdrawal_reason": "Personuppgifter."}),
        (53, PLANNED_MARKER, planned, {"draft": True}),
    ]:
        item = factories.AgendaItemFactory(
            meeting=meeting,
            position=position,
            number=900 + position,
            title=f"Rubrik {marker}",
            text=f"Text {marker}",
            **extra,
        )
        person = factories.PersonFactory(name=f"Föredragande {marker}")
        factories.add_presenters(item, person)
        item.topics.add(factories.TopicFactory(name=f"Område {marker}"))
        factories.DecisionFactory(agenda_item=item)
        factories.ProposalPointFactory(agenda_item=item, text=f"Förslag {marker}")
        factories.DecisionPointFactory(agenda_item=item, text=f"Beslut {marker}")
        factories.MotionFactory(
            agenda_item=item, mover__name=f"Yrkare {marker}", text=f"yrkande {marker}"
        )
        vote = factories.VoteFactory(agenda_item=item)
        factories.BallotFactory(vote=vote, person__name=f"Röstande {marker}")
        factories.ReservationFactory(
            agenda_item=item, person__name=f"Reserverad {marker}", text=f"Reservation {marker}"
        )
        factories.AssignmentFactory(agenda_item=item, description=f"Uppdrag {marker}")
        factories.AttachmentFactory(
            agenda_item=item,
            title=f"Bilaga {marker}",
            file=ContentFile(marker.encode(), name=f"{marker}.txt"),
        )
        # The agreement and its event are public facts; the link to the hidden decision is not.
        factories.AgreementEventFactory(decision=item.decision)
    return june


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


def leaks(pages: dict[str, bytes], markers: list[str]) -> list[tuple[str, str]]:
    return [(url, m) for url, body in pages.items() for m in markers if m.encode() in body]


@pytest.mark.slow
def test_no_public_page_shows_a_hidden_paragraph_or_its_people_and_topics(
    client, hidden_paragraphs
):
    pages = crawl(client)
    assert len(pages) > 30  # the crawl really walked the site
    assert leaks(pages, MARKERS) == []


@pytest.mark.slow
def test_every_hidden_name_and_topic_is_shown_to_a_member(client, member, hidden_paragraphs):
    client.force_login(member)
    for marker in MARKERS:
        page = client.get("/sok/", {"q": f"Föredragande {marker}"}).content.decode()
        assert f"Föredragande {marker}" in page


@pytest.mark.parametrize("marker", MARKERS)
def test_searching_for_hidden_text_finds_nothing_for_the_public(client, hidden_paragraphs, marker):
    assert "0 möten" in client.get(f"/moten/?q={marker}").content.decode()


@pytest.mark.parametrize("marker", MARKERS)
def test_people_only_in_hidden_paragraphs_have_no_public_page(client, hidden_paragraphs, marker):
    for person in Person.objects.filter(name__endswith=marker):
        assert client.get(person.get_absolute_url()).status_code == 404


@pytest.mark.parametrize("marker", MARKERS)
def test_people_only_in_hidden_paragraphs_are_not_found_by_search(
    client, hidden_paragraphs, marker
):
    response = client.get("/sok/", {"q": f"Föredragande {marker}"})
    assert response.context["people"] == []


@pytest.mark.parametrize("page", ["/moten/", "/sok/?q=vård", "/beslut/"])
def test_filters_offer_no_name_or_topic_known_only_from_hidden_paragraphs(
    client, hidden_paragraphs, page
):
    body = client.get(page).content.decode()
    assert [marker for marker in MARKERS if marker in body] == []


def test_protocol_of_a_held_meeting_names_nobody_until_it_is_adjusted(client, demo):
    meeting = factories.MeetingFactory(
        chair=factories.PersonFactory(name="Ordförande Okänd"), date=datetime.date(2031, 1, 10)
    )
    meeting.adjusters.add(factories.PersonFactory(name="Justerare Okänd"))
    factories.AttendanceFactory(meeting=meeting, person__name="Ledamot Okänd")
    factories.AgendaItemFactory(meeting=meeting, draft=True, title="Punkt")
    page = client.get(meeting.get_absolute_url()).content.decode()
    assert "Punkt" in page  # the agenda is out
    assert "Okänd" not in page


def test_import_without_adjusted_shows_nothing_of_the_protocol_to_the_public(client, svom):
    """A protocol imported as held has no published notice: no title, no name is public."""
    parsed = read_protocol(SEED_002.name, SEED_002.read_bytes())
    import_protocol(parsed, body=svom, date=SEED_DATES[SEED_002])
    titles = [t for t in AgendaItem.objects.values_list("title", flat=True) if len(t) > 12]
    names = list(Person.objects.values_list("name", flat=True))
    assert titles
    assert names
    pages = crawl(client)
    assert pages  # the meeting's page is linked from the meeting list
    assert leaks(pages, titles + names) == []


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


def test_member_sees_the_hidden_paragraphs(client, member, hidden_paragraphs):
    client.force_login(member)
    page = client.get(hidden_paragraphs.get_absolute_url()).content.decode()
    assert DRAFT_MARKER in page
    assert SECRET_MARKER in page
