"""The admin of paragraphs and their attachments; a save of an adjusted one is a correction."""

from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.forms.models import BaseInlineFormSet
from django.http import HttpRequest
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from decisions.admin import (
    AssignmentInline,
    DecisionInline,
    DecisionPointInline,
    MotionInline,
    ProposalPointInline,
    ReservationInline,
    VoteInline,
)
from decisions.models import DecisionPoint
from svom.admin import ValidatedChangeListMixin

from .. import services
from ..models import (
    AgendaItem,
    Attachment,
    Correction,
)
from .filters import BodyFilter, YearFilter
from .record import (
    CorrectionAdminMixin,
    VersionedAdminMixin,
    VersionedModelAdmin,
    VersionedTabularInline,
)


class CorrectionInline(admin.TabularInline):
    """The corrections of an adjusted paragraph, as recorded; they are never edited."""

    model = Correction
    fields = ["made_at", "made_by", "reason"]
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request: HttpRequest, obj=None) -> bool:
        return False


class AttachmentInline(VersionedTabularInline):
    model = Attachment
    fields = ["position", "title", "file", "is_public"]
    extra = 0


def _kept_rows(formset: BaseInlineFormSet) -> list:
    """The rows of a validated formset that will be saved: stored or typed, not deleted."""
    return [
        form
        for form in formset.forms
        if (form.instance.pk or form.has_changed())
        and not getattr(form, "cleaned_data", {}).get("DELETE")
    ]


class DecisionKindFormSet(BaseInlineFormSet):
    """The kind of the paragraph's decision, which its decision points cannot go without.

    The points are a formset of their own beside this one (`points`, set by the paragraph's
    admin), so a point typed into the same page counts before it is saved.
    """

    points: BaseInlineFormSet | None = None

    def clean(self) -> None:
        super().clean()
        if self.points is None:
            return
        self.points.is_valid()  # so that the points' rows, and which are deleted, are known
        kinds = [form.cleaned_data.get("kind") for form in _kept_rows(self)]
        if _kept_rows(self.points) and not any(kinds):
            raise ValidationError(
                gettext("Välj beslutstyp: paragrafen har beslutspunkter."),
                code="decision_without_kind",
            )


class DecisionKindInline(DecisionInline):
    """One row to choose the kind in, never "Lägg till ytterligare beslutstyp"."""

    formset = DecisionKindFormSet
    # With max_num 1, one blank row and no link to add another; a row left blank is
    # ignored unless the paragraph has decision points.
    extra = 1


@admin.action(description=_("Justera valda paragrafer omedelbart (5 kap. 70 § KL)"))
def adjust_immediately(modeladmin, request: HttpRequest, queryset: QuerySet) -> None:
    for item in queryset.select_related("meeting"):
        try:
            services.adjust_immediately(item, request.user)
        except ValidationError as error:
            modeladmin.message_user(
                request, f"{item.citation}: {' '.join(error.messages)}", messages.ERROR
            )
        else:
            modeladmin.message_user(
                request, _("%(item)s är justerad och publicerad.") % {"item": item.citation}
            )


