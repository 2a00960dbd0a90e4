"""The pages on paper: Chromium's print preview (print media) and the PDF it prints to.

A printout has what the screen has, less the navigation and the buttons; a paragraph's
printout is signed like a protokollsutdrag. Printed PDFs land in test-artifacts/ for a
person to look at.
"""

import io
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect
from pypdf import PdfReader

from meetings.models import Meeting
from tests.test_pdf import adjusted_protocol  # noqa: F401 (a fixture)

# serialized_rollback keeps the groups that a data migration created across these tests.
pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

ARTIFACTS = Path(__file__).resolve().parent.parent / "test-artifacts"
#: A4 less print.css's left and right margins of 2 cm each: 17 cm at 96 CSS pixels an inch.
A4_TEXT_WIDTH = round(17 / 2.54 * 96)
A4_POINTS = (595, 842)

HELD_UNADJUSTED = "/moten/svom/2021-12-03/"
PROTOCOL = "/moten/svom/2021-06-04/"
PARAGRAPH = "/moten/svom/2020/paragraf/44/"
UNNUMBERED_PARAGRAPH = "/moten/svom/2021-06-04/punkt/1/"
#: § 47, which the adjusted_protocol fixture adds to 2021-12-03 and adjusts with two adjusters.
ADJUSTED_PARAGRAPH = "/moten/svom/2021/paragraf/47/"
#: One printable page of each type; a callable gives the address of one whose date moves.
PRINTED_PAGES = {
    "notice": lambda: Meeting.objects.upcoming().first().get_absolute_url(),
    "held-unadjusted": HELD_UNADJUSTED,
    "protocol": PROTOCOL,
    "paragraph": PARAGRAPH,
    "decision-paragraph": UNNUMBERED_PARAGRAPH,
}


def address(name: str) -> str:
    target = PRINTED_PAGES[name]
    return target() if callable(target) else target


def printed(page: Page, site: str, path: str) -> Page:
    page.goto(site + path)
    page.emulate_media(media="print")
    return page


def printed_pdf(page: Page, name: str) -> PdfReader:
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / f"print-{name}.pdf"
    page.pdf(path=path, prefer_css_page_size=True)
    return PdfReader(io.BytesIO(path.read_bytes()))


# What is on paper


def test_printed_notice_keeps_its_agenda(site, page):
    printed(page, site, address("notice"))
    agenda = page.locator("main .toc")
    expect(agenda.get_by_role("heading", name="Dagordning")).to_be_visible()
    expect(agenda.locator("li", has_text="Mötets öppnande")).to_be_visible()


def test_printed_unadjusted_protocol_keeps_every_agenda_item(site, page):
    printed(page, site, HELD_UNADJUSTED)
    items = page.locator("main .toc > ol > li").all()
    assert len(items) == 16
    for item in items:
        expect(item).to_be_visible()


@pytest.mark.parametrize("name", PRINTED_PAGES)
def test_breadcrumbs_are_not_printed(site, page, name):
    printed(page, site, address(name))
    expect(page.locator(".breadcrumbs")).to_be_hidden()


@pytest.mark.parametrize("name", PRINTED_PAGES)
def test_navigation_and_buttons_are_not_printed(site, page, name):
    printed(page, site, address(name))
    for selector in (".site-header", ".site-footer", ".skip-link", ".actions", ".prev-next"):
        for element in page.locator(selector).all():
            expect(element).to_be_hidden()


@pytest.mark.usefixtures("adjusted_protocol")
def test_printed_paragraph_names_its_adjustment_date(site, page):
    printed(page, site, ADJUSTED_PARAGRAPH)
    expect(page.locator("main")).to_contain_text("Paragrafen justerades 10 december 2021.")


@pytest.mark.usefixtures("adjusted_protocol")
def test_printed_paragraph_is_signed_by_the_chair_and_the_adjusters(site, page):
    printed(page, site, ADJUSTED_PARAGRAPH)
    signatures = page.locator("main .signatures")
    expect(signatures).to_be_visible()
    for signature in (
        "Lise Hjemgaard Svensson, ordförande",
        "Maria Öst, justerare",
        "Anders Lilja, justerare",
    ):
        expect(signatures).to_contain_text(signature)


@pytest.mark.usefixtures("adjusted_protocol")
def test_paragraphs_signatures_are_only_on_paper(site, page):
    page.goto(site + ADJUSTED_PARAGRAPH)
    expect(page.locator("main .signatures")).to_be_hidden()


# The paper itself


def test_printout_is_on_a4(site, page):
    reader = printed_pdf(printed(page, site, PROTOCOL), "protocol")
    for sheet in reader.pages:
        assert tuple(round(float(side)) for side in sheet.mediabox.upper_right) == A4_POINTS


def test_every_printed_page_says_which_page_of_how_many_it_is(site, page):
    reader = printed_pdf(printed(page, site, PROTOCOL), "protocol")
    pages = len(reader.pages)
    assert pages > 1
    for number, sheet in enumerate(reader.pages, start=1):
        assert f"Sida {number} ({pages})" in sheet.extract_text()


def test_printout_names_the_page_it_comes_from(site, page):
    reader = printed_pdf(printed(page, site, PROTOCOL), "protocol")
    document = " ".join(" ".join(sheet.extract_text() for sheet in reader.pages).split())
    assert f"Utskrivet från {site}{PROTOCOL}" in document


def test_printout_has_page_margins(site, page):
    """print.css's 2 cm margins: no text starts within 1.5 cm of either side of the sheet."""
    reader = printed_pdf(printed(page, site, PROTOCOL), "protocol-margins")
    margin = 1.5 / 2.54 * 72
    xs: list[float] = []
    for sheet in reader.pages:
        sheet.extract_text(
            visitor_text=lambda text, cm, tm, *_: (
                xs.append(tm[4] * cm[0] + cm[4]) if text.strip() else None
            )
        )
    assert xs
    assert min(xs) > margin
    assert max(xs) < A4_POINTS[0] - margin


@pytest.mark.parametrize("name", PRINTED_PAGES)
def test_nothing_is_cut_off_on_a4_paper(browser, site, name):
    """Laid out as wide as the text on an A4 sheet, the printout needs no sideways room."""
    context = browser.new_context(locale="sv-SE", viewport={"width": A4_TEXT_WIDTH, "height": 900})
    page = printed(context.new_page(), site, address(name))
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=ARTIFACTS / f"print-{name}.png", full_page=True)
    assert page.evaluate("document.documentElement.scrollWidth") <= A4_TEXT_WIDTH
    context.close()
