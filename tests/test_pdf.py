"""The protocol and a paragraph's extract (protokollsutdrag) as tagged PDF/UA-1 downloads.

A PDF shows a user what the page it is made from shows: the public the adjusted, public
paragraphs; a member the drafts too, marked "UTKAST – ej justerat" on every page.
"""

import datetime
import io

import pytest
from pypdf import PdfReader

from meetings import services
from meetings.models import Meeting
from tests import factories
from tests.test_leaks import (  # noqa: F401 (hidden_paragraphs: a fixture)
    DRAFT_MARKER,
    SECRET_MARKER,
    WITHDRAWN_MARKER,
    hidden_paragraphs,
)

pytestmark = pytest.mark.django_db

PROTOCOL = "/moten/svom/2021-12-03/protokoll.pdf"
EXTRACT = "/moten/svom/2021/paragraf/47/utdrag.pdf"
DECISION = "SVOM ger Fredagsgruppen i uppdrag att utreda ett gemensamt fysiskt möte."
DRAFT_MARK = "UTKAST – ej justerat"


@pytest.fixture
def adjusted_protocol(demo, secretary) -> Meeting:
    """The demo meeting of 3 December 2021, with a voted § 47, adjusted by two adjusters."""
    meeting = Meeting.objects.get(date="2021-12-03")
    meeting.adjusters.add(
        factories.PersonFactory(name="Maria Öst"), factories.PersonFactory(name="Anders Lilja")
    )
    item = factories.AgendaItemFactory(
        meeting=meeting, position=17, number=47, title="Fysiskt möte 2022", draft=True
    )
    factories.ProposalPointFactory(agenda_item=item, text="Frågan bordläggs.")
    factories.DecisionPointFactory(agenda_item=item, text=DECISION)
    factories.MotionFactory(agenda_item=item, mover__name="Bengt Yrkare", text="att frågan utreds")
    vote = factories.VoteFactory(agenda_item=item, no_proposal="Förslag till beslut")
    factories.BallotFactory(vote=vote, person__name="Röstande Ledamot")
    factories.ReservationFactory(agenda_item=item, person__name="Karin Reservant", text="Nej.")
    services.adjust_protocol(
        meeting, secretary, at=datetime.datetime(2021, 12, 10, 9, tzinfo=datetime.UTC)
    )
    return meeting


def pdf(response) -> PdfReader:
    assert response["Content-Type"] == "application/pdf"
    return PdfReader(io.BytesIO(response.content))


def text(reader: PdfReader) -> str:
    """The document's text with its line breaks and runs of spaces made single spaces."""
    return " ".join(" ".join(page.extract_text() for page in reader.pages).split())


def xmp(reader: PdfReader) -> bytes:
    return reader.trailer["/Root"]["/Metadata"].get_object().get_data()


# The document


def test_protocol_pdf_is_a_download_named_after_the_body_and_date(client, adjusted_protocol):
    response = client.get(PROTOCOL)
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="svom-2021-12-03.pdf"'


def test_extract_is_a_download_named_after_the_paragraph(client, adjusted_protocol):
    response = client.get(EXTRACT)
    assert response["Content-Disposition"] == (
        'attachment; filename="svom-2021-12-03-paragraf-47.pdf"'
    )


@pytest.mark.parametrize("url", [PROTOCOL, EXTRACT])
def test_pdf_has_a_structure_tree(client, adjusted_protocol, url):
    assert "/StructTreeRoot" in pdf(client.get(url)).trailer["/Root"]


@pytest.mark.parametrize("url", [PROTOCOL, EXTRACT])
def test_pdf_is_marked_as_tagged(client, adjusted_protocol, url):
    assert pdf(client.get(url)).trailer["/Root"]["/MarkInfo"]["/Marked"].value is True


@pytest.mark.parametrize("url", [PROTOCOL, EXTRACT])
def test_pdf_declares_itself_pdf_ua_1(client, adjusted_protocol, url):
    assert b'pdfuaid:part="1"' in xmp(pdf(client.get(url)))


