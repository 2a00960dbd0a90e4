"""E-mail alerts ("Bevaka"): who asked to hear about what, and what they have been sent.

A subscription is personal data: it holds the address, what is watched and when it was
asked for and confirmed, nothing else. Unconfirmed subscriptions are deleted after a week
(`send_alerts` does it on each run).
"""

from __future__ import annotations

import datetime

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from .agenda import AgendaItem
from .bodies import Body, Topic
from .people import Person

#: How long a confirmation link works, and how long an unconfirmed subscription is kept.
CONFIRMATION_PERIOD = datetime.timedelta(days=7)


class SubscriptionQuerySet(models.QuerySet):
    def confirmed(self) -> SubscriptionQuerySet:
        return self.exclude(confirmed_at=None)

    def unconfirmed_before(self, moment: datetime.datetime) -> SubscriptionQuerySet:
        """Subscriptions asked for before `moment` and never confirmed."""
        return self.filter(confirmed_at=None, created_at__lt=moment)

    def expired_unconfirmed(self, now: datetime.datetime | None = None) -> SubscriptionQuerySet:
        """Unconfirmed subscriptions whose confirmation link no longer works."""
        return self.unconfirmed_before((now or timezone.now()) - CONFIRMATION_PERIOD)

    def of(self, email: str) -> SubscriptionQuerySet:
        return self.filter(email__iexact=email.strip())


class Subscription(models.Model):
    """An e-mail address's request to hear about new public paragraphs of one target."""

    class Kind(models.TextChoices):
        BODY = "body", _("Organ")
        TOPIC = "topic", _("Område")
        PERSON = "person", _("Person")
        AGREEMENT = "agreement", _("Avtal")
        SEARCH = "search", _("Sökning")

    #: Which field holds the target of each kind.
    TARGET_FIELDS = {
        Kind.BODY: "body",
        Kind.TOPIC: "topic",
        Kind.PERSON: "person",
        Kind.AGREEMENT: "agreement",
        Kind.SEARCH: "query",
    }

    email = models.EmailField(_("e-postadress"))
    kind = models.CharField(_("bevakar"), max_length=20, choices=Kind.choices)
    body = models.ForeignKey(
        Body,
        verbose_name=_("organ"),
        on_delete=models.CASCADE,
        related_name="subscriptions",
        null=True,
        blank=True,
    )
    topic = models.ForeignKey(
        Topic,
        verbose_name=_("område"),
        on_delete=models.CASCADE,
        related_name="subscriptions",
        null=True,
        blank=True,
    )
    person = models.ForeignKey(
        Person,
        verbose_name=_("person"),
        on_delete=models.CASCADE,
        related_name="subscriptions",
        null=True,
        blank=True,
    )
    agreement = models.ForeignKey(
        "agreements.Agreement",
        verbose_name=_("avtal"),
        on_delete=models.CASCADE,
        related_name="subscriptions",
        null=True,
        blank=True,
    )
    query = models.CharField(_("sökfråga"), max_length=200, blank=True)
    created_at = models.DateTimeField(_("skapad"), default=timezone.now)
    confirmed_at = models.DateTimeField(_("bekräftad"), null=True, blank=True)

    objects = SubscriptionQuerySet.as_manager()

    class Meta:
        ordering = ["email", "created_at", "pk"]
        verbose_name = _("bevakning")
        verbose_name_plural = _("bevakningar")
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(
                        kind="body",
                        body__isnull=False,
                        topic=None,
                        person=None,
                        agreement=None,
                        query="",
                    )
                    | Q(
                        kind="topic",
                        topic__isnull=False,
                        body=None,
                        person=None,
                        agreement=None,
                        query="",
                    )
                    | Q(
                        kind="person",
                        person__isnull=False,
                        body=None,
                        topic=None,
                        agreement=None,
                        query="",
                    )
                    | Q(
                        kind="agreement",
                        agreement__isnull=False,
                        body=None,
                        topic=None,
                        person=None,
                        query="",
                    )
                    | (
                        Q(kind="search", body=None, topic=None, person=None, agreement=None)
                        & ~Q(query="")
                    )
                ),
                name="subscription_has_exactly_its_target",
                violation_error_message=_(
                    "En bevakning gäller precis ett organ, ett område, "
                    "en person, ett avtal eller en sökning."
                ),
            ),
            *(
                models.UniqueConstraint(
                    "email",
                    field,
                    condition=Q(kind=kind),
                    name=f"one_{kind}_subscription_per_address",
                    violation_error_message=_("Adressen bevakar redan detta."),
                )
                for kind, field in (
                    ("body", "body"),
                    ("topic", "topic"),
                    ("person", "person"),
                    ("agreement", "agreement"),
                    ("search", "query"),
                )
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.target_label()}"

    @property
    def is_confirmed(self) -> bool:
        return self.confirmed_at is not None

    @property
    def target(self):
        """The body, topic, person or agreement watched, or the query of a search."""
        return getattr(self, self.TARGET_FIELDS[self.kind])

    def target_label(self) -> str:
        if self.kind == self.Kind.SEARCH:
            return gettext("sökningen ”%(query)s”") % {"query": self.query}
        return str(self.target)

    def confirm(self, at: datetime.datetime | None = None) -> None:
        if self.confirmed_at is None:
            self.confirmed_at = at or timezone.now()
            self.save(update_fields=["confirmed_at"])


class SentAlert(models.Model):
    """A paragraph that one subscription's digest has announced: never announced twice."""

    subscription = models.ForeignKey(
        Subscription,
        verbose_name=_("bevakning"),
        on_delete=models.CASCADE,
        related_name="sent_alerts",
    )
    # Deleting a paragraph (possible only before adjustment) forgets that it was sent.
    agenda_item = models.ForeignKey(
        AgendaItem,
        verbose_name=_("paragraf"),
        on_delete=models.CASCADE,
        related_name="sent_alerts",
    )
    sent_at = models.DateTimeField(_("skickad"), default=timezone.now)

    class Meta:
        verbose_name = _("skickad bevakning")
        verbose_name_plural = _("skickade bevakningar")
        constraints = [
            models.UniqueConstraint(
                "subscription",
                "agenda_item",
                name="paragraph_sent_once_per_subscription",
                violation_error_message=_("Paragrafen har redan skickats till bevakningen."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.subscription_id}: {self.agenda_item_id}"
