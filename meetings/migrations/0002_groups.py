"""Create the two groups of the portal with their model permissions.

Ledamöter (members) may view everything, drafts and confidential items included.
Sekretariat (the secretariat) may add, change and delete too, and is staff in the admin.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

APPS = ["meetings", "decisions", "agreements"]
MEMBERS = "Ledamöter"
SECRETARIAT = "Sekretariat"


def create_groups(apps, schema_editor):
    # Permissions are normally created after all migrations have run; create them now so
    # that the groups can be given them on a fresh database.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    ours = Permission.objects.filter(content_type__app_label__in=APPS)

    members, _ = Group.objects.get_or_create(name=MEMBERS)
    members.permissions.set(
        ours.filter(codename__startswith="view_")
    )
    secretariat, _ = Group.objects.get_or_create(name=SECRETARIAT)
    secretariat.permissions.set(ours)


def remove_groups(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=[MEMBERS, SECRETARIAT]).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("meetings", "0001_initial"),
        ("decisions", "0001_initial"),
        ("agreements", "0001_initial"),
    ]

    operations = [migrations.RunPython(create_groups, remove_groups)]
