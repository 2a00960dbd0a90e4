"""Middleware of the whole site: sessions' lifetime, caching of pages."""

import hashlib
import time
from collections.abc import Callable

from django.conf import settings
from django.contrib.auth import logout
from django.core.cache import caches
from django.core.exceptions import BadRequest
from django.http import HttpRequest, HttpResponse, HttpResponseNotModified
from django.utils import timezone, translation
from django.utils.cache import patch_cache_control
from django.utils.http import http_date


class RejectNulBytesMiddleware:
    """A NUL byte in the address, a parameter or a form field is a bad request (400).

    No text the portal stores or looks up may hold one, and PostgreSQL refuses it in any
    string, so it is turned away here, before any view, filter or form can pass it on.
    Uploaded files are not looked at: their bytes are the importer's to read.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        parameters = [request.GET]
        if request.method == "POST":
            parameters.append(request.POST)
        texts = [request.path] + [
            text for query in parameters for key, values in query.lists() for text in (key, *values)
        ]
        if any("\x00" in text for text in texts):
            raise BadRequest("NUL byte in the request")
        return self.get_response(request)


class PrivateCacheForLoggedInUsersMiddleware:
    """A page rendered for a logged-in user may show drafts: no shared cache may keep it."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if request.user.is_authenticated:
            patch_cache_control(response, private=True, no_store=True)
        return response


class SessionLifetimeMiddleware:
    """End a logged-in session SESSION_MAX_LIFETIME after it began, however active it is.

    Inactivity is handled by Django itself (SESSION_COOKIE_AGE with SESSION_SAVE_EVERY_REQUEST).
    """

    SESSION_KEY = "svom_session_started"

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.user.is_authenticated:
            started = request.session.setdefault(self.SESSION_KEY, time.time())
            if time.time() - started > settings.SESSION_MAX_LIFETIME.total_seconds():
                logout(request)
        return self.get_response(request)


class AnonymousPageCacheMiddleware:
    """Serve anonymous visitors' pages from the shared cache; answer 304 when unchanged.

    Only a request without a session cookie is served from or stored in the cache, so a
    member never receives a cached page and an anonymous visitor never a member's. A
    response is stored only if it is a plain 200 that sets no cookie (a form's CSRF token,
    a message, a session) and asks no one not to keep it. The key holds the
    language, today's date (the home page and the notice board change at midnight) and the
    full URL; the page is stored with the site's generation (see `bump_generation`) and
    served only while it is current, so every server sharing the cache sees the same pages
    and a bump invalidates them all at once. `DJANGO_PAGE_CACHE=0` turns it off.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not cacheable_request(request):
            return self.get_response(request)
        key = page_key(request)
        # One round trip for both: the page is stored with the generation it was made in.
        found = page_cache().get_many([GENERATION_KEY, key])
        generation = found.get(GENERATION_KEY) or current_generation()
        tag = f'W/"{generation}-{_variant(request)}"'
        if tag in _if_none_match(request):
            return self._not_modified(tag, generation)
        stored_generation, cached = found.get(key, (None, None))
        if stored_generation == generation:
            return cached
        response = self.get_response(request)
        if self._may_store(request, response):
            patch_cache_control(response, public=True, max_age=settings.PAGE_CACHE_MAX_AGE)
            response["ETag"] = tag
            response["Last-Modified"] = http_date(generation / 1_000_000)
            # One piece: a feed is written in thousands of small ones, each of which would be
            # pickled, and sent by the server, on its own at every hit.
            response.content = response.content
            page_cache().set(key, (generation, response), settings.PAGE_CACHE_SECONDS)
        return response

    def _may_store(self, request: HttpRequest, response: HttpResponse) -> bool:
        user = getattr(request, "user", None)
        cache_control = response.get("Cache-Control", "")
        return (
            response.status_code == 200
            and not response.streaming
            and not response.cookies
            and not (user and user.is_authenticated)
            and "private" not in cache_control
            and "no-store" not in cache_control
        )

    def _not_modified(self, tag: str, generation: int) -> HttpResponse:
        response = HttpResponseNotModified()
        response["ETag"] = tag
        response["Last-Modified"] = http_date(generation / 1_000_000)
        patch_cache_control(response, public=True, max_age=settings.PAGE_CACHE_MAX_AGE)
        return response


GENERATION_KEY = "page-cache-generation"


def cacheable_request(request: HttpRequest) -> bool:
    """An anonymous visitor's GET or HEAD, with the page cache on."""
    return (
        settings.PAGE_CACHE
        and request.method in ("GET", "HEAD")
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
    )


def page_key(request: HttpRequest) -> str:
    url = hashlib.sha256(request.build_absolute_uri().encode()).hexdigest()
    return f"page:{request.method}:{_variant(request)}:{url}"


def _variant(request: HttpRequest) -> str:
    """What a page differs by besides its URL: the day and the language."""
    language = translation.get_language_from_path(request.path_info)
    return f"{timezone.localdate():%Y%m%d}-{language or settings.LANGUAGE_CODE}"


def stored_page(request: HttpRequest) -> HttpResponse | None:
    """The last copy of an anonymous visitor's page in the cache, of whatever generation:
    what the portal can still show when the database is away (svom.views.server_error)."""
    if not cacheable_request(request):
        return None
    try:
        _generation, page = page_cache().get(page_key(request), (None, None))
    except Exception:
        return None
    return page


def page_cache():
    return caches[settings.PAGE_CACHE_ALIAS]


def current_generation() -> int:
    """The site's generation: the time (µs) of the last change anything public may show."""
    generation = page_cache().get(GENERATION_KEY)
    if generation is None:
        generation = time.time_ns() // 1000
        # add(), not set(): of two servers starting at once, the first one's value stands.
        if not page_cache().add(GENERATION_KEY, generation, timeout=None):
            generation = page_cache().get(GENERATION_KEY, generation)
    return generation


def bump_generation() -> None:
    """Invalidate every cached page: something the public may see has changed."""
    page_cache().set(GENERATION_KEY, time.time_ns() // 1000, timeout=None)


def _if_none_match(request: HttpRequest) -> set[str]:
    header = request.headers.get("If-None-Match", "")
    return {tag.strip() for tag in header.split(",") if tag.strip()}
