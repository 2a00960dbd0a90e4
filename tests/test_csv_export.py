"""The decision register, the balanslista and the agreements list download as CSV for
Swedish Excel: UTF-8 with a byte order mark, semicolons, Swedish headers, ISO dates, the
page's own filters and visibility, and an absolute address for every row."""

import csv
import datetime
import io

import pytest

from decisions.models import Assignment, Decision
from tests import factories
from tests.test_leaks import MARKERS, hidden_paragraphs  # noqa: F401

pytestmark = pytest.mark.django_db

EXPORTS = ["/beslut/export.csv", "/beslut/balanslista/export.csv", "/avtal/export.csv"]


def download(client, url: str, **query) -> bytes:
    response = client.get(url, query)
    assert response.status_code == 200
    return b"".join(response.streaming_content)


def rows(client, url: str, **query) -> list[dict[str, str]]:
    text = download(client, url, **query).decode("utf-8-sig")
    return list(csv.DictReader(io.StringIO(text), delimiter=";"))


@pytest.mark.parametrize("url", EXPORTS)
def test_export_is_csv_in_utf8(client, demo, url):
    assert client.get(url)["Content-Type"] == "text/csv; charset=utf-8"


@pytest.mark.parametrize(
    ("url", "filename"),
    [
        ("/beslut/export.csv", "beslut.csv"),
        ("/beslut/balanslista/export.csv", "balanslista.csv"),
        ("/avtal/export.csv", "avtal.csv"),
    ],
)
def test_export_is_downloaded_under_its_name(client, demo, url, filename):
    assert client.get(url)["Content-Disposition"] == f'attachment; filename="{filename}"'


@pytest.mark.parametrize("url", EXPORTS)
def test_export_starts_with_a_byte_order_mark_for_excel(client, demo, url):
    assert download(client, url).startswith("\ufeff".encode())


@pytest.mark.parametrize(
    ("url", "header"),
    [
        (
            "/beslut/export.csv",
            "Datum;Organ;Paragraf;Rubrik;Typ av beslut;Beslut;Status;Adress",
        ),
        (
            "/beslut/balanslista/export.csv",
            "Uppdrag;Ansvarig person;Ansvarig organisation;Klart senast;Status;Försenat;"
            "Beslut;Rubrik;Adress",
        ),
        (
            "/avtal/export.csv",
            "Kortnamn;Fullständig titel;Parter;Undertecknat;Gäller från;Gäller till och med;"
            "Status;Ersätts av;Adress",
        ),
    ],
)
def test_export_has_a_swedish_header_row_separated_by_semicolons(client, demo, url, header):
    first_line = download(client, url).decode("utf-8-sig").splitlines()[0]
    assert first_line == header


def test_decision_export_has_one_row_per_public_decision(client, demo):
    assert len(rows(client, "/beslut/export.csv")) == Decision.objects.visible_to(None).count()


def test_decision_export_gives_dates_in_iso_format(client, demo):
    decision = Decision.objects.visible_to(None).order_by("pk").first()
    cited = [
        row
        for row in rows(client, "/beslut/export.csv")
        if row["Paragraf"] == str(decision.agenda_item.citation)
    ]
    assert cited[0]["Datum"] == decision.agenda_item.meeting.date.isoformat()


def test_decision_export_links_each_row_to_its_paragraph_by_absolute_address(client, demo):
    decision = Decision.objects.visible_to(None).order_by("pk").first()
    addresses = [row["Adress"] for row in rows(client, "/beslut/export.csv")]
    assert f"http://testserver{decision.agenda_item.get_absolute_url()}" in addresses


def test_decision_export_applies_the_register_filters(client, demo):
    factories.DecisionFactory(agenda_item__meeting__date=datetime.date(2019, 3, 1))
    exported = rows(client, "/beslut/export.csv", year=2019)
    assert [row["Datum"] for row in exported] == ["2019-03-01"]


def test_decision_export_applies_the_free_text_filter(client, demo):
    factories.DecisionFactory(agenda_item__title="Ett ovanligt ämne: tandvårdsstöd")
    exported = rows(client, "/beslut/export.csv", q="tandvårdsstöd")
    assert [row["Rubrik"] for row in exported] == ["Ett ovanligt ämne: tandvårdsstöd"]


