"""The admin of meetings: attendance, the agenda, the meeting's actions and the adjustment."""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path
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
from .actions import (
    ACTIONS,
    adjustment_link,
    available_actions,
    bulk_actions_that_can_succeed,
    can_adjust,
    cancel_meetings,
    hold_meetings,
    missing_for_adjustment,
    publish_agendas,
)
from .importing import ProtocolImportAdminMixin
from .record import (
    VersionedModelAdmin,
    VersionedTabularInline,
)
from .start_page import took_place_unmarked


class AttendanceInline(VersionedTabularInline):
    """Who took part; part of the protocol, so read-only once it is adjusted.

    The chair is entered once, in the meeting's own field; its attendance row follows that
    field (`sync_chair_attendance`), so this list neither shows nor offers the chair's role.
    """

    model = Attendance
    extra = 0
    autocomplete_fields = ["person", "organisation"]

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        return super().get_queryset(request).exclude(role=Attendance.Role.CHAIR)

    def formfield_for_choice_field(self, db_field, request: HttpRequest, **kwargs):
        if db_field.name == "role":
            kwargs["choices"] = [
                ("", "---------"),
                *(choice for choice in Attendance.Role.choices if choice[0] != "chair"),
            ]
        return super().formfield_for_choice_field(db_field, request, **kwargs)

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
    fields = ["position", "number", "title", "confidential", "state_and_notice"]
    readonly_fields = ["state_and_notice"]
    extra = 0
    show_change_link = True

    @admin.display(description=_("status"))
    def state_and_notice(self, item: AgendaItem) -> str:
        """ "Utkast", and "tillagd efter kallelsen" only for a paragraph that was."""
        if item.pk is None:
            return "–"
        if item.added_after_agenda:
            return _("%(state)s, tillagd efter kallelsen") % {"state": item.get_state_display()}
        return item.get_state_display()


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
        return [
            ("unmarked", _("Har ägt rum, inte markerat som genomfört")),
            ("awaiting", _("Väntar på justering")),
            ("overdue", _("Försenad justering")),
        ]

    def queryset(self, request, queryset):
        if self.value() == "unmarked":
            return took_place_unmarked(queryset)
        if self.value() == "awaiting":
            return queryset.awaiting_adjustment()
        if self.value() == "overdue":
            return queryset.awaiting_adjustment().filter(
                date__lt=timezone.localdate() - Meeting.ADJUSTMENT_DEADLINE
            )
        return queryset


