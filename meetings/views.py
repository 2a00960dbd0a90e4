"""Public pages of meetings, paragraphs and attachments. Every view applies visible_to(user)."""

from __future__ import annotations

import datetime

from axes.helpers import get_client_ip_address
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.contrib.messages.views import SuccessMessageMixin
from django.core.exceptions import ValidationError
from django.db.models import Case, F, Prefetch, Q, QuerySet, When
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse, reverse_lazy
from django.utils import timezone
from django.utils.cache import patch_cache_control
from django.utils.decorators import method_decorator
from django.utils.translation import gettext_lazy as _
from django.views import View
from django.views.generic import CreateView, DetailView, FormView, ListView, TemplateView
from django_filters.views import FilterView
from django_ratelimit.decorators import ratelimit

from agreements.models import Agreement
from decisions.models import Motion

from . import search, services
from .filters import MeetingFilter, SearchFilter
from .forms import AccessibilityReportForm, DraftAnswerForm
from .models import (
    AccessibilityReport,
    AgendaItem,
    Attachment,
    Attendance,
    Body,
    Meeting,
    Membership,
    Person,
    can_see_unpublished,
)
from .search import SearchTerms


def client_address(group: str, request: HttpRequest) -> str:
    """The visitor's address as the login lockout sees it (DJANGO_PROXY_COUNT proxies)."""
    return get_client_ip_address(request) or ""


class HomeView(TemplateView):
    template_name = "meetings/home.html"

    def get_context_data(self, **kwargs) -> dict:
        user = self.request.user
        return super().get_context_data(
            upcoming_meetings=Meeting.objects.upcoming().select_related("body")[:4],
            latest_decisions=AgendaItem.objects.visible_to(user)
            .filter(state=AgendaItem.State.ADJUSTED)
            .substantive()
            .decided()
            .select_related("meeting__body", "decision")
            .prefetch_related("decision_points")
            .order_by("-adjusted_at", "-pk")[:6],
            agreements=Agreement.objects.needing_attention().select_related("replaced_by"),
            bodies=Body.objects.filter(parent=None),
            current_postings=Meeting.objects.current_postings(),
            today=timezone.localdate(),
            **kwargs,
        )


class MeetingListView(FilterView):
    model = Meeting
    filterset_class = MeetingFilter
    template_name = "meetings/meeting_list.html"
    paginate_by = 20

    def get_context_data(self, **kwargs) -> dict:
        return super().get_context_data(
            active_filters=self.filterset.active_filters(),
            sees_unpublished=can_see_unpublished(self.request.user),
            **self.subscriptions(),
            **kwargs,
        )

    def get_queryset(self) -> QuerySet[Meeting]:
        return Meeting.objects.visible_to(self.request.user).select_related("body", "chair")

    def subscriptions(self) -> dict:
        """The feed and calendar of what the list shows: a body's, a topic's or all."""
        form = self.filterset.form
        data = form.cleaned_data if self.filterset.is_valid() else {}
        if body := data.get("body"):
            return body_subscriptions(body)
        if topic := data.get("topic"):
            return {
                "feed_url": reverse("meetings:topic_feed", args=[topic.slug]),
                "feed_label": _("Prenumerera på nya paragrafer om %(topic)s (Atom)")
                % {"topic": topic.name},
                # Meetings have no topic of their own: the calendar is every meeting's.
                "calendar_url": reverse("meetings:calendar"),
                "calendar_label": _("Lägg till alla möten i din kalender (iCalendar)"),
            }
        return {
            "feed_url": reverse("meetings:feed"),
            "feed_label": _("Prenumerera på nya justerade paragrafer (Atom)"),
            "calendar_url": reverse("meetings:calendar"),
            "calendar_label": _("Lägg till mötena i din kalender (iCalendar)"),
        }