def test_decision_export_with_an_invalid_filter_has_only_the_header(client, demo):
    assert rows(client, "/beslut/export.csv", year="tusen") == []


def test_decision_export_is_not_paginated(client, demo):
    factories.DecisionFactory.create_batch(25)
    assert len(rows(client, "/beslut/export.csv")) == Decision.objects.visible_to(None).count()


def test_decision_export_lists_the_decision_points(client, demo):
    item = factories.AgendaItemFactory(title="Punkter")
    factories.DecisionFactory(agenda_item=item)
    factories.DecisionPointFactory(agenda_item=item, position=1, text="Första.")
    factories.DecisionPointFactory(agenda_item=item, position=2, text="Andra.")
    (row,) = rows(client, "/beslut/export.csv", q="Punkter")
    assert row["Beslut"] == "1. Första. 2. Andra."


def test_assignment_export_has_one_row_per_open_public_assignment(client, demo):
    factories.AssignmentFactory(description="Klart uppdrag", status="done", completed_on="2030-1-1")
    expected = Assignment.objects.open().visible_to(None).count()
    exported = rows(client, "/beslut/balanslista/export.csv")
    assert len(exported) == expected
    assert "Klart uppdrag" not in [row["Uppdrag"] for row in exported]


def test_assignment_export_gives_the_due_date_in_iso_format_and_overdue(client, demo):
    factories.AssignmentFactory(description="Sent", due_date=datetime.date(2000, 1, 1))
    (row,) = [r for r in rows(client, "/beslut/balanslista/export.csv") if r["Uppdrag"] == "Sent"]
    assert row["Klart senast"] == "2000-01-01"
    assert row["Försenat"] == "Ja"


def test_agreement_export_has_one_row_per_agreement_with_its_address(client, demo):
    agreement = factories.AgreementFactory(short_name="Testavtalet", slug="testavtalet")
    (row,) = [r for r in rows(client, "/avtal/export.csv") if r["Kortnamn"] == "Testavtalet"]
    assert row["Gäller från"] == "2018-01-01"
    assert row["Gäller till och med"] == "2021-12-31"
    assert row["Adress"] == f"http://testserver{agreement.get_absolute_url()}"


@pytest.mark.parametrize("url", EXPORTS)
@pytest.mark.usefixtures("hidden_paragraphs")
def test_export_shows_nothing_of_a_hidden_paragraph(client, url):
    body = download(client, url).decode("utf-8-sig")
    assert [marker for marker in MARKERS if marker in body] == []


@pytest.mark.usefixtures("hidden_paragraphs")
def test_member_export_holds_the_drafts_the_member_may_read(client, member):
    client.force_login(member)
    body = download(client, "/beslut/export.csv").decode("utf-8-sig")
    assert "Rubrik DRAFTMARKER7c1f" in body


def test_a_cell_that_would_be_a_formula_is_defused(client, demo):
    factories.DecisionFactory(agenda_item__title='=HYPERLINK("http://example.com")')
    (row,) = rows(client, "/beslut/export.csv", q="HYPERLINK")
    assert row["Rubrik"] == '\'=HYPERLINK("http://example.com")'


@pytest.mark.parametrize(
    ("page", "export"),
    [
        ("/beslut/?year=2021&kind=decision", "/beslut/export.csv?year=2021&amp;kind=decision"),
        ("/beslut/balanslista/", "/beslut/balanslista/export.csv"),
        ("/avtal/", "/avtal/export.csv"),
    ],
)
def test_list_page_links_its_csv_with_the_current_filters(client, demo, page, export):
    html = client.get(page).content.decode()
    assert f'<a href="{export}">Ladda ner som CSV</a>' in html


def test_csv_link_leaves_out_the_page_number(client, demo):
    factories.DecisionFactory.create_batch(25)
    html = client.get("/beslut/?page=2&kind=decision").content.decode()
    assert '<a href="/beslut/export.csv?kind=decision">Ladda ner som CSV</a>' in html
