"""A synthetic archive at the size of a whole region, for benchmarks (`generate_corpus`).

Scale 1 is about 60 meetings; scale 100 about 6,000 meetings of 20 bodies, 100,000
paragraphs, 300,000 decision points and 20,000 people, as DESIGN.md counts a region over
decades. Everything is drawn from one `random.Random(seed)`, so a seed and a last date
always give the same archive. Rows are written in bulk, in the order the models' rules ask:
paragraphs are written as drafts with their parts, then adjusted; meetings held, then
adjusted through `record.action()`, as the services would.
"""

from __future__ import annotations

import datetime
import itertools
import json
import random
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.db import connection, transaction
from django.db.models import Count, Exists, OuterRef
from django.utils import timezone

from agreements.models import Agreement, AgreementEvent
from decisions.models import (
    Assignment,
    Ballot,
    Decision,
    DecisionPoint,
    Motion,
    ProposalPoint,
    Reservation,
    Vote,
)

from .models import (
    AgendaItem,
    Attachment,
    Attendance,
    Body,
    Meeting,
    Membership,
    Organisation,
    Person,
    Topic,
    record,
)

BATCH = 2_000
PARAGRAPHS_PER_MEETING = (5, 30)  # about 17 on average
FIRST_NAMES = [
    "Anna",
    "Anders",
    "Berit",
    "Bengt",
    "Cecilia",
    "Carl",
    "Dag",
    "Elsy",
    "Erik",
    "Eva",
    "Fredrik",
    "Gun",
    "Hans",
    "Ingrid",
    "Jonas",
    "Jessica",
    "Karin",
    "Lars",
    "Lise",
    "Maria",
    "Mats",
    "Nils",
    "Oskar",
    "Per",
    "Sara",
    "Sven",
    "Tom",
    "Ulla",
    "Veronica",
    "Åsa",
]
LAST_NAMES = [
    "Andersson",
    "Assarsson",
    "Bäckström",
    "Eldebro",
    "Eriksson",
    "Hansson",
    "Isaksson",
    "Johansson",
    "Karlsson",
    "Larsson",
    "Lindqvist",
    "Molander",
    "Nilsson",
    "Olsson",
    "Persson",
    "Silverklo",
    "Sundin",
    "Svensson",
    "Wikström",
]
PARTIES = ["S", "M", "C", "V", "KD", "L", "MP", "SD"]
MUNICIPALITIES = ["Berg", "Bräcke", "Härjedalen", "Krokom", "Ragunda", "Strömsund", "Åre"]
TOPICS = [
    "God och nära vård",
    "Psykisk hälsa",
    "Patientsäkerhet",
    "Kompetensförsörjning",
    "Välfärdsteknologi",
    "Barn och unga",
    "Missbruk och beroende",
    "Äldreomsorg",
    "Hemsjukvård",
    "Nutrition",
]


