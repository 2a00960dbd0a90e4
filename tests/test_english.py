"""The English version of the portal under /en/, and the translation files behind it."""

import ast
import gettext
import re
from pathlib import Path

import pytest
from django.conf import settings

from tests import factories

pytestmark = pytest.mark.django_db

MESSAGES = Path(settings.BASE_DIR) / "locale" / "en" / "LC_MESSAGES"
PO_FILE = MESSAGES / "django.po"
MO_FILE = MESSAGES / "django.mo"


def text_of(response) -> str:
    return response.content.decode()


def po_entries() -> list[dict]:
    """The entries of django.po: comments, msgid, msgid_plural and msgstr / msgstr[n]."""
    entries = []
    for block in PO_FILE.read_text(encoding="utf-8").split("\n\n"):
        entry, key = {"comments": []}, None
        for line in block.strip().splitlines():
            if line.startswith("#"):
                entry["comments"].append(line)
            elif match := re.match(
                r"^(msgctxt|msgid|msgid_plural|msgstr(?:\[\d+\])?) (\".*\")$", line
            ):
                key = match.group(1)
                entry[key] = ast.literal_eval(match.group(2))
            elif line.startswith('"') and key:
                entry[key] += ast.literal_eval(line)
        if entry.get("msgid"):  # the header has an empty msgid
            entries.append(entry)
    return entries


def test_english_home_page_is_marked_as_english(client, demo):
    assert '<html lang="en">' in text_of(client.get("/en/"))


def test_english_home_page_has_english_main_navigation(client, demo):
    page = text_of(client.get("/en/"))
    for label in ["Home", "Meetings and minutes", "Decisions", "Agreements"]:
        assert f">{label}</a>" in page


def test_english_home_page_has_english_headings(client, demo):
    page = text_of(client.get("/en/"))
    assert "<h1>SVOM minutes</h1>" in page
    assert "Upcoming meetings</h2>" in page
    assert "Latest decisions</h2>" in page


def test_english_meeting_list_has_english_filter_labels(client, demo):
    page = text_of(client.get("/en/moten/"))
    for label in ["Body", "Year", "From date (inclusive)", "Topic", "Free text", "Sort order"]:
        assert f">{label}:</label>" in page


def test_english_meeting_list_has_english_filter_choices(client, demo):
    page = text_of(client.get("/en/moten/"))
    assert "Oldest first" in page
    assert "Newest first" in page


def test_english_agreement_page_shows_the_state_in_english(client, demo):
    page = text_of(client.get("/en/avtal/hemsjukvardsavtalet/"))
    assert re.search(r'<span class="badge[^"]*">(Superseded|Expired)</span>', page)


def test_english_agreement_page_shows_the_date_in_english(client, demo):
    assert "31 December 2022" in text_of(client.get("/en/avtal/hemsjukvardsavtalet/"))


def test_swedish_home_page_stays_swedish(client, demo):
    page = text_of(client.get("/"))
    assert '<html lang="sv">' in page
    assert ">Möten och protokoll</a>" in page
    assert "Meetings and minutes" not in page


def test_po_file_has_no_untranslated_entry():
    untranslated = [
        entry["msgid"]
        for entry in po_entries()
        if not all(value for key, value in entry.items() if key.startswith("msgstr"))
    ]
    assert untranslated == []


def test_po_file_has_no_fuzzy_entry():
    assert "#, fuzzy" not in PO_FILE.read_text(encoding="utf-8")


def test_po_file_keeps_the_placeholders_of_every_entry():
    placeholder = re.compile(r"%\(\w+\)[sd]")
    changed = [
        entry["msgid"]
        for entry in po_entries()
        for key, value in entry.items()
        if key.startswith("msgstr")
        and sorted(placeholder.findall(value)) != sorted(placeholder.findall(entry["msgid"]))
    ]
    assert changed == []


def test_compiled_mo_file_matches_the_po_file():
    with MO_FILE.open("rb") as handle:
        compiled = gettext.GNUTranslations(handle)
    stale = []
    for entry in po_entries():
        if "msgid_plural" in entry:
            if (
                compiled.ngettext(entry["msgid"], entry["msgid_plural"], 1) != entry["msgstr[0]"]
                or compiled.ngettext(entry["msgid"], entry["msgid_plural"], 2) != entry["msgstr[1]"]
            ):
                stale.append(entry["msgid"])
        elif "msgctxt" in entry:
            if compiled.pgettext(entry["msgctxt"], entry["msgid"]) != entry["msgstr"]:
                stale.append(entry["msgid"])
        elif compiled.gettext(entry["msgid"]) != entry["msgstr"]:
            stale.append(entry["msgid"])
    assert stale == []


def test_english_decision_kind_is_singular_where_the_menu_is_plural(client):
    item = factories.AgendaItemFactory()
    factories.DecisionPointFactory(agenda_item=item)
    factories.DecisionFactory(agenda_item=item, kind="decision")
    page = client.get("/en" + item.get_absolute_url()).content.decode()
    assert '<span class="badge badge--info">Decision</span>' in page
    assert ">Decisions</a>" in page


def test_english_paragraph_page_marks_the_swedish_minutes_as_swedish(client):
    item = factories.AgendaItemFactory(title="Budget", text="Budgeten antas.")
    factories.DecisionPointFactory(agenda_item=item, text="SVOM antar budgeten.")
    page = client.get("/en" + item.get_absolute_url()).content.decode()
    assert '<div class="paragraph__text" lang="sv">Budgeten antas.</div>' in page
    assert '<ol class="numbered" lang="sv">' in page
