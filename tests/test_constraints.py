"""Every invariant is enforced twice: by the database, and by clean() with a Swedish sentence."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from agreements.models import AgreementEvent
from meetings.models import AgendaItem, Attendance, Meeting
from tests import factories

pytestmark = pytest.mark.django_db


def assert_rejected_by_database(action):
    with pytest.raises(IntegrityError), transaction.atomic():
        action()


def messages_of(error: ValidationError) -> str:
    return " ".join(message for messages in error.message_dict.values() for message in messages)


def test_paragraph_number_twice_in_a_body_and_year_is_rejected_by_the_database():
    first = factories.AgendaItemFactory(number=44, meeting__date=datetime.date(2020, 3, 6))
    other_meeting = factories.MeetingFactory(
        body=first.meeting.body, date=datetime.date(2020, 11, 6)
    )
    assert_rejected_by_database(
        lambda: factories.AgendaItemFactory(meeting=other_meeting, number=44)
    )


def test_paragraph_number_twice_in_a_body_and_year_is_rejected_by_clean():
    first = factories.AgendaItemFactory(number=44, meeting__date=datetime.date(2020, 3, 6))
    other_meeting = factories.MeetingFactory(
        body=first.meeting.body, date=datetime.date(2020, 11, 6)
    )
    duplicate = AgendaItem(meeting=other_meeting, position=1, title="Val av justerare", number=44)
    with pytest.raises(ValidationError) as error:
        duplicate.full_clean()
    assert "Paragrafnumret finns redan" in messages_of(error.value)


def test_same_paragraph_number_is_allowed_in_another_year():
    first = factories.AgendaItemFactory(number=44, meeting__date=datetime.date(2020, 11, 6))
    next_year = factories.MeetingFactory(body=first.meeting.body, date=datetime.date(2021, 11, 5))
    item = AgendaItem(meeting=next_year, position=1, title="Val av justerare", number=44)
    item.full_clean()
    item.save()
    assert item.year == 2021


def test_same_paragraph_number_is_allowed_in_another_body():
    first = factories.AgendaItemFactory(number=44)
    other_body = factories.MeetingFactory(date=first.meeting.date)
    factories.AgendaItemFactory(meeting=other_body, number=44)
    assert AgendaItem.objects.filter(number=44).count() == 2


def test_moving_a_meeting_to_another_year_moves_its_paragraph_numbers():
    item = factories.AgendaItemFactory(
        number=3, meeting__date=datetime.date(2021, 6, 4), draft=True
    )
    meeting = item.meeting
    meeting.date = datetime.date(2022, 6, 3)
    meeting.save()
    item.refresh_from_db()
    assert (item.year, item.number) == (2022, 3)


def test_moving_a_meeting_into_a_year_where_its_numbers_are_taken_is_rejected_by_clean():
    taken = factories.AgendaItemFactory(number=3, meeting__date=datetime.date(2022, 2, 25))
    moving = factories.AgendaItemFactory(
        number=3,
        meeting__body=taken.meeting.body,
        meeting__date=datetime.date(2021, 6, 4),
        draft=True,
    ).meeting
    moving.date = datetime.date(2022, 6, 3)
    with pytest.raises(ValidationError) as error:
        moving.full_clean()
    assert "§ 3" in " ".join(error.value.messages)


def test_meeting_that_ends_before_it_starts_is_rejected_by_the_database():
    assert_rejected_by_database(
        lambda: factories.MeetingFactory(start_time=datetime.time(13), end_time=datetime.time(9))
    )


def test_meeting_that_ends_before_it_starts_is_rejected_by_clean():
    meeting = factories.MeetingFactory.build(
        body=factories.BodyFactory(), start_time=datetime.time(13), end_time=datetime.time(13)
    )
    with pytest.raises(ValidationError) as error:
        meeting.full_clean()
    assert "sluta efter att det har börjat" in messages_of(error.value)


def test_second_meeting_of_a_body_on_the_same_day_is_rejected():
    meeting = factories.MeetingFactory()
    twin = Meeting(body=meeting.body, date=meeting.date)
    with pytest.raises(ValidationError):
        twin.full_clean()
    assert_rejected_by_database(
        lambda: factories.MeetingFactory(body=meeting.body, date=meeting.date)
    )


def test_same_person_twice_in_one_role_at_a_meeting_is_rejected_by_the_database():
    attendance = factories.AttendanceFactory()
    assert_rejected_by_database(
        lambda: factories.AttendanceFactory(
            meeting=attendance.meeting, person=attendance.person, role=attendance.role
        )
    )


def test_same_person_twice_in_one_role_at_a_meeting_is_rejected_by_clean():
    attendance = factories.AttendanceFactory()
    duplicate = Attendance(
        meeting=attendance.meeting, person=attendance.person, role=attendance.role
    )
    with pytest.raises(ValidationError) as error:
        duplicate.full_clean()
    assert "redan antecknad i den här rollen" in messages_of(error.value)


def test_same_person_may_attend_in_two_roles():
    attendance = factories.AttendanceFactory(role=Attendance.Role.MEMBER)
    adjuster = Attendance(
        meeting=attendance.meeting, person=attendance.person, role=Attendance.Role.ADJUSTER
    )
    adjuster.full_clean()


def test_adjusted_paragraph_without_adjustment_time_is_rejected_by_the_database():
    assert_rejected_by_database(lambda: factories.AgendaItemFactory(adjusted_at=None))


def test_draft_with_an_adjustment_time_is_rejected_by_clean():
    item = factories.AgendaItemFactory(draft=True)
    item.adjusted_at = datetime.datetime(2021, 6, 4, 12, tzinfo=datetime.UTC)
    with pytest.raises(ValidationError) as error:
        item.full_clean()
    assert "Ett utkast kan inte ha en justeringstid" in messages_of(error.value)


def test_two_paragraphs_in_one_position_are_rejected_by_the_database():
    item = factories.AgendaItemFactory()
    assert_rejected_by_database(
        lambda: factories.AgendaItemFactory(meeting=item.meeting, position=item.position)
    )


def test_membership_that_ends_before_it_starts_is_rejected():
    membership = factories.MembershipFactory.build(
        person=factories.PersonFactory(),
        body=factories.BodyFactory(),
        start_date=datetime.date(2021, 1, 1),
        end_date=datetime.date(2020, 12, 31),
    )
    with pytest.raises(ValidationError) as error:
        membership.full_clean()
    assert "kan inte sluta innan det börjar" in messages_of(error.value)
    assert_rejected_by_database(membership.save)


def test_body_cannot_be_its_own_grandparent():
    svom = factories.BodyFactory()
    group = factories.BodyFactory(parent=svom)
    svom.parent = group
    with pytest.raises(ValidationError) as error:
        svom.full_clean()
    assert "under sig självt" in messages_of(error.value)


def test_agreement_that_ends_before_it_starts_is_rejected():
    agreement = factories.AgreementFactory.build(
        valid_from=datetime.date(2022, 1, 1), valid_until=datetime.date(2021, 12, 31)
    )
    with pytest.raises(ValidationError) as error:
        agreement.full_clean()
    assert "sluta efter att det börjar gälla" in messages_of(error.value)
    assert_rejected_by_database(agreement.save)


def test_extension_without_new_end_date_is_rejected():
    event = factories.AgreementEventFactory.build(
        agreement=factories.AgreementFactory(), new_end_date=None
    )
    with pytest.raises(ValidationError) as error:
        event.full_clean()
    assert "måste ha ett nytt slutdatum" in messages_of(error.value)
    assert_rejected_by_database(event.save)


def test_extension_ending_before_its_own_date_is_rejected_by_the_database():
    assert_rejected_by_database(
        lambda: factories.AgreementEventFactory(
            date=datetime.date(2021, 6, 4), new_end_date=datetime.date(2021, 6, 3)
        )
    )


def test_extension_ending_before_its_decision_is_rejected_by_clean():
    decision = factories.DecisionFactory(agenda_item__meeting__date=datetime.date(2021, 6, 4))
    event = AgreementEvent(
        agreement=factories.AgreementFactory(),
        kind=AgreementEvent.Kind.EXTENDED,
        date=datetime.date(2021, 6, 1),
        new_end_date=datetime.date(2021, 6, 2),
        decision=decision,
    )
    with pytest.raises(ValidationError) as error:
        event.full_clean()
    assert "före beslutet (2021-06-04)" in messages_of(error.value)


def test_assignment_without_anyone_responsible_is_rejected():
    assignment = factories.AssignmentFactory.build(
        agenda_item=factories.AgendaItemFactory(draft=True), responsible=None
    )
    with pytest.raises(ValidationError) as error:
        assignment.full_clean()
    assert "ansvarig person eller organisation" in messages_of(error.value)
    assert_rejected_by_database(assignment.save)


def test_done_assignment_needs_its_completion_date():
    assert_rejected_by_database(lambda: factories.AssignmentFactory(status="done"))


def test_assignment_due_before_its_decision_is_rejected_by_clean():
    assignment = factories.AssignmentFactory.build(
        agenda_item=factories.AgendaItemFactory(meeting__date=datetime.date(2021, 6, 4)),
        responsible=factories.PersonFactory(),
        due_date=datetime.date(2021, 5, 1),
    )
    with pytest.raises(ValidationError) as error:
        assignment.full_clean()
    assert "slutdatum före beslutet" in messages_of(error.value)


def test_member_votes_once_per_vote():
    ballot = factories.BallotFactory()
    assert_rejected_by_database(
        lambda: factories.BallotFactory(vote=ballot.vote, person=ballot.person, choice="no")
    )


def test_decision_point_numbers_are_unique_per_paragraph():
    point = factories.DecisionPointFactory(position=1)
    assert_rejected_by_database(
        lambda: factories.DecisionPointFactory(agenda_item=point.agenda_item, position=1)
    )


def test_person_alias_is_unique():
    alias = factories.PersonAliasFactory(name="Lise Hjeemgard Svensson")
    assert_rejected_by_database(lambda: factories.PersonAliasFactory(name=alias.name))
