"""What each page puts first: the decision on a paragraph, the notice before a meeting,
the decisions on the home page, the signatures on a printed protocol (issue 13)."""

import datetime

import pytest
from django.utils import timezone

from decisions.models import Decision
from meetings import services
from meetings.models import AgendaItem, Meeting

from .factories import (
    AgendaItemFactory,
    AgreementEventFactory,
    AgreementFactory,
    AttendanceFactory,
    BallotFactory,
    DecisionFactory,
    DecisionPointFactory,
    MeetingFactory,
    PersonFactory,
    ProposalPointFactory,
    ReservationFactory,
    VoteFactory,
)

pytestmark = pytest.mark.django_db


def text_of(response) -> str:
    return response.content.decode()


@pytest.fixture
def decided_item():
    item = AgendaItemFactory(title="Samverkan kring hemsjukvård", text="Diskussionen fördes länge.")
    DecisionFactory(agenda_item=item)
    DecisionPointFactory(agenda_item=item, position=1, text="Avtalet förlängs.")
    return item


def test_paragraph_page_opens_with_the_decision_before_the_discussion(client, decided_item):
    page = text_of(client.get(decided_item.get_absolute_url()))
    assert page.index("Avtalet förlängs.") < page.index("Diskussionen fördes länge.")


def test_proposal_that_differs_from_the_decision_is_shown_under_its_own_heading(
    client, decided_item
):
    ProposalPointFactory(agenda_item=decided_item, position=1, text="Avtalet sägs upp.")
    page = text_of(client.get(decided_item.get_absolute_url()))
    assert "Förslag till beslut" in page
    assert "Beslut enligt förslaget" not in page


def test_decision_equal_to_the_proposal_is_not_listed_twice(client, decided_item):
    ProposalPointFactory(agenda_item=decided_item, position=1, text="Avtalet förlängs.")
    page = text_of(client.get(decided_item.get_absolute_url()))
    assert "Beslut enligt förslaget" in page
    # In the body: the page's description for link previews (in <head>) quotes it too.
    assert page.split("</head>")[1].count("Avtalet förlängs.") == 1


def test_decision_panel_gives_the_vote_count_and_the_reservations(client, decided_item):
    vote = VoteFactory(agenda_item=decided_item)
    for choice in ["yes"] * 9 + ["no"] * 3 + ["abstain"]:
        BallotFactory(vote=vote, choice=choice)
    ReservationFactory(agenda_item=decided_item, person=PersonFactory(name="Karin Reserv"))
    page = text_of(client.get(decided_item.get_absolute_url()))
    panel = page[page.index('class="decision"') : page.index("</section>")]
    assert "9 ja, 3 nej, 1 avstod" in panel
    assert "Karin Reserv" in panel


def test_decision_panel_links_the_agreement_the_decision_changed(client, decided_item):
    agreement = AgreementFactory(short_name="Hemsjukvårdsavtalet")
    AgreementEventFactory(
        agreement=agreement,
        kind="extended",
        decision=decided_item.decision,
        new_end_date=datetime.date(2022, 12, 31),
    )
    page = text_of(client.get(decided_item.get_absolute_url()))
    panel = page[page.index('class="decision"') : page.index("</section>")]
    assert f'href="{agreement.get_absolute_url()}"' in panel


def test_citation_is_text_to_copy_not_a_form_field(client, decided_item):
    page = text_of(client.get(decided_item.get_absolute_url()))
    assert '<input id="citation"' not in page
    assert f'<span class="citation citation-block">{decided_item.citation}</span>' in page


def test_planned_meeting_is_a_notice_without_participants(client):
    meeting = MeetingFactory(
        status=Meeting.Status.AGENDA_PUBLISHED,
        date=timezone.localdate() + datetime.timedelta(days=14),
    )
    AgendaItemFactory(meeting=meeting, draft=True, title="Budget 2027")
    AttendanceFactory(meeting=meeting, person=PersonFactory(name="Anna Anmäld"))
    page = text_of(client.get(meeting.get_absolute_url()))
    assert "Kallelse till" in page
    assert "Budget 2027" in page
    assert "Anna Anmäld" not in page
    assert "Deltagare" not in page
    assert "inte justerat" not in page


def test_unadjusted_protocol_says_so_once_at_the_top(client):
    meeting = MeetingFactory(status=Meeting.Status.HELD)
    for position in (1, 2, 3):
        AgendaItemFactory(meeting=meeting, position=position, draft=True)
    page = text_of(client.get(meeting.get_absolute_url()))
    assert page.count("inte justerat") == 1


def test_home_lists_the_latest_decisions_without_procedural_paragraphs(client):
    meeting = MeetingFactory()
    AgendaItemFactory(meeting=meeting, position=1, title="Val av justerare")
    AgendaItemFactory(meeting=meeting, position=2, title="Mötets avslutande")
    strategy = AgendaItemFactory(meeting=meeting, position=3, title="Hälso- och sjukvårdsstrategi")
    DecisionPointFactory(agenda_item=strategy, text="Strategin antas.")
    page = text_of(client.get("/"))
    assert "Hälso- och sjukvårdsstrategi" in page
    assert "Val av justerare" not in page
    assert "Mötets avslutande" not in page