def body_subscriptions(body: Body) -> dict:
    """A body's Atom feed and calendar, for its page and the list of its meetings."""
    return {
        "feed_url": reverse("meetings:body_feed", args=[body.slug]),
        "feed_label": _("Prenumerera på nya paragrafer från %(body)s (Atom)")
        % {"body": body.short_name},
        "calendar_url": reverse("meetings:body_calendar", args=[body.slug]),
        "calendar_label": _("Lägg till mötena i %(body)s i din kalender (iCalendar)")
        % {"body": body.short_name},
    }


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
        # The contents list the agenda; a paragraph the user may read comes with its minutes
        # (for the decision under its title), the others with their public documents only.
        readable = {item.pk: item for item in meeting.readable_items}
        return super().get_context_data(
            contents=[readable.get(item.pk, item) for item in meeting.agenda_items.all()],
            previous_meeting=siblings.filter(date__lt=meeting.date).order_by("-date").first(),
            next_meeting=siblings.filter(date__gt=meeting.date).order_by("date").first(),
            # Who took part is part of the protocol: public once some of it is, and never
            # before the meeting is held.
            shows_people=not meeting.is_planned
            and (
                meeting.is_adjusted
                or bool(meeting.readable_items)
                or can_see_unpublished(self.request.user)
            ),
            attendance_groups=meeting.attendance_groups(),
            readable_ids=set(readable),
            is_approver=getattr(self.request.user, "person", None)
            in services.expected_approvers(meeting),
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
            .prefetch_related("meeting__adjusters")
        )

    def get(self, request: HttpRequest, *args, **kwargs) -> HttpResponse:
        try:
            return super().get(request, *args, **kwargs)
        except Http404:
            # A renumbered paragraph keeps its old permalink: cited links must not break.
            if "number" not in kwargs:
                raise
            moved = (
                self.get_queryset()
                .formerly_numbered(kwargs["body"], kwargs["year"], kwargs["number"])
                .first()
            )
            if moved is None:
                raise
            return redirect(moved, permanent=True)

    def get_context_data(self, **kwargs) -> dict:
        return super().get_context_data(correction=self.object.correction(), **kwargs)

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


class PersonListView(ListView):
    """/personer/: everyone the user may see, by organisation, then party, then name.

    One query: the visibility rule is an EXISTS per person within it, and the template
    groups the ordered rows (regroup); people without a party (officials) come last in
    their organisation, people without an organisation last of all.
    """

    model = Person
    context_object_name = "people"

    def get_queryset(self) -> QuerySet[Person]:
        return (
            Person.objects.visible_to(self.request.user)
            .select_related("organisation")
            .order_by(
                F("organisation__name").asc(nulls_last=True),
                "organisation",
                Case(When(party="", then=1), default=0),
                "party",
                "name",
                "pk",
            )
        )


class PersonDetailView(DetailView):
    """A person's page: memberships, meetings attended, paragraphs presented, motions made.

    Each list is one prefetch, so the page runs the same queries for three meetings or three
    hundred. Paragraphs and motions pass through AgendaItem.objects.visible_to(user): the
    agenda rule (on_agenda_for) would let the title of a draft reach the public here, and a
    person's page must never show a draft or confidential paragraph to a visitor.
    """

    model = Person
    #: The longer lists show this many of the newest rows; the meeting list has them all.
    recent = 50

    def get_queryset(self) -> QuerySet[Person]:
        user = self.request.user
        readable = AgendaItem.objects.visible_to(user)
        return (
            Person.objects.visible_to(user)
            .select_related("organisation")
            .prefetch_related(
                "aliases",
                Prefetch(
                    "memberships",
                    queryset=Membership.objects.select_related("body", "organisation").order_by(
                        "-start_date", "body__name"
                    ),
                ),
                Prefetch(
                    "attendances",
                    queryset=Attendance.objects.filter(
                        present=True, meeting__in=Meeting.objects.with_readable_protocol(user)
                    )
                    .select_related("meeting__body", "organisation")
                    .order_by("-meeting__date", "role")[: self.recent],
                    to_attr="recent_attendances",
                ),
                Prefetch(
                    "presented_items",
                    queryset=readable.select_related("meeting__body").order_by(
                        "-meeting__date", "position"
                    )[: self.recent],
                    to_attr="recent_presented_items",
                ),
                Prefetch(
                    "motions",
                    queryset=Motion.objects.filter(agenda_item__in=readable)
                    .select_related("agenda_item__meeting__body")
                    .order_by("-agenda_item__meeting__date", "agenda_item__position", "position")[
                        : self.recent
                    ],
                    to_attr="recent_motions",
                ),
            )
        )


