"""Segmenting a classic protocol: a cover page, then items headed "§ 12", "Paragraf 12" or
"1." at the margin, as municipal and regional protocols (and PDFs of them) are written.

The region's own web layout (bullets, lines wrapped with a trailing space) is read by
`blocks._text_blocks`; `is_classic` tells the two apart. Here the lines become the same
`Block`s the paragraph builder reads, after three steps a PDF needs:

1. *splitting*: a flattened PDF puts several items on one line ("1 Justerare ... 2 Rapport
   ..."); a line is split where the next item's number follows the end of a sentence;
2. *joining*: a PDF breaks every line at the page's width, and hyphenates words across
   lines; a line that continues the one before is joined to it;
3. *classifying*: item heads, numbered points, att-satser, list entries, text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .blocks import Block
from .cleaning import join_wrapped, normalise
from .parsed import ParsedProtocol, SourceLine
from .sections import section_of

#: "§ 12 Title", "§12", "§ 12" alone, "Paragraf 12 Title", each perhaps after a bullet.
ITEM_SIGN = re.compile(r"^(?:[•·▪]\s*)?(?:§\s*|paragraf\s+)(\d{1,4})\b[.:]?\s*(.*)$", re.IGNORECASE)
#: "1. Mötet öppnas", "2 Val av justerare", "3) Information" at the margin.
MARGIN_NUMBER = re.compile(r"^(\d{1,3})(?:[.)]\s*|\s+)(?=[A-ZÅÄÖÉ])(.*)$")
_POINT = re.compile(r"^(\d{1,2})[.)]\s+(\S.*)$")
_BULLET = re.compile(r"^[•·▪◦○*–-]\s+(\S.*)$")
_ATT = re.compile(r"^att\s+\S")
_SENTENCE_END = (".", "!", "?", ":")
#: A part's heading in the middle of a flattened line: "... anmäls. Beslut Nämnden ...".
_INLINE_SECTION = re.compile(
    r"(?<=[.!?])\s+(?=(?:Beslut|Förslag till beslut|Yrkanden|Propositionsordning|Votering"
    r"|[A-ZÅÄÖ][\wåäö]*(?:-\s+och\s+[\wåäö]+)?s\s+(?:beslut|förslag(?:\s+till\s+beslut)?)"
    r"|Omröstningsresultat|Reservation|Protokollsanteckning|Beslutsunderlag"
    r"|Ärendebeskrivning|Bakgrund|Expedieras)\s*:?\s+(?:[A-ZÅÄÖ0-9]|att\s))"
)
#: The next item's head after a sentence, within a line: a flattened text.
_FLAT_ITEM = re.compile(r"[.!?]\s+(?:§\s*\d{1,4}|\d{1,2}\.?)\s+[A-ZÅÄÖ]")
#: A part's heading run into a flattened head's title.
_PART_IN_TITLE = re.compile(
    r"\s+(?=(?:Ärendet|Ärendebeskrivning|Bakgrund|Sammanfattning|Beslutsunderlag|Beslut"
    r"|(?:Förvaltningens\s+|Arbetsutskottets\s+)?[Ff]örslag\s+till\s+beslut|Yrkanden|Jäv)"
    r"\s+[A-ZÅÄÖ])"
)
#: Where a head's title ends and its minutes begin, in a flattened line: a capitalised
#: word after a word in lower case ("Rapport från förvaltningen Förvaltningschefen ...").
_TITLE_END = re.compile(r"(?<=\S)\s+(?=[A-ZÅÄÖ][a-zåäöé])")


@dataclass
class Line:
    """A line of content with the number of the line it starts on."""

    text: str
    number: int
    indent: int
    after_blank: bool
    #: The line as read, with its spacing: a cover page's columns are in it.
    raw: str = ""
    #: Joined from the lines a PDF broke it into.
    long: bool = False


def content_lines(lines: list[SourceLine]) -> list[Line]:
    """The non-empty lines, normalised, each knowing whether a blank line came before.

    A page break is no paragraph break: the first line of a page may well go on with the
    sentence, or the att-sats, that the page before ended in."""
    out: list[Line] = []
    blank = True
    page = None
    for line in lines:
        text = normalise(line.text)
        if not text:
            blank = True
            continue
        raw = line.text.replace("\t", "    ")
        indent = len(raw) - len(raw.lstrip(" \u00a0"))
        new_page = page is not None and line.page != page
        out.append(Line(text, line.number, indent, blank and not new_page, raw))
        blank, page = False, line.page
    return out


def is_classic(lines: list[Line]) -> bool:
    """Items headed by § or Paragraf, or numbered at the margin from 1: not the web layout."""
    if any(
        ITEM_SIGN.match(line.text) and not line.text.startswith(("•", "·", "▪")) for line in lines
    ):
        return True
    return _margin_numbered(split_flattened(lines, by_sign=False))


def _margin_numbered(lines: list[Line]) -> bool:
    """Items numbered 1, 2, 3 at the margin (no §): at least two, in order, told apart
    from the numbered points under a Beslut or Förslag till beslut heading."""
    if any(line.text.startswith("•") for line in lines):
        return False
    segmenter = Segmenter(lines, by_sign=False)
    for line in lines:
        segmenter._track(Line(line.text, line.number, line.indent, line.after_blank))
    return segmenter.last_item >= 2


def merge_flattened(lines: list[Line]) -> list[Line]:
    """A flattened text's long lines, broken again at a PDF's width, as the one line each
    was: runs of lines filling the width are joined until a line that starts a part."""
    if not any(_FLAT_ITEM.search(line.text) for line in lines):
        return lines
    lengths = sorted(len(line.text) for line in lines)
    width = lengths[int(len(lengths) * 0.9)] if len(lengths) >= 10 else 0
    out: list[Line] = []
    for line in lines:
        previous = out[-1] if out else None
        if (
            previous is not None
            and width
            and not line.after_blank
            and len(previous.raw or previous.text) >= 0.8 * width
            and not ITEM_SIGN.match(line.text)
            and not section_of(line.text)
            and not _POINT.match(line.text)
        ):
            previous.text = join_wrapped(previous.text, line.text)
            previous.raw = previous.text
            previous.long = True
            continue
        out.append(Line(line.text, line.number, line.indent, line.after_blank, line.raw))
    return out


def split_flattened(lines: list[Line], by_sign: bool) -> list[Line]:
    """Lines holding the next item's head after a sentence are split there."""
    out: list[Line] = []
    expected = 1
    for line in merge_flattened(lines):
        head = ITEM_SIGN.match(line.text) if by_sign else MARGIN_NUMBER.match(line.text)
        if head:
            expected = int(head[1]) + 1
        pieces = [line.text]
        while True:
            pattern = (
                rf"(?<=[.!?])\s+(?=(?:§\s*|Paragraf\s+){expected}\b)"
                if by_sign
                else rf"(?<=[.!?])\s+(?={expected}\.?\s+[A-ZÅÄÖ])"
            )
            match = re.search(pattern, pieces[-1])
            if not match:
                break
            pieces[-1:] = [pieces[-1][: match.start()], pieces[-1][match.end() :]]
            expected += 1
        pieces = [part for piece in pieces for part in _INLINE_SECTION.split(piece) if part]
        for index, piece in enumerate(pieces):
            raw = line.raw if len(pieces) == 1 else piece
            out.append(Line(piece, line.number, line.indent, line.after_blank or index > 0, raw))
    return out


