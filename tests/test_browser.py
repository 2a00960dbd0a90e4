"""The pages in a real browser (Debian's Chromium through Playwright), checked with axe-core.

Accessibility is WCAG 2.1 AA as the DOS law requires; axe-core finds what a machine can find.
Screenshots land in test-artifacts/ for a person to look at.
"""

from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.core.management import call_command
from playwright.sync_api import expect

from meetings.models import Meeting

# serialized_rollback keeps the groups that a data migration created across these tests.
pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

ARTIFACTS = Path(__file__).resolve().parent.parent / "test-artifacts"
#: Screenshots of every page type at both widths, for a person to look at (git-ignored).
SCREENSHOTS = Path(__file__).resolve().parent.parent / "screenshots"
WCAG_21_AA = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}}
WIDTHS = (320, 1280)

#: One page of each type; a callable gives the address of a page whose date moves with today.
PUBLIC_PAGES = {
    "home": "/",
    "meetings": "/moten/?year=2021",
    "protocol": "/moten/svom/2021-06-04/",
    "agenda-of-held-meeting": "/moten/svom/2021-12-03/",
    "notice": lambda: Meeting.objects.upcoming().first().get_absolute_url(),
    "paragraph": "/moten/svom/2020/paragraf/44/",
    "decision-paragraph": "/moten/svom/2021-06-04/punkt/1/",
    "decisions": "/beslut/",
    "assignments": "/beslut/balanslista/",
    "agreements": "/avtal/",
    "agreement": "/avtal/hemsjukvardsavtalet/",
    "people": "/personer/",
    "person": "/personer/lise-hjemgaard-svensson/",
    "body": "/organ/svom/",
    "accessibility": "/tillganglighet/",
    "login": "/logga-in/",
    "search": "/sok/?q=hemsjukvård",
    "notice-board": "/anslagstavla/",
    "topic": "/moten/?topic=hemsjukvard",
    "subscribe": "/bevaka/?organ=svom",
    "api": "/api/",
    "not-found": "/finns-inte/",
    "english-home": "/en/",
}


def address(name: str) -> str:
    target = PUBLIC_PAGES[name]
    return target() if callable(target) else target


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("name", PUBLIC_PAGES)
def test_page_has_no_wcag_21_aa_violations(browser, site, name, width):
    context = browser.new_context(locale="sv-SE", viewport={"width": width, "height": 900})
    page = context.new_page()
    page.goto(site + address(name))
    SCREENSHOTS.mkdir(exist_ok=True)
    page.screenshot(path=SCREENSHOTS / f"{name}-{width}.png", full_page=True)
    results = Axe().run(page, options=WCAG_21_AA)
    context.close()
    assert results.violations_count == 0, results.generate_report()


@pytest.mark.parametrize("language", ["sv", "en"])
@pytest.mark.parametrize("name", PUBLIC_PAGES)
def test_page_fits_a_320_pixel_wide_phone_without_sideways_scrolling(browser, site, name, language):
    """English words run longer ("16 December", "Notice of meeting published"): both must fit."""
    path = address(name)
    if language == "en" and not path.startswith("/en/"):
        path = "/en" + path
    context = browser.new_context(viewport={"width": 320, "height": 640})
    page = context.new_page()
    page.goto(site + path)
    assert page.evaluate("document.documentElement.scrollWidth") <= 320
    context.close()


def test_filters_are_folded_away_on_a_phone_so_the_results_come_first(browser, site):
    context = browser.new_context(viewport={"width": 390, "height": 800}, java_script_enabled=False)
    page = context.new_page()
    page.goto(site + "/moten/")
    assert not page.locator("#id_body").is_visible()
    page.click("text=Filtrera och sortera")
    assert page.locator("#id_body").is_visible()
    context.close()


def test_filters_are_open_beside_the_results_on_a_wide_screen(site, page):
    page.goto(site + "/moten/")
    assert page.locator("#id_body").is_visible()
    assert not page.locator("text=Filtrera och sortera").is_visible()


def test_skip_link_is_the_first_tab_stop_and_moves_focus_to_the_content(site, page):
    page.goto(site + "/moten/")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "Hoppa till innehållet"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"


def test_meetings_can_be_filtered_by_person_and_year_without_javascript(browser, site):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(site + "/moten/")
    page.fill("#id_person", "Lise Hjemgaard Svensson")  # a typed name, not a list of all
    page.select_option("#id_year", "2021")  # the years that have meetings
    page.click("text=Visa")
    page.wait_for_url("**person=Lise+Hjemgaard+Svensson**")
    assert page.locator("main h2", has_text="möte").first.inner_text() == "2 möten"
    context.close()


