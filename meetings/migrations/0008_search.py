"""Full-text search of paragraphs (/sok/).

On PostgreSQL: a tsvector per paragraph in the `swedish` configuration, weighted title (A),
text (B), decision points and motions (C), kept up to date by triggers, so that the index
can never lag behind a correction; a GIN index on it; and pg_trgm for "did you mean".
On SQLite the column exists and stays empty: the fallback search reads the text itself.
"""

import django.contrib.postgres.search
from django.contrib.postgres.operations import TrigramExtension
from django.db import migrations

POSTGRESQL_FORWARDS = [
    # The paragraph's document: the same parts as the snippet of the search page, in a
    # fixed order, so that the same protocol always gives the same vector.
    """
    CREATE FUNCTION meetings_agendaitem_search_vector(bigint, text, text)
    RETURNS tsvector LANGUAGE sql STABLE AS $$
        SELECT setweight(to_tsvector('swedish', coalesce($2, '')), 'A')
            || setweight(to_tsvector('swedish', coalesce($3, '')), 'B')
            || setweight(to_tsvector('swedish', coalesce((
                SELECT string_agg(part.text, ' ' ORDER BY part.kind, part.position) FROM (
                    SELECT 1 AS kind, position, text
                    FROM decisions_decisionpoint WHERE agenda_item_id = $1
                    UNION ALL
                    SELECT 2, position, text FROM decisions_motion WHERE agenda_item_id = $1
                ) AS part
            ), '')), 'C')
    $$
    """,
    """
    CREATE FUNCTION meetings_agendaitem_search_vector_update() RETURNS trigger
    LANGUAGE plpgsql AS $$
    BEGIN
        NEW.search_vector := meetings_agendaitem_search_vector(NEW.id, NEW.title, NEW.text);
        RETURN NEW;
    END
    $$
    """,
    # Any write of the column itself recomputes it too, so the triggers below need only
    # touch it; Django's save() writes every column, so every save recomputes.
    """
    CREATE TRIGGER meetings_agendaitem_search_vector
    BEFORE INSERT OR UPDATE OF title, text, search_vector ON meetings_agendaitem
    FOR EACH ROW EXECUTE FUNCTION meetings_agendaitem_search_vector_update()
    """,
    """
    CREATE FUNCTION meetings_agendaitem_search_vector_touch() RETURNS trigger
    LANGUAGE plpgsql AS $$
    BEGIN
        IF TG_OP <> 'INSERT' THEN
            UPDATE meetings_agendaitem SET search_vector = NULL WHERE id = OLD.agenda_item_id;
        END IF;
        IF TG_OP = 'INSERT' OR NEW.agenda_item_id <> OLD.agenda_item_id THEN
            UPDATE meetings_agendaitem SET search_vector = NULL WHERE id = NEW.agenda_item_id;
        END IF;
        RETURN NULL;
    END
    $$
    """,
    """
    CREATE TRIGGER meetings_agendaitem_search_vector
    AFTER INSERT OR DELETE OR UPDATE OF text, agenda_item_id ON decisions_decisionpoint
    FOR EACH ROW EXECUTE FUNCTION meetings_agendaitem_search_vector_touch()
    """,
    """
    CREATE TRIGGER meetings_agendaitem_search_vector
    AFTER INSERT OR DELETE OR UPDATE OF text, agenda_item_id ON decisions_motion
    FOR EACH ROW EXECUTE FUNCTION meetings_agendaitem_search_vector_touch()
    """,
    "UPDATE meetings_agendaitem SET search_vector = NULL",
    """
    CREATE INDEX meetings_agendaitem_search_vector_gin
    ON meetings_agendaitem USING gin (search_vector)
    """,
]

POSTGRESQL_BACKWARDS = [
    "DROP INDEX IF EXISTS meetings_agendaitem_search_vector_gin",
    "DROP TRIGGER IF EXISTS meetings_agendaitem_search_vector ON decisions_motion",
    "DROP TRIGGER IF EXISTS meetings_agendaitem_search_vector ON decisions_decisionpoint",
    "DROP TRIGGER IF EXISTS meetings_agendaitem_search_vector ON meetings_agendaitem",
    "DROP FUNCTION IF EXISTS meetings_agendaitem_search_vector_touch()",
    "DROP FUNCTION IF EXISTS meetings_agendaitem_search_vector_update()",
    "DROP FUNCTION IF EXISTS meetings_agendaitem_search_vector(bigint, text, text)",
]


def run_on_postgresql(statements):
    def operation(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            for statement in statements:
                schema_editor.execute(statement)

    return operation


class Migration(migrations.Migration):
    dependencies = [
        ("meetings", "0007_audit_permission"),
        # The triggers read decision points and motions.
        ("decisions", "0002_meeting_life"),
    ]

    operations = [
        # Runs on PostgreSQL only (Django skips it elsewhere).
        TrigramExtension(),
        migrations.AddField(
            model_name="agendaitem",
            name="search_vector",
            field=django.contrib.postgres.search.SearchVectorField(
                editable=False, null=True, serialize=False, verbose_name="sökindex"
            ),
        ),
        migrations.RunPython(
            run_on_postgresql(POSTGRESQL_FORWARDS), run_on_postgresql(POSTGRESQL_BACKWARDS)
        ),
    ]
