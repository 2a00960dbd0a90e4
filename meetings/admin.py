"""The secretariat's admin for bodies, people, meetings and paragraphs."""

import datetime
import secrets

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
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
from simple_history.admin import SimpleHistoryAdmin

from decisions.admin import (
    AssignmentInline,
    DecisionInline,
    DecisionPointInline,
    MotionInline,
    ProposalPointInline,
    ReservationInline,
    VoteInline,
)

from . import services
from .admin_record import (
    CorrectionAdminMixin,
    VersionedAdminMixin,
    VersionedModelAdmin,
    VersionedTabularInline,
)
from .forms import (
    AdjustProtocolForm,
    AgendaItemInlineFormSet,
    ProtocolUploadForm,
)
from .models import (
    AccessibilityReport,
    AdjustmentApproval,
    AgendaItem,
    Attachment,
    Attendance,
    Body,
    Correction,
    Meeting,
    Membership,
    Organisation,
    Person,
    PersonAlias,
    Topic,
)
from .protocol_import import ProtocolImportError, import_protocol, read_protocol


@admin.register(Organisation)
class OrganisationAdmin(VersionedModelAdmin):
    list_display = ["name", "short_name", "kind"]
    list_filter = ["kind"]
    search_fields = ["name", "short_name"]
    prepopulated_fields = {"slug": ["short_name"]}


class WorkingGroupInline(VersionedTabularInline):
    model = Body
    fk_name = "parent"
    fields = ["name", "short_name", "slug"]
    extra = 0
    show_change_link = True
    verbose_name = _("arbetsgrupp")
    verbose_name_plural = _("arbetsgrupper")


@admin.register(Body)
class BodyAdmin(VersionedModelAdmin):
    list_display = ["short_name", "name", "parent"]
    list_select_related = ["parent"]
    list_filter = [("parent", admin.RelatedOnlyFieldListFilter)]
    search_fields = ["name", "short_name"]
    prepopulated_fields = {"slug": ["short_name"]}
    autocomplete_fields = ["parent"]
    inlines = [WorkingGroupInline]


@admin.register(Topic)
class TopicAdmin(VersionedModelAdmin):
    list_display = ["name"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}


class PersonAliasInline(VersionedTabularInline):
    model = PersonAlias
    extra = 0


