"""The query syntax of search (/sok/): terms, their regular expressions, highlighting.

What a visitor types becomes `SearchTerms`: groups of terms that must match, and terms that
must not. Each term gives a tsquery for PostgreSQL and regular expressions for SQLite and
for marking hits in Python; only runs of letters and digits reach any of them.
"""

from __future__ import annotations

import operator
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import reduce

import snowballstemmer
from django.db import models
from django.db.models import Case, Q, Value, When
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from meetings.models import AgendaItem

from .folding import UNACCENTED_WEIGHT, has_diacritics, letters

#: A query is cut after this many words: enough for any real question, and a bound on the
#: work that an absurd query can ask of the database.
SEARCH_MAX_WORDS = 12
#: A longer run of letters is no word (PostgreSQL refuses query words over 2,047 bytes).
SEARCH_MAX_WORD_LENGTH = 50
#: What ts_headline puts around a hit. Private-use characters do not occur in protocol text,
#: so once the headline is escaped these are the only places where a <mark> may go.
HIT_START, HIT_END = "\ue000", "\ue001"

_QUERY_TOKEN = re.compile(r'(-?)(?:"([^"]*)"?|(\S+))')
_WORD = re.compile(r"[^\W_]+")
_OR = {"or", "eller"}


@dataclass(frozen=True)
class SearchTerm:
    """A word of a query, or the words of a quoted or hyphenated phrase, and their stems."""

    words: tuple[str, ...]
    stems: tuple[str, ...]

    @property
    def typed_without_diacritics(self) -> bool:
        """No letter of the term has a diacritic, so it also finds the words with them
        (see `folding`): "hemsjukvard" finds Hemsjukvård, "väg" does not find vag."""
        return not any(has_diacritics(word) for word in self.words)

    def pattern(self, stem: bool = True, fold: bool = True) -> str:
        """A regular expression, for Python and PostgreSQL alike, for the term in a text.

        Words are runs of letters and digits, so they need no escaping. Each matches the
        start of a word of the text, as a prefix in a tsquery does: the stem avtal finds
        avtalet, avtalen and avtalsperioden, hemsjukvård finds Hemsjukvårdsavtalet. The
        words of a phrase follow each other. Typed without diacritics, and unless `fold`
        is false, its letters also match their accented forms.
        """
        words = self.stems if stem else self.words
        if fold and self.typed_without_diacritics:
            words = tuple(letters(word) for word in words)
        return r"(^|\W)" + r"\w*\W+".join(words)

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
        much again where it stands as typed, as a whole word, and only UNACCENTED_WEIGHT
        of it where it is found only without diacritics."""

        def relevance(term: SearchTerm, weight: float, match: Callable[[str], Q]) -> Case:
            found = [
                When(match(term.exact_pattern()), then=Value(weight * 1.5)),
                When(match(term.pattern(stem, fold=False)), then=Value(weight)),
            ]
            if term.typed_without_diacritics:
                found.append(
                    When(match(term.pattern(stem)), then=Value(weight * UNACCENTED_WEIGHT))
                )
            return Case(*found, default=Value(0.0))

        return reduce(
            operator.add,
            (relevance(term, weight, match) for term in self.terms for weight, match in fields),
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
        patterns = [term.pattern().removeprefix(r"(^|\W)") for term in self.terms]
        patterns = [r"\b" + pattern + r"\w*" for pattern in patterns]
        return re.compile("|".join(patterns), re.IGNORECASE) if patterns else None
