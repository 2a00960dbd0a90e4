"""The admin's side of the record: corrections of adjusted paragraphs, and no lost updates.

Shared by the admins of every app: decisions and agreements import it from here.
"""

from django import forms
from django.contrib import admin
from django.contrib.admin.models import LogEntry
from django.contrib.admin.utils import unquote
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.functional import cached_property
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from svom.admin import ValidatedChangeListMixin

from ..forms import CorrectionReasonForm
from ..models import AgendaItem, correction


def last_change(obj) -> tuple[str, str]:
    """Who saved `obj` last and when, from its history or else from the admin's log."""
    history = getattr(type(obj), "history", None)
    if history is not None:
        latest = obj.history.select_related("history_user").order_by("-history_date").first()
        if latest is not None:
            return _name(latest.history_user), _moment(latest.history_date)
    entry = (
        LogEntry.objects.filter(
            content_type=ContentType.objects.get_for_model(obj), object_id=str(obj.pk)
        )
        .select_related("user")
        .order_by("-action_time")
        .first()
    )
    if entry is not None:
        return _name(entry.user), _moment(entry.action_time)
    return gettext("någon annan"), gettext("nyligen")


def _name(user) -> str:
    if user is None:
        return gettext("någon utan inloggning (import eller system)")
    return user.get_full_name() or user.get_username()


def _moment(moment) -> str:
    return date_format(timezone.localtime(moment), "DATETIME_FORMAT")


class VersionCheckedForm(forms.ModelForm):
    """Refuses a save made from a page loaded before someone else's save of the same row.

    The form carries the row's version (django-concurrency's hidden, signed field); the
    model checks it again in the UPDATE itself, so even a save between this check and the
    write is refused rather than overwriting.
    """

    @cached_property
    def changed_data(self) -> list[str]:
        # A new row's version is blank on the page and None in the form's initial data: not
        # something the user typed, so a blank extra row stays blank and is not validated.
        changed = super().changed_data
        return changed if self.instance.pk else [name for name in changed if name != "version"]

    def clean(self) -> dict:
        cleaned = super().clean()
        posted = cleaned.get("version")
        stored = getattr(self.instance, "version", None)
        if self.instance.pk and posted is not None and stored is not None and posted != stored:
            user, moment = last_change(self.instance)
            raise ValidationError(
                gettext(
                    "%(user)s sparade en ändring här %(moment)s, efter att du öppnade "
                    "sidan. Inget av det du skrev är sparat och inget skrevs över: öppna sidan "
                    "på nytt i en ny flik, se ändringen och för över det du vill ändra."
                )
                % {"user": user, "moment": moment},
                code="changed_since_loaded",
            )
        return cleaned


def _versioned(form_class: type[forms.ModelForm]) -> type[forms.ModelForm]:
    if issubclass(form_class, VersionCheckedForm):
        return form_class
    return type(f"Versioned{form_class.__name__}", (VersionCheckedForm, form_class), {})


def _has_version(model) -> bool:
    return any(field.name == "version" for field in model._meta.concrete_fields)


class VersionedAdminMixin:
    """Every change form and inline row carries its row's version and is checked on save."""

    def get_fieldsets(self, request: HttpRequest, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if not _has_version(self.model) or "version" in admin.utils.flatten_fieldsets(fieldsets):
            return fieldsets
        (name, options), *rest = fieldsets
        return [(name, {**options, "fields": [*options["fields"], "version"]}), *rest]

    def get_form(self, request: HttpRequest, obj=None, change=False, **kwargs):
        return super().get_form(request, obj, change, form=_versioned(self.form), **kwargs)

    def get_formset(self, request: HttpRequest, obj=None, **kwargs):
        return super().get_formset(request, obj, form=_versioned(self.form), **kwargs)


class VersionedModelAdmin(ValidatedChangeListMixin, VersionedAdminMixin, admin.ModelAdmin):
    pass


class VersionedTabularInline(VersionedAdminMixin, admin.TabularInline):
    pass


class VersionedStackedInline(VersionedAdminMixin, admin.StackedInline):
    pass


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

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        if not str(version_id).isdigit():
            raise Http404(gettext("Versionen finns inte."))
        # Reverting an adjusted paragraph to an earlier version is a correction too.
        item = self._item_of_request(request, object_id) if request.method == "POST" else None
        if item is None or not item.is_adjusted:
            return super().history_form_view(request, object_id, version_id, extra_context)
        with correction(item, request.user, gettext("Återställd till en tidigare version.")):
            return super().history_form_view(request, object_id, version_id, extra_context)

    def get_fieldsets(self, request: HttpRequest, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        item = self.record_item(obj) if obj is not None else None
        if item is None or not item.is_adjusted:
            return fieldsets
        return [(_("Rättelse"), {"fields": ["correction_reason"]}), *fieldsets]
