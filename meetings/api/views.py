"""The API's views: one object, or a paginated OParl list, each as JSON.

Every queryset starts from the models' visibility rules for the request's user, so the
API shows an anonymous client what the pages show an anonymous visitor. A paragraph taken
off the web (withdrawn) answers 410 Gone with `deleted: true`, as OParl asks.
"""

from __future__ import annotations

import datetime
from typing import Any
from urllib.parse import urlencode

from django.core.paginator import Paginator
from django.db.models import Max, Min, OuterRef, Prefetch, QuerySet, Subquery
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime
from django.views import View
from django.views.generic import TemplateView

from agreements.models import Agreement
from decisions.models import Assignment, Decision
from meetings.models import (
    AgendaItem,
    Attachment,
    Body,
    Meeting,
    Membership,
    Organisation,
    Person,
)

from . import objects
from .objects import Links

#: Objects per page of a list.
PAGE_SIZE = 100


class BadRequest(Exception):
    """A query parameter the API cannot use; answered as 400 with the message."""


def json(data: dict, status: int = 200) -> JsonResponse:
    response = JsonResponse(data, status=status, json_dumps_params={"ensure_ascii": False})
    # Public data for any site's scripts; a browser sends no cookies to a wildcard origin.
    response["Access-Control-Allow-Origin"] = "*"
    return response


def with_stamps(queryset: QuerySet) -> QuerySet:
    """Annotate `api_created` and `api_modified` from the model's history (every save
    records one, the actions' partial saves included)."""
    history = queryset.model.history.model.objects.filter(id=OuterRef("pk"))
    return queryset.annotate(
        api_created=Subquery(
            history.values("id").annotate(first=Min("history_date")).values("first")[:1]
        ),
        api_modified=Subquery(
            history.values("id").annotate(last=Max("history_date")).values("last")[:1]
        ),
    )


def _moment(request: HttpRequest, name: str) -> datetime.datetime | None:
    value = request.GET.get(name)
    if not value:
        return None
    moment = parse_datetime(value.replace(" ", "+"))
    if moment is None and (day := parse_date(value)):
        moment = datetime.datetime.combine(day, datetime.time())
    if moment is None:
        raise BadRequest(
            f"{name}={value!r} är ingen tidpunkt; skriv den enligt ISO 8601, till exempel "
            "2021-06-04T10:00:00+02:00."
        )
    return moment if timezone.is_aware(moment) else timezone.make_aware(moment)


class ApiView(View):
    """A GET that answers JSON, and a 400 with OParl's error shape for a bad parameter.

    Each view defines `data(**url_kwargs)`, the object it answers."""

    def get(self, request: HttpRequest, **kwargs: Any) -> HttpResponse:
        self.links = Links(request)
        try:
            return json(self.data(**kwargs))
        except BadRequest as error:
            return json({"type": "Error", "message": str(error)}, status=400)


class ListView(ApiView):
    """An OParl list: `data`, `pagination` and `links`, filtered by modification time when
    the objects have one (`stamped`).

    Each list defines `queryset(**url_kwargs)`, and `serialize`, the function of `objects`
    that makes each entry (or `item` where the entries are of more than one kind)."""

    stamped = False
    serialize: Any = None

    def item(self, obj) -> dict:
        return self.serialize(obj, self.links)

    def data(self, **kwargs: Any) -> dict:
        queryset = self.queryset(**kwargs)
        since = _moment(self.request, "modified_since")
        until = _moment(self.request, "modified_until")
        if self.stamped:
            queryset = with_stamps(queryset)
            if since:
                queryset = queryset.filter(api_modified__gte=since)
            if until:
                queryset = queryset.filter(api_modified__lte=until)
        elif since or until:
            raise BadRequest("Listan kan inte filtreras på ändringstid.")
        paginator = Paginator(queryset, PAGE_SIZE)
        try:
            page = paginator.page(self.request.GET.get("page", 1))
        except Exception as error:  # PageNotAnInteger, EmptyPage
            raise BadRequest(f"Sidan finns inte: {error}.") from None
        return {
            "data": [self.item(obj) for obj in page.object_list],
            "pagination": {
                "totalElements": paginator.count,
                "elementsPerPage": PAGE_SIZE,
                "currentPage": page.number,
                "totalPages": paginator.num_pages,
            },
            "links": self.page_links(page),
        }

    def page_links(self, page) -> dict:
        def at(number: int) -> str:
            query = {**self.request.GET.dict(), "page": number}
            return self.links.web(self.request.path) + "?" + urlencode(query)

        links = {"first": at(1), "last": at(page.paginator.num_pages)}
        if page.has_previous():
            links["prev"] = at(page.previous_page_number())
        if page.has_next():
            links["next"] = at(page.next_page_number())
        return links


