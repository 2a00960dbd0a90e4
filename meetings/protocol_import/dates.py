"""Dates and times as protocols write them: "2019-05-14", "14 maj 2019", "kl. 13.00-16.45"."""

from __future__ import annotations

import datetime
import re

MONTHS = {
    name: number
    for number, names in enumerate(
        (
            ("januari", "jan"),
            ("februari", "feb"),
            ("mars", "mar"),
            ("april", "apr"),
            ("maj",),
            ("juni", "jun"),
            ("juli", "jul"),
            ("augusti", "aug"),
            ("september", "sep", "sept"),
            ("oktober", "okt"),
            ("november", "nov"),
            ("december", "dec"),
        ),
        start=1,
    )
    for name in names
}
_ISO = re.compile(r"\b(\d{4})-(\d{1,2})-(\d{1,2})\b")
_WORDS = re.compile(r"\b(\d{1,2})\s+([a-zåäö]{3,9})\.?\s+(\d{4})\b", re.IGNORECASE)
_CLOCK = r"(\d{1,2})(?:[.:](\d{2}))?"
_RANGE = re.compile(
    rf"(?:\bkl(?:ockan)?\.?\s*)?(?<![\d-]){_CLOCK}\s*(?:[-–—]|till)\s*{_CLOCK}(?![\d-])",
    re.IGNORECASE,
)
_SINGLE = re.compile(r"\bkl(?:ockan)?\.?\s*(\d{1,2})[.:](\d{2})\b", re.IGNORECASE)


def find_date(text: str) -> datetime.date | None:
    """The first real date in the text, ISO or with the month's Swedish name."""
    for match in _ISO.finditer(text):
        try:
            return datetime.date(int(match[1]), int(match[2]), int(match[3]))
        except ValueError:
            continue
    for match in _WORDS.finditer(text):
        month = MONTHS.get(match[2].lower())
        if month:
            try:
                return datetime.date(int(match[3]), month, int(match[1]))
            except ValueError:
                continue
    return None


def find_times(text: str) -> tuple[datetime.time, datetime.time | None] | None:
    """(start, end) from "kl. 13.00-16.45", "13:00-16:45", "kl 13-16.45", "08:30 - 18:15"."""
    without_dates = _ISO.sub(" ", text)
    ranges = []
    for match in _RANGE.finditer(without_dates):
        start = _time(match[1], match[2])
        end = _time(match[3], match[4])
        has_clock = match[2] or match[4] or re.match(r"kl", match[0], re.IGNORECASE)
        if start and end and has_clock and end > start:
            ranges.append((start, end))
    if ranges:
        # "kl. 09.00-11.45 och 13.00-15.20", "kl. 13.15–16.30 (ajournering 14.45–15.00)":
        # from the earliest start to the latest end.
        return min(start for start, _ in ranges), max(end for _, end in ranges)
    if single := _SINGLE.search(without_dates):
        start = _time(single[1], single[2])
        if start:
            return start, None
    return None


def _time(hour: str, minute: str | None) -> datetime.time | None:
    h, m = int(hour), int(minute or 0)
    return datetime.time(h, m) if h <= 23 and m <= 59 else None
