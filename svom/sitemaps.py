"""The sitemap (sitemap.xml, an index of one sitemap per section): every public page.

Each section asks the same QuerySet method as the pages it lists, for an anonymous visitor,
so that the sitemap can never name a page, a paragraph or a person the public may not see.
The Swedish addresses only: Django's i18n sitemaps load every row of a section for each
of its pages, and each page names its English version itself (hreflang in base.html).
"""

from __future__ import annotations

import datetime

from django.contrib.auth.models import AnonymousUser
from django.contrib.sitemaps import Sitemap
from django.db.models import Max, QuerySet
from django.db.models.functions import Coalesce
from django.urls import reverse

from agreements.models import Agreement
from meetings.models import AgendaItem, Body, Meeting, Person


class PublicSitemap(Sitemap):
    #: Who the sitemap is for: a crawler, which never logs in.
    visitor = AnonymousUser()


class PagesSitemap(PublicSitemap):
    """The pages with a fixed address: start, lists, notice board, accessibility statement."""

    changefreq = "daily"

    def items(self) -> list[str]:
        return [
            "meetings:home",
            "meetings:list",
            "meetings:people",
            "decisions:list",
            "decisions:assignments",
            "agreements:list",
            "meetings:notice_board",
            "meetings:accessibility",
        ]

    def location(self, item: str) -> str:
        return reverse(item)


class MeetingSitemap(PublicSitemap):
    """Every meeting the public may see (MeetingDetailView's rule)."""

    def items(self) -> QuerySet[Meeting]:
        # The sitemap needs only the addresses, not the agenda visible_to prefetches.
        return (
            Meeting.objects.visible_to(self.visitor)
            .prefetch_related(None)
            .select_related("body")
            .order_by("pk")
        )

    def lastmod(self, meeting: Meeting) -> datetime.datetime | None:
        return meeting.adjusted_at or meeting.agenda_published_at

    def get_latest_lastmod(self) -> datetime.datetime | None:
        # One aggregate, not Django's default of loading every meeting for the index.
        latest = Coalesce("adjusted_at", "agenda_published_at")
        return self.items().aggregate(latest=Max(latest))["latest"]


class ParagraphSitemap(PublicSitemap):
    """Every paragraph the public may read (AgendaItemDetailView's rule)."""

    def items(self) -> QuerySet[AgendaItem]:
        return (
            AgendaItem.objects.visible_to(self.visitor)
            .select_related("meeting__body")
            .order_by("pk")
        )

    def lastmod(self, item: AgendaItem) -> datetime.datetime | None:
        return item.adjusted_at

    def get_latest_lastmod(self) -> datetime.datetime | None:
        return self.items().aggregate(latest=Max("adjusted_at"))["latest"]


class PersonSitemap(PublicSitemap):
    """Everyone public through something public (PersonDetailView's rule)."""

    def items(self) -> QuerySet[Person]:
        return Person.objects.visible_to(self.visitor).order_by("pk")


class BodySitemap(PublicSitemap):
    """Every body: who meets is public (BodyDetailView lists them all)."""

    def items(self) -> QuerySet[Body]:
        return Body.objects.order_by("pk")


class AgreementSitemap(PublicSitemap):
    """Every agreement: agreements are public (AgreementDetailView lists them all)."""

    def items(self) -> QuerySet[Agreement]:
        return Agreement.objects.order_by("pk")


SITEMAPS = {
    "sidor": PagesSitemap,
    "moten": MeetingSitemap,
    "paragrafer": ParagraphSitemap,
    "personer": PersonSitemap,
    "organ": BodySitemap,
    "avtal": AgreementSitemap,
}
