"""Swedish names for the admin pages of django-axes and django-otp, which ship no Swedish.

The portal's admin is the secretariat's manual and speaks Swedish throughout. Two of its
packages name their apps, models and fields only in English ("Access attempts", "TOTP
devices"), some in plain strings that no catalogue can translate. Their app configs
(svom.apps) set the Swedish names below when the apps are ready, and `use_swedish_admins`
replaces their admins with subclasses whose headings and columns are Swedish.

Only the names shown change: the migrations record none of them (a model's declared Meta
and a field's declared verbose_name stay as the package wrote them).
"""

from __future__ import annotations

from axes.admin import AccessAttemptAdmin, AccessFailureLogAdmin, AccessLogAdmin
from axes.conf import settings as axes_settings
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.apps import AppConfig
from django.contrib import admin
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django_otp.plugins.otp_static.admin import StaticDeviceAdmin
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.admin import TOTPDeviceAdmin
from django_otp.plugins.otp_totp.models import TOTPDevice

#: Per model: its Swedish singular and plural, and its fields' Swedish labels.
_ACCESS_FIELDS = {
    "user_agent": _("webbläsare"),
    "ip_address": _("IP-adress"),
    "username": _("användarnamn"),
    "http_accept": _("HTTP Accept"),
    "path_info": _("sökväg"),
    "attempt_time": _("tidpunkt"),
}
_DEVICE_FIELDS = {
    "user": _("användare"),
    "name": _("namn"),
    "confirmed": _("bekräftad"),
    "created_at": _("skapad"),
    "last_used_at": _("senast använd"),
    "throttling_failure_timestamp": _("senaste misslyckade försök"),
    "throttling_failure_count": _("misslyckade försök i följd"),
}
MODEL_NAMES = {
    "axes": {
        "accessattempt": (
            _("försök att logga in"),
            _("försök att logga in"),
            {
                **_ACCESS_FIELDS,
                "get_data": _("GET-data"),
                "post_data": _("POST-data"),
                "failures_since_start": _("misslyckade inloggningar"),
            },
        ),
        "accessfailurelog": (
            _("misslyckad inloggning"),
            _("misslyckade inloggningar"),
            {**_ACCESS_FIELDS, "locked_out": _("spärrad")},
        ),
        "accesslog": (
            _("inloggning"),
            _("inloggningar"),
            {
                **_ACCESS_FIELDS,
                "logout_time": _("utloggad"),
                "session_hash": _("sessionsnyckelns hash (sha256)"),
            },
        ),
        "accessattemptexpiration": (
            _("giltighetstid för försök"),
            _("giltighetstider för försök"),
            {"access_attempt": _("försök att logga in"), "expires_at": _("gäller till")},
        ),
    },
    "otp_static": {
        "staticdevice": (_("reservkodslista"), _("reservkodslistor"), _DEVICE_FIELDS),
        "statictoken": (
            _("reservkod"),
            _("reservkoder"),
            {"device": _("reservkodslista"), "token": _("kod")},
        ),
    },
    "otp_totp": {
        "totpdevice": (
            _("autentiseringsapp"),
            _("autentiseringsappar"),
            {
                **_DEVICE_FIELDS,
                "key": _("nyckel"),
                "step": _("tidssteg (sekunder)"),
                "t0": _("starttid (t0)"),
                "digits": _("antal siffror"),
                "tolerance": _("tolerans (tidssteg)"),
                "drift": _("drift (tidssteg)"),
                "last_t": _("senast använda tidssteg"),
            },
        ),
    },
}


def name_in_swedish(app_config: AppConfig) -> None:
    """Give the app's models and fields their Swedish names (MODEL_NAMES)."""
    for model_name, (singular, plural, fields) in MODEL_NAMES[app_config.label].items():
        opts = app_config.get_model(model_name)._meta
        opts.verbose_name, opts.verbose_name_plural = singular, plural
        for field in opts.get_fields():
            if field.name in fields and hasattr(field, "verbose_name"):
                field.verbose_name = fields[field.name]


#: The packages' fieldset headings, plain English strings.
FIELDSET_TITLES = {
    "Form Data": _("Formulärdata"),
    "Meta Data": _("Webbläsarens uppgifter"),
    "Identity": _("Identitet"),
    "Timestamps": _("Tidpunkter"),
    "Configuration": _("Inställningar"),
    "State": _("Läge"),
    "Throttling": _("Spärr efter misslyckade försök"),
}


