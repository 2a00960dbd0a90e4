"""The models as OParl 1.1 objects: plain dicts with OParl's field names and types.

Each function takes the object and a `Links` that makes absolute URLs, and returns what
the API answers for it. What a function is given has already passed the visibility rules
(see `views`); the functions leave out what the object's own rules hide (a paragraph's
minutes before adjustment, a meeting's participants before its protocol is public).
"""

from __future__ import annotations

import datetime

from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone

from agreements.models import Agreement
from decisions.models import Assignment, Decision
from meetings.models import (
    AgendaItem,
    Attachment,
    Body,
    Meeting,
    Membership,
    Organisation,
    Person,
)

OPARL = "https://schema.oparl.org/1.1/"


class Links:
    """Absolute URLs for one request: the API's objects and the portal's pages."""

    def __init__(self, request: HttpRequest) -> None:
        self.request = request
        self.user = request.user

    def api(self, name: str, **kwargs) -> str:
        return self.request.build_absolute_uri(reverse(f"api:{name}", kwargs=kwargs))

    def web(self, path: str) -> str:
        return self.request.build_absolute_uri(path)

    def extension(self, name: str) -> str:
        """The type of this portal's own objects: their description in the documentation."""
        return self.api("docs") + f"#{name}"


def stamp(value: datetime.datetime | None) -> str | None:
    """A time as OParl writes it: ISO 8601 with the offset, to the second."""
    if value is None:
        return None
    return timezone.localtime(value).replace(microsecond=0).isoformat()


def _dated(data: dict, obj) -> dict:
    """Add `created` and `modified` where the history gives them (see views.with_stamps)."""
    if getattr(obj, "api_created", None):
        data["created"] = stamp(obj.api_created)
        data["modified"] = stamp(obj.api_modified)
    return data


def system(links: Links) -> dict:
    return {
        "id": links.api("system"),
        "type": OPARL + "System",
        "oparlVersion": OPARL,
        "body": links.api("body_list"),
        "name": "SVOM:s protokollportal",
        "website": links.web("/"),
        "product": "SVOM protocol portal",
        "contactName": "SVOM:s sekretariat",
        "license": "https://creativecommons.org/publicdomain/zero/1.0/",
    }


def body(body: Body, links: Links) -> dict:
    lists = {name: links.api(f"body_{name}", slug=body.slug) for name in LIST_NAMES}
    return {
        "id": links.api("body", slug=body.slug),
        "type": OPARL + "Body",
        "system": links.api("system"),
        "name": body.name,
        "shortName": body.short_name,
        "website": links.web(body.get_absolute_url()),
        "web": links.web(body.get_absolute_url()),
        "license": "https://creativecommons.org/publicdomain/zero/1.0/",
        "classification": "Samverkansorgan",
        **lists,
        "legislativeTerm": [],
        "svom:decision": links.api("body_decisions", slug=body.slug),
        "svom:assignment": links.api("body_assignments", slug=body.slug),
        "svom:agreement": links.api("agreement_list"),
    }


#: The lists a Body links to, by OParl's names.
LIST_NAMES = ("organization", "person", "meeting", "paper", "agendaItem", "membership", "file")


def gremium(body: Body, links: Links) -> dict:
    """The body itself as the Organization (gremium) its meetings belong to."""
    return {
        "id": links.api("organization", key=f"organ-{body.slug}"),
        "type": OPARL + "Organization",
        "body": links.api("body", slug=body.slug),
        "name": body.name,
        "shortName": body.short_name,
        "organizationType": "Gremium",
        "meeting": links.api("body_meeting", slug=body.slug),
        "web": links.web(body.get_absolute_url()),
    }


def organisation(organisation: Organisation, links: Links) -> dict:
    """A party to the cooperation (the region, a municipality) as an Organization."""
    return {
        "id": links.api("organization", key=organisation.slug),
        "type": OPARL + "Organization",
        "name": organisation.name,
        "shortName": organisation.short_name,
        "organizationType": "Organisation",
        "classification": organisation.get_kind_display(),
    }


