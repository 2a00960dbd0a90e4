"""Agreements between the region and the municipalities, and the events of their life."""

from __future__ import annotations

import datetime

from concurrency.fields import IntegerVersionField
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from decisions.models import Decision
from meetings.models import Organisation

#: How soon before its end an agreement counts as expiring.
EXPIRING_WITHIN = datetime.timedelta(days=180)


class AgreementQuerySet(models.QuerySet):
    def with_dates(self) -> AgreementQuerySet:
        """Annotate the dates derived from the events: `end_date`, `terminated_on`, `replaced_on`.

        The current end date is the new end date of the latest event that set one
        (extension, amendment, termination), or the agreement's original end date; it is
        never stored, so a decision and the agreement cannot disagree.
        """
        events = AgreementEvent.objects.filter(agreement=OuterRef("pk"))
        latest_end = (
            events.exclude(new_end_date=None).order_by("-date", "-pk").values("new_end_date")[:1]
        )

        def first_date_of(kind: str) -> Subquery:
            return Subquery(events.filter(kind=kind).order_by("date").values("date")[:1])

        return self.annotate(
            end_date=Coalesce(Subquery(latest_end), F("valid_until")),
            terminated_on=first_date_of(AgreementEvent.Kind.TERMINATED),
            replaced_on=first_date_of(AgreementEvent.Kind.REPLACED),
        )

    def with_timeline_for(self, user) -> AgreementQuerySet:
        """Everything the agreement page shows, in a fixed number of queries.

        Each event's `visible_decision` is its decision if the user may read the decision's
        paragraph (AgendaItem.visible_to), else None: a hidden decision is never loaded.
        """
        return (
            self.with_dates()
            .select_related("replaced_by")
            .prefetch_related(
                "parties",
                "replaces",
                models.Prefetch("events", queryset=AgreementEvent.objects.order_by("date", "pk")),
                # Spelled as a second lookup, not nested in the events' queryset: nested,
                # Django fetches each event's decision again, one query per event.
                models.Prefetch(
                    "events__decision",
                    queryset=Decision.objects.visible_to(user).select_related(
                        "agenda_item__meeting__body"
                    ),
                    to_attr="visible_decision",
                ),
            )
        )

    def expiring(
        self, within: datetime.timedelta = EXPIRING_WITHIN, today: datetime.date | None = None
    ) -> AgreementQuerySet:
        """Agreements in force whose end date falls within `within` from `today`."""
        today = today or timezone.localdate()
        return self.with_dates().filter(
            end_date__gte=today,
            end_date__lte=today + within,
            terminated_on=None,
            replaced_on=None,
        )

    def needing_attention(
        self, within: datetime.timedelta = EXPIRING_WITHIN, today: datetime.date | None = None
    ) -> AgreementQuerySet:
        """Agreements that expire within `within`, or have expired with no successor in force.

        An expired agreement whose replacement is only planned (a successor without a start
        date) still needs attention: nothing governs the area.
        """
        today = today or timezone.localdate()
        return self.with_dates().filter(
            Q(end_date__gte=today, end_date__lte=today + within)
            | Q(end_date__lt=today)
            & (Q(replaced_by=None) | Q(replaced_by__valid_from=None))
            & Q(replaced_on=None),
            terminated_on=None,
        )

    def due_for_reminder(
        self, within: datetime.timedelta = EXPIRING_WITHIN, today: datetime.date | None = None
    ) -> AgreementQuerySet:
        """The agreements of `needing_attention` that have not yet ended and have no decided
        successor (none, or one only planned, without a start date): the secretariat is
        reminded of these (`manage.py agreement_reminders`)."""
        today = today or timezone.localdate()
        return self.needing_attention(within, today).filter(
            Q(replaced_by=None) | Q(replaced_by__valid_from=None), end_date__gte=today
        )


