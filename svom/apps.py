"""The admin app with the portal's own site (see svom/admin.py), and Swedish names for the
third-party apps whose admin pages would otherwise be in English (see svom/third_party.py)."""

from axes.apps import AppConfig as AxesAppConfig
from django.apps import AppConfig
from django.contrib.admin.apps import AdminConfig
from django.utils.translation import gettext_lazy as _


class SvomAdminConfig(AdminConfig):
    default_site = "svom.admin.SvomAdminSite"

    def ready(self) -> None:
        super().ready()  # autodiscovers every app's admin module
        from django.contrib import admin

        from .third_party import use_swedish_admins

        use_swedish_admins(admin.site)


class SwedishNamesMixin:
    """An app config that gives the app's models and fields their Swedish names."""

    def ready(self) -> None:
        super().ready()
        from .third_party import name_in_swedish

        name_in_swedish(self)


class AxesConfig(SwedishNamesMixin, AxesAppConfig):
    verbose_name = _("Inloggningar och spärrar")


class OTPStaticConfig(SwedishNamesMixin, AppConfig):
    name = "django_otp.plugins.otp_static"
    default_auto_field = "django.db.models.AutoField"
    verbose_name = _("Tvåstegsverifiering: reservkoder")


class OTPTOTPConfig(SwedishNamesMixin, AppConfig):
    name = "django_otp.plugins.otp_totp"
    default_auto_field = "django.db.models.AutoField"
    verbose_name = _("Tvåstegsverifiering: autentiseringsappar")
