"""Public pages of meetings, paragraphs and attachments. Every view applies visible_to(user)."""

from __future__ import annotations

import datetime

from django.db.models import QuerySet
from django.http import FileResponse, Http404, HttpRequest
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.cache import patch_cache_control
from django.views import View
from django.views.generic import DetailView, TemplateView
from django_filters.views import FilterView

from agreements.models import Agreement

from .filters import MeetingFilter
from .models import AgendaItem, Attachment, Meeting, can_see_unpublished


class VisibleToUserMixin:
    """Limit a generic view's queryset to what the visitor may see (the model's visible_to)."""

    def get_queryset(self) -> QuerySet:
        return super().get_queryset().visible_to(self.request.user)


class HomeView(TemplateView):
    template_name = "meetings/home.html"

    def get_context_data(self, **kwargs) -> dict:
        user = self.request.user
        return super().get_context_data(
            upcoming_meetings=Meeting.objects.upcoming().select_related("body")[:5],
            latest_items=AgendaItem.objects.visible_to(user)
            .filter(state=AgendaItem.State.ADJUSTED)
            .select_related("meeting__body")
            .order_by("-adjusted_at", "-pk")[:8],
            agreements=Agreement.objects.needing_attention().select_related("replaced_by"),
            today=timezone.localdate(),
            **kwargs,
        )


class MeetingListView(FilterView):
    model = Meeting
    filterset_class = MeetingFilter
    template_name = "meetings/meeting_list.html"
    paginate_by = 20

    def get_queryset(self) -> QuerySet[Meeting]:
        return Meeting.objects.visible_to(self.request.user).select_related("body", "chair")


class MeetingDetailView(DetailView):
    """A meeting's protocol: header, attendance, agenda and the minutes of each paragraph."""

    model = Meeting

    def get_queryset(self) -> QuerySet[Meeting]:
        return Meeting.objects.with_protocol_for(self.request.user)

    def get_object(self, queryset: QuerySet | None = None) -> Meeting:
        return get_object_or_404(
            queryset if queryset is not None else self.get_queryset(),
            body__slug=self.kwargs["body"],
            date=parse_date(self.kwargs["date"]),
        )

    def get_context_data(self, **kwargs) -> dict:
        meeting = self.object
        siblings = Meeting.objects.filter(body=meeting.body).select_related("body")
        return super().get_context_data(
            previous_meeting=siblings.filter(date__lt=meeting.date).order_by("-date").first(),
            next_meeting=siblings.filter(date__gt=meeting.date).order_by("date").first(),
            attendance_groups=meeting.attendance_groups(),
            **kwargs,
        )


class AgendaItemDetailView(DetailView):
    """A paragraph's permalink: /moten/<organ>/<år>/paragraf/<§>/ or, unnumbered, by position."""

    model = AgendaItem
    context_object_name = "item"

    def get_queryset(self) -> QuerySet[AgendaItem]:
        return (
            AgendaItem.objects.visible_to(self.request.user)
            .with_minutes_for(self.request.user)
            .select_related("meeting__chair")
        )

    def get_object(self, queryset: QuerySet | None = None) -> AgendaItem:
        queryset = queryset if queryset is not None else self.get_queryset()
        if "number" in self.kwargs:
            return get_object_or_404(
                queryset,
                body__slug=self.kwargs["body"],
                year=self.kwargs["year"],
                number=self.kwargs["number"],
            )
        return get_object_or_404(
            queryset,
            body__slug=self.kwargs["body"],
            meeting__date=parse_date(self.kwargs["date"]),
            position=self.kwargs["position"],
        )


def parse_date(value: str) -> datetime.date:
    """A date from the URL; a malformed or impossible date is a 404, not a 500."""
    try:
        return datetime.date.fromisoformat(value)
    except ValueError as error:
        raise Http404("Not a date.") from error


class AccessibilityView(TemplateView):
    template_name = "meetings/accessibility.html"


class AttachmentDownloadView(View):
    """Serve an attachment's file, but only to someone who may see the attachment.

    Files live outside every web root; this view is their only way out. A visitor who may
    not see the attachment gets the same 404 as for one that does not exist.
    """

    def get(self, request: HttpRequest, pk: int) -> FileResponse:
        attachment = get_object_or_404(Attachment.objects.visible_to(request.user), pk=pk)
        if not attachment.file:
            raise Http404("The attachment has no file.")
        try:
            handle = attachment.file.open("rb")
        except FileNotFoundError as error:
            raise Http404("The attachment's file is missing.") from error
        response = FileResponse(
            handle, as_attachment=True, filename=attachment.file.name.rsplit("/", 1)[-1]
        )
        if can_see_unpublished(request.user):
            patch_cache_control(response, private=True, no_store=True)
        return response
