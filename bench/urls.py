"""The portal's URLs plus the framework's ceiling: never part of the production URLconf.

`/bench/ceiling/<bytes>/` answers a page of that many bytes through the same middleware,
with no query and no template: what Django itself can serve on this machine, for a page of
each page's size (bench/load.py asks for each page's own).
"""

from django.http import HttpRequest, HttpResponse
from django.urls import path
from django.views.decorators.cache import never_cache

from svom.urls import urlpatterns as portal


def body(size: int) -> bytes:
    start, end = b"<!DOCTYPE html><html lang='sv'><title>Tak</title><p>", b"</p></html>"
    return start + b"x" * max(0, size - len(start) - len(end)) + end


@never_cache  # the framework's own work on every request, never the page cache's
def ceiling(request: HttpRequest, size: int) -> HttpResponse:
    return HttpResponse(body(size))


# The portal's own list, not include(): its i18n_patterns may only be at the root.
urlpatterns = [path("bench/ceiling/<int:size>/", ceiling), *portal]
