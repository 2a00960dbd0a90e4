"""Root URLs. Public URLs are Swedish and unprefixed; English lives under /en/."""

from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.contrib.sitemaps import views as sitemap_views
from django.urls import include, path

from svom import views
from svom.sitemaps import SITEMAPS

urlpatterns = [
    path("admin/", admin.site.urls),
    path("healthz", views.healthz, name="healthz"),
    # The open data API (OParl 1.1), the same in every language.
    path("api/", include("meetings.api.urls")),
    # Browsers and crawlers ask for /favicon.ico whatever the page's <link rel="icon"> says.
    path("favicon.ico", views.favicon, name="favicon"),
    path("robots.txt", views.robots_txt, name="robots_txt"),
    # An index of one sitemap per section, each paged at 50,000 addresses (?p=2).
    path(
        "sitemap.xml",
        sitemap_views.index,
        {"sitemaps": SITEMAPS, "sitemap_url_name": "sitemap_section"},
        name="sitemap",
    ),
    path(
        "sitemap-<section>.xml",
        sitemap_views.sitemap,
        {"sitemaps": SITEMAPS},
        name="sitemap_section",
    ),
]

urlpatterns += i18n_patterns(
    path("logga-in/", auth_views.LoginView.as_view(), name="login"),
    path("logga-ut/", auth_views.LogoutView.as_view(), name="logout"),
    path("", include("meetings.urls")),
    path("", include("decisions.urls")),
    path("", include("agreements.urls")),
    prefix_default_language=False,
)

# 400, 403 and 404 are Django's own views with the templates 400.html, 403.html and 404.html.
handler500 = "svom.views.server_error"
