"""Filters of the public meeting list (/moten/) and the search page (/sok/); each looks only
at what the user may see."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from urllib.parse import urlencode

import django_filters
from django import forms
from django.db.models import Exists, F, OuterRef, Q, QuerySet
from django.http import HttpRequest
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from .models import AgendaItem, Body, Meeting, Organisation, Person, Topic
from .search import SearchTerm, SearchTerms, paragraph_matches, search


class ActiveFiltersMixin:
    """Adds active_filters() to a FilterSet: the filters in use, each removable by a link.

    The links keep every other parameter, so a filtered list stays bookmarkable.
    """

    #: Parameters that are not shown as removable filters.
    not_listed_as_filters: tuple[str, ...] = ("sort",)

    def active_filters(self) -> list[dict]:
        if not self.is_bound or not self.form.is_valid():
            return []
        active = []
        for name, field in self.form.fields.items():
            value = self.form.cleaned_data.get(name)
            if name in self.not_listed_as_filters or value in (None, "", []):
                continue
            if isinstance(field, forms.ChoiceField) and not isinstance(
                field, forms.ModelChoiceField
            ):
                value = dict(field.choices).get(value, value)
            shown = date_format(value) if isinstance(value, datetime.date) else str(value)
            remaining = [
                (key, item)
                for key, items in self.data.lists()
                for item in items
                if key not in (name, "page")
            ]
            active.append({"label": field.label, "value": shown, "query": urlencode(remaining)})
        return active


def _visitor(request: HttpRequest | None):
    return request.user if request else None


# The choices follow the visibility rule: a name or a topic known only from hidden paragraphs
# is not offered to the public (Person.objects.visible_to, Topic.objects.visible_to).
def people_visible_to_visitor(request: HttpRequest | None) -> QuerySet[Person]:
    return Person.objects.visible_to(_visitor(request))


def topics_visible_to_visitor(request: HttpRequest | None) -> QuerySet[Topic]:
    return Topic.objects.visible_to(_visitor(request))


class PersonField(forms.ModelChoiceField):
    """A person, typed by name or a part of it that names one person, or given by the
    address name of their page (`?person=slug`).

    A list of every person would be thousands of options, and choosing among them would
    check the visibility rule for each; this looks up the one person asked for.
    """

    widget = forms.TextInput

    #: How many names a too wide part of a name lists, to choose among.
    CANDIDATES = 5

    def to_python(self, value):
        if value in self.empty_values:
            return None
        value = " ".join(str(value).split())
        person = self.queryset.filter(Q(slug=value) | Q(name__iexact=value)).first()
        if person is not None:
            return person
        # A part of the name ("Lise", "Svensson") is enough when it names one person.
        candidates = list(
            self.queryset.filter(name__icontains=value).order_by("name")[: self.CANDIDATES + 1]
        )
        if len(candidates) == 1:
            return candidates[0]
        if candidates:
            names = ", ".join(person.name for person in candidates[: self.CANDIDATES])
            more = "…" if len(candidates) > self.CANDIDATES else ""
            raise forms.ValidationError(
                _("Flera personer heter så: %(names)s%(more)s. Skriv mer av namnet.")
                % {"names": names, "more": more},
                code="ambiguous",
            )
        raise forms.ValidationError(
            _("Ingen person heter så: kontrollera stavningen."), code="invalid_choice"
        )

    def prepare_value(self, value):
        return value.name if isinstance(value, Person) else value


class PersonFilter(django_filters.ModelChoiceFilter):
    field_class = PersonField


def year_choices(years: QuerySet[datetime.date]) -> Callable[[], list[tuple[str, str]]]:
    """The choices of a year filter, from `years`: a `dates(field, "year")` queryset.

    A callable, so the years are asked for when the form is built: a page that never
    shows the form asks nothing.
    """
    return lambda: [(str(day.year), str(day.year)) for day in years]


def meeting_years(request: HttpRequest | None) -> QuerySet[datetime.date]:
    """The years with meetings the user may see, newest first."""
    meetings = Meeting.objects.visible_to(_visitor(request)).prefetch_related(None)
    return meetings.dates("date", "year", order="DESC")


class MeetingFilter(ActiveFiltersMixin, django_filters.FilterSet):
    body = django_filters.ModelChoiceFilter(
        label=_("Organ"), queryset=Body.objects.all(), to_field_name="slug", empty_label=_("Alla")
    )
    #: The choices are the years with meetings the user may see (set in __init__).
    year = django_filters.ChoiceFilter(
        label=_("År"), field_name="date__year", empty_label=_("Alla")
    )
    date_after = django_filters.DateFilter(
        label=_("Från och med datum"),
        field_name="date",
        lookup_expr="gte",
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    date_before = django_filters.DateFilter(
        label=_("Till och med datum"),
        field_name="date",
        lookup_expr="lte",
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    person = PersonFilter(
        label=_("Person (närvarande eller föredragande)"),
        queryset=people_visible_to_visitor,
        method="filter_person",
    )
    organisation = django_filters.ModelChoiceFilter(
        label=_("Organisation"),
        queryset=Organisation.objects.all(),
        to_field_name="slug",
        method="filter_organisation",
        empty_label=_("Alla"),
    )
    topic = django_filters.ModelChoiceFilter(
        label=_("Område"),
        queryset=topics_visible_to_visitor,
        to_field_name="slug",
        method="filter_topic",
        empty_label=_("Alla"),
    )
    q = django_filters.CharFilter(label=_("Fritext"), method="filter_text", max_length=200)
    # Newest first is listed first: without a sort parameter the select shows it, and the
    # list is in that order, so "Visa" without changes keeps the order that is shown.
    sort = django_filters.OrderingFilter(
        label=_("Sortering"),
        fields=[("date", "date")],
        choices=[("-date", _("Senast först")), ("date", _("Äldst först"))],
        empty_label=None,
    )

    class Meta:
        model = Meeting
        fields = [
            "body",
            "year",
            "date_after",
            "date_before",
            "person",
            "organisation",
            "topic",
            "q",
        ]

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.filters["year"].extra["choices"] = year_choices(meeting_years(self.request))

    def filter_queryset(self, queryset: QuerySet) -> QuerySet:
        # The order the form shows when no order is asked for (see `sort`).
        return super().filter_queryset(queryset.order_by("-date", "-start_time"))

    def visible_items(self) -> QuerySet[AgendaItem]:
        return AgendaItem.objects.visible_to(self.request.user if self.request else None)

    def filter_person(self, queryset: QuerySet, name: str, person: Person) -> QuerySet:
        presented = self.visible_items().filter(presenters=person).values("meeting")
        # Attendance is part of the protocol: it counts only where the protocol may be read.
        attended = Meeting.objects.with_readable_protocol(_visitor(self.request)).filter(
            attendances__person=person
        )
        return queryset.filter(Q(pk__in=attended.values("pk")) | Q(pk__in=presented))

    def filter_organisation(self, queryset: QuerySet, name: str, organisation) -> QuerySet:
        presented = self.visible_items().filter(presenters__organisation=organisation)
        return queryset.filter(
            Q(attendances__organisation=organisation)
            | Q(attendances__person__organisation=organisation)
            | Q(pk__in=presented.values("meeting"))
        ).distinct()

    def filter_topic(self, queryset: QuerySet, name: str, topic: Topic) -> QuerySet:
        return queryset.filter(pk__in=self.visible_items().filter(topics=topic).values("meeting"))

    def filter_text(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        """Meetings where each term of the query (the syntax of /sok/) is found: in a
        paragraph the visitor may read, or in the body's name or the place."""
        items = self.visible_items()

        def found(term: SearchTerm) -> Q:
            in_items = items.filter(paragraph_matches(term, items.db), meeting=OuterRef("pk"))
            named = term.pattern(stem=False)
            return (
                Q(Exists(in_items))
                | Q(body__name__iregex=named)
                | Q(body__short_name__iregex=named)
                | Q(place__iregex=named)
            )

        return queryset.filter(SearchTerms(value).q(found))