class BodyDetailView(DetailView):
    """A body's page: its parent, working groups, current members and latest meetings.

    A meeting's date and state are public from the moment it is planned, so every meeting
    is listed; what each meeting shows is decided on the meeting's own page.
    """

    model = Body
    #: How many of the newest meetings the page lists; /moten/?body=<slug> has them all.
    recent = 20

    def get_context_data(self, **kwargs) -> dict:
        return super().get_context_data(**body_subscriptions(self.object), **kwargs)

    def get_queryset(self) -> QuerySet[Body]:
        today = timezone.localdate()
        role_order = Case(
            *(When(role=role, then=index) for index, role in enumerate(Membership.Role.values))
        )
        return Body.objects.select_related("parent").prefetch_related(
            "working_groups",
            Prefetch(
                "memberships",
                queryset=Membership.objects.filter(
                    Q(end_date__isnull=True) | Q(end_date__gte=today), start_date__lte=today
                )
                .select_related("person", "person__organisation", "organisation")
                .order_by(role_order, "person__name"),
                to_attr="current_memberships",
            ),
            Prefetch(
                "meetings",
                queryset=Meeting.objects.order_by("-date", "-start_time")[: self.recent],
                to_attr="recent_meetings",
            ),
        )


class AccessibilityStatementView(SuccessMessageMixin, CreateView):
    """The accessibility statement the DOS law (2018:1937) requires, with its report form."""

    model = AccessibilityReport
    form_class = AccessibilityReportForm
    template_name = "meetings/accessibility.html"
    success_url = reverse_lazy("meetings:accessibility")
    success_message = _("Tack! Vi har tagit emot din rapport.")
    #: The statement is a self-assessment; these dates are part of what the law asks for.
    statement_date = datetime.date(2026, 11, 26)
    reviewed_date = datetime.date(2026, 11, 26)

    def get_context_data(self, **kwargs) -> dict:
        return super().get_context_data(
            statement_date=self.statement_date,
            reviewed_date=self.reviewed_date,
            secretariat_email=settings.SECRETARIAT_EMAIL,
            **kwargs,
        )

    @method_decorator(
        ratelimit(
            key=client_address, rate=lambda group, request: settings.FEEDBACK_RATE, block=False
        )
    )
    def post(self, request: HttpRequest, *args, **kwargs) -> HttpResponse:
        return super().post(request, *args, **kwargs)

    def form_valid(self, form: AccessibilityReportForm) -> HttpResponse:
        # Too many reports from one address: none is stored, the text stays in the form,
        # and everyone else can still send theirs.
        if getattr(self.request, "limited", False):
            form.add_error(
                None,
                _(
                    "Många rapporter har skickats från din adress på kort tid. Vänta en "
                    "stund och skicka igen; det du har skrivit finns kvar här."
                ),
            )
            response = self.form_invalid(form)
            response.status_code = 429
            return response
        return super().form_valid(form)


class NoticeBoardView(TemplateView):
    """/anslagstavla/: postings of adjusted protocols, current ones first, then the archive.

    A posting is current from the day it was posted through the last day of the appeal
    period (Kommunallagen 8 kap. 12 § and 13 kap. 5 §); see Meeting.appeal_period_ends_on.
    """

    template_name = "meetings/notice_board.html"

    def get_context_data(self, **kwargs) -> dict:
        return super().get_context_data(
            current_postings=Meeting.objects.current_postings(),
            past_postings=Meeting.objects.past_postings(),
            **kwargs,
        )


