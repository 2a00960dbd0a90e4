"""A meeting's life: agenda (kallelse), adjustment (justering), notice board, corrections."""

import datetime

import pytest
from django.contrib.auth.models import AnonymousUser
from django.contrib.sessions.models import Session
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from meetings import services
from meetings.models import AdjustmentApproval, AgendaItem, Meeting, correction
from tests import factories
from tests.test_leaks import crawl

pytestmark = pytest.mark.django_db

PUBLIC = AnonymousUser()


def at(day: datetime.date, hour: int = 10) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


@pytest.fixture
def held_meeting():
    """A held SVOM meeting with chair, two adjusters and two draft paragraphs."""
    meeting = factories.MeetingFactory(
        body__short_name="SVOM",
        body__posts_adjustments=True,
        date=datetime.date(2021, 12, 3),
        chair=factories.PersonFactory(name="Lise Hjemgaard Svensson", party="M"),
    )
    meeting.adjusters.add(factories.PersonFactory(), factories.PersonFactory())
    factories.AgendaItemFactory(meeting=meeting, position=1, draft=True, title="Val av justerare")
    factories.AgendaItemFactory(meeting=meeting, position=2, draft=True, title="Mini-Maria")
    return meeting


def public_titles() -> set[str]:
    return set(AgendaItem.objects.visible_to(PUBLIC).values_list("title", flat=True))


# --- Notice (kallelse) --------------------------------------------------------------


def test_publishing_the_agenda_makes_the_agenda_public(client, secretary):
    meeting = factories.MeetingFactory(status=Meeting.Status.PLANNED)
    factories.AgendaItemFactory(meeting=meeting, draft=True, title="Psykisk hälsa")
    assert "Psykisk hälsa" not in client.get(meeting.get_absolute_url()).content.decode()
    services.publish_agenda(meeting, secretary)
    assert "Psykisk hälsa" in client.get(meeting.get_absolute_url()).content.decode()


def test_publishing_the_agenda_keeps_the_minutes_hidden(client, secretary):
    meeting = factories.MeetingFactory(status=Meeting.Status.PLANNED)
    factories.AgendaItemFactory(meeting=meeting, draft=True, text="Hemlig protokolltext")
    services.publish_agenda(meeting, secretary)
    assert "Hemlig protokolltext" not in client.get(meeting.get_absolute_url()).content.decode()


def test_agenda_of_a_held_meeting_cannot_be_published_again(secretary, held_meeting):
    with pytest.raises(ValidationError):
        services.publish_agenda(held_meeting, secretary)


def test_item_added_after_the_agenda_is_marked_as_added(client, secretary):
    meeting = factories.MeetingFactory(status=Meeting.Status.PLANNED)
    first = factories.AgendaItemFactory(meeting=meeting, draft=True)
    services.publish_agenda(meeting, secretary)
    added = factories.AgendaItemFactory(meeting=meeting, draft=True, title="Övriga frågor")
    assert (first.added_after_agenda, added.added_after_agenda) == (False, True)
    assert "Tillagd efter kallelsen" in client.get(meeting.get_absolute_url()).content.decode()


def test_calendar_lists_the_meeting(client):
    meeting = factories.MeetingFactory(body__short_name="SVOM", place="Östersund")
    response = client.get(reverse("meetings:calendar"))
    content = response.content.decode()
    assert response["Content-Type"].startswith("text/calendar")
    assert "SUMMARY:SVOM" in content
    assert "LOCATION:Östersund" in content
    assert meeting.date.strftime("%Y%m%d") in content


# --- Adjustment (justering) ---------------------------------------------------------


def test_adjusting_a_protocol_makes_exactly_its_paragraphs_public(secretary, held_meeting):
    other = factories.AgendaItemFactory(draft=True, title="Annat möte")
    assert public_titles() == set()
    services.adjust_protocol(held_meeting, secretary, at=at(datetime.date(2021, 12, 10)))
    assert public_titles() == {"Val av justerare", "Mini-Maria"}
    other.refresh_from_db()
    assert not other.is_adjusted


def test_adjusted_paragraphs_carry_the_moment_of_adjustment(secretary, held_meeting):
    moment = at(datetime.date(2021, 12, 10))
    services.adjust_protocol(held_meeting, secretary, at=moment)
    held_meeting.refresh_from_db()
    assert held_meeting.adjusted_at == moment
    assert set(held_meeting.agenda_items.values_list("adjusted_at", flat=True)) == {moment}


def test_paragraph_adjusted_at_once_is_public_before_the_rest(secretary, held_meeting):
    item = held_meeting.agenda_items.get(position=1)
    services.adjust_immediately(item, secretary, at=at(datetime.date(2021, 12, 3), 13))
    assert public_titles() == {"Val av justerare"}


