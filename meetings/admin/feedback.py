"""The reports sent from the accessibility statement's form."""

from django.contrib import admin

from ..models import (
    AccessibilityReport,
)
from .record import (
    VersionedModelAdmin,
)


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
