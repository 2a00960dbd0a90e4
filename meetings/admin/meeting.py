"""The admin of meetings: attendance, the agenda, the meeting's actions and the adjustment."""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from .. import services
from ..forms import (
    AdjustProtocolForm,
    AgendaItemInlineFormSet,
)
from ..models import (
    AdjustmentApproval,
    AgendaItem,
    Attendance,
    Meeting,
)
from .importing import ProtocolImportAdminMixin
from .record import (
    VersionedModelAdmin,
    VersionedTabularInline,
)


class AttendanceInline(VersionedTabularInline):
    """Who took part; part of the protocol, so read-only once it is adjusted."""

    model = Attendance
    extra = 0
    autocomplete_fields = ["person", "organisation"]

    def has_add_permission(self, request: HttpRequest, obj=None) -> bool:
        return not (obj and obj.is_adjusted) and super().has_add_permission(request, obj)

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        return not (obj and obj.is_adjusted) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        return not (obj and obj.is_adjusted) and super().has_delete_permission(request, obj)


class AgendaItemInline(VersionedTabularInline):
    """The agenda of a meeting; each paragraph's minutes are edited on its own page."""

    model = AgendaItem
    formset = AgendaItemInlineFormSet
    fields = ["position", "number", "title", "confidential", "state", "added_after_agenda"]
    readonly_fields = ["state", "added_after_agenda"]
    extra = 0
    show_change_link = True


class AdjustmentApprovalInline(VersionedTabularInline):
    """The chair's and adjusters' digital answers; they give them on the portal itself."""

    model = AdjustmentApproval
    fields = ["person", "kind", "comment", "created_at", "voided_at"]
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request: HttpRequest, obj=None) -> bool:
        return False


class AwaitingAdjustmentFilter(admin.SimpleListFilter):
    title = _("justering")
    parameter_name = "justering"

    def lookups(self, request, model_admin):
        return [("awaiting", _("Väntar på justering")), ("overdue", _("Försenad justering"))]

    def queryset(self, request, queryset):
        if self.value() == "awaiting":
            return queryset.awaiting_adjustment()
        if self.value() == "overdue":
            return queryset.awaiting_adjustment().filter(
                date__lt=timezone.localdate() - Meeting.ADJUSTMENT_DEADLINE
            )
        return queryset


def _run_for_each(modeladmin, request: HttpRequest, queryset: QuerySet, service, done) -> None:
    """Run a meeting's action on each chosen meeting; say what happened to each."""
    for meeting in queryset:
        try:
            service(meeting, request.user)
        except ValidationError as error:
            modeladmin.message_user(request, " ".join(error.messages), messages.ERROR)
        else:
            modeladmin.message_user(request, done % {"meeting": meeting})


@admin.action(description=_("Publicera kallelsen för valda möten"))
def publish_agendas(modeladmin, request: HttpRequest, queryset: QuerySet) -> None:
    _run_for_each(
        modeladmin,
        request,
        queryset,
        services.publish_agenda,
        _("Kallelsen för %(meeting)s är publicerad."),
    )


@admin.action(description=_("Markera valda möten som genomförda"))
def hold_meetings(modeladmin, request: HttpRequest, queryset: QuerySet) -> None:
    _run_for_each(
        modeladmin,
        request,
        queryset,
        services.hold_meeting,
        _("%(meeting)s är markerat som genomfört."),
    )


@admin.action(description=_("Ställ in valda möten"))
def cancel_meetings(modeladmin, request: HttpRequest, queryset: QuerySet) -> None:
    _run_for_each(
        modeladmin, request, queryset, services.cancel_meeting, _("%(meeting)s är inställt.")
    )