def test_adjustment_without_adjusters_is_refused(secretary, held_meeting):
    held_meeting.adjusters.clear()
    with pytest.raises(ValidationError) as error:
        services.adjust_protocol(held_meeting, secretary, at=at(datetime.date(2021, 12, 10)))
    assert "saknar justerare" in " ".join(error.value.messages)
    assert public_titles() == set()


def test_adjustment_dated_before_the_meeting_is_refused(secretary, held_meeting):
    with pytest.raises(ValidationError) as error:
        services.adjust_protocol(held_meeting, secretary, at=at(datetime.date(2021, 12, 2)))
    assert "kan inte ligga före mötet" in " ".join(error.value.messages)


def test_adjustment_of_a_proposal_without_a_decision_is_refused(secretary, held_meeting):
    item = held_meeting.agenda_items.get(position=2)
    factories.ProposalPointFactory(agenda_item=item)
    with pytest.raises(ValidationError) as error:
        services.adjust_protocol(held_meeting, secretary, at=at(datetime.date(2021, 12, 10)))
    assert "förslag till beslut men inget beslut" in " ".join(error.value.messages)
    assert public_titles() == set()


def test_adjustment_is_posted_the_same_day(secretary, held_meeting):
    services.adjust_protocol(held_meeting, secretary, at=at(datetime.date(2021, 12, 10)))
    held_meeting.refresh_from_db()
    assert held_meeting.posted_on == datetime.date(2021, 12, 10)


def test_body_that_does_not_post_posts_nothing(secretary, held_meeting):
    held_meeting.body.posts_adjustments = False
    held_meeting.body.save()
    services.adjust_protocol(held_meeting, secretary, at=at(datetime.date(2021, 12, 10)))
    held_meeting.refresh_from_db()
    assert held_meeting.posted_on is None


# --- Digital adjustment -------------------------------------------------------------


@pytest.fixture
def approvers(held_meeting, django_user_model):
    """User accounts for the chair and the two adjusters."""
    people = [held_meeting.chair, *held_meeting.adjusters.all()]
    for index, person in enumerate(people):
        person.user = django_user_model.objects.create_user(f"justerare{index}")
        person.save()
    return [person.user for person in people]


def approve(meeting, user, moment=None) -> None:
    services.answer_draft(meeting, user, kind=AdjustmentApproval.Kind.APPROVED, at=moment)


def test_protocol_is_adjusted_when_the_chair_and_every_adjuster_have_approved(
    held_meeting, approvers
):
    chair, first, second = approvers
    approve(held_meeting, chair)
    approve(held_meeting, first)
    assert public_titles() == set()
    moment = at(datetime.date(2021, 12, 9), 15)
    approve(held_meeting, second, moment)
    held_meeting.refresh_from_db()
    assert held_meeting.status == Meeting.Status.ADJUSTED
    assert held_meeting.adjustment_method == Meeting.AdjustmentMethod.DIGITAL
    assert held_meeting.adjusted_at == moment


def test_protocol_shows_who_adjusted_it_digitally(client, held_meeting, approvers):
    for user in approvers:
        approve(held_meeting, user, at(datetime.date(2021, 12, 9)))
    page = client.get(held_meeting.get_absolute_url()).content.decode()
    assert "Justerat digitalt 9 december 2021 av Lise Hjemgaard Svensson" in page


def test_a_comment_sends_the_draft_back_without_adjusting(held_meeting, approvers):
    chair, first, second = approvers
    for user in (chair, first):
        approve(held_meeting, user)
    services.answer_draft(held_meeting, second, kind="comment", comment="§ 3 ska rättas.")
    held_meeting.refresh_from_db()
    assert held_meeting.status == Meeting.Status.HELD


def test_a_change_after_an_approval_voids_the_approvals(held_meeting, approvers):
    chair, first, second = approvers
    approve(held_meeting, chair)
    item = held_meeting.agenda_items.get(position=2)
    item.text = "Rättad text efter godkännandet."
    item.save()
    approve(held_meeting, first)
    approve(held_meeting, second)
    held_meeting.refresh_from_db()
    assert held_meeting.status == Meeting.Status.HELD  # the chair must approve again
    approve(held_meeting, chair)
    held_meeting.refresh_from_db()
    assert held_meeting.status == Meeting.Status.ADJUSTED


def test_someone_who_is_not_an_adjuster_cannot_approve(held_meeting, member):
    with pytest.raises(ValidationError):
        approve(held_meeting, member)


