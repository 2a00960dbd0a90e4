"""Writes that span several models: publishing the agenda (kallelse) and adjusting a protocol.

Adjusting (justering, Kommunallagen 5 kap. 69-70 §§) is the moment a paragraph becomes
public. It happens here and nowhere else, in one transaction, after the checks below.
"""

from __future__ import annotations

import datetime

from django.contrib.admin.models import CHANGE, LogEntry
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from .models import AdjustmentApproval, AgendaItem, Meeting, Person


def publish_agenda(meeting: Meeting, user, at: datetime.datetime | None = None) -> None:
    """Publish the agenda (kallelse): its titles and public documents become public."""
    if meeting.status != Meeting.Status.PLANNED:
        raise ValidationError(
            _("Kallelsen kan bara publiceras för ett planerat möte (%(meeting)s är %(status)s).")
            % {"meeting": meeting, "status": meeting.get_status_display().lower()}
        )
    meeting.status = Meeting.Status.AGENDA_PUBLISHED
    meeting.agenda_published_at = at or timezone.now()
    meeting.save(update_fields=["status", "agenda_published_at"])
    _log(user, meeting, _("Kallelsen publicerad."))


def _refusals(meeting: Meeting, items: list[AgendaItem], at: datetime.datetime) -> list[str]:
    """Why the items of `meeting` cannot be adjusted at `at`, as sentences; empty if they can."""
    problems = []
    if timezone.localdate(at) < meeting.date:
        problems.append(
            _("Justeringen (%(date)s) kan inte ligga före mötet (%(meeting)s).")
            % {"date": timezone.localdate(at).isoformat(), "meeting": meeting.date.isoformat()}
        )
    if not meeting.chair_id:
        problems.append(_("Mötet saknar ordförande."))
    if not meeting.adjusters.exists():
        problems.append(_("Mötet saknar justerare; ange dem under Val av justerare."))
    undecided = AgendaItem.objects.filter(
        pk__in=[item.pk for item in items], proposal_points__isnull=False
    ).exclude(decision_points__isnull=False)
    for item in undecided.distinct().order_by("position"):
        problems.append(
            _("%(item)s har ett förslag till beslut men inget beslut.") % {"item": item}
        )
    return problems


@transaction.atomic
def adjust_protocol(
    meeting: Meeting,
    user,
    at: datetime.datetime | None = None,
    method: str = Meeting.AdjustmentMethod.PAPER,
) -> int:
    """Adjust the whole protocol at `at`: every draft paragraph becomes public at once.

    Posts the adjustment on the notice board (anslag) the same day for bodies that post. Returns
    the number of paragraphs adjusted. Raises ValidationError with every reason it refuses.
    """
    at = at or timezone.now()
    meeting = Meeting.objects.select_for_update().select_related("body").get(pk=meeting.pk)
    if meeting.is_adjusted:
        raise ValidationError(_("Protokollet är redan justerat."))
    drafts = list(meeting.agenda_items.filter(state=AgendaItem.State.DRAFT))
    problems = _refusals(meeting, drafts, at)
    if problems:
        raise ValidationError(problems)
    for item in drafts:
        item.state = AgendaItem.State.ADJUSTED
        item.adjusted_at = at
        item.save()  # through save(), so the history keeps the adjusted version
    meeting.status = Meeting.Status.ADJUSTED
    meeting.adjusted_at = at
    meeting.adjustment_method = method
    if meeting.body.posts_adjustments:
        meeting.posted_on = timezone.localdate(at)
    meeting.save()
    _log(
        user,
        meeting,
        ngettext(
            "Protokollet justerat (%(method)s), %(count)d paragraf publicerad.",
            "Protokollet justerat (%(method)s), %(count)d paragrafer publicerade.",
            len(drafts),
        )
        % {"method": meeting.get_adjustment_method_display().lower(), "count": len(drafts)},
    )
    return len(drafts)


@transaction.atomic
def adjust_immediately(item: AgendaItem, user, at: datetime.datetime | None = None) -> None:
    """Adjust one paragraph at once, at the meeting (omedelbar justering, 5 kap. 70 §)."""
    at = at or timezone.now()
    item = AgendaItem.objects.select_for_update().select_related("meeting").get(pk=item.pk)
    if item.is_adjusted:
        raise ValidationError(_("%(item)s är redan justerad.") % {"item": item})
    problems = _refusals(item.meeting, [item], at)
    if problems:
        raise ValidationError(problems)
    item.state = AgendaItem.State.ADJUSTED
    item.adjusted_at = at
    item.adjusted_immediately = True
    item.save()
    _log(user, item, _("Paragrafen justerad omedelbart."))


def expected_approvers(meeting: Meeting) -> list[Person]:
    """The chair and every adjuster: those whose approval adjusts the protocol digitally."""
    people = list(meeting.adjusters.all())
    if meeting.chair and meeting.chair not in people:
        people.insert(0, meeting.chair)
    return people


@transaction.atomic
def answer_draft(
    meeting: Meeting, user, kind: str, comment: str = "", at: datetime.datetime | None = None
) -> AdjustmentApproval:
    """Record the chair's or an adjuster's digital answer; adjust when all have approved.

    The protocol is adjusted at the moment of the last approval.
    """
    at = at or timezone.now()
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    person = Person.objects.filter(user=user).first()
    if person is None or person not in expected_approvers(meeting):
        raise ValidationError(_("Bara ordföranden och justerarna kan justera protokollet."))
    if meeting.is_adjusted:
        raise ValidationError(_("Protokollet är redan justerat."))
    answer = AdjustmentApproval(
        meeting=meeting, person=person, user=user, kind=kind, comment=comment, created_at=at
    )
    answer.full_clean()
    answer.save()
    approved = set(meeting.approvals.valid().values_list("person_id", flat=True))
    if approved >= {person.pk for person in expected_approvers(meeting)}:
        adjust_protocol(meeting, user, at=at, method=Meeting.AdjustmentMethod.DIGITAL)
    return answer


def _log(user, obj, message: str) -> None:
    """Record the action in the admin's log, which is the secretariat's audit view."""
    if user is None or not user.is_authenticated:
        return
    LogEntry.objects.log_actions(
        user_id=user.pk,
        queryset=[obj],
        action_flag=CHANGE,
        change_message=message,
        single_object=True,
    )