class SearchFilter(ActiveFiltersMixin, django_filters.FilterSet):
    """The search page (/sok/): the query, the meeting list's filters and the order.

    The queryset it is given is already narrowed to what the user may read (visible_to);
    the query and every filter only narrow it further.
    """

    q = django_filters.CharFilter(
        label=_("Sök efter"),
        method="filter_search",
        max_length=200,
        # The search box at the top of the page shows the query; the filter form keeps it.
        widget=forms.HiddenInput,
    )
    body = django_filters.ModelChoiceFilter(
        label=_("Organ"), queryset=Body.objects.all(), to_field_name="slug", empty_label=_("Alla")
    )
    #: The choices are the years with meetings the user may see (set in __init__).
    year = django_filters.ChoiceFilter(label=_("År"), field_name="year", empty_label=_("Alla"))
    topic = django_filters.ModelChoiceFilter(
        label=_("Område"),
        field_name="topics",
        queryset=topics_visible_to_visitor,
        to_field_name="slug",
        empty_label=_("Alla"),
    )
    person = PersonFilter(
        label=_("Person (närvarande eller föredragande)"),
        queryset=people_visible_to_visitor,
        method="filter_person",
    )
    sort = django_filters.ChoiceFilter(
        label=_("Sortering"),
        choices=[("-date", _("Senast först")), ("date", _("Äldst först"))],
        empty_label=_("Mest relevant först"),
        method="sort_by_date",
    )

    not_listed_as_filters = ("q", "sort")

    class Meta:
        model = AgendaItem
        fields = ["q", "body", "year", "topic", "person", "sort"]

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.filters["year"].extra["choices"] = year_choices(meeting_years(self.request))

    def filter_queryset(self, queryset: QuerySet) -> QuerySet:
        # Without a query the page explains how to search instead of listing everything.
        if not self.form.cleaned_data.get("q"):
            return queryset.none()
        return super().filter_queryset(queryset)

    def filter_search(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return search(queryset, value)

    def filter_person(self, queryset: QuerySet, name: str, person: Person) -> QuerySet:
        # The queryset holds only paragraphs the user may read, so their meetings' attendance
        # is part of a readable protocol.
        return queryset.filter(
            Q(pk__in=person.presented_items.values("pk"))
            | Q(meeting__in=person.attendances.values("meeting"))
        )

    def sort_by_date(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        date = F("meeting__date")
        return queryset.order_by(
            date.asc() if value == "date" else date.desc(), "meeting_id", "position"
        )