class SwedishFieldsetsMixin:
    """The package admin's fieldsets under Swedish headings, without its English help texts.

    The help texts repeat the labels in English; they are left out of the forms rather
    than changed on the fields, which the migrations would then record. The read-only
    timestamps are shown through `created` and `last_used` for the same reason.
    """

    #: Read-only fields shown by a method of the same meaning with no help text.
    shown_as = {"created_at": "created", "last_used_at": "last_used"}

    def get_fieldsets(self, request: HttpRequest, obj=None):
        return [
            (
                FIELDSET_TITLES.get(str(title), title) if title else title,
                {
                    **options,
                    "fields": [self.shown_as.get(name, name) for name in options["fields"]],
                },
            )
            for title, options in super().get_fieldsets(request, obj)
        ]

    def get_readonly_fields(self, request: HttpRequest, obj=None):
        fields = super().get_readonly_fields(request, obj)
        return [self.shown_as.get(name, name) for name in fields]

    def formfield_for_dbfield(self, db_field, request: HttpRequest, **kwargs):
        formfield = super().formfield_for_dbfield(db_field, request, **kwargs)
        if formfield is not None:
            formfield.help_text = ""
        return formfield

    @admin.display(description=_("skapad"))
    def created(self, obj) -> str:
        return _moment(obj.created_at)

    @admin.display(description=_("senast använd"))
    def last_used(self, obj) -> str:
        return _moment(obj.last_used_at)


def _moment(value) -> str:
    return date_format(timezone.localtime(value), "DATETIME_FORMAT") if value else "–"


class LockedOutFilter(admin.SimpleListFilter):
    """axes' filter of locked-out attempts, in Swedish."""

    title = _("spärrad")
    parameter_name = "locked_out"

    def lookups(self, request, model_admin):
        return [("yes", _("Ja")), ("no", _("Nej"))]

    def queryset(self, request, queryset):
        limit = axes_settings.AXES_FAILURE_LIMIT
        if self.value() == "yes":
            return queryset.filter(failures_since_start__gte=limit)
        if self.value() == "no":
            return queryset.filter(failures_since_start__lt=limit)
        return queryset


class SwedishAccessAttemptAdmin(SwedishFieldsetsMixin, AccessAttemptAdmin):
    list_filter = [
        LockedOutFilter if getattr(item, "parameter_name", None) == "locked_out" else item
        for item in AccessAttemptAdmin.list_filter
    ]

    @admin.action(description=_("Rensa försök vars giltighetstid har gått ut"))
    def cleanup_expired_attempts(self, request: HttpRequest, queryset) -> None:
        count = self.handler.clean_expired_user_attempts(request=request)
        self.message_user(
            request,
            ngettext(
                "%(count)d försök vars giltighetstid hade gått ut togs bort.",
                "%(count)d försök vars giltighetstid hade gått ut togs bort.",
                count,
            )
            % {"count": count},
        )

    @admin.display(description=_("gäller till"))
    def expiration(self, obj: AccessAttempt):
        return obj.expiration.expires_at if hasattr(obj, "expiration") else _("ej satt")

    @admin.display(description=_("status"))
    def status(self, obj: AccessAttempt) -> str:
        remaining = axes_settings.AXES_FAILURE_LIMIT - obj.failures_since_start
        if remaining > 0:
            return ngettext("%(count)d försök kvar", "%(count)d försök kvar", remaining) % {
                "count": remaining
            }
        return str(_("Spärrad"))


class SwedishAccessLogAdmin(SwedishFieldsetsMixin, AccessLogAdmin):
    pass


class SwedishAccessFailureLogAdmin(SwedishFieldsetsMixin, AccessFailureLogAdmin):
    pass


class SwedishStaticDeviceAdmin(SwedishFieldsetsMixin, StaticDeviceAdmin):
    pass


class SwedishTOTPDeviceAdmin(SwedishFieldsetsMixin, TOTPDeviceAdmin):
    @admin.display(description=_("QR-kod"))
    def qrcode_link(self, device: TOTPDevice) -> str:
        if device.pk is None:
            return ""
        url = reverse("admin:otp_totp_totpdevice_config", kwargs={"pk": device.pk})
        return format_html('<a href="{}">{}</a>', url, _("Visa QR-koden"))


SWEDISH_ADMINS = {
    AccessAttempt: SwedishAccessAttemptAdmin,
    AccessLog: SwedishAccessLogAdmin,
    AccessFailureLog: SwedishAccessFailureLogAdmin,
    StaticDevice: SwedishStaticDeviceAdmin,
    TOTPDevice: SwedishTOTPDeviceAdmin,
}


def use_swedish_admins(site: admin.AdminSite) -> None:
    """Replace the packages' admins, registered by autodiscovery, with the Swedish ones."""
    for model, model_admin in SWEDISH_ADMINS.items():
        if site.is_registered(model):
            site.unregister(model)
            site.register(model, model_admin)
