"""E-mail the secretariat about agreements that end within 180, 90 and 30 days.

Only agreements without a decided successor (`Agreement.objects.due_for_reminder`, the
same agreements the admin's start page lists under "Avtal som löper ut"), once per
threshold and agreement (agreements.AgreementReminder). An agreement first seen with 25
days left is reminded of once, not three times. Run daily from cron (see README).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import EmailMessage
from django.core.management.base import BaseCommand
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone

from agreements.models import Agreement, AgreementReminder

#: The secretariat's group (see meetings migration 0002).
SECRETARIAT_GROUP = "Sekretariat"
THRESHOLDS = sorted(AgreementReminder.Threshold.values, reverse=True)


@dataclass
class Due:
    agreement: Agreement
    days: int
    thresholds: list[int]


def recipients() -> list[str]:
    """The secretariat's members with an address, and SECRETARIAT_EMAIL if set."""
    users = (
        get_user_model()
        .objects.filter(groups__name=SECRETARIAT_GROUP, is_active=True)
        .exclude(email="")
    )
    addresses = sorted({email.lower() for email in users.values_list("email", flat=True)})
    if settings.SECRETARIAT_EMAIL and settings.SECRETARIAT_EMAIL.lower() not in addresses:
        addresses.append(settings.SECRETARIAT_EMAIL)
    return addresses


def due_reminders(today: datetime.date) -> list[Due]:
    """Each agreement with a threshold passed and not yet reminded of, with those thresholds."""
    due = []
    agreements = Agreement.objects.due_for_reminder(
        within=datetime.timedelta(days=max(THRESHOLDS)), today=today
    ).order_by("end_date", "short_name")
    for agreement in agreements.prefetch_related("reminders"):
        days = (agreement.end_date - today).days
        # A reminder about an end date since moved (an extension) no longer counts.
        sent = {r.threshold for r in agreement.reminders.all() if r.end_date == agreement.end_date}
        passed = [threshold for threshold in THRESHOLDS if days <= threshold]
        missing = [threshold for threshold in passed if threshold not in sent]
        if missing:
            due.append(Due(agreement, days, missing))
    return due


class Command(BaseCommand):
    help = "Påminn sekretariatet om avtal som löper ut inom 180, 90 och 30 dagar."

    def handle(self, *args, **options) -> None:
        today = timezone.localdate()
        due = due_reminders(today)
        if not due:
            self.stdout.write("Inga avtal att påminna om.")
            return
        to = recipients()
        if not to:
            # Nothing is recorded: the reminders go out once someone can receive them.
            self.stderr.write(
                "Ingen mottagare: lägg e-post på en användare i gruppen Sekretariat "
                "eller sätt DJANGO_SECRETARIAT_EMAIL."
            )
            return
        body = render_to_string(
            "emails/agreement_reminder.txt", {"reminders": due, "site_url": settings.SITE_URL}
        )
        subject = "Avtal som löper ut: " + ", ".join(d.agreement.short_name for d in due)
        EmailMessage(subject[:200], body, to=to).send()
        with transaction.atomic():
            for item in due:
                AgreementReminder.objects.filter(agreement=item.agreement).exclude(
                    end_date=item.agreement.end_date
                ).delete()
                AgreementReminder.objects.bulk_create(
                    [
                        AgreementReminder(
                            agreement=item.agreement,
                            threshold=threshold,
                            end_date=item.agreement.end_date,
                        )
                        for threshold in item.thresholds
                    ]
                )
        self.stdout.write(f"Påminnelse om {len(due)} avtal skickad till {len(to)} mottagare.")