class DigitalAdjustmentView(LoginRequiredMixin, FormView):
    """The chair and the adjusters approve the draft protocol, or send a comment back."""

    template_name = "meetings/digital_adjustment.html"
    form_class = DraftAnswerForm

    def dispatch(self, request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        self.meeting = get_object_or_404(
            Meeting.objects.select_related("body", "chair").prefetch_related("adjusters"),
            body__slug=kwargs["body"],
            date=parse_date(kwargs["date"]),
        )
        self.approvers = services.expected_approvers(self.meeting)
        person = getattr(request.user, "person", None)
        if person not in self.approvers:
            raise Http404("Only the chair and the adjusters adjust this protocol.")
        return super().dispatch(request, *args, **kwargs)

    def get_items(self) -> QuerySet[AgendaItem]:
        """The whole draft: those who adjust a protocol read all of it, drafts included."""
        return (
            AgendaItem.objects.filter(meeting=self.meeting)
            .order_by("position")
            .with_minutes_for(self.request.user)
        )

    def get_context_data(self, **kwargs) -> dict:
        answers = self.meeting.approvals.select_related("person").order_by("created_at")
        return super().get_context_data(
            meeting=self.meeting,
            items=self.get_items(),
            approvers=self.approvers,
            answers=answers,
            approved_ids=set(self.meeting.approvals.valid().values_list("person_id", flat=True)),
            **kwargs,
        )

    def form_valid(self, form: DraftAnswerForm) -> HttpResponse:
        try:
            services.answer_draft(
                self.meeting,
                self.request.user,
                kind=form.cleaned_data["kind"],
                comment=form.cleaned_data["comment"],
            )
        except ValidationError as error:
            for message in error.messages:
                form.add_error(None, message)
            return self.form_invalid(form)
        self.meeting.refresh_from_db()
        if self.meeting.is_adjusted:
            messages.success(self.request, _("Protokollet är justerat och publicerat."))
        else:
            messages.success(self.request, _("Ditt svar är registrerat."))
        return redirect(self.request.path)


class SearchView(FilterView):
    """/sok/: the paragraphs the visitor may read, agreements and people that match a query.

    Paragraphs are matched within visible_to(user), so hits, counts and snippets come only
    from what the visitor may read; agreements and people are public. The filters narrow
    the paragraphs; agreements and people are listed up to `listed` each, with their count.
    """

    filterset_class = SearchFilter
    template_name = "meetings/search.html"
    paginate_by = 20
    listed = 10

    def get_queryset(self) -> QuerySet[AgendaItem]:
        return AgendaItem.objects.visible_to(self.request.user).select_related("meeting__body")

    def get_filterset_kwargs(self, filterset_class) -> dict:
        # Bound even without parameters, so that the bare page lists no paragraphs.
        return {**super().get_filterset_kwargs(filterset_class), "data": self.request.GET}

    def paginate_queryset(self, queryset: QuerySet, page_size: int) -> tuple:
        """Page the hits' ids, ranked once per normalised query (`search.cached_ids`), then
        fetch only the page's paragraphs, with their snippets."""
        terms = self.terms()
        if not terms:
            return super().paginate_queryset(queryset, page_size)
        ids = search.cached_ids(queryset, self.results_key(terms))
        paginator, page, page_ids, is_paginated = super().paginate_queryset(ids, page_size)
        hits = search.with_snippets(self.get_queryset().filter(pk__in=page_ids), terms)
        page.object_list = sorted(hits, key=lambda item: page_ids.index(item.pk))
        return paginator, page, page.object_list, is_paginated

    def terms(self) -> SearchTerms:
        # A valid query is searched even if a filter is not (the panel says which).
        return SearchTerms(self.filterset.form.cleaned_data.get("q") or "")

    def results_key(self, terms: SearchTerms) -> tuple:
        """What the hits depend on: the query as parsed (so "Avtal" and " avtal" are one
        query), each filter's value, whether all were valid, and whether the visitor may
        read drafts."""
        filters = sorted(
            (name, str(getattr(value, "pk", value)))
            for name, value in self.filterset.form.cleaned_data.items()
            if name != "q"
        )
        valid = self.filterset.is_valid()
        return terms.tsquery(), tuple(filters), valid, can_see_unpublished(self.request.user)

    def get_context_data(self, **kwargs) -> dict:
        context = super().get_context_data(**kwargs)
        form = self.filterset.form
        terms = self.terms()
        context.update(
            terms=terms,
            query=form.data.get("q", "").strip(),
            paragraph_count=context["paginator"].count,
            hits_capped=context["paginator"].count >= search.MAX_HITS,
            max_hits=search.MAX_HITS,
            active_filters=self.filterset.active_filters(),
        )
        if not terms:
            return context
        agreements, people = (
            search.matching_agreements(terms),
            search.matching_people(terms, self.request.user),
        )
        context.update(
            agreements=list(agreements[: self.listed]),
            agreement_count=agreements.count(),
            people=list(people[: self.listed]),
            people_count=people.count(),
        )
        if not (context["paragraph_count"] or context["agreements"] or context["people"]):
            context["suggestion"] = search.spelling_suggestion(terms, self.request.user)
        return context
