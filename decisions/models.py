"""What was proposed and decided under a paragraph (Kommunallagen 5 kap. 67 §)."""

from __future__ import annotations

import datetime

from concurrency.fields import IntegerVersionField
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from meetings.models import AgendaItem, Organisation, Person
from meetings.models.agenda import visible_through
from meetings.models.record import RecordPart, RecordPartQuerySet


class DecisionQuerySet(RecordPartQuerySet):
    def visible_to(self, user) -> DecisionQuerySet:
        """Decisions whose paragraph the user may read (see AgendaItem.visible_to)."""
        return visible_through(self, user)


class Decision(RecordPart):
    """The decision of a paragraph: its kind, for the decision register."""

    class Kind(models.TextChoices):
        INFORMATION_NOTED = "information_noted", _("Informationen noteras")
        RECOMMENDATION = "recommendation", _("Rekommendation")
        DECISION = "decision", _("Beslut")
        REFERRAL = "referral", _("Remiss")
        POSTPONED = "postponed", _("Bordlagt")

    agenda_item = models.OneToOneField(
        AgendaItem, verbose_name=_("paragraf"), on_delete=models.PROTECT, related_name="decision"
    )
    kind = models.CharField(_("typ av beslut"), max_length=20, choices=Kind.choices)

    version = IntegerVersionField(
        verbose_name=_("version"),
        help_text=_("Ändras vid varje sparning: fångar samtidiga ändringar."),
    )

    objects = DecisionQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=["version"])

    class Meta:
        ordering = ["-agenda_item__meeting__date", "agenda_item__position"]
        verbose_name = _("beslut")
        verbose_name_plural = _("beslut")

    def __str__(self) -> str:
        return f"{self.agenda_item.citation}: {self.get_kind_display()}"


class NumberedPoint(RecordPart):
    """A numbered point of a proposal or a decision ("1. SVOM har tagit del av ...")."""

    position = models.PositiveSmallIntegerField(_("nummer"))
    text = models.TextField(_("text"))

    version = IntegerVersionField(
        verbose_name=_("version"),
        help_text=_("Ändras vid varje sparning: fångar samtidiga ändringar."),
    )

    history = HistoricalRecords(inherit=True, excluded_fields=["version"])

    class Meta:
        abstract = True
        ordering = ["agenda_item", "position"]

    def __str__(self) -> str:
        return f"{self.position}. {self.text[:80]}"


class ProposalPoint(NumberedPoint):
    """A point of the proposal (Förslag till beslut) put before the body."""

    agenda_item = models.ForeignKey(
        AgendaItem,
        verbose_name=_("paragraf"),
        on_delete=models.CASCADE,
        related_name="proposal_points",
    )

    class Meta(NumberedPoint.Meta):
        verbose_name = _("punkt i förslag till beslut")
        verbose_name_plural = _("förslag till beslut")
        constraints = [
            models.UniqueConstraint(
                fields=["agenda_item", "position"],
                name="proposal_point_numbers_unique",
                violation_error_message=_("Förslaget har redan en punkt med det numret."),
            )
        ]


class DecisionPoint(NumberedPoint):
    """A point of the decision (Beslut) as adopted."""

    agenda_item = models.ForeignKey(
        AgendaItem,
        verbose_name=_("paragraf"),
        on_delete=models.CASCADE,
        related_name="decision_points",
    )

    class Meta(NumberedPoint.Meta):
        verbose_name = _("beslutspunkt")
        verbose_name_plural = _("beslut")
        constraints = [
            models.UniqueConstraint(
                fields=["agenda_item", "position"],
                name="decision_point_numbers_unique",
                violation_error_message=_("Beslutet har redan en punkt med det numret."),
            )
        ]


