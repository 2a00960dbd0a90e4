"""The paragraphs (§) of a meeting, their attachments, and the rule of who may read them."""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import TYPE_CHECKING

from concurrency.fields import IntegerVersionField
from django.contrib.postgres.search import SearchVectorField
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.text import Truncator
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from svom.db import has_rows

from . import record
from .bodies import Body, Topic
from .meeting import Meeting
from .people import Person

if TYPE_CHECKING:
    from decisions.models import DecisionPoint

#: The permission that lets a user read drafts, confidential items and attachments.
#: Both the members' and the secretariat's groups have it (see migration 0002).
VIEW_UNPUBLISHED = "meetings.view_unpublished"

#: Titles of the procedural paragraphs nearly every meeting has: opening and closing, the
#: adjusters, the agenda. Lists of "what was decided" leave them out (`substantive`).
PROCEDURAL_TITLES = (
    r"^\s*(§\s*\d+\s*)?("
    r"(mötets|sammanträdets) (öppnande|avslutande)"
    r"|(mötet|sammanträdet) (öppnas|avslutas)"
    r"|(val av )?(protokoll)?justerare( och .*)?"
    r"|justering av protokollet"
    r"|(godkännande|fastställande) av (dagordning|föredragningslista)(en|n)?"
    r"|(dagordning|föredragningslista)(en|n)?( godkänns| fastställs)?"
    r"|föregående (mötes )?protokoll|upprop|närvaro(kontroll)?"
    r")\s*\.?\s*$"
)


#: How many characters of a paragraph's text its summary (link previews) keeps.
SUMMARY_LENGTH = 200


def can_see_unpublished(user) -> bool:
    """Whether `user` may read drafts and confidential items (members and secretariat)."""
    return bool(
        user and user.is_authenticated and user.is_active and user.has_perm(VIEW_UNPUBLISHED)
    )


def readable_by_public(through: str = "") -> Q:
    """The public's half of the visibility rule (see `AgendaItemQuerySet.visible_to`) as a
    condition on AgendaItem, or on a model that points at it when `through` names the
    relation ("agenda_item"). A join rather than `agenda_item__in=<subquery>`, so that the
    database starts from the smaller table (five thousand assignments, not a hundred
    thousand paragraphs)."""
    prefix = f"{through}__" if through else ""
    return Q(
        **{
            f"{prefix}state": AgendaItem.State.ADJUSTED,
            f"{prefix}confidential": False,
            f"{prefix}withdrawn_at": None,
        }
    )


def visible_through(queryset: models.QuerySet, user, through: str = "agenda_item"):
    """The rows of `queryset` whose paragraph (the relation `through`) the user may read."""
    if can_see_unpublished(user):
        return queryset.all()
    return queryset.filter(readable_by_public(through))


#: A decision point that only takes note of what was heard (see `leading_point`).
NOTING = re.compile(
    r"(tagit|tar) del av|noterar|noteras|läggs till handlingarna|har informerats"
    r"|tackar för (informationen|dragningen|redovisningen)",
    re.IGNORECASE,
)


