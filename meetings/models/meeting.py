"""A meeting (sammanträde); who attended it and the approvals of its protocol are in
`attendance`.

The words of a meeting's life, one idea each: the *agenda* is published with the
kallelse (`agenda_published_at`); the protocol is *adjusted* (justerat); the adjustment is
*posted* (anslaget, `posted_on`) on the *notice board* (anslagstavlan) until the appeal
period has run.
"""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING

from concurrency.fields import IntegerVersionField
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from . import record
from .bodies import Body
from .people import Person

if TYPE_CHECKING:
    from .attendance import Attendance


class MeetingQuerySet(models.QuerySet):
    # The paragraphs' module imports Meeting, so Meeting's queries import the paragraphs
    # when they run rather than when this module loads.

    def update(self, **kwargs) -> int:
        if set(kwargs) & set(Meeting.ACTION_FIELDS) and not record.in_action():
            raise record.RecordLocked(
                _("Mötets status ändras bara genom dess åtgärder."), code="status_by_actions"
            )
        return super().update(**kwargs)

    def visible_to(self, user) -> MeetingQuerySet:
        """Meetings the user may see, each with only the paragraphs the user may read.

        A meeting's date, place and state are public from the moment it is planned: the
        meeting schedule (sammanträdesplan) is a public document. What of the meeting a
        visitor sees is decided by the paragraphs' and attachments' own rules, applied
        here to the prefetched `agenda_items` so that no page can forget them.
        """
        from .agenda import AgendaItem

        return self.prefetch_related(
            models.Prefetch(
                "agenda_items",
                queryset=AgendaItem.objects.on_agenda_for(user).order_by("position"),
            )
        )

    def with_readable_protocol(self, user) -> MeetingQuerySet:
        """Meetings whose protocol, or a paragraph of it, the user may read.

        Who chaired, adjusted and attended a meeting is part of its protocol, so those names
        are public exactly when the protocol is adjusted or one of its paragraphs is public.
        """
        from .agenda import AgendaItem, can_see_unpublished

        if can_see_unpublished(user):
            return self.all()
        readable = AgendaItem.objects.visible_to(user).filter(meeting=models.OuterRef("pk"))
        return self.filter(Q(status=Meeting.Status.ADJUSTED) | models.Exists(readable))

    def with_protocol_for(self, user) -> MeetingQuerySet:
        """Everything the protocol page shows, in a fixed number of queries.

        `agenda_items` holds the agenda the user may see (titles and public documents);
        `readable_items` the paragraphs whose minutes the user may read, with their
        decisions, motions, votes, reservations, assignments and attachments.
        """
        from .agenda import AgendaItem, Attachment
        from .attendance import AdjustmentApproval, Attendance

        return (
            self.visible_to(user)
            .select_related("body", "chair", "chair__organisation")
            .prefetch_related(
                "adjusters",
                models.Prefetch(
                    "approvals",
                    queryset=AdjustmentApproval.objects.valid().select_related("person"),
                    to_attr="valid_approvals",
                ),
                models.Prefetch(
                    "attendances",
                    queryset=Attendance.objects.select_related(
                        "person", "person__organisation", "organisation"
                    ).order_by("role", "person__name"),
                ),
                models.Prefetch(
                    "agenda_items__attachments", queryset=Attachment.objects.visible_to(user)
                ),
                models.Prefetch(
                    "agenda_items",
                    queryset=AgendaItem.objects.visible_to(user)
                    .order_by("position")
                    .with_minutes_for(user),
                    to_attr="readable_items",
                ),
            )
        )

    def awaiting_adjustment(self) -> MeetingQuerySet:
        """Held meetings whose protocol is not adjusted yet, oldest first."""
        return self.filter(status=Meeting.Status.HELD).order_by("date")

    def on_notice_board(self) -> MeetingQuerySet:
        """Adjusted protocols whose adjustment has been posted (anslagits), newest first."""
        return (
            self.filter(body__posts_adjustments=True, posted_on__isnull=False)
            .select_related("body")
            .order_by("-posted_on", "-date")
        )

    def current_postings(self, today: datetime.date | None = None) -> MeetingQuerySet:
        """Notices on the board today: posted, and the appeal period not yet run."""
        today = today or timezone.localdate()
        return self.on_notice_board().filter(
            posted_on__lte=today, posted_on__gte=today - Meeting.APPEAL_PERIOD
        )

    def past_postings(self, today: datetime.date | None = None) -> MeetingQuerySet:
        """Notices whose appeal period has run: the board's archive."""
        today = today or timezone.localdate()
        return self.on_notice_board().filter(posted_on__lt=today - Meeting.APPEAL_PERIOD)

    def upcoming(self, today: datetime.date | None = None) -> MeetingQuerySet:
        """Planned meetings from today on, soonest first."""
        today = today or timezone.localdate()
        return (
            self.filter(date__gte=today)
            .exclude(status=Meeting.Status.CANCELLED)
            .order_by("date", "start_time")
        )


