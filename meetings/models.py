"""Who met, when, and what was said: bodies, people, meetings and their paragraphs."""

from __future__ import annotations

import datetime
import difflib
import operator
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import reduce

import snowballstemmer
from django.apps import apps
from django.conf import settings
from django.contrib.postgres.search import (
    SearchHeadline,
    SearchQuery,
    SearchRank,
    SearchVectorField,
    TrigramSimilarity,
    TrigramWordSimilarity,
)
from django.core.exceptions import ValidationError
from django.db import connections, models
from django.db.models import Case, Exists, F, OuterRef, Q, Subquery, Value, When
from django.db.models.functions import Coalesce, Concat
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

#: The permission that lets a user read drafts, confidential items and attachments.
#: Both the members' and the secretariat's groups have it (see migration 0002).
VIEW_UNPUBLISHED = "meetings.view_unpublished"


def can_see_unpublished(user) -> bool:
    """Whether `user` may read drafts and confidential items (members and secretariat)."""
    return bool(
        user and user.is_authenticated and user.is_active and user.has_perm(VIEW_UNPUBLISHED)
    )


class Organisation(models.Model):
    """A party to SVOM or an organisation that people represent (RJH, ÖSD, SKR, ...)."""

    class Kind(models.TextChoices):
        REGION = "region", _("Region")
        MUNICIPALITY = "municipality", _("Kommun")
        UNIVERSITY = "university", _("Universitet")
        AUTHORITY = "authority", _("Myndighet")
        ASSOCIATION = "association", _("Förbund eller förening")
        OTHER = "other", _("Annan")

    name = models.CharField(_("namn"), max_length=200, unique=True)
    short_name = models.CharField(
        _("förkortning"),
        max_length=40,
        unique=True,
        help_text=_("Så som organisationen skrivs i protokollen, till exempel RJH eller ÖSD."),
    )
    slug = models.SlugField(_("adressnamn"), max_length=80, unique=True)
    kind = models.CharField(_("typ"), max_length=20, choices=Kind.choices, default=Kind.OTHER)

    class Meta:
        ordering = ["name"]
        verbose_name = _("organisation")
        verbose_name_plural = _("organisationer")

    def __str__(self) -> str:
        return self.name


