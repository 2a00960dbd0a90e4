"""Visitors' reports of accessibility problems, sent from the accessibility statement."""

from __future__ import annotations

from concurrency.fields import IntegerVersionField
from django.db import models
from django.utils.translation import gettext_lazy as _


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

    version = IntegerVersionField(
        verbose_name=_("version"),
        help_text=_("Ändras vid varje sparning: fångar samtidiga ändringar."),
    )

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("rapport om tillgänglighet")
        verbose_name_plural = _("rapporter om tillgänglighet")

    def __str__(self) -> str:
        return self.description[:60]
