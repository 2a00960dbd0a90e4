"""The secretariat's admin for agreements and their events."""

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from meetings.admin.record import VersionedModelAdmin, VersionedTabularInline

from .models import Agreement, AgreementEvent


class AgreementEventInline(VersionedTabularInline):
    model = AgreementEvent
    fields = ["date", "kind", "new_end_date", "decision", "note"]
    extra = 0
    autocomplete_fields = ["decision"]


class NeedingAttentionFilter(admin.SimpleListFilter):
    """Agreements that expire soon or have expired unreplaced (the start page's list)."""

    title = _("åtgärd")
    parameter_name = "atgard"

    def lookups(self, request, model_admin):
        return [("needing_attention", _("Löper ut eller har löpt ut"))]

    def queryset(self, request, queryset):
        if self.value() == "needing_attention":
            return queryset.needing_attention()
        return queryset


@admin.register(Agreement)
class AgreementAdmin(VersionedModelAdmin):
    list_display = ["short_name", "valid_from", "current_end_date", "current_state", "replaced_by"]
    list_select_related = ["replaced_by"]
    list_filter = [NeedingAttentionFilter]
    search_fields = ["short_name", "title"]
    prepopulated_fields = {"slug": ["short_name"]}
    autocomplete_fields = ["parties", "replaced_by"]
    readonly_fields = ["current_end_date", "current_state"]
    inlines = [AgreementEventInline]
    fieldsets = [
        (None, {"fields": ["short_name", "slug", "title", "description", "parties"]}),
        (
            _("Giltighet"),
            {
                "fields": [
                    "signed_on",
                    "valid_from",
                    "valid_until",
                    "current_end_date",
                    "current_state",
                    "replaced_by",
                ],
                "description": _(
                    "Aktuellt slutdatum och status räknas fram ur händelserna nedan och "
                    "dagens datum; ändra dem genom att lägga till en händelse."
                ),
            },
        ),
    ]

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        return super().get_queryset(request).with_dates()

    @admin.display(description=_("gäller till och med"), ordering="end_date")
    def current_end_date(self, agreement: Agreement) -> str:
        end_date = getattr(agreement, "end_date", None)
        return date_format(end_date) if end_date else "–"

    @admin.display(description=_("status"))
    def current_state(self, agreement: Agreement) -> str:
        if agreement.pk is None:
            return "–"
        return agreement.state_label_on()
