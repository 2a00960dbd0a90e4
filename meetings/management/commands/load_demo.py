import datetime
import json
from collections import Counter
from pathlib import Path
from typing import Any

from concurrency.api import disable_concurrency
from django.apps import apps
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from decisions.models import Assignment, Decision, DecisionPoint, ProposalPoint
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

FIXTURE = Path(settings.BASE_DIR) / "fixtures" / "demo.json"


def record_first_versions() -> None:
    """Give every row without history its first version.

    Fixtures bypass django-simple-history; without a first version, a later correction of
    an adjusted paragraph would have nothing to be shown against. Rows that already have
    history are left alone, so loading twice adds nothing.
    """
    for label in ("meetings", "decisions", "agreements"):
        for model in apps.get_app_config(label).get_models():
            history = getattr(model, "history", None)
            if history is None or not hasattr(history, "bulk_history_create"):
                continue
            missing = model._default_manager.exclude(pk__in=history.values("id"))
            history.bulk_history_create(list(missing), default_change_reason="Demodata")


#: Marks the meetings made relative to today, in the field the public never sees, and in
#: the place and titles that it does see.
DEMO_NOTE = "Demodata: skapad av load_demo relativt dagens datum."
DEMO_MARK = "(demodata)"


def _demo_meeting(
    body: Body, date: datetime.date, place: str, items: list[str], chair: Person | None = None
) -> Meeting:
    meeting = Meeting.objects.create(
        body=body,
        chair=chair,
        date=date,
        start_time=datetime.time(13, 0),
        end_time=datetime.time(16, 0),
        place=f"{place} {DEMO_MARK}",
        status=Meeting.Status.PLANNED,
        note=DEMO_NOTE,
    )
    for position, title in enumerate(items, start=1):
        AgendaItem.objects.create(meeting=meeting, position=position, title=title)
    return meeting


def _free_date(body: Body, date: datetime.date, step: int) -> datetime.date:
    """`date`, or the nearest day in the direction of `step` without a meeting of the body
    (one meeting per body and day)."""
    while Meeting.objects.filter(body=body, date=date).exists():
        date += datetime.timedelta(days=step)
    return date


def _next_number(body: Body, year: int) -> int:
    """The first § number after the body's highest that year: numbers are unique per body
    and year, and a demo protocol made again later the same year must not take § 1 twice."""
    highest = AgendaItem.objects.filter(body=body, year=year).aggregate(Max("number"))
    return (highest["number__max"] or 0) + 1


def create_planned_meeting(body: Body, today: datetime.date) -> Meeting | None:
    """A meeting two weeks ahead with its notice and agenda published, unless one exists.

    A demo meeting whose day has passed without being held is moved two weeks ahead again
    rather than left behind as a notice of a meeting that never took place.
    """
    if Meeting.objects.filter(note=DEMO_NOTE, date__gte=today).exists():
        return None
    date = _free_date(body, today + datetime.timedelta(days=14), step=1)
    passed = Meeting.objects.filter(
        note=DEMO_NOTE,
        date__lt=today,
        status__in=[Meeting.Status.PLANNED, Meeting.Status.AGENDA_PUBLISHED],
    ).first()
    if passed:
        passed.date = date
        passed.save()
        return passed
    meeting = _demo_meeting(
        body,
        date,
        "Regionens hus, Östersund, och digitalt via Teams",
        [
            "Mötets öppnande",
            "Val av justerare",
            f"Exempel: Nära vård – lägesrapport {DEMO_MARK}",
            f"Exempel: Gemensam plan för hälso- och sjukvård {DEMO_MARK}",
            "Mötets avslutande",
        ],
    )
    Attachment.objects.create(
        agenda_item=meeting.agenda_items.get(position=4),
        title=f"Utkast till gemensam plan (underlag) {DEMO_MARK}",
    )
    services.publish_agenda(meeting, None, at=timezone.now())
    return meeting


