from django.urls import path
from django.views.generic import TemplateView

app_name = "decisions"

# Placeholder until the decisions pages land; replaced by the real views.
urlpatterns = [
    path("beslut/", TemplateView.as_view(template_name="base.html"), name="list"),
]
