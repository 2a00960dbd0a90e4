"""Who meets and about what: organisations, bodies and their working groups, topics."""

from __future__ import annotations

from concurrency.fields import IntegerVersionField
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from svom.db import has_rows


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

    version = IntegerVersionField(
        verbose_name=_("version"),
        help_text=_("Ändras vid varje sparning: fångar samtidiga ändringar."),
    )

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
    posts_adjustments = models.BooleanField(
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

    version = IntegerVersionField(
        verbose_name=_("version"),
        help_text=_("Ändras vid varje sparning: fångar samtidiga ändringar."),
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


class TopicQuerySet(models.QuerySet):
    def visible_to(self, user) -> TopicQuerySet:
        """Topics of paragraphs the user may read: a topic used only by hidden paragraphs is
        not offered to the public, not even as a filter choice."""
        from .agenda import AgendaItem, can_see_unpublished

        if can_see_unpublished(user):
            return self.all()
        readable = AgendaItem.objects.visible_to(user).filter(topics=models.OuterRef("pk"))
        return self.filter(has_rows(readable))


class Topic(models.Model):
    """One of SVOM's areas of work, used to tag paragraphs."""

    name = models.CharField(_("namn"), max_length=120, unique=True)
    slug = models.SlugField(_("adressnamn"), max_length=80, unique=True)

    version = IntegerVersionField(
        verbose_name=_("version"),
        help_text=_("Ändras vid varje sparning: fångar samtidiga ändringar."),
    )

    objects = TopicQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("område")
        verbose_name_plural = _("områden")

    def __str__(self) -> str:
        return self.name
