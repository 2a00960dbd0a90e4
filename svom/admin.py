"""The admin site itself: second factor for staff, titles, and the audit log beside the apps."""

from django.contrib import admin
from django.contrib.admin.models import DELETION, LogEntry
from django.contrib.admin.options import IncorrectLookupParameters
from django.contrib.admin.views.main import ChangeList
from django.http import HttpRequest
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django_otp.admin import OTPAdminAuthenticationForm, OTPAdminSite
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice


class ValidatedChangeList(ChangeList):
    """A change list that answers a filter value it cannot use (a year of eleven digits in
    the date hierarchy) as Django answers other bad filters: the list with "?e=1", not 500.
    """

    def get_filters(self, request: HttpRequest, *args, **kwargs):
        try:
            return super().get_filters(request, *args, **kwargs)
        except (OverflowError, ValueError) as error:
            raise IncorrectLookupParameters(error) from error


class ValidatedChangeListMixin:
    """For every ModelAdmin of the portal: its list is a ValidatedChangeList."""

    def get_changelist(self, request: HttpRequest, **kwargs) -> type[ChangeList]:
        return ValidatedChangeList


class AuditLogAdmin(ValidatedChangeListMixin, admin.ModelAdmin):
    """Who changed what, when: the admin's own log, read-only, for the secretariat."""

    list_display = ["action_time", "user", "content_type", "object_link", "action_flag"]
    list_select_related = ["user", "content_type"]
    list_filter = ["action_flag", "content_type", "user"]
    search_fields = ["object_repr", "change_message", "user__username"]
    date_hierarchy = "action_time"

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

    @admin.display(description=_("objekt"), ordering="object_repr")
    def object_link(self, entry: LogEntry) -> str:
        url = entry.get_admin_url()
        message = entry.get_change_message()
        if url and entry.action_flag != DELETION:
            return format_html('<a href="{}">{}</a><br>{}', url, entry.object_repr, message)
        return format_html("{}<br>{}", entry.object_repr, message)


class StaffAuthenticationForm(OTPAdminAuthenticationForm):
    """Password and code on one form, accepted at the first try.

    django-otp asks which device a code is from when a user has several, and offers the
    choice only after a failed try. Here the code tells: digits alone are the authenticator
    app's (TOTP), anything else is a backup code. Only that one device checks the code, so
    a failure is counted against no other.
    """

    def _chosen_device(self, user):
        device = super()._chosen_device(user)
        if device is not None:
            return device
        code = (self.cleaned_data.get("otp_token") or "").strip()
        kind = TOTPDevice if code.isdigit() else StaticDevice
        devices = kind.objects.devices_for_user(user, confirmed=True)
        return devices.select_for_update().order_by("pk").first()


class SvomAdminSite(OTPAdminSite):
    """The secretariat's admin; staff also give a second factor (a TOTP app or a backup code).

    It is `admin.site` (svom.apps.SvomAdminConfig makes it the default site), so the apps'
    `@admin.register` land here.
    """

    login_form = StaffAuthenticationForm
    site_header = _("SVOM:s protokollportal – sekretariatet")
    site_title = _("SVOM-protokoll")
    index_title = _("Protokoll, beslut och avtal")
    # At 1280 px the sidebar took a quarter of the width from the lists, whose columns then
    # wrapped a letter to a line; the start page and the breadcrumbs lead everywhere.
    enable_nav_sidebar = False

    def __init__(self, name: str = "admin") -> None:
        # OTPAdminSite would call itself "otpadmin"; the URLs keep the "admin" namespace.
        super().__init__(name)
        # Registered here rather than with @admin.register: this module is imported while
        # admin.site is being created, before there is a site to register on.
        self.register(LogEntry, AuditLogAdmin)

    def index(self, request: HttpRequest, extra_context: dict | None = None):
        """The start page: what needs doing first (meetings.admin.start_page), then the apps."""
        from meetings.admin.start_page import what_needs_doing

        context = {"to_do": what_needs_doing(request), **(extra_context or {})}
        return super().index(request, context)
