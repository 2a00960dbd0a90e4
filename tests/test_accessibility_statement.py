"""The accessibility statement the DOS law requires, and its form for reporting problems."""

import pytest
from django.urls import reverse

from meetings.models import AccessibilityReport
from tests import factories

pytestmark = pytest.mark.django_db

URL = "/tillganglighet/"


def test_statement_answers(client):
    assert client.get(URL).status_code == 200


def test_statement_has_the_accessibility_url_name():
    assert reverse("meetings:accessibility") == URL


def test_statement_says_whom_it_applies_to(client):
    content = client.get(URL).content.decode()
    assert "SVOM:s protokollportal" in content
    assert "Region Jämtland Härjedalen" in content


def test_statement_says_the_site_is_partly_compliant_with_wcag_21_aa(client):
    content = client.get(URL).content.decode()
    assert "WCAG 2.1 nivå AA" in content
    assert "delvis förenlig" in content


def test_statement_names_scanned_attachments_and_the_english_translation_as_gaps(client):
    content = client.get(URL).content.decode()
    assert "skannats från papper (PDF)" in content
    assert "engelska översättningen är inte komplett" in content


def test_statement_names_the_supervisory_authority_with_its_address(client):
    content = client.get(URL).content.decode()
    assert "Myndigheten för digital förvaltning" in content
    assert 'href="https://www.digg.se/"' in content


def test_statement_tells_how_to_report_problems(client):
    content = client.get(URL).content.decode()
    assert "kontakta sekretariatet" in content
    assert 'method="post"' in content


def test_statement_gives_the_date_it_was_made_and_how(client):
    content = client.get(URL).content.decode()
    assert "Redogörelsen upprättades den 26 november 2026." in content
    assert "självskattning" in content
    assert "Redogörelsen granskades senast den" in content


def test_report_is_stored(client):
    client.post(
        URL,
        {
            "page_url": "/moten/",
            "description": "Filtret går inte att använda med skärmläsare.",
            "contact": "anna@example.org",
        },
    )
    report = AccessibilityReport.objects.get()
    assert report.description == "Filtret går inte att använda med skärmläsare."
    assert report.page_url == "/moten/"
    assert report.contact == "anna@example.org"
    assert not report.handled


def test_report_with_only_a_description_is_stored(client):
    client.post(URL, {"description": "Texten är för liten."})
    assert AccessibilityReport.objects.filter(description="Texten är för liten.").exists()


def test_sending_a_report_confirms_it(client):
    response = client.post(URL, {"description": "Texten är för liten."}, follow=True)
    assert response.redirect_chain == [(URL, 302)]
    assert "Tack! Vi har tagit emot din rapport." in response.content.decode()


def test_report_without_description_is_not_stored(client):
    client.post(URL, {"page_url": "/avtal/", "description": ""})
    assert not AccessibilityReport.objects.exists()


def test_report_without_description_shows_a_swedish_error_and_keeps_the_typed_text(client):
    response = client.post(URL, {"page_url": "/avtal/", "contact": "070-123 45 67"})
    content = response.content.decode()
    assert response.status_code == 200
    assert "Detta fält måste fyllas i." in content
    assert 'value="/avtal/"' in content
    assert 'value="070-123 45 67"' in content


def test_report_longer_than_5000_characters_is_refused(client):
    response = client.post(URL, {"description": "x" * 5001})
    assert response.status_code == 200
    assert not AccessibilityReport.objects.exists()


def test_every_form_field_has_a_label(client):
    content = client.get(URL).content.decode()
    for name in ["page_url", "description", "contact"]:
        assert f'<label for="id_{name}"' in content


def test_secretariat_finds_unhandled_reports_in_the_admin(client, admin_login, secretary):
    factories.AccessibilityReportFactory(description="Kontrasten är för låg.")
    factories.AccessibilityReportFactory(description="Redan åtgärdat.", handled=True)
    admin_login(secretary)
    content = client.get(
        reverse("admin:meetings_accessibilityreport_changelist"), {"handled__exact": "0"}
    ).content.decode()
    assert "Kontrasten är för låg." in content
    assert "Redan åtgärdat." not in content


def test_statement_query_count_does_not_grow_with_the_reports(
    client, django_assert_max_num_queries
):
    """The statement never lists the reports it has received, so the page stays free of
    queries for an anonymous visitor however many reports pile up."""
    for _ in range(5):
        factories.AccessibilityReportFactory()
    with django_assert_max_num_queries(0):
        assert client.get(URL).status_code == 200


def test_sending_a_report_costs_one_query(client, django_assert_max_num_queries):
    """Storing a report is a single INSERT; nothing else is read or written."""
    factories.AccessibilityReportFactory()
    with django_assert_max_num_queries(1):
        assert client.post(URL, {"description": "Länken saknar text."}).status_code == 302


def send(client, address: str, text: str = "Knappen går inte att nå med tangentbordet."):
    return client.post(URL, {"description": text}, REMOTE_ADDR=address)


def test_reports_from_one_address_are_limited_to_five_an_hour(client):
    for _ in range(5):
        assert send(client, "203.0.113.7").status_code == 302
    response = send(client, "203.0.113.7", "Den sjätte rapporten.")
    assert response.status_code == 429
    assert AccessibilityReport.objects.count() == 5
    assert "Många rapporter har skickats från din adress" in response.content.decode()
    assert "Den sjätte rapporten." in response.content.decode()  # nothing typed is lost


def test_limited_address_does_not_stop_others_from_reporting(client):
    for _ in range(6):
        send(client, "203.0.113.7")
    assert send(client, "198.51.100.20").status_code == 302
    assert AccessibilityReport.objects.count() == 6


def test_statement_gives_the_secretariats_email_to_contact(client, settings):
    settings.SECRETARIAT_EMAIL = "svom@regionjh.se"
    page = client.get(reverse("meetings:accessibility")).content.decode()
    assert 'href="mailto:svom@regionjh.se"' in page
