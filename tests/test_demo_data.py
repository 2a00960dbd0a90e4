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