class Agreement(models.Model):
    """An agreement between the parties, such as the Hemsjukvårdsavtalet."""

    class State(models.TextChoices):
        IN_PREPARATION = "in_preparation", _("Under framtagande")
        NOT_YET_IN_FORCE = "not_yet_in_force", _("Ännu inte i kraft")
        IN_FORCE = "in_force", _("Gäller")
        EXPIRING = "expiring", _("Löper snart ut")
        EXPIRED = "expired", _("Har löpt ut")
        TERMINATED = "terminated", _("Uppsagt")
        SUPERSEDED = "superseded", _("Ersatt")

    short_name = models.CharField(
        _("kortnamn"), max_length=120, unique=True, help_text=_("Till exempel Hemsjukvårdsavtalet.")
    )
    slug = models.SlugField(_("adressnamn"), max_length=120, unique=True)
    title = models.CharField(_("fullständig titel"), max_length=400)
    description = models.TextField(_("beskrivning"), blank=True)
    parties = models.ManyToManyField(
        Organisation, verbose_name=_("parter"), related_name="agreements", blank=True
    )
    signed_on = models.DateField(_("undertecknat"), null=True, blank=True)
    valid_from = models.DateField(
        _("gäller från"), null=True, blank=True, help_text=_("Tomt medan avtalet tas fram.")
    )
    valid_until = models.DateField(
        _("gäller till och med (ursprungligen)"),
        null=True,
        blank=True,
        help_text=_(
            "Slutdatum när avtalet ingicks. Förlängningar och uppsägningar läggs in som "
            "händelser; det aktuella slutdatumet räknas fram ur dem."
        ),
    )
    replaced_by = models.ForeignKey(
        "self",
        verbose_name=_("ersätts av"),
        on_delete=models.PROTECT,
        related_name="replaces",
        null=True,
        blank=True,
        help_text=_("Det avtal eller den plan som ersätter avtalet, även om det är planerat."),
    )

    version = IntegerVersionField(
        verbose_name=_("version"),
        help_text=_("Ändras vid varje sparning: fångar samtidiga ändringar."),
    )

    objects = AgreementQuerySet.as_manager()
    history = HistoricalRecords(m2m_fields=[parties], excluded_fields=["version"])

    class Meta:
        ordering = ["short_name"]
        verbose_name = _("avtal")
        verbose_name_plural = _("avtal")
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_from__isnull=True)
                | Q(valid_until__isnull=True)
                | Q(valid_until__gt=F("valid_from")),
                name="agreement_ends_after_it_starts",
                violation_error_message=_("Avtalet måste sluta efter att det börjar gälla."),
            ),
            models.CheckConstraint(
                condition=~Q(replaced_by=F("pk")),
                name="agreement_is_not_replaced_by_itself",
                violation_error_message=_("Ett avtal kan inte ersättas av sig självt."),
            ),
        ]

    def __str__(self) -> str:
        return self.short_name

    def get_absolute_url(self) -> str:
        return reverse("agreements:detail", kwargs={"slug": self.slug})

    def state_on(self, today: datetime.date | None = None) -> str:
        """The agreement's state on `today`, from the dates annotated by `with_dates()`."""
        today = today or timezone.localdate()
        end_date = self.end_date
        if self.replaced_on and self.replaced_on <= today:
            return self.State.SUPERSEDED
        if self.terminated_on and (end_date is None or end_date < today):
            return self.State.TERMINATED
        if self.valid_from is None:
            return self.State.IN_PREPARATION
        if self.valid_from > today:
            return self.State.NOT_YET_IN_FORCE
        if end_date is None:
            return self.State.IN_FORCE
        if end_date < today:
            return self.State.EXPIRED
        if end_date - today <= EXPIRING_WITHIN:
            return self.State.EXPIRING
        return self.State.IN_FORCE

    def state_label_on(self, today: datetime.date | None = None) -> str:
        return self.State(self.state_on(today)).label

    def summary(self) -> str:
        """A line for link previews and search engines: the description, else the title."""
        return Truncator(" ".join(self.description.split()) or self.title).chars(200)