def membership(membership: Membership, links: Links) -> dict:
    data = {
        "id": links.api("membership", pk=membership.pk),
        "type": OPARL + "Membership",
        "person": links.api("person", slug=membership.person.slug),
        "organization": links.api("organization", key=f"organ-{membership.body.slug}"),
        "role": membership.get_role_display(),
        "votingRight": membership.role
        in (Membership.Role.CHAIR, Membership.Role.VICE_CHAIR, Membership.Role.MEMBER),
        "startDate": membership.start_date.isoformat(),
        "endDate": membership.end_date.isoformat() if membership.end_date else None,
    }
    if membership.organisation:
        data["onBehalfOf"] = links.api("organization", key=membership.organisation.slug)
    return data


def person(person: Person, links: Links) -> dict:
    given, _space, family = person.name.rpartition(" ")
    data = {
        "id": links.api("person", slug=person.slug),
        "type": OPARL + "Person",
        "name": person.name,
        "familyName": family or person.name,
        "givenName": given,
        "title": [person.title] if person.title else [],
        "membership": [membership(m, links) for m in person.memberships.all()],
        "web": links.web(person.get_absolute_url()),
    }
    if person.party:
        data["svom:party"] = person.party
    if person.organisation:
        data["svom:organization"] = links.api("organization", key=person.organisation.slug)
    return data


_MEETING_STATE = {
    Meeting.Status.PLANNED: "terminiert",
    Meeting.Status.AGENDA_PUBLISHED: "eingeladen",
    Meeting.Status.HELD: "durchgeführt",
    Meeting.Status.ADJUSTED: "durchgeführt",
    Meeting.Status.CANCELLED: "abgesagt",
}


def meeting(meeting: Meeting, links: Links, *, protocol_public: bool) -> dict:
    """`meeting.agenda_items` holds the paragraphs the user may see on the agenda (see
    Meeting.objects.visible_to); participants only when the protocol is public."""
    start = _moment(meeting.date, meeting.start_time)
    end = _moment(meeting.date, meeting.end_time) if meeting.end_time else None
    data = {
        "id": links.api("meeting", pk=meeting.pk),
        "type": OPARL + "Meeting",
        "name": f"{meeting.body.short_name} {meeting.date.isoformat()}",
        "meetingState": _MEETING_STATE.get(meeting.status, meeting.status),
        "cancelled": meeting.status == Meeting.Status.CANCELLED,
        "start": stamp(start) if meeting.start_time else meeting.date.isoformat(),
        "end": stamp(end),
        "organization": [links.api("organization", key=f"organ-{meeting.body.slug}")],
        "agendaItem": [agenda_item(item, links) for item in meeting.agenda_items.all()],
        "web": links.web(meeting.get_absolute_url()),
        "svom:status": meeting.status,
    }
    if meeting.place:
        data["location"] = {"type": OPARL + "Location", "description": meeting.place}
    if protocol_public:
        data["participant"] = _unique(
            links.api("person", slug=a.person.slug) for a in meeting.attendances.all()
        )
        data["svom:adjustedAt"] = stamp(meeting.adjusted_at)
        data["svom:postedOn"] = meeting.posted_on.isoformat() if meeting.posted_on else None
    return _dated(data, meeting)


def agenda_item(item: AgendaItem, links: Links) -> dict:
    """A paragraph on the agenda (see views._agenda, which prefetches the attachments the
    user may open); its minutes and decision only when they are readable."""
    data = {
        "id": links.api("agenda_item", pk=item.pk),
        "type": OPARL + "AgendaItem",
        "meeting": links.api("meeting", pk=item.meeting_id),
        "number": f"§ {item.number}" if item.number else "",
        "order": item.position,
        "name": item.title,
        "public": not item.confidential,
        "web": links.web(item.get_absolute_url()),
        "svom:state": item.state,
    }
    if item.case_number:
        data["svom:caseNumber"] = item.case_number
    if item.minutes_readable:  # annotated by AgendaItem.objects.with_readability
        points = [point.text for point in item.decision_points.all()]
        data["resolutionText"] = "\n".join(points)
        data["svom:text"] = item.text
        data["svom:adjustedAt"] = stamp(item.adjusted_at)
        if hasattr(item, "decision"):
            data["result"] = item.decision.get_kind_display()
            data["svom:decision"] = links.api("decision", pk=item.pk)
    data["auxiliaryFile"] = [file(attachment, links) for attachment in item.attachments.all()]
    return _dated(data, item)