def test_protocol_prints_with_signatures_and_source_but_without_navigation(site, page):
    page.goto(site + "/moten/svom/2021-06-04/")
    page.emulate_media(media="print")
    assert not page.locator(".site-header").is_visible()
    assert page.locator("h1").is_visible()
    assert page.locator("#signatures-heading").is_visible()
    expect(page.locator(".print-source")).to_contain_text("Utskrivet från http")
    ARTIFACTS.mkdir(exist_ok=True)
    page.pdf(path=ARTIFACTS / "protocol.pdf", prefer_css_page_size=True)
    assert (ARTIFACTS / "protocol.pdf").stat().st_size > 1000


def test_print_button_appears_with_javascript(site, page):
    page.goto(site + "/moten/svom/2021-06-04/")
    assert page.locator("[data-print]").is_visible()


def test_citizen_reaches_the_hemsjukvardsavtalet_decision_in_three_clicks_decision_first(
    site, page
):
    page.goto(site + "/")
    # 1: the expiring agreement on home
    page.get_by_role("main").get_by_role("link", name="Hemsjukvårdsavtalet", exact=True).click()
    page.click("main .timeline >> text=God och nära vård")  # 2: the decision that extended it
    decision = page.locator("main .decision")
    expect(decision).to_contain_text("till och med den 31 december 2022")
    expect(decision.locator("a", has_text="Hemsjukvårdsavtalet")).to_be_visible()
    discussion = page.locator("main .paragraph__text")
    assert decision.bounding_box()["y"] < discussion.bounding_box()["y"]


def test_journalist_subscribes_to_a_bodys_feed_from_its_page(site, page):
    page.goto(site + "/organ/svom/")
    link = page.locator("main a", has_text="Prenumerera på nya paragrafer från SVOM")
    href = link.get_attribute("href")
    assert page.locator(f'head link[rel="alternate"][href="{href}"]').count() == 1
    response = page.request.get(site + href)
    assert response.headers["content-type"].startswith("application/atom+xml")
    assert "Utskrivningsklara" in response.text()  # the demo's recently adjusted paragraph


def test_visitor_adds_the_next_meeting_to_a_calendar(site, page):
    page.goto(site + "/")
    page.click("main .event a")  # the next meeting on home
    expect(page.locator("h1")).to_contain_text("Kallelse till SVOM")
    with page.expect_download() as download_info:
        page.click("text=Lägg till i kalender")
    calendar = Path(download_info.value.path()).read_text(encoding="utf-8")
    assert calendar.count("BEGIN:VEVENT") == 1
    assert "SUMMARY:SVOM sammanträder" in calendar
    next_meeting = Meeting.objects.upcoming().first()
    assert f"DTSTART;TZID=Europe/Stockholm:{next_meeting.date:%Y%m%d}T130000" in calendar


def test_secretariat_takes_the_draft_demo_meeting_through_adjustment(site, page):
    """Log in with a backup code, name the adjusters, register the adjustment, see it posted."""
    from io import StringIO

    out = StringIO()
    call_command("create_secretariat_user", stdout=out)
    password = out.getvalue().split("lösenordet: ")[1].split()[0]
    backup_code = out.getvalue().split("var och en gäller en gång: ")[1].split()[0]

    page.goto(site + "/admin/")
    page.fill("#id_username", "sekretariat")
    page.fill("#id_password", password)
    page.fill("#id_otp_token", backup_code)
    page.click("input[type=submit]")  # one form, the first time: the code tells its device
    page.goto(site + "/admin/meetings/meeting/?justering=awaiting")
    page.click("text=3 december 2021")
    page.click(".field-adjusters .select2-selection")  # the admin's autocomplete widget
    page.keyboard.type("Bengt")
    page.click(".select2-results__option >> text=Bengt Bergqvist")
    page.click("input[name=_continue]")
    page.click("text=Registrera justering")
    page.fill("#id_adjusted_at", "2021-12-10 10:00")
    page.click("input[type=submit]")
    expect(page.locator(".messagelist")).to_contain_text("paragrafer publicerades")

    page.goto(site + "/anslagstavla/")
    assert "SVOM 3 december 2021" in page.content()
    assert "31 december 2021" in page.content()  # three weeks after posting on 10 December
    page.goto(site + "/moten/svom/2021-12-03/")
    assert "Bengt yrkar" in page.content()