class Segmenter:
    """Classifies and joins the lines of the items (after the cover page)."""

    def __init__(self, lines: list[Line], by_sign: bool) -> None:
        self.lines = lines
        self.by_sign = by_sign
        lengths = sorted(len(line.text) for line in lines)
        #: The width a PDF wrapped its lines at: a line this long ran on.
        self.width = max(60, lengths[int(len(lengths) * 0.9)] if lengths else 80)
        self.margin = min((line.indent for line in lines), default=0)
        self.last_item = 0
        self.in_points = False
        self.points = 0

    def item_head(self, line: Line) -> tuple[int | None, str] | None:
        """(number, rest) when the line heads an item."""
        if self.by_sign:
            match = ITEM_SIGN.match(line.text)
            # The § numbers run upwards: "§ 12" after § 40 is a reference a PDF happened
            # to wrap to the start of a line.
            if match and int(match[1]) > self.last_item:
                return int(match[1]), match[2]
            return None
        match = MARGIN_NUMBER.match(line.text)
        if not match or line.indent > self.margin or int(match[1]) != self.last_item + 1:
            return None
        rest = match[2]
        # "2. Nämnden uppdrar ..." under Beslut is a point; "2. Val av justerare" an item.
        looks_like_point = rest.endswith(".") or len(rest) > 80 or line.indent > self.margin
        if self.in_points and int(match[1]) == self.points + 1 and looks_like_point:
            return None
        return int(match[1]), rest

    def starts_something(self, line: Line) -> bool:
        text = line.text
        return bool(
            self.item_head(line)
            or section_of(text)
            or _POINT.match(text)
            or _BULLET.match(text)
            or (_ATT.match(text) and self.in_points)
            or text.lower().startswith("dnr")
        )

    def continues(self, previous: Line, line: Line) -> bool:
        """Whether `line` runs on from `previous` (a PDF's wrapped line)."""
        if line.after_blank or self.starts_something(line):
            return False
        before = previous.text
        if before.endswith("-") and before[-2:-1].isalpha():
            return True
        if before.endswith(_SENTENCE_END):
            return False
        if line.text[:1].islower() or before.endswith((",", ";")):
            return True
        # A title runs on only into lower case; a wrapped line of prose fills the width.
        return not before.startswith("\x00") and len(before) >= 0.75 * self.width

    def blocks(self) -> list[Block]:
        joined: list[Line] = []
        for line in self.lines:
            if joined and self.continues(joined[-1], line):
                joined[-1].text = join_wrapped(joined[-1].text, line.text)
                joined[-1].raw = ""  # a joined line has no one set of columns
                continue
            joined.append(Line(line.text, line.number, line.indent, line.after_blank, line.raw))
            self._track(joined[-1])
        return [block for line in joined for block in self._block(line)]

    def _track(self, line: Line) -> None:
        head = self.item_head(line)
        if head:
            self.last_item = head[0] or self.last_item
            self.in_points, self.points = False, 0
            line.text = "\x00" + line.text  # marked as a head for _block
        elif heading := section_of(line.text):
            self.in_points = heading[0] in {"proposal", "decision"}
            self.points = 0
        elif (point := _POINT.match(line.text)) and self.in_points:
            self.points = int(point[1])

    def _block(self, line: Line) -> list[Block]:
        text = line.text
        if text.startswith("\x00"):
            head, rest = _split_title(self._head_block(line.number, text[1:]))
            return [head, *([self._block(Line(rest, line.number, 0, False))[0]] if rest else [])]
        if point := _POINT.match(text):
            return [Block("numbered", point[2], line.number, int(point[1]))]
        if bullet := _BULLET.match(text):
            return [Block("sub", bullet[1], line.number)]
        if _ATT.match(text):
            return [Block("att", text, line.number)]
        return [Block("text", text, line.number, raw=line.raw)]

    def _head_block(self, number: int, text: str) -> Block:
        if self.by_sign:
            sign = ITEM_SIGN.match(text)
            assert sign is not None
            return Block("heading", f"§ {sign[1]} {sign[2]}".strip(), number)
        margin = MARGIN_NUMBER.match(text)
        assert margin is not None
        return Block("heading", margin[2], number, int(margin[1]))


