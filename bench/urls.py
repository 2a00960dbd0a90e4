"""The portal's URLs plus the framework's ceiling: never part of the production URLconf.

`/bench/ceiling/` answers a page of the home page's size through the same middleware, with
no query and no template: what Django itself can serve on this machine.
"""

from django.http import HttpRequest, HttpResponse
from django.urls import include, path

BODY = (
    "<!DOCTYPE html><html lang='sv'><title>Tak</title><p>" + "x" * 12_000 + "</p></html>"
).encode()


def ceiling(request: HttpRequest) -> HttpResponse:
    return HttpResponse(BODY)


urlpatterns = [path("bench/ceiling/", ceiling), path("", include("svom.urls"))]
