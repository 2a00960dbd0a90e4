"""The secretariat's admin for bodies, people, meetings and paragraphs."""

from django.contrib import admin, messages
from django.db.models import Count, QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from decisions.admin import (
    AssignmentInline,
    DecisionInline,
    DecisionPointInline,
    MotionInline,
    ProposalPointInline,
    ReservationInline,
    VoteInline,
)

from .forms import AgendaItemInlineFormSet
from .models import (
    AccessibilityReport,
    AgendaItem,
    Attachment,
    Attendance,
    Body,
    Meeting,
    Membership,
    Organisation,
    Person,
    PersonAlias,
    Topic,
)

admin.site.site_header = _("SVOM:s protokollportal – sekretariatet")
admin.site.site_title = _("SVOM-protokoll")
admin.site.index_title = _("Protokoll, beslut och avtal")


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ["name", "short_name", "kind"]
    list_filter = ["kind"]
    search_fields = ["name", "short_name"]
    prepopulated_fields = {"slug": ["short_name"]}


class WorkingGroupInline(admin.TabularInline):
    model = Body
    fk_name = "parent"
    fields = ["name", "short_name", "slug"]
    extra = 0
    show_change_link = True
    verbose_name = _("arbetsgrupp")
    verbose_name_plural = _("arbetsgrupper")


@admin.register(Body)
class BodyAdmin(admin.ModelAdmin):
    list_display = ["short_name", "name", "parent"]
    list_select_related = ["parent"]
    list_filter = [("parent", admin.RelatedOnlyFieldListFilter)]
    search_fields = ["name", "short_name"]
    prepopulated_fields = {"slug": ["short_name"]}
    autocomplete_fields = ["parent"]
    inlines = [WorkingGroupInline]


@admin.register(Topic)
class TopicAdmin(admin.ModelAdmin):
    list_display = ["name"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}


class PersonAliasInline(admin.TabularInline):
    model = PersonAlias
    extra = 0


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ["body", "organisation"]


@admin.register(Person)
class PersonAdmin(admin.ModelAdmin):
    list_display = ["name", "party", "organisation", "title"]
    list_select_related = ["organisation"]
    list_filter = ["party", ("organisation", admin.RelatedOnlyFieldListFilter)]
    search_fields = ["name", "aliases__name", "title", "organisation__short_name"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["organisation"]
    inlines = [PersonAliasInline, MembershipInline]


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["person", "body", "role", "start_date", "end_date"]
    list_select_related = ["person", "body"]
    list_filter = ["body", "role"]
    search_fields = ["person__name", "body__short_name"]
    autocomplete_fields = ["person", "body", "organisation"]


class AttendanceInline(admin.TabularInline):
    model = Attendance
    extra = 0
    autocomplete_fields = ["person", "organisation"]


class AgendaItemInline(admin.TabularInline):
    """The agenda of a meeting; each paragraph's minutes are edited on its own page."""

    model = AgendaItem
    formset = AgendaItemInlineFormSet
    fields = ["position", "number", "title", "state", "adjusted_at", "confidential"]
    extra = 0
    show_change_link = True


@admin.action(description=_("Markera alla paragrafer i valda möten som justerade"))
def mark_meetings_adjusted(modeladmin, request: HttpRequest, queryset: QuerySet) -> None:
    count = AgendaItem.objects.filter(meeting__in=queryset).mark_adjusted()
    queryset.update(status=Meeting.Status.ADJUSTED)
    modeladmin.message_user(
        request,
        ngettext(
            "%(count)d paragraf markerades som justerad.",
            "%(count)d paragrafer markerades som justerade.",
            count,
        )
        % {"count": count},
        messages.SUCCESS,
    )


@admin.register(Meeting)
class MeetingAdmin(admin.ModelAdmin):
    list_display = ["date", "body", "status", "chair", "item_count"]
    list_select_related = ["body", "chair"]
    list_filter = ["body", "status"]
    date_hierarchy = "date"
    search_fields = ["body__short_name", "body__name", "place", "agenda_items__title"]
    autocomplete_fields = ["body", "chair", "adjusters"]
    inlines = [AttendanceInline, AgendaItemInline]
    actions = [mark_meetings_adjusted]
    fieldsets = [
        (None, {"fields": ["body", "date", "start_time", "end_time", "place", "is_digital"]}),
        (_("Status och justering"), {"fields": ["status", "chair", "adjusters"]}),
        (_("Intern anteckning"), {"fields": ["note"], "classes": ["collapse"]}),
    ]

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        return super().get_queryset(request).annotate(item_count=Count("agenda_items"))

    @admin.display(description=_("paragrafer"), ordering="item_count")
    def item_count(self, meeting: Meeting) -> int:
        return meeting.item_count


class AttachmentInline(admin.TabularInline):
    model = Attachment
    fields = ["position", "title", "file", "is_public"]
    extra = 0


@admin.action(description=_("Markera valda paragrafer som justerade"))
def mark_items_adjusted(modeladmin, request: HttpRequest, queryset: QuerySet) -> None:
    count = queryset.mark_adjusted()
    modeladmin.message_user(
        request,
        ngettext(
            "%(count)d paragraf markerades som justerad.",
            "%(count)d paragrafer markerades som justerade.",
            count,
        )
        % {"count": count},
        messages.SUCCESS,
    )


@admin.register(AgendaItem)
class AgendaItemAdmin(admin.ModelAdmin):
    list_display = ["__str__", "meeting", "position", "state", "confidential"]
    list_display_links = ["__str__"]
    list_select_related = ["meeting__body"]
    list_filter = ["state", "confidential", "body", "year", "topics"]
    date_hierarchy = "meeting__date"
    search_fields = ["title", "text", "=number"]
    autocomplete_fields = ["meeting", "presenters"]
    filter_horizontal = ["topics"]
    readonly_fields = ["citation"]
    actions = [mark_items_adjusted]
    fieldsets = [
        (None, {"fields": ["meeting", "position", "number", "title", "citation"]}),
        (_("Protokoll"), {"fields": ["presenters", "text", "topics"]}),
        (_("Publicering"), {"fields": ["state", "adjusted_at", "confidential"]}),
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
    ]

    @admin.display(description=_("citeras som"))
    def citation(self, item: AgendaItem) -> str:
        return item.citation if item.pk else "–"


@admin.register(Attachment)
class AttachmentAdmin(admin.ModelAdmin):
    list_display = ["title", "agenda_item", "is_public"]
    list_select_related = ["agenda_item__meeting__body"]
    list_filter = ["is_public"]
    search_fields = ["title", "agenda_item__title"]
    autocomplete_fields = ["agenda_item"]


@admin.register(AccessibilityReport)
class AccessibilityReportAdmin(admin.ModelAdmin):
    """Reports from the accessibility statement's form; the secretariat answers and ticks them."""

    list_display = ["created_at", "__str__", "page_url", "contact", "handled"]
    list_display_links = ["__str__"]
    list_filter = ["handled"]
    search_fields = ["description", "page_url", "contact"]
    date_hierarchy = "created_at"
    readonly_fields = ["created_at"]
    fields = ["created_at", "page_url", "description", "contact", "handled"]
