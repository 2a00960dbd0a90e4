"""Reading the cover page of a classic protocol into the meeting's fields.

The first page of a municipal protocol is a form: *Plats och tid*, *Beslutande*,
*Tjänstgörande ersättare*, *Ersättare*, *Övriga närvarande*, *Utses att justera*,
*Justeringens plats och tid*, *Underskrifter* (Sekreterare, Ordförande, Justerande),
*Paragrafer 41–52* and the *ANSLAG/BEVIS* block. Each label starts a field; the lines
after it, up to the next label, are its value. What is read here is structure; the lines
no label explains are reported as unrecognised.
"""

from __future__ import annotations

import re

from .cleaning import FURNITURE_RULES, join_wrapped, normalise
from .dates import find_date, find_times
from .layout import Line
from .parsed import NameMention, ParsedAttendance, ParsedProtocol
from .persons import expand_role, person_entries

#: Each label, as the start of a line, and the field it fills.
_LABELS: tuple[tuple[str, str], ...] = (
    ("plats och tid", "place_and_time"),
    ("tid och plats", "place_and_time"),
    ("plats", "place_and_time"),
    ("tid", "time"),
    ("sammanträdesdatum", "date"),
    ("mötesdatum", "date"),
    ("datum", "date"),
    ("närvarande ledamöter", "member"),
    ("beslutande ledamöter", "member"),
    ("beslutande", "member"),
    ("ledamöter", "member"),
    ("närvarande", "member"),
    ("tjänstgörande ersättare", "substitute"),
    ("ej tjänstgörande ersättare", "substitute"),
    ("närvarande ersättare", "substitute"),
    ("ersättare", "substitute"),
    ("frånvarande", "absent"),
    ("frånvarande ledamöter", "absent"),
    ("anmält förhinder", "absent"),
    ("övriga närvarande", "official"),
    ("övriga deltagare", "official"),
    ("övriga", "official"),
    ("tjänstepersoner", "official"),
    ("utses att justera", "adjusters"),
    ("justerare", "adjusters"),
    ("justerande", "signature_adjusters"),
    ("justeringens plats och tid", "adjustment"),
    ("justeringens plats", "adjustment"),
    ("justeringens tid", "adjustment"),
    ("justeringsdag", "adjustment"),
    ("justeringens tid och plats", "adjustment"),
    ("justering", "adjustment"),
    ("underskrifter", "signatures"),
    ("sekreterare", "secretary"),
    ("vid protokollet", "secretary"),
    ("protokollförare", "secretary"),
    ("justeras", "signed"),
    ("justerat", "signed"),
    ("ordförande", "signature_chair"),
    ("paragrafer", "paragraphs"),
    ("anslag/bevis", "notice"),
    ("anslag / bevis", "notice"),
    ("bevis om anslag", "notice"),
    ("organ", "organ"),
    ("datum då anslaget sätts upp", "posted"),
    ("datum för anslags uppsättande", "posted"),
    ("anslaget sätts upp", "posted"),
    ("datum då anslaget tas ned", "taken_down"),
    ("datum för anslags nedtagande", "taken_down"),
    ("anslaget tas ned", "taken_down"),
    ("förvaringsplats för protokollet", "storage"),
    ("förvaringsplats", "storage"),
    ("justeringsdatum", "adjusted_on"),
    ("protokollet justerat", "adjusted_on"),
)
_LABEL = re.compile(
    r"^(?P<label>"
    + "|".join(re.escape(label) for label, _ in sorted(_LABELS, key=lambda x: -len(x[0])))
    + r")(?=$|[\s:.,])[:.]?\s*(?P<value>.*)$",
    re.IGNORECASE,
)
_FIELDS = dict(_LABELS)
_ADJUSTED_EVIDENCE = re.compile(
    r"protokollet\s+är\s+justerat|justeringen\s+har\s+tillkännagivits", re.IGNORECASE
)
_PARAGRAPHS = re.compile(r"\bparagrafer\s*:?\s*§?\s*(\d{1,4})\s*[-–—]\s*§?\s*(\d{1,4})", re.I)
_DIGITAL = re.compile(
    r"^(?=.)(?:\s*(?:digital\w*|distans\w*|sammanträde|möte|via|på|över|i|microsoft|teams|zoom"
    r"|skype|videomöte|videolänk|länk|webex)\b\.?)+$|\b(?:digital\w*|teams|zoom|skype|webex"
    r"|videolänk|videomöte|distans)\b",
    re.I,
)