def _split_title(head: Block) -> tuple[Block, str]:
    """A head whose line runs on into sentences ("2 Rapport från förvaltningen Förvaltnings-
    chefen Per Ek informerar ...") keeps the words before the first sentence as its title."""
    text = head.text
    sign = re.match(r"^(§\s*\d+\s*)(.*)$", text)
    prefix, title = (sign[1], sign[2]) if sign else ("", text)
    if len(title) > 60 and (part := _PART_IN_TITLE.search(title)):
        # "§ 32 Strandskyddsdispens ... Sjövik 1:14 Ärendet Sökanden vill ...".
        head.text = prefix + title[: part.start()]
        return head, title[part.end() :]
    if not re.search(r"[.!?]$|[.!?]\s", title) or len(title) < 15:
        return head, ""
    if match := _TITLE_END.search(title):
        body = title[match.end() :]
        head.text = prefix + title[: match.start()]
        return head, body
    return head, ""


def first_item_index(lines: list[Line], by_sign: bool) -> int:
    """Where the items begin: everything before is the cover page."""
    for index, line in enumerate(lines):
        if by_sign and ITEM_SIGN.match(line.text):
            return index
        if not by_sign and (match := MARGIN_NUMBER.match(line.text)) and match[1] == "1":
            return index
    return 0