class Meeting(models.Model):
    """One meeting (sammanträde) of a body."""

    class Status(models.TextChoices):
        PLANNED = "planned", _("Planerat")
        AGENDA_PUBLISHED = "agenda_published", _("Kallelse publicerad")
        HELD = "held", _("Genomfört")
        ADJUSTED = "adjusted", _("Justerat")
        CANCELLED = "cancelled", _("Inställt")

    class AdjustmentMethod(models.TextChoices):
        DIGITAL = "digital", _("Digitalt")
        PAPER = "paper", _("På papper")

    ADJUSTED_PROTOCOL_LOCKED = _(
        "Protokollet är justerat: mötets ordförande, justerare, tider, plats och närvaro "
        "ingår i det och kan inte ändras."
    )
    #: The body and date are part of an adjusted protocol (and of its § numbers' year).
    ADJUSTED_PROTOCOL_STAYS = _(
        "Mötet har justerade paragrafer: dess organ och datum ingår i protokollet och kan "
        "inte ändras."
    )
    #: Part of the adjusted protocol: locked once it is adjusted, like the attendance and
    #: the adjusters (see meetings.models.record).
    PROTOCOL_FIELDS = ("chair_id", "start_time", "end_time", "place", "is_digital")
    #: Moved only by the services' actions (meetings.services), each logged.
    ACTION_FIELDS = ("status", "agenda_published_at", "adjusted_at", "adjustment_method")

    #: Kommunallagen 5 kap. 69 §: the protocol is adjusted within 14 days of the meeting.
    ADJUSTMENT_DEADLINE = datetime.timedelta(days=14)
    #: Kommunallagen 8 kap. 12 §: the adjustment is posted no later than the second day after.
    POSTING_DEADLINE = datetime.timedelta(days=2)
    #: Kommunallagen 13 kap. 5 §: an appeal comes in within three weeks of the posting.
    APPEAL_PERIOD = datetime.timedelta(weeks=3)

    body = models.ForeignKey(
        Body, verbose_name=_("organ"), on_delete=models.PROTECT, related_name="meetings"
    )
    date = models.DateField(_("datum"))
    start_time = models.TimeField(_("starttid"), null=True, blank=True)
    end_time = models.TimeField(_("sluttid"), null=True, blank=True)
    place = models.CharField(_("plats"), max_length=200, blank=True)
    is_digital = models.BooleanField(
        _("digitalt möte"), default=False, help_text=_("Mötet hölls via länk.")
    )
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=Status.choices,
        default=Status.PLANNED,
        help_text=_(
            "Från och med publicerad kallelse ser allmänheten dagordningens rubriker och "
            "de offentliga handlingarna; protokollet först när det är justerat."
        ),
    )
    chair = models.ForeignKey(
        Person,
        verbose_name=_("ordförande"),
        on_delete=models.PROTECT,
        related_name="meetings_chaired",
        null=True,
        blank=True,
    )
    adjusters = models.ManyToManyField(
        Person,
        verbose_name=_("justerare"),
        related_name="meetings_adjusted",
        blank=True,
        help_text=_("De som valdes under paragrafen Val av justerare."),
    )
    adjustment_planned_on = models.DateField(
        _("planerad justering"),
        null=True,
        blank=True,
        help_text=_("Dag för justering, samma dag som mötet eller senare."),
    )
    adjustment_place = models.CharField(_("plats för justering"), max_length=200, blank=True)
    agenda_published_at = models.DateTimeField(_("kallelse publicerad"), null=True, blank=True)
    adjusted_at = models.DateTimeField(
        _("protokollet justerat"),
        null=True,
        blank=True,
        help_text=_("Sätts när protokollet justeras, digitalt eller på papper."),
    )
    adjustment_method = models.CharField(
        _("justeringssätt"), max_length=10, choices=AdjustmentMethod.choices, blank=True
    )
    posted_on = models.DateField(
        _("anslaget"),
        null=True,
        blank=True,
        help_text=_(
            "Dagen då justeringen tillkännagavs på anslagstavlan, senast andra dagen efter "
            "justeringen."
        ),
    )
    note = models.TextField(
        _("anteckning"), blank=True, help_text=_("Intern anteckning, visas inte för allmänheten.")
    )

    version = IntegerVersionField(
        verbose_name=_("version"),
        help_text=_("Ändras vid varje sparning: fångar samtidiga ändringar."),
    )

    objects = MeetingQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=["version"])

    class Meta:
        ordering = ["-date", "-start_time"]
        get_latest_by = "date"
        verbose_name = _("möte")
        verbose_name_plural = _("möten")
        # The meeting list, the calendar and the decision register go newest first.
        indexes = [models.Index(fields=["-date", "-start_time"], name="meetings_newest_first")]
        constraints = [
            models.UniqueConstraint(
                fields=["body", "date"],
                name="one_meeting_per_body_and_day",
                violation_error_message=_("Organet har redan ett möte den dagen."),
            ),
            models.CheckConstraint(
                condition=Q(start_time__isnull=True)
                | Q(end_time__isnull=True)
                | Q(end_time__gt=models.F("start_time")),
                name="meeting_ends_after_it_starts",
                violation_error_message=_("Mötet måste sluta efter att det har börjat."),
            ),
            models.CheckConstraint(
                condition=~Q(status="adjusted") | Q(adjusted_at__isnull=False),
                name="adjusted_meeting_has_adjustment_time",
                violation_error_message=_("Ett justerat protokoll har en justeringstid."),
            ),
            models.CheckConstraint(
                condition=Q(posted_on__isnull=True) | Q(adjusted_at__isnull=False),
                name="posting_only_after_adjustment",
                violation_error_message=_(
                    "Justeringen kan anslås först när protokollet är justerat."
                ),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.body} {self.date.isoformat()}"

    def save(self, *args, **kwargs) -> None:
        if not self._state.adding:
            self._refuse_changes_outside_actions()
        super().save(*args, **kwargs)
        # Paragraph numbers are unique per body and year; the paragraphs carry both so
        # that the database can enforce it, and follow their meeting when it moves.
        self.agenda_items.exclude(body=self.body, year=self.date.year).update(
            body=self.body, year=self.date.year
        )

    def get_absolute_url(self) -> str:
        return reverse(
            "meetings:detail", kwargs={"body": self.body.slug, "date": self.date.isoformat()}
        )

    def _refuse_changes_outside_actions(self) -> None:
        stored = (
            Meeting.objects.filter(pk=self.pk)
            .values(*self.ACTION_FIELDS, *self.PROTOCOL_FIELDS)
            .first()
        )
        if stored is None:
            return
        if self._changes_an_adjusted_protocol(stored):
            raise record.RecordLocked(self.ADJUSTED_PROTOCOL_LOCKED, code="record_locked")
        if not record.in_action() and any(
            stored[field] != getattr(self, field) for field in self.ACTION_FIELDS
        ):
            raise record.RecordLocked(
                _(
                    "Mötets status ändras bara genom dess åtgärder: publicera kallelsen, "
                    "markera som genomfört, registrera justering eller ställ in mötet."
                ),
                code="status_by_actions",
            )
        if self._moves_an_adjusted_protocol():
            raise record.RecordLocked(self.ADJUSTED_PROTOCOL_STAYS, code="record_locked")

    def _changes_an_adjusted_protocol(self, stored: dict) -> bool:
        return stored["status"] == self.Status.ADJUSTED and any(
            stored[field] != getattr(self, field) for field in self.PROTOCOL_FIELDS
        )

    def _moves_an_adjusted_protocol(self) -> bool:
        """Whether the meeting is moving to another body or date with adjusted paragraphs."""
        stored = Meeting.objects.filter(pk=self.pk).values("body_id", "date").first()
        moved = stored is not None and (stored["body_id"], stored["date"]) != (
            self.body_id,
            self.date,
        )
        return moved and self.agenda_items.filter(state="adjusted").exists()

    @property
    def starts_at(self) -> datetime.datetime:
        """When the meeting began, in the local time zone: its day's start if no time is set."""
        return timezone.make_aware(
            datetime.datetime.combine(self.date, self.start_time or datetime.time.min)
        )

    def too_early_to_adjust(self, at: datetime.datetime) -> str | None:
        """Why the protocol cannot have been adjusted at `at`, or None if it can: not before
        the meeting began (on its day, when it has no start time)."""
        if at >= self.starts_at:
            return None
        start = self.starts_at if self.start_time else None
        return _("Justeringen (%(at)s) kan inte ligga före mötets början (%(start)s).") % {
            "at": _minute(at),
            "start": _minute(start) if start else self.date.isoformat(),
        }

    @property
    def adjustment_deadline(self) -> datetime.date:
        """The last day on which the protocol may be adjusted (Kommunallagen 5 kap. 69 §)."""
        return self.date + self.ADJUSTMENT_DEADLINE

    def days_left_to_adjust(self, today: datetime.date | None = None) -> int:
        """Days until the adjustment deadline; negative when it has passed."""
        return (self.adjustment_deadline - (today or timezone.localdate())).days

    @property
    def is_planned(self) -> bool:
        """Not held yet: its page is the notice (kallelse), not a protocol."""
        return self.status in (self.Status.PLANNED, self.Status.AGENDA_PUBLISHED)

    @property
    def is_held(self) -> bool:
        """Held, and the protocol not yet adjusted."""
        return self.status == self.Status.HELD

    @property
    def is_adjusted(self) -> bool:
        return self.status == self.Status.ADJUSTED

    @property
    def is_cancelled(self) -> bool:
        return self.status == self.Status.CANCELLED

    @property
    def adjusted_on(self) -> datetime.date | None:
        return timezone.localdate(self.adjusted_at) if self.adjusted_at else None

    @property
    def latest_posting_date(self) -> datetime.date | None:
        """The posting goes up no later than the second day after adjustment (8 kap. 12 §)."""
        return self.adjusted_on + self.POSTING_DEADLINE if self.adjusted_at else None

    @property
    def appeal_period_ends_on(self) -> datetime.date | None:
        """The last day to appeal: three weeks from the day of posting (13 kap. 5 §).

        Plain calendar arithmetic: the law counts calendar days, so weekends and public
        holidays move nothing here. The posting stays on the board through this day.
        """
        return self.posted_on + self.APPEAL_PERIOD if self.posted_on else None

    @property
    def posting_taken_down_on(self) -> datetime.date | None:
        """The posting comes down the day after the appeal period has run."""
        ends = self.appeal_period_ends_on
        return ends + datetime.timedelta(days=1) if ends else None

    def void_approvals(self) -> int:
        """Void the digital approvals given so far: the protocol changed after them."""
        return self.approvals.filter(voided_at=None).update(voided_at=timezone.now())

    def attendance_groups(self) -> list[tuple[str, list[Attendance]]]:
        """The attendance grouped by role, in the order of Attendance.Role."""
        from .attendance import Attendance

        groups: dict[str, list[Attendance]] = {}
        for attendance in self.attendances.all():
            groups.setdefault(attendance.role, []).append(attendance)
        return [(label, groups[role]) for role, label in Attendance.Role.choices if role in groups]

    def clean(self) -> None:
        self._refuse_inconsistent_times()
        self._refuse_inconsistent_adjustment()
        if (
            self.posted_on
            and self.adjusted_at
            and not self.adjusted_on <= self.posted_on <= self.latest_posting_date
        ):
            raise ValidationError(
                {
                    "posted_on": _(
                        "Justeringen ska anslås från justeringsdagen till och med andra "
                        "dagen efter den (%(first)s – %(last)s)."
                    )
                    % {
                        "first": self.adjusted_on.isoformat(),
                        "last": self.latest_posting_date.isoformat(),
                    }
                }
            )
        if self.pk and self._moves_an_adjusted_protocol():
            raise ValidationError(self.ADJUSTED_PROTOCOL_STAYS)
        stored = (
            Meeting.objects.filter(pk=self.pk).values("status", *self.PROTOCOL_FIELDS).first()
            if self.pk
            else None
        )
        if stored and self._changes_an_adjusted_protocol(stored):
            raise ValidationError(self.ADJUSTED_PROTOCOL_LOCKED)
        if self.pk and self.body_id and self.date:
            numbers = self.agenda_items.values_list("number", flat=True)
            taken = self.agenda_items.model.objects.numbers_taken(
                self.body_id, self.date.year, numbers, exclude_meeting_id=self.pk
            )
            if taken.exists():
                raise ValidationError(
                    _("Paragrafnumren krockar med ett annat möte samma år: %(numbers)s.")
                    % {"numbers": ", ".join(f"§ {item.number}" for item in taken)}
                )

    def _refuse_inconsistent_times(self) -> None:
        """The sentences of the constraints on the meeting's own times, on their fields."""
        errors = {}
        if self.start_time and self.end_time and self.end_time <= self.start_time:
            errors["end_time"] = _("Mötet måste sluta efter att det har börjat.")
        if self.date and self.adjustment_planned_on and self.adjustment_planned_on < self.date:
            errors["adjustment_planned_on"] = _(
                "Justeringen kan inte planeras före mötet (%(date)s)."
            ) % {"date": self.date.isoformat()}
        if errors:
            raise ValidationError(errors)

    def _refuse_inconsistent_adjustment(self) -> None:
        """The sentences of the constraints on the adjustment and its posting.

        The status and the adjustment time are moved only by the services, never on a form,
        so what refuses them names no field: the form may not have it. The services also
        refuse an adjustment before the meeting began (`too_early_to_adjust`); it is not
        checked here, where a protocol imported before that check could not be edited.
        """
        if self.posted_on and not self.adjusted_at:
            raise ValidationError(
                {
                    "posted_on": _(
                        "Justeringen anslås först när protokollet är justerat: registrera "
                        "justeringen, och fyll sedan i dagen då den anslogs."
                    )
                }
            )
        if self.status == self.Status.ADJUSTED and not self.adjusted_at:
            raise ValidationError(_("Ett justerat protokoll har en justeringstid."))


def _minute(moment: datetime.datetime) -> str:
    return timezone.localtime(moment).strftime("%Y-%m-%d %H:%M")