class AgreementEvent(models.Model):
    """Something that happened to an agreement, usually because of a decision."""

    class Kind(models.TextChoices):
        SIGNED = "signed", _("Undertecknat")
        EXTENDED = "extended", _("Förlängt")
        AMENDED = "amended", _("Ändrat")
        TERMINATED = "terminated", _("Uppsagt")
        REPLACED = "replaced", _("Ersatt")

    agreement = models.ForeignKey(
        Agreement, verbose_name=_("avtal"), on_delete=models.CASCADE, related_name="events"
    )
    kind = models.CharField(_("händelse"), max_length=20, choices=Kind.choices)
    date = models.DateField(
        _("datum"), help_text=_("Dagen då händelsen inträffade eller beslutades.")
    )
    new_end_date = models.DateField(
        _("nytt slutdatum"),
        null=True,
        blank=True,
        help_text=_("Gäller till och med detta datum efter händelsen. Krävs vid förlängning."),
    )
    decision = models.ForeignKey(
        Decision,
        verbose_name=_("beslut"),
        on_delete=models.PROTECT,
        related_name="agreement_events",
        null=True,
        blank=True,
        help_text=_("Det SVOM-beslut som ledde till händelsen."),
    )
    note = models.TextField(_("anteckning"), blank=True)

    version = IntegerVersionField(
        verbose_name=_("version"),
        help_text=_("Ändras vid varje sparning: fångar samtidiga ändringar."),
    )

    history = HistoricalRecords(excluded_fields=["version"])

    class Meta:
        ordering = ["agreement", "date", "pk"]
        verbose_name = _("avtalshändelse")
        verbose_name_plural = _("avtalshändelser")
        constraints = [
            models.CheckConstraint(
                condition=~Q(kind="extended") | Q(new_end_date__isnull=False),
                name="extension_has_new_end_date",
                violation_error_message=_("En förlängning måste ha ett nytt slutdatum."),
            ),
            models.CheckConstraint(
                condition=Q(new_end_date__isnull=True) | Q(new_end_date__gte=F("date")),
                name="new_end_date_not_before_event",
                violation_error_message=_(
                    "Det nya slutdatumet kan inte ligga före händelsens eget datum."
                ),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.agreement}: {self.get_kind_display()} {self.date.isoformat()}"

    def clean(self) -> None:
        if not self.decision_id:
            return
        decided_on = Decision.objects.values_list("agenda_item__meeting__date", flat=True).get(
            pk=self.decision_id
        )
        errors = {}
        if self.date and self.date < decided_on:
            errors["date"] = _(
                "Händelsen kan inte ligga före det beslut som orsakade den (%(date)s)."
            )
        if self.new_end_date and self.new_end_date < decided_on:
            errors["new_end_date"] = _(
                "Det nya slutdatumet kan inte ligga före beslutet (%(date)s)."
            )
        if errors:
            raise ValidationError(
                {
                    field: message % {"date": decided_on.isoformat()}
                    for field, message in errors.items()
                }
            )


class AgreementReminder(models.Model):
    """A reminder e-mailed to the secretariat that an agreement ends soon: one per threshold."""

    class Threshold(models.IntegerChoices):
        DAYS_180 = 180, _("180 dagar kvar")
        DAYS_90 = 90, _("90 dagar kvar")
        DAYS_30 = 30, _("30 dagar kvar")

    agreement = models.ForeignKey(
        Agreement, verbose_name=_("avtal"), on_delete=models.CASCADE, related_name="reminders"
    )
    threshold = models.PositiveSmallIntegerField(_("påminnelse"), choices=Threshold.choices)
    end_date = models.DateField(
        _("slutdatum"),
        help_text=_(
            "Slutdatumet som påminnelsen gällde. Förlängs avtalet glöms påminnelsen, så att "
            "det nya slutdatumet påminns om på nytt."
        ),
    )
    sent_at = models.DateTimeField(_("skickad"), default=timezone.now)

    class Meta:
        ordering = ["agreement", "-threshold"]
        verbose_name = _("avtalspåminnelse")
        verbose_name_plural = _("avtalspåminnelser")
        constraints = [
            models.UniqueConstraint(
                "agreement",
                "threshold",
                name="one_reminder_per_agreement_and_threshold",
                violation_error_message=_("Påminnelsen har redan skickats för avtalet."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.agreement}: {self.get_threshold_display()}"
