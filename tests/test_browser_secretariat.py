"""The secretariat's admin in a real browser (Debian's Chromium through Playwright).

A secretary enters a meeting with three paragraphs, one with a proposal and a decision, and
adjusts it; the time it takes is logged (`pytest -s` shows it). The start page passes
axe-core's WCAG 2.1 AA checks, and screenshots at 1280 px go to screenshots/ for a person
to look at.
"""

import datetime
import logging
import time
from io import StringIO
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.core.management import call_command
from django.utils import timezone
from playwright.sync_api import expect

from meetings.models import AgendaItem, Meeting

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

log = logging.getLogger(__name__)

SCREENSHOTS = Path(__file__).resolve().parent.parent / "screenshots"
WCAG_21_AA = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}}


@pytest.fixture
def secretary_page(site, page):
    """The page, logged in to the admin as the secretariat with password and backup code."""
    out = StringIO()
    call_command("create_secretariat_user", stdout=out)
    password = out.getvalue().split("lösenordet: ")[1].split()[0]
    backup_code = out.getvalue().split("var och en gäller en gång: ")[1].split()[0]
    page.goto(site + "/admin/")
    page.fill("#id_username", "sekretariat")
    page.fill("#id_password", password)
    page.fill("#id_otp_token", backup_code)
    page.click("input[type=submit]")
    expect(page.locator("#to-do-heading")).to_be_visible()
    return page


def shoot(page, name: str) -> None:
    SCREENSHOTS.mkdir(exist_ok=True)
    page.screenshot(path=SCREENSHOTS / f"admin-{name}-1280.png", full_page=True)


def choose(page, field: str, typed: str, option: str) -> None:
    """Pick `option` in the admin's autocomplete widget of `field` after typing `typed`."""
    page.click(f".field-{field} .select2-selection")
    page.keyboard.type(typed)
    page.click(f".select2-results__option >> text={option}")


def later_today() -> str:
    """A time later today (or now, a minute before midnight): the protocol's signing time."""
    now = timezone.localtime()
    later = now + datetime.timedelta(hours=1)
    moment = later if later.date() == now.date() else now
    return moment.strftime("%Y-%m-%d %H:%M")


def test_secretariat_enters_a_meeting_with_three_paragraphs_and_a_decision_and_adjusts_it(
    site, secretary_page
):
    page = secretary_page
    today = timezone.localdate()
    started = time.monotonic()

    page.goto(site + "/admin/meetings/meeting/add/")
    choose(page, "body", "Fredags", "Fredagsgruppen")
    page.fill("#id_date", today.isoformat())
    page.fill("#id_start_time", "09:00")
    page.fill("#id_end_time", "11:00")
    page.fill("#id_place", "Regionens hus")
    choose(page, "chair", "Lise", "Lise Hjemgaard Svensson")  # the chair, once
    choose(page, "adjusters", "Bengt", "Bengt Bergqvist")
    titles = ["Mötets öppnande", "Val av justerare", "Hemsjukvård i samverkan"]
    for index, title in enumerate(titles):
        page.click("#agenda_items-group .add-row a")
        page.fill(f"#id_agenda_items-{index}-position", str(index + 1))
        page.fill(f"#id_agenda_items-{index}-title", title)
    page.click("input[name=_continue]")
    expect(page.locator(".messagelist")).to_contain_text("Lade till möte")
    shoot(page, "meeting-change")

    page.click("#agenda_items-group tr:has-text('Hemsjukvård i samverkan') a.inlinechangelink")
    page.fill("#id_text", "Förvaltningen redogjorde för läget i hemsjukvården.")
    page.click("#proposal_points-group .add-row a")
    page.fill("#id_proposal_points-0-position", "1")
    page.fill("#id_proposal_points-0-text", "Informationen noteras.")
    # The paragraph's one row for the kind of decision is there from the start.
    page.select_option("#id_decision-0-kind", index=1)
    page.click("#decision_points-group .add-row a")
    page.fill("#id_decision_points-0-position", "1")
    page.fill("#id_decision_points-0-text", "Informationen noteras.")
    shoot(page, "paragraph-change")
    page.click("input[name=_save]")
    expect(page.locator(".messagelist")).to_contain_text("Ändrade paragraf")

    meeting = Meeting.objects.get(body__short_name="Fredagsgruppen", date=today)
    page.goto(site + f"/admin/meetings/meeting/{meeting.pk}/change/")
    page.click("button[value=hold]")
    expect(page.locator(".messagelist")).to_contain_text("genomfört")
    page.click(".object-tools >> text=Registrera justering")
    page.fill("#id_adjusted_at", later_today())
    page.click("input[type=submit]")
    expect(page.locator(".messagelist")).to_contain_text("3 paragrafer publicerades")

    elapsed = time.monotonic() - started
    log.warning("The secretariat entered and adjusted a meeting in %.1f s", elapsed)
    print(f"\nSecretariat: meeting with three paragraphs entered and adjusted in {elapsed:.1f} s")

    meeting.refresh_from_db()
    assert meeting.is_adjusted
    assert set(meeting.attendances.filter(role="chair").values_list("person__name", flat=True)) == {
        "Lise Hjemgaard Svensson"
    }
    assert meeting.agenda_items.filter(state=AgendaItem.State.ADJUSTED).count() == 3
    page.goto(site + meeting.get_absolute_url())
    for title in titles:
        expect(page.locator("main")).to_contain_text(title)
    expect(page.locator("main")).to_contain_text("Informationen noteras.")


def test_admin_start_page_has_no_wcag_21_aa_violations(site, secretary_page):
    shoot(secretary_page, "start-page")
    results = Axe().run(secretary_page, options=WCAG_21_AA)
    assert results.violations_count == 0, results.generate_report()


def test_meeting_lists_adjustment_column_is_not_clipped_at_1280_pixels(site, secretary_page):
    page = secretary_page
    page.goto(site + "/admin/meetings/meeting/")
    shoot(page, "meeting-list")
    cell = page.locator("#result_list td.field-adjustment_status").first
    assert cell.bounding_box()["width"] >= 200
    table_fits = "document.querySelector('#result_list').getBoundingClientRect().right"
    assert page.evaluate(table_fits) <= 1280


@pytest.mark.parametrize(
    ("name", "path"),
    [
        ("paragraph-list", "/admin/meetings/agendaitem/"),
        ("import", "/admin/meetings/meeting/importera/"),
        ("assignments", "/admin/decisions/assignment/"),
        ("login-attempts", "/admin/axes/accessattempt/"),
    ],
)
def test_admin_pages_are_photographed_at_1280_pixels(site, secretary_page, name, path):
    secretary_page.goto(site + path)
    shoot(secretary_page, name)
    assert secretary_page.evaluate("document.documentElement.scrollWidth") <= 1280


def test_import_preview_is_shown_as_a_preview(site, secretary_page):
    from tests.seeds import SEED_002

    page = secretary_page
    page.goto(site + "/admin/meetings/meeting/importera/")
    page.set_input_files("#id_file", str(SEED_002))
    page.select_option("#id_body", label="L-IFO")
    page.fill("#id_date", "2021-12-10")
    page.click("input[type=submit]")
    expect(page.locator("#import-preview-heading")).to_have_text(
        "Förhandsgranskning: inget är importerat ännu"
    )
    assert page.locator(".messagelist").count() == 0
    shoot(page, "import-preview")
