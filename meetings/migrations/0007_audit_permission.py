"""Let the secretariat read the audit log (the admin's LogEntry) and the login log (Axes).

0002 created the groups with this project's permissions only; the audit view lives in
Django's admin app and the login log in django-axes.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

CODENAMES = [
    ("admin", "view_logentry"),
    ("axes", "view_accessattempt"),
    ("axes", "view_accesslog"),
    ("axes", "view_accessfailurelog"),
]


def grant(apps, schema_editor):
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    secretariat = Group.objects.filter(name="Sekretariat").first()
    if secretariat is None:
        return
    for app_label, codename in CODENAMES:
        secretariat.permissions.add(
            *Permission.objects.filter(content_type__app_label=app_label, codename=codename)
        )


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    secretariat = Group.objects.filter(name="Sekretariat").first()
    if secretariat is not None:
        secretariat.permissions.remove(
            *secretariat.permissions.filter(codename__in=[c for _, c in CODENAMES])
        )


class Migration(migrations.Migration):
    dependencies = [
        ("meetings", "0006_meeting_life"),
        ("admin", "0003_logentry_add_action_flag_choices"),
        ("axes", "0010_accessattemptexpiration"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