class Text:
    """Swedish-like text: runs of the demo protocols' words.

    The demo's three protocols have some 800 different words; a corpus made of them alone
    would put every word in a third of all paragraphs. So most longer words are replaced by
    compounds of two of them (vårdplanen, avtalsnutrition), drawn from a vocabulary of
    50,000 with Zipf's law, as words are in real text: a topic word such as hemsjukvård is
    then in a few percent of the paragraphs, a name in a fraction of one.
    """

    def __init__(self, rng: random.Random) -> None:
        demo = Path(settings.BASE_DIR) / "fixtures" / "demo.json"
        rows = json.loads(demo.read_text(encoding="utf-8"))
        texts = [
            row["fields"][key]
            for row in rows
            for key in ("title", "text")
            if row["model"].startswith(("meetings.agendaitem", "decisions."))
            and key in row["fields"]
        ]
        self.tokens = re.findall(r"[^\W\d_]+|[.,]", " ".join(texts))
        self.titles = [
            row["fields"]["title"] for row in rows if row["model"] == "meetings.agendaitem"
        ]
        nouns = sorted({token.lower() for token in self.tokens if len(token) > 5})
        self.vocabulary = [rng.choice(nouns) + rng.choice(nouns) for _ in range(50_000)]
        self.weights = list(itertools.accumulate(1 / rank for rank in range(1, 50_001)))
        self.rng = rng

    def run(self, low: int, high: int) -> list[str]:
        start = self.rng.randrange(len(self.tokens) - high)
        words = self.tokens[start : start + self.rng.randint(low, high)]
        made_up = iter(self.rng.choices(self.vocabulary, cum_weights=self.weights, k=len(words)))
        return [
            next(made_up) if len(word) > 5 and self.rng.random() < 0.95 else word for word in words
        ]

    def sentence(self, low: int = 6, high: int = 20) -> str:
        text = re.sub(r" ([.,])", r"\1", " ".join(self.run(low, high))).strip(" .,")
        return (text[:1].upper() + text[1:] + ".") if text else "Informationen noteras."

    def text(self) -> str:
        return " ".join(self.sentence() for _ in range(self.rng.randint(3, 10)))

    def title(self) -> str:
        if self.rng.random() < 0.2:
            return self.rng.choice(self.titles)
        return " ".join(self.run(2, 6)).strip(" .,").capitalize()[:300] or "Övriga frågor"


@dataclass
class Counts:
    """What was made, by model, for the command's summary."""

    rows: dict[str, int] = field(default_factory=dict)

    def add(self, label: str, count: int) -> None:
        self.rows[label] = self.rows.get(label, 0) + count


def generate(
    scale: int,
    seed: int = 6,
    until: datetime.date | None = None,
    progress: Callable[[str], None] = lambda message: None,
) -> Counts:
    """Write the archive of `scale` into the (empty) database; see the module's docstring."""
    rng = random.Random(seed)  # nosec B311 - reproducible test data, not secrets
    until = until or timezone.localdate()
    text = Text(rng)
    counts = Counts()
    with transaction.atomic():
        organisations = _organisations(counts)
        bodies = _bodies(scale, counts)
        topics = Topic.objects.bulk_create(
            Topic(name=name, slug=f"omrade-{number}") for number, name in enumerate(TOPICS)
        )
        people = _people(scale, rng, organisations, counts)
        members = _memberships(bodies, people, rng, counts)
        meetings = _meetings(scale, bodies, members, rng, until, counts)
        progress(f"{len(meetings):,} möten")
        _paragraphs(meetings, members, people, topics, text, rng, until, counts, progress)
        _agreements(scale, organisations, rng, text, counts)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    from svom.middleware import bump_generation

    bump_generation()  # bulk writes send no signals: invalidate the cached pages here
    return counts


def _organisations(counts: Counts) -> list[Organisation]:
    kinds = Organisation.Kind
    rows = [("Region Jämtland Härjedalen", "RJH", kinds.REGION)]
    rows += [(f"{name} kommun", name, kinds.MUNICIPALITY) for name in MUNICIPALITIES]
    rows += [("Östersunds kommun", "ÖSD", kinds.MUNICIPALITY)]
    rows += [("Sveriges Kommuner och Regioner", "SKR", kinds.ASSOCIATION)]
    rows += [("Göteborgs universitet", "GU", kinds.UNIVERSITY)]
    created = Organisation.objects.bulk_create(
        Organisation(name=name, short_name=short, slug=f"org-{number}", kind=kind)
        for number, (name, short, kind) in enumerate(rows)
    )
    counts.add("organisationer", len(created))
    return created