class Body(models.Model):
    """A meeting body: SVOM itself or one of its working groups."""

    name = models.CharField(_("namn"), max_length=200, unique=True)
    short_name = models.CharField(
        _("kortnamn"), max_length=40, unique=True, help_text=_("Till exempel SVOM eller L-IFO.")
    )
    slug = models.SlugField(_("adressnamn"), max_length=80, unique=True)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("överordnat organ"),
        on_delete=models.PROTECT,
        related_name="working_groups",
        null=True,
        blank=True,
        help_text=_("Det organ som arbetsgruppen rapporterar till."),
    )
    description = models.TextField(_("beskrivning"), blank=True)
    publishes_notices = models.BooleanField(
        _("anslår justerade protokoll"),
        default=False,
        help_text=_(
            "Kryssa i för organ vars justerade protokoll ska tillkännages på den digitala "
            "anslagstavlan (Kommunallagen 8 kap. 12 §)."
        ),
    )
    protocol_kept_at = models.CharField(
        _("förvaringsplats för protokollet"),
        max_length=200,
        blank=True,
        help_text=_("Anges på anslaget, till exempel Regionens kansli, Östersund."),
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("organ")
        verbose_name_plural = _("organ")
        constraints = [
            models.CheckConstraint(
                condition=~Q(parent=models.F("pk")),
                name="body_is_not_its_own_parent",
                violation_error_message=_("Ett organ kan inte ligga under sig självt."),
            )
        ]

    def __str__(self) -> str:
        return self.short_name

    def get_absolute_url(self) -> str:
        return reverse("meetings:body", kwargs={"slug": self.slug})

    def clean(self) -> None:
        ancestor, seen = self.parent, set()
        while ancestor is not None and ancestor.pk not in seen:
            if self.pk and ancestor.pk == self.pk:
                raise ValidationError({"parent": _("Ett organ kan inte ligga under sig självt.")})
            seen.add(ancestor.pk)
            ancestor = ancestor.parent


class Topic(models.Model):
    """One of SVOM's areas of work, used to tag paragraphs."""

    name = models.CharField(_("namn"), max_length=120, unique=True)
    slug = models.SlugField(_("adressnamn"), max_length=80, unique=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("område")
        verbose_name_plural = _("områden")

    def __str__(self) -> str:
        return self.name


class Person(models.Model):
    """Someone who takes part in meetings: a politician, an official or a guest."""

    name = models.CharField(_("namn"), max_length=200)
    slug = models.SlugField(_("adressnamn"), max_length=100, unique=True)
    party = models.CharField(
        _("parti"),
        max_length=20,
        blank=True,
        help_text=_("Partiförkortning för förtroendevalda, till exempel M, C eller S."),
    )
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        related_name="people",
        null=True,
        blank=True,
    )
    title = models.CharField(
        _("titel"), max_length=200, blank=True, help_text=_("Till exempel projektledare.")
    )
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("användarkonto"),
        on_delete=models.SET_NULL,
        related_name="person",
        null=True,
        blank=True,
        help_text=_("Kontot som personen loggar in med, till exempel för digital justering."),
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("person")
        verbose_name_plural = _("personer")

    def __str__(self) -> str:
        return f"{self.name} ({self.party})" if self.party else self.name

    def get_absolute_url(self) -> str:
        return reverse("meetings:person", kwargs={"slug": self.slug})


class PersonAlias(models.Model):
    """Another spelling of a person's name as it appears in a protocol."""

    person = models.ForeignKey(
        Person, verbose_name=_("person"), on_delete=models.CASCADE, related_name="aliases"
    )
    name = models.CharField(
        _("stavning"),
        max_length=200,
        unique=True,
        help_text=_("En annan stavning av namnet, till exempel Lise Hjeemgard Svensson."),
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("alternativ stavning")
        verbose_name_plural = _("alternativa stavningar")

    def __str__(self) -> str:
        return self.name


class Membership(models.Model):
    """A person's role in a body during a period."""

    class Role(models.TextChoices):
        CHAIR = "chair", _("Ordförande")
        VICE_CHAIR = "vice_chair", _("Vice ordförande")
        MEMBER = "member", _("Ledamot")
        SUBSTITUTE = "substitute", _("Ersättare")
        SECRETARY = "secretary", _("Sekreterare")
        CO_OPTED = "co_opted", _("Adjungerad")

    person = models.ForeignKey(
        Person, verbose_name=_("person"), on_delete=models.PROTECT, related_name="memberships"
    )
    body = models.ForeignKey(
        Body, verbose_name=_("organ"), on_delete=models.PROTECT, related_name="memberships"
    )
    role = models.CharField(_("roll"), max_length=20, choices=Role.choices)
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("representerar"),
        on_delete=models.PROTECT,
        related_name="memberships",
        null=True,
        blank=True,
    )
    start_date = models.DateField(_("från"))
    end_date = models.DateField(_("till"), null=True, blank=True, help_text=_("Tomt: pågår."))

    class Meta:
        ordering = ["body", "-start_date"]
        verbose_name = _("medlemskap")
        verbose_name_plural = _("medlemskap")
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gte=models.F("start_date")),
                name="membership_ends_after_it_starts",
                violation_error_message=_("Uppdraget kan inte sluta innan det börjar."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.person.name}, {self.get_role_display()} i {self.body}"