class AgendaItemQuerySet(models.QuerySet):
    def update(self, **kwargs) -> int:
        # A bulk write passes the same rule as save(): see meetings.models.record.
        if set(kwargs) & AgendaItem.RECORD_COLUMNS:
            record.refuse_unless_open(
                self.filter(state=AgendaItem.State.ADJUSTED).values_list("pk", flat=True)
            )
        return super().update(**kwargs)

    def visible_to(self, user) -> AgendaItemQuerySet:
        """Paragraphs whose minutes the user may read.

        The single rule of the portal: the public reads adjusted paragraphs that are not
        confidential; members and the secretariat read everything.
        """
        if can_see_unpublished(user):
            return self.all()
        return self.filter(readable_by_public())

    def with_readability(self, user) -> AgendaItemQuerySet:
        """Annotate `minutes_readable`: whether the user may read each paragraph's minutes
        (the rule of `visible_to`), for lists of the agenda (`on_agenda_for`)."""
        if can_see_unpublished(user):
            return self.annotate(minutes_readable=models.Value(True))
        return self.annotate(
            minutes_readable=models.ExpressionWrapper(
                readable_by_public(), output_field=models.BooleanField()
            )
        )

    def substantive(self) -> AgendaItemQuerySet:
        """Leave out the procedural paragraphs (PROCEDURAL_TITLES): "Val av justerare" is
        in every protocol and is not news."""
        return self.exclude(title__iregex=PROCEDURAL_TITLES)

    def decided(self) -> AgendaItemQuerySet:
        """Paragraphs with a decision: a kind of decision or a decision point.

        A paragraph with neither (a report heard, a date set) is no decision to announce.
        """
        points = self.model.decision_points.rel.related_model.objects.filter(
            agenda_item=models.OuterRef("pk")
        )
        return self.filter(Q(decision__isnull=False) | has_rows(points))

    def on_agenda_for(self, user) -> AgendaItemQuerySet:
        """Paragraphs whose title the user may see on the meeting's agenda.

        Once the agenda (kallelse) is published the agenda is public, though the minutes
        of a paragraph stay hidden until it is adjusted (see `visible_to`). What makes the
        agenda public is the published notice itself, never the meeting's status: a
        protocol imported as held, whose notice was never published here, shows nothing.
        """
        if can_see_unpublished(user):
            return self.all()
        # Once the protocol is adjusted, the protocol is the record: only adjusted paragraphs
        # show, not a draft left over or added since.
        agenda_out = Q(meeting__agenda_published_at__isnull=False) & ~Q(
            meeting__status=Meeting.Status.ADJUSTED
        )
        return self.filter(confidential=False, withdrawn_at=None).filter(
            Q(state=AgendaItem.State.ADJUSTED) | agenda_out
        )

    def with_minutes_for(self, user) -> AgendaItemQuerySet:
        """Prefetch what a paragraph's minutes show: people, decision, points, votes, files."""
        return self.select_related("meeting", "meeting__body", "decision").prefetch_related(
            models.Prefetch("presenters", queryset=Person.objects.select_related("organisation")),
            "topics",
            "proposal_points",
            "decision_points",
            "motions__mover",
            "votes__ballots__person",
            "reservations__person",
            "assignments__responsible",
            "assignments__responsible_organisation",
            "corrections",
            "decision__agreement_events__agreement",
            models.Prefetch("attachments", queryset=Attachment.objects.visible_to(user)),
        )

    def formerly_numbered(self, body_slug: str, year: int, number: int) -> AgendaItemQuerySet:
        """Paragraphs that once held § `number` and were renumbered since: the old
        permalink leads to them."""
        held = AgendaItem.history.filter(body__slug=body_slug, year=year, number=number)
        return self.filter(pk__in=held.values("id")).exclude(number=number)

    def numbers_taken(
        self, body_id: int, year: int, numbers: Iterable[int | None], exclude_meeting_id=None
    ) -> AgendaItemQuerySet:
        """The paragraphs of the body that already hold any of `numbers` that year.

        A § number is unique per body and year (the constraint
        `paragraph_number_unique_per_body_and_year`); the admin, the importer and
        `Meeting.clean` ask here first so that a clash is a sentence, not an IntegrityError.
        """
        taken = self.filter(body_id=body_id, year=year, number__in=[n for n in numbers if n])
        if exclude_meeting_id is not None:
            taken = taken.exclude(meeting_id=exclude_meeting_id)
        return taken.order_by("number")


