"""The meetings as calendars and the adjusted paragraphs as Atom feeds.

One of each for the whole portal (/kalender.ics, /flode/paragrafer/), one of each per body
(/organ/<slug>/kalender.ics, /organ/<slug>/flode/), a feed per topic (/amnen/<slug>/flode/)
and a calendar file for a single meeting ("lägg till i kalender").

Feeds are read by calendar apps and aggregators on behalf of anyone, so they always show
what the public may see.
"""

from __future__ import annotations

import datetime

from django.contrib.auth.models import AnonymousUser
from django.contrib.syndication.views import Feed
from django.db.models import QuerySet
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.urls import reverse, reverse_lazy
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import linebreaks
from django.utils.translation import gettext_lazy as _
from django_ical.feedgenerator import ICal20Feed
from django_ical.views import ICalFeed
from icalendar import Calendar

from .models import AgendaItem, Body, Meeting, Topic
from .views import parse_date


def scheduled_meetings() -> QuerySet[Meeting]:
    """The meetings a calendar shows: all but the cancelled, each with its public agenda
    (the titles anyone may see once the notice is published, see `Meeting.visible_to`)."""
    return (
        Meeting.objects.exclude(status=Meeting.Status.CANCELLED)
        .visible_to(AnonymousUser())
        .select_related("body")
    )


class CalendarFile(ICal20Feed):
    """django-ical's iCalendar file, with the VTIMEZONE that its TZID=Europe/Stockholm
    times refer to (RFC 5545 requires one) and no empty CATEGORIES lines."""

    def write_items(self, calendar: Calendar) -> None:
        for item in self.items:
            # Django's feeds turn "no categories" into (), which django-ical writes as an
            # empty CATEGORIES property; None leaves it out.
            item["categories"] = item["categories"] or None
        super().write_items(calendar)
        calendar.add_missing_timezones()


class MeetingCalendarFeed(ICalFeed):
    """/kalender.ics: every body's meetings, for calendar apps (django-ical)."""

    feed_type = CalendarFile
    product_id = "-//SVOM//Protokollportal//SV"
    timezone = "Europe/Stockholm"
    file_name = "svom-moten.ics"
    title = _("SVOM: sammanträden")

    def meetings(self, obj) -> QuerySet[Meeting]:
        return scheduled_meetings()

    def items(self, obj=None) -> QuerySet[Meeting]:
        return self.meetings(obj).order_by("-date")[:500]

    def item_guid(self, meeting: Meeting) -> str:
        return f"meeting-{meeting.pk}@svom"

    def item_title(self, meeting: Meeting) -> str:
        # What the meeting is, not its state: "SVOM sammanträder", never "SVOM: Genomfört".
        return _("%(body)s sammanträder") % {"body": meeting.body.short_name}

    def item_description(self, meeting: Meeting) -> str:
        # The event's URL leads to the notice, agenda and protocol; the agenda's titles come
        # along so that the calendar says what the meeting is about.
        lines = [_("Sammanträde med %(body)s.") % {"body": meeting.body.name}]
        agenda = [item.title for item in meeting.agenda_items.all()]
        if agenda:
            lines += ["", f"{_('Dagordning')}:"]
            lines += [f"{number}. {title}" for number, title in enumerate(agenda, start=1)]
        return "\n".join(lines)

    def item_link(self, meeting: Meeting) -> str:
        return meeting.get_absolute_url()

    def item_timestamp(self, meeting: Meeting) -> datetime.datetime:
        # DTSTAMP is written in UTC: django-ical's naive local now() came out an hour or two
        # ahead of the time it claimed.
        return timezone.now()

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


class BodyCalendarFeed(MeetingCalendarFeed):
    """/organ/<slug>/kalender.ics: one body's meetings."""

    def get_object(self, request: HttpRequest, slug: str) -> Body:
        return get_object_or_404(Body, slug=slug)

    def file_name(self, body: Body) -> str:
        return f"{body.slug}-moten.ics"

    def title(self, body: Body) -> str:
        return _("%(body)s: sammanträden") % {"body": body.short_name}

    def meetings(self, body: Body) -> QuerySet[Meeting]:
        return super().meetings(body).filter(body=body)