@admin.register(AgendaItem)
class AgendaItemAdmin(
    CorrectionAdminMixin, ValidatedChangeListMixin, VersionedAdminMixin, SimpleHistoryAdmin
):
    # Flags are words shown only when they hold, not a red cross on every other row.
    list_display = ["__str__", "meeting", "position", "state", "flags"]
    list_display_links = ["__str__"]
    list_select_related = ["meeting__body"]
    list_filter = [
        "state",
        "confidential",
        ("withdrawn_at", admin.EmptyFieldListFilter),
        "title_needs_review",
        ("body", BodyFilter),
        ("year", YearFilter),
        "topics",
    ]
    date_hierarchy = "meeting__date"
    search_fields = ["title", "text", "=number", "=case_number"]
    autocomplete_fields = ["meeting", "presenters"]
    filter_horizontal = ["topics"]
    readonly_fields = [
        "citation",
        "state",
        "adjusted_at",
        "adjusted_immediately",
        "added_after_agenda",
        "withdrawn_at",
    ]
    actions = [adjust_immediately]
    fieldsets = [
        (
            None,
            {
                "fields": [
                    "meeting",
                    "position",
                    "number",
                    "title",
                    "case_number",
                    "title_needs_review",
                ]
            },
        ),
        (_("Protokoll"), {"fields": ["presenters", "text", "topics"]}),
        (
            _("Publicering"),
            {
                "fields": [
                    "citation",
                    "state",
                    "adjusted_at",
                    "adjusted_immediately",
                    "added_after_agenda",
                    "confidential",
                    "withdrawal_reason",
                    "withdrawn_at",
                ],
                "description": _(
                    "Paragrafen blir offentlig när protokollet justeras (på mötets sida) eller "
                    "när den justeras omedelbart (åtgärd i listan över paragrafer). Efter "
                    "justeringen är mötet, ordningen och justeringstiden låsta; nummer, "
                    "rubrik, föredragande, text, förslag, beslut, yrkanden, voteringar, "
                    "reservationer och bilagor ändras bara som en rättelse, som visas som "
                    "Rättad på den publika sidan. En justerad paragraf raderas aldrig: ta "
                    "bort den från webben i stället."
                ),
            },
        ),
    ]
    # The proposal, then what was decided: its kind and its points, each headed on its own.
    inlines = [
        ProposalPointInline,
        DecisionKindInline,
        DecisionPointInline,
        MotionInline,
        VoteInline,
        ReservationInline,
        AssignmentInline,
        AttachmentInline,
        CorrectionInline,
    ]

    def record_item(self, obj) -> AgendaItem | None:
        return obj

    def _create_formsets(self, request: HttpRequest, obj, change: bool):
        formsets, inlines = super()._create_formsets(request, obj, change)
        # Django has no public hook between the inlines of one page; the kind of decision
        # is checked against the points typed beside it (DecisionKindFormSet).
        points = next((formset for formset in formsets if formset.model is DecisionPoint), None)
        for formset in formsets:
            if isinstance(formset, DecisionKindFormSet):
                formset.points = points
        return formsets, inlines

    def get_readonly_fields(self, request: HttpRequest, obj=None) -> list[str]:
        readonly = list(super().get_readonly_fields(request, obj))
        if obj is not None and obj.is_adjusted:
            readonly += ["meeting", "position"]
        return readonly

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        # An adjusted paragraph is withdrawn from the web, never deleted.
        if obj is not None and obj.is_adjusted:
            return False
        return super().has_delete_permission(request, obj)

    @admin.display(description=_("citeras som"))
    def citation(self, item: AgendaItem) -> str:
        return item.citation if item.pk else "–"

    @admin.display(description=_("markeringar"), empty_value="")
    def flags(self, item: AgendaItem) -> str:
        """ "Sekretess", "Tillagd efter kallelsen", "Borttagen från webben": those that hold."""
        flags = [
            (item.confidential, _("Sekretess")),
            (item.added_after_agenda, _("Tillagd efter kallelsen")),
            (item.is_withdrawn, _("Borttagen från webben")),
        ]
        return ", ".join(str(label) for holds, label in flags if holds)

    def get_fieldsets(self, request: HttpRequest, obj=None):
        """The change page shows "tillagd efter kallelsen" and "omedelbart justerad" only for
        a paragraph that was: a red cross on every other paragraph says nothing."""
        fieldsets = super().get_fieldsets(request, obj)
        flags = {"added_after_agenda", "adjusted_immediately"}
        hidden = {name for name in flags if obj is None or not getattr(obj, name)}
        return [
            (name, {**options, "fields": [f for f in options["fields"] if f not in hidden]})
            for name, options in fieldsets
        ]

    def save_related(self, request, form, formsets, change) -> None:
        super().save_related(request, form, formsets, change)
        item = form.instance
        # A decision point or motion edited after a digital approval voids the approvals.
        if not item.is_adjusted and any(formset.has_changed() for formset in formsets):
            item.meeting.void_approvals()


@admin.register(Attachment)
class AttachmentAdmin(CorrectionAdminMixin, VersionedModelAdmin):
    list_display = ["title", "agenda_item", "is_public"]
    list_select_related = ["agenda_item__meeting__body"]
    list_filter = ["is_public"]
    search_fields = ["title", "agenda_item__title"]
    autocomplete_fields = ["agenda_item"]
