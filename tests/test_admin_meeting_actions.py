"""A meeting's status buttons in the admin: they save what was typed first, they are offered
only once the meeting has begun, and one that cannot be undone asks first."""

import datetime
import zoneinfo

import pytest
from django.urls import reverse

from meetings.admin.actions import available_actions
from meetings.models import Meeting
from tests import factories
from tests.admin_forms import change_form_data

pytestmark = pytest.mark.django_db

STOCKHOLM = zoneinfo.ZoneInfo("Europe/Stockholm")
DAY = datetime.date(2026, 12, 3)


def change_url(meeting: Meeting) -> str:
    return reverse("admin:meetings_meeting_change", args=[meeting.pk])


def at(hour: int, minute: int = 0) -> datetime.datetime:
    return datetime.datetime.combine(DAY, datetime.time(hour, minute), STOCKHOLM)


def offered(meeting: Meeting, now: datetime.datetime) -> set[str]:
    return {action.name for action in available_actions(meeting, now)}


@pytest.fixture
def evening_meeting(db) -> Meeting:
    return factories.MeetingFactory(
        status=Meeting.Status.AGENDA_PUBLISHED,
        date=DAY,
        start_time=datetime.time(18, 0),
        end_time=datetime.time(20, 0),
    )


def test_meeting_later_today_is_not_offered_as_held_before_it_begins(evening_meeting):
    assert "hold" not in offered(evening_meeting, at(15, 8))


def test_meeting_today_is_offered_as_held_once_it_has_begun(evening_meeting):
    assert "hold" in offered(evening_meeting, at(18, 0))


def test_meeting_today_without_a_time_is_offered_as_held_all_day(evening_meeting):
    evening_meeting.start_time = evening_meeting.end_time = None
    assert "hold" in offered(evening_meeting, at(0, 5))


def post_with_button(client, meeting: Meeting, action: str, **changes):
    data = change_form_data(client.get(change_url(meeting)))
    data.update(changes, _meeting_action=action)
    return client.post(change_url(meeting), data)


def test_status_button_saves_the_typed_edits_before_it_moves_the_status(
    client, admin_login, secretary
):
    meeting = factories.MeetingFactory(status=Meeting.Status.PLANNED, start_time=None)
    admin_login(secretary)
    response = post_with_button(client, meeting, "publish", place="Kommunhuset, sal 3")
    assert response.status_code == 302
    meeting.refresh_from_db()
    assert (meeting.place, meeting.status) == (
        "Kommunhuset, sal 3",
        Meeting.Status.AGENDA_PUBLISHED,
    )


def test_status_button_with_invalid_edits_shows_the_errors_and_moves_nothing(
    client, admin_login, secretary
):
    meeting = factories.MeetingFactory(status=Meeting.Status.PLANNED)
    admin_login(secretary)
    response = post_with_button(client, meeting, "publish", end_time="09:00", start_time="10:00")
    assert response.status_code == 200
    assert response.context["adminform"].form.errors
    meeting.refresh_from_db()
    assert meeting.status == Meeting.Status.PLANNED


def test_cancelling_a_meeting_asks_first(client, admin_login, secretary):
    meeting = factories.MeetingFactory(status=Meeting.Status.AGENDA_PUBLISHED)
    admin_login(secretary)
    response = post_with_button(client, meeting, "cancel")
    question = client.get(response.url).content.decode()
    assert "går inte att ångra" in question
    meeting.refresh_from_db()
    assert meeting.status == Meeting.Status.AGENDA_PUBLISHED


def test_cancelling_a_meeting_once_confirmed_cancels_it(client, admin_login, secretary):
    meeting = factories.MeetingFactory(status=Meeting.Status.AGENDA_PUBLISHED)
    admin_login(secretary)
    client.post(reverse("admin:meetings_meeting_action", args=[meeting.pk, "cancel"]))
    meeting.refresh_from_db()
    assert meeting.status == Meeting.Status.CANCELLED
