"""CSV download of the agreements list."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from svom.csv_export import CSVExportMixin

from .views import AgreementListView


class AgreementExportView(CSVExportMixin, AgreementListView):
    """/avtal/export.csv: one row per agreement, with its derived end date and state."""

    filename = "avtal.csv"
    columns = [
        (_("Kortnamn"), lambda agreement, request: agreement.short_name),
        (_("Fullständig titel"), lambda agreement, request: agreement.title),
        (
            _("Parter"),
            lambda agreement, request: ", ".join(
                party.short_name for party in agreement.parties.all()
            ),
        ),
        (_("Undertecknat"), lambda agreement, request: agreement.signed_on),
        (_("Gäller från"), lambda agreement, request: agreement.valid_from),
        (_("Gäller till och med"), lambda agreement, request: agreement.end_date),
        (_("Status"), lambda agreement, request: agreement.state_label_on()),
        (
            _("Ersätts av"),
            lambda agreement, request: agreement.replaced_by and agreement.replaced_by.short_name,
        ),
        (
            _("Adress"),
            lambda agreement, request: request.build_absolute_uri(agreement.get_absolute_url()),
        ),
    ]
