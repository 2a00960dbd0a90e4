"""The admin's start page: what the secretariat has to do, each entry linked to its page."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from meetings.models import Meeting
from tests import factories

pytestmark = pytest.mark.django_db


def today() -> datetime.date:
    return timezone.localdate()


def days_ago(days: int) -> datetime.date:
    return today() - datetime.timedelta(days=days)


def start_page(client) -> str:
    return client.get(reverse("admin:index")).content.decode()


def signed_meeting(**fields):
    """A held meeting with the chair and adjusters its adjustment needs."""
    meeting = factories.MeetingFactory(chair=factories.PersonFactory(), **fields)
    meeting.adjusters.add(factories.PersonFactory())
    return meeting


def test_start_page_lists_protocols_to_adjust_with_the_days_left(client, admin_login, secretary):
    meeting = signed_meeting(date=days_ago(4))
    admin_login(secretary)
    page = start_page(client)
    assert "Protokoll att justera" in page
    assert "10 dagar kvar" in page
    assert reverse("admin:meetings_meeting_change", args=[meeting.pk]) in page
    assert reverse("admin:meetings_meeting_adjust", args=[meeting.pk]) in page


def test_start_page_sends_a_protocol_without_adjusters_to_the_meetings_form_first(
    client, admin_login, secretary
):
    meeting = factories.MeetingFactory(date=days_ago(4), chair=factories.PersonFactory())
    admin_login(secretary)
    page = start_page(client)
    assert "Ange först justerare" in page
    assert reverse("admin:meetings_meeting_adjust", args=[meeting.pk]) not in page


def test_start_page_marks_an_overdue_adjustment(client, admin_login, secretary):
    factories.MeetingFactory(date=days_ago(20))
    admin_login(secretary)
    assert "Försenad 6 dagar" in start_page(client)


def test_start_page_lists_notices_to_publish(client, admin_login, secretary):
    meeting = factories.MeetingFactory(
        date=today() + datetime.timedelta(days=12), status=Meeting.Status.PLANNED
    )
    admin_login(secretary)
    page = start_page(client)
    assert "Kallelser att publicera" in page
    assert "Mötet är om 12 dagar" in page
    assert reverse("admin:meetings_meeting_change", args=[meeting.pk]) in page


def test_start_page_lists_meetings_held_but_not_marked_as_held(client, admin_login, secretary):
    meeting = factories.MeetingFactory(date=days_ago(1), status=Meeting.Status.AGENDA_PUBLISHED)
    admin_login(secretary)
    page = start_page(client)
    assert "Möten att markera som genomförda" in page
    assert reverse("admin:meetings_meeting_change", args=[meeting.pk]) in page


def test_start_page_lists_agreements_that_expire(client, admin_login, secretary):
    agreement = factories.AgreementFactory(
        short_name="Hemsjukvårdsavtalet", valid_until=today() + datetime.timedelta(days=40)
    )
    admin_login(secretary)
    page = start_page(client)
    assert "Avtal som löper ut" in page
    assert "Hemsjukvårdsavtalet" in page
    assert "40 dagar kvar" in page
    assert reverse("admin:agreements_agreement_change", args=[agreement.pk]) in page


def test_start_page_lists_overdue_assignments(client, admin_login, secretary):
    item = factories.AgendaItemFactory(meeting__date=days_ago(60))
    late = factories.AssignmentFactory(
        agenda_item=item, description="Ta fram en handlingsplan", due_date=days_ago(3)
    )
    factories.AssignmentFactory(agenda_item=item, description="Inte sen än", due_date=today())
    admin_login(secretary)
    page = start_page(client)
    assert "Försenade uppdrag" in page
    assert reverse("admin:decisions_assignment_change", args=[late.pk]) in page
    assert "Inte sen än" not in page


def test_start_page_says_when_there_is_nothing_to_do(client, admin_login, secretary):
    admin_login(secretary)
    page = start_page(client)
    assert "Inga protokoll väntar på justering." in page
    assert "Inga uppdrag i balanslistan är försenade." in page


def test_start_page_lists_are_cut_with_a_link_to_all(client, admin_login, secretary):
    for days in range(1, 11):
        signed_meeting(date=days_ago(days))
    admin_login(secretary)
    page = start_page(client)
    assert page.count("Registrera justering") == 8
    assert reverse("admin:meetings_meeting_changelist") + "?justering=awaiting" in page


def test_start_page_links_lead_to_filtered_lists(client, admin_login, secretary):
    """Each list's "all" link opens a list filtered to the same things."""
    factories.MeetingFactory(date=days_ago(1), status=Meeting.Status.AGENDA_PUBLISHED)
    factories.MeetingFactory(date=days_ago(2))
    admin_login(secretary)
    for url in [
        reverse("admin:meetings_meeting_changelist") + "?justering=unmarked",
        reverse("admin:agreements_agreement_changelist") + "?atgard=needing_attention",
        reverse("admin:decisions_assignment_changelist") + "?forsenad=ja",
    ]:
        response = client.get(url)
        assert response.status_code == 200, url
    unmarked = client.get(reverse("admin:meetings_meeting_changelist") + "?justering=unmarked")
    assert unmarked.context["cl"].result_count == 1


def _fill(round_: int) -> None:
    """One more of everything the start page lists."""
    factories.MeetingFactory(date=days_ago(3 + round_))
    factories.MeetingFactory(
        date=today() + datetime.timedelta(days=5 + round_), status=Meeting.Status.PLANNED
    )
    factories.MeetingFactory(date=days_ago(300 + round_), status=Meeting.Status.PLANNED)
    factories.AgreementFactory(valid_until=today() + datetime.timedelta(days=30 + round_))
    factories.AssignmentFactory(
        agenda_item__meeting__date=days_ago(400 + round_), due_date=days_ago(10 + round_)
    )


def test_start_page_runs_a_fixed_number_of_queries(
    client, admin_login, secretary, django_assert_max_num_queries
):
    """One query per list, whatever the number of things to do: the start page is the first
    page of every working day and must not slow as the archive grows. The 14: the session,
    the user, the second factor's device, two of permissions, five lists, the recent-actions
    box, and saving the session (three)."""
    admin_login(secretary)
    for round_ in range(12):
        _fill(round_)
    with django_assert_max_num_queries(14):
        response = client.get(reverse("admin:index"))
    assert response.status_code == 200
    assert [len(todo.entries) for todo in response.context["to_do"]] == [8, 8, 8, 8, 8]


def test_member_sees_the_start_page_too(client, admin_login, member):
    factories.MeetingFactory(date=days_ago(4))
    admin_login(member)
    assert "10 dagar kvar" in start_page(client)
