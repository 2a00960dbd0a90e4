"""The demo data built from the three seed protocols (fixtures/demo.json)."""

import datetime
from io import StringIO
from unittest import mock

import pytest
from django.apps import apps
from django.core.management import call_command
from django.utils import timezone

from agreements.models import Agreement
from decisions.models import DecisionPoint, ProposalPoint
from meetings.management.commands.load_demo import DEMO_NOTE
from meetings.models import AgendaItem, Meeting, Person, PersonAlias

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("demo")]

DEMO_APPS = ("meetings", "decisions", "agreements")


def load_demo() -> str:
    out = StringIO()
    call_command("load_demo", stdout=out)
    return out.getvalue()


def demo_models(include_auto_created: bool = False) -> list:
    return [
        model
        for label in DEMO_APPS
        for model in apps.get_app_config(label).get_models(
            include_auto_created=include_auto_created
        )
    ]


def snapshot() -> dict[str, list[dict]]:
    """Every row of the demo apps, many-to-many tables included."""
    return {
        # The version column counts saves (optimistic locking); the data is the rest.
        model._meta.label: [
            {key: value for key, value in row.items() if key != "version"}
            for row in model.objects.order_by("pk").values()
        ]
        for model in demo_models(include_auto_created=True)
    }


def test_demo_loading_twice_changes_nothing():
    before = snapshot()

    load_demo()

    assert snapshot() == before


def test_demo_loading_prints_a_swedish_summary():
    assert load_demo().strip() == (
        "Demodata laddad: 3 möten, 27 paragrafer, 2 avtal; 0 nya exempelmöten kring dagens datum."
    )


def seed_meetings():
    return Meeting.objects.exclude(note=DEMO_NOTE)


def test_demo_has_a_planned_meeting_two_weeks_ahead_with_its_notice_published():
    meeting = Meeting.objects.upcoming().get()
    assert meeting.date == timezone.localdate() + datetime.timedelta(days=14)
    assert meeting.status == Meeting.Status.AGENDA_PUBLISHED
    assert meeting.agenda_items.count() == 5
    assert meeting.agenda_items.filter(attachments__isnull=False).exists()


def test_demo_has_a_recently_adjusted_protocol_on_the_notice_board():
    meeting = Meeting.objects.current_postings().get()
    assert meeting.date == timezone.localdate() - datetime.timedelta(days=10)
    assert meeting.is_adjusted
    assert meeting.agenda_items.filter(decision_points__isnull=False).exists()


def test_demo_meetings_made_from_today_are_marked_as_demo_data():
    for meeting in Meeting.objects.filter(note=DEMO_NOTE):
        assert "(demodata)" in meeting.place
    assert Meeting.objects.filter(note=DEMO_NOTE).count() == 2


def test_demo_makes_new_meetings_when_the_old_ones_have_passed(settings):
    later = timezone.now() + datetime.timedelta(days=60)
    with mock.patch("django.utils.timezone.now", return_value=later):
        load_demo()
        assert Meeting.objects.upcoming().exists()
        assert Meeting.objects.current_postings().exists()


def test_demo_home_page_shows_the_meeting_ahead_and_the_posting(client):
    planned = Meeting.objects.filter(note=DEMO_NOTE).get(date__gte=timezone.localdate())
    posted = Meeting.objects.current_postings().get(note=DEMO_NOTE)

    response = client.get("/")

    assert planned in response.context["upcoming_meetings"]
    assert posted in response.context["current_postings"]
    assert planned.get_absolute_url() in response.content.decode()


def test_demo_notice_board_shows_the_recent_posting(client):
    posted = Meeting.objects.current_postings().get(note=DEMO_NOTE)

    response = client.get("/anslagstavla/")

    assert list(response.context["current_postings"]) == [posted]


def test_demo_balanslista_shows_the_recent_protocols_follow_up(client):
    page = client.get("/beslut/balanslista/").content.decode()
    assert "Redovisa uppföljningen av utskrivningsklara patienter (demodata)" in page


def test_demo_recent_protocol_is_adjusted_and_posted_through_the_services():
    meeting = Meeting.objects.current_postings().get(note=DEMO_NOTE)

    assert (
        meeting.posted_on
        == meeting.adjusted_on
        == timezone.localdate() - datetime.timedelta(days=3)
    )
    assert not meeting.agenda_items.filter(state=AgendaItem.State.DRAFT).exists()
    # Each action leaves its version in the history, as when the secretariat acts.
    statuses = set(meeting.history.values_list("status", flat=True))
    assert {"planned", "agenda_published", "held", "adjusted"} <= statuses


