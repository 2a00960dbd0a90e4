"""The pages in a real browser (Debian's Chromium through Playwright), checked with axe-core.

Accessibility is WCAG 2.1 AA as the DOS law requires; axe-core finds what a machine can find.
Screenshots land in test-artifacts/ for a person to look at.
"""

import os
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.core.management import call_command
from playwright.sync_api import expect, sync_playwright

# serialized_rollback keeps the groups that a data migration created across these tests.
pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

CHROMIUM = "/usr/bin/chromium"
ARTIFACTS = Path(__file__).resolve().parent.parent / "test-artifacts"
WCAG_21_AA = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}}

PUBLIC_PAGES = {
    "home": "/",
    "meetings": "/moten/?year=2021",
    "protocol": "/moten/svom/2021-06-04/",
    "agenda-of-held-meeting": "/moten/svom/2021-12-03/",
    "paragraph": "/moten/svom/2020/paragraf/44/",
    "decisions": "/beslut/",
    "agreements": "/avtal/",
    "agreement": "/avtal/hemsjukvardsavtalet/",
    "person": "/personer/lise-hjemgaard-svensson/",
    "body": "/organ/svom/",
    "accessibility": "/tillganglighet/",
    "login": "/logga-in/",
    "search": "/sok/?q=hemsjukvård",
    "notice-board": "/anslagstavla/",
}


@pytest.fixture
def browser(site):
    """Chromium, started after the test database is ready and closed before it is flushed.

    Playwright's sync API runs an event loop in this thread while it is open; Django's
    database work around each test (restoring the migrations' data, flushing) must happen
    outside it, hence a browser per test. The test's own database access is synchronous,
    so Django's async guard is lifted while the browser runs.
    """
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
        )
        yield browser
        browser.close()
    os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)


@pytest.fixture
def site(live_server, demo):
    return live_server.url


@pytest.fixture
def page(browser):
    context = browser.new_context(locale="sv-SE", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    yield page
    context.close()


@pytest.mark.parametrize("name", PUBLIC_PAGES)
def test_page_has_no_wcag_21_aa_violations(site, page, name):
    page.goto(site + PUBLIC_PAGES[name])
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=ARTIFACTS / f"{name}.png", full_page=True)
    results = Axe().run(page, options=WCAG_21_AA)
    assert results.violations_count == 0, results.generate_report()


@pytest.mark.parametrize("name", PUBLIC_PAGES)
def test_page_fits_a_320_pixel_wide_phone_without_sideways_scrolling(browser, site, name):
    context = browser.new_context(viewport={"width": 320, "height": 640})
    page = context.new_page()
    page.goto(site + PUBLIC_PAGES[name])
    if name == "protocol":
        page.screenshot(path=ARTIFACTS / f"{name}-320.png", full_page=True)
    assert page.evaluate("document.documentElement.scrollWidth") <= 320
    context.close()


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
    page.fill("#id_year", "2021")
    page.click("text=Visa")
    page.wait_for_url("**person=Lise+Hjemgaard+Svensson**")
    assert page.locator("main h2", has_text="möte").first.inner_text() == "2 möten"
    context.close()


def test_protocol_prints_without_navigation(site, page):
    page.goto(site + "/moten/svom/2021-06-04/")
    page.emulate_media(media="print")
    assert not page.locator(".site-header").is_visible()
    assert page.locator("h1").is_visible()
    page.pdf(path=ARTIFACTS / "protocol.pdf")
    assert (ARTIFACTS / "protocol.pdf").stat().st_size > 1000


def test_three_clicks_from_home_to_the_decision_that_extended_the_hemsjukvardsavtalet(site, page):
    page.goto(site + "/")
    page.click("main >> text=Hemsjukvårdsavtalet")
    page.click("text=Förlängt")
    expect(page.locator("main")).to_contain_text("till och med den 31 december 2022")
    expect(page.locator("main")).to_contain_text("Hemsjukvårdsavtalet")


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