class MeetingEventFeed(MeetingCalendarFeed):
    """/moten/<organ>/<datum>/kalender.ics: one meeting, to add to one's calendar.

    A cancelled meeting has no event to add: its file is a 404, as for a meeting that does
    not exist.
    """

    #: No calendar name: the event is added to the visitor's own calendar, not a new one.
    title = None

    def get_object(self, request: HttpRequest, body: str, date: str) -> Meeting:
        return get_object_or_404(scheduled_meetings(), body__slug=body, date=parse_date(date))

    def file_name(self, meeting: Meeting) -> str:
        return f"{meeting.body.slug}-{meeting.date.isoformat()}.ics"

    def meetings(self, meeting: Meeting) -> QuerySet[Meeting]:
        return super().meetings(meeting).filter(pk=meeting.pk)


class AdjustedParagraphsFeed(Feed):
    """/flode/paragrafer/: the latest adjusted paragraphs, Atom, public text only.

    Feeds are read by aggregators on behalf of anyone, so they always use the public rule.
    """

    feed_type = Atom1Feed
    title = _("SVOM: senast justerade paragrafer")
    link = reverse_lazy("meetings:home")
    subtitle = _("Paragrafer ur SVOM:s protokoll när de har justerats.")
    # Atom (RFC 4287) asks for an author of the feed and an updated time of each entry.
    author_name = "SVOM"

    def paragraphs(self, obj) -> QuerySet[AgendaItem]:
        return AgendaItem.objects.visible_to(AnonymousUser())

    def items(self, obj=None) -> QuerySet[AgendaItem]:
        return (
            self.paragraphs(obj)
            .select_related("meeting__body")
            .order_by("-adjusted_at", "-pk")[:50]
        )

    def item_title(self, item: AgendaItem) -> str:
        return f"{item.citation} {item.title}"

    def item_description(self, item: AgendaItem) -> str:
        # Atom's summary is HTML that the reader renders: the text is escaped into it, so
        # markup typed in the admin or carried in by an import stays text.
        # A paragraph without minutes (a procedural one) is summed up by its title.
        return linebreaks(item.text or item.title, autoescape=True)

    def item_pubdate(self, item: AgendaItem) -> datetime.datetime:
        return item.adjusted_at

    def item_updateddate(self, item: AgendaItem) -> datetime.datetime:
        return item.adjusted_at


class BodyParagraphsFeed(AdjustedParagraphsFeed):
    """/organ/<slug>/flode/: the latest adjusted paragraphs of one body."""

    def get_object(self, request: HttpRequest, slug: str) -> Body:
        return get_object_or_404(Body, slug=slug)

    def title(self, body: Body) -> str:
        return _("%(body)s: senast justerade paragrafer") % {"body": body.short_name}

    def link(self, body: Body) -> str:
        return body.get_absolute_url()

    def subtitle(self, body: Body) -> str:
        return _("Paragrafer ur protokollen från %(body)s när de har justerats.") % {
            "body": body.name
        }

    def paragraphs(self, body: Body) -> QuerySet[AgendaItem]:
        return super().paragraphs(body).filter(meeting__body=body)


class TopicParagraphsFeed(AdjustedParagraphsFeed):
    """/amnen/<slug>/flode/: the latest adjusted paragraphs about one topic."""

    def get_object(self, request: HttpRequest, slug: str) -> Topic:
        # A topic is public only through a public paragraph: one known only from drafts or
        # confidential items is a 404, not an empty feed that names it.
        return get_object_or_404(Topic.objects.visible_to(AnonymousUser()), slug=slug)

    def title(self, topic: Topic) -> str:
        return _("SVOM om %(topic)s: senast justerade paragrafer") % {"topic": topic.name}

    def link(self, topic: Topic) -> str:
        return f"{reverse('meetings:list')}?topic={topic.slug}"

    def subtitle(self, topic: Topic) -> str:
        return _("Justerade paragrafer inom området %(topic)s.") % {"topic": topic.name}

    def paragraphs(self, topic: Topic) -> QuerySet[AgendaItem]:
        return super().paragraphs(topic).filter(topics=topic)