_AGENDA_HEADING = re.compile(
    r"^(?:föredragningslista|dagordning|ärendelista|ärenden)\s*:?$", re.IGNORECASE
)


def drop_agenda_list(lines: list[Line], by_sign: bool, parsed: ParsedProtocol) -> list[Line]:
    """An agenda list (föredragningslista) of the items' heads before the items themselves
    is a table of contents: its numbers come again, each then with its minutes."""
    pattern = ITEM_SIGN if by_sign else MARGIN_NUMBER
    heads = [
        (index, int(m[1])) for index, line in enumerate(lines) if (m := pattern.match(line.text))
    ]
    if len(heads) < 4:
        return lines
    run = [heads[0]]
    for index, number in heads[1:]:
        if index != run[-1][0] + 1 or number != run[-1][1] + 1:
            break
        run.append((index, number))
    repeated = {number for _index, number in heads[len(run) :]}
    if len(run) < 2 or not {number for _i, number in run} <= repeated:
        return lines
    first, last = run[0][0], run[-1][0]
    if first and _AGENDA_HEADING.match(lines[first - 1].text):
        first -= 1
    for line in lines[first : last + 1]:
        parsed.ledger.furniture.append((line.number, None, "föredragningslista", line.text))
    return lines[:first] + lines[last + 1 :]


_SIGNATURE_LABEL = re.compile(
    r"^(?:anslag\s*/\s*bevis|bevis\s+om\s+anslag|närvaroförteckning|närvarolista"
    r"|vid\s+protokollet|justeras|justerat|underskrifter|ordförande|sekreterare"
    r"|justerare|justerande|protokollförare|mötessekreterare)\b\s*:?",
    re.IGNORECASE,
)


def signature_tail(lines: list[Line]) -> int:
    """Where the signatures after the last item begin ("Vid protokollet", "Justeras",
    names under them), or len(lines) when the protocol ends without them."""
    start = len(lines)
    for index in range(len(lines) - 1, -1, -1):
        text = lines[index].text
        if len(text) > 80 or ITEM_SIGN.match(text) or re.search(r"[a-zåäö]\.$", text):
            break
        if _SIGNATURE_LABEL.match(text):
            start = index
    return start


def segment(
    lines: list[Line], parsed: ParsedProtocol
) -> tuple[list[Line], list[Line], list[Block]]:
    """(the cover page's lines, the closing signatures' lines, the items' blocks)."""
    by_sign = any(ITEM_SIGN.match(line.text) for line in lines)
    lines = drop_agenda_list(split_flattened(lines, by_sign), by_sign, parsed)
    start = first_item_index(lines, by_sign)
    end = max(start + 1, signature_tail(lines))
    return lines[:start], lines[end:], Segmenter(lines[start:end], by_sign).blocks()
