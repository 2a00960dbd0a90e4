"""Writing: one protocol into the database, all or nothing."""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import DatabaseError, transaction
from django.db.models import ProtectedError
from django.utils import timezone

from decisions.models import Decision, Motion
from meetings import services
from meetings.models import (
    AgendaItem,
    Attachment,
    Attendance,
    Body,
    Meeting,
)

from .attendance import save_attendance
from .parsed import NameMention, ParsedItem, ParsedProtocol
from .parts import create_item
from .people import ResolvedPerson, _Registers, person_for, saved
from .report import ImportReport, ItemPreview, MotionPreview
from .sentences import _all_mentions


def import_protocol(
    parsed: ParsedProtocol,
    *,
    body: Body,
    date: datetime.date | None = None,
    adjusted: bool = False,
    replace: bool = False,
    dry_run: bool = False,
    user=None,
) -> ImportReport:
    """Write a parsed protocol as the meeting of `body` on `date`, all or nothing.

    `date` may be left out when the text gives the meeting's date; when both are given
    they must agree, and when neither is, the file is refused.

    An existing meeting is left alone unless `replace`: then its draft paragraphs are
    replaced by the file's and its adjusted ones are kept as they are. `dry_run` does
    everything and rolls it back, so the report is a faithful preview. The protocol is
    made public only when `adjusted` is asked for: then the adjustment is recorded through
    `services.record_adjustment` in `user`'s name, as any other adjustment is.
    """
    date = meeting_date(parsed, date)
    report = ImportReport(parsed=parsed, body=body, date=date, dry_run=dry_run)
    line: int | None = None
    try:
        with transaction.atomic():
            people = _resolve_people(parsed, _Registers(parsed))
            existing = Meeting.objects.filter(body=body, date=date).first()
            report.meeting_existed = existing is not None
            report.replaced = bool(existing and replace)
            kept = _adjusted_items(existing) if existing and replace else {}
            _fill_preview(report, people, kept)
            if existing and not replace:
                return report
            _check_paragraph_numbers(parsed, body, date, existing)
            meeting = _save_meeting(parsed, body, date, existing, people, adjusted)
            if existing:
                _delete_draft_items(parsed, existing)
            created = []
            for preview in report.written:
                line = preview.item.line
                created.append((preview.item, create_item(parsed, meeting, preview.item, people)))
            line = None
            save_attendance(parsed, meeting, people)
            if adjusted and not meeting.is_adjusted:
                _record_adjustment(parsed, meeting, created, user)
            elif not meeting.is_adjusted:
                _warn_unadjusted(parsed)
            if dry_run:
                transaction.set_rollback(True)
            else:
                report.meeting = meeting
    except ProtectedError as exc:
        raise parsed.error(
            "Mötets ojusterade paragrafer kan inte ersättas: någon av dem har uppdrag i "
            "balanslistan eller ett beslut som ett avtal hänvisar till. Ta bort dem i admin "
            "först, eller importera utan att ersätta."
        ) from exc
    except DatabaseError as exc:
        raise parsed.error(f"Databasen vägrade spara: {exc}", line) from exc
    return report


def meeting_date(parsed: ParsedProtocol, given: datetime.date | None) -> datetime.date:
    """The meeting's date: the one given, the one in the text, and they must agree."""
    if given and parsed.date and given != parsed.date:
        raise parsed.error(
            f"Angivet datum {given.isoformat()} stämmer inte med protokollets datum "
            f"{parsed.date.isoformat()}; rätta datumet eller utelämna det.",
            parsed.date_line,
        )
    date = given or parsed.date
    if date is not None:
        return date
    raise parsed.error(
        "Protokollet anger inget mötesdatum som kunde läsas; ange datumet (--date ÅÅÅÅ-MM-DD)."
    )


_OFFICIAL_ROLES = {Attendance.Role.OFFICIAL, Attendance.Role.SECRETARY, Attendance.Role.GUEST}


