"""Search (/sok/): matching paragraphs, ranking, snippets, suggestions.

Paragraphs are searched by `search()` and matched by `paragraph_matches()` (the free-text
filters of /moten/ and /beslut/ use it too); agreements and people, small tables, by
`SearchTerms.filter()`. The package's modules, each of its own concern:

- `terms`: the query syntax (`SearchTerms`), each term's tsquery and regular expressions,
  and the highlighting of hits;
- `folding`: words typed without diacritics ("hemsjukvard" finds Hemsjukvård, one way
  only: "väg" does not find vag), and the weight of such a hit;
- `index`: what a paragraph is searched by and how much each part weighs
  (`SEARCHED_PARTS`), and PostgreSQL's stored index of it.

PostgreSQL matches stored tsvectors, the text as written in the `swedish` configuration
and the same without diacritics (its headlines parse the text through `unaccent`), kept up
to date by triggers that `postgresql_index_sql()` writes (installed by migrations 0009 and
0015; a change of the parts needs a migration that installs them again). SQLite, the
embedded default, matches the Swedish stems of the query's words at the start of words of
the texts themselves, with the same weights.
"""

from __future__ import annotations

import difflib
import hashlib
import operator
from functools import reduce

from django.conf import settings
from django.contrib.postgres.search import (
    SearchHeadline,
    SearchQuery,
    SearchRank,
    TrigramSimilarity,
    TrigramWordSimilarity,
)
from django.db import connections, models
from django.db.models import Exists, F, Func, OuterRef, Q, Subquery, Value
from django.db.models.expressions import Combinable
from django.db.models.functions import Coalesce, Concat

from agreements.models import Agreement
from meetings.models import AgendaItem, Body, Organisation, Person, PersonAlias, Topic
from svom.middleware import current_generation, page_cache

from .folding import UNACCENTED_CONFIG, UNACCENTED_WEIGHT, fold
from .index import SEARCHED_PARTS, SearchedPart, postgresql_index_sql, vector_for
from .terms import (
    HIT_END,
    HIT_START,
    SEARCH_MAX_WORD_LENGTH,
    SEARCH_MAX_WORDS,
    SearchTerm,
    SearchTerms,
)

__all__ = [
    "HIT_END",
    "HIT_START",
    "MAX_HITS",
    "MAX_PEOPLE",
    "SEARCHED_PARTS",
    "SEARCH_MAX_WORDS",
    "SEARCH_MAX_WORD_LENGTH",
    "SearchTerm",
    "SearchTerms",
    "SearchedPart",
    "cached_ids",
    "matching_agreements",
    "matching_people",
    "paragraph_matches",
    "postgresql_index_sql",
    "ranked",
    "search",
    "spelling_suggestion",
    "with_snippets",
]


#: How close a known name must be to be suggested, on PostgreSQL: its trigram similarity to
#: the query plus the query's word similarity to it (0 to 2). The second finds a surname in
#: a full name, the first prefers Hemsjukvård to Hemsjukvårdsavtalet for "hemsjukvrd".
SUGGESTION_MIN_SIMILARITY = 1.0


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
    # A term typed without diacritics is marked where the text has them too: the headline
    # then parses the text through unaccent, and shows it as written.
    unaccented = any(term.typed_without_diacritics for term in terms.terms)
    config = UNACCENTED_CONFIG if unaccented else "swedish"
    matches = SearchQuery(terms.tsquery(), config=config, search_type="raw")
    return items.annotate(
        search_title=SearchHeadline(
            "title",
            matches,
            config=config,
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
            config=config,
            start_sel=HIT_START,
            stop_sel=HIT_END,
        ),
    )


#: Part of every key of cached results: a change of what a query finds (such as matching
#: words typed without diacritics) must not be answered from results ranked before it.
RESULTS_VERSION = 2


