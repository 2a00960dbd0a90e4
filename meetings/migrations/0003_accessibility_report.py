"""Visitors' reports from the accessibility statement, and the groups' permissions on them.

0002 gave the groups the permissions that existed then; the new model's permissions are
added here the same way. Only the secretariat handles reports: they may hold a visitor's
contact details, which members have no need to see (GDPR).
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations, models

GROUP_CODENAMES = {
    "Sekretariat": [
        "add_accessibilityreport",
        "change_accessibilityreport",
        "delete_accessibilityreport",
        "view_accessibilityreport",
    ],
}


def grant_permissions(apps, schema_editor):
    app_config = apps.get_app_config("meetings")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, codenames in GROUP_CODENAMES.items():
        group = Group.objects.filter(name=name).first()
        if group is not None:
            group.permissions.add(
                *Permission.objects.filter(
                    content_type__app_label="meetings", codename__in=codenames
                )
            )


def revoke_permissions(apps, schema_editor):
    Permission = apps.get_model("auth", "Permission")
    Permission.objects.filter(
        content_type__app_label="meetings", codename__endswith="_accessibilityreport"
    ).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("meetings", "0002_groups"),
    ]

    operations = [
        migrations.CreateModel(
            name="AccessibilityReport",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "page_url",
                    models.CharField(
                        blank=True,
                        help_text="Adress eller namn på sidan, om problemet gäller en viss sida.",
                        max_length=500,
                        verbose_name="sida",
                    ),
                ),
                (
                    "description",
                    models.TextField(
                        help_text="Beskriv vad du försökte göra och vad som inte fungerade.",
                        max_length=5000,
                        verbose_name="beskrivning av problemet",
                    ),
                ),
                (
                    "contact",
                    models.CharField(
                        blank=True,
                        help_text="E-post eller telefon om du vill ha svar.",
                        max_length=200,
                        verbose_name="kontaktuppgift",
                    ),
                ),
                ("created_at", models.DateTimeField(auto_now_add=True, verbose_name="inkommen")),
                (
                    "handled",
                    models.BooleanField(
                        default=False,
                        help_text="Markera när sekretariatet har hanterat rapporten.",
                        verbose_name="hanterad",
                    ),
                ),
            ],
            options={
                "verbose_name": "rapport om tillgänglighet",
                "verbose_name_plural": "rapporter om tillgänglighet",
                "ordering": ["-created_at"],
            },
        ),
        migrations.RunPython(grant_permissions, revoke_permissions),
    ]