class MembershipInline(VersionedTabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ["body", "organisation"]


@admin.register(Person)
class PersonAdmin(VersionedModelAdmin):
    list_display = ["name", "party", "organisation", "title"]
    list_select_related = ["organisation"]
    list_filter = ["party", ("organisation", admin.RelatedOnlyFieldListFilter)]
    search_fields = ["name", "aliases__name", "title", "organisation__short_name"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["organisation"]
    inlines = [PersonAliasInline, MembershipInline]


@admin.register(Membership)
class MembershipAdmin(VersionedModelAdmin):
    list_display = ["person", "body", "role", "start_date", "end_date"]
    list_select_related = ["person", "body"]
    list_filter = ["body", "role"]
    search_fields = ["person__name", "body__short_name"]
    autocomplete_fields = ["person", "body", "organisation"]


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


class ProtocolImportAdminMixin:
    """Import a protocol file from the meeting list: upload, preview, then confirm or cancel.

    The file waits in the private file storage under a random token that only the uploader's
    session holds (any worker can answer the next step, and the session row stays small), and
    confirming parses it again: what is written never depends on anything the browser sends
    back but the token of the upload.
    """

    change_list_template = "admin/meetings/meeting/change_list.html"
    import_session_key = "protocol_imports"
    pending_import_folder = "imports/pending"
    # Longer than any session lives (SESSION_MAX_LIFETIME): an older file belongs to no one.
    pending_import_lifetime = datetime.timedelta(days=1)

    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            path("importera/", view(self.import_upload_view), name="meetings_meeting_import"),
            path(
                "importera/<str:token>/",
                view(self.import_preview_view),
                name="meetings_meeting_import_preview",
            ),
            *super().get_urls(),
        ]

    def pending_import_path(self, token: str) -> str:
        return f"{self.pending_import_folder}/{token}"

    def delete_abandoned_imports(self) -> None:
        """Delete the files of previews nobody confirmed or cancelled."""
        if not default_storage.exists(self.pending_import_folder):
            return
        cutoff = timezone.now() - self.pending_import_lifetime
        for name in default_storage.listdir(self.pending_import_folder)[1]:
            if default_storage.get_modified_time(self.pending_import_path(name)) < cutoff:
                default_storage.delete(self.pending_import_path(name))

    def import_upload_view(self, request: HttpRequest) -> HttpResponse:
        if not self.has_add_permission(request):
            raise PermissionDenied
        form = ProtocolUploadForm(
            request.POST or None,
            request.FILES or None,
            initial={"body": Body.objects.filter(short_name="SVOM").first()},
        )
        if request.method == "POST" and form.is_valid():
            self.delete_abandoned_imports()
            token = secrets.token_urlsafe(16)
            default_storage.save(
                self.pending_import_path(token), ContentFile(form.cleaned_data["data"])
            )
            # Only the latest few uploads wait, so an abandoned preview costs little.
            pending = request.session.get(self.import_session_key, {})
            for old_token in list(pending)[:-2]:
                default_storage.delete(self.pending_import_path(old_token))
            pending = dict(list(pending.items())[-2:])
            pending[token] = {
                "name": form.cleaned_data["file"].name,
                "body": form.cleaned_data["body"].pk,
                "date": form.cleaned_data["date"].isoformat(),
                "adjusted": form.cleaned_data["adjusted"],
                "replace": form.cleaned_data["replace"],
            }
            request.session[self.import_session_key] = pending
            return redirect("admin:meetings_meeting_import_preview", token)
        context = {
            **self.admin_site.each_context(request),
            "title": _("Importera protokoll"),
            "form": form,
            "opts": self.model._meta,
        }
        return TemplateResponse(request, "admin/meetings/meeting/import_protocol.html", context)

    def import_preview_view(self, request: HttpRequest, token: str) -> HttpResponse:
        if not self.has_add_permission(request):
            raise PermissionDenied
        pending_imports = request.session.get(self.import_session_key, {})
        # Only a token of this session opens a file: the URL alone opens nothing.
        upload = pending_imports.get(token)
        data = None
        if upload is not None:
            try:
                with default_storage.open(self.pending_import_path(token)) as file:
                    data = file.read()
            except FileNotFoundError:
                pass
        if data is None:
            self.message_user(
                request,
                _("Importen finns inte längre: den är redan gjord eller avbruten."),
                messages.WARNING,
            )
            return redirect("admin:meetings_meeting_import")
        confirm = request.method == "POST" and "confirm" in request.POST
        if request.method == "POST":
            # Forget the upload before importing, so that a second click imports nothing.
            request.session[self.import_session_key] = {
                key: value for key, value in pending_imports.items() if key != token
            }
            default_storage.delete(self.pending_import_path(token))
            if not confirm:
                self.message_user(request, _("Importen avbröts; inget sparades."))
                return redirect("admin:meetings_meeting_changelist")
        body = get_object_or_404(Body, pk=upload["body"])
        try:
            parsed = read_protocol(upload["name"], data)
            report = import_protocol(
                parsed,
                body=body,
                date=datetime.date.fromisoformat(upload["date"]),
                adjusted=upload["adjusted"],
                replace=upload["replace"],
                dry_run=not confirm,
                user=request.user,
            )
        except ProtocolImportError as error:
            self.message_user(request, str(error), messages.ERROR)
            return redirect("admin:meetings_meeting_import")
        if confirm:
            if report.meeting is None:
                self.message_user(request, report.summary(), messages.WARNING)
                return redirect("admin:meetings_meeting_changelist")
            self.message_user(request, report.summary(), messages.SUCCESS)
            return redirect("admin:meetings_meeting_change", report.meeting.pk)
        context = {
            **self.admin_site.each_context(request),
            "title": _("Förhandsgranska import av %(file)s") % {"file": upload["name"]},
            "report": report,
            "upload": upload,
            "opts": self.model._meta,
        }
        return TemplateResponse(request, "admin/meetings/meeting/import_preview.html", context)


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


class CorrectionInline(admin.TabularInline):
    """The corrections of an adjusted paragraph, as recorded; they are never edited."""

    model = Correction
    fields = ["made_at", "made_by", "reason"]
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request: HttpRequest, obj=None) -> bool:
        return False


class AttachmentInline(VersionedTabularInline):
    model = Attachment
    fields = ["position", "title", "file", "is_public"]
    extra = 0


@admin.action(description=_("Justera valda paragrafer omedelbart (5 kap. 70 § KL)"))
def adjust_immediately(modeladmin, request: HttpRequest, queryset: QuerySet) -> None:
    for item in queryset.select_related("meeting"):
        try:
            services.adjust_immediately(item, request.user)
        except ValidationError as error:
            modeladmin.message_user(
                request, f"{item.citation}: {' '.join(error.messages)}", messages.ERROR
            )
        else:
            modeladmin.message_user(
                request, _("%(item)s är justerad och publicerad.") % {"item": item.citation}
            )


