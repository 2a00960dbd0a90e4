"""Search (/sok/): the query syntax, matching paragraphs, ranking, snippets, suggestions.

Paragraphs are searched by `search()` and matched by `paragraph_matches()` (the free-text
filters of /moten/ and /beslut/ use it too); agreements and people, small tables, by
`SearchTerms.filter()`. What a paragraph is searched by, and how much each part weighs, is
`SEARCHED_PARTS`, for both engines:

- PostgreSQL matches a stored tsvector in the `swedish` configuration, kept up to date by
  triggers that `postgresql_index_sql()` writes from `SEARCHED_PARTS` (installed by
  migration 0010; a change of the parts needs a migration that installs them again);
- SQLite, the embedded default, matches the Swedish stems of the query's words at the start
  of words of the texts themselves, with the same weights.
"""

from __future__ import annotations

import difflib
import hashlib
import operator
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import reduce

import snowballstemmer
from django.conf import settings
from django.contrib.postgres.search import (
    SearchHeadline,
    SearchQuery,
    SearchRank,
    TrigramSimilarity,
    TrigramWordSimilarity,
)
from django.db import connections, models
from django.db.models import Case, Exists, F, OuterRef, Q, Subquery, Value, When
from django.db.models.functions import Coalesce, Concat
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from agreements.models import Agreement
from meetings.models import AgendaItem, Body, Organisation, Person, PersonAlias, Topic
from svom.middleware import current_generation, page_cache


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

#: A query is cut after this many words: enough for any real question, and a bound on the
#: work that an absurd query can ask of the database.
SEARCH_MAX_WORDS = 12
#: A longer run of letters is no word (PostgreSQL refuses query words over 2,047 bytes).
SEARCH_MAX_WORD_LENGTH = 50
#: What ts_headline puts around a hit. Private-use characters do not occur in protocol text,
#: so once the headline is escaped these are the only places where a <mark> may go.
HIT_START, HIT_END = "\ue000", "\ue001"
#: How close a known name must be to be suggested, on PostgreSQL: its trigram similarity to
#: the query plus the query's word similarity to it (0 to 2). The second finds a surname in
#: a full name, the first prefers Hemsjukvård to Hemsjukvårdsavtalet for "hemsjukvrd".
SUGGESTION_MIN_SIMILARITY = 1.0

_QUERY_TOKEN = re.compile(r'(-?)(?:"([^"]*)"?|(\S+))')
_WORD = re.compile(r"[^\W_]+")
_OR = {"or", "eller"}


@dataclass(frozen=True)
class SearchTerm:
    """A word of a query, or the words of a quoted or hyphenated phrase, and their stems."""

    words: tuple[str, ...]
    stems: tuple[str, ...]

    def pattern(self, stem: bool = True) -> str:
        """A regular expression, for Python and PostgreSQL alike, for the term in a text.

        Words are runs of letters and digits, so they need no escaping. Each matches the
        start of a word of the text, as a prefix in a tsquery does: the stem avtal finds
        avtalet, avtalen and avtalsperioden, hemsjukvård finds Hemsjukvårdsavtalet. The
        words of a phrase follow each other.
        """
        return r"(^|\W)" + r"\w*\W+".join(self.stems if stem else self.words)

    def exact_pattern(self) -> str:
        """The term as typed, as whole words."""
        return r"(^|\W)" + r"\W+".join(self.words) + r"(\W|$)"

    def tsquery(self) -> str:
        """The term for PostgreSQL's to_tsquery(): each word also as a prefix (word:*)."""
        return "(" + " <-> ".join(f"{word}:*" for word in self.words) + ")"


