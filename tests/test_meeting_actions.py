"""A meeting's status moves only by its actions, and its adjusted protocol stays as it is."""

import datetime

import pytest
from django.contrib.admin.models import LogEntry
from django.core.exceptions import ValidationError
from django.db import transaction

from meetings import services
from meetings.models import Attendance, Meeting, RecordLocked
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "status", [Meeting.Status.PLANNED, Meeting.Status.AGENDA_PUBLISHED, Meeting.Status.HELD]
)
def test_status_set_by_hand_is_refused(status):
    meeting = factories.MeetingFactory(status=Meeting.Status.CANCELLED)
    meeting.status = status
    with pytest.raises(RecordLocked):
        meeting.save()


def test_status_bulk_update_is_refused():
    factories.MeetingFactory()
    with pytest.raises(RecordLocked):
        Meeting.objects.update(status=Meeting.Status.PLANNED)


def test_meeting_moves_from_planned_to_adjusted_only_through_its_actions(secretary):
    meeting = factories.MeetingFactory(
        status=Meeting.Status.PLANNED, date=datetime.date(2021, 3, 5), chair=None
    )
    meeting.chair = factories.PersonFactory()
    meeting.save()
    meeting.adjusters.add(factories.PersonFactory())
    factories.AgendaItemFactory(meeting=meeting, draft=True)
    services.publish_agenda(meeting, secretary)
    services.hold_meeting(meeting, secretary)
    services.adjust_protocol(meeting, secretary)
    meeting.refresh_from_db()
    assert meeting.status == Meeting.Status.ADJUSTED


def test_adjusted_meeting_cannot_be_cancelled_or_held_again(secretary):
    meeting = factories.MeetingFactory(status=Meeting.Status.HELD, date=datetime.date(2021, 3, 5))
    meeting.adjusters.add(factories.PersonFactory())
    meeting.chair = factories.PersonFactory()
    meeting.save()
    services.adjust_protocol(meeting, secretary)
    for action in (services.cancel_meeting, services.hold_meeting, services.publish_agenda):
        with pytest.raises(ValidationError):
            action(meeting, secretary)


def test_meeting_in_the_future_cannot_be_marked_as_held(secretary):
    meeting = factories.MeetingFactory(
        status=Meeting.Status.PLANNED, date=datetime.date.today() + datetime.timedelta(days=3)
    )
    with pytest.raises(ValidationError):
        services.hold_meeting(meeting, secretary)


def test_actions_are_logged(secretary):
    meeting = factories.MeetingFactory(status=Meeting.Status.PLANNED)
    services.cancel_meeting(meeting, secretary)
    assert LogEntry.objects.get().change_message == "Mötet inställt."


# --- The adjusted protocol's meeting ------------------------------------------------------


@pytest.fixture
def adjusted_meeting(secretary):
    meeting = factories.MeetingFactory(
        status=Meeting.Status.HELD,
        date=datetime.date(2021, 3, 5),
        chair=factories.PersonFactory(name="Ordförande Ett"),
    )
    meeting.adjusters.add(factories.PersonFactory())
    factories.AttendanceFactory(meeting=meeting)
    factories.AgendaItemFactory(meeting=meeting, draft=True)
    services.adjust_protocol(meeting, secretary)
    meeting.refresh_from_db()
    return meeting


@pytest.mark.parametrize(
    ("field", "value"),
    [("place", "Östersund"), ("start_time", datetime.time(9)), ("is_digital", True)],
)
def test_adjusted_protocols_meeting_details_are_locked(adjusted_meeting, field, value):
    setattr(adjusted_meeting, field, value)
    with pytest.raises(ValidationError):
        adjusted_meeting.full_clean()
    with pytest.raises(RecordLocked):
        adjusted_meeting.save()


def test_adjusted_protocols_chair_is_locked(adjusted_meeting):
    adjusted_meeting.chair = factories.PersonFactory()
    with pytest.raises(RecordLocked):
        adjusted_meeting.save()


def test_adjusted_protocols_adjusters_are_locked(adjusted_meeting):
    someone = factories.PersonFactory()
    with pytest.raises(RecordLocked), transaction.atomic():
        adjusted_meeting.adjusters.add(someone)
    with pytest.raises(RecordLocked), transaction.atomic():
        adjusted_meeting.adjusters.clear()


@pytest.mark.parametrize(
    "change",
    [
        lambda meeting: factories.AttendanceFactory(meeting=meeting),
        lambda meeting: meeting.attendances.get().delete(),
        lambda meeting: meeting.attendances.update(present=False),
        lambda meeting: Attendance.objects.bulk_create(
            [Attendance(meeting=meeting, person=factories.PersonFactory(), role="guest")]
        ),
    ],
    ids=["add", "delete", "update", "bulk-create"],
)
def test_adjusted_protocols_attendance_is_locked(adjusted_meeting, change):
    with pytest.raises(RecordLocked):
        change(adjusted_meeting)


def test_admin_shows_an_adjusted_protocols_meeting_read_only(
    client, admin_login, secretary, adjusted_meeting
):
    from django.urls import reverse

    admin_login(secretary)
    response = client.get(reverse("admin:meetings_meeting_change", args=[adjusted_meeting.pk]))
    form = response.context["adminform"].form
    assert not {"chair", "adjusters", "place", "date", "body"} & set(form.fields)
    (attendance,) = [
        inline
        for inline in response.context["inline_admin_formsets"]
        if inline.formset.model is Attendance
    ]
    assert not attendance.has_change_permission