@admin.register(AgendaItem)
class AgendaItemAdmin(CorrectionAdminMixin, VersionedAdminMixin, SimpleHistoryAdmin):
    list_display = ["__str__", "meeting", "position", "state", "confidential", "is_withdrawn"]
    list_display_links = ["__str__"]
    list_select_related = ["meeting__body"]
    list_filter = [
        "state",
        "confidential",
        ("withdrawn_at", admin.EmptyFieldListFilter),
        "title_needs_review",
        "body",
        "year",
        "topics",
    ]
    date_hierarchy = "meeting__date"
    search_fields = ["title", "text", "=number"]
    autocomplete_fields = ["meeting", "presenters"]
    filter_horizontal = ["topics"]
    readonly_fields = [
        "citation",
        "state",
        "adjusted_at",
        "adjusted_immediately",
        "added_after_agenda",
        "withdrawn_at",
    ]
    actions = [adjust_immediately]
    fieldsets = [
        (None, {"fields": ["meeting", "position", "number", "title", "title_needs_review"]}),
        (_("Protokoll"), {"fields": ["presenters", "text", "topics"]}),
        (
            _("Publicering"),
            {
                "fields": [
                    "citation",
                    "state",
                    "adjusted_at",
                    "adjusted_immediately",
                    "added_after_agenda",
                    "confidential",
                    "withdrawal_reason",
                    "withdrawn_at",
                ],
                "description": _(
                    "Paragrafen blir offentlig när protokollet justeras (på mötets sida) eller "
                    "när den justeras omedelbart (åtgärd i listan över paragrafer). Efter "
                    "justeringen är mötet, ordningen och justeringstiden låsta; nummer, "
                    "rubrik, föredragande, text, förslag, beslut, yrkanden, voteringar, "
                    "reservationer och bilagor ändras bara som en rättelse, som visas som "
                    "Rättad på den publika sidan. En justerad paragraf raderas aldrig: ta "
                    "bort den från webben i stället."
                ),
            },
        ),
    ]
    inlines = [
        DecisionInline,
        ProposalPointInline,
        DecisionPointInline,
        MotionInline,
        VoteInline,
        ReservationInline,
        AssignmentInline,
        AttachmentInline,
        CorrectionInline,
    ]

    def record_item(self, obj) -> AgendaItem | None:
        return obj

    def get_readonly_fields(self, request: HttpRequest, obj=None) -> list[str]:
        readonly = list(super().get_readonly_fields(request, obj))
        if obj is not None and obj.is_adjusted:
            readonly += ["meeting", "position"]
        return readonly

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        # An adjusted paragraph is withdrawn from the web, never deleted.
        if obj is not None and obj.is_adjusted:
            return False
        return super().has_delete_permission(request, obj)

    @admin.display(description=_("citeras som"))
    def citation(self, item: AgendaItem) -> str:
        return item.citation if item.pk else "–"

    @admin.display(description=_("borttagen från webben"), boolean=True)
    def is_withdrawn(self, item: AgendaItem) -> bool:
        return item.is_withdrawn

    def save_related(self, request, form, formsets, change) -> None:
        super().save_related(request, form, formsets, change)
        item = form.instance
        # A decision point or motion edited after a digital approval voids the approvals.
        if not item.is_adjusted and any(formset.has_changed() for formset in formsets):
            item.meeting.void_approvals()


@admin.register(Attachment)
class AttachmentAdmin(CorrectionAdminMixin, VersionedModelAdmin):
    list_display = ["title", "agenda_item", "is_public"]
    list_select_related = ["agenda_item__meeting__body"]
    list_filter = ["is_public"]
    search_fields = ["title", "agenda_item__title"]
    autocomplete_fields = ["agenda_item"]


@admin.register(AccessibilityReport)
class AccessibilityReportAdmin(VersionedModelAdmin):
    """Reports from the accessibility statement's form; the secretariat answers and ticks them."""

    list_display = ["created_at", "__str__", "page_url", "contact", "handled"]
    list_display_links = ["__str__"]
    list_filter = ["handled"]
    search_fields = ["description", "page_url", "contact"]
    date_hierarchy = "created_at"
    readonly_fields = ["created_at"]
    fields = ["created_at", "page_url", "description", "contact", "handled"]