def _resolve_people(
    parsed: ParsedProtocol, registers: _Registers
) -> dict[str, ResolvedPerson | None]:
    """Each written name (and "Ordföranden", as the chair) to the person it names."""
    people: dict[str, ResolvedPerson | None] = {}
    mentions = list(_all_mentions(parsed))
    # Letters after an official's name are an organisation's, never a local party's.
    officials = {m.name for item in parsed.items for m in item.presenters}
    officials |= {a.mention.name for a in parsed.attendance if a.role in _OFFICIAL_ROLES}
    if parsed.secretary:
        officials.add(parsed.secretary.name)
    for mention in mentions:
        people[mention.name] = registers.resolve(mention, political=mention.name not in officials)
    for item in parsed.items:
        for motion in item.motions:
            if motion.mover is None and parsed.chair is None:
                parsed.warn(
                    motion.line,
                    "Ordföranden yrkar, men texten namnger ingen ordförande; yrkandet hoppas över.",
                )
    return people


#: The preview's headings for the cover page's lists (the chair and the secretary have
#: their own lines).
_ATTENDANCE_HEADINGS = {
    Attendance.Role.MEMBER: "Ledamöter",
    Attendance.Role.SUBSTITUTE: "Ersättare",
    Attendance.Role.OFFICIAL: "Övriga närvarande",
    Attendance.Role.GUEST: "Gäster",
}


def _fill_preview(
    report: ImportReport, people: dict[str, ResolvedPerson | None], adjusted: dict
) -> None:
    parsed = report.parsed

    def names(mentions: Iterable[NameMention | None]) -> list[str]:
        return _unique(resolved.name for m in mentions if (resolved := person_for(people, m)))

    chair = person_for(people, parsed.chair)
    report.chair = chair.name if chair else ""
    report.secretary = ", ".join(names([parsed.secretary]))
    report.adjusters = names(parsed.adjusters)
    for role, heading in _ATTENDANCE_HEADINGS.items():
        listed = names(a.mention for a in parsed.attendance if a.role == role)
        if listed:
            report.attendance.append((heading, listed))
    report.new_people = _unique(
        resolved.name for resolved in people.values() if resolved and resolved.is_new
    )
    outcomes = dict(Motion.Outcome.choices)
    for item in parsed.items:
        motions = [
            MotionPreview(mover.name, motion.text, str(outcomes[motion.outcome]))
            for motion in item.motions
            if (mover := person_for(people, motion.mover) if motion.mover else chair)
        ]
        if item.position in adjusted.get("positions", ()) or (
            item.number is not None and item.number in adjusted.get("numbers", ())
        ):
            action = "kept"
        else:
            action = "replaced" if report.replaced else "new"
        report.items.append(
            ItemPreview(
                item,
                names(item.presenters),
                motions,
                action,
                reservations=names(r.mention for r in item.reservations),
            )
        )


def _unique(values: Iterable) -> list:
    return list(dict.fromkeys(values))


def _adjusted_items(meeting: Meeting) -> dict[str, set[int]]:
    adjusted = meeting.agenda_items.filter(state=AgendaItem.State.ADJUSTED)
    return {
        "positions": set(adjusted.values_list("position", flat=True)),
        "numbers": {number for number in adjusted.values_list("number", flat=True) if number},
    }


def _check_paragraph_numbers(
    parsed: ParsedProtocol, body: Body, date: datetime.date, existing: Meeting | None
) -> None:
    numbers = {item.number: item for item in parsed.items if item.number}
    taken = AgendaItem.objects.numbers_taken(
        body.pk, date.year, numbers, exclude_meeting_id=existing.pk if existing else None
    )
    clash = taken.select_related("meeting").first()
    if clash:
        raise parsed.error(
            f"§ {clash.number} finns redan för {body.short_name} {date.year}, i mötet den "
            f"{clash.meeting.date.isoformat()}.",
            numbers[clash.number].line,
        )