@pytest.mark.parametrize("url", [PROTOCOL, EXTRACT])
def test_pdf_is_in_swedish(client, adjusted_protocol, url):
    assert pdf(client.get(url)).trailer["/Root"]["/Lang"].startswith("sv")


def test_english_pdf_is_in_english(client, adjusted_protocol):
    assert pdf(client.get(f"/en{PROTOCOL}")).trailer["/Root"]["/Lang"] == "en"


def test_protocol_pdf_title_names_the_body_and_date(client, adjusted_protocol):
    assert pdf(client.get(PROTOCOL)).metadata.title == "Protokoll SVOM 3 december 2021"


def test_extract_title_cites_the_paragraph(client, adjusted_protocol):
    assert pdf(client.get(EXTRACT)).metadata.title == (
        "Protokollsutdrag SVOM 2021-12-03 § 47 Fysiskt möte 2022"
    )


# What it says


def test_protocol_pdf_contains_the_decision(client, adjusted_protocol):
    assert DECISION in text(pdf(client.get(PROTOCOL)))


def test_every_page_says_which_page_of_how_many_it_is(client, adjusted_protocol):
    reader = pdf(client.get(PROTOCOL))
    pages = len(reader.pages)
    assert pages > 1
    for number, page in enumerate(reader.pages, start=1):
        assert f"Sida {number} av {pages}" in page.extract_text()


def test_protocol_pdf_names_the_page_it_comes_from(client, adjusted_protocol):
    assert "Källa: http://testserver/moten/svom/2021-12-03/" in text(pdf(client.get(PROTOCOL)))


def test_protocol_pdf_signature_block_names_the_chair_and_adjusters(client, adjusted_protocol):
    document = text(pdf(client.get(PROTOCOL)))
    signatures = document[document.index("Protokollet justerades 10 december 2021.") :]
    for name in ("Lise Hjemgaard Svensson", "Maria Öst", "Anders Lilja"):
        assert name in signatures


def test_extract_contains_the_paragraph_and_its_decision(client, adjusted_protocol):
    document = text(pdf(client.get(EXTRACT)))
    assert "§ 47 Fysiskt möte 2022" in document
    assert DECISION in document
    assert "Frågan bordläggs." in document


def test_extract_contains_the_motions_votes_and_reservations(client, adjusted_protocol):
    document = text(pdf(client.get(EXTRACT)))
    assert "Bengt Yrkare yrkar att frågan utreds." in document
    assert "Röstande Ledamot" in document
    assert "Karin Reservant: Nej." in document


def test_extract_names_the_adjustment_date_and_adjusters(client, adjusted_protocol):
    document = text(pdf(client.get(EXTRACT)))
    assert "Paragrafen justerades 10 december 2021." in document
    assert "Maria Öst" in document
    assert "Anders Lilja" in document


def test_extract_is_certified_with_an_utdragsbestyrkande(client, adjusted_protocol):
    document = text(pdf(client.get(EXTRACT)))
    assert "Utdragsbestyrkande Utdraget stämmer överens med SVOM 2021-12-03 § 47" in document


def test_extract_of_an_unnumbered_paragraph_is_found_by_its_position(client, demo):
    response = client.get("/moten/svom/2021-06-04/punkt/1/utdrag.pdf")
    assert "God och nära vård – statusuppdatering" in text(pdf(response))


def test_protocol_pdf_leaves_out_links_meant_for_the_screen(client, demo):
    """The topics' "(bevaka …)" links are marked no-print: a subscription is for the page."""
    document = text(pdf(client.get("/moten/svom/2021-06-04/protokoll.pdf")))
    assert "Områden: God och nära vård" in document
    assert "bevaka" not in document


def test_extract_leaves_out_links_meant_for_the_screen(client, demo):
    document = text(pdf(client.get("/moten/svom/2021-06-04/punkt/1/utdrag.pdf")))
    assert "bevaka" not in document


def test_protocol_pdf_text_has_no_bullets_apart_from_their_items(client, demo):
    """A list's markers are in the text where its items are, not in a run of empty bullets
    at the end, which is what copying or a search of the document would otherwise find."""
    document = text(pdf(client.get("/moten/svom/2021-12-03/protokoll.pdf")))
    assert "• •" not in document
    assert not document.split("Källa:")[0].rstrip().endswith("•")


