"""The search index from `meetings.search.SEARCHED_PARTS`, proposal points included.

The SQL is written by `meetings.search.postgresql_index_sql()`, the one definition of what
a paragraph is searched by and how much each part weighs; every statement replaces what
0008_search installed, and the stored vectors are recomputed. A later change of the parts
gets a migration like this one. On SQLite there is nothing to install.
"""

from django.db import migrations


def install(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    from meetings.search import postgresql_index_sql

    # The one index of the time; 0015 adds the one without diacritics.
    for statement in postgresql_index_sql(unaccented=False):
        schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [
        ("meetings", "0008_search"),
        ("decisions", "0002_meeting_life"),
    ]

    operations = [migrations.RunPython(install, migrations.RunPython.noop)]
