"""The meetings as a calendar (/kalender.ics) and the adjusted paragraphs as an Atom feed.

Feeds are read by calendar apps and aggregators on behalf of anyone, so they always show
what the public may see.
"""

from __future__ import annotations

import datetime

from django.contrib.auth.models import AnonymousUser
from django.contrib.syndication.views import Feed
from django.db.models import QuerySet
from django.urls import reverse_lazy
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import linebreaks
from django.utils.translation import gettext_lazy as _
from django_ical.views import ICalFeed

from .models import AgendaItem, Meeting


class MeetingCalendarFeed(ICalFeed):
    """/kalender.ics: every body's meetings, for calendar apps (django-ical)."""

    product_id = "-//SVOM//Protokollportal//SV"
    timezone = "Europe/Stockholm"
    file_name = "svom-moten.ics"

    def items(self) -> QuerySet[Meeting]:
        return (
            Meeting.objects.exclude(status=Meeting.Status.CANCELLED)
            .select_related("body")
            .order_by("-date")[:500]
        )

    def item_guid(self, meeting: Meeting) -> str:
        return f"meeting-{meeting.pk}@svom"

    def item_title(self, meeting: Meeting) -> str:
        # What the meeting is, not its state: "SVOM sammanträder", never "SVOM: Genomfört".
        return _("%(body)s sammanträder") % {"body": meeting.body.short_name}

    def item_description(self, meeting: Meeting) -> str:
        return meeting.body.name

    def item_link(self, meeting: Meeting) -> str:
        return meeting.get_absolute_url()

    def item_location(self, meeting: Meeting) -> str:
        return meeting.place or (_("Digitalt") if meeting.is_digital else "")

    def item_start_datetime(self, meeting: Meeting) -> datetime.date | datetime.datetime:
        if meeting.start_time:
            return timezone.make_aware(datetime.datetime.combine(meeting.date, meeting.start_time))
        return meeting.date

    def item_end_datetime(self, meeting: Meeting) -> datetime.date | datetime.datetime:
        if meeting.start_time and meeting.end_time:
            return timezone.make_aware(datetime.datetime.combine(meeting.date, meeting.end_time))
        return meeting.date + datetime.timedelta(days=1)


class AdjustedParagraphsFeed(Feed):
    """/flode/paragrafer/: the latest adjusted paragraphs, Atom, public text only.

    Feeds are read by aggregators on behalf of anyone, so they always use the public rule.
    """

    feed_type = Atom1Feed
    title = _("SVOM: senast justerade paragrafer")
    link = reverse_lazy("meetings:home")
    subtitle = _("Paragrafer ur SVOM:s protokoll när de har justerats.")

    def items(self) -> QuerySet[AgendaItem]:
        return (
            AgendaItem.objects.visible_to(AnonymousUser())
            .select_related("meeting__body")
            .order_by("-adjusted_at", "-pk")[:50]
        )

    def item_title(self, item: AgendaItem) -> str:
        return f"{item.citation} {item.title}"

    def item_description(self, item: AgendaItem) -> str:
        # Atom's summary is HTML that the reader renders: the text is escaped into it, so
        # markup typed in the admin or carried in by an import stays text.
        return linebreaks(item.text, autoescape=True)

    def item_pubdate(self, item: AgendaItem) -> datetime.datetime:
        return item.adjusted_at
