"""Writing: one protocol into the database, all or nothing."""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.db import DatabaseError, transaction
from django.db.models import ProtectedError
from django.utils import timezone
from django.utils.text import slugify

from decisions.models import Decision, DecisionPoint, Motion, ProposalPoint
from meetings import services
from meetings.models import (
    AgendaItem,
    Attachment,
    Attendance,
    Body,
    Meeting,
    Organisation,
    Person,
)

from .parsed import NameMention, ParsedItem, ParsedProtocol
from .people import ResolvedPerson, _Registers
from .report import ImportReport, ItemPreview
from .sentences import _all_mentions


def import_protocol(
    parsed: ParsedProtocol,
    *,
    body: Body,
    date: datetime.date,
    adjusted: bool = False,
    replace: bool = False,
    dry_run: bool = False,
    user=None,
) -> ImportReport:
    """Write a parsed protocol as the meeting of `body` on `date`, all or nothing.

    An existing meeting is left alone unless `replace`: then its draft paragraphs are
    replaced by the file's and its adjusted ones are kept as they are. `dry_run` does
    everything and rolls it back, so the report is a faithful preview. The protocol is
    made public only when `adjusted` is asked for: then the adjustment is recorded through
    `services.record_adjustment` in `user`'s name, as any other adjustment is.
    """
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
            for preview in report.written:
                line = preview.item.line
                _create_item(meeting, preview.item, people)
            line = None
            _save_attendance(parsed, meeting, people)
            if adjusted and not meeting.is_adjusted:
                # The text says the protocol is adjusted but not when; the import's time
                # stands in.
                services.record_adjustment(meeting, user, at=timezone.now())
                parsed.warn(
                    None,
                    "Protokollet markeras som justerat med importens tidpunkt som "
                    "justeringstid; ange den verkliga tiden i admin om den är känd.",
                )
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


def _resolve_people(
    parsed: ParsedProtocol, registers: _Registers
) -> dict[str, ResolvedPerson | None]:
    """Each written name (and "Ordföranden", as the chair) to the person it names."""
    people: dict[str, ResolvedPerson | None] = {}
    for mention in _all_mentions(parsed):
        people[mention.name] = registers.resolve(mention)
    for item in parsed.items:
        for motion in item.motions:
            if motion.mover is None and parsed.chair is None:
                parsed.warn(
                    motion.line,
                    "Ordföranden yrkar, men texten namnger ingen ordförande; yrkandet hoppas över.",
                )
    return people


def _person(people: dict[str, ResolvedPerson | None], mention: NameMention | None):
    return people.get(mention.name) if mention else None


def _fill_preview(
    report: ImportReport, people: dict[str, ResolvedPerson | None], adjusted: dict
) -> None:
    parsed = report.parsed
    chair = _person(people, parsed.chair)
    report.chair = chair.name if chair else ""
    report.new_people = _unique(
        resolved.name for resolved in people.values() if resolved and resolved.is_new
    )
    for item in parsed.items:
        presenters = _unique(
            resolved.name for mention in item.presenters if (resolved := people[mention.name])
        )
        motions = [
            (mover.name, motion.text)
            for motion in item.motions
            if (mover := _person(people, motion.mover) if motion.mover else chair)
        ]
        if item.position in adjusted.get("positions", ()) or (
            item.number is not None and item.number in adjusted.get("numbers", ())
        ):
            action = "kept"
        else:
            action = "replaced" if report.replaced else "new"
        report.items.append(ItemPreview(item, presenters, motions, action))


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


def _saved(resolved: ResolvedPerson) -> Person:
    """The resolved person, saving a new one the first time it is needed."""
    if resolved.existing is not None:
        return resolved.existing
    if resolved.saved is None:
        resolved.saved = Person.objects.create(
            name=resolved.name[:200],
            slug=_free_slug(resolved.name),
            party=resolved.party,
            organisation=resolved.organisation,
            title=resolved.title,
        )
    return resolved.saved