def _save_meeting(
    parsed: ParsedProtocol,
    body: Body,
    date: datetime.date,
    existing: Meeting | None,
    people: dict[str, ResolvedPerson | None],
    adjusted: bool,
) -> Meeting:
    meeting = existing or Meeting(body=body, date=date, status=Meeting.Status.HELD)
    if meeting.is_adjusted:
        # Its chair, times and attendance are part of the adjusted protocol.
        return meeting
    if chair := person_for(people, parsed.chair):
        meeting.chair = saved(chair)
    meeting.start_time = parsed.start_time or meeting.start_time
    meeting.end_time = parsed.end_time or meeting.end_time
    if meeting.start_time and meeting.end_time and meeting.end_time <= meeting.start_time:
        meeting.end_time = None
    meeting.place = meeting.place or parsed.place[:200]
    meeting.is_digital = meeting.is_digital or parsed.is_digital
    meeting.adjustment_place = meeting.adjustment_place or parsed.adjustment_place[:200]
    meeting.adjustment_planned_on = meeting.adjustment_planned_on or parsed.adjustment_date
    meeting.save()
    return meeting


def _record_adjustment(
    parsed: ParsedProtocol,
    meeting: Meeting,
    created: list[tuple[ParsedItem, AgendaItem]],
    user,
) -> None:
    """Adjust as the operator chose, on the dates the protocol's notice gives if it does."""
    adjusted_on = parsed.adjusted_on
    if adjusted_on and adjusted_on < meeting.date:
        parsed.warn(
            None,
            f"Justeringsdagen {adjusted_on.isoformat()} ligger före mötet; importens "
            "tidpunkt används i stället.",
        )
        adjusted_on = None
    if adjusted_on:
        # The protocol gives a day, not a time: noon, or on the meeting's own day, when
        # it ended (or began) if later, since a protocol is adjusted after its meeting.
        time = datetime.time(12)
        if adjusted_on == meeting.date:
            time = max(time, meeting.end_time or meeting.start_time or time)
        at = timezone.make_aware(datetime.datetime.combine(adjusted_on, time))
    else:
        at = timezone.now()
        parsed.warn(
            None,
            "Protokollet markeras som justerat med importens tidpunkt som "
            "justeringstid; ange den verkliga tiden i admin om den är känd.",
        )
    posted_on = parsed.posted_on
    if posted_on and posted_on < timezone.localdate(at):
        parsed.warn(
            None,
            f"Anslagsdagen {posted_on.isoformat()} ligger före justeringen och sparas inte; "
            "ange den i admin.",
        )
        posted_on = None
    elif posted_on and posted_on > timezone.localdate(at) + datetime.timedelta(days=2):
        parsed.warn(
            None,
            f"Justeringen anslogs {posted_on.isoformat()}, mer än två dagar efter "
            "justeringen (Kommunallagen 8 kap. 12 §); datumet sparas som det står.",
        )
    try:
        services.record_adjustment(
            meeting,
            user,
            at=at,
            posted_on=posted_on,
            immediately=[stored.pk for item, stored in created if item.adjusted_immediately],
        )
    except ValidationError as refusal:
        raise parsed.error(" ".join(refusal.messages)) from refusal


def _warn_unadjusted(parsed: ParsedProtocol) -> None:
    """Text alone never publishes: a misread line must not make a protocol public."""
    if parsed.adjustment_evidence or any(item.adjusted for item in parsed.items):
        line = parsed.adjustment_evidence[0][0] if parsed.adjustment_evidence else None
        parsed.warn(
            line,
            "Texten säger att protokollet är justerat, men det importeras som ojusterat "
            "utkast. Välj ”justerat” vid importen för att publicera det.",
        )
    for item in parsed.items:
        if item.adjusted_immediately:
            parsed.warn(
                item.line,
                "Texten säger att paragrafen justerades omedelbart, men den importeras som "
                "ojusterat utkast med resten av protokollet.",
            )


def _delete_draft_items(parsed: ParsedProtocol, meeting: Meeting) -> None:
    drafts = meeting.agenda_items.filter(state=AgendaItem.State.DRAFT)
    if Attachment.objects.filter(agenda_item__in=drafts).exclude(file="").exists():
        raise parsed.error(
            "Mötets ojusterade paragrafer har uppladdade bilagor som skulle gå förlorade; "
            "flytta eller ta bort dem i admin först."
        )
    Decision.objects.filter(agenda_item__in=drafts).delete()
    drafts.delete()
