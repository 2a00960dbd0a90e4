"""Filters of the decision register (/beslut/): rows and choices come from what the user may see."""

from __future__ import annotations

import django_filters
from django.db.models import OuterRef, Q, QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from meetings.filters import ActiveFiltersMixin, year_choices
from meetings.models import AgendaItem, Body, Organisation, Topic
from meetings.search import SearchTerms, paragraph_matches
from svom.db import has_rows

from .models import Decision


def visible_decisions(request: HttpRequest | None) -> QuerySet[Decision]:
    return Decision.objects.visible_to(request.user if request else None)


# The choices are built from the decisions the visitor may read, so that a body, topic or
# organisation known only from a draft or confidential paragraph is not offered to the public.
# One lookup per choice (has_rows): the choices are few, the decisions a hundred thousand.
def bodies_with_decisions(request: HttpRequest | None) -> QuerySet[Body]:
    decisions = visible_decisions(request)
    return Body.objects.filter(has_rows(decisions.filter(agenda_item__body=OuterRef("pk"))))


def topics_with_decisions(request: HttpRequest | None) -> QuerySet[Topic]:
    decisions = visible_decisions(request)
    return Topic.objects.filter(has_rows(decisions.filter(agenda_item__topics=OuterRef("pk"))))


def organisations_with_decisions(request: HttpRequest | None) -> QuerySet[Organisation]:
    decisions = visible_decisions(request)
    return Organisation.objects.filter(
        has_rows(decisions.filter(agenda_item__presenters__organisation=OuterRef("pk")))
        | has_rows(
            decisions.filter(agenda_item__assignments__responsible_organisation=OuterRef("pk"))
        )
    )


class DecisionFilter(ActiveFiltersMixin, django_filters.FilterSet):
    body = django_filters.ModelChoiceFilter(
        label=_("Organ"),
        queryset=bodies_with_decisions,
        field_name="agenda_item__meeting__body",
        to_field_name="slug",
        empty_label=_("Alla"),
    )
    #: The choices are the years of the decisions the user may see (set in __init__).
    year = django_filters.ChoiceFilter(
        label=_("År"), field_name="agenda_item__year", empty_label=_("Alla")
    )
    kind = django_filters.ChoiceFilter(
        label=_("Typ av beslut"), choices=Decision.Kind.choices, empty_label=_("Alla")
    )
    topic = django_filters.ModelChoiceFilter(
        label=_("Område"),
        queryset=topics_with_decisions,
        field_name="agenda_item__topics",
        to_field_name="slug",
        empty_label=_("Alla"),
    )
    organisation = django_filters.ModelChoiceFilter(
        label=_("Organisation (föredragande eller ansvarig för uppdrag)"),
        queryset=organisations_with_decisions,
        to_field_name="slug",
        method="filter_organisation",
        empty_label=_("Alla"),
    )
    q = django_filters.CharFilter(
        label=_("Fritext"),
        method="filter_text",
        max_length=200,
        help_text=_("Söker i rubrik, protokolltext, förslag till beslut och beslut."),
    )

    class Meta:
        model = Decision
        fields = ["body", "year", "kind", "topic", "organisation", "q"]

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        decisions = visible_decisions(self.request)
        self.filters["year"].extra["choices"] = year_choices(
            decisions.dates("agenda_item__meeting__date", "year", order="DESC")
        )

    def filter_organisation(
        self, queryset: QuerySet[Decision], name: str, organisation: Organisation
    ) -> QuerySet[Decision]:
        items = AgendaItem.objects.filter(
            Q(presenters__organisation=organisation)
            | Q(assignments__responsible_organisation=organisation)
        )
        return queryset.filter(agenda_item__in=items.values("pk"))

    def filter_text(
        self, queryset: QuerySet[Decision], name: str, value: str
    ) -> QuerySet[Decision]:
        """Decisions whose paragraph matches the query, as /sok/ reads it: title, text,
        proposal and decision points, motions."""
        items = AgendaItem.objects.all()
        terms = SearchTerms(value)
        return queryset.filter(
            agenda_item__in=items.filter(terms.q(lambda term: paragraph_matches(term, items.db)))
        )
