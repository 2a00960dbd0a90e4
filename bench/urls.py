"""The portal's URLs plus the framework's ceiling: never part of the production URLconf.

`/bench/ceiling/` answers a page of the home page's size through the same middleware, with
no query and no template: what Django itself can serve on this machine.
"""

from django.http import HttpRequest, HttpResponse
from django.urls import path
from django.views.decorators.cache import never_cache

from svom.urls import urlpatterns as portal

BODY = (
    "<!DOCTYPE html><html lang='sv'><title>Tak</title><p>" + "x" * 12_000 + "</p></html>"
).encode()


@never_cache  # the framework's own work on every request, never the page cache's
def ceiling(request: HttpRequest) -> HttpResponse:
    return HttpResponse(BODY)


# The portal's own list, not include(): its i18n_patterns may only be at the root.
urlpatterns = [path("bench/ceiling/", ceiling), *portal]
