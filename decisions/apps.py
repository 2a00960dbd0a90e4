from django.apps import AppConfig
from django.utils.translation import pgettext_lazy


class DecisionsConfig(AppConfig):
    name = "decisions"
    verbose_name = pgettext_lazy("the decisions, plural", "Beslut")
