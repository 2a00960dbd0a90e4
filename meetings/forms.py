"""Forms of the admin and the public pages that need more than a ModelForm's defaults."""

from collections import Counter

from django import forms
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ValidationError
from django.forms.models import BaseInlineFormSet
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from agreements.models import Agreement

from .models import (
    AccessibilityReport,
    AdjustmentApproval,
    AgendaItem,
    Body,
    Person,
    Subscription,
    Topic,
)
from .protocol_import import ProtocolImportError, check_size, read_protocol
from .search import SearchTerms


class AgendaItemInlineFormSet(BaseInlineFormSet):
    """The agenda of a meeting: § numbers unique per body and year across all meetings.

    The meeting being edited may be new, or its date may move to another year, so the
    check uses the meeting as it is about to be saved rather than the stored one.
    """

    #: What of an adjusted paragraph the agenda's row may not change (see models.record):
    #: its number and title are corrected on the paragraph's own page, with a reason.
    locked_once_adjusted = ("position", "number", "title", "DELETE")

    def add_fields(self, form, index) -> None:
        super().add_fields(form, index)
        if form.instance.pk and form.instance.is_adjusted:
            for name in self.locked_once_adjusted:
                if name in form.fields:
                    form.fields[name].disabled = True

    def clean(self) -> None:
        super().clean()
        meeting = self.instance
        if not meeting.body_id or not meeting.date:
            return
        kept = [
            form.cleaned_data
            for form in self.forms
            if form.cleaned_data and not form.cleaned_data.get("DELETE")
        ]
        numbers = [data["number"] for data in kept if data.get("number")]
        repeated = sorted(number for number, count in Counter(numbers).items() if count > 1)
        if repeated:
            raise ValidationError(
                _("Samma paragrafnummer används flera gånger: %(numbers)s.")
                % {"numbers": ", ".join(f"§ {n}" for n in repeated)}
            )
        taken = AgendaItem.objects.numbers_taken(
            meeting.body_id, meeting.date.year, numbers, exclude_meeting_id=meeting.pk
        )
        clashes = list(taken.values_list("number", flat=True))
        if clashes:
            raise ValidationError(
                _("%(numbers)s finns redan i ett annat möte för %(body)s år %(year)s.")
                % {
                    "numbers": ", ".join(f"§ {n}" for n in clashes),
                    "body": meeting.body,
                    "year": meeting.date.year,
                }
            )


class CorrectionReasonForm(forms.ModelForm):
    """A change form of a paragraph or of one of its parts, with the reason of a correction.

    The reason is asked for only when the paragraph is adjusted: then the save is a
    correction, recorded and shown on the public page (see meetings.models.record).
    """

    correction_reason = forms.CharField(
        label=gettext_lazy("Skäl till rättelsen"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=gettext_lazy(
            "Paragrafen är justerad: en ändring av det som allmänheten ser sparas som en "
            "rättelse. Den visas som Rättad på den publika sidan, med skälet och vad som "
            "ändrades jämfört med den justerade versionen."
        ),
    )


class AccessibilityReportForm(forms.ModelForm):
    """A visitor's report of an accessibility problem; only the description is required."""

    class Meta:
        model = AccessibilityReport
        fields = ["page_url", "description", "contact"]
        labels = {
            "page_url": gettext_lazy("Vilken sida gäller det? (frivilligt)"),
            "description": gettext_lazy("Beskriv problemet"),
            "contact": gettext_lazy("E-post eller telefon (frivilligt)"),
        }
        help_texts = {"contact": gettext_lazy("Fyll i om du vill ha svar.")}
        widgets = {"description": forms.Textarea(attrs={"rows": 6})}

    def __init__(self, *args, **kwargs) -> None:
        # The labels are questions or end in "(frivilligt)"; a colon after them reads oddly.
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)


class AdjustProtocolForm(forms.Form):
    """The moment a protocol was adjusted: when the chair and adjusters signed it."""

    adjusted_at = forms.DateTimeField(
        label=gettext_lazy("Justerat"),
        initial=timezone.now,
        help_text=gettext_lazy(
            "Datum och tid då ordföranden och justerarna skrev under, t.ex. 2021-06-11 10:00."
        ),
    )

    def clean_adjusted_at(self):
        adjusted_at = self.cleaned_data["adjusted_at"]
        # A day, not a moment: the secretary registers today's signing at the time written
        # on the protocol, which may be later today than the moment of entering it.
        if timezone.localdate(adjusted_at) > timezone.localdate():
            raise ValidationError(_("Justeringen kan inte ligga i framtiden."))
        return adjusted_at


class DraftAnswerForm(forms.Form):
    """The chair's or an adjuster's answer to the draft protocol."""

    kind = forms.ChoiceField(
        label=gettext_lazy("Ditt svar"),
        choices=AdjustmentApproval.Kind.choices,
        widget=forms.RadioSelect,
    )
    comment = forms.CharField(
        label=gettext_lazy("Synpunkt till sekretariatet"),
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        max_length=5000,
    )

    def clean(self) -> dict:
        data = super().clean()
        if data.get("kind") == AdjustmentApproval.Kind.COMMENT and not data.get("comment"):
            self.add_error("comment", _("Skriv din synpunkt."))
        return data