def test_adjuster_approves_on_the_portal(client, held_meeting, approvers):
    client.force_login(approvers[0])
    url = reverse(
        "meetings:digital_adjustment", args=[held_meeting.body.slug, held_meeting.date.isoformat()]
    )
    page = client.get(url).content.decode()
    assert "Mini-Maria" in page
    response = client.post(url, {"kind": "approved", "comment": ""}, follow=True)
    assert "Ditt svar är registrerat." in response.content.decode()
    assert held_meeting.approvals.filter(user=approvers[0]).exists()


def test_adjustment_page_is_hidden_from_others(client, held_meeting, member):
    client.force_login(member)
    url = reverse(
        "meetings:digital_adjustment", args=[held_meeting.body.slug, held_meeting.date.isoformat()]
    )
    assert client.get(url).status_code == 404


# --- The notice board ---------------------------------------------------------------


def adjusted_on(day: datetime.date, posted: datetime.date | None = None) -> Meeting:
    meeting = factories.MeetingFactory(
        body__posts_adjustments=True,
        status=Meeting.Status.ADJUSTED,
        adjusted_at=at(day),
        posted_on=posted or day,
        date=day - datetime.timedelta(days=7),
    )
    return meeting


@pytest.mark.parametrize(
    ("posted", "last_day_to_appeal", "taken_down"),
    [
        (datetime.date(2021, 6, 11), datetime.date(2021, 7, 2), datetime.date(2021, 7, 3)),
        (datetime.date(2021, 12, 20), datetime.date(2022, 1, 10), datetime.date(2022, 1, 11)),
        (datetime.date(2021, 2, 10), datetime.date(2021, 3, 3), datetime.date(2021, 3, 4)),
        (datetime.date(2024, 2, 10), datetime.date(2024, 3, 2), datetime.date(2024, 3, 3)),
        (datetime.date(2021, 12, 31), datetime.date(2022, 1, 21), datetime.date(2022, 1, 22)),
    ],
)
def test_appeal_period_is_three_calendar_weeks_from_posting(posted, last_day_to_appeal, taken_down):
    meeting = adjusted_on(posted)
    assert meeting.appeal_period_ends_on == last_day_to_appeal
    assert meeting.posting_taken_down_on == taken_down


@pytest.mark.parametrize(
    ("adjusted", "latest_posting"),
    [
        (datetime.date(2021, 1, 31), datetime.date(2021, 2, 2)),
        (datetime.date(2021, 12, 31), datetime.date(2022, 1, 2)),
        (datetime.date(2024, 2, 28), datetime.date(2024, 3, 1)),
    ],
)
def test_adjustment_is_posted_no_later_than_the_second_day_after(adjusted, latest_posting):
    assert adjusted_on(adjusted).latest_posting_date == latest_posting


def test_posting_later_than_the_second_day_is_refused():
    meeting = adjusted_on(datetime.date(2021, 12, 31))
    meeting.posted_on = datetime.date(2022, 1, 3)
    with pytest.raises(ValidationError) as error:
        meeting.full_clean()
    assert "2021-12-31 – 2022-01-02" in " ".join(error.value.messages)


@pytest.mark.parametrize(
    ("meeting", "adjusted_on_day", "expected"),
    [
        ("7 december 2021", datetime.date(2021, 12, 14), 14),
        ("7 december 2021", datetime.date(2021, 12, 17), 17),
    ],
)
def test_adjustment_deadline_is_fourteen_days_after_the_meeting(meeting, adjusted_on_day, expected):
    held = factories.MeetingFactory(date=datetime.date(2021, 12, 3))
    assert held.adjustment_deadline == datetime.date(2021, 12, 17)
    assert held.days_left_to_adjust(today=adjusted_on_day) == 17 - expected


def test_notice_board_shows_current_postings_with_their_dates(client):
    today = timezone.localdate()
    adjusted_on(today - datetime.timedelta(days=3))
    page = client.get(reverse("meetings:notice_board")).content.decode()
    assert "Aktuella anslag" in page
    from django.utils.formats import date_format

    ends = today - datetime.timedelta(days=3) + datetime.timedelta(weeks=3)
    assert date_format(ends) in page


def test_posting_moves_to_the_archive_when_the_appeal_period_has_run():
    today = timezone.localdate()
    old = adjusted_on(today - datetime.timedelta(days=22))
    last_day = adjusted_on(today - datetime.timedelta(days=21))
    assert list(Meeting.objects.past_postings()) == [old]
    assert list(Meeting.objects.current_postings()) == [last_day]


def test_home_page_shows_current_postings(client):
    meeting = adjusted_on(timezone.localdate())
    page = client.get("/").content.decode()
    assert meeting.get_absolute_url() in page
    assert "Sista dag att överklaga" in page


# --- Corrections and withdrawal -----------------------------------------------------