def cached_ids(queryset: models.QuerySet, key: object) -> list[int]:
    """The primary keys of `queryset` in its order, from the shared cache when a request
    with the same `key` (the normalised query, its filters and who asks) has already asked
    in the site's current generation, so that the same search is ranked once per change of
    the data, whatever page of it, spelling of it or visitor asks."""
    if not settings.PAGE_CACHE:
        return list(queryset.values_list("pk", flat=True))
    key = (RESULTS_VERSION, current_generation(), key)
    digest = hashlib.sha256(repr(key).encode()).hexdigest()
    cache_key = f"search:{digest}"
    ids = page_cache().get(cache_key)
    if ids is None:
        ids = list(queryset.values_list("pk", flat=True))
        page_cache().set(cache_key, ids, settings.PAGE_CACHE_SECONDS)
    return ids


def paragraph_matches(term: SearchTerm, using: str = "default") -> Q:
    """The paragraphs in which one term is found, as a condition on AgendaItem."""
    if connections[using].vendor == "postgresql":
        column = vector_for(term.typed_without_diacritics)
        return Q(**{column: SearchQuery(term.tsquery(), config="swedish", search_type="raw")})
    return reduce(operator.or_, (part.matches(term.pattern()) for part in SEARCHED_PARTS))


_ORDER = ("-search_rank", "-meeting__date", "position")
#: A common word is in tens of thousands of paragraphs; ranking and counting every one
#: costs seconds. Only the newest this many hits are ranked and counted, and the page says
#: "more than" (`hits_capped` in the search page's context).
MAX_HITS = 1000
#: People whose names match, at most, before the visibility rule is applied to them.
MAX_PEOPLE = 500


def _ranked_postgresql(items: models.QuerySet, terms: SearchTerms) -> models.QuerySet:
    """The stored tsvectors, an exact lexeme ranked above a prefix hit, and a hit as typed
    above one found only without diacritics."""
    matches = SearchQuery(terms.tsquery(), config="swedish", search_type="raw")
    exact = SearchQuery(terms.exact_tsquery(), config="swedish", search_type="raw")
    # One ts_rank over the hits' words both as typed and as prefixes: a word that is there
    # exactly counts twice. (One call: each unpacks the vector.)
    rank: Combinable = SearchRank(F("search_vector"), exact | matches)
    unaccented = [term for term in terms.terms if term.typed_without_diacritics]
    if unaccented:
        # Without diacritics the same words are there again, with those found only so.
        without = " | ".join(term.tsquery() for term in unaccented)
        rank = rank + Value(UNACCENTED_WEIGHT) * SearchRank(
            F("search_vector_unaccented"),
            SearchQuery(without, config="swedish", search_type="raw"),
        )
    hits = items.filter(terms.q(lambda term: paragraph_matches(term, items.db)))
    return _newest(items, hits).alias(search_rank=rank).order_by(*_ORDER)


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


def spelling_suggestion(terms: SearchTerms, user=None, using: str = "default") -> str | None:
    """The known name nearest to the query's words, for "Menade du ...?" after no hits.

    Known names are those the user may see: topics and people by the visibility rule
    (`visible_to`), the other spellings of those people's names, and every body,
    organisation and agreement. PostgreSQL ranks them by trigram similarity (pg_trgm,
    migration 0008_search), SQLite by difflib; either way in one query. A query typed
    without diacritics is compared with the names without them, and a name that differs
    from it only by them is no suggestion: the search has already looked for it.
    """
    text = " ".join(terms.words)
    if not text:
        return None
    unaccented = all(term.typed_without_diacritics for term in terms.terms)
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

        def compared(field: str) -> F | Func:
            return Func(F(field), function="unaccent") if unaccented else F(field)

        ranked = [
            queryset.using(using)
            .annotate(
                similarity=TrigramSimilarity(compared(field), text)
                + TrigramWordSimilarity(text, compared(field))
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
                candidates.setdefault((fold(key) if unaccented else key).casefold(), name)
        close = difflib.get_close_matches(text.casefold(), candidates, n=1, cutoff=0.75)
        suggestion = candidates[close[0]] if close else None
    if suggestion is None:
        return None
    if (fold(suggestion) if unaccented else suggestion).casefold() == text.casefold():
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
