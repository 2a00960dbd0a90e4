"""Writing who took part: the cover page's lists, the secretary, the adjusters, and those
the minutes name (the chair, the presenters, the members who moved a motion)."""

from __future__ import annotations

from meetings.models import Attendance, Meeting, Organisation, Person

from .parsed import ParsedProtocol
from .people import ResolvedPerson, person_for, saved

People = dict[str, ResolvedPerson | None]


def save_attendance(parsed: ParsedProtocol, meeting: Meeting, people: People) -> None:
    """Each person once per role, in the roles the protocol gives them; the adjusters as
    the meeting's adjusters. An adjusted meeting's attendance is part of its record."""
    if meeting.is_adjusted:
        return
    wanted: dict[tuple[Person, str], tuple[Organisation | None, str]] = {}

    def add(resolved: ResolvedPerson | None, role: str, substitute_for: str = "") -> None:
        if resolved is None:
            return
        person = saved(resolved)
        if role == Attendance.Role.MEMBER and (person, Attendance.Role.CHAIR) in wanted:
            return  # the chair is a member too, and listed once, as the chair
        wanted.setdefault((person, role), (resolved.organisation, substitute_for))

    add(person_for(people, parsed.chair), Attendance.Role.CHAIR)
    for entry in parsed.attendance:
        if entry.role == Attendance.Role.CHAIR:
            continue  # the chair is parsed.chair, added above
        add(person_for(people, entry.mention), entry.role, entry.substitute_for[:200])
    add(person_for(people, parsed.secretary), Attendance.Role.SECRETARY)
    for item in parsed.items:
        for mention in item.presenters:
            add(people[mention.name], Attendance.Role.PRESENTER)
    present = {person for person, _role in wanted}
    adjusters = _adjusters(parsed, people)
    movers = [
        resolved
        for item in parsed.items
        for motion in item.motions
        if (resolved := person_for(people, motion.mover))
    ]
    for resolved in [*adjusters, *movers]:
        if saved(resolved) not in present:
            add(resolved, Attendance.Role.MEMBER)
            present.add(saved(resolved))
    meeting.adjusters.add(*(saved(resolved) for resolved in adjusters))
    there = set(meeting.attendances.values_list("person_id", "role"))
    Attendance.objects.bulk_create(
        Attendance(
            meeting=meeting,
            person=person,
            role=role,
            organisation=organisation,
            substitute_for=substitute_for,
        )
        for (person, role), (organisation, substitute_for) in wanted.items()
        if (person.pk, role) not in there
    )


def _adjusters(parsed: ParsedProtocol, people: People) -> list[ResolvedPerson]:
    adjusters = []
    for mention in parsed.adjusters:
        resolved = person_for(people, mention)
        if resolved is None:
            parsed.warn(
                mention.line,
                f"Justeraren «{mention.name}» sparas inte: namnet kunde inte knytas till en "
                "person. Lägg till justeraren på mötet i admin.",
            )
        else:
            adjusters.append(resolved)
    return adjusters
