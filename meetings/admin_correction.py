"""The admin's side of the adjusted record: a save of an adjusted paragraph is a correction.

Shared by the paragraph's admin (meetings) and its parts' admins (decisions), which import
each other's inlines, so it lives apart from both.
"""

from django.contrib.admin.utils import unquote
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from .forms import CorrectionReasonForm
from .models import AgendaItem, correction


class CorrectionAdminMixin:
    """Saving an adjusted paragraph, or a part of one, is a recorded correction.

    The change form asks for the reason; the whole save (the form and every inline) runs
    inside `correction()`, which keeps the versions before and after. Anything else that
    would change the adjusted record is refused by the models themselves.
    """

    form = CorrectionReasonForm

    def record_item(self, obj) -> AgendaItem | None:
        """The paragraph whose record `obj` is part of."""
        return obj.agenda_item

    def _item_of_request(self, request: HttpRequest, object_id: str | None) -> AgendaItem | None:
        if object_id:
            obj = self.get_object(request, unquote(object_id))
            return self.record_item(obj) if obj is not None else None
        chosen = request.POST.get("agenda_item", "")
        return AgendaItem.objects.filter(pk=chosen).first() if chosen.isdigit() else None

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        item = self._item_of_request(request, object_id) if request.method == "POST" else None
        if item is None or not item.is_adjusted:
            return super().changeform_view(request, object_id, form_url, extra_context)
        with correction(item, request.user, request.POST.get("correction_reason", "")):
            return super().changeform_view(request, object_id, form_url, extra_context)

    def get_fieldsets(self, request: HttpRequest, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        item = self.record_item(obj) if obj is not None else None
        if item is None or not item.is_adjusted:
            return fieldsets
        return [(_("Rättelse"), {"fields": ["correction_reason"]}), *fieldsets]
