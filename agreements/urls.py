from django.urls import path
from django.views.generic import TemplateView

app_name = "agreements"

# Placeholder until the agreements pages land; replaced by the real views.
urlpatterns = [
    path("avtal/", TemplateView.as_view(template_name="base.html"), name="list"),
]
