"""One rule decides who sees what: visible_to(user) on paragraphs, attachments, meetings."""

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse

from decisions.models import Decision
from meetings.models import AgendaItem, Attachment, Meeting
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def held_meeting():
    """A held meeting with one adjusted, one draft and one confidential adjusted paragraph."""
    meeting = factories.MeetingFactory(status=Meeting.Status.HELD)
    factories.AgendaItemFactory(meeting=meeting, position=1, title="Justerad punkt")
    factories.AgendaItemFactory(meeting=meeting, position=2, title="Utkast", draft=True)
    factories.AgendaItemFactory(meeting=meeting, position=3, title="Hemlig", confidential=True)
    return meeting


def titles(queryset) -> set[str]:
    return set(queryset.values_list("title", flat=True))


def test_public_reads_only_adjusted_paragraphs_that_are_not_confidential(held_meeting, anonymous):
    assert titles(AgendaItem.objects.visible_to(anonymous)) == {"Justerad punkt"}


def test_member_reads_drafts_and_confidential_paragraphs(held_meeting, member):
    assert titles(AgendaItem.objects.visible_to(member)) == {"Justerad punkt", "Utkast", "Hemlig"}


def test_secretariat_reads_drafts_and_confidential_paragraphs(held_meeting, secretary):
    assert titles(AgendaItem.objects.visible_to(secretary)) == {
        "Justerad punkt",
        "Utkast",
        "Hemlig",
    }


def test_logged_in_user_outside_both_groups_is_treated_as_public(held_meeting, outsider):
    assert titles(AgendaItem.objects.visible_to(outsider)) == {"Justerad punkt"}


def test_deactivated_member_is_treated_as_public(held_meeting, member):
    member.is_active = False
    member.save()
    assert titles(AgendaItem.objects.visible_to(member)) == {"Justerad punkt"}


def test_public_agenda_shows_titles_of_draft_paragraphs_once_the_agenda_is_out(
    held_meeting, anonymous
):
    assert titles(AgendaItem.objects.on_agenda_for(anonymous)) == {"Justerad punkt", "Utkast"}


def test_public_agenda_of_a_planned_meeting_without_published_agenda_is_empty(anonymous):
    factories.AgendaItemFactory(meeting__status=Meeting.Status.PLANNED, draft=True)
    assert not AgendaItem.objects.on_agenda_for(anonymous).exists()


def test_meetings_carry_only_the_paragraphs_the_public_may_see(held_meeting, anonymous):
    meeting = Meeting.objects.visible_to(anonymous).get(pk=held_meeting.pk)
    assert [item.title for item in meeting.agenda_items.all()] == ["Justerad punkt", "Utkast"]


def test_meetings_carry_every_paragraph_for_a_member(held_meeting, member):
    meeting = Meeting.objects.visible_to(member).get(pk=held_meeting.pk)
    assert [item.title for item in meeting.agenda_items.all()] == [
        "Justerad punkt",
        "Utkast",
        "Hemlig",
    ]


def test_planned_meeting_date_is_public(anonymous):
    planned = factories.MeetingFactory(status=Meeting.Status.PLANNED)
    assert Meeting.objects.visible_to(anonymous).filter(pk=planned.pk).exists()


def test_decisions_follow_their_paragraph(anonymous):
    public = factories.DecisionFactory()
    factories.DecisionFactory(agenda_item__draft=True)
    assert list(Decision.objects.visible_to(anonymous)) == [public]


def test_public_sees_public_documents_of_a_published_agenda(held_meeting, anonymous):
    draft = held_meeting.agenda_items.get(title="Utkast")
    document = factories.AttachmentFactory(agenda_item=draft, title="Handling")
    factories.AttachmentFactory(agenda_item=draft, title="Sekretessbelagd", is_public=False)
    confidential = held_meeting.agenda_items.get(title="Hemlig")
    factories.AttachmentFactory(agenda_item=confidential, title="Bilaga till hemlig punkt")
    assert list(Attachment.objects.visible_to(anonymous)) == [document]


def test_member_sees_every_attachment(held_meeting, member):
    for item in held_meeting.agenda_items.all():
        factories.AttachmentFactory(agenda_item=item, is_public=False)
    assert Attachment.objects.visible_to(member).count() == 3


@pytest.fixture
def confidential_attachment():
    attachment = factories.AttachmentFactory(
        agenda_item__confidential=True, file=ContentFile(b"%PDF-1.4 hemligt", name="hemlig.pdf")
    )
    return attachment


@pytest.fixture
def public_attachment():
    attachment = factories.AttachmentFactory(
        file=ContentFile(b"%PDF-1.4 offentligt", name="remissvar.pdf")
    )
    return attachment


def test_guessed_url_of_a_confidential_attachment_answers_404(client, confidential_attachment):
    response = client.get(reverse("meetings:attachment", args=[confidential_attachment.pk]))
    assert response.status_code == 404


def test_member_downloads_a_confidential_attachment_privately(
    client, member, confidential_attachment
):
    client.force_login(member)
    response = client.get(reverse("meetings:attachment", args=[confidential_attachment.pk]))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"%PDF-1.4 hemligt"
    assert "no-store" in response["Cache-Control"]


def test_public_downloads_a_public_attachment(client, public_attachment):
    response = client.get(reverse("meetings:attachment", args=[public_attachment.pk]))
    assert response.status_code == 200
    assert 'filename="remissvar.pdf"' in response["Content-Disposition"]


def test_attachment_without_a_file_answers_404(client):
    placeholder = factories.AttachmentFactory()
    response = client.get(reverse("meetings:attachment", args=[placeholder.pk]))
    assert response.status_code == 404


def test_upload_folder_lies_outside_every_static_folder(settings):
    uploads = settings.PRIVATE_MEDIA_ROOT.resolve()
    static_folders = [settings.STATIC_ROOT, *settings.STATICFILES_DIRS]
    assert not any(uploads.is_relative_to(folder.resolve()) for folder in static_folders)


def test_file_path_of_an_attachment_is_not_served_directly(client, public_attachment):
    assert client.get("/" + public_attachment.file.name).status_code == 404