def test_home_leaves_paragraphs_without_a_decision_out_of_the_latest_decisions(client):
    meeting = MeetingFactory()
    AgendaItemFactory(meeting=meeting, position=1, title="Sammanträdestider 2027")
    decided = AgendaItemFactory(meeting=meeting, position=2, title="Nära vård")
    DecisionFactory(agenda_item=decided, kind=Decision.Kind.INFORMATION_NOTED)
    page = text_of(client.get("/"))
    assert "Nära vård" in page
    assert "Sammanträdestider 2027" not in page


def test_home_opens_with_a_search_box(client):
    page = text_of(client.get("/"))
    assert 'action="/sok/"' in page
    assert page.index('type="search"') < page.index("Kommande möten")


def test_home_shows_the_time_and_place_of_upcoming_meetings(client):
    MeetingFactory(
        status=Meeting.Status.AGENDA_PUBLISHED,
        date=timezone.localdate() + datetime.timedelta(days=7),
        start_time=datetime.time(9, 30),
        end_time=datetime.time(12, 0),
        place="Regionens hus, Östersund",
    )
    page = text_of(client.get("/"))
    assert "kl. 09.30–12.00" in page
    assert "Regionens hus, Östersund" in page


@pytest.mark.parametrize(
    "title",
    [
        "Mötets öppnande",
        "Val av justerare",
        "Val av justerare och tid för justering",
        "Godkännande av dagordningen",
        "Fastställande av föredragningslista",
        "Dagordning",
        "Föregående protokoll",
        "Mötets avslutande",
        "Sammanträdet avslutas",
    ],
)
def test_procedural_titles_are_not_substantive(title):
    AgendaItemFactory(title=title)
    assert not AgendaItem.objects.substantive().exists()


@pytest.mark.parametrize(
    "title", ["Justering av hemsjukvårdsavtalet", "Dagordningens punkt om budget", "Närvård"]
)
def test_items_that_only_resemble_procedure_are_substantive(title):
    AgendaItemFactory(title=title)
    assert AgendaItem.objects.substantive().exists()


def test_printed_protocol_carries_the_chair_and_adjusters_for_signature(client):
    chair, adjuster = PersonFactory(name="Ordf Ordförande"), PersonFactory(name="Just Justerare")
    meeting = MeetingFactory(
        status=Meeting.Status.HELD, chair=chair, date=datetime.date(2021, 3, 1)
    )
    meeting.adjusters.add(adjuster)
    AgendaItemFactory(meeting=meeting, draft=True)
    services.adjust_protocol(meeting, None, at=timezone.make_aware(datetime.datetime(2021, 3, 5)))
    page = text_of(client.get(meeting.get_absolute_url()))
    signatures = page[page.index('id="signatures-heading"') :]
    assert "Ordf Ordförande, ordförande" in signatures
    assert "Just Justerare, justerare" in signatures


def test_favicon_ico_leads_to_the_icon(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 301
    assert response["Location"].endswith(".svg")


def test_decision_summary_leads_with_the_point_that_decides_not_the_one_taking_note(client):
    item = AgendaItemFactory(title="Hemsjukvårdsavtalet")
    DecisionPointFactory(agenda_item=item, position=1, text="SVOM har tagit del av informationen.")
    DecisionPointFactory(agenda_item=item, position=2, text="Avtalet förlängs till 2022.")
    page = text_of(client.get("/"))
    assert "Avtalet förlängs till 2022." in page
    assert "har tagit del av informationen" not in page
    assert item.summary() == "Avtalet förlängs till 2022."


def test_decision_summary_of_a_decision_that_only_takes_note_is_that_point(client):
    item = AgendaItemFactory(title="Lägesrapport")
    DecisionPointFactory(agenda_item=item, text="SVOM har tagit del av informationen.")
    assert item.summary() == "SVOM har tagit del av informationen."


def test_home_says_an_expired_agreement_was_in_force_not_that_it_is(client):
    AgreementFactory(short_name="Hemsjukvårdsavtalet", valid_until=datetime.date(2022, 12, 31))
    page = text_of(client.get("/"))
    assert "Avtal som löper ut eller har löpt ut" in page
    assert "Gällde till och med 31 december 2022" in page


def test_held_protocol_past_its_deadline_says_it_should_have_been_adjusted(client):
    meeting = MeetingFactory(status=Meeting.Status.HELD, date=datetime.date(2021, 12, 3))
    AgendaItemFactory(meeting=meeting, draft=True)
    page = text_of(client.get(meeting.get_absolute_url()))
    assert "Skulle ha justerats senast 17 december 2021" in page
    assert "Ska justeras senast" not in page
