"""Search results with their hits marked: `{% load search_hits %}` on the search page."""

from django import template
from django.db.models import Model
from django.utils.safestring import SafeString

from meetings.search import SearchTerms

register = template.Library()


@register.filter
def hit_title(item: Model, terms: SearchTerms) -> SafeString:
    """A found paragraph's title, its hits marked."""
    return terms.title(item)


@register.filter
def hit_snippet(item: Model, terms: SearchTerms) -> SafeString:
    """Why a found paragraph matched: its hits in context."""
    return terms.snippet(item)


@register.filter
def highlight(text: str, terms: SearchTerms) -> SafeString:
    """`text`, escaped, with the words the query matches marked."""
    return terms.highlight(text)


@register.filter
def hit_excerpt(text: str, terms: SearchTerms) -> SafeString:
    """About 240 characters of `text` around its first hit, escaped and marked."""
    return terms.excerpt(text)