def test_correction_after_adjustment_shows_as_rattad_with_a_diff(client, secretary, held_meeting):
    services.adjust_protocol(held_meeting, secretary, at=at(datetime.date(2021, 12, 10)))
    item = held_meeting.agenda_items.get(position=2)
    with correction(item, secretary, "Stavfel"):
        item.text = "Utredningen skickas på remiss.\nFler rader."
        item.save()
    with correction(item, secretary, "Mottagaren saknades"):
        item.text = "Utredningen skickas på remiss till kommunerna.\nFler rader."
        item.save()
    page = client.get(item.get_absolute_url()).content.decode()
    assert "Rättad" in page
    assert "Mottagaren saknades" in page
    assert "<del>" in page
    assert "Informationen noteras." in page
    assert "<ins>" in page
    assert "till kommunerna" in page
    assert item.corrections.count() == 2


def test_unchanged_paragraph_is_not_marked_as_corrected(client, secretary, held_meeting):
    services.adjust_protocol(held_meeting, secretary, at=at(datetime.date(2021, 12, 10)))
    item = held_meeting.agenda_items.get(position=2)
    assert "Rättad" not in client.get(item.get_absolute_url()).content.decode()


def test_demo_paragraph_correction_is_shown_against_the_demo_version(client, demo):
    item = AgendaItem.objects.get(meeting__date="2020-11-06", number=44)
    with correction(item):
        item.text = "Rättelse: justerare valdes."
        item.save()
    assert "Rättad" in client.get(item.get_absolute_url()).content.decode()


WITHDRAWN_MARKER = "WITHDRAWNMARKER31d"


@pytest.mark.slow
def test_withdrawn_paragraph_disappears_from_every_public_page(client, demo):
    item = AgendaItem.objects.get(meeting__date="2021-06-04", position=1)
    with correction(item):
        item.title = f"God och nära vård {WITHDRAWN_MARKER}"
        item.save()
    assert WITHDRAWN_MARKER in client.get(item.get_absolute_url()).content.decode()
    item.withdrawal_reason = "Personuppgifter om en enskild patient."
    item.save()
    pages = crawl(client)
    assert [url for url, body in pages.items() if WITHDRAWN_MARKER.encode() in body] == []
    assert client.get(item.get_absolute_url()).status_code == 404


def test_withdrawn_paragraph_is_kept_for_members(client, member):
    item = factories.AgendaItemFactory(withdrawal_reason="GDPR", title="Borttagen punkt")
    client.force_login(member)
    page = client.get(item.get_absolute_url()).content.decode()
    assert "Borttagen punkt" in page
    assert "Borttagen från webben" in page


def test_withdrawal_is_kept_in_the_history():
    item = factories.AgendaItemFactory()
    item.withdrawal_reason = "GDPR"
    item.save()
    assert item.withdrawn_at is not None
    assert item.history.first().withdrawal_reason == "GDPR"


def test_feed_lists_adjusted_paragraphs_only(client):
    factories.AgendaItemFactory(title="Justerad paragraf")
    factories.AgendaItemFactory(title="Utkastparagraf", draft=True)
    content = client.get(reverse("meetings:feed")).content.decode()
    assert "Justerad paragraf" in content
    assert "Utkastparagraf" not in content


# --- Accounts -----------------------------------------------------------------------


def test_sixth_wrong_password_in_a_row_is_refused_even_with_the_right_password(client, member):
    login = reverse("login")
    for _ in range(5):
        client.post(login, {"username": "ledamot", "password": "fel"})
    response = client.post(login, {"username": "ledamot", "password": "lösenord-för-test"})
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session


def test_right_password_after_the_cool_off_logs_in(client, member, settings):
    login = reverse("login")
    for _ in range(5):
        client.post(login, {"username": "ledamot", "password": "fel"})
    from axes.models import AccessAttempt

    AccessAttempt.objects.update(attempt_time=timezone.now() - datetime.timedelta(hours=1))
    response = client.post(login, {"username": "ledamot", "password": "lösenord-för-test"})
    assert response.status_code == 302


def test_failed_logins_are_logged(client, member):
    from axes.models import AccessFailureLog

    client.post(reverse("login"), {"username": "ledamot", "password": "fel"})
    assert AccessFailureLog.objects.filter(username="ledamot").count() == 1


def test_session_expires_after_thirty_minutes_of_inactivity(client, member, settings):
    assert settings.SESSION_COOKIE_AGE == 30 * 60
    client.force_login(member)
    assert client.get("/").context["user"].is_authenticated
    Session.objects.update(expire_date=timezone.now() - datetime.timedelta(seconds=1))
    assert not client.get("/").context["user"].is_authenticated


def test_session_ends_twelve_hours_after_login_however_active(client, member):
    client.force_login(member)
    client.get("/")
    session = client.session
    session["svom_session_started"] -= 12 * 3600 + 1
    session.save()
    assert not client.get("/").context["user"].is_authenticated