def _free_slug(name: str) -> str:
    base = slugify(name)[:90] or "person"
    taken = set(Person.objects.filter(slug__startswith=base).values_list("slug", flat=True))
    slug, suffix = base, 2
    while slug in taken:
        slug, suffix = f"{base}-{suffix}", suffix + 1
    return slug


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
    if chair := _person(people, parsed.chair):
        meeting.chair = _saved(chair)
    meeting.start_time = parsed.start_time or meeting.start_time
    meeting.end_time = parsed.end_time or meeting.end_time
    if meeting.start_time and meeting.end_time and meeting.end_time <= meeting.start_time:
        meeting.end_time = None
    if not adjusted and any(item.adjusted for item in parsed.items):
        # Text alone never publishes: a misread line must not make a protocol public.
        parsed.warn(
            None,
            "Texten säger att protokollet är justerat, men det importeras som ojusterat "
            "utkast. Välj ”justerat” vid importen för att publicera det.",
        )
    meeting.save()
    return meeting


def _delete_draft_items(parsed: ParsedProtocol, meeting: Meeting) -> None:
    drafts = meeting.agenda_items.filter(state=AgendaItem.State.DRAFT)
    if Attachment.objects.filter(agenda_item__in=drafts).exclude(file="").exists():
        raise parsed.error(
            "Mötets ojusterade paragrafer har uppladdade bilagor som skulle gå förlorade; "
            "flytta eller ta bort dem i admin först."
        )
    Decision.objects.filter(agenda_item__in=drafts).delete()
    drafts.delete()


def _create_item(
    meeting: Meeting,
    item: ParsedItem,
    people: dict[str, ResolvedPerson | None],
) -> AgendaItem:
    agenda_item = AgendaItem.objects.create(
        meeting=meeting,
        position=item.position,
        number=item.number,
        title=item.title[:300],
        title_needs_review=item.title_needs_review,
        text=item.text,
    )
    presenters = [_saved(resolved) for m in item.presenters if (resolved := people[m.name])]
    agenda_item.presenters.set(_unique(presenters))
    if item.proposal_points or item.decision_points:
        Decision.objects.create(agenda_item=agenda_item, kind=item.decision_kind)
    ProposalPoint.objects.bulk_create(
        ProposalPoint(agenda_item=agenda_item, position=index, text=text)
        for index, text in enumerate(item.proposal_points, start=1)
    )
    DecisionPoint.objects.bulk_create(
        DecisionPoint(agenda_item=agenda_item, position=index, text=text)
        for index, text in enumerate(item.decision_points, start=1)
    )
    movers = [
        (_saved(resolved) if (resolved := _person(people, m.mover)) else None)
        if m.mover
        else meeting.chair
        for m in item.motions
    ]
    Motion.objects.bulk_create(
        Motion(agenda_item=agenda_item, position=index, mover=mover, text=motion.text)
        for index, (motion, mover) in enumerate(
            ((motion, mover) for motion, mover in zip(item.motions, movers, strict=True) if mover),
            start=1,
        )
    )
    Attachment.objects.bulk_create(
        Attachment(agenda_item=agenda_item, title=title[:300], position=index)
        for index, title in enumerate(item.attachments, start=1)
    )
    return agenda_item


def _save_attendance(
    parsed: ParsedProtocol, meeting: Meeting, people: dict[str, ResolvedPerson | None]
) -> None:
    """The chair, the presenters, and those who moved a motion (as members)."""
    if meeting.is_adjusted:
        return
    wanted: dict[tuple[Person, str], Organisation | None] = {}
    if chair := _person(people, parsed.chair):
        wanted[(_saved(chair), Attendance.Role.CHAIR)] = chair.organisation
    for item in parsed.items:
        for mention in item.presenters:
            if resolved := people[mention.name]:
                wanted.setdefault(
                    (_saved(resolved), Attendance.Role.PRESENTER), resolved.organisation
                )
    present = {person for person, _role in wanted}
    for item in parsed.items:
        for motion in item.motions:
            resolved = _person(people, motion.mover)
            if resolved and _saved(resolved) not in present:
                wanted.setdefault((_saved(resolved), Attendance.Role.MEMBER), resolved.organisation)
    there = set(meeting.attendances.values_list("person_id", "role"))
    Attendance.objects.bulk_create(
        Attendance(meeting=meeting, person=person, role=role, organisation=organisation)
        for (person, role), organisation in wanted.items()
        if (person.pk, role) not in there
    )