class DocsView(TemplateView):
    """The API's documentation, with the entry point and examples (/api/)."""

    template_name = "meetings/api.html"

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        # A harvester (Accept: application/json, or anything but a browser) gets the System.
        if request.get_preferred_type(["text/html", "application/json"]) != "text/html" or (
            request.GET.get("format") == "json"
        ):
            return SystemView.as_view()(request)
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        links = Links(self.request)
        body = Body.objects.order_by("pk").first()
        return super().get_context_data(
            system_url=links.api("system"),
            body_url=links.api("body", slug=body.slug) if body else "",
            **kwargs,
        )


class SystemView(ApiView):
    def data(self) -> dict:
        return objects.system(self.links)


class BodyListView(ListView):
    serialize = staticmethod(objects.body)

    def queryset(self) -> QuerySet:
        return Body.objects.order_by("pk")


class BodyView(ApiView):
    def data(self, slug: str) -> dict:
        return objects.body(get_object_or_404(Body, slug=slug), self.links)


class BodyMixin:
    def body(self, slug: str) -> Body:
        return get_object_or_404(Body, slug=slug)


class OrganizationListView(BodyMixin, ListView):
    """The body itself (the gremium) first, then the organisations of the cooperation."""

    def queryset(self, slug: str) -> list:
        return [self.body(slug), *Organisation.objects.order_by("name")]

    def item(self, obj) -> dict:
        if isinstance(obj, Body):
            return objects.gremium(obj, self.links)
        return objects.organisation(obj, self.links)


class OrganizationView(ApiView):
    def data(self, key: str) -> dict:
        if key.startswith("organ-"):
            return objects.gremium(get_object_or_404(Body, slug=key[6:]), self.links)
        return objects.organisation(get_object_or_404(Organisation, slug=key), self.links)


def _people(user) -> QuerySet:
    memberships = Membership.objects.select_related("person", "body")
    return (
        Person.objects.visible_to(user)
        .select_related("organisation")
        .prefetch_related(Prefetch("memberships", queryset=memberships))
        .order_by("name", "pk")
    )


class PersonListView(BodyMixin, ListView):
    serialize = staticmethod(objects.person)

    def queryset(self, slug: str) -> QuerySet:
        self.body(slug)
        return _people(self.request.user)


class PersonView(ApiView):
    def data(self, slug: str) -> dict:
        return objects.person(get_object_or_404(_people(self.request.user), slug=slug), self.links)


class MembershipListView(BodyMixin, ListView):
    serialize = staticmethod(objects.membership)

    def queryset(self, slug: str) -> QuerySet:
        people = Person.objects.visible_to(self.request.user)
        return (
            Membership.objects.filter(body=self.body(slug), person__in=people)
            .select_related("person", "body", "organisation")
            .order_by("pk")
        )


class MembershipView(ApiView):
    def data(self, pk: int) -> dict:
        people = Person.objects.visible_to(self.request.user)
        found = Membership.objects.select_related("person", "body", "organisation")
        return objects.membership(get_object_or_404(found, pk=pk, person__in=people), self.links)


def _agenda(user) -> QuerySet:
    """The paragraphs the user may see on an agenda, with what their objects show."""
    files = Attachment.objects.visible_to(user).exclude(file="")
    return (
        AgendaItem.objects.on_agenda_for(user)
        .with_readability(user)
        .select_related("meeting__body", "decision")
        .prefetch_related("decision_points", Prefetch("attachments", queryset=files))
        .order_by("meeting__date", "position")
    )


def _meetings(user) -> QuerySet:
    agenda = with_stamps(_agenda(user)).order_by("position")
    return (
        Meeting.objects.select_related("body")
        .prefetch_related(Prefetch("agenda_items", queryset=agenda), "attendances__person")
        .order_by("date", "pk")
    )


def _meeting_object(meeting: Meeting, links: Links, public: set[int]) -> dict:
    return objects.meeting(meeting, links, protocol_public=meeting.pk in public)


