"""CSV downloads of the decision register and the balanslista, as their pages filter them."""

from __future__ import annotations

from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from svom.csv_export import CSVExportMixin

from .models import Assignment, Decision
from .views import AssignmentListView, DecisionListView


def paragraph_url(record: Decision | Assignment, request: HttpRequest) -> str:
    return request.build_absolute_uri(record.agenda_item.get_absolute_url())


class DecisionExportView(CSVExportMixin, DecisionListView):
    """/beslut/export.csv?<the register's filters>: one row per decision."""

    filename = "beslut.csv"
    columns = [
        (_("Datum"), lambda decision, request: decision.agenda_item.meeting.date),
        (_("Organ"), lambda decision, request: decision.agenda_item.meeting.body.short_name),
        (_("Paragraf"), lambda decision, request: decision.agenda_item.citation),
        (_("Rubrik"), lambda decision, request: decision.agenda_item.title),
        (_("Typ av beslut"), lambda decision, request: decision.get_kind_display()),
        (
            _("Beslut"),
            lambda decision, request: " ".join(
                f"{point.position}. {point.text}"
                for point in decision.agenda_item.decision_points.all()
            ),
        ),
        (_("Status"), lambda decision, request: decision.agenda_item.get_state_display()),
        (_("Adress"), paragraph_url),
    ]


class AssignmentExportView(CSVExportMixin, AssignmentListView):
    """/beslut/balanslista/export.csv: one row per open assignment."""

    filename = "balanslista.csv"
    columns = [
        (_("Uppdrag"), lambda assignment, request: assignment.description),
        (
            _("Ansvarig person"),
            lambda assignment, request: assignment.responsible and assignment.responsible.name,
        ),
        (
            _("Ansvarig organisation"),
            lambda assignment, request: (
                assignment.responsible_organisation and assignment.responsible_organisation.name
            ),
        ),
        (_("Klart senast"), lambda assignment, request: assignment.due_date),
        (_("Status"), lambda assignment, request: assignment.get_status_display()),
        (
            _("Försenat"),
            lambda assignment, request: _("Ja") if assignment.is_overdue else _("Nej"),
        ),
        (_("Beslut"), lambda assignment, request: assignment.agenda_item.citation),
        (_("Rubrik"), lambda assignment, request: assignment.agenda_item.title),
        (_("Adress"), paragraph_url),
    ]