def test_demo_titles_of_the_meetings_made_from_today_say_demo():
    items = AgendaItem.objects.filter(meeting__note=DEMO_NOTE).substantive()

    assert items.exists()
    assert all("(demodata)" in item.title for item in items)


def at_noon(date: datetime.date) -> datetime.datetime:
    return datetime.datetime.combine(date, datetime.time(12), tzinfo=datetime.UTC)


def test_demo_made_again_later_the_same_year_keeps_paragraph_numbers_unique():
    year = timezone.localdate().year + 1
    for day in (datetime.date(year, 3, 1), datetime.date(year, 4, 15)):
        with mock.patch("django.utils.timezone.now", return_value=at_noon(day)):
            load_demo()

    numbers = list(
        AgendaItem.objects.filter(
            year=year, meeting__note=DEMO_NOTE, state=AgendaItem.State.ADJUSTED
        ).values_list("number", flat=True)
    )
    assert len(numbers) == 8
    assert sorted(numbers) == list(range(1, 9))


def test_demo_meeting_ahead_that_has_passed_is_moved_not_duplicated():
    later = timezone.localdate() + datetime.timedelta(days=60)
    with mock.patch("django.utils.timezone.now", return_value=at_noon(later)):
        load_demo()

    planned = Meeting.objects.filter(
        note=DEMO_NOTE, status__in=[Meeting.Status.PLANNED, Meeting.Status.AGENDA_PUBLISHED]
    )
    assert [meeting.date for meeting in planned] == [later + datetime.timedelta(days=14)]


def test_demo_has_three_svom_meetings_on_their_dates():
    dates = seed_meetings().filter(body__slug="svom").order_by("date").values_list("date")

    assert [date for (date,) in dates] == [
        datetime.date(2020, 11, 6),
        datetime.date(2021, 6, 4),
        datetime.date(2021, 12, 3),
    ]


def test_demo_paragraph_numbers_belong_to_their_meetings():
    numbered = (
        AgendaItem.objects.filter(meeting__in=seed_meetings())
        .exclude(number=None)
        .values_list("number", "meeting__date")
    )

    assert sorted(numbered) == [
        (44, datetime.date(2020, 11, 6)),
        (46, datetime.date(2021, 12, 3)),
    ]


def test_demo_june_item_has_three_proposal_and_three_decision_points():
    item = AgendaItem.objects.get(meeting__date=datetime.date(2021, 6, 4))

    assert ProposalPoint.objects.filter(agenda_item=item).count() == 3
    assert DecisionPoint.objects.filter(agenda_item=item).count() == 3


def test_demo_hemsjukvardsavtalet_derived_end_date_is_end_of_2022():
    agreement = Agreement.objects.with_dates().get(slug="hemsjukvardsavtalet")

    assert agreement.end_date == datetime.date(2022, 12, 31)


def test_demo_hemsjukvardsavtalet_is_replaced_by_gemensam_plan():
    agreement = Agreement.objects.get(slug="hemsjukvardsavtalet")

    assert agreement.replaced_by == Agreement.objects.get(slug="gemensam-plan")


def test_demo_both_spellings_of_lise_are_one_person():
    alias = PersonAlias.objects.get(name="Lise Hjeemgard Svensson")

    assert alias.person == Person.objects.get(name="Lise Hjemgaard Svensson")
    assert Person.objects.filter(name__startswith="Lise").count() == 1


def test_demo_drafts_exist_in_the_december_2021_meeting():
    drafts = AgendaItem.objects.filter(state=AgendaItem.State.DRAFT)

    assert drafts.filter(meeting__date=datetime.date(2021, 12, 3)).exists()


def test_demo_no_drafts_in_the_other_meetings():
    drafts = AgendaItem.objects.filter(state=AgendaItem.State.DRAFT, meeting__in=seed_meetings())

    assert not drafts.exclude(meeting__date=datetime.date(2021, 12, 3)).exists()


def test_demo_every_object_passes_full_clean():
    # History rows are django-simple-history's records, not demo data.
    for model in demo_models():
        if model.__name__.startswith("Historical"):
            continue
        for obj in model.objects.all():
            obj.full_clean()
