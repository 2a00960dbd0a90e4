"""Views of the site as a whole: errors, the health check, the favicon and robots.txt. None
of them needs the database."""

import logging
import sys

from django.conf import settings
from django.db import DatabaseError, InterfaceError, OperationalError, connection
from django.http import (
    HttpRequest,
    HttpResponse,
    HttpResponsePermanentRedirect,
    HttpResponseServerError,
    JsonResponse,
)
from django.template import loader
from django.templatetags.static import static
from django.urls import reverse
from django.utils import translation
from django.utils.cache import patch_cache_control
from django.views.decorators.cache import cache_control, never_cache

from svom.middleware import page_cache, stored_page

logger = logging.getLogger(__name__)

#: Seconds a client is asked to wait before it tries again when the database is away.
RETRY_AFTER = 30


def database_unavailable(exception: BaseException | None) -> bool:
    """Whether an error means the database cannot be reached or answer in time: refused or
    timed-out connections, a statement cancelled by statement_timeout, a lost connection."""
    return isinstance(exception, OperationalError | InterfaceError)


def server_error(request: HttpRequest) -> HttpResponse:
    """handler500: when the database is away, the last cached copy of an anonymous page, or
    503 with Retry-After; otherwise the 500 page. Renders no template that needs the database.
    """
    exception = sys.exc_info()[1]
    if not database_unavailable(exception):
        return HttpResponseServerError(loader.render_to_string("500.html"))
    logger.warning("Database unavailable for %s: %s", request.path, exception)
    page = stored_page(request)
    if page is not None:
        # An older copy is better than none, but no one may keep it as current.
        patch_cache_control(page, no_store=True)
        page.headers.pop("ETag", None)
        return page
    return unavailable()


def unavailable() -> HttpResponse:
    response = HttpResponse(loader.render_to_string("503.html"), status=503)
    response["Retry-After"] = str(RETRY_AFTER)
    patch_cache_control(response, no_store=True)
    return response


@never_cache
def healthz(request: HttpRequest) -> JsonResponse:
    """For a load balancer: 200 when the database and the cache answer, 503 otherwise.
    Says only "ok" or "unavailable" for each."""
    checks = {"database": _database_answers(), "cache": _cache_answers()}
    healthy = all(checks.values())
    body = {name: "ok" if ok else "unavailable" for name, ok in checks.items()}
    status = "ok" if healthy else "unavailable"
    return JsonResponse({"status": status, **body}, status=200 if healthy else 503)


def _database_answers() -> bool:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            return cursor.fetchone() == (1,)
    except DatabaseError:
        connection.close_if_unusable_or_obsolete()
        return False


def _cache_answers() -> bool:
    try:
        page_cache().set("healthz", 1, timeout=10)
        return page_cache().get("healthz") == 1
    except Exception:
        return False


def favicon(request: HttpRequest) -> HttpResponsePermanentRedirect:
    """/favicon.ico, which browsers and crawlers ask for whatever the page's
    <link rel="icon"> says: the SVG icon, under its hashed static name."""
    return HttpResponsePermanentRedirect(static("img/favicon.svg"))


#: Pages no crawler needs: the secretariat's admin, logging in, and search results, which
#: are endless and whose every hit has its own page in the sitemap.
_CLOSED_TO_CRAWLERS = ("meetings:search", "login")


@cache_control(public=True, max_age=24 * 60 * 60)
def robots_txt(request: HttpRequest) -> HttpResponse:
    """/robots.txt: everything may be crawled but the admin, the login page and searches;
    the sitemap, by its absolute address, lists every public page."""
    closed = ["/admin/"]
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            closed += [reverse(name) for name in _CLOSED_TO_CRAWLERS]
    lines = [
        "User-agent: *",
        "Allow: /",
        *(f"Disallow: {path}" for path in dict.fromkeys(closed)),
        # A free-text query on any list (/moten/?q=..., /beslut/?q=...) is a search too.
        "Disallow: /*?q=",
        "Disallow: /*&q=",
        "",
        f"Sitemap: {request.build_absolute_uri(reverse('sitemap'))}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")