@admin.register(Meeting)
class MeetingAdmin(ProtocolImportAdminMixin, VersionedModelAdmin):
    list_display = ["date", "body", "status", "chair", "item_count", "adjustment_status"]
    list_select_related = ["body", "chair"]
    list_filter = [AwaitingAdjustmentFilter, "body", "status"]
    date_hierarchy = "date"
    search_fields = ["body__short_name", "body__name", "place", "agenda_items__title"]
    autocomplete_fields = ["body", "chair", "adjusters"]
    inlines = [AttendanceInline, AgendaItemInline, AdjustmentApprovalInline]
    actions = [publish_agendas, hold_meetings, cancel_meetings]
    readonly_fields = [
        "status",
        "agenda_published_at",
        "adjustment_status",
        "adjusted_at",
        "adjustment_method",
    ]
    fieldsets = [
        (None, {"fields": ["body", "date", "start_time", "end_time", "place", "is_digital"]}),
        (
            _("Kallelse och justering"),
            {
                "fields": [
                    "status",
                    "agenda_published_at",
                    "chair",
                    "adjusters",
                    "adjustment_planned_on",
                    "adjustment_place",
                    "adjustment_status",
                    "adjusted_at",
                    "adjustment_method",
                    "posted_on",
                ]
            },
        ),
        (_("Intern anteckning"), {"fields": ["note"], "classes": ["collapse"]}),
    ]

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        return super().get_queryset(request).annotate(item_count=Count("agenda_items"))

    def get_readonly_fields(self, request: HttpRequest, obj=None) -> list[str]:
        readonly = list(super().get_readonly_fields(request, obj))
        if obj is not None and obj.agenda_items.filter(state=AgendaItem.State.ADJUSTED).exists():
            # The body and date are part of an adjusted protocol (and of its § numbers).
            readonly += ["body", "date"]
        if obj is not None and obj.is_adjusted:
            readonly += ["chair", "adjusters", "start_time", "end_time", "place", "is_digital"]
        return readonly

    @admin.display(description=_("paragrafer"), ordering="item_count")
    def item_count(self, meeting: Meeting) -> int:
        return meeting.item_count

    @admin.display(description=_("justering"))
    def adjustment_status(self, meeting: Meeting) -> str:
        if meeting.pk is None:
            return "–"
        if meeting.adjusted_at:
            return _("Justerat %(date)s") % {"date": date_format(meeting.adjusted_on)}
        if meeting.status in (Meeting.Status.PLANNED, Meeting.Status.CANCELLED):
            return "–"
        days = meeting.days_left_to_adjust()
        deadline = date_format(meeting.adjustment_deadline)
        if days < 0:
            text = ngettext(
                "Försenad %(days)d dag (senast %(date)s)",
                "Försenad %(days)d dagar (senast %(date)s)",
                -days,
            ) % {"days": -days, "date": deadline}
        else:
            text = ngettext(
                "%(days)d dag kvar (senast %(date)s)",
                "%(days)d dagar kvar (senast %(date)s)",
                days,
            ) % {"days": days, "date": deadline}
        url = reverse("admin:meetings_meeting_adjust", args=[meeting.pk])
        return format_html('{} · <a href="{}">{}</a>', text, url, _("Registrera justering"))

    def get_urls(self):
        adjust = self.admin_site.admin_view(self.adjust_view)
        return [
            path("<int:pk>/justera/", adjust, name="meetings_meeting_adjust"),
            *super().get_urls(),
        ]

    def adjust_view(self, request: HttpRequest, pk: int) -> HttpResponse:
        """Record an adjustment signed on paper, or by the chair and adjusters elsewhere."""
        meeting = get_object_or_404(Meeting.objects.select_related("body"), pk=pk)
        if not self.has_change_permission(request, meeting):
            raise PermissionDenied
        form = AdjustProtocolForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            try:
                count = services.adjust_protocol(
                    meeting, request.user, at=form.cleaned_data["adjusted_at"]
                )
            except ValidationError as error:
                for message in error.messages:
                    form.add_error(None, message)
            else:
                self.message_user(
                    request,
                    ngettext(
                        "Protokollet %(meeting)s är justerat; %(count)d paragraf publicerades.",
                        "Protokollet %(meeting)s är justerat; %(count)d paragrafer publicerades.",
                        count,
                    )
                    % {"meeting": meeting, "count": count},
                )
                return redirect("admin:meetings_meeting_change", meeting.pk)
        context = {
            **self.admin_site.each_context(request),
            "title": _("Registrera justering av %(meeting)s") % {"meeting": meeting},
            "meeting": meeting,
            "form": form,
            "opts": self.model._meta,
        }
        return TemplateResponse(request, "admin/meetings/meeting/adjust.html", context)
