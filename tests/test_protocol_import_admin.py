"""The secretariat imports a protocol in the admin: upload, preview, then confirm or cancel."""

import datetime
import io
import os
import time
from pathlib import Path

import docx
import pytest
from django.contrib.auth.models import Group
from django.contrib.sessions.models import Session
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from meetings.models import AgendaItem, Meeting, Person
from tests import factories
from tests.seeds import SEED_002

pytestmark = pytest.mark.django_db

IMPORT_URL = reverse("admin:meetings_meeting_import")


@pytest.fixture
def secretary_client(client, admin_login, secretary):
    admin_login(secretary)
    return client


def upload(client, body, name=SEED_002.name, data=None, date="2021-12-03", **options):
    """Post the upload form; returns the response (a redirect to the preview when valid)."""
    content = SEED_002.read_bytes() if data is None else data
    return client.post(
        IMPORT_URL,
        {"file": SimpleUploadedFile(name, content), "body": body.pk, "date": date, **options},
    )


def uploaded_preview_url(client, body, **options) -> str:
    response = upload(client, body, **options)
    assert response.status_code == 302
    return response.url


def pending_files() -> list[str]:
    """The uploads waiting in file storage for a confirmation."""
    if not default_storage.exists("imports/pending"):
        return []
    return default_storage.listdir("imports/pending")[1]


def test_meeting_list_offers_the_import_to_the_secretariat(secretary_client):
    response = secretary_client.get(reverse("admin:meetings_meeting_changelist"))

    assert f'href="{IMPORT_URL}"' in response.content.decode()


def test_member_sees_no_import_and_may_not_open_it(client, admin_login, member, svom):
    admin_login(member)

    changelist = client.get(reverse("admin:meetings_meeting_changelist"))

    assert IMPORT_URL not in changelist.content.decode()
    assert client.get(IMPORT_URL).status_code == 403
    assert upload(client, svom).status_code == 403


def test_upload_page_asks_for_file_body_date_and_state(secretary_client, svom):
    page = secretary_client.get(IMPORT_URL).content.decode()

    for field in ("file", "body", "date", "adjusted", "replace"):
        assert f'name="{field}"' in page


def test_preview_shows_paragraphs_presenters_new_people_and_warnings(secretary_client, svom):
    preview = secretary_client.get(uploaded_preview_url(secretary_client, svom))

    page = preview.content.decode()
    assert "16 paragrafer i filen" in page
    assert "§ 46 Val av justerare" in page
    assert "Veronica Molander, Maria Höög" in page
    assert "Bengt Bergqvist: att en sådan utredning ska genomföras" in page
    assert "<li>Stefan Szücs</li>" in page
    assert "rad 64: Punkt 9 nämner bilagor utan att namnge dem" in page
    assert "rubriken behöver granskas" in page


def test_upload_and_preview_write_nothing(secretary_client, svom):
    secretary_client.get(uploaded_preview_url(secretary_client, svom))

    assert Meeting.objects.exists() is False
    assert Person.objects.exists() is False


def test_confirm_after_the_preview_imports_the_meeting_and_opens_it(secretary_client, svom):
    url = uploaded_preview_url(secretary_client, svom)
    secretary_client.get(url)

    response = secretary_client.post(url, {"confirm": "1"})

    meeting = Meeting.objects.get(body=svom, date="2021-12-03")
    assert response.url == reverse("admin:meetings_meeting_change", args=[meeting.pk])
    assert meeting.agenda_items.count() == 16


def test_confirm_parses_the_stored_file_and_ignores_what_the_browser_sends(secretary_client, svom):
    url = uploaded_preview_url(secretary_client, svom)

    secretary_client.post(url, {"confirm": "1", "date": "1999-01-01", "title": "Förfalskad"})

    assert list(Meeting.objects.values_list("date", flat=True)) == [datetime.date(2021, 12, 3)]
    assert not AgendaItem.objects.filter(title="Förfalskad").exists()