class MeetingQuerySet(models.QuerySet):
    def visible_to(self, user) -> MeetingQuerySet:
        """Meetings the user may see, each with only the paragraphs the user may read.

        A meeting's date, place and state are public from the moment it is planned: the
        meeting schedule (sammanträdesplan) is a public document. What of the meeting a
        visitor sees is decided by the paragraphs' and attachments' own rules, applied
        here to the prefetched `agenda_items` so that no page can forget them.
        """
        return self.prefetch_related(
            models.Prefetch(
                "agenda_items",
                queryset=AgendaItem.objects.on_agenda_for(user).order_by("position"),
            )
        )

    def with_protocol_for(self, user) -> MeetingQuerySet:
        """Everything the protocol page shows, in a fixed number of queries.

        `agenda_items` holds the agenda the user may see (titles and public documents);
        `readable_items` the paragraphs whose minutes the user may read, with their
        decisions, motions, votes, reservations, assignments and attachments.
        """
        return (
            self.visible_to(user)
            .select_related("body", "chair", "chair__organisation")
            .prefetch_related(
                "adjusters",
                models.Prefetch(
                    "approvals",
                    queryset=AdjustmentApproval.objects.filter(
                        kind=AdjustmentApproval.Kind.APPROVED, voided_at=None
                    ).select_related("person"),
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
            self.filter(body__publishes_notices=True, notice_posted_on__isnull=False)
            .select_related("body")
            .order_by("-notice_posted_on", "-date")
        )

    def current_notices(self, today: datetime.date | None = None) -> MeetingQuerySet:
        """Notices on the board today: posted, and the appeal period not yet run."""
        today = today or timezone.localdate()
        return self.on_notice_board().filter(
            notice_posted_on__lte=today, notice_posted_on__gte=today - Meeting.APPEAL_PERIOD
        )

    def past_notices(self, today: datetime.date | None = None) -> MeetingQuerySet:
        """Notices whose appeal period has run: the board's archive."""
        today = today or timezone.localdate()
        return self.on_notice_board().filter(notice_posted_on__lt=today - Meeting.APPEAL_PERIOD)

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
        NOTICE_PUBLISHED = "notice_published", _("Kallelse publicerad")
        HELD = "held", _("Genomfört")
        ADJUSTED = "adjusted", _("Justerat")
        CANCELLED = "cancelled", _("Inställt")

    #: While the meeting is in these states, its agenda's titles and public documents are
    #: public though the minutes are not. Once the protocol is adjusted, the protocol is the
    #: record: only adjusted paragraphs show.
    AGENDA_PUBLIC_STATUSES = (Status.NOTICE_PUBLISHED, Status.HELD)

    class AdjustmentMethod(models.TextChoices):
        DIGITAL = "digital", _("Digitalt")
        PAPER = "paper", _("På papper")

    #: Kommunallagen 5 kap. 69 §: the protocol is adjusted within 14 days of the meeting.
    ADJUSTMENT_DEADLINE = datetime.timedelta(days=14)
    #: Kommunallagen 8 kap. 12 §: the notice is posted no later than the second day after.
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
        _("planerad justering"), null=True, blank=True, help_text=_("Tid för justering.")
    )
    adjustment_place = models.CharField(_("plats för justering"), max_length=200, blank=True)
    notice_published_at = models.DateTimeField(_("kallelse publicerad"), null=True, blank=True)
    adjusted_at = models.DateTimeField(
        _("protokollet justerat"),
        null=True,
        blank=True,
        help_text=_("Sätts när protokollet justeras, digitalt eller på papper."),
    )
    adjustment_method = models.CharField(
        _("justeringssätt"), max_length=10, choices=AdjustmentMethod.choices, blank=True
    )
    notice_posted_on = models.DateField(
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

    objects = MeetingQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["-date", "-start_time"]
        get_latest_by = "date"
        verbose_name = _("möte")
        verbose_name_plural = _("möten")
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
                condition=Q(notice_posted_on__isnull=True) | Q(adjusted_at__isnull=False),
                name="notice_posted_only_after_adjustment",
                violation_error_message=_(
                    "Justeringen kan anslås först när protokollet är justerat."
                ),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.body} {self.date.isoformat()}"

    def save(self, *args, **kwargs) -> None:
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

    @property
    def adjustment_deadline(self) -> datetime.date:
        """The last day on which the protocol may be adjusted (Kommunallagen 5 kap. 69 §)."""
        return self.date + self.ADJUSTMENT_DEADLINE

    def days_left_to_adjust(self, today: datetime.date | None = None) -> int:
        """Days until the adjustment deadline; negative when it has passed."""
        return (self.adjustment_deadline - (today or timezone.localdate())).days

    @property
    def adjusted_on(self) -> datetime.date | None:
        return timezone.localdate(self.adjusted_at) if self.adjusted_at else None

    @property
    def latest_posting_date(self) -> datetime.date | None:
        """The notice goes up no later than the second day after adjustment (8 kap. 12 §)."""
        return self.adjusted_on + self.POSTING_DEADLINE if self.adjusted_at else None

    @property
    def appeal_period_ends_on(self) -> datetime.date | None:
        """The last day to appeal: three weeks from the day of posting (13 kap. 5 §).

        Plain calendar arithmetic: the law counts calendar days, so weekends and public
        holidays move nothing here. The notice stays on the board through this day.
        """
        return self.notice_posted_on + self.APPEAL_PERIOD if self.notice_posted_on else None

    @property
    def notice_taken_down_on(self) -> datetime.date | None:
        """The notice comes down the day after the appeal period has run."""
        ends = self.appeal_period_ends_on
        return ends + datetime.timedelta(days=1) if ends else None

    def void_approvals(self) -> int:
        """Void the digital approvals given so far: the protocol changed after them."""
        return self.approvals.filter(voided_at=None).update(voided_at=timezone.now())

    def attendance_groups(self) -> list[tuple[str, list[Attendance]]]:
        """The attendance grouped by role, in the order of Attendance.Role."""
        groups: dict[str, list[Attendance]] = {}
        for attendance in self.attendances.all():
            groups.setdefault(attendance.role, []).append(attendance)
        return [(label, groups[role]) for role, label in Attendance.Role.choices if role in groups]

    def clean(self) -> None:
        if self.status == self.Status.ADJUSTED and not self.adjusted_at:
            raise ValidationError(
                {
                    "status": _(
                        "Ett protokoll blir justerat genom Registrera justering eller när "
                        "ordföranden och justerarna har godkänt det digitalt."
                    )
                }
            )
        if (
            self.notice_posted_on
            and self.adjusted_at
            and not self.adjusted_on <= self.notice_posted_on <= self.latest_posting_date
        ):
            raise ValidationError(
                {
                    "notice_posted_on": _(
                        "Justeringen ska anslås från justeringsdagen till och med andra "
                        "dagen efter den (%(first)s – %(last)s)."
                    )
                    % {
                        "first": self.adjusted_on.isoformat(),
                        "last": self.latest_posting_date.isoformat(),
                    }
                }
            )
        if self.pk and self.body_id and self.date:
            numbers = self.agenda_items.exclude(number=None).values_list("number", flat=True)
            clash = AgendaItem.objects.filter(
                body_id=self.body_id, year=self.date.year, number__in=list(numbers)
            ).exclude(meeting=self)
            if clash.exists():
                raise ValidationError(
                    _("Paragrafnumren krockar med ett annat möte samma år: %(numbers)s.")
                    % {
                        "numbers": ", ".join(
                            f"§ {n}" for n in clash.values_list("number", flat=True)
                        )
                    }
                )


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
                condition=Q(kind="approved", voided_at__isnull=True),
                name="one_valid_approval_per_person",
                violation_error_message=_("Du har redan godkänt protokollet."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person.name}: {self.get_kind_display()}"


# --- Search (/sok/) ------------------------------------------------------------------------
# Paragraphs are searched through AgendaItemQuerySet.search(); agreements and people, small
# tables, through SearchTerms.filter(). On PostgreSQL paragraphs match a stored tsvector in
# the `swedish` configuration (migration 0008_search); SQLite, the embedded default, matches the
# Swedish stems of the query's words in the text itself.

#: A query is cut after this many words: enough for any real question, and a bound on the
#: work that an absurd query can ask of the database.
SEARCH_MAX_WORDS = 12
#: A longer run of letters is no word (PostgreSQL refuses query words over 2,047 bytes).
SEARCH_MAX_WORD_LENGTH = 50
#: What ts_headline puts around a hit. Private-use characters do not occur in protocol text,
#: so once the headline is escaped these are the only places where a <mark> may go.
HIT_START, HIT_END = "\ue000", "\ue001"
#: How close a known name must be to be suggested, on PostgreSQL: its trigram similarity to
#: the query plus the query's word similarity to it (0 to 2). The second finds a surname in
#: a full name, the first prefers Hemsjukvård to Hemsjukvårdsavtalet for "hemsjukvrd".
SUGGESTION_MIN_SIMILARITY = 1.0

_QUERY_TOKEN = re.compile(r'(-?)(?:"([^"]*)"?|(\S+))')
_WORD = re.compile(r"[^\W_]+")
_OR = {"or", "eller"}


@dataclass(frozen=True)
class SearchTerm:
    """A word of a query, or the words of a quoted or hyphenated phrase, and their stems."""

    words: tuple[str, ...]
    stems: tuple[str, ...]

    def pattern(self, stem: bool = True) -> str:
        """A regular expression, for Python and PostgreSQL alike, for the term in a text.

        Words are runs of letters and digits, so they need no escaping. Each matches the
        start of a word of the text, as a prefix in a tsquery does: the stem avtal finds
        avtalet, avtalen and avtalsperioden, hemsjukvård finds Hemsjukvårdsavtalet. The
        words of a phrase follow each other.
        """
        return r"(^|\W)" + r"\w*\W+".join(self.stems if stem else self.words)

    def exact_pattern(self) -> str:
        """The term as typed, as whole words."""
        return r"(^|\W)" + r"\W+".join(self.words) + r"(\W|$)"


class SearchTerms:
    """A visitor's query in web search syntax: words, "phrases", -exclusions and OR.

    The syntax of PostgreSQL's websearch_to_tsquery, parsed here because the portal also
    matches words as prefixes (hemsjukvård finds Hemsjukvårdsavtalet), which that function
    cannot express, and because SQLite has no such parser. Only runs of letters and digits
    survive parsing: nothing a visitor types reaches SQL, a tsquery or a regular expression
    as syntax.
    """

    def __init__(self, text: str) -> None:
        stemmer = snowballstemmer.stemmer("swedish")
        #: Each group must match, through any one of its terms: "a OR b c" is two groups.
        self.groups: list[list[SearchTerm]] = []
        #: None of these may match.
        self.excluded: list[SearchTerm] = []
        words_left, either = SEARCH_MAX_WORDS, False
        for minus, quoted, bare in _QUERY_TOKEN.findall(text):
            if not minus and bare.lower() in _OR:
                either = bool(self.groups)
                continue
            words = [
                word.lower()
                for word in _WORD.findall(quoted or bare)
                if len(word) <= SEARCH_MAX_WORD_LENGTH
            ][:words_left]
            if not words:
                continue
            words_left -= len(words)
            term = SearchTerm(tuple(words), tuple(stemmer.stemWords(words)))
            if minus:
                self.excluded.append(term)
            elif either:
                self.groups[-1].append(term)
            else:
                self.groups.append([term])
            either = False
            if not words_left:
                break

    def __bool__(self) -> bool:
        return bool(self.groups)

    @property
    def terms(self) -> list[SearchTerm]:
        """The terms that must or may match."""
        return [term for group in self.groups for term in group]

    @property
    def words(self) -> list[str]:
        """The words of the terms that must or may match, as typed."""
        return [word for term in self.terms for word in term.words]

    def tsquery(self) -> str:
        """The query for PostgreSQL's to_tsquery(): each word also as a prefix (word:*)."""

        def operand(term: SearchTerm) -> str:
            return "(" + " <-> ".join(f"{word}:*" for word in term.words) + ")"

        return " & ".join(
            ["(" + " | ".join(operand(term) for term in group) + ")" for group in self.groups]
            + ["!" + operand(term) for term in self.excluded]
        )

    def exact_tsquery(self) -> str:
        """Any of the words as typed, without prefixes: ranks exact lexemes above prefix hits."""
        return " | ".join(self.words)

    def q(self, match: Callable[[str], Q], stem: bool = True) -> Q:
        """The query as a condition; `match` turns a term's regular expression into a Q."""
        condition = Q()
        for group in self.groups:
            condition &= reduce(operator.or_, (match(term.pattern(stem)) for term in group))
        for term in self.excluded:
            condition &= ~match(term.pattern(stem))
        return condition

    def score(
        self, fields: Sequence[tuple[float, Callable[[str], Q]]], stem: bool = True
    ) -> models.Expression:
        """A relevance: for each term, the weight of each field it is found in, half as
        much again where it stands as typed, as a whole word."""
        return reduce(
            operator.add,
            (
                Case(
                    When(match(term.exact_pattern()), then=Value(weight * 1.5)),
                    When(match(term.pattern(stem)), then=Value(weight)),
                    default=Value(0.0),
                )
                for term in self.terms
                for weight, match in fields
            ),
        )

    def filter(
        self,
        queryset: models.QuerySet,
        fields: Sequence[tuple[float, Callable[[str], Q]]],
        stem: bool = True,
    ) -> models.QuerySet:
        """The rows of `queryset` that match in any of the weighted `fields`, with a
        `search_rank` to order by. For small tables: a regular expression per row, no index.
        """

        def anywhere(pattern: str) -> Q:
            return reduce(operator.or_, (match(pattern) for _, match in fields))

        return queryset.filter(self.q(anywhere, stem)).alias(search_rank=self.score(fields, stem))

    def highlight(self, text: str) -> SafeString:
        """`text`, escaped, with each word that a term matches in <mark>."""
        hits = self._hits()
        html, end = [], 0
        for hit in hits.finditer(text) if hits else ():
            html += [escape(text[end : hit.start()]), "<mark>", escape(hit.group()), "</mark>"]
            end = hit.end()
        html.append(escape(text[end:]))
        return mark_safe("".join(html))

    def excerpt(self, text: str, length: int = 240) -> SafeString:
        """About `length` characters of `text` around its first hit, highlighted."""
        hits = self._hits()
        first = hits.search(text) if hits else None
        hit_start, hit_end = first.span() if first else (0, 0)
        start = max(0, hit_start - length // 3)
        end = max(start + length, hit_end)
        # Begin and end on whole words, and never cut the hit.
        if start > 0:
            start = text.find(" ", start, hit_start) + 1 or start
        if end < len(text):
            space = text.rfind(" ", hit_end, end + 1)
            end = space if space > 0 else end
        excerpt = self.highlight(" ".join(text[start:end].split()))
        return mark_safe(("… " if start else "") + excerpt + (" …" if end < len(text) else ""))

    def snippet(self, item: AgendaItem) -> SafeString:
        """Why a paragraph from AgendaItemQuerySet.search() matched: its hits in context."""
        if hasattr(item, "search_headline"):
            return self.marked(item.search_headline)
        return self.excerpt(item.search_document)

    def title(self, item: AgendaItem) -> SafeString:
        """The title of a paragraph from AgendaItemQuerySet.search(), its hits marked."""
        if hasattr(item, "search_title"):
            return self.marked(item.search_title)
        return self.highlight(item.title)

    @staticmethod
    def marked(headline: str) -> SafeString:
        """ts_headline's output escaped, and its hits, and nothing else, in <mark>."""
        html = re.sub(f"{HIT_START}(.*?){HIT_END}", r"<mark>\1</mark>", str(escape(headline)))
        return mark_safe(html.replace(HIT_START, "").replace(HIT_END, ""))

    def _hits(self) -> re.Pattern[str] | None:
        patterns = [r"\b" + r"\w*\W+".join(term.stems) + r"\w*" for term in self.terms]
        return re.compile("|".join(patterns), re.IGNORECASE) if patterns else None


def spelling_suggestion(terms: SearchTerms, using: str = "default") -> str | None:
    """The known name nearest to the query's words, for "Menade du ...?" after no hits.

    Known names are public ones: topics, bodies, organisations, agreements, people and the
    other spellings of their names. PostgreSQL ranks them by trigram similarity (pg_trgm,
    migration 0008_search), SQLite by difflib; either way in one query.
    """
    text = " ".join(terms.words)
    if not text:
        return None
    sources = [
        (Topic, "name"),
        (Body, "name"),
        (Organisation, "name"),
        (Person, "name"),
        (PersonAlias, "name"),
        (apps.get_model("agreements", "Agreement"), "short_name"),
    ]
    if connections[using].vendor == "postgresql":
        ranked = [
            model.objects.using(using)
            .annotate(
                similarity=TrigramSimilarity(field, text) + TrigramWordSimilarity(text, field)
            )
            .filter(similarity__gt=SUGGESTION_MIN_SIMILARITY)
            .order_by()
            .values_list(field, "similarity")
            for model, field in sources
        ]
        best = list(ranked[0].union(*ranked[1:]).order_by("-similarity")[:1])
        suggestion = best[0][0] if best else None
    else:
        names = [
            model.objects.using(using).order_by().values_list(field) for model, field in sources
        ]
        # A name is found by its whole or by one of its longer words (a surname).
        candidates: dict[str, str] = {}
        for (name,) in names[0].union(*names[1:]):
            for key in [name, *(word for word in name.split() if len(word) > 3)]:
                candidates.setdefault(key.casefold(), name)
        close = difflib.get_close_matches(text.casefold(), candidates, n=1, cutoff=0.75)
        suggestion = candidates[close[0]] if close else None
    if suggestion is None or suggestion.casefold() == text.casefold():
        return None
    return suggestion


class _JoinedText(models.Aggregate):
    """Texts joined by blank lines: string_agg on PostgreSQL, group_concat on SQLite."""

    function = "STRING_AGG"
    output_field = models.TextField()

    def __init__(self, expression: str) -> None:
        super().__init__(expression, Value("\n\n"))

    def as_sqlite(self, compiler, connection, **extra_context):
        return self.as_sql(compiler, connection, function="GROUP_CONCAT", **extra_context)


class AgendaItemQuerySet(models.QuerySet):
    def visible_to(self, user) -> AgendaItemQuerySet:
        """Paragraphs whose minutes the user may read.

        The single rule of the portal: the public reads adjusted paragraphs that are not
        confidential; members and the secretariat read everything.
        """
        if can_see_unpublished(user):
            return self.all()
        return self.filter(state=AgendaItem.State.ADJUSTED, confidential=False, withdrawn_at=None)

    def on_agenda_for(self, user) -> AgendaItemQuerySet:
        """Paragraphs whose title the user may see on the meeting's agenda.

        Once the notice (kallelse) is published the agenda is public, though the minutes
        of a paragraph stay hidden until it is adjusted (see `visible_to`).
        """
        if can_see_unpublished(user):
            return self.all()
        return self.filter(confidential=False, withdrawn_at=None).filter(
            Q(state=AgendaItem.State.ADJUSTED)
            | Q(meeting__status__in=Meeting.AGENDA_PUBLIC_STATUSES)
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
            models.Prefetch("attachments", queryset=Attachment.objects.visible_to(user)),
        )

    def search(self, query: str | SearchTerms) -> AgendaItemQuerySet:
        """Paragraphs that match a query in web search syntax (see SearchTerms), best first.

        Call it on visible_to(user): matching, counting and snippets then see only what the
        user may read. Titles weigh more than the text, the text more than the decision
        points and motions; on PostgreSQL an exact lexeme also more than a prefix hit.
        Each paragraph carries what SearchTerms.snippet() and .title() show: on PostgreSQL
        `search_headline` and `search_title` from ts_headline, which the database computes
        only for the rows fetched; on SQLite `search_document`, the text that was searched.
        """
        terms = query if isinstance(query, SearchTerms) else SearchTerms(query)
        if not terms:
            return self.none()
        document = Concat(
            "text",
            Value("\n\n"),
            self._joined_texts("decision_points"),
            Value("\n\n"),
            self._joined_texts("motions"),
            output_field=models.TextField(),
        )
        order = ("-search_rank", "-meeting__date", "position")
        if connections[self.db].vendor == "postgresql":
            matches = SearchQuery(terms.tsquery(), config="swedish", search_type="raw")
            exact = SearchQuery(terms.exact_tsquery(), config="swedish", search_type="raw")
            headline = {"config": "swedish", "start_sel": HIT_START, "stop_sel": HIT_END}
            return (
                self.filter(search_vector=matches)
                # One ts_rank over the hits' words both as typed and as prefixes: a word
                # that is there exactly counts twice. (One call: each unpacks the vector.)
                .alias(search_rank=SearchRank(F("search_vector"), exact | matches))
                .annotate(
                    search_title=SearchHeadline("title", matches, highlight_all=True, **headline),
                    search_headline=SearchHeadline(
                        document,
                        matches,
                        max_words=30,
                        min_words=12,
                        max_fragments=2,
                        fragment_delimiter=" … ",
                        **headline,
                    ),
                )
                .order_by(*order)
            )
        related = [
            self.model._meta.get_field(name).related_model
            for name in ("decision_points", "motions")
        ]

        def in_decisions(pattern: str) -> Q:
            found = (
                Exists(model.objects.filter(agenda_item=OuterRef("pk"), text__iregex=pattern))
                for model in related
            )
            return reduce(operator.or_, map(Q, found))

        # The weights of PostgreSQL's ts_rank for the title (A), text (B) and the rest (C).
        fields = [
            (1.0, lambda pattern: Q(title__iregex=pattern)),
            (0.4, lambda pattern: Q(text__iregex=pattern)),
            (0.2, in_decisions),
        ]
        return terms.filter(self, fields).annotate(search_document=document).order_by(*order)

    def _joined_texts(self, relation: str) -> Coalesce:
        """The texts of a related set (decision points, motions) as one, for snippets."""
        related = self.model._meta.get_field(relation).related_model
        texts = (
            related.objects.filter(agenda_item=OuterRef("pk"))
            .order_by()
            .values("agenda_item")
            .annotate(joined=_JoinedText("text"))
            .values("joined")
        )
        return Coalesce(Subquery(texts), Value(""), output_field=models.TextField())


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
    added_after_notice = models.BooleanField(
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
    # correction is searchable at once; on SQLite it stays empty (see search() above).
    search_vector = SearchVectorField(_("sökindex"), null=True, editable=False, serialize=False)

    objects = AgendaItemQuerySet.as_manager()
    # The search index is derived data: the history keeps the protocol, not the index.
    history = HistoricalRecords(excluded_fields=["search_vector"])

    #: The fields whose change after a digital approval voids the approvals.
    PROTOCOL_FIELDS = ("number", "title", "text", "confidential")

    class Meta:
        ordering = ["meeting", "position"]
        verbose_name = _("paragraf")
        verbose_name_plural = _("paragrafer")
        permissions = [
            ("view_unpublished", _("Kan läsa ojusterade och sekretessbelagda paragrafer"))
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
        if self._state.adding and meeting.notice_published_at:
            self.added_after_notice = True
        if self.withdrawal_reason and not self.withdrawn_at:
            self.withdrawn_at = timezone.now()
        elif not self.withdrawal_reason:
            self.withdrawn_at = None
        if not self._state.adding and self.state == self.State.DRAFT and self._protocol_changed():
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

    def _protocol_changed(self) -> bool:
        stored = AgendaItem.objects.filter(pk=self.pk).values(*self.PROTOCOL_FIELDS).first()
        return stored != {field: getattr(self, field) for field in self.PROTOCOL_FIELDS}

    @property
    def is_adjusted(self) -> bool:
        return self.state == self.State.ADJUSTED

    @property
    def is_withdrawn(self) -> bool:
        return self.withdrawn_at is not None

    def adjusted_version(self):
        """The paragraph as it read when adjusted: its first history record in that state."""
        return self.history.filter(state=self.State.ADJUSTED).order_by("history_date").first()

    def correction(self) -> dict | None:
        """How the public text changed after adjustment, or None if it did not.

        Returns the date of the latest change and a line diff of title and text against
        the adjusted version, for the "Rättad" note on the public page.
        """
        if not self.is_adjusted:
            return None
        adjusted = self.adjusted_version()
        if adjusted is None or (adjusted.title, adjusted.text) == (self.title, self.text):
            return None
        latest = self.history.order_by("-history_date").first()
        before = [adjusted.title, "", *adjusted.text.splitlines()]
        after = [self.title, "", *self.text.splitlines()]
        return {
            "date": latest.history_date,
            "diff": [
                (line[0], line[2:]) for line in difflib.ndiff(before, after) if line[0] in " +-"
            ],
        }

    @property
    def citation(self) -> str:
        """How the paragraph is cited, for example "SVOM 2021-06-04 § 12"."""
        number = (
            f" § {self.number}"
            if self.number
            else " " + gettext("punkt %(position)d") % {"position": self.position}
        )
        return f"{self.meeting.body.short_name} {self.meeting.date.isoformat()}{number}"

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


class AttachmentQuerySet(models.QuerySet):
    def visible_to(self, user) -> AttachmentQuerySet:
        """Attachments the user may open.

        The public opens public documents of paragraphs that are on the public agenda (the
        notice is published, or the paragraph is adjusted) and not confidential.
        """
        if can_see_unpublished(user):
            return self.all()
        return self.filter(
            is_public=True,
            agenda_item__in=AgendaItem.objects.on_agenda_for(user),
        )


class Attachment(models.Model):
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

    objects = AttachmentQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["agenda_item", "position", "pk"]
        verbose_name = _("bilaga")
        verbose_name_plural = _("bilagor")

    def __str__(self) -> str:
        return self.title


class AccessibilityReport(models.Model):
    """A visitor's report of an accessibility problem, sent from the accessibility statement."""

    page_url = models.CharField(
        _("sida"),
        max_length=500,
        blank=True,
        help_text=_("Adress eller namn på sidan, om problemet gäller en viss sida."),
    )
    description = models.TextField(
        _("beskrivning av problemet"),
        max_length=5000,
        help_text=_("Beskriv vad du försökte göra och vad som inte fungerade."),
    )
    contact = models.CharField(
        _("kontaktuppgift"),
        max_length=200,
        blank=True,
        help_text=_("E-post eller telefon om du vill ha svar."),
    )
    created_at = models.DateTimeField(_("inkommen"), auto_now_add=True)
    handled = models.BooleanField(
        _("hanterad"),
        default=False,
        help_text=_("Markera när sekretariatet har hanterat rapporten."),
    )

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("rapport om tillgänglighet")
        verbose_name_plural = _("rapporter om tillgänglighet")

    def __str__(self) -> str:
        return self.description[:60]
