"""Who took part in a meeting, and the chair's and adjusters' digital approvals of its
protocol: both are part of the protocol, so both are locked once it is adjusted."""

from __future__ import annotations

from concurrency.fields import IntegerVersionField
from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from . import record
from .bodies import Organisation
from .meeting import Meeting
from .people import Person


class AttendanceQuerySet(models.QuerySet):
    """Bulk writes of the attendance pass the same check as a single save."""

    def update(self, **kwargs) -> int:
        refuse_if_adjusted(self.values_list("meeting_id", flat=True))
        return super().update(**kwargs)

    def bulk_create(self, objs, *args, **kwargs) -> list:
        objs = list(objs)
        refuse_if_adjusted(attendance.meeting_id for attendance in objs)
        return super().bulk_create(objs, *args, **kwargs)


class Attendance(models.Model):
    """A person's presence at a meeting in one role."""

    class Role(models.TextChoices):
        CHAIR = "chair", _("Ordförande")
        MEMBER = "member", _("Ledamot")
        SUBSTITUTE = "substitute", _("Ersättare")
        OFFICIAL = "official", _("Tjänsteperson")
        PRESENTER = "presenter", _("Föredragande")
        SECRETARY = "secretary", _("Sekreterare")
        ADJUSTER = "adjuster", _("Justerare")
        GUEST = "guest", _("Gäst")

    meeting = models.ForeignKey(
        Meeting, verbose_name=_("möte"), on_delete=models.CASCADE, related_name="attendances"
    )
    person = models.ForeignKey(
        Person, verbose_name=_("person"), on_delete=models.PROTECT, related_name="attendances"
    )
    role = models.CharField(_("roll"), max_length=20, choices=Role.choices)
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("representerar"),
        on_delete=models.PROTECT,
        related_name="attendances",
        null=True,
        blank=True,
        help_text=_("Tomt: personens egen organisation."),
    )
    present = models.BooleanField(_("närvarande"), default=True)
    substitute_for = models.CharField(
        _("tjänstgör för"),
        max_length=200,
        blank=True,
        help_text=_("För en tjänstgörande ersättare: den ledamot hen ersätter."),
    )

    version = IntegerVersionField(
        verbose_name=_("version"),
        help_text=_("Ändras vid varje sparning: fångar samtidiga ändringar."),
    )

    objects = AttendanceQuerySet.as_manager()

    class Meta:
        ordering = ["meeting", "role", "person__name"]
        verbose_name = _("närvaro")
        verbose_name_plural = _("närvaro")
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "person", "role"],
                name="one_attendance_per_person_and_role",
                violation_error_message=_("Personen är redan antecknad i den här rollen på mötet."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.person.name}, {self.get_role_display()}"

    def save(self, *args, **kwargs) -> None:
        refuse_if_adjusted([self.meeting_id])
        super().save(*args, **kwargs)


def refuse_if_adjusted(meeting_ids) -> None:
    """Refuse a change of the attendance or the adjusters of an adjusted protocol."""
    ids = {pk for pk in meeting_ids if pk is not None}
    if ids and Meeting.objects.filter(pk__in=ids, status=Meeting.Status.ADJUSTED).exists():
        raise record.RecordLocked(Meeting.ADJUSTED_PROTOCOL_LOCKED, code="record_locked")


#: An approval counts while it is an approval and no later change of the protocol voided it.
VALID_APPROVAL = Q(kind="approved", voided_at__isnull=True)


class AdjustmentApprovalQuerySet(models.QuerySet):
    def valid(self) -> AdjustmentApprovalQuerySet:
        """Approvals that still count towards the digital adjustment."""
        return self.filter(VALID_APPROVAL)


class AdjustmentApproval(models.Model):
    """The chair's or an adjuster's digital answer to a draft protocol: approval or comment."""

    class Kind(models.TextChoices):
        APPROVED = "approved", _("Godkänt")
        COMMENT = "comment", _("Synpunkt till sekretariatet")

    meeting = models.ForeignKey(
        Meeting, verbose_name=_("möte"), on_delete=models.CASCADE, related_name="approvals"
    )
    person = models.ForeignKey(
        Person, verbose_name=_("person"), on_delete=models.PROTECT, related_name="approvals"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("användare"),
        on_delete=models.PROTECT,
        related_name="adjustment_approvals",
    )
    kind = models.CharField(_("svar"), max_length=10, choices=Kind.choices)
    comment = models.TextField(_("synpunkt"), blank=True)
    created_at = models.DateTimeField(_("tidpunkt"), default=timezone.now)
    voided_at = models.DateTimeField(
        _("ogiltigförklarat"),
        null=True,
        blank=True,
        help_text=_("Protokollet ändrades efter svaret, så det gäller inte längre."),
    )

    objects = AdjustmentApprovalQuerySet.as_manager()

    class Meta:
        ordering = ["meeting", "created_at"]
        verbose_name = _("digital justering")
        verbose_name_plural = _("digitala justeringar")
        constraints = [
            models.CheckConstraint(
                condition=~Q(kind="comment") | ~Q(comment=""),
                name="comment_has_text",
                violation_error_message=_("Skriv din synpunkt."),
            ),
            models.UniqueConstraint(
                fields=["meeting", "person"],
                condition=VALID_APPROVAL,
                name="one_valid_approval_per_person",
                violation_error_message=_("Du har redan godkänt protokollet."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person.name}: {self.get_kind_display()}"