def test_numbered_decision_points_are_read_with_their_numbers(client, demo):
    document = text(pdf(client.get("/moten/svom/2021-06-04/protokoll.pdf")))
    assert "1. SVOM har tagit del av informationen. 2. SVOM beslutar" in document


# Who gets what


@pytest.mark.parametrize("number", [950, 951, 952], ids=["draft", "confidential", "withdrawn"])
@pytest.mark.usefixtures("hidden_paragraphs")
def test_hidden_paragraphs_extract_is_not_found_by_the_public(client, number):
    assert client.get(f"/moten/svom/2021/paragraf/{number}/utdrag.pdf").status_code == 404


@pytest.mark.usefixtures("hidden_paragraphs")
def test_protocol_pdf_never_shows_the_public_a_hidden_paragraph(client):
    document = text(pdf(client.get("/moten/svom/2021-06-04/protokoll.pdf")))
    assert "God och nära vård – statusuppdatering" in document
    assert [m for m in (DRAFT_MARKER, SECRET_MARKER, WITHDRAWN_MARKER) if m in document] == []


def test_public_protocol_pdf_is_not_marked_as_a_draft(client, adjusted_protocol):
    assert DRAFT_MARK not in text(pdf(client.get(PROTOCOL)))


@pytest.mark.usefixtures("hidden_paragraphs")
def test_meeting_with_nothing_public_has_no_pdf(client):
    assert client.get("/moten/svom/2031-05-09/protokoll.pdf").status_code == 404


def test_member_gets_the_draft_protocol_marked_on_every_page(client, member, demo):
    client.force_login(member)
    reader = pdf(client.get(PROTOCOL))
    assert "Mini-Maria – utredning" in text(reader)
    assert all(DRAFT_MARK in page.extract_text() for page in reader.pages)


@pytest.mark.usefixtures("hidden_paragraphs")
def test_member_gets_a_draft_paragraphs_extract_marked_as_draft(client, member):
    client.force_login(member)
    document = text(pdf(client.get("/moten/svom/2021/paragraf/950/utdrag.pdf")))
    assert f"Beslut {DRAFT_MARKER}" in document
    assert DRAFT_MARK in document
    assert "Inget utdragsbestyrkande" in document


def test_members_pdf_is_kept_by_no_shared_cache(client, member, demo):
    client.force_login(member)
    cache_control = client.get(PROTOCOL)["Cache-Control"]
    assert "private" in cache_control
    assert "no-store" in cache_control


@pytest.mark.usefixtures("hidden_paragraphs")
def test_members_draft_pdf_is_never_served_to_the_public_from_the_cache(client, member, page_cache):
    url = "/moten/svom/2021/paragraf/950/utdrag.pdf"
    client.force_login(member)
    assert client.get(url).status_code == 200
    client.logout()
    client.cookies.clear()
    assert client.get(url).status_code == 404


# The links to them


def test_meeting_page_links_to_its_pdf(client, adjusted_protocol):
    page = client.get("/moten/svom/2021-12-03/").content.decode()
    assert f'<a href="{PROTOCOL}" type="application/pdf">Ladda ner PDF</a>' in page


@pytest.mark.usefixtures("hidden_paragraphs")
def test_planned_meetings_page_offers_no_pdf(client):
    assert "protokoll.pdf" not in client.get("/moten/svom/2031-05-09/").content.decode()


def test_paragraph_page_links_to_its_extract(client, adjusted_protocol):
    page = client.get("/moten/svom/2021/paragraf/47/").content.decode()
    assert f'<a href="{EXTRACT}" type="application/pdf">Ladda ner protokollsutdrag (PDF)</a>' in (
        page
    )


def test_unnumbered_paragraph_page_links_to_its_extract_by_position(client, demo):
    page = client.get("/moten/svom/2021-06-04/punkt/1/").content.decode()
    assert 'href="/moten/svom/2021-06-04/punkt/1/utdrag.pdf"' in page
