"""A meeting's actions: publish the agenda (kallelse), hold, adjust, cancel.

A meeting's status and a paragraph's state move here and nowhere else (the models refuse
it outside `record.action()`), each action in one transaction and logged in the admin's
log. Adjusting (justering, Kommunallagen 5 kap. 69-70 §§) is the moment a paragraph
becomes public.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.contrib.admin.models import CHANGE, LogEntry
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from .models import AdjustmentApproval, AgendaItem, Meeting, Person, record


def _locked(meeting: Meeting) -> Meeting:
    """The meeting read again under a row lock, so that two actions never interleave."""
    return Meeting.objects.select_for_update().select_related("body").get(pk=meeting.pk)


def _refuse_unless(meeting: Meeting, statuses: tuple[str, ...], message: str) -> None:
    if meeting.status not in statuses:
        raise ValidationError(
            message % {"meeting": meeting, "status": meeting.get_status_display().lower()}
        )


def _move(meeting: Meeting, original: Meeting, **fields) -> None:
    """Set and save the fields of a meeting's action; the caller's copy follows."""
    for name, value in fields.items():
        setattr(meeting, name, value)
        setattr(original, name, value)
    with record.action():
        # The version too: a page loaded before the action is stale after it.
        meeting.save(update_fields=[*fields, "version"])


@transaction.atomic
def publish_agenda(meeting: Meeting, user, at: datetime.datetime | None = None) -> None:
    """Publish the agenda (kallelse): its titles and public documents become public."""
    locked = _locked(meeting)
    _refuse_unless(
        locked,
        (Meeting.Status.PLANNED,),
        _("Kallelsen kan bara publiceras för ett planerat möte (%(meeting)s är %(status)s)."),
    )
    _move(
        locked,
        meeting,
        status=Meeting.Status.AGENDA_PUBLISHED,
        agenda_published_at=at or timezone.now(),
    )
    _log(user, locked, _("Kallelsen publicerad."))


@transaction.atomic
def hold_meeting(meeting: Meeting, user) -> None:
    """Record that the meeting was held: its protocol now waits for adjustment.

    Holding publishes nothing; the agenda is public only if its notice was published.
    """
    locked = _locked(meeting)
    _refuse_unless(
        locked,
        (Meeting.Status.PLANNED, Meeting.Status.AGENDA_PUBLISHED),
        _("Bara ett planerat möte kan markeras som genomfört (%(meeting)s är %(status)s)."),
    )
    if locked.starts_at > timezone.now():
        raise ValidationError(_("Mötet %(meeting)s har inte börjat ännu.") % {"meeting": locked})
    _move(locked, meeting, status=Meeting.Status.HELD)
    _log(user, locked, _("Mötet markerat som genomfört."))


@transaction.atomic
def cancel_meeting(meeting: Meeting, user) -> None:
    """Cancel a meeting that has not been held."""
    locked = _locked(meeting)
    _refuse_unless(
        locked,
        (Meeting.Status.PLANNED, Meeting.Status.AGENDA_PUBLISHED),
        _("Bara ett planerat möte kan ställas in (%(meeting)s är %(status)s)."),
    )
    _move(locked, meeting, status=Meeting.Status.CANCELLED)
    _log(user, locked, _("Mötet inställt."))


def _refusals(meeting: Meeting, items: list[AgendaItem], at: datetime.datetime) -> list[str]:
    """Why the items of `meeting` cannot be adjusted at `at`, as sentences; empty if they can."""
    problems = []
    too_early = meeting.too_early_to_adjust(at)
    if too_early:
        problems.append(too_early)
    if not meeting.chair_id:
        problems.append(_("Mötet saknar ordförande."))
    if not meeting.adjusters.exists():
        problems.append(_("Mötet saknar justerare; ange dem i mötets fält Justerare."))
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
    original, meeting = meeting, _locked(meeting)
    if meeting.is_adjusted:
        raise ValidationError(_("Protokollet är redan justerat."))
    if meeting.is_cancelled:
        raise ValidationError(_("Ett inställt möte har inget protokoll att justera."))
    drafts = _locked_drafts(meeting)
    problems = _refusals(meeting, drafts, at)
    if problems:
        raise ValidationError(problems)
    _adjust(meeting, original, drafts, at, method, post=meeting.body.posts_adjustments)
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


def _locked_drafts(meeting: Meeting) -> list[AgendaItem]:
    """The meeting's drafts, locked and read as committed now.

    An edit that commits while the adjustment waits for the lock is what gets adjusted:
    nothing read before the lock is written back.
    """
    return list(
        AgendaItem.objects.select_for_update()
        .filter(meeting=meeting, state=AgendaItem.State.DRAFT)
        .order_by("position")
    )


def _adjust(
    meeting: Meeting,
    original: Meeting,
    drafts: list[AgendaItem],
    at: datetime.datetime,
    method: str,
    post: bool,
) -> None:
    with record.action():
        for item in drafts:
            item.state = AgendaItem.State.ADJUSTED
            item.adjusted_at = at
            # Only the state is written: the rest of the row is as the lock found it. The
            # history records the whole row, so it keeps the adjusted version.
            item.save(update_fields=["state", "adjusted_at", "adjusted_immediately", "version"])
    fields = {
        "status": Meeting.Status.ADJUSTED,
        "adjusted_at": at,
        "adjustment_method": method,
    }
    if post:
        fields["posted_on"] = timezone.localdate(at)
    _move(meeting, original, **fields)


@transaction.atomic
def record_adjustment(
    meeting: Meeting,
    user,
    at: datetime.datetime,
    posted_on: datetime.date | None = None,
    immediately: Iterable[int] = (),
) -> int:
    """Record a protocol adjusted elsewhere, such as an archived protocol being imported.

    Unlike `adjust_protocol`, it does not ask for the chair and adjusters (old protocols
    rarely name them in a form the importer reads) and posts nothing on the notice board
    itself: the protocol's own notice gives `posted_on`, when it does. The paragraphs whose
    ids are in `immediately` were adjusted at the meeting (omedelbar justering). The
    importer calls it only when asked to (`--adjusted`, or the checkbox of the admin's
    import).
    """
    original, meeting = meeting, _locked(meeting)
    if meeting.is_adjusted:
        raise ValidationError(_("Protokollet är redan justerat."))
    too_early = meeting.too_early_to_adjust(at)
    if too_early:
        raise ValidationError(too_early)
    if posted_on and posted_on < timezone.localdate(at):
        raise ValidationError(_("Justeringen kan anslås först när protokollet är justerat."))
    drafts = _locked_drafts(meeting)
    immediately = set(immediately)
    for item in drafts:
        item.adjusted_immediately = item.pk in immediately
    _adjust(meeting, original, drafts, at, Meeting.AdjustmentMethod.PAPER, post=False)
    if posted_on:
        _move(meeting, original, posted_on=posted_on)
    _log(
        user,
        meeting,
        ngettext(
            "Justering registrerad vid import, %(count)d paragraf publicerad.",
            "Justering registrerad vid import, %(count)d paragrafer publicerade.",
            len(drafts),
        )
        % {"count": len(drafts)},
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
    with record.action():
        item.save(update_fields=["state", "adjusted_at", "adjusted_immediately", "version"])
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
