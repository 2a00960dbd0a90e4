"""The corpus imported into the database: what each protocol says is what gets stored.

tests/test_import_corpus.py checks the parse; this checks the writing: every paragraph and
§ number, the chair, the adjusters, every vote (with its counts) and reservation, and each
motion's outcome, stored as the protocol's JSON gives them, and nothing public.
"""

import datetime
from pathlib import Path

import pytest

from decisions.models import Motion, Reservation, Vote
from meetings.models import AgendaItem, Meeting
from meetings.protocol_import import import_protocol, read_protocol
from tests.corpus_structure import CORPUS, expected

pytestmark = pytest.mark.django_db

TEXTS = sorted(CORPUS.glob("*.txt"))
#: For the protocols whose text gives no date.
SOME_DAY = datetime.date(2021, 3, 4)


def imported(path: Path, body) -> Meeting:
    parsed = read_protocol(path.name, path.read_bytes())
    return import_protocol(parsed, body=body, date=None if parsed.date else SOME_DAY).meeting


def stored(meeting: Meeting) -> dict:
    """The meeting as stored, in the terms of the corpus JSON."""
    items = meeting.agenda_items.order_by("position")
    return {
        "chair": meeting.chair.name if meeting.chair else None,
        "adjusters": sorted(person.name for person in meeting.adjusters.all()),
        "items": [
            {
                "number": item.number,
                "title": item.title,
                "case_number": item.case_number,
                "decision_points": [p.text for p in item.decision_points.order_by("position")],
                "motions": [
                    {"mover": m.mover.name, "outcome": m.outcome}
                    for m in Motion.objects.filter(agenda_item=item).order_by("position")
                ],
                "votes": [
                    {"yes": v.yes_count, "no": v.no_count, "abstain": v.abstain_count}
                    for v in Vote.objects.filter(agenda_item=item).order_by("position")
                ],
                "reservations": sorted(
                    r.person.name for r in Reservation.objects.filter(agenda_item=item)
                ),
            }
            for item in items
        ],
    }


def wanted(path: Path) -> dict:
    """The same, from NAME.json; a motion the chair moved is the chair's."""
    data = expected(path)
    return {
        "chair": data["chair"],
        "adjusters": sorted(data["adjusters"]),
        "items": [
            {
                "number": item["number"],
                "title": item["title"],
                "case_number": item["case_number"],
                "decision_points": item["decision_points"],
                "motions": [
                    {"mover": motion["mover"] or data["chair"], "outcome": motion["outcome"]}
                    for motion in item["motions"]
                ],
                "votes": item["votes"],
                "reservations": sorted(item["reservations"]),
            }
            for item in data["items"]
        ],
    }


@pytest.mark.parametrize("path", TEXTS, ids=lambda path: path.stem)
def test_corpus_protocol_is_stored_as_it_reads(path, svom):
    assert stored(imported(path, svom)) == wanted(path)


@pytest.mark.parametrize("path", TEXTS, ids=lambda path: path.stem)
def test_corpus_protocol_is_stored_as_an_unpublished_draft(path, svom):
    meeting = imported(path, svom)

    assert not meeting.is_adjusted
    assert not AgendaItem.objects.filter(meeting=meeting).exclude(state="draft").exists()
