"""Root URLs. Public URLs are Swedish and unprefixed; English lives under /en/."""

from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

urlpatterns = [
    path("admin/", admin.site.urls),
]

urlpatterns += i18n_patterns(
    path("logga-in/", auth_views.LoginView.as_view(), name="login"),
    path("logga-ut/", auth_views.LogoutView.as_view(), name="logout"),
    path("", include("meetings.urls")),
    path("", include("decisions.urls")),
    path("", include("agreements.urls")),
    prefix_default_language=False,
)