def _bodies(scale: int, counts: Counts) -> list[Body]:
    top = Body.objects.create(
        name="Samverkansorgan vård, omsorg och hälsa 0", short_name="SVO0", slug="svo-0"
    )
    number = max(2, min(20, scale // 5 + 2))
    groups = Body.objects.bulk_create(
        Body(
            name=f"Arbetsgrupp {n}",
            short_name=f"AG{n}",
            slug=f"arbetsgrupp-{n}",
            parent=top if n % 3 else None,
            posts_adjustments=n % 3 == 0,
        )
        for n in range(1, number)
    )
    counts.add("organ", number)
    return [top, *groups]


def _people(scale: int, rng: random.Random, organisations, counts: Counts) -> list[Person]:
    people = [
        Person(
            name=f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)} {number}",
            slug=f"person-{number}",
            party=rng.choice(PARTIES) if number % 2 else "",
            organisation=rng.choice(organisations),
            title="" if number % 2 else "utvecklingsledare",
        )
        for number in range(200 * scale)
    ]
    created = Person.objects.bulk_create(people, batch_size=BATCH)
    counts.add("personer", len(created))
    return created


def _memberships(bodies, people, rng: random.Random, counts: Counts) -> dict[int, list]:
    members: dict[int, list[Person]] = {}
    rows = []
    for body in bodies:
        chosen = rng.sample(people, min(len(people), 15))
        members[body.pk] = chosen
        for index, person in enumerate(chosen):
            rows.append(
                Membership(
                    person=person,
                    body=body,
                    role=Membership.Role.CHAIR if index == 0 else Membership.Role.MEMBER,
                    organisation=person.organisation,
                    start_date=datetime.date(1995, 1, 1),
                )
            )
    counts.add("medlemskap", len(Membership.objects.bulk_create(rows, batch_size=BATCH)))
    return members


