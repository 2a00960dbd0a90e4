"""The admin's start page: what the secretariat has to do, the most urgent first.

Five lists, one query each whatever the data size: protocols waiting for adjustment with
the days left (Kommunallagen 5 kap. 69 §), meetings that took place but are not marked as
held, notices (kallelser) to publish, agreements that expire or have expired, and
assignments of the balanslista past their due date. Each entry links to its change page.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.db.models import Count, QuerySet
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from agreements.models import Agreement
from decisions.models import Assignment

from ..models import Meeting
from .actions import NOT_HELD, adjustment_link, begun

#: Entries shown per list; the list's "Visa alla" link leads to the rest.
SHOWN = 8


@dataclass
class Entry:
    """One thing to do: what, a link to its change page, and how urgent it is."""

    label: str
    url: str
    note: str
    urgent: bool = False
    action_label: str = ""
    action_url: str = ""


@dataclass
class ToDoList:
    """One kind of thing to do, with its entries and a link to all of them."""

    key: str
    title: str
    empty: str
    all_url: str
    entries: list[Entry] = field(default_factory=list)
    more: bool = False


def _first(queryset: QuerySet) -> tuple[list, bool]:
    """The first SHOWN rows, and whether there are more: one query."""
    rows = list(queryset[: SHOWN + 1])
    return rows[:SHOWN], len(rows) > SHOWN


def _days(count: int) -> str:
    return ngettext("%(days)d dag", "%(days)d dagar", count) % {"days": count}


def adjustment_note(meeting: Meeting, today: datetime.date) -> tuple[str, bool]:
    """ "3 dagar kvar (senast 17 december 2021)" or "Försenad 2 dagar (...)"; urgent or not."""
    days = meeting.days_left_to_adjust(today)
    deadline = date_format(meeting.adjustment_deadline)
    if days < 0:
        return _("Försenad %(days)s (senast %(date)s)") % {
            "days": _days(-days),
            "date": deadline,
        }, True
    return _("%(days)s kvar (senast %(date)s)") % {"days": _days(days), "date": deadline}, days <= 3


def took_place_unmarked(meetings: QuerySet, now: datetime.datetime | None = None) -> QuerySet:
    """Meetings that have begun but are still planned: held, but not marked so."""
    return meetings.filter(begun(now), status__in=NOT_HELD)


def _protocols(today: datetime.date) -> ToDoList:
    todo = ToDoList(
        key="adjust",
        title=_("Protokoll att justera"),
        empty=_("Inga protokoll väntar på justering."),
        all_url=reverse("admin:meetings_meeting_changelist") + "?justering=awaiting",
    )
    meetings, todo.more = _first(
        Meeting.objects.awaiting_adjustment()
        .select_related("body")
        .annotate(adjuster_count=Count("adjusters"))
    )
    for meeting in meetings:
        note, urgent = adjustment_note(meeting, today)
        action_label, action_url = adjustment_link(meeting)
        todo.entries.append(
            Entry(
                label=str(meeting),
                url=reverse("admin:meetings_meeting_change", args=[meeting.pk]),
                note=note,
                urgent=urgent,
                action_label=action_label,
                action_url=action_url,
            )
        )
    return todo


def _unmarked(today: datetime.date) -> ToDoList:
    todo = ToDoList(
        key="hold",
        title=_("Möten att markera som genomförda"),
        empty=_("Alla möten som har ägt rum är markerade som genomförda."),
        all_url=reverse("admin:meetings_meeting_changelist") + "?justering=unmarked",
    )
    meetings, todo.more = _first(
        took_place_unmarked(Meeting.objects.all()).select_related("body").order_by("date")
    )
    for meeting in meetings:
        note, urgent = adjustment_note(meeting, today)
        todo.entries.append(
            Entry(
                label=str(meeting),
                url=reverse("admin:meetings_meeting_change", args=[meeting.pk]),
                note=_("Ägde rum %(date)s; justering: %(note)s")
                % {"date": date_format(meeting.date), "note": note},
                urgent=urgent,
            )
        )
    return todo


def _notices(today: datetime.date) -> ToDoList:
    todo = ToDoList(
        key="publish",
        title=_("Kallelser att publicera"),
        empty=_("Alla kommande möten har en publicerad kallelse."),
        all_url=reverse("admin:meetings_meeting_changelist") + "?status__exact=planned",
    )
    planned = Meeting.objects.filter(status=Meeting.Status.PLANNED, date__gte=today)
    meetings, todo.more = _first(planned.select_related("body").order_by("date", "start_time"))
    for meeting in meetings:
        days = (meeting.date - today).days
        todo.entries.append(
            Entry(
                label=str(meeting),
                url=reverse("admin:meetings_meeting_change", args=[meeting.pk]),
                note=(
                    _("Mötet är i dag")
                    if days == 0
                    else _("Mötet är om %(days)s") % {"days": _days(days)}
                ),
                urgent=days <= 7,
            )
        )
    return todo


def _agreements(today: datetime.date) -> ToDoList:
    todo = ToDoList(
        key="agreements",
        title=_("Avtal som löper ut"),
        empty=_("Inga avtal löper ut det närmaste halvåret."),
        all_url=reverse("admin:agreements_agreement_changelist") + "?atgard=needing_attention",
    )
    agreements, todo.more = _first(
        Agreement.objects.needing_attention(today=today).order_by("end_date", "short_name")
    )
    for agreement in agreements:
        days = (agreement.end_date - today).days
        if days < 0:
            note = _("Löpte ut %(date)s, utan något avtal som ersätter det") % {
                "date": date_format(agreement.end_date)
            }
        else:
            note = _("Gäller till och med %(date)s (%(days)s kvar)") % {
                "date": date_format(agreement.end_date),
                "days": _days(days),
            }
        todo.entries.append(
            Entry(
                label=agreement.short_name,
                url=reverse("admin:agreements_agreement_change", args=[agreement.pk]),
                note=note,
                urgent=days < 30,
            )
        )
    return todo


def _assignments(today: datetime.date) -> ToDoList:
    todo = ToDoList(
        key="assignments",
        title=_("Försenade uppdrag"),
        empty=_("Inga uppdrag i balanslistan är försenade."),
        all_url=reverse("admin:decisions_assignment_changelist") + "?forsenad=ja",
    )
    overdue = Assignment.objects.open().filter(due_date__lt=today)
    assignments, todo.more = _first(
        overdue.select_related("responsible", "responsible_organisation").order_by("due_date")
    )
    for assignment in assignments:
        responsible = assignment.responsible or assignment.responsible_organisation
        todo.entries.append(
            Entry(
                label=Truncator(assignment.description).chars(80),
                url=reverse("admin:decisions_assignment_change", args=[assignment.pk]),
                note=_("%(responsible)s; skulle vara klart %(date)s")
                % {
                    "responsible": responsible,
                    "date": date_format(assignment.due_date),
                },
                urgent=True,
            )
        )
    return todo


#: Each list, with the permission needed to see it.
LISTS = [
    ("meetings.view_meeting", _protocols),
    ("meetings.view_meeting", _unmarked),
    ("meetings.view_meeting", _notices),
    ("agreements.view_agreement", _agreements),
    ("decisions.view_assignment", _assignments),
]


def what_needs_doing(request: HttpRequest, today: datetime.date | None = None) -> list[ToDoList]:
    """The start page's lists that the user may see, in a fixed number of queries."""
    today = today or timezone.localdate()
    return [build(today) for permission, build in LISTS if request.user.has_perm(permission)]
