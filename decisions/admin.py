"""The secretariat's admin for decisions, votes and the balanslista.

Proposal points, decision points, motions, votes, reservations and assignments are
edited inline on their paragraph (see meetings.admin.agenda.AgendaItemAdmin).
"""

from django.contrib import admin
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from meetings.admin.filters import BodyFilter, YearFilter
from meetings.admin.record import (
    CorrectionAdminMixin,
    VersionedAdminMixin,
    VersionedModelAdmin,
    VersionedStackedInline,
    VersionedTabularInline,
)
from svom.admin import ValidatedChangeListMixin

from .models import (
    Assignment,
    Ballot,
    Decision,
    DecisionPoint,
    Motion,
    ProposalPoint,
    Reservation,
    Vote,
)


class DecisionInline(VersionedStackedInline):
    """The kind of decision; headed apart from the decision points, which are "Beslut"."""

    model = Decision
    fields = ["kind"]
    extra = 0
    max_num = 1
    verbose_name = _("beslutstyp")
    verbose_name_plural = _("beslutstyp")


class ProposalPointInline(VersionedTabularInline):
    model = ProposalPoint
    extra = 0
    verbose_name = _("punkt i förslaget till beslut")
    verbose_name_plural = _("förslag till beslut")


class DecisionPointInline(VersionedTabularInline):
    model = DecisionPoint
    extra = 0
    verbose_name = _("beslutspunkt")
    verbose_name_plural = _("beslut")


class MotionInline(VersionedTabularInline):
    model = Motion
    extra = 0
    autocomplete_fields = ["mover"]


class VoteInline(VersionedTabularInline):
    """The votes of a paragraph; each member's vote is entered on the vote's own page."""

    model = Vote
    extra = 0
    show_change_link = True


class ReservationInline(VersionedTabularInline):
    model = Reservation
    extra = 0
    autocomplete_fields = ["person"]


class AssignmentInline(VersionedTabularInline):
    model = Assignment
    fields = [
        "description",
        "responsible",
        "responsible_organisation",
        "due_date",
        "status",
        "completed_on",
    ]
    extra = 0
    autocomplete_fields = ["responsible", "responsible_organisation"]
    show_change_link = True


@admin.register(Decision)
class DecisionAdmin(
    CorrectionAdminMixin, ValidatedChangeListMixin, VersionedAdminMixin, SimpleHistoryAdmin
):
    list_display = ["__str__", "kind"]
    list_select_related = ["agenda_item__meeting__body"]
    list_filter = [
        "kind",
        ("agenda_item__body", BodyFilter),
        ("agenda_item__year", YearFilter),
    ]
    search_fields = ["agenda_item__title", "agenda_item__decision_points__text"]
    autocomplete_fields = ["agenda_item"]


class BallotInline(VersionedTabularInline):
    model = Ballot
    extra = 0
    autocomplete_fields = ["person"]


@admin.register(Vote)
class VoteAdmin(
    CorrectionAdminMixin, ValidatedChangeListMixin, VersionedAdminMixin, SimpleHistoryAdmin
):
    list_display = ["__str__", "agenda_item", "result"]
    list_select_related = ["agenda_item"]
    search_fields = ["yes_proposal", "no_proposal", "agenda_item__title"]
    autocomplete_fields = ["agenda_item"]
    inlines = [BallotInline]


class OverdueFilter(admin.SimpleListFilter):
    """Open assignments past their due date (the start page's "Försenade uppdrag")."""

    title = _("försenade")
    parameter_name = "forsenad"

    def lookups(self, request, model_admin):
        return [("ja", _("Försenade"))]

    def queryset(self, request, queryset):
        if self.value() == "ja":
            return queryset.open().filter(due_date__lt=timezone.localdate())
        return queryset


@admin.register(Assignment)
class AssignmentAdmin(CorrectionAdminMixin, VersionedModelAdmin):
    """The balanslista: every follow-up assignment with its responsible and due date."""

    list_display = ["description", "responsible", "responsible_organisation", "due_date", "status"]
    list_select_related = ["responsible", "responsible_organisation"]
    list_filter = [
        OverdueFilter,
        "status",
        ("responsible_organisation", admin.RelatedOnlyFieldListFilter),
    ]
    date_hierarchy = "due_date"
    search_fields = ["description", "responsible__name"]
    autocomplete_fields = ["agenda_item", "responsible", "responsible_organisation"]
    fields = [
        "agenda_item",
        "description",
        "responsible",
        "responsible_organisation",
        "due_date",
        "status",
        "completed_on",
    ]
