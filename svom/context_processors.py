from django.conf import settings
from django.core.exceptions import DisallowedHost
from django.http import HttpRequest
from django.urls import translate_url
from django.utils.translation import get_language, get_language_info


def other_languages(request: HttpRequest) -> dict:
    """Links to the current page in the other languages, for the language switch."""
    current = get_language()
    return {
        "other_languages": [
            {
                "code": code,
                "name": get_language_info(code)["name_local"],
                "url": translate_url(request.get_full_path(), code),
            }
            for code, _name in settings.LANGUAGES
            if code != current
        ]
    }


#: Open Graph's names of the site's languages (language_TERRITORY).
OPEN_GRAPH_LOCALES = {"sv": "sv_SE", "en": "en_GB"}


def page_meta(request: HttpRequest) -> dict:
    """The page's canonical address, its address in each language (hreflang) and its Open
    Graph locale, for the <head> of base.html.

    The canonical address is the path without its query, so that a filtered or sorted list
    is one page to a search engine; only a page of a paginated list past the first keeps
    its `page`, since it lists other rows.
    """
    try:
        canonical = request.build_absolute_uri(request.path)
    except DisallowedHost:
        # The 400 page for a host the site does not serve: it has no address of its own.
        return {}
    page = request.GET.get("page", "")
    if page.isdigit() and int(page) > 1:
        canonical += f"?page={int(page)}"
    return {
        "canonical_url": canonical,
        "language_alternates": [
            {"code": code, "url": translate_url(canonical, code)}
            for code, _name in settings.LANGUAGES
        ],
        "og_locale": OPEN_GRAPH_LOCALES.get(get_language(), OPEN_GRAPH_LOCALES["sv"]),
    }