def test_a_confirmed_upload_cannot_be_imported_twice(secretary_client, svom):
    url = uploaded_preview_url(secretary_client, svom)
    secretary_client.post(url, {"confirm": "1"})

    again = secretary_client.post(url, {"confirm": "1"}, follow=True)

    assert "Importen finns inte längre" in again.content.decode()
    assert AgendaItem.objects.count() == 16


def test_cancel_discards_the_upload_and_writes_nothing(secretary_client, svom):
    url = uploaded_preview_url(secretary_client, svom)

    response = secretary_client.post(url, {"cancel": "1"}, follow=True)

    assert "Importen avbröts; inget sparades." in response.content.decode()
    assert Meeting.objects.exists() is False
    assert secretary_client.get(url).url == IMPORT_URL


def test_bad_file_is_refused_on_the_form_in_swedish(secretary_client, svom):
    response = upload(secretary_client, svom, name="ansi.txt", data="Mötet öppnas".encode("cp1252"))

    assert response.status_code == 200
    assert "ser ut att vara Windows-1252" in response.content.decode()


def test_existing_meeting_is_reported_and_offers_no_import(secretary_client, svom):
    factories.MeetingFactory(body=svom, date=datetime.date(2021, 12, 3))

    page = secretary_client.get(uploaded_preview_url(secretary_client, svom)).content.decode()

    assert "Mötet SVOM 2021-12-03 finns redan; inget ändras." in page
    assert 'name="confirm"' not in page


def test_word_document_is_previewed(secretary_client, svom):
    document = docx.Document()
    document.add_heading("§ 12 Budget 2022", level=2)
    document.add_paragraph("Anna Berg föredrar budgeten.")
    document.add_heading("Beslut", level=3)
    document.add_paragraph("SVOM fastställer budgeten.", style="List Number")
    buffer = io.BytesIO()
    document.save(buffer)

    url = uploaded_preview_url(
        secretary_client, svom, name="budget.docx", data=buffer.getvalue(), date="2022-02-04"
    )

    page = secretary_client.get(url).content.decode()
    assert "§ 12 Budget 2022" in page
    assert "<li>SVOM fastställer budgeten.</li>" in page
    assert "<li>Anna Berg</li>" in page


def test_adjusted_import_is_on_the_public_portal(secretary_client, client, svom):
    url = uploaded_preview_url(secretary_client, svom, adjusted="on")
    secretary_client.post(url, {"confirm": "1"})
    secretary_client.logout()

    meeting = Meeting.objects.get()
    page = client.get(meeting.get_absolute_url())

    assert page.status_code == 200
    assert "Veronica Molander och Maria Höög går igenom status i projektet" in page.content.decode()


def test_the_session_holds_a_token_not_the_file(secretary_client, svom):
    """The session row is saved on every request; a 3 MB upload must not travel with it."""
    uploaded_preview_url(secretary_client, svom, data=SEED_002.read_bytes() + b" " * 3_000_000)

    session = Session.objects.get(session_key=secretary_client.session.session_key)
    assert len(session.session_data) < 2_000
    assert len(pending_files()) == 1


def test_confirm_deletes_the_waiting_file(secretary_client, svom):
    url = uploaded_preview_url(secretary_client, svom)

    secretary_client.post(url, {"confirm": "1"})

    assert Meeting.objects.exists()
    assert pending_files() == []


def test_cancel_deletes_the_waiting_file(secretary_client, svom):
    url = uploaded_preview_url(secretary_client, svom)

    secretary_client.post(url, {"cancel": "1"})

    assert pending_files() == []


def test_unknown_token_is_refused_with_a_message(secretary_client, svom):
    url = reverse("admin:meetings_meeting_import_preview", args=["okand-token"])

    response = secretary_client.post(url, {"confirm": "1"}, follow=True)

    assert response.redirect_chain[-1][0] == IMPORT_URL
    assert "Importen finns inte längre" in response.content.decode()
    assert Meeting.objects.exists() is False