class Motion(RecordPart):
    """A motion (yrkande) made during the handling of a paragraph."""

    class Outcome(models.TextChoices):
        ADOPTED = "adopted", _("Bifallet")
        REJECTED = "rejected", _("Avslaget")
        WITHDRAWN = "withdrawn", _("Återtaget")
        UNDECIDED = "undecided", _("Ej avgjort")

    agenda_item = models.ForeignKey(
        AgendaItem, verbose_name=_("paragraf"), on_delete=models.CASCADE, related_name="motions"
    )
    position = models.PositiveSmallIntegerField(
        _("ordning"), help_text=_("I vilken ordning yrkandet ställdes under.")
    )
    mover = models.ForeignKey(
        Person, verbose_name=_("yrkande av"), on_delete=models.PROTECT, related_name="motions"
    )
    text = models.TextField(_("yrkande"), help_text=_("Till exempel: att en utredning genomförs."))
    outcome = models.CharField(
        _("utfall"), max_length=20, choices=Outcome.choices, default=Outcome.UNDECIDED
    )

    version = IntegerVersionField(
        verbose_name=_("version"),
        help_text=_("Ändras vid varje sparning: fångar samtidiga ändringar."),
    )

    history = HistoricalRecords(excluded_fields=["version"])

    class Meta:
        ordering = ["agenda_item", "position"]
        verbose_name = _("yrkande")
        verbose_name_plural = _("yrkanden")
        constraints = [
            models.UniqueConstraint(
                fields=["agenda_item", "position"],
                name="motion_order_unique",
                violation_error_message=_("Två yrkanden kan inte ha samma ordning."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.mover.name} yrkar {self.text[:60]}"


class Vote(RecordPart):
    """A vote (votering): two proposals put against each other, and the result."""

    class Result(models.TextChoices):
        YES = "yes", _("Ja-förslaget vann")
        NO = "no", _("Nej-förslaget vann")

    agenda_item = models.ForeignKey(
        AgendaItem, verbose_name=_("paragraf"), on_delete=models.CASCADE, related_name="votes"
    )
    position = models.PositiveSmallIntegerField(_("ordning"), default=1)
    yes_proposal = models.CharField(
        _("ja-förslag"), max_length=300, help_text=_("Det förslag som ja-rösten gäller.")
    )
    no_proposal = models.CharField(
        _("nej-förslag"), max_length=300, help_text=_("Det förslag som nej-rösten gäller.")
    )
    result = models.CharField(_("resultat"), max_length=10, choices=Result.choices)
    # The counts as the protocol gives them, for votes whose ballots are not listed.
    yes_count = models.PositiveSmallIntegerField(_("ja-röster"), null=True, blank=True)
    no_count = models.PositiveSmallIntegerField(_("nej-röster"), null=True, blank=True)
    abstain_count = models.PositiveSmallIntegerField(_("avstår"), null=True, blank=True)
    casting_vote = models.BooleanField(
        _("ordförandens utslagsröst"),
        default=False,
        help_text=_("Lika röstetal, ordföranden avgjorde (Kommunallagen 5 kap. 57 §)."),
    )

    version = IntegerVersionField(
        verbose_name=_("version"),
        help_text=_("Ändras vid varje sparning: fångar samtidiga ändringar."),
    )

    history = HistoricalRecords(excluded_fields=["version"])

    class Meta:
        ordering = ["agenda_item", "position"]
        verbose_name = _("votering")
        verbose_name_plural = _("voteringar")
        constraints = [
            models.UniqueConstraint(
                fields=["agenda_item", "position"],
                name="vote_order_unique",
                violation_error_message=_("Två voteringar kan inte ha samma ordning."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.yes_proposal} mot {self.no_proposal}"

    def clean(self) -> None:
        # A tie goes either way: the chair's casting vote decided it (5 kap. 57 §). Only the
        # counts are checked: the ballots are edited beside the vote, in a formset of their
        # own, so the stored ones may be the very ones being corrected.
        yes, no = self.yes_count, self.no_count
        if yes is None or no is None:
            return
        if (self.result == self.Result.YES and yes < no) or (
            self.result == self.Result.NO and no < yes
        ):
            raise ValidationError(
                {
                    "result": _("Resultatet motsäger rösterna: %(yes)d ja mot %(no)d nej.")
                    % {"yes": yes, "no": no}
                }
            )

    def tally(self) -> dict[str, int]:
        """Yes, no and abstaining votes, counted from the prefetched ballots, or the counts
        the protocol gives when it does not list each member's vote."""
        counts = {choice: 0 for choice in Ballot.Choice.values}
        ballots = self.ballots.all()
        for ballot in ballots:
            counts[ballot.choice] += 1
        if not ballots:
            counts = {
                Ballot.Choice.YES: self.yes_count or 0,
                Ballot.Choice.NO: self.no_count or 0,
                Ballot.Choice.ABSTAIN: self.abstain_count or 0,
            }
        return counts


class Ballot(RecordPart):
    """How one member voted in a vote."""

    class Choice(models.TextChoices):
        YES = "yes", _("Ja")
        NO = "no", _("Nej")
        ABSTAIN = "abstain", _("Avstår")

    vote = models.ForeignKey(
        Vote, verbose_name=_("votering"), on_delete=models.CASCADE, related_name="ballots"
    )
    person = models.ForeignKey(
        Person, verbose_name=_("ledamot"), on_delete=models.PROTECT, related_name="ballots"
    )
    choice = models.CharField(_("röst"), max_length=10, choices=Choice.choices)

    record_item_lookup = "vote__agenda_item_id"
    version = IntegerVersionField(
        verbose_name=_("version"),
        help_text=_("Ändras vid varje sparning: fångar samtidiga ändringar."),
    )

    history = HistoricalRecords(excluded_fields=["version"])

    class Meta:
        ordering = ["vote", "person__name"]
        verbose_name = _("röst")
        verbose_name_plural = _("röster")
        constraints = [
            models.UniqueConstraint(
                fields=["vote", "person"],
                name="one_ballot_per_person_and_vote",
                violation_error_message=_("Ledamoten har redan röstat i den här voteringen."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.person.name}: {self.get_choice_display()}"

    def record_item_id(self) -> int | None:
        return self.vote.agenda_item_id if self.vote_id else None


class Reservation(RecordPart):
    """A member's reservation against the decision of a paragraph."""

    agenda_item = models.ForeignKey(
        AgendaItem,
        verbose_name=_("paragraf"),
        on_delete=models.CASCADE,
        related_name="reservations",
    )
    person = models.ForeignKey(
        Person, verbose_name=_("reserverad"), on_delete=models.PROTECT, related_name="reservations"
    )
    text = models.TextField(_("motivering"), blank=True)

    version = IntegerVersionField(
        verbose_name=_("version"),
        help_text=_("Ändras vid varje sparning: fångar samtidiga ändringar."),
    )

    history = HistoricalRecords(excluded_fields=["version"])

    class Meta:
        ordering = ["agenda_item", "person__name"]
        verbose_name = _("reservation")
        verbose_name_plural = _("reservationer")
        constraints = [
            models.UniqueConstraint(
                fields=["agenda_item", "person"],
                name="one_reservation_per_person_and_item",
                violation_error_message=_("Personen har redan reserverat sig mot beslutet."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.person.name} reserverar sig"


class AssignmentQuerySet(RecordPartQuerySet):
    def open(self) -> AssignmentQuerySet:
        """Assignments not yet done or cancelled: the body's balanslista."""
        return self.filter(status__in=Assignment.OPEN_STATUSES)

    def visible_to(self, user) -> AssignmentQuerySet:
        """Assignments whose paragraph the user may read."""
        return visible_through(self, user)

    def with_overdue(self, today: datetime.date | None = None) -> AssignmentQuerySet:
        """Annotate `is_overdue`: still open and past its due date on `today`."""
        overdue = Q(status__in=Assignment.OPEN_STATUSES, due_date__lt=today or timezone.localdate())
        return self.annotate(
            is_overdue=models.ExpressionWrapper(overdue, output_field=models.BooleanField())
        )


class Assignment(RecordPart):
    """A follow-up assignment given by a decision; together they make the balanslista."""

    class Status(models.TextChoices):
        OPEN = "open", _("Ej påbörjat")
        IN_PROGRESS = "in_progress", _("Pågår")
        DONE = "done", _("Klart")
        CANCELLED = "cancelled", _("Avskrivet")

    #: States in which an assignment is still on the balanslista.
    OPEN_STATUSES = (Status.OPEN, Status.IN_PROGRESS)

    agenda_item = models.ForeignKey(
        AgendaItem,
        verbose_name=_("paragraf"),
        on_delete=models.PROTECT,
        related_name="assignments",
    )
    description = models.TextField(_("uppdrag"))
    responsible = models.ForeignKey(
        Person,
        verbose_name=_("ansvarig person"),
        on_delete=models.PROTECT,
        related_name="assignments",
        null=True,
        blank=True,
    )
    responsible_organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("ansvarig organisation"),
        on_delete=models.PROTECT,
        related_name="assignments",
        null=True,
        blank=True,
    )
    due_date = models.DateField(_("klart senast"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.OPEN
    )
    completed_on = models.DateField(_("klart den"), null=True, blank=True)

    version = IntegerVersionField(
        verbose_name=_("version"),
        help_text=_("Ändras vid varje sparning: fångar samtidiga ändringar."),
    )

    #: What was decided; the due date, status and completion are the follow-up.
    record_fields = ("agenda_item", "description", "responsible", "responsible_organisation")
    objects = AssignmentQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=["version"])

    class Meta:
        ordering = ["due_date", "pk"]
        verbose_name = _("uppdrag i balanslistan")
        verbose_name_plural = _("balanslista")
        constraints = [
            models.CheckConstraint(
                condition=Q(responsible__isnull=False) | Q(responsible_organisation__isnull=False),
                name="assignment_has_someone_responsible",
                violation_error_message=_("Ange en ansvarig person eller organisation."),
            ),
            models.CheckConstraint(
                condition=Q(status="done", completed_on__isnull=False)
                | (~Q(status="done") & Q(completed_on__isnull=True)),
                name="assignment_completed_on_only_when_done",
                violation_error_message=_(
                    "Ett klart uppdrag har ett datum då det blev klart; andra har inget."
                ),
            ),
        ]
        indexes = [
            # The balanslista: open assignments, soonest due first, 50 to a page.
            models.Index(
                fields=["due_date", "id"],
                condition=Q(status__in=["open", "in_progress"]),
                name="open_assignments_by_due_date",
            ),
        ]

    def __str__(self) -> str:
        return self.description[:80]

    def clean(self) -> None:
        if self.due_date and self.agenda_item_id and self.due_date < self.agenda_item.meeting.date:
            raise ValidationError(
                {"due_date": _("Uppdraget kan inte ha ett slutdatum före beslutet.")}
            )