class ProtocolUploadForm(forms.Form):
    """The file and the facts a protocol text does not hold: body, date and state."""

    file = forms.FileField(
        label=gettext_lazy("Protokollfil"),
        help_text=gettext_lazy(
            "Text (.txt, UTF-8), Word (.docx), PDF med textlager eller en sparad webbsida "
            "(.html), mindre än 20 MB."
        ),
    )
    body = forms.ModelChoiceField(Body.objects.all(), label=gettext_lazy("Organ"))
    date = forms.DateField(
        label=gettext_lazy("Mötesdatum"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text=gettext_lazy(
            "Lämna tomt om protokollet anger datumet; annars skriv det, till exempel 2021-06-04."
        ),
    )
    adjusted = forms.BooleanField(
        label=gettext_lazy("Protokollet är justerat"),
        required=False,
        help_text=gettext_lazy("Alla paragrafer markeras som justerade och blir offentliga."),
    )
    replace = forms.BooleanField(
        label=gettext_lazy("Ersätt ojusterade paragrafer"),
        required=False,
        help_text=gettext_lazy(
            "Om mötet redan finns: ersätt dess ojusterade paragrafer med filens. "
            "Justerade paragrafer lämnas alltid orörda."
        ),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        try:
            check_size(upload.name, upload.size)
            data = upload.read()
            parsed = read_protocol(upload.name, data)
        except ProtocolImportError as exc:
            raise forms.ValidationError(str(exc)) from None
        self.cleaned_data["data"] = data
        self.cleaned_data["text_date"] = parsed.date
        return upload

    def clean(self):
        cleaned = super().clean()
        if "data" not in cleaned or self.has_error("date"):
            return cleaned
        given, in_text = cleaned.get("date"), cleaned.get("text_date")
        if given and in_text and given != in_text:
            self.add_error(
                "date",
                _("Protokollet anger datumet %(date)s; rätta datumet eller lämna fältet tomt.")
                % {"date": in_text.isoformat()},
            )
        elif not (given or in_text):
            self.add_error("date", _("Protokollet anger inget datum som kunde läsas; skriv det."))
        cleaned["date"] = given or in_text
        return cleaned


class SubscriptionForm(forms.Form):
    """Bevaka: an e-mail address and what it watches (a body, topic, person, agreement
    or search), named by the hidden fields the page's "Bevaka" link filled in."""

    email = forms.EmailField(
        label=gettext_lazy("Din e-postadress"),
        max_length=254,
        help_text=gettext_lazy(
            "Vi skickar en länk som du klickar på för att bekräfta. Adressen används bara "
            "för bevakningen."
        ),
        error_messages={
            "required": gettext_lazy("Skriv din e-postadress."),
            "invalid": gettext_lazy("Skriv en giltig e-postadress, till exempel namn@exempel.se."),
        },
    )
    kind = forms.ChoiceField(choices=Subscription.Kind.choices, widget=forms.HiddenInput)
    target = forms.CharField(max_length=200, widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        public = AnonymousUser()
        # Only what the public may see can be watched: a slug is never a way to learn of
        # a person or topic that appears only in drafts.
        self.targets = {
            Subscription.Kind.BODY: Body.objects.all(),
            Subscription.Kind.TOPIC: Topic.objects.visible_to(public),
            Subscription.Kind.PERSON: Person.objects.visible_to(public),
            Subscription.Kind.AGREEMENT: Agreement.objects.all(),
        }

    def clean_email(self) -> str:
        # One address, one spelling: the unsubscribe and manage links compare exactly.
        return self.cleaned_data["email"].strip().lower()

    def clean(self) -> dict:
        data = super().clean()
        kind, target = data.get("kind"), (data.get("target") or "").strip()
        if not kind or not target:
            raise ValidationError(
                _("Det framgår inte vad du vill bevaka. Gå tillbaka och välj Bevaka igen.")
            )
        if kind == Subscription.Kind.SEARCH:
            if not SearchTerms(target):
                raise ValidationError(_("Sökningen innehåller inga ord att bevaka."))
            data["fields"] = {"query": target}
            return data
        found = self.targets[kind].filter(slug=target).first()
        if found is None:
            raise ValidationError(_("Det du vill bevaka finns inte längre."))
        data["fields"] = {Subscription.TARGET_FIELDS[kind]: found}
        return data


class SubscriptionManageRequestForm(forms.Form):
    """Mina bevakningar: the address to which the link to manage them is sent."""

    email = forms.EmailField(
        label=gettext_lazy("Din e-postadress"),
        max_length=254,
        error_messages={
            "required": gettext_lazy("Skriv din e-postadress."),
            "invalid": gettext_lazy("Skriv en giltig e-postadress, till exempel namn@exempel.se."),
        },
    )

    def clean_email(self) -> str:
        return self.cleaned_data["email"].strip().lower()