def create_recent_protocol(body: Body, today: datetime.date) -> Meeting | None:
    """A meeting held ten days ago, adjusted three days ago, its notice on the board now."""
    if Meeting.objects.current_postings(today).filter(note=DEMO_NOTE).exists():
        return None
    held_on = _free_date(body, today - datetime.timedelta(days=10), step=-1)
    chair = Person.objects.get(name="Lise Hjemgaard Svensson")
    adjuster = Person.objects.get(name="Bengt Bergqvist")
    meeting = _demo_meeting(
        body,
        held_on,
        "Regionens hus, Östersund",
        [
            "Mötets öppnande",
            "Val av justerare",
            f"Exempel: Utskrivningsklara – uppföljning {DEMO_MARK}",
            "Mötets avslutande",
        ],
        chair=chair,
    )
    meeting.adjusters.add(adjuster)
    Attendance.objects.create(meeting=meeting, person=chair, role=Attendance.Role.CHAIR)
    Attendance.objects.create(meeting=meeting, person=adjuster, role=Attendance.Role.MEMBER)
    # Every paragraph of a protocol has its number (SVOM's run on through the year) and a
    # line of minutes, the procedural ones too, so that no page or feed shows an empty one.
    minutes = {
        1: "Ordföranden hälsar välkommen och förklarar mötet öppnat.",
        2: f"{adjuster.name} väljs att jämte ordföranden justera dagens protokoll.",
        4: "Ordföranden tackar för visat intresse och förklarar mötet avslutat.",
    }
    first = _next_number(body, held_on.year)
    for item in meeting.agenda_items.order_by("position"):
        item.number = first + item.position - 1
        item.text = minutes.get(item.position, "")
        item.save(update_fields=["number", "text", "version"])
    item = meeting.agenda_items.get(position=3)
    item.text = (
        "Exempeltext i demodata. Samordnade utskrivningar från slutenvården följs upp "
        "kvartalsvis; antalet vårddygn för utskrivningsklara patienter har minskat."
    )
    item.save()
    Decision.objects.create(agenda_item=item, kind=Decision.Kind.DECISION)
    for position, text in enumerate(
        [
            "SVOM har tagit del av uppföljningen.",
            "Uppföljningen redovisas på nytt vid SVOM:s första möte nästa år.",
        ],
        start=1,
    ):
        ProposalPoint.objects.create(agenda_item=item, position=position, text=text)
        DecisionPoint.objects.create(agenda_item=item, position=position, text=text)
    # The second point is a follow-up: it stands on the balanslista until it is reported.
    Assignment.objects.create(
        agenda_item=item,
        description=f"Redovisa uppföljningen av utskrivningsklara patienter {DEMO_MARK}",
        responsible_organisation=Organisation.objects.filter(short_name="RJH").first(),
        due_date=datetime.date(held_on.year + 1, 2, 28),
    )
    services.publish_agenda(meeting, None, at=timezone.now() - datetime.timedelta(days=17))
    services.hold_meeting(meeting, None)
    services.adjust_protocol(meeting, None, at=timezone.now() - datetime.timedelta(days=3))
    return meeting


class Command(BaseCommand):
    help = (
        "Laddar demodata byggd på tre SVOM-protokoll (fixtures/demo.json). "
        "Kan köras flera gånger: befintliga rader med samma id skrivs över, inget dubbleras."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        today = timezone.localdate()
        with transaction.atomic():
            # The fixture carries no versions (optimistic locking): loading it over rows
            # saved since is meant to overwrite them, not a concurrent edit to refuse.
            with disable_concurrency():
                call_command("loaddata", str(FIXTURE), verbosity=max(options["verbosity"] - 1, 0))
            record_first_versions()
            svom = Body.objects.get(slug="svom")
            created = [
                meeting
                for meeting in (
                    create_planned_meeting(svom, today),
                    create_recent_protocol(svom, today),
                )
                if meeting
            ]
        counts = Counter(row["model"] for row in json.loads(FIXTURE.read_text(encoding="utf-8")))
        self.stdout.write(
            self.style.SUCCESS(
                f"Demodata laddad: {counts['meetings.meeting']} möten, "
                f"{counts['meetings.agendaitem']} paragrafer, "
                f"{counts['agreements.agreement']} avtal; "
                f"{len(created)} nya exempelmöten kring dagens datum."
            )
        )
