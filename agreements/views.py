"""Agreements and their life. Decisions are linked only where the visitor may read them."""

from __future__ import annotations

from django.db.models import QuerySet
from django.views.generic import DetailView, ListView

from .models import Agreement


class AgreementListView(ListView):
    model = Agreement

    def get_queryset(self) -> QuerySet[Agreement]:
        return (
            Agreement.objects.with_dates()
            .select_related("replaced_by")
            .prefetch_related("parties")
            .order_by("short_name")
        )


class AgreementDetailView(DetailView):
    """An agreement: its dates, derived end date and state, and the timeline of its events."""

    model = Agreement

    def get_queryset(self) -> QuerySet[Agreement]:
        return Agreement.objects.with_timeline_for(self.request.user)
