"""A meeting's actions in the admin: offered only where they can succeed.

The services (meetings.services) refuse an action that cannot be taken; here the admin
avoids offering it: the change page shows a button for each action the meeting's status
and date allow, and the meeting list's menu holds an action only while some meeting
could take it.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db.models import Count, Q, QuerySet
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .. import services
from ..models import Meeting

NOT_HELD = (Meeting.Status.PLANNED, Meeting.Status.AGENDA_PUBLISHED)


@dataclass(frozen=True)
class MeetingAction:
    """One of a meeting's actions: its name in URLs, its button and its service."""

    name: str
    label: str
    done: str
    service: object
    #: The question a confirmation page asks first, for an action that cannot be undone.
    confirm: str = ""

    def run(self, meeting: Meeting, user) -> None:
        self.service(meeting, user)


ACTIONS = {
    action.name: action
    for action in [
        MeetingAction(
            "publish",
            _("Publicera kallelsen"),
            _("Kallelsen för %(meeting)s är publicerad."),
            services.publish_agenda,
        ),
        MeetingAction(
            "hold",
            _("Markera som genomfört"),
            _("%(meeting)s är markerat som genomfört."),
            services.hold_meeting,
        ),
        MeetingAction(
            "cancel",
            _("Ställ in mötet"),
            _("%(meeting)s är inställt."),
            services.cancel_meeting,
            confirm=_(
                "Vill du ställa in %(meeting)s? Mötet försvinner från kommande möten och "
                "kalendern, och det går inte att ångra."
            ),
        ),
    ]
}


def can_publish(meeting: Meeting) -> bool:
    return meeting.status == Meeting.Status.PLANNED


def begun(now: datetime.datetime | None = None) -> Q:
    """Meetings that have begun by `now`: on an earlier day, or today from their start time
    (all day, when no time is set)."""
    now = timezone.localtime(now)
    today = Q(date=now.date()) & (Q(start_time=None) | Q(start_time__lte=now.time()))
    return Q(date__lt=now.date()) | today


def has_begun(meeting: Meeting, now: datetime.datetime | None = None) -> bool:
    return meeting.starts_at <= (now or timezone.now())


def can_hold(meeting: Meeting, now: datetime.datetime | None = None) -> bool:
    """Planned and begun: a meeting at 18.00 today is not held at 15.00."""
    return meeting.status in NOT_HELD and has_begun(meeting, now)


def can_cancel(meeting: Meeting) -> bool:
    return meeting.status in NOT_HELD


def can_adjust(meeting: Meeting) -> bool:
    """Held and not yet adjusted: a protocol exists and waits for its adjustment."""
    return meeting.status == Meeting.Status.HELD


def missing_for_adjustment(meeting: Meeting) -> str:
    """What the meeting's form still needs before its protocol can be adjusted (the chair
    and the adjusters sign it), as a call to action; empty when nothing is missing. Reads
    `adjuster_count` where the list annotated it."""
    count = getattr(meeting, "adjuster_count", None)
    has_adjusters = meeting.adjusters.exists() if count is None else count > 0
    if not meeting.chair_id and not has_adjusters:
        return _("Ange först ordförande och justerare")
    if not meeting.chair_id:
        return _("Ange först ordförande")
    if not has_adjusters:
        return _("Ange först justerare")
    return ""


def adjustment_link(meeting: Meeting) -> tuple[str, str]:
    """The label and address of the next step towards adjusting a held meeting: the
    adjustment itself, or the meeting's form while its chair or adjusters are missing."""
    missing = missing_for_adjustment(meeting)
    if missing:
        return missing, reverse("admin:meetings_meeting_change", args=[meeting.pk])
    return _("Registrera justering"), reverse("admin:meetings_meeting_adjust", args=[meeting.pk])


def available_actions(
    meeting: Meeting, now: datetime.datetime | None = None
) -> list[MeetingAction]:
    """The actions of ACTIONS that the meeting's status and date allow now, in order."""
    if meeting.pk is None:
        return []
    allowed = {
        "publish": can_publish(meeting),
        "hold": can_hold(meeting, now),
        "cancel": can_cancel(meeting),
    }
    return [action for name, action in ACTIONS.items() if allowed[name]]


def _run_for_each(modeladmin, request: HttpRequest, queryset: QuerySet, action: str) -> None:
    """Run a meeting's action on each chosen meeting; say what happened to each."""
    for meeting in queryset:
        try:
            ACTIONS[action].run(meeting, request.user)
        except ValidationError as error:
            modeladmin.message_user(request, " ".join(error.messages), messages.ERROR)
        else:
            modeladmin.message_user(request, ACTIONS[action].done % {"meeting": meeting})


@admin.action(description=_("Publicera kallelsen för valda möten"))
def publish_agendas(modeladmin, request: HttpRequest, queryset: QuerySet) -> None:
    _run_for_each(modeladmin, request, queryset, "publish")


@admin.action(description=_("Markera valda möten som genomförda"))
def hold_meetings(modeladmin, request: HttpRequest, queryset: QuerySet) -> None:
    _run_for_each(modeladmin, request, queryset, "hold")


@admin.action(description=_("Ställ in valda möten"))
def cancel_meetings(modeladmin, request: HttpRequest, queryset: QuerySet) -> None:
    _run_for_each(modeladmin, request, queryset, "cancel")


def bulk_actions_that_can_succeed(now: datetime.datetime | None = None) -> set[str]:
    """The names of the list's actions that some meeting could take now: one query."""
    counts = Meeting.objects.aggregate(
        publish_agendas=Count("pk", filter=Q(status=Meeting.Status.PLANNED)),
        hold_meetings=Count("pk", filter=Q(status__in=NOT_HELD) & begun(now)),
        cancel_meetings=Count("pk", filter=Q(status__in=NOT_HELD)),
    )
    return {name for name, count in counts.items() if count}
