"""An agreement's end date and state are derived from its events and the date, never stored."""

import datetime

import pytest

from agreements.models import Agreement, AgreementEvent
from tests import factories

pytestmark = pytest.mark.django_db

JUNE_2021 = datetime.date(2021, 6, 4)


def reload(agreement: Agreement) -> Agreement:
    return Agreement.objects.with_dates().get(pk=agreement.pk)


@pytest.fixture
def hemsjukvardsavtalet():
    return factories.AgreementFactory(
        short_name="Hemsjukvårdsavtalet",
        valid_from=datetime.date(2014, 1, 1),
        valid_until=datetime.date(2021, 12, 31),
    )


def test_end_date_without_events_is_the_original_end_date(hemsjukvardsavtalet):
    assert reload(hemsjukvardsavtalet).end_date == datetime.date(2021, 12, 31)


def test_extension_moves_the_end_date(hemsjukvardsavtalet):
    factories.AgreementEventFactory(
        agreement=hemsjukvardsavtalet, date=JUNE_2021, new_end_date=datetime.date(2022, 12, 31)
    )
    assert reload(hemsjukvardsavtalet).end_date == datetime.date(2022, 12, 31)


def test_latest_event_wins_even_when_it_shortens_the_agreement(hemsjukvardsavtalet):
    factories.AgreementEventFactory(
        agreement=hemsjukvardsavtalet, date=JUNE_2021, new_end_date=datetime.date(2022, 12, 31)
    )
    factories.AgreementEventFactory(
        agreement=hemsjukvardsavtalet,
        kind=AgreementEvent.Kind.TERMINATED,
        date=datetime.date(2022, 3, 1),
        new_end_date=datetime.date(2022, 6, 30),
    )
    assert reload(hemsjukvardsavtalet).end_date == datetime.date(2022, 6, 30)


def test_events_without_a_new_end_date_leave_the_end_date_alone(hemsjukvardsavtalet):
    factories.AgreementEventFactory(
        agreement=hemsjukvardsavtalet,
        kind=AgreementEvent.Kind.AMENDED,
        date=datetime.date(2021, 1, 1),
        new_end_date=None,
    )
    assert reload(hemsjukvardsavtalet).end_date == datetime.date(2021, 12, 31)


@pytest.mark.parametrize(
    ("today", "state"),
    [
        (datetime.date(2013, 12, 31), Agreement.State.NOT_YET_IN_FORCE),
        (datetime.date(2020, 1, 1), Agreement.State.IN_FORCE),
        (datetime.date(2021, 7, 4), Agreement.State.EXPIRING),
        (datetime.date(2021, 12, 31), Agreement.State.EXPIRING),
        (datetime.date(2022, 1, 1), Agreement.State.EXPIRED),
    ],
)
def test_state_follows_the_passing_of_time(hemsjukvardsavtalet, today, state):
    assert reload(hemsjukvardsavtalet).state_on(today) == state


def test_extension_brings_an_expiring_agreement_back_in_force(hemsjukvardsavtalet):
    factories.AgreementEventFactory(
        agreement=hemsjukvardsavtalet, date=JUNE_2021, new_end_date=datetime.date(2022, 12, 31)
    )
    assert reload(hemsjukvardsavtalet).state_on(datetime.date(2021, 7, 4)) == "in_force"


def test_terminated_agreement_is_terminated_after_its_last_day(hemsjukvardsavtalet):
    factories.AgreementEventFactory(
        agreement=hemsjukvardsavtalet,
        kind=AgreementEvent.Kind.TERMINATED,
        date=datetime.date(2021, 3, 1),
        new_end_date=datetime.date(2021, 9, 30),
    )
    agreement = reload(hemsjukvardsavtalet)
    assert agreement.state_on(datetime.date(2021, 9, 30)) == Agreement.State.EXPIRING
    assert agreement.state_on(datetime.date(2021, 10, 1)) == Agreement.State.TERMINATED


def test_replaced_agreement_is_superseded_from_the_day_of_replacement(hemsjukvardsavtalet):
    plan = factories.AgreementFactory(short_name="Gemensam plan", valid_from=None, valid_until=None)
    hemsjukvardsavtalet.replaced_by = plan
    hemsjukvardsavtalet.save()
    factories.AgreementEventFactory(
        agreement=hemsjukvardsavtalet,
        kind=AgreementEvent.Kind.REPLACED,
        date=datetime.date(2021, 10, 1),
        new_end_date=datetime.date(2021, 10, 1),
    )
    agreement = reload(hemsjukvardsavtalet)
    assert agreement.state_on(datetime.date(2021, 9, 30)) == Agreement.State.EXPIRING
    assert agreement.state_on(datetime.date(2021, 10, 1)) == Agreement.State.SUPERSEDED


def test_agreement_without_dates_is_in_preparation():
    plan = factories.AgreementFactory(valid_from=None, valid_until=None)
    assert reload(plan).state_on(datetime.date(2021, 6, 4)) == Agreement.State.IN_PREPARATION


def test_state_label_is_swedish(hemsjukvardsavtalet):
    assert reload(hemsjukvardsavtalet).state_label_on(datetime.date(2022, 1, 1)) == "Har löpt ut"


def test_expiring_lists_agreements_ending_within_the_window(hemsjukvardsavtalet):
    factories.AgreementFactory(valid_until=datetime.date(2030, 1, 1))
    today = datetime.date(2021, 9, 1)
    assert list(Agreement.objects.expiring(today=today)) == [hemsjukvardsavtalet]
    assert not Agreement.objects.expiring(within=datetime.timedelta(days=30), today=today).exists()


def test_expiring_leaves_out_an_extended_agreement(hemsjukvardsavtalet):
    factories.AgreementEventFactory(
        agreement=hemsjukvardsavtalet, date=JUNE_2021, new_end_date=datetime.date(2022, 12, 31)
    )
    assert not Agreement.objects.expiring(today=datetime.date(2021, 9, 1)).exists()


def test_listing_agreements_with_dates_runs_one_query(django_assert_num_queries):
    """The derived dates are subqueries, so a list of agreements is one query however long."""
    for _ in range(5):
        factories.AgreementEventFactory()
    with django_assert_num_queries(1):
        states = [a.state_on(JUNE_2021) for a in Agreement.objects.with_dates()]
    assert len(states) == 5
