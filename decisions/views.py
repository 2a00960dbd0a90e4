"""The decision register and the balanslista. Every view applies visible_to(user)."""

from __future__ import annotations

from django.db.models import F, QuerySet
from django.views.generic import ListView
from django_filters.views import FilterView

from svom.pagination import CappedPaginator

from .filters import DecisionFilter
from .models import Assignment, Decision


class DecisionListView(FilterView):
    """/beslut/: the decisions the visitor may read, newest meeting first, with filters."""

    model = Decision
    paginator_class = CappedPaginator
    filterset_class = DecisionFilter
    template_name = "decisions/decision_list.html"
    paginate_by = 20

    def get_queryset(self) -> QuerySet[Decision]:
        return (
            Decision.objects.visible_to(self.request.user)
            .select_related("agenda_item__meeting__body")
            .prefetch_related("agenda_item__decision_points")
            .order_by(
                "-agenda_item__meeting__date",
                "agenda_item__meeting__body__short_name",
                "agenda_item__position",
            )
        )


class AssignmentListView(ListView):
    """/beslut/balanslista/: open assignments of paragraphs the visitor may read."""

    model = Assignment
    template_name = "decisions/assignment_list.html"
    paginate_by = 50

    def get_queryset(self) -> QuerySet[Assignment]:
        return (
            Assignment.objects.open()
            .visible_to(self.request.user)
            .with_overdue()
            .select_related("responsible", "responsible_organisation", "agenda_item__meeting__body")
            .order_by(F("due_date").asc(nulls_last=True), "pk")
        )
