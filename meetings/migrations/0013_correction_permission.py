"""Let the secretariat and the members see the recorded corrections in the admin.

Only to view them: a correction is made by saving an adjusted paragraph (or in code with
`correction()`), never edited or deleted afterwards.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

GROUPS = ["Sekretariat", "Ledamöter"]


def grant(apps, schema_editor):
    app_config = apps.get_app_config("meetings")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    view = Permission.objects.filter(
        content_type__app_label="meetings", codename="view_correction"
    )
    for group in Group.objects.filter(name__in=GROUPS):
        group.permissions.add(*view)


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    for group in Group.objects.filter(name__in=GROUPS):
        group.permissions.remove(*group.permissions.filter(codename="view_correction"))


class Migration(migrations.Migration):
    dependencies = [("meetings", "0012_version")]

    operations = [migrations.RunPython(grant, revoke)]
