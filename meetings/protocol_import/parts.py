"""Writing one paragraph: its minutes, decision, motions, votes, reservations, attachments.

What the text names but the database cannot take (a vote without a result, a reservation
by a name that is no one's) is a warning naming the line, never a silent loss.
"""

from __future__ import annotations

from decisions.models import (
    Ballot,
    Decision,
    DecisionPoint,
    Motion,
    ProposalPoint,
    Reservation,
    Vote,
)
from meetings.models import AgendaItem, Attachment, Meeting, Person

from .parsed import ParsedItem, ParsedProtocol, ParsedVote
from .people import ResolvedPerson, person_for, saved

People = dict[str, ResolvedPerson | None]


def create_item(
    parsed: ParsedProtocol, meeting: Meeting, item: ParsedItem, people: People
) -> AgendaItem:
    """The paragraph and everything the text says happened under it, as a draft."""
    agenda_item = AgendaItem.objects.create(
        meeting=meeting,
        position=item.position,
        number=item.number,
        title=item.title[:300],
        case_number=item.case_number[:50],
        title_needs_review=item.title_needs_review,
        text=item.text,
    )
    presenters = [saved(resolved) for m in item.presenters if (resolved := people[m.name])]
    agenda_item.presenters.set(list(dict.fromkeys(presenters)))
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
    _create_motions(parsed, meeting, agenda_item, item, people)
    for position, vote in enumerate(item.votes, start=1):
        _create_vote(parsed, agenda_item, vote, position, people)
    _create_reservations(parsed, agenda_item, item, people)
    Attachment.objects.bulk_create(
        Attachment(agenda_item=agenda_item, title=title[:300], position=index)
        for index, title in enumerate(item.attachments, start=1)
    )
    return agenda_item


def _create_motions(
    parsed: ParsedProtocol,
    meeting: Meeting,
    agenda_item: AgendaItem,
    item: ParsedItem,
    people: People,
) -> None:
    motions: list[Motion] = []
    for motion in item.motions:
        if motion.mover is None:  # "Ordföranden yrkar"
            mover = meeting.chair
        else:
            resolved = person_for(people, motion.mover)
            mover = saved(resolved) if resolved else None
        if mover is None:
            parsed.warn(
                motion.line,
                f"Yrkandet «{motion.text[:60]}» sparas inte: förslagsställaren kunde inte "
                "knytas till en person. Lägg till det i admin.",
            )
            continue
        motions.append(
            Motion(
                agenda_item=agenda_item,
                position=len(motions) + 1,
                mover=mover,
                text=motion.text,
                outcome=motion.outcome,
            )
        )
    Motion.objects.bulk_create(motions)


def _create_vote(
    parsed: ParsedProtocol,
    agenda_item: AgendaItem,
    vote: ParsedVote,
    position: int,
    people: People,
) -> None:
    if vote.result not in Vote.Result.values:
        parsed.warn(
            vote.line,
            "Voteringen sparas inte: vilket förslag som vann framgår inte av texten. "
            "Lägg till den i admin.",
        )
        return
    if not (vote.yes_proposal and vote.no_proposal):
        parsed.warn(
            vote.line,
            "Voteringens ja- och nej-förslag framgår inte av texten; fyll i dem i admin.",
        )
    stored = Vote.objects.create(
        agenda_item=agenda_item,
        position=position,
        yes_proposal=vote.yes_proposal[:300],
        no_proposal=vote.no_proposal[:300],
        result=vote.result,
        yes_count=vote.yes,
        no_count=vote.no,
        abstain_count=vote.abstain,
    )
    ballots: dict[Person, str] = {}
    for mention, choice in vote.ballots:
        resolved = person_for(people, mention)
        if resolved is None:
            parsed.warn(
                mention.line,
                f"{mention.name}s röst i voteringen sparas inte: namnet kunde inte knytas "
                "till en person.",
            )
            continue
        ballots.setdefault(saved(resolved), choice)
    Ballot.objects.bulk_create(
        Ballot(vote=stored, person=person, choice=choice) for person, choice in ballots.items()
    )


def _create_reservations(
    parsed: ParsedProtocol, agenda_item: AgendaItem, item: ParsedItem, people: People
) -> None:
    reservations: dict[Person, str] = {}
    for reservation in item.reservations:
        resolved = person_for(people, reservation.mention)
        if resolved is None:
            parsed.warn(
                reservation.line,
                f"{reservation.mention.name}s reservation sparas inte: namnet kunde inte "
                "knytas till en person. Lägg till den i admin.",
            )
            continue
        reservations.setdefault(saved(resolved), reservation.text)
    Reservation.objects.bulk_create(
        Reservation(agenda_item=agenda_item, person=person, text=text)
        for person, text in reservations.items()
    )
