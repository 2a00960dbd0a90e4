"""Who met, when, and what was said: bodies, people, meetings and their paragraphs."""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

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
    note = models.TextField(
        _("anteckning"), blank=True, help_text=_("Intern anteckning, visas inte för allmänheten.")
    )

    objects = MeetingQuerySet.as_manager()

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

    def attendance_groups(self) -> list[tuple[str, list[Attendance]]]:
        """The attendance grouped by role, in the order of Attendance.Role."""
        groups: dict[str, list[Attendance]] = {}
        for attendance in self.attendances.all():
            groups.setdefault(attendance.role, []).append(attendance)
        return [(label, groups[role]) for role, label in Attendance.Role.choices if role in groups]

    def clean(self) -> None:
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


class AgendaItemQuerySet(models.QuerySet):
    def visible_to(self, user) -> AgendaItemQuerySet:
        """Paragraphs whose minutes the user may read.

        The single rule of the portal: the public reads adjusted paragraphs that are not
        confidential; members and the secretariat read everything.
        """
        if can_see_unpublished(user):
            return self.all()
        return self.filter(state=AgendaItem.State.ADJUSTED, confidential=False)

    def on_agenda_for(self, user) -> AgendaItemQuerySet:
        """Paragraphs whose title the user may see on the meeting's agenda.

        Once the notice (kallelse) is published the agenda is public, though the minutes
        of a paragraph stay hidden until it is adjusted (see `visible_to`).
        """
        if can_see_unpublished(user):
            return self.all()
        return self.filter(confidential=False).filter(
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

    def mark_adjusted(self, at: datetime.datetime | None = None) -> int:
        """Mark the draft paragraphs adjusted at `at` (now by default); returns how many."""
        return self.filter(state=AgendaItem.State.DRAFT).update(
            state=AgendaItem.State.ADJUSTED, adjusted_at=at or timezone.now()
        )


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
    confidential = models.BooleanField(
        _("sekretess"),
        default=False,
        help_text=_("Visas aldrig för allmänheten, inte ens efter justering."),
    )

    objects = AgendaItemQuerySet.as_manager()

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
        ]

    def __str__(self) -> str:
        return f"§ {self.number} {self.title}" if self.number else self.title

    def save(self, *args, **kwargs) -> None:
        self.body_id = self.meeting.body_id
        self.year = self.meeting.date.year
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

    @property
    def is_adjusted(self) -> bool:
        return self.state == self.State.ADJUSTED

    @property
    def citation(self) -> str:
        """How the paragraph is cited, for example "SVOM 2021-06-04 § 12"."""
        number = f" § {self.number}" if self.number else f" punkt {self.position}"
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