class AgendaItem(models.Model):
    """A paragraph (§) of a meeting: one item on the agenda and its minutes."""

    class State(models.TextChoices):
        DRAFT = "draft", _("Ojusterat utkast")
        ADJUSTED = "adjusted", _("Justerad")

    meeting = models.ForeignKey(
        Meeting, verbose_name=_("möte"), on_delete=models.PROTECT, related_name="agenda_items"
    )
    position = models.PositiveSmallIntegerField(
        _("ordning"), help_text=_("Punktens plats i dagordningen, 1 för den första.")
    )
    number = models.PositiveIntegerField(
        _("paragraf (§)"),
        null=True,
        blank=True,
        help_text=_("Paragrafnummer, unikt per organ och år. Tomt för onumrerade punkter."),
    )
    # Copies of the meeting's body and year, kept in step by Meeting.save() and save()
    # below, so that the database itself enforces one § number per body and year.
    body = models.ForeignKey(
        Body, on_delete=models.PROTECT, related_name="agenda_items", editable=False
    )
    year = models.PositiveSmallIntegerField(editable=False)
    title = models.CharField(_("rubrik"), max_length=300)
    case_number = models.CharField(
        _("diarienummer"),
        max_length=50,
        blank=True,
        help_text=_("Ärendets diarienummer, till exempel RS/2021/123."),
    )
    title_needs_review = models.BooleanField(
        _("rubriken behöver granskas"),
        default=False,
        help_text=_(
            "Satt när rubriken skapades automatiskt vid import; avmarkera när den är granskad."
        ),
    )
    presenters = models.ManyToManyField(
        Person, verbose_name=_("föredragande"), related_name="presented_items", blank=True
    )
    text = models.TextField(_("protokolltext"), blank=True)
    topics = models.ManyToManyField(
        Topic, verbose_name=_("områden"), related_name="agenda_items", blank=True
    )
    state = models.CharField(_("status"), max_length=20, choices=State.choices, default=State.DRAFT)
    adjusted_at = models.DateTimeField(_("justerad"), null=True, blank=True)
    adjusted_immediately = models.BooleanField(
        _("omedelbart justerad"),
        default=False,
        help_text=_("Justerades direkt på sammanträdet (Kommunallagen 5 kap. 70 §)."),
    )
    added_after_agenda = models.BooleanField(
        _("tillagd efter kallelsen"),
        default=False,
        help_text=_("Sätts automatiskt när punkten läggs till efter att kallelsen publicerats."),
    )
    confidential = models.BooleanField(
        _("sekretess"),
        default=False,
        help_text=_("Visas aldrig för allmänheten, inte ens efter justering."),
    )
    withdrawal_reason = models.TextField(
        _("skäl att ta bort från webben"),
        blank=True,
        help_text=_(
            "Fyll i för att ta bort paragrafen från den publika webben utan att radera den, "
            "till exempel av hänsyn till personuppgifter (GDPR). Töm fältet för att publicera igen."
        ),
    )
    withdrawn_at = models.DateTimeField(_("borttagen från webben"), null=True, blank=True)
    # Kept up to date by the database, never by Django: on PostgreSQL a trigger (migration
    # 0008_search) fills it from the title, the text, the decision points and the motions, so a
    # correction is searchable at once; on SQLite it stays empty (see meetings.search).
    search_vector = SearchVectorField(_("sökindex"), null=True, editable=False, serialize=False)
    # The same without diacritics, for words typed without them (migration 0015).
    search_vector_unaccented = SearchVectorField(
        _("sökindex utan diakritiska tecken"), null=True, editable=False, serialize=False
    )

    version = IntegerVersionField(
        verbose_name=_("version"),
        help_text=_("Ändras vid varje sparning: fångar samtidiga ändringar."),
    )

    objects = AgendaItemQuerySet.as_manager()
    # The search index is derived data: the history keeps the protocol, not the index.
    history = HistoricalRecords(
        excluded_fields=["search_vector", "search_vector_unaccented", "version"]
    )

    #: The fields whose change after a digital approval voids the approvals.
    PROTOCOL_FIELDS = ("number", "title", "case_number", "text", "confidential")
    #: Once adjusted, these never change (see meetings.models.record).
    LOCKED_FIELDS = ("meeting_id", "position", "state", "adjusted_at", "adjusted_immediately")
    #: Once adjusted, these change only by a correction.
    CORRECTABLE_FIELDS = ("number", "title", "case_number", "text")
    #: What a bulk update may not touch on an adjusted paragraph outside a correction.
    RECORD_COLUMNS = frozenset(
        {*LOCKED_FIELDS, *CORRECTABLE_FIELDS, "meeting", "body", "body_id", "year"}
    )

    class Meta:
        ordering = ["meeting", "position"]
        verbose_name = _("paragraf")
        verbose_name_plural = _("paragrafer")
        permissions = [
            ("view_unpublished", _("Kan läsa ojusterade och sekretessbelagda paragrafer"))
        ]
        indexes = [
            # The home page's and the feed's latest public paragraphs, newest first.
            models.Index(
                fields=["-adjusted_at", "-id"],
                name="public_paragraphs_latest",
                condition=Q(state="adjusted", confidential=False, withdrawn_at=None),
            ),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "position"],
                name="one_agenda_item_per_position",
                violation_error_message=_("Två punkter kan inte ha samma ordning i ett möte."),
            ),
            models.UniqueConstraint(
                fields=["body", "year", "number"],
                name="paragraph_number_unique_per_body_and_year",
                violation_error_message=_(
                    "Paragrafnumret finns redan för det här organet samma år."
                ),
            ),
            models.CheckConstraint(
                condition=Q(position__gte=1),
                name="agenda_item_position_starts_at_one",
                violation_error_message=_("Ordningen börjar på 1."),
            ),
            models.CheckConstraint(
                condition=Q(state="draft", adjusted_at__isnull=True)
                | Q(state="adjusted", adjusted_at__isnull=False),
                name="adjusted_item_has_adjustment_time",
                violation_error_message=_(
                    "En justerad paragraf har en justeringstid, ett utkast har ingen."
                ),
            ),
            models.CheckConstraint(
                condition=Q(withdrawn_at__isnull=True, withdrawal_reason="")
                | (Q(withdrawn_at__isnull=False) & ~Q(withdrawal_reason="")),
                name="withdrawn_item_has_reason",
                violation_error_message=_("En borttagen paragraf har ett skäl och en tidpunkt."),
            ),
            models.CheckConstraint(
                condition=Q(adjusted_immediately=False) | Q(state="adjusted"),
                name="immediately_adjusted_item_is_adjusted",
                violation_error_message=_("En omedelbart justerad paragraf är justerad."),
            ),
        ]

    def __str__(self) -> str:
        return f"§ {self.number} {self.title}" if self.number else self.title

    def save(self, *args, **kwargs) -> None:
        meeting = self.meeting
        self.body_id = meeting.body_id
        self.year = meeting.date.year
        if self._state.adding and meeting.agenda_published_at:
            self.added_after_agenda = True
        if self.withdrawal_reason and not self.withdrawn_at:
            self.withdrawn_at = timezone.now()
        elif not self.withdrawal_reason:
            self.withdrawn_at = None
        if not self._state.adding:
            stored = self._stored()
            if stored and stored["state"] == self.State.ADJUSTED:
                self._refuse_changing_the_record(stored)
            elif self.state == self.State.ADJUSTED and not record.in_action():
                raise record.RecordLocked(
                    _(
                        "En paragraf justeras bara genom justeringen av protokollet eller som "
                        "omedelbar justering."
                    ),
                    code="adjusted_only_by_services",
                )
            elif stored and self._protocol_changed(stored):
                meeting.void_approvals()
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        if self.number:
            return reverse(
                "meetings:paragraph",
                kwargs={"body": self.meeting.body.slug, "year": self.year, "number": self.number},
            )
        return reverse(
            "meetings:item",
            kwargs={
                "body": self.meeting.body.slug,
                "date": self.meeting.date.isoformat(),
                "position": self.position,
            },
        )

    def _stored(self) -> dict | None:
        fields = {*self.PROTOCOL_FIELDS, *self.LOCKED_FIELDS, *self.CORRECTABLE_FIELDS}
        return AgendaItem.objects.filter(pk=self.pk).values(*fields).first()

    def _protocol_changed(self, stored: dict) -> bool:
        return any(stored[field] != getattr(self, field) for field in self.PROTOCOL_FIELDS)

    def _refuse_changing_the_record(self, stored: dict) -> None:
        if any(stored[field] != getattr(self, field) for field in self.LOCKED_FIELDS):
            raise record.RecordLocked(
                _("En justerad paragrafs möte, ordning, status och justeringstid kan inte ändras."),
                code="record_locked",
            )
        if any(stored[field] != getattr(self, field) for field in self.CORRECTABLE_FIELDS):
            record.refuse_unless_open([self.pk])

    @property
    def is_adjusted(self) -> bool:
        return self.state == self.State.ADJUSTED

    @property
    def is_withdrawn(self) -> bool:
        return self.withdrawn_at is not None

    def correction(self) -> dict | None:
        """How the public record changed after adjustment, or None if it did not.

        The adjusted version is the record before the first correction; the diff compares
        it, part by part, with the paragraph as it reads now. Uses the prefetched
        corrections and parts (see `with_minutes_for`).
        """
        corrections = list(self.corrections.all())
        if not self.is_adjusted or not corrections:
            return None
        adjusted, current = corrections[0].before, record.record_of(self)
        if adjusted == current:
            return None
        return {
            "date": corrections[-1].made_at,
            "corrections": corrections,
            "parts": record.record_diff(adjusted, current),
        }

    def decided_as_proposed(self) -> bool:
        """Whether the decision's points are the proposal's, word for word: the page then
        says "Beslut enligt förslaget" instead of repeating the list. Uses the prefetched
        points (see `with_minutes_for`)."""
        proposal = [point.text.strip() for point in self.proposal_points.all()]
        decision = [point.text.strip() for point in self.decision_points.all()]
        return bool(decision) and proposal == decision

    @property
    def citation(self) -> str:
        """How the paragraph is cited, for example "SVOM 2021-06-04 § 12"."""
        number = (
            f" § {self.number}"
            if self.number
            else " " + gettext("punkt %(position)d") % {"position": self.position}
        )
        return f"{self.meeting.body.short_name} {self.meeting.date.isoformat()}{number}"

    def leading_point(self) -> DecisionPoint | None:
        """The decision point that says what was decided, for a one-line summary: the first
        that does more than take note ("SVOM har tagit del av informationen" heads many a
        decision whose substance is its second point), else the first. Uses the
        prefetched points (see `with_minutes_for`)."""
        points = list(self.decision_points.all())
        substantive = (point for point in points if not NOTING.search(point.text))
        return next(substantive, next(iter(points), None))

    def summary(self) -> str:
        """A line for link previews and search engines: the leading decision point, else the
        start of the minutes."""
        point = self.leading_point()
        text = " ".join((point.text if point else self.text).split())
        return Truncator(text or self.title).chars(SUMMARY_LENGTH)

    def clean(self) -> None:
        if self.meeting_id:
            self.body_id = self.meeting.body_id
            self.year = self.meeting.date.year
        if self.state == self.State.ADJUSTED and not self.adjusted_at:
            self.adjusted_at = timezone.now()
        if self.state == self.State.DRAFT and self.adjusted_at:
            raise ValidationError({"adjusted_at": _("Ett utkast kan inte ha en justeringstid.")})

    def validate_constraints(self, exclude=None) -> None:
        # Forms leave out body and year (they are not editable), but clean() has just
        # copied them from the meeting, so the unique § constraint can still be checked.
        super().validate_constraints(exclude=set(exclude or ()) - {"body", "year"})


