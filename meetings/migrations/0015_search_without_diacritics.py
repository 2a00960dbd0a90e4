"""Search for words typed without diacritics: a second search index, without them.

On PostgreSQL: the `unaccent` extension and a text search configuration `swedish_unaccent`
(`swedish` with unaccent before the Swedish stemmer, for words with letters outside ASCII),
through which headlines mark words typed without diacritics in the text as written; a
second stored tsvector of each paragraph, its lexemes folded, kept by the triggers of
`meetings.search.postgresql_index_sql()`, which now touch a paragraph once per statement
that writes its points and motions rather than once per row; and a GIN index on it. On
SQLite the column exists and stays empty: the fallback search matches the accented forms
in its regular expressions (`meetings.search.folding`).
"""

import django.contrib.postgres.search
from django.contrib.postgres.operations import UnaccentExtension
from django.db import migrations

CONFIGURATION = [
    "CREATE TEXT SEARCH CONFIGURATION swedish_unaccent (COPY = pg_catalog.swedish)",
    """
    ALTER TEXT SEARCH CONFIGURATION swedish_unaccent
    ALTER MAPPING FOR hword, hword_part, word WITH unaccent, swedish_stem
    """,
]


def on_postgresql(statements):
    def operation(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            for statement in statements() if callable(statements) else statements:
                schema_editor.execute(statement)

    return operation


def index_sql():
    from meetings.search import postgresql_index_sql

    return [
        *postgresql_index_sql(),
        """
        CREATE INDEX meetings_agendaitem_search_vector_unaccented_gin
        ON meetings_agendaitem USING gin (search_vector_unaccented)
        """,
    ]


def previous_index_sql():
    from meetings.search import postgresql_index_sql

    return [
        "DROP INDEX IF EXISTS meetings_agendaitem_search_vector_unaccented_gin",
        *postgresql_index_sql(unaccented=False),
        "DROP FUNCTION IF EXISTS meetings_agendaitem_search_vector_touch_rows()",
    ]


class Migration(migrations.Migration):
    dependencies = [
        ("meetings", "0014_indexes"),
    ]

    operations = [
        # Runs on PostgreSQL only (Django skips it elsewhere).
        UnaccentExtension(),
        migrations.RunPython(
            on_postgresql(CONFIGURATION),
            on_postgresql(["DROP TEXT SEARCH CONFIGURATION IF EXISTS swedish_unaccent"]),
        ),
        migrations.AddField(
            model_name="agendaitem",
            name="search_vector_unaccented",
            field=django.contrib.postgres.search.SearchVectorField(
                editable=False,
                null=True,
                serialize=False,
                verbose_name="sökindex utan diakritiska tecken",
            ),
        ),
        migrations.RunPython(on_postgresql(index_sql), on_postgresql(previous_index_sql)),
    ]
