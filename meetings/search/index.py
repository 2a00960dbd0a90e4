"""What a paragraph is searched by, and PostgreSQL's stored index of it.

`SEARCHED_PARTS` names the parts and their weights for both engines. PostgreSQL stores two
tsvectors of each paragraph, the text as written in the `swedish` configuration and the
same lexemes without diacritics (`vector_for`), kept up to date by the triggers that
`postgresql_index_sql()` writes. A change of either needs a migration that installs the SQL
again (as 0009 and 0015 do).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import models
from django.db.models import Exists, OuterRef, Q

from meetings.models import AgendaItem


@dataclass(frozen=True)
class SearchedPart:
    """A part of a paragraph that search reads, and the weight of a hit in it.

    `name` is a text field of AgendaItem or a relation to rows with a `text` and a
    `position` (proposal and decision points, motions). `weight` is PostgreSQL's label;
    `rank` what ts_rank gives it by default, which the SQLite ranking uses too.
    """

    name: str
    weight: str

    @property
    def rank(self) -> float:
        return {"A": 1.0, "B": 0.4, "C": 0.2, "D": 0.1}[self.weight]

    @property
    def is_field(self) -> bool:
        """A field of the paragraph itself, rather than related rows."""
        return not AgendaItem._meta.get_field(self.name).is_relation

    @property
    def rows(self) -> models.QuerySet:
        """The related rows of all paragraphs (for a part that is not a field)."""
        model = AgendaItem._meta.get_field(self.name).related_model
        if not isinstance(model, type):
            raise TypeError(f"{self.name} is a field of the paragraph")
        return model._default_manager.all()

    def matches(self, pattern: str) -> Q:
        """Paragraphs whose part matches a regular expression (SQLite's search)."""
        if self.is_field:
            return Q(**{f"{self.name}__iregex": pattern})
        return Q(Exists(self.rows.filter(agenda_item=OuterRef("pk"), text__iregex=pattern)))


#: What a paragraph is found by: the title above the text, the text above the rest.
SEARCHED_PARTS = (
    SearchedPart("title", "A"),
    SearchedPart("text", "B"),
    SearchedPart("proposal_points", "C"),
    SearchedPart("decision_points", "C"),
    SearchedPart("motions", "C"),
)


def vector_for(typed_without_diacritics: bool) -> str:
    """The stored tsvector that a term is matched in: one typed without diacritics in the
    text without them, any other in the text as written. Both hold `swedish` lexemes, and
    a query of either is in that configuration."""
    return "search_vector_unaccented" if typed_without_diacritics else "search_vector"


def unaccented_vector_sql(vector: str) -> str:
    """SQL for a tsvector without diacritics from `vector`: the lexemes folded by
    `unaccent` (in one pass over the vector's text form, which leaves its quotes,
    positions and weights alone), lexemes that become equal merged. It reads no text of
    the paragraph a second time, so a write costs about what it did with one vector; a
    Swedish stem folded is the stem of the word folded (but for the rare -löst, which the
    stemmer cuts to lös)."""
    return f"unaccent({vector}::text)::tsvector"


def postgresql_index_sql(unaccented: bool = True) -> list[str]:
    """The SQL that keeps each paragraph's tsvectors up to date from `SEARCHED_PARTS`.

    A function builds the vector from the paragraph's own fields (its arguments) and its
    related rows, and the vector without diacritics from it; a trigger recomputes them
    whenever the paragraph is written, and triggers on the related tables touch the
    paragraph once per statement that changes its rows. With `unaccented` false, the SQL
    of migration 0009 instead: one vector, a touch per row. Every statement replaces what
    it finds, so running them again is safe.
    """
    fields = [part for part in SEARCHED_PARTS if part.is_field]
    related = [part for part in SEARCHED_PARTS if not part.is_field]
    arguments = ", ".join(["bigint"] + ["text"] * len(fields))
    columns = ", ".join(part.name for part in fields)
    derived = (
        f"NEW.search_vector_unaccented := {unaccented_vector_sql('NEW.search_vector')};"
        if unaccented
        else ""
    )
    statements = [
        f"""
        CREATE OR REPLACE FUNCTION meetings_agendaitem_search_vector({arguments})
        RETURNS tsvector LANGUAGE sql STABLE AS $$
            SELECT {" || ".join(_weighted_vectors("swedish", fields, related))}
        $$
        """,
        f"""
        CREATE OR REPLACE FUNCTION meetings_agendaitem_search_vector_update() RETURNS trigger
        LANGUAGE plpgsql AS $$
        BEGIN
            NEW.search_vector := meetings_agendaitem_search_vector(
                NEW.id, {", ".join(f"NEW.{part.name}" for part in fields)}
            );
            {derived}
            RETURN NEW;
        END
        $$
        """,
        # Any write of search_vector itself recomputes every vector, so the triggers below
        # need only touch it; Django's save() writes every column, so every save recomputes.
        "DROP TRIGGER IF EXISTS meetings_agendaitem_search_vector ON meetings_agendaitem",
        f"""
        CREATE TRIGGER meetings_agendaitem_search_vector
        BEFORE INSERT OR UPDATE OF {columns}, search_vector ON meetings_agendaitem
        FOR EACH ROW EXECUTE FUNCTION meetings_agendaitem_search_vector_update()
        """,
        """
        CREATE OR REPLACE FUNCTION meetings_agendaitem_search_vector_touch() RETURNS trigger
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
    ]
    if unaccented:
        statements.append(_TOUCH_ROWS_SQL)
    for part in related:
        table = part.rows.model._meta.db_table
        statements += [
            f"DROP TRIGGER IF EXISTS meetings_agendaitem_search_vector{suffix} ON {table}"
            for suffix in ("", *_STATEMENT_TRIGGERS)
        ]
        statements += _touch_per_statement(table) if unaccented else [_touch_per_row(table)]
    # Recompute every stored vector with the parts as they are now.
    return [*statements, "UPDATE meetings_agendaitem SET search_vector = NULL"]


#: The statement-level triggers on a related table, by name suffix: event and the
#: transition tables it sees (PostgreSQL allows them only on triggers of one event).
_STATEMENT_TRIGGERS = {
    "_inserted": ("INSERT", "NEW TABLE AS new_rows"),
    "_updated": ("UPDATE", "OLD TABLE AS old_rows NEW TABLE AS new_rows"),
    "_deleted": ("DELETE", "OLD TABLE AS old_rows"),
}

#: Touches each paragraph once per statement: a bulk insert of a paragraph's points then
#: recomputes its vectors once, not once per point (migration 0015; before, per row).
_TOUCH_ROWS_SQL = """
CREATE OR REPLACE FUNCTION meetings_agendaitem_search_vector_touch_rows() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        UPDATE meetings_agendaitem SET search_vector = NULL
        WHERE id IN (SELECT agenda_item_id FROM new_rows);
    ELSIF TG_OP = 'DELETE' THEN
        UPDATE meetings_agendaitem SET search_vector = NULL
        WHERE id IN (SELECT agenda_item_id FROM old_rows);
    ELSE
        -- Only rows whose text or paragraph changed: a version bump searches nothing new.
        UPDATE meetings_agendaitem SET search_vector = NULL WHERE id IN (
            SELECT changed.agenda_item_id FROM (
                SELECT was.agenda_item_id AS old_item, now.agenda_item_id AS new_item
                FROM old_rows AS was JOIN new_rows AS now ON now.id = was.id
                WHERE now.text IS DISTINCT FROM was.text
                   OR now.agenda_item_id <> was.agenda_item_id
            ) AS pair, LATERAL (VALUES (pair.old_item), (pair.new_item)) AS changed(agenda_item_id)
        );
    END IF;
    RETURN NULL;
END
$$
"""


def _touch_per_statement(table: str) -> list[str]:
    return [
        f"""
        CREATE TRIGGER meetings_agendaitem_search_vector{suffix}
        AFTER {event} ON {table} REFERENCING {tables}
        FOR EACH STATEMENT EXECUTE FUNCTION meetings_agendaitem_search_vector_touch_rows()
        """
        for suffix, (event, tables) in _STATEMENT_TRIGGERS.items()
    ]


def _touch_per_row(table: str) -> str:
    """The trigger of migration 0009: a touch per written row."""
    return f"""
        CREATE TRIGGER meetings_agendaitem_search_vector
        AFTER INSERT OR DELETE OR UPDATE OF text, agenda_item_id ON {table}
        FOR EACH ROW EXECUTE FUNCTION meetings_agendaitem_search_vector_touch()
        """


def _weighted_vectors(
    config: str, fields: list[SearchedPart], related: list[SearchedPart]
) -> list[str]:
    """The weighted tsvectors of the parts, in one configuration, for a function's body."""
    # Configurations, table names and weights: constants of this package, no input.
    return [
        f"setweight(to_tsvector('{config}', coalesce(${n}, '')), '{part.weight}')"
        for n, part in enumerate(fields, start=2)
    ] + [
        f"setweight(to_tsvector('{config}', coalesce((SELECT string_agg(text, ' ' ORDER BY "  # nosec B608
        f"position) FROM {part.rows.model._meta.db_table} WHERE agenda_item_id = $1), "
        f"'')), '{part.weight}')"
        for part in related
    ]