def label_of(text: str) -> tuple[str, str] | None:
    """(field, value) when the line starts with a cover-page label."""
    match = _LABEL.match(text)
    if not match:
        return None
    return _FIELDS[match["label"].lower()], match["value"].strip()


def read_cover(lines: list[Line], parsed: ParsedProtocol) -> None:
    """Fill the meeting's fields from the lines before the first item (or the signatures
    after the last).

    A cover page is a table, in a PDF as much as in a Word file: labels at the margin,
    values in a column beside them, long cells wrapped onto the next line. The lines are
    read as rows of columns (runs of text two or more spaces apart); a line that does not
    start a new label at the margin continues the row above, cell by cell.
    """
    field: str | None = None
    lists: list[tuple[int, str]] = []  # attendance lists side by side: column, field
    for row in _rows(lines):
        recognised: set[int] = set()
        if heads := _list_heads(row):
            lists, field = heads, heads[-1][1]
            recognised.update(number for _column, pieces in row for _text, number in pieces)
        elif lists and not label_of(row[0][1][0][0]):
            # Under "Beslutande      Övriga närvarande": each cell is its column's.
            for column, pieces in row:
                list_field = min(lists, key=lambda head: abs(head[0] - column))[1]
                for text, number in pieces:
                    _read_cell(parsed, list_field, text, number, recognised, [number])
        else:
            lists = []
            for text, numbers in _cells_in_reading_order(row):
                field = _read_cell(parsed, field, text, numbers[0], recognised, numbers)
        for line_number, text in _row_lines(row):
            if line_number not in recognised:
                parsed.ledger.unrecognised.append((line_number, None, text))


#: A column of a row: where it starts, and its pieces of text with their line numbers.
Column = tuple[int, list[tuple[str, int]]]


def _cells(raw: str) -> list[tuple[int, str]]:
    """The runs of text in a line that are two or more spaces apart, with their columns."""
    raw = raw.replace("\t", "    ").replace("\u00a0", " ")
    return [
        (match.start(), normalise(match.group()))
        for match in re.finditer(r"\S+(?: \S+)*", raw)
        if normalise(match.group())
    ]


def _rows(lines: list[Line]) -> list[list[Column]]:
    rows: list[list[Column]] = []
    margin = min((line.indent for line in lines), default=0)
    for line in lines:
        cells = _cells(line.raw or line.text) or [(line.indent, line.text)]
        first_column, first_text = cells[0]
        continues = rows and (first_column > margin + 1 or first_text[:1].islower())
        if not continues:
            rows.append([(column, [(text, line.number)]) for column, text in cells])
            continue
        row = rows[-1]
        for column, text in cells:
            # A wrapped cell goes on under its own column, give or take the few characters
            # a PDF's text layer moves it.
            nearest = min(row, key=lambda c: abs(c[0] - column))
            nearest[1].append((text, line.number))
    return rows


#: The fields of the attendance lists, which a cover page may set side by side.
_LISTS = frozenset({"member", "substitute", "official", "absent"})


def _list_heads(row: list[Column]) -> list[tuple[int, str]]:
    """The columns and fields of a row of attendance lists' labels side by side
    ("Beslutande      Övriga närvarande"); [] for any other row."""
    if len(row) < 2 or any(len(pieces) > 1 for _column, pieces in row):
        return []
    heads = [(column, label_of(pieces[0][0])) for column, pieces in row]
    if all(head and head[0] in _LISTS and not head[1] for _column, head in heads):
        return [(column, head[0]) for column, head in heads if head]
    return []