def test_another_users_token_opens_nothing(client, admin_login, secretary, svom):
    admin_login(secretary)
    url = uploaded_preview_url(client, svom)
    colleague = factories.UserFactory(username="kollega", is_staff=True)
    colleague.groups.add(Group.objects.get(name="Sekretariat"))
    admin_login(colleague)

    response = client.post(url, {"confirm": "1"}, follow=True)

    assert "Importen finns inte längre" in response.content.decode()
    assert Meeting.objects.exists() is False
    assert len(pending_files()) == 1


def test_a_new_upload_deletes_files_abandoned_for_a_day(secretary_client, svom):
    abandoned_url = uploaded_preview_url(secretary_client, svom)
    [abandoned] = pending_files()
    two_days_ago = time.time() - 2 * 24 * 3600
    os.utime(default_storage.path(f"imports/pending/{abandoned}"), (two_days_ago, two_days_ago))

    uploaded_preview_url(secretary_client, svom)

    assert abandoned not in pending_files()
    assert len(pending_files()) == 1
    assert secretary_client.get(abandoned_url).url == IMPORT_URL


def test_only_the_latest_three_uploads_wait(secretary_client, svom):
    first_url = uploaded_preview_url(secretary_client, svom)
    for _ in range(3):
        uploaded_preview_url(secretary_client, svom)

    assert len(pending_files()) == 3
    assert secretary_client.get(first_url).url == IMPORT_URL


ROLL_CALL = (
    Path(__file__).parent
    / "protocols"
    / "corpus"
    / "municipal_executive_board_with_roll_call_vote_table.txt"
)


def test_the_date_may_be_left_out_when_the_protocol_gives_it(secretary_client, svom):
    url = uploaded_preview_url(
        secretary_client, svom, name=ROLL_CALL.name, data=ROLL_CALL.read_bytes(), date=""
    )

    secretary_client.post(url, {"confirm": "1"})

    assert Meeting.objects.get(body=svom).date == datetime.date(2020, 2, 11)


def test_a_date_that_contradicts_the_protocol_is_a_form_error(secretary_client, svom):
    response = upload(
        secretary_client, svom, name=ROLL_CALL.name, data=ROLL_CALL.read_bytes(), date="2020-02-12"
    )

    assert response.status_code == 200
    assert "Protokollet anger datumet 2020-02-11" in response.content.decode()
    assert pending_files() == []


def test_without_a_date_in_the_form_or_the_text_the_form_asks_for_it(secretary_client, svom):
    response = upload(secretary_client, svom, date="")

    assert response.status_code == 200
    assert "Protokollet anger inget datum som kunde läsas" in response.content.decode()


def test_the_preview_shows_case_numbers_votes_reservations_and_adjusters(secretary_client, svom):
    url = uploaded_preview_url(
        secretary_client, svom, name=ROLL_CALL.name, data=ROLL_CALL.read_bytes(), date=""
    )

    page = secretary_client.get(url).content.decode()

    assert "Dnr KS 2019/311" in page
    assert "6 ja, 4 nej, 1 avstår (ja-förslaget vann)" in page
    assert "Annika Rask, Elin Stark" in page
    assert "Anders Lilja, Maria Öst" in page


def test_preview_of_an_unadjusted_import_says_nothing_is_published(secretary_client, svom):
    text = (
        "Protokoll SVOM 2021-12-03\n\n§ 1 Budget\n\nBeslut\nSVOM antar budgeten.\n\n"
        "Paragrafen justerades omedelbart.\n"
    ).encode()
    page = secretary_client.get(
        uploaded_preview_url(secretary_client, svom, data=text, name="utkast.txt")
    ).content.decode()
    assert "inget publiceras" in page
    assert "utom paragrafer som texten säger är justerade" not in page