def sync_chair_attendance(meeting: Meeting) -> None:
    """Make the attendance's chair row say what the meeting's chair field says.

    The chair is entered once, on the meeting; the protocol's list of who took part shows
    the chair too, from this row. Imported protocols write both, and agree already.
    """
    if meeting.is_adjusted:
        return
    chairs = Attendance.objects.filter(meeting=meeting, role=Attendance.Role.CHAIR)
    chairs.exclude(person_id=meeting.chair_id).delete()
    if meeting.chair_id and not chairs.filter(person_id=meeting.chair_id).exists():
        Attendance.objects.create(
            meeting=meeting, person_id=meeting.chair_id, role=Attendance.Role.CHAIR
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
    change_form_template = "admin/meetings/meeting/change_form.html"
    # The status is shown, never chosen: the buttons of the change page move it.
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
                ],
                "description": _(
                    "Status ändras med knapparna överst på sidan: publicera kallelsen, "
                    "markera som genomfört, registrera justering eller ställ in mötet."
                ),
            },
        ),
        (_("Intern anteckning"), {"fields": ["note"], "classes": ["collapse"]}),
    ]

    class Media:
        css = {"all": ["css/admin-meetings.css"]}

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        return (
            super()
            .get_queryset(request)
            .annotate(
                item_count=Count("agenda_items", distinct=True),
                adjuster_count=Count("adjusters", distinct=True),
            )
        )

    def get_readonly_fields(self, request: HttpRequest, obj=None) -> list[str]:
        readonly = list(super().get_readonly_fields(request, obj))
        if obj is not None and obj.agenda_items.filter(state=AgendaItem.State.ADJUSTED).exists():
            # The body and date are part of an adjusted protocol (and of its § numbers).
            readonly += ["body", "date"]
        if obj is not None and obj.is_adjusted:
            readonly += ["chair", "adjusters", "start_time", "end_time", "place", "is_digital"]
        return readonly

    def formfield_for_dbfield(self, db_field, request: HttpRequest, **kwargs):
        formfield = super().formfield_for_dbfield(db_field, request, **kwargs)
        if db_field.name == "chair" and formfield is not None:
            formfield.help_text = _(
                "Ange ordföranden bara här: hen antecknas också i närvaron som ordförande."
            )
        return formfield

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        # A meeting with an adjusted paragraph is part of the record: never deleted.
        if obj is not None and obj.agenda_items.filter(state=AgendaItem.State.ADJUSTED).exists():
            return False
        return super().has_delete_permission(request, obj)

    def get_actions(self, request: HttpRequest) -> dict:
        """The list's actions that some meeting could take now; none that would only fail."""
        actions = super().get_actions(request)
        if not hasattr(request, "_meeting_bulk_actions"):
            # get_actions runs several times for one list; the counts are asked once.
            request._meeting_bulk_actions = bulk_actions_that_can_succeed()
        ours = {"publish_agendas", "hold_meetings", "cancel_meetings"}
        return {
            name: action
            for name, action in actions.items()
            if name not in ours or name in request._meeting_bulk_actions
        }

    def save_related(self, request: HttpRequest, form, formsets, change: bool) -> None:
        super().save_related(request, form, formsets, change)
        sync_chair_attendance(form.instance)
        if not form.instance.is_adjusted:
            # Someone marked "Justerare" in the attendance adjusts: the meeting's field
            # says so too, so both places count.
            adjusting = form.instance.attendances.filter(role=Attendance.Role.ADJUSTER)
            form.instance.adjusters.add(*adjusting.values_list("person_id", flat=True))

    def change_view(self, request: HttpRequest, object_id, form_url="", extra_context=None):
        meeting = self.get_object(request, object_id)
        context = {
            "meeting_actions": available_actions(meeting) if meeting else [],
            "can_adjust": bool(meeting) and can_adjust(meeting),
            "missing_for_adjustment": missing_for_adjustment(meeting) if meeting else "",
            **(extra_context or {}),
        }
        return super().change_view(request, object_id, form_url, context)

    @admin.display(description=_("paragrafer"), ordering="item_count")
    def item_count(self, meeting: Meeting) -> int:
        return meeting.item_count

    @admin.display(description=_("justering"))
    def adjustment_status(self, meeting: Meeting) -> str:
        if meeting.pk is None:
            return "–"
        if meeting.adjusted_at:
            return _("Justerat %(date)s") % {"date": date_format(meeting.adjusted_on)}
        if meeting.status in (Meeting.Status.PLANNED, Meeting.Status.AGENDA_PUBLISHED):
            if meeting.date <= timezone.localdate():
                return _("Markera först mötet som genomfört")
            return "–"
        if not can_adjust(meeting):
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
        label, url = adjustment_link(meeting)
        return format_html('{}<br><a href="{}">{}</a>', text, url, label)

    def get_urls(self):
        adjust = self.admin_site.admin_view(self.adjust_view)
        act = self.admin_site.admin_view(self.action_view)
        return [
            path("<int:pk>/justera/", adjust, name="meetings_meeting_adjust"),
            path("<int:pk>/atgard/<str:action>/", act, name="meetings_meeting_action"),
            *super().get_urls(),
        ]

    def response_change(self, request: HttpRequest, obj: Meeting) -> HttpResponse:
        """A status button submits the change form: the edits are saved first, then the
        action runs, or its confirmation page is shown for one that cannot be undone."""
        name = request.POST.get("_meeting_action")
        if name not in ACTIONS:
            return super().response_change(request, obj)
        if ACTIONS[name].confirm:
            return redirect("admin:meetings_meeting_action", obj.pk, name)
        self._run_action(request, obj, name)
        return redirect("admin:meetings_meeting_change", obj.pk)

    def action_view(self, request: HttpRequest, pk: int, action: str) -> HttpResponse:
        """Publish the notice, hold or cancel one meeting; an action that cannot be undone
        is asked about first (GET shows the question, POST answers it)."""
        meeting = get_object_or_404(Meeting.objects.select_related("body"), pk=pk)
        if not self.has_change_permission(request, meeting) or action not in ACTIONS:
            raise PermissionDenied
        if request.method == "GET" and ACTIONS[action].confirm:
            context = {
                **self.admin_site.each_context(request),
                "title": ACTIONS[action].label,
                "question": ACTIONS[action].confirm % {"meeting": meeting},
                "action": ACTIONS[action],
                "meeting": meeting,
                "opts": self.model._meta,
            }
            return TemplateResponse(request, "admin/meetings/meeting/confirm_action.html", context)
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        self._run_action(request, meeting, action)
        return redirect("admin:meetings_meeting_change", meeting.pk)

    def _run_action(self, request: HttpRequest, meeting: Meeting, action: str) -> None:
        try:
            ACTIONS[action].run(meeting, request.user)
        except ValidationError as error:
            self.message_user(request, " ".join(error.messages), messages.ERROR)
        else:
            self.message_user(request, ACTIONS[action].done % {"meeting": meeting})

    def adjust_view(self, request: HttpRequest, pk: int) -> HttpResponse:
        """Record an adjustment signed on paper, or by the chair and adjusters elsewhere."""
        meeting = get_object_or_404(Meeting.objects.select_related("body"), pk=pk)
        if not self.has_change_permission(request, meeting):
            raise PermissionDenied
        if not can_adjust(meeting):
            self.message_user(
                request,
                _(
                    "%(meeting)s kan inte justeras: bara ett genomfört möte har ett protokoll "
                    "att justera (mötet är %(status)s)."
                )
                % {"meeting": meeting, "status": meeting.get_status_display().lower()},
                messages.WARNING,
            )
            return redirect("admin:meetings_meeting_change", meeting.pk)
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
