"""The admin app with the portal's own site (see svom/admin.py)."""

from django.contrib.admin.apps import AdminConfig


class SvomAdminConfig(AdminConfig):
    default_site = "svom.admin.SvomAdminSite"