class SearchTerms:
    """A visitor's query in web search syntax: words, "phrases", -exclusions and OR.

    The syntax of PostgreSQL's websearch_to_tsquery, parsed here because the portal also
    matches words as prefixes (hemsjukvård finds Hemsjukvårdsavtalet), which that function
    cannot express, and because SQLite has no such parser. Only runs of letters and digits
    survive parsing: nothing a visitor types reaches SQL, a tsquery or a regular expression
    as syntax.
    """

    def __init__(self, text: str) -> None:
        stemmer = snowballstemmer.stemmer("swedish")
        #: Each group must match, through any one of its terms: "a OR b c" is two groups.
        self.groups: list[list[SearchTerm]] = []
        #: None of these may match.
        self.excluded: list[SearchTerm] = []
        words_left, either = SEARCH_MAX_WORDS, False
        for minus, quoted, bare in _QUERY_TOKEN.findall(text):
            if not minus and bare.lower() in _OR:
                either = bool(self.groups)
                continue
            words = [
                word.lower()
                for word in _WORD.findall(quoted or bare)
                if len(word) <= SEARCH_MAX_WORD_LENGTH
            ][:words_left]
            if not words:
                continue
            words_left -= len(words)
            term = SearchTerm(tuple(words), tuple(stemmer.stemWords(words)))
            if minus:
                self.excluded.append(term)
            elif either:
                self.groups[-1].append(term)
            else:
                self.groups.append([term])
            either = False
            if not words_left:
                break

    def __bool__(self) -> bool:
        return bool(self.groups)

    @property
    def terms(self) -> list[SearchTerm]:
        """The terms that must or may match."""
        return [term for group in self.groups for term in group]

    @property
    def words(self) -> list[str]:
        """The words of the terms that must or may match, as typed."""
        return [word for term in self.terms for word in term.words]

    def tsquery(self) -> str:
        """The query for PostgreSQL's to_tsquery(): each word also as a prefix (word:*)."""
        return " & ".join(
            ["(" + " | ".join(term.tsquery() for term in group) + ")" for group in self.groups]
            + ["!" + term.tsquery() for term in self.excluded]
        )

    def exact_tsquery(self) -> str:
        """Any of the words as typed, without prefixes: ranks exact lexemes above prefix hits."""
        return " | ".join(self.words)

    def q(self, match: Callable[[SearchTerm], Q]) -> Q:
        """The query as a condition; `match` says where one term is found."""
        condition = Q()
        for group in self.groups:
            condition &= reduce(operator.or_, (match(term) for term in group))
        for term in self.excluded:
            condition &= ~match(term)
        return condition

    def score(
        self, fields: Sequence[tuple[float, Callable[[str], Q]]], stem: bool = True
    ) -> models.Expression:
        """A relevance: for each term, the weight of each field it is found in, half as
        much again where it stands as typed, as a whole word."""
        return reduce(
            operator.add,
            (
                Case(
                    When(match(term.exact_pattern()), then=Value(weight * 1.5)),
                    When(match(term.pattern(stem)), then=Value(weight)),
                    default=Value(0.0),
                )
                for term in self.terms
                for weight, match in fields
            ),
        )

    def filter(
        self,
        queryset: models.QuerySet,
        fields: Sequence[tuple[float, Callable[[str], Q]]],
        stem: bool = True,
    ) -> models.QuerySet:
        """The rows of `queryset` that match in any of the weighted `fields`, with a
        `search_rank` to order by. For small tables: a regular expression per row, no index.
        """

        def anywhere(pattern: str) -> Q:
            return reduce(operator.or_, (match(pattern) for _, match in fields))

        condition = self.q(lambda term: anywhere(term.pattern(stem)))
        return queryset.filter(condition).alias(search_rank=self.score(fields, stem))

    def highlight(self, text: str) -> SafeString:
        """`text`, escaped, with each word that a term matches in <mark>."""
        hits = self._hits()
        html, end = [], 0
        for hit in hits.finditer(text) if hits else ():
            html += [escape(text[end : hit.start()]), "<mark>", escape(hit.group()), "</mark>"]
            end = hit.end()
        html.append(escape(text[end:]))
        return mark_safe("".join(html))  # nosec B308 B703 - every piece escaped above

    def excerpt(self, text: str, length: int = 240) -> SafeString:
        """About `length` characters of `text` around its first hit, highlighted."""
        hits = self._hits()
        first = hits.search(text) if hits else None
        hit_start, hit_end = first.span() if first else (0, 0)
        start = max(0, hit_start - length // 3)
        end = max(start + length, hit_end)
        # Begin and end on whole words, and never cut the hit.
        if start > 0:
            start = text.find(" ", start, hit_start) + 1 or start
        if end < len(text):
            space = text.rfind(" ", hit_end, end + 1)
            end = space if space > 0 else end
        excerpt = self.highlight(" ".join(text[start:end].split()))
        # The excerpt is highlight()'s escaped text; the ellipses are constants.
        ellipsis_before, ellipsis_after = ("… " if start else ""), (" …" if end < len(text) else "")
        return mark_safe(ellipsis_before + excerpt + ellipsis_after)  # nosec B308 B703

    def snippet(self, item: AgendaItem) -> SafeString:
        """Why a paragraph from search() matched: its hits in context."""
        if hasattr(item, "search_headline"):
            return self.marked(item.search_headline)
        return self.excerpt(getattr(item, "search_document", item.text))

    def title(self, item: AgendaItem) -> SafeString:
        """The title of a paragraph from search(), its hits marked."""
        if hasattr(item, "search_title"):
            return self.marked(item.search_title)
        return self.highlight(item.title)

    @staticmethod
    def marked(headline: str) -> SafeString:
        """ts_headline's output escaped, and its hits, and nothing else, in <mark>."""
        html = re.sub(f"{HIT_START}(.*?){HIT_END}", r"<mark>\1</mark>", str(escape(headline)))
        return mark_safe(html.replace(HIT_START, "").replace(HIT_END, ""))  # nosec B308 B703

    def _hits(self) -> re.Pattern[str] | None:
        patterns = [r"\b" + r"\w*\W+".join(term.stems) + r"\w*" for term in self.terms]
        return re.compile("|".join(patterns), re.IGNORECASE) if patterns else None


def search(items: models.QuerySet[AgendaItem], query: str | SearchTerms) -> models.QuerySet:
    """Paragraphs of `items` that match a query in web search syntax, best first.

    Call it on `AgendaItem.objects.visible_to(user)`: matching, counting and snippets then
    see only what the user may read. Each paragraph carries what `SearchTerms.snippet()`
    and `.title()` show (see `with_snippets`).
    """
    terms = query if isinstance(query, SearchTerms) else SearchTerms(query)
    if not terms:
        return items.none()
    return with_snippets(ranked(items, terms), terms)


def ranked(items: models.QuerySet[AgendaItem], terms: SearchTerms) -> models.QuerySet:
    """The paragraphs of `items` that match `terms`, best first, without their snippets."""
    if connections[items.db].vendor == "postgresql":
        return _ranked_postgresql(items, terms)
    return _ranked_sqlite(items, terms)


def with_snippets(items: models.QuerySet[AgendaItem], terms: SearchTerms) -> models.QuerySet:
    """`items` with what shows why each matched: PostgreSQL's ts_headline of the title
    (`search_title`) and of the text (`search_headline`), which the database computes only
    for the rows fetched; on SQLite the text that was searched (`search_document`)."""
    if connections[items.db].vendor != "postgresql":
        return items.annotate(search_document=_document())
    matches = SearchQuery(terms.tsquery(), config="swedish", search_type="raw")
    return items.annotate(
        search_title=SearchHeadline(
            "title",
            matches,
            config="swedish",
            start_sel=HIT_START,
            stop_sel=HIT_END,
            highlight_all=True,
        ),
        search_headline=SearchHeadline(
            _document(),
            matches,
            max_words=30,
            min_words=12,
            max_fragments=2,
            fragment_delimiter=" … ",
            config="swedish",
            start_sel=HIT_START,
            stop_sel=HIT_END,
        ),
    )


def cached_ids(queryset: models.QuerySet, key: object) -> list[int]:
    """The primary keys of `queryset` in its order, from the shared cache when a request
    with the same `key` (the normalised query, its filters and who asks) has already asked
    in the site's current generation, so that the same search is ranked once per change of
    the data, whatever page of it, spelling of it or visitor asks."""
    if not settings.PAGE_CACHE:
        return list(queryset.values_list("pk", flat=True))
    digest = hashlib.sha256(repr((current_generation(), key)).encode()).hexdigest()
    cache_key = f"search:{digest}"
    ids = page_cache().get(cache_key)
    if ids is None:
        ids = list(queryset.values_list("pk", flat=True))
        page_cache().set(cache_key, ids, settings.PAGE_CACHE_SECONDS)
    return ids


def paragraph_matches(term: SearchTerm, using: str = "default") -> Q:
    """The paragraphs in which one term is found, as a condition on AgendaItem."""
    if connections[using].vendor == "postgresql":
        return Q(search_vector=SearchQuery(term.tsquery(), config="swedish", search_type="raw"))
    return reduce(operator.or_, (part.matches(term.pattern()) for part in SEARCHED_PARTS))


_ORDER = ("-search_rank", "-meeting__date", "position")
#: A common word is in tens of thousands of paragraphs; ranking and counting every one
#: costs seconds. Only the newest this many hits are ranked and counted, and the page says
#: "more than" (`hits_capped` in the search page's context).
MAX_HITS = 1000
#: People whose names match, at most, before the visibility rule is applied to them.
MAX_PEOPLE = 500


def _ranked_postgresql(items: models.QuerySet, terms: SearchTerms) -> models.QuerySet:
    """The stored tsvector, an exact lexeme ranked above a prefix hit."""
    matches = SearchQuery(terms.tsquery(), config="swedish", search_type="raw")
    exact = SearchQuery(terms.exact_tsquery(), config="swedish", search_type="raw")
    return (
        _newest(items, items.filter(search_vector=matches))
        # One ts_rank over the hits' words both as typed and as prefixes: a word that is
        # there exactly counts twice. (One call: each unpacks the vector.)
        .alias(search_rank=SearchRank(F("search_vector"), exact | matches))
        .order_by(*_ORDER)
    )


def _ranked_sqlite(items: models.QuerySet, terms: SearchTerms) -> models.QuerySet:
    """Regular expressions over the parts, weighted as on PostgreSQL."""
    parts = [(part.rank, part.matches) for part in SEARCHED_PARTS]
    candidates = _newest(items, terms.filter(items, parts))
    return terms.filter(candidates, parts).order_by(*_ORDER)


def _newest(items: models.QuerySet, hits: models.QuerySet) -> models.QuerySet:
    """The newest MAX_HITS of `hits`, as a narrowing of `items` to rank and count.

    Sorting hits by date reads no text (no tsvector on PostgreSQL), so it stays cheap for
    many hits; the ranking then runs on at most MAX_HITS of them.
    """
    newest = hits.order_by("-meeting__date", "-pk").values("pk")[:MAX_HITS]
    return items.filter(pk__in=newest)


def _document() -> Concat:
    """The searched texts apart from the title, in order, for snippets."""
    texts: list[F | Coalesce] = []
    for part in SEARCHED_PARTS[1:]:
        if part.is_field:
            texts.append(F(part.name))
            continue
        joined = (
            part.rows.filter(agenda_item=OuterRef("pk"))
            .order_by()
            .values("agenda_item")
            .annotate(joined=_JoinedText("text"))
            .values("joined")
        )
        texts.append(Coalesce(Subquery(joined), Value(""), output_field=models.TextField()))
    separated: list[F | Coalesce | Value] = [texts[0]]
    for text in texts[1:]:
        separated += [Value("\n\n"), text]
    return Concat(*separated, output_field=models.TextField())


def postgresql_index_sql() -> list[str]:
    """The SQL that keeps each paragraph's tsvector up to date from `SEARCHED_PARTS`.

    A function builds the vector from the paragraph's own fields (its arguments) and its
    related rows; a trigger recomputes it whenever the paragraph is written, and triggers
    on the related tables touch the paragraph when one of its rows changes. Every
    statement replaces what it finds, so running them again is safe.
    """
    fields = [part for part in SEARCHED_PARTS if part.is_field]
    related = [part for part in SEARCHED_PARTS if not part.is_field]
    vectors = [
        f"setweight(to_tsvector('swedish', coalesce(${n}, '')), '{part.weight}')"
        for n, part in enumerate(fields, start=2)
    ] + [
        # Table names and weights of SEARCHED_PARTS, constants of this module: no input.
        "setweight(to_tsvector('swedish', coalesce((SELECT string_agg(text, ' ' ORDER BY "  # nosec B608
        f"position) FROM {part.rows.model._meta.db_table} WHERE agenda_item_id = $1), "
        f"'')), '{part.weight}')"
        for part in related
    ]
    arguments = ", ".join(["bigint"] + ["text"] * len(fields))
    columns = ", ".join(part.name for part in fields)
    statements = [
        f"""
        CREATE OR REPLACE FUNCTION meetings_agendaitem_search_vector({arguments})
        RETURNS tsvector LANGUAGE sql STABLE AS $$
            SELECT {" || ".join(vectors)}
        $$
        """,
        f"""
        CREATE OR REPLACE FUNCTION meetings_agendaitem_search_vector_update() RETURNS trigger
        LANGUAGE plpgsql AS $$
        BEGIN
            NEW.search_vector := meetings_agendaitem_search_vector(
                NEW.id, {", ".join(f"NEW.{part.name}" for part in fields)}
            );
            RETURN NEW;
        END
        $$
        """,
        # Any write of the column itself recomputes it too, so the triggers below need
        # only touch it; Django's save() writes every column, so every save recomputes.
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
    for part in related:
        table = part.rows.model._meta.db_table
        statements += [
            f"DROP TRIGGER IF EXISTS meetings_agendaitem_search_vector ON {table}",
            f"""
            CREATE TRIGGER meetings_agendaitem_search_vector
            AFTER INSERT OR DELETE OR UPDATE OF text, agenda_item_id ON {table}
            FOR EACH ROW EXECUTE FUNCTION meetings_agendaitem_search_vector_touch()
            """,
        ]
    # Recompute every stored vector with the parts as they are now.
    return [*statements, "UPDATE meetings_agendaitem SET search_vector = NULL"]


def spelling_suggestion(terms: SearchTerms, user=None, using: str = "default") -> str | None:
    """The known name nearest to the query's words, for "Menade du ...?" after no hits.

    Known names are those the user may see: topics and people by the visibility rule
    (`visible_to`), the other spellings of those people's names, and every body,
    organisation and agreement. PostgreSQL ranks them by trigram similarity (pg_trgm,
    migration 0008_search), SQLite by difflib; either way in one query.
    """
    text = " ".join(terms.words)
    if not text:
        return None
    people = Person.objects.visible_to(user)
    sources = [
        (Topic.objects.visible_to(user), "name"),
        (Body.objects.all(), "name"),
        (Organisation.objects.all(), "name"),
        (people, "name"),
        (PersonAlias.objects.filter(person__in=people), "name"),
        (Agreement.objects.all(), "short_name"),
    ]
    if connections[using].vendor == "postgresql":
        ranked = [
            queryset.using(using)
            .annotate(
                similarity=TrigramSimilarity(field, text) + TrigramWordSimilarity(text, field)
            )
            .filter(similarity__gt=SUGGESTION_MIN_SIMILARITY)
            .order_by()
            .values_list(field, "similarity")
            for queryset, field in sources
        ]
        best = list(ranked[0].union(*ranked[1:]).order_by("-similarity")[:1])
        suggestion = best[0][0] if best else None
    else:
        names = [queryset.using(using).order_by().values_list(field) for queryset, field in sources]
        # A name is found by its whole or by one of its longer words (a surname).
        candidates: dict[str, str] = {}
        for (name,) in names[0].union(*names[1:]):
            for key in [name, *(word for word in name.split() if len(word) > 3)]:
                candidates.setdefault(key.casefold(), name)
        close = difflib.get_close_matches(text.casefold(), candidates, n=1, cutoff=0.75)
        suggestion = candidates[close[0]] if close else None
    if suggestion is None or suggestion.casefold() == text.casefold():
        return None
    return suggestion


class _JoinedText(models.Aggregate):
    """Texts joined by blank lines: string_agg on PostgreSQL, group_concat on SQLite."""

    function = "STRING_AGG"
    output_field = models.TextField()

    def __init__(self, expression: str) -> None:
        super().__init__(expression, Value("\n\n"))

    def as_sqlite(self, compiler, connection, **extra_context):
        return self.as_sql(compiler, connection, function="GROUP_CONCAT", **extra_context)


def matching_agreements(terms: SearchTerms) -> models.QuerySet[Agreement]:
    """Agreements by their names above their description."""
    return terms.filter(
        Agreement.objects.all(),
        [
            (1.0, lambda pattern: Q(short_name__iregex=pattern) | Q(title__iregex=pattern)),
            (0.4, lambda pattern: Q(description__iregex=pattern)),
        ],
    ).order_by("-search_rank", "short_name")


def matching_people(terms: SearchTerms, user) -> models.QuerySet[Person]:
    """People the user may see, by name or another spelling of it; names are not stemmed."""
    spelled = PersonAlias.objects.filter(person=OuterRef("pk"))
    named = terms.filter(
        Person.objects.all(),
        [
            (1.0, lambda pattern: Q(name__iregex=pattern)),
            (0.5, lambda pattern: Q(Exists(spelled.filter(name__iregex=pattern)))),
        ],
        stem=False,
    )
    # The names first, then the visibility rule on those few people only: as one query,
    # PostgreSQL would check the rule for every person before the names.
    ids = list(named.order_by().values_list("pk", flat=True)[:MAX_PEOPLE])
    return terms.filter(
        Person.objects.visible_to(user).filter(pk__in=ids).select_related("organisation"),
        [
            (1.0, lambda pattern: Q(name__iregex=pattern)),
            (0.5, lambda pattern: Q(Exists(spelled.filter(name__iregex=pattern)))),
        ],
        stem=False,
    ).order_by("-search_rank", "name")