def _meetings(scale, bodies, members, rng, until: datetime.date, counts) -> list[Meeting]:
    """60 meetings per scale step, spread over the bodies; the last ones held, not adjusted,
    and a few planned ahead with the notice published."""
    per_body = -(-60 * scale // len(bodies))
    rows = []
    for body in bodies:
        days = sorted(rng.sample(range(1, 36 * per_body), per_body), reverse=True)
        for index, day in enumerate(days):
            future = index < 2  # the next two meetings of each body
            date = (
                until + datetime.timedelta(days=30 * (2 - index))
                if future
                else (until - datetime.timedelta(days=day))
            )
            rows.append(
                Meeting(
                    body=body,
                    date=date,
                    start_time=datetime.time(13),
                    end_time=datetime.time(16, 30),
                    place="Digitalt via Teams" if rng.random() < 0.5 else "Regionens hus",
                    status=Meeting.Status.AGENDA_PUBLISHED if future else Meeting.Status.HELD,
                    agenda_published_at=timezone.now() if future else None,
                    chair=members[body.pk][0],
                )
            )
    meetings = Meeting.objects.bulk_create(rows, batch_size=BATCH)
    attendance = [
        Attendance(meeting=meeting, person=person, role=Attendance.Role.MEMBER)
        for meeting in meetings
        if meeting.date <= until
        for person in members[meeting.body_id][1 : rng.randint(6, 12)]
    ]
    attendance += [
        Attendance(meeting=meeting, person=meeting.chair, role=Attendance.Role.CHAIR)
        for meeting in meetings
        if meeting.date <= until
    ]
    counts.add("möten", len(meetings))
    counts.add("närvaro", len(Attendance.objects.bulk_create(attendance, batch_size=BATCH)))
    return meetings


def _paragraphs(meetings, members, people, topics, text, rng, until, counts, progress) -> None:
    numbers: dict[tuple[int, int], int] = {}
    held = [m for m in meetings if m.date <= until]
    # The newest meeting of each body is held but not yet adjusted: its paragraphs stay drafts.
    newest = {}
    for meeting in held:
        if meeting.date > newest.get(meeting.body_id, datetime.date.min):
            newest[meeting.body_id] = meeting.date
    waiting = {m.pk for m in held if newest[m.body_id] == m.date}
    batch: list[AgendaItem] = []
    for index, meeting in enumerate(sorted(meetings, key=lambda m: (m.body_id, m.date))):
        for position in range(1, rng.randint(*PARAGRAPHS_PER_MEETING) + 1):
            key = (meeting.body_id, meeting.date.year)
            numbers[key] = numbers.get(key, 0) + 1
            withdrawn = rng.random() < 0.005
            batch.append(
                AgendaItem(
                    meeting=meeting,
                    body_id=meeting.body_id,
                    year=meeting.date.year,
                    position=position,
                    number=numbers[key],
                    title=text.title(),
                    text=text.text() if meeting.date <= until else "",
                    confidential=rng.random() < 0.01,
                    withdrawal_reason="Personuppgifter." if withdrawn else "",
                    withdrawn_at=timezone.now() if withdrawn else None,
                )
            )
        if len(batch) >= BATCH or index == len(meetings) - 1:
            _write_paragraphs(batch, members, people, topics, text, rng, until, counts)
            progress(f"{counts.rows.get('paragrafer', 0):,} paragrafer")
            batch = []
    adjusted_at = timezone.make_aware(datetime.datetime.combine(until, datetime.time(12)))
    adjusted_items = AgendaItem.objects.filter(meeting__date__lte=until).exclude(
        meeting_id__in=waiting
    )
    # Drafts until here, so that their parts could be written; now adjusted, as the
    # adjustment of each protocol would.
    counts.add("justerade", adjusted_items.update(state="adjusted", adjusted_at=adjusted_at))
    with record.action():
        Meeting.objects.filter(date__lte=until).exclude(pk__in=waiting).update(
            status=Meeting.Status.ADJUSTED, adjusted_at=adjusted_at
        )


def _write_paragraphs(batch, members, people, topics, text, rng, until, counts) -> None:
    items = AgendaItem.objects.bulk_create(batch)
    counts.add("paragrafer", len(items))
    held = [item for item in items if item.meeting.date <= until]
    presenters = AgendaItem.presenters.through
    presenters.objects.bulk_create(
        presenters(agendaitem_id=item.pk, person_id=rng.choice(people).pk) for item in held
    )
    tagged = AgendaItem.topics.through
    tagged.objects.bulk_create(
        tagged(agendaitem_id=item.pk, topic_id=topic.pk)
        for item in items
        for topic in rng.sample(topics, rng.randint(0, 2))
    )
    # Every tenth protocol has each kind of part in its first paragraph, so that the
    # benchmarks and tests can pick a protocol that shows them all.
    showcase = {item.pk for item in held if item.position == 1 and item.meeting.pk % 10 == 0}
    kinds = list(Decision.Kind.values)
    Decision.objects.bulk_create(
        Decision(agenda_item=item, kind=rng.choice(kinds)) for item in held
    )
    points = {item.pk: rng.randint(1, 5) for item in held}
    ProposalPoint.objects.bulk_create(
        ProposalPoint(agenda_item=item, position=n, text=text.sentence(10, 30))
        for item in held
        for n in range(1, points[item.pk] + 1)
        if item.pk % 2
    )
    decision_points = DecisionPoint.objects.bulk_create(
        DecisionPoint(agenda_item=item, position=n, text=text.sentence(10, 30))
        for item in held
        for n in range(1, points[item.pk] + 1)
    )
    counts.add("beslutspunkter", len(decision_points))
    body_members = {item.pk: members[item.meeting.body_id] for item in held}
    Motion.objects.bulk_create(
        Motion(
            agenda_item=item,
            position=1,
            mover=rng.choice(body_members[item.pk]),
            text="att " + text.sentence(5, 15).lower(),
            outcome=rng.choice(list(Motion.Outcome.values)),
        )
        for item in held
        if rng.random() < 0.1 or item.pk in showcase
    )
    votes = Vote.objects.bulk_create(
        Vote(
            agenda_item=item,
            yes_proposal="Förslag till beslut",
            no_proposal="Yrkandet",
            result=rng.choice(list(Vote.Result.values)),
        )
        for item in held
        if rng.random() < 0.02 or item.pk in showcase
    )
    Ballot.objects.bulk_create(
        Ballot(vote=vote, person=person, choice=rng.choice(list(Ballot.Choice.values)))
        for vote in votes
        for person in body_members[vote.agenda_item_id][:9]
    )
    Reservation.objects.bulk_create(
        Reservation(agenda_item=item, person=body_members[item.pk][-1], text=text.sentence())
        for item in held
        if rng.random() < 0.01 or item.pk in showcase
    )
    Assignment.objects.bulk_create(
        Assignment(
            agenda_item=item,
            description=text.sentence(5, 12),
            responsible=rng.choice(body_members[item.pk]),
            due_date=item.meeting.date + datetime.timedelta(days=rng.randint(30, 400)),
            status=rng.choice([Assignment.Status.OPEN, Assignment.Status.IN_PROGRESS]),
        )
        for item in held
        if rng.random() < 0.05 or item.pk in showcase
    )
    Attachment.objects.bulk_create(
        Attachment(agenda_item=item, title=f"Bilaga: {text.title()}"[:300])
        for item in items
        if rng.random() < 0.1 or item.pk in showcase
    )


def _agreements(scale, organisations, rng, text, counts) -> None:
    decisions = list(Decision.objects.order_by("pk").values_list("pk", flat=True)[:1000])
    agreements = Agreement.objects.bulk_create(
        Agreement(
            short_name=f"Samverkansavtal {n}",
            slug=f"samverkansavtal-{n}",
            title=f"Avtal om samverkan kring {text.title().lower()}"[:400],
            valid_from=datetime.date(2015 + n % 10, 1, 1),
            valid_until=datetime.date(2020 + n % 10, 12, 31),
        )
        for n in range(max(2, scale))
    )
    parties = Agreement.parties.through
    parties.objects.bulk_create(
        parties(agreement_id=agreement.pk, organisation_id=organisation.pk)
        for agreement in agreements
        for organisation in rng.sample(organisations, 3)
    )
    AgreementEvent.objects.bulk_create(
        AgreementEvent(
            agreement=agreement,
            kind=AgreementEvent.Kind.EXTENDED,
            date=agreement.valid_until - datetime.timedelta(days=200),
            new_end_date=agreement.valid_until + datetime.timedelta(days=365 * rng.randint(1, 4)),
            decision_id=rng.choice(decisions) if decisions else None,
        )
        for agreement in agreements
    )
    counts.add("avtal", len(agreements))


def page_urls() -> dict[str, str]:
    """One public URL per page type, chosen from the archive: for benchmarks and tests.

    The paragraph is a public one with a vote (with ballots) and a reservation, and the
    protocol the largest that has such a paragraph (see `showcase`), so that every prefetch
    of their pages runs and their query counts can be compared across sizes.
    """
    shown = AgendaItem.objects.filter(
        state="adjusted", confidential=False, withdrawn_at=None, number__isnull=False
    ).filter(
        Exists(Vote.objects.filter(agenda_item=OuterRef("pk"), ballots__isnull=False)),
        Exists(Reservation.objects.filter(agenda_item=OuterRef("pk"))),
    )
    protocol = (
        Meeting.objects.filter(status="adjusted")
        .filter(Exists(shown.filter(meeting=OuterRef("pk"))))
        .annotate(n=Count("agenda_items"))
        .order_by("-n", "-date")
        .first()
    )
    paragraph = shown.order_by("-meeting__date", "position").first()
    body = Body.objects.order_by("pk").first()
    person = Person.objects.filter(presented_items__isnull=False).order_by("pk").first()
    agreement = Agreement.objects.order_by("pk").first()
    year = protocol.date.year
    return {
        "home": "/",
        "meeting list": "/moten/",
        "meeting list, filtered": f"/moten/?body={body.slug}&year={year}&topic=omrade-1",
        "protocol": protocol.get_absolute_url(),
        "paragraph": paragraph.get_absolute_url(),
        "decision register": "/beslut/",
        "balanslista": "/beslut/balanslista/",
        "agreement": agreement.get_absolute_url(),
        "person": person.get_absolute_url(),
        "body": body.get_absolute_url(),
        "search": "/sok/?q=hemsjukvård",
        "feed": "/flode/paragrafer/",
        "calendar": "/kalender.ics",
    }
