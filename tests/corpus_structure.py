"""What a careful reader takes from a protocol: the structure tests/protocols/corpus/ holds.

Each corpus protocol NAME.txt has NAME.json beside it: the meeting's fields, its items
with their decisions, motions, votes and reservations, and the page furniture the text
carries ("furniture", strings that must never be stored). `structure` reduces a parse
result to the same dict, so that a test compares the two whole; the furniture list is
not part of it (no parse result can say what it left out), `furniture` gives it.

The values, as the JSON files write them:
- dates as ISO strings, times as "HH:MM", names as written without party or role;
- attendance only from the cover page's lists, each person with the `Attendance.Role`
  value the list gives ("chair" for the member marked ordförande, "secretary" for the
  person named sekreterare) and the letters in the parenthesis after the name upper-cased
  as "party" ("(mp)" -> "MP"), None without one;
- "says_adjusted": the text says the protocol or a paragraph is adjusted ("Protokollet är
  justerat", an ANSLAG/BEVIS block, "Paragrafen är justerad"); a decision to adjust a
  paragraph at the meeting is the item's "adjusted_immediately" instead;
- a motion's mover None when the chair moved it ("Ordföranden yrkar ...");
- a vote's counts as written, None for a count the text does not give.
"""

from __future__ import annotations

import datetime
import json
from pathlib import Path

from meetings.protocol_import import NameMention, ParsedItem, ParsedProtocol

CORPUS = Path(__file__).resolve().parent / "protocols" / "corpus"


def structure(parsed: ParsedProtocol) -> dict:
    """The parse result as the corpus JSON files hold it (without "furniture")."""
    return {
        "date": _date(parsed.date),
        "place": parsed.place,
        "is_digital": parsed.is_digital,
        "start_time": _time(parsed.start_time),
        "end_time": _time(parsed.end_time),
        "chair": _name(parsed.chair),
        "secretary": _name(parsed.secretary),
        "adjusters": [mention.name for mention in parsed.adjusters],
        "attendance": [
            {
                "name": attendance.mention.name,
                "role": str(attendance.role),
                "party": _party(attendance.mention),
            }
            for attendance in parsed.attendance
        ],
        "adjustment_place": parsed.adjustment_place,
        "adjustment_date": _date(parsed.adjustment_date),
        "adjusted_on": _date(parsed.adjusted_on),
        "posted_on": _date(parsed.posted_on),
        "taken_down_on": _date(parsed.taken_down_on),
        "paragraph_range": list(parsed.paragraph_range) if parsed.paragraph_range else None,
        "says_adjusted": bool(parsed.adjustment_evidence)
        or any(item.adjusted for item in parsed.items),
        "items": [_item(item) for item in parsed.items],
    }


def expected(path: Path) -> dict:
    """The structure NAME.json gives for NAME.txt (its furniture list aside)."""
    data = _json(path)
    data.pop("furniture", None)
    return data


def furniture(path: Path) -> list[str]:
    """The page furniture NAME.txt carries: strings no stored text may contain."""
    return list(_json(path).get("furniture", []))


def stored_texts(parsed: ParsedProtocol) -> list[str]:
    """Every text the import would store: titles, minutes, points, motions, case numbers,
    attachments, reservations and the places."""
    texts = [parsed.place, parsed.adjustment_place]
    for item in parsed.items:
        texts += [item.title, item.text, item.case_number]
        texts += item.proposal_points + item.decision_points + item.attachments
        texts += [motion.text for motion in item.motions]
        texts += [reservation.text for reservation in item.reservations]
    return [text for text in texts if text]


def _json(path: Path) -> dict:
    return json.loads(path.with_suffix(".json").read_text(encoding="utf-8"))


def _item(item: ParsedItem) -> dict:
    return {
        "number": item.number,
        "title": item.title,
        "case_number": item.case_number,
        "proposal_points": list(item.proposal_points),
        "decision_points": list(item.decision_points),
        "motions": [
            {"mover": _name(motion.mover), "outcome": str(motion.outcome)}
            for motion in item.motions
        ],
        "votes": [{"yes": vote.yes, "no": vote.no, "abstain": vote.abstain} for vote in item.votes],
        "reservations": [reservation.mention.name for reservation in item.reservations],
        "adjusted_immediately": item.adjusted_immediately,
    }


def _name(mention: NameMention | None) -> str | None:
    return mention.name if mention else None


def _party(mention: NameMention) -> str | None:
    letters = mention.parenthesis.strip().strip("()").strip()
    return letters.upper() or None


def _date(value: datetime.date | None) -> str | None:
    return value.isoformat() if value else None


def _time(value: datetime.time | None) -> str | None:
    return value.isoformat("minutes") if value else None