def _cells_in_reading_order(row: list[Column]) -> list[tuple[str, list[int]]]:
    """The row's cells, each wrapped cell joined to where it began, read line by line
    from left to right ("Sekreterare ....", "Tor Ås", "Ordförande ....", "Karin Ek")."""
    cells: list[tuple[int, int, str, list[int]]] = []  # line, column, text, line numbers
    for index, (column, pieces) in enumerate(row):
        current: tuple[int, int, str, list[int]] | None = None
        for text, number in pieces:
            label_goes_on = index == 0 and text[:1].islower()
            if current is not None and (label_goes_on or _continues(current[2], text)):
                before = current[2]
                joined = join_wrapped(before, text)
                current = (current[0], column, joined, [*current[3], number])
                cells[-1] = current
            else:
                current = (number, column, text, [number])
                cells.append(current)
    cells.sort(key=lambda cell: (cell[0], cell[1]))
    return [(text, numbers) for _line, _column, text, numbers in cells]


def _continues(before: str, text: str) -> bool:
    if before.endswith("-") and before[-2:-1].isalpha():
        return True
    if text[:1].islower() and not label_of(text):
        return True
    if before.endswith((",", " för", " och")):
        return True
    # "... ersättare för Ali" / "Berg (S)": a surname carried to the next line.
    return bool(re.search(r"\bför\s+[A-ZÅÄÖ]\w+$", before) and re.match(r"^\w+\s*\(", text))


def _row_lines(row: list[Column]) -> list[tuple[int, str]]:
    texts: dict[int, list[str]] = {}
    for _column, pieces in row:
        for text, number in pieces:
            texts.setdefault(number, []).append(text)
    return [(number, " ".join(parts)) for number, parts in sorted(texts.items())]


def _read_cell(
    parsed: ParsedProtocol,
    field: str | None,
    text: str,
    line: int,
    recognised: set[int],
    numbers: list[int],
) -> str | None:
    """Read one cell's text; the field the cells after it belong to."""
    text = re.sub(r"\s*[._…]{3,}\s*", " ", text).strip()
    found = False
    if paragraphs := _PARAGRAPHS.search(text):
        parsed.paragraph_range = (int(paragraphs[1]), int(paragraphs[2]))
        text = (text[: paragraphs.start()] + text[paragraphs.end() :]).strip()
        found = True
    if _ADJUSTED_EVIDENCE.search(text):
        parsed.adjustment_evidence.append((line, text))
        found, text = True, ""
    if any(pattern.match(text) for _name, pattern in FURNITURE_RULES):
        rule = next(name for name, pattern in FURNITURE_RULES if pattern.match(text))
        parsed.ledger.furniture.extend((n, None, rule, text) for n in numbers)
        recognised.update(numbers)
        return field
    if labelled := label_of(text):
        field, text = labelled
        found = True
    if text and field:
        found = _fill(parsed, field, text, line) or found
    elif text and (date := find_date(text)) and parsed.date is None:
        parsed.date, parsed.date_line, found = date, line, True
    if found:
        recognised.update(numbers)
    return field


def _fill(parsed: ParsedProtocol, field: str, text: str, line: int) -> bool:
    """Put one value line into its field; whether anything could be read from it."""
    if field in {"place_and_time", "time", "date", "adjustment", "adjusted_on", "posted"}:
        return _fill_dates(parsed, field, text, line)
    if field == "taken_down":
        parsed.taken_down_on = find_date(text) or parsed.taken_down_on
        return True
    if field in {"member", "substitute", "official"}:
        entries = person_entries(text, line)
        for mention, role, substitute_for in entries:
            role = expand_role(role)
            chosen = field
            if re.search(r"\bordförande\b", role) and not re.search(r"vice|2:e|1:e", role):
                chosen = "chair"
                parsed.chair = parsed.chair or mention
            elif (
                re.search(r"tjänstgörande ersättare|ersättare för|ersätter", role) or substitute_for
            ):
                chosen = "substitute"
            elif re.search(r"(?:^|\s|-|kommun|nämnd)sekreterare\b", role):
                chosen = "secretary"
                parsed.secretary = parsed.secretary or mention
            if chosen == "official" and role:
                mention.appositive = role  # "förvaltningschef": the person's title
            parsed.attendance.append(ParsedAttendance(mention, chosen, substitute_for))
        return bool(entries)
    if field in {"adjusters", "signature_adjusters"}:
        entries = person_entries(text, line)
        for mention, _role, _for in entries:
            add_adjuster(parsed, mention)
        return bool(entries)
    if field == "signed":
        entries = person_entries(text, line)
        for mention, role, _for in entries:
            if re.search(r"\bordförande\b", role):
                parsed.chair = parsed.chair or mention
            elif re.search(r"\bsekreterare\b", role):
                parsed.secretary = parsed.secretary or mention
            elif not (parsed.chair and parsed.chair.name == mention.name):
                add_adjuster(parsed, mention)
        return bool(entries)
    if field == "absent":
        return bool(person_entries(text, line))  # read, and left out of the attendance
    if field in {"secretary", "signature_chair"}:
        entries = person_entries(text, line)
        if entries and field == "secretary":
            parsed.secretary = parsed.secretary or entries[0][0]
            if all(a.mention.name != entries[0][0].name for a in parsed.attendance):
                parsed.attendance.append(ParsedAttendance(entries[0][0], "secretary"))
        elif entries:
            parsed.chair = parsed.chair or entries[0][0]
        return bool(entries)
    if field == "paragraphs" and (numbers := re.search(r"(\d{1,4})\s*[-–—]\s*(\d{1,4})", text)):
        parsed.paragraph_range = (int(numbers[1]), int(numbers[2]))
        return True
    # The organ, the storage place, the signature heading: structure with no field here.
    return field in {"organ", "storage", "signatures", "notice", "paragraphs"}