def file(attachment: Attachment, links: Links) -> dict:
    url = links.web(reverse("meetings:attachment", kwargs={"pk": attachment.pk}))
    name = attachment.file.name.rsplit("/", 1)[-1]
    return {
        "id": links.api("file", pk=attachment.pk),
        "type": OPARL + "File",
        "name": attachment.title,
        "fileName": name,
        "accessUrl": url,
        "downloadUrl": url,
        "agendaItem": [links.api("agenda_item", pk=attachment.agenda_item_id)],
    }


def decision(decision: Decision, links: Links) -> dict:
    """This portal's extension: a paragraph's decision with what led to it."""
    item = decision.agenda_item
    return {
        "id": links.api("decision", pk=item.pk),
        "type": links.extension("Decision"),
        "agendaItem": links.api("agenda_item", pk=item.pk),
        "kind": decision.kind,
        "kindLabel": decision.get_kind_display(),
        "proposalPoint": [point.text for point in item.proposal_points.all()],
        "decisionPoint": [point.text for point in item.decision_points.all()],
        "motion": [
            {
                "mover": links.api("person", slug=motion.mover.slug),
                "text": motion.text,
                "outcome": motion.outcome,
            }
            for motion in item.motions.all()
        ],
        "vote": [
            {
                "yesProposal": vote.yes_proposal,
                "noProposal": vote.no_proposal,
                "result": vote.result,
                "tally": vote.tally(),
                "ballot": [
                    {"person": links.api("person", slug=b.person.slug), "choice": b.choice}
                    for b in vote.ballots.all()
                ],
            }
            for vote in item.votes.all()
        ],
        "reservation": [
            {"person": links.api("person", slug=r.person.slug), "text": r.text}
            for r in item.reservations.all()
        ],
        "web": links.web(item.get_absolute_url()),
    }


def assignment(assignment: Assignment, links: Links) -> dict:
    """This portal's extension: an assignment (uppdrag) in the balanslista."""
    data = {
        "id": links.api("assignment", pk=assignment.pk),
        "type": links.extension("Assignment"),
        "agendaItem": links.api("agenda_item", pk=assignment.agenda_item_id),
        "description": assignment.description,
        "status": assignment.status,
        "dueDate": assignment.due_date.isoformat() if assignment.due_date else None,
        "completedOn": assignment.completed_on.isoformat() if assignment.completed_on else None,
    }
    if assignment.responsible:
        data["responsible"] = links.api("person", slug=assignment.responsible.slug)
    if assignment.responsible_organisation:
        data["responsibleOrganization"] = links.api(
            "organization", key=assignment.responsible_organisation.slug
        )
    return data


def agreement(agreement: Agreement, links: Links) -> dict:
    """This portal's extension: an agreement, its events and the end date they give.

    `agreement` comes from `with_timeline_for(user)`: each event's `visible_decision` is
    None when its paragraph is hidden from the user."""
    return {
        "id": links.api("agreement", slug=agreement.slug),
        "type": links.extension("Agreement"),
        "name": agreement.title,
        "shortName": agreement.short_name,
        "description": agreement.description,
        "party": [links.api("organization", key=party.slug) for party in agreement.parties.all()],
        "signedOn": _day(agreement.signed_on),
        "validFrom": _day(agreement.valid_from),
        "validUntil": _day(agreement.valid_until),
        "endDate": _day(agreement.end_date),
        "replacedBy": links.api("agreement", slug=agreement.replaced_by.slug)
        if agreement.replaced_by
        else None,
        "event": [
            {
                "kind": event.kind,
                "date": _day(event.date),
                "newEndDate": _day(event.new_end_date),
                "decision": links.api("decision", pk=decision.agenda_item_id)
                if (decision := getattr(event, "visible_decision", None))
                else None,
            }
            for event in agreement.events.all()
        ],
        "web": links.web(agreement.get_absolute_url()),
    }


def _day(value: datetime.date | None) -> str | None:
    return value.isoformat() if value else None


def _moment(date: datetime.date, time: datetime.time | None) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(date, time or datetime.time()))


def _unique(values) -> list:
    return list(dict.fromkeys(values))