class MeetingListView(BodyMixin, ListView):
    stamped = True

    def queryset(self, slug: str) -> QuerySet:
        body = self.body(slug)
        readable = Meeting.objects.with_readable_protocol(self.request.user).filter(body=body)
        self.public = set(readable.values_list("pk", flat=True))
        return _meetings(self.request.user).filter(body=body)

    def item(self, meeting: Meeting) -> dict:
        return _meeting_object(meeting, self.links, self.public)


class MeetingView(ApiView):
    def data(self, pk: int) -> dict:
        meeting = get_object_or_404(with_stamps(_meetings(self.request.user)), pk=pk)
        readable = Meeting.objects.with_readable_protocol(self.request.user)
        public = set(readable.filter(pk=pk).values_list("pk", flat=True))
        return _meeting_object(meeting, self.links, public)


class AgendaItemListView(BodyMixin, ListView):
    serialize = staticmethod(objects.agenda_item)
    stamped = True

    def queryset(self, slug: str) -> QuerySet:
        return _agenda(self.request.user).filter(meeting__body=self.body(slug))


class AgendaItemView(ApiView):
    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        self.links = Links(request)
        item = with_stamps(_agenda(request.user)).filter(pk=pk).first()
        if item is not None:
            return json(objects.agenda_item(item, self.links))
        withdrawn = AgendaItem.objects.filter(pk=pk, confidential=False).exclude(withdrawn_at=None)
        if withdrawn.filter(state=AgendaItem.State.ADJUSTED).exists():
            return json(
                {
                    "id": self.links.api("agenda_item", pk=pk),
                    "type": objects.OPARL + "AgendaItem",
                    "deleted": True,
                },
                status=410,
            )
        raise Http404


class EmptyListView(BodyMixin, ListView):
    """A list OParl requires that this portal has nothing for (papers)."""

    def queryset(self, slug: str) -> list:
        self.body(slug)
        return []


class FileListView(BodyMixin, ListView):
    serialize = staticmethod(objects.file)

    def queryset(self, slug: str) -> QuerySet:
        return (
            Attachment.objects.visible_to(self.request.user)
            .filter(agenda_item__meeting__body=self.body(slug))
            .exclude(file="")
            .order_by("pk")
        )


class FileView(ApiView):
    def data(self, pk: int) -> dict:
        found = Attachment.objects.visible_to(self.request.user).exclude(file="")
        return objects.file(get_object_or_404(found, pk=pk), self.links)


def _decisions(user) -> QuerySet:
    return (
        Decision.objects.visible_to(user)
        .select_related("agenda_item__meeting__body")
        .prefetch_related(
            "agenda_item__proposal_points",
            "agenda_item__decision_points",
            "agenda_item__motions__mover",
            "agenda_item__votes__ballots__person",
            "agenda_item__reservations__person",
        )
        .order_by("agenda_item__meeting__date", "agenda_item__position")
    )


class DecisionListView(BodyMixin, ListView):
    serialize = staticmethod(objects.decision)
    stamped = True

    def queryset(self, slug: str) -> QuerySet:
        return _decisions(self.request.user).filter(agenda_item__meeting__body=self.body(slug))


class DecisionView(ApiView):
    def data(self, pk: int) -> dict:
        found = _decisions(self.request.user)
        return objects.decision(get_object_or_404(found, agenda_item_id=pk), self.links)


def _assignments(user) -> QuerySet:
    return (
        Assignment.objects.visible_to(user)
        .select_related("responsible", "responsible_organisation")
        .order_by("pk")
    )


class AssignmentListView(BodyMixin, ListView):
    serialize = staticmethod(objects.assignment)
    stamped = True

    def queryset(self, slug: str) -> QuerySet:
        return _assignments(self.request.user).filter(agenda_item__meeting__body=self.body(slug))


class AssignmentView(ApiView):
    def data(self, pk: int) -> dict:
        found = get_object_or_404(_assignments(self.request.user), pk=pk)
        return objects.assignment(found, self.links)


class AgreementListView(ListView):
    serialize = staticmethod(objects.agreement)
    stamped = True

    def queryset(self) -> QuerySet:
        return Agreement.objects.with_timeline_for(self.request.user).order_by("pk")


class AgreementView(ApiView):
    def data(self, slug: str) -> dict:
        found = Agreement.objects.with_timeline_for(self.request.user)
        return objects.agreement(get_object_or_404(found, slug=slug), self.links)
