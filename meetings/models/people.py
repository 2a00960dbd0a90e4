"""The people who take part in meetings, the spellings of their names and their roles."""

from __future__ import annotations

from concurrency.fields import IntegerVersionField
from django.conf import settings
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from .bodies import Body, Organisation


class PersonQuerySet(models.QuerySet):
    def visible_to(self, user) -> PersonQuerySet:
        """People the user may see: the same rule as paragraphs, applied to names.

        A person is public only through something public: a membership of a body (who sits
        in a body is public), a part of a paragraph the user may read (presenter, mover of a
        motion, a ballot, a reservation, an assignment), or a meeting whose protocol the user
        may read (chair, adjuster, attendance). A name that appears only in drafts,
        confidential, withdrawn or merely planned paragraphs stays unknown to the public.
        """
        from .agenda import AgendaItem, can_see_unpublished
        from .meeting import Meeting

        if can_see_unpublished(user):
            return self.all()
        readable = AgendaItem.objects.visible_to(user)
        meetings = Meeting.objects.with_readable_protocol(user)
        person = OuterRef("pk")
        # EXISTS per person, not IN over every paragraph: one person's page or a filter's
        # single choice is then a few index lookups, whatever the size of the archive.
        sources = [
            Membership.objects.filter(person=person),
            readable.filter(presenters=person),
            readable.filter(motions__mover=person),
            readable.filter(votes__ballots__person=person),
            readable.filter(reservations__person=person),
            readable.filter(assignments__responsible=person),
            meetings.filter(chair=person),
            meetings.filter(adjusters=person),
            meetings.filter(attendances__person=person),
        ]
        reachable = Q()
        for rows in sources:
            reachable |= Exists(rows)
        return self.filter(reachable)


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

    version = IntegerVersionField(
        verbose_name=_("version"),
        help_text=_("Ändras vid varje sparning: fångar samtidiga ändringar."),
    )

    objects = PersonQuerySet.as_manager()

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

    version = IntegerVersionField(
        verbose_name=_("version"),
        help_text=_("Ändras vid varje sparning: fångar samtidiga ändringar."),
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

    version = IntegerVersionField(
        verbose_name=_("version"),
        help_text=_("Ändras vid varje sparning: fångar samtidiga ändringar."),
    )

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
