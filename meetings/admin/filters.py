"""List filters shared by the admins of paragraphs and of their parts (decisions)."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _


class BodyFilter(admin.RelatedFieldListFilter):
    """The paragraph's body, which the model copies from its meeting with no label."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.title = _("organ")


class YearFilter(admin.AllValuesFieldListFilter):
    """The paragraph's year, which the model copies from its meeting with no label."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.title = _("år")
