"""Reminders to the secretariat of agreements that end within 180, 90 and 30 days."""

import datetime
import io

import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from agreements.models import AgreementReminder
from tests import factories

pytestmark = pytest.mark.django_db


def in_days(days: int) -> datetime.date:
    return timezone.localdate() + datetime.timedelta(days=days)


def remind() -> None:
    call_command("agreement_reminders", stdout=io.StringIO(), stderr=io.StringIO())


@pytest.fixture
def secretariat_address(db):
    user = factories.UserFactory(username="sekr", email="sekretariat@example.se")
    user.groups.add(Group.objects.get(name="Sekretariat"))
    return user.email


def test_an_agreement_ending_within_180_days_is_reminded_of(mailoutbox, secretariat_address):
    factories.AgreementFactory(short_name="Hemsjukvårdsavtalet", valid_until=in_days(150))
    remind()
    [message] = mailoutbox
    assert message.to == [secretariat_address]
    assert "Hemsjukvårdsavtalet" in message.body
    assert "150 dagar kvar" in message.body


def test_an_agreement_ending_later_than_180_days_is_not(mailoutbox, secretariat_address):
    factories.AgreementFactory(valid_until=in_days(200))
    remind()
    assert mailoutbox == []


def test_each_threshold_is_reminded_of_once(mailoutbox, secretariat_address):
    factories.AgreementFactory(valid_until=in_days(150))
    remind()
    remind()
    assert len(mailoutbox) == 1


def test_the_next_threshold_is_reminded_of_when_passed(mailoutbox, secretariat_address):
    agreement = factories.AgreementFactory(valid_until=in_days(80))
    AgreementReminder.objects.create(agreement=agreement, threshold=180, end_date=in_days(80))
    remind()
    assert len(mailoutbox) == 1
    assert set(agreement.reminders.values_list("threshold", flat=True)) == {180, 90}


def test_an_agreement_first_seen_near_its_end_is_reminded_of_once(mailoutbox, secretariat_address):
    agreement = factories.AgreementFactory(valid_until=in_days(25))
    remind()
    remind()
    assert len(mailoutbox) == 1
    assert set(agreement.reminders.values_list("threshold", flat=True)) == {180, 90, 30}


def test_an_extended_agreement_is_reminded_of_again(mailoutbox, secretariat_address):
    agreement = factories.AgreementFactory(valid_until=in_days(20))
    remind()
    factories.AgreementEventFactory(
        agreement=agreement, date=timezone.localdate(), new_end_date=in_days(170)
    )
    remind()
    assert len(mailoutbox) == 2
    assert list(agreement.reminders.values_list("threshold", flat=True)) == [180]


def test_no_reminder_when_a_successor_is_decided(mailoutbox, secretariat_address):
    successor = factories.AgreementFactory(valid_from=in_days(60), valid_until=in_days(2000))
    factories.AgreementFactory(valid_until=in_days(59), replaced_by=successor)
    remind()
    assert mailoutbox == []


def test_a_successor_only_planned_does_not_stop_the_reminder(mailoutbox, secretariat_address):
    planned = factories.AgreementFactory(valid_from=None, valid_until=None)
    factories.AgreementFactory(valid_until=in_days(59), replaced_by=planned)
    remind()
    assert len(mailoutbox) == 1


def test_the_secretariat_email_setting_also_receives_it(mailoutbox, settings):
    settings.SECRETARIAT_EMAIL = "svom@example.se"
    factories.AgreementFactory(valid_until=in_days(100))
    remind()
    assert mailoutbox[0].to == ["svom@example.se"]


def test_without_a_recipient_nothing_is_recorded(mailoutbox, settings):
    settings.SECRETARIAT_EMAIL = ""
    factories.AgreementFactory(valid_until=in_days(100))
    remind()
    assert mailoutbox == []
    assert not AgreementReminder.objects.exists()


def test_the_one_reminder_per_threshold_is_a_database_constraint():
    from django.db import IntegrityError, transaction

    agreement = factories.AgreementFactory(valid_until=in_days(100))
    AgreementReminder.objects.create(agreement=agreement, threshold=180, end_date=in_days(100))
    with pytest.raises(IntegrityError), transaction.atomic():
        AgreementReminder.objects.create(agreement=agreement, threshold=180, end_date=in_days(100))


def test_the_admin_start_page_lists_the_agreements_reminded_of(client, admin_login, secretary):
    factories.AgreementFactory(short_name="Hemsjukvårdsavtalet", valid_until=in_days(100))
    admin_login(secretary)
    page = client.get(reverse("admin:index")).content.decode()
    assert "Avtal som löper ut" in page
    assert "Hemsjukvårdsavtalet" in page