def attachment_path(instance: Attachment, filename: str) -> str:
    meeting = instance.agenda_item.meeting
    return f"attachments/{meeting.body.slug}/{meeting.date:%Y}/{filename}"


class AttachmentQuerySet(record.RecordPartQuerySet):
    def visible_to(self, user) -> AttachmentQuerySet:
        """Attachments the user may open.

        The public opens public documents of paragraphs that are on the public agenda (the
        agenda is published, or the paragraph is adjusted) and not confidential.
        """
        if can_see_unpublished(user):
            return self.all()
        return self.filter(
            is_public=True,
            agenda_item__in=AgendaItem.objects.on_agenda_for(user),
        )


class Attachment(record.RecordPart):
    """A document attached to a paragraph (bilaga or handling)."""

    agenda_item = models.ForeignKey(
        AgendaItem,
        verbose_name=_("paragraf"),
        on_delete=models.CASCADE,
        related_name="attachments",
    )
    title = models.CharField(_("rubrik"), max_length=300)
    file = models.FileField(
        _("fil"),
        upload_to=attachment_path,
        blank=True,
        help_text=_("Lagras utanför webbservern och lämnas bara ut till den som får se den."),
    )
    is_public = models.BooleanField(
        _("offentlig handling"),
        default=True,
        help_text=_("Avmarkera för handlingar som omfattas av sekretess."),
    )
    position = models.PositiveSmallIntegerField(_("ordning"), default=1)

    version = IntegerVersionField(
        verbose_name=_("version"),
        help_text=_("Ändras vid varje sparning: fångar samtidiga ändringar."),
    )

    objects = AttachmentQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=["version"])

    class Meta:
        ordering = ["agenda_item", "position", "pk"]
        verbose_name = _("bilaga")
        verbose_name_plural = _("bilagor")

    def __str__(self) -> str:
        return self.title