def _fill_dates(parsed: ParsedProtocol, field: str, text: str, line: int) -> bool:
    date = find_date(text)
    if field == "posted":
        parsed.posted_on = date or parsed.posted_on
        if taken := re.search(r"anslaget\s+tas\s+ned\s*(.*)$", text, re.IGNORECASE):
            parsed.taken_down_on = find_date(taken[1]) or parsed.taken_down_on
        return date is not None
    if field == "adjusted_on":
        parsed.adjusted_on = date or parsed.adjusted_on
        return date is not None
    if field == "adjustment":
        parsed.adjustment_date = date or parsed.adjustment_date
        place = _place(text)
        parsed.adjustment_place = parsed.adjustment_place or place
        return bool(date or place)
    if date and parsed.date is None:
        parsed.date, parsed.date_line = date, line
    times = find_times(text)
    if times:
        parsed.start_time = parsed.start_time or times[0]
        parsed.end_time = parsed.end_time or times[1]
    if field == "place_and_time":
        place = _place(text)
        if _DIGITAL.search(place):
            parsed.is_digital = True
        if _DIGITAL.match(place) and not re.search(r",|\boch\b", place):
            place = ""  # "Digitalt sammanträde via Teams": no room to go to
        if place and not parsed.place:
            parsed.place = place
    return True


def _place(text: str) -> str:
    """The place in "Stadshuset, sal Älven, kl. 13.00-16.45" or "Stadshuset 2019-05-17":
    what is left when the dates, times and weekdays are taken out."""
    place = re.sub(
        r"\b(?:måndag|tisdag|onsdag|torsdag|fredag|lördag|söndag)(?:en)?\b|\bden\b"
        r"|\d{4}-\d{1,2}-\d{1,2}|\b\d{1,2}\s+[a-zåäö]{3,9}\.?\s+\d{4}\b"
        r"|\bkl(?:ockan)?\b\.?|\b\d{1,2}(?:[.:]\d{2})?\s*(?:[-–—]|till)\s*\d{1,2}(?:[.:]\d{2})?\b"
        r"|\b\d{1,2}[.:]\d{2}\b",
        " ",
        text,
        flags=re.IGNORECASE,
    )
    place = re.sub(r"\s*,(?:\s*,)+", ",", re.sub(r"\s+", " ", place))
    # The "och" between two times taken out ("kl. 9-12 och 13-15") goes with them.
    place = re.sub(r"(?:[\s,]+(?:och|samt))+[\s,]*$", "", place.strip(" ,;–-"))
    return place.strip(" ,;–-")


def add_adjuster(parsed: ParsedProtocol, mention: NameMention) -> None:
    """An adjuster, once, in the order first named."""
    if all(other.name != mention.name for other in parsed.adjusters):
        parsed.adjusters.append(mention)
