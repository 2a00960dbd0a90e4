"""Import protocols from the text the region publishes (or a Word file) into structured data.

Three steps, each usable on its own:

1. `read_protocol(name, data)` refuses what is not a protocol file (empty, binary, too
   large, not UTF-8) and parses the rest, text or `.docx`, into a `ParsedProtocol`: plain
   dataclasses, no database.
2. `import_protocol(parsed, body=..., date=...)` matches the people and organisations
   against the registers and writes the meeting, its attendance, paragraphs, decisions,
   motions and attachments in one transaction. With `dry_run=True` it does all of that and
   rolls back, so a preview meets the same checks as the real import and writes nothing.
3. The returned `ImportReport` is the preview: what was (or would be) created, the new
   people, and every warning with its line.

`ProtocolUploadForm` at the end is the admin's upload step; the views are in admin.py.

Whatever the parser cannot understand it reports: as a `ProtocolImportError` (file and
line) when nothing sensible can be imported, otherwise as a warning in the report.
"""

from __future__ import annotations

import datetime
import difflib
import io
import re
import zipfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from django import forms
from django.db import DatabaseError, transaction
from django.db.models import ProtectedError
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from docx.opc.constants import RELATIONSHIP_TYPE

from decisions.models import Decision, DecisionPoint, Motion, ProposalPoint

from .models import (
    AgendaItem,
    Attachment,
    Attendance,
    Body,
    Meeting,
    Organisation,
    Person,
    PersonAlias,
)

#: Files of this size or more are refused: a year of protocols as text is well below 1 MB.
MAX_FILE_SIZE = 20 * 1024 * 1024

#: Swedish parliamentary parties; anything else in parentheses after a name is looked up
#: as an organisation's short name (RJH, ÖSD, ...).
PARTIES = frozenset({"S", "M", "SD", "C", "V", "KD", "L", "MP", "FP"})

#: How alike two spellings must be (difflib ratio) to be reported as a possible match.
NEAR_MATCH_RATIO = 0.85

TITLE_LENGTH = 90


class ProtocolImportError(Exception):
    """A protocol file that cannot be imported, with the file and line it concerns."""

    def __init__(
        self, message: str, *, file: str = "", line: int | None = None, unit: str = "rad"
    ) -> None:
        self.message = message
        self.file = file
        self.line = line
        self.unit = unit
        super().__init__(str(self))

    def __str__(self) -> str:
        where = self.file
        if self.line:
            where = f"{where}, {self.unit} {self.line}" if where else f"{self.unit} {self.line}"
        return f"{where}: {self.message}" if where else self.message


# --- The parse result ----------------------------------------------------------------


@dataclass
class ProtocolWarning:
    """Something the importer did not fully understand, and where."""

    line: int | None
    message: str
    unit: str = "rad"

    def __str__(self) -> str:
        return f"{self.unit} {self.line}: {self.message}" if self.line else self.message


@dataclass
class NameMention:
    """A person's name as written, with what the text says about them."""

    name: str
    line: int
    parenthesis: str = ""  # "(C)" or "(RJH)": a party or an organisation
    appositive: str = ""  # ", Göteborgs universitet," or ", projektledare i ...,"


@dataclass
class ParsedMotion:
    """A motion (yrkande); `mover` is None when the chair ("Ordföranden") moved it."""

    mover: NameMention | None
    text: str
    line: int


@dataclass
class ParsedItem:
    """One paragraph of the protocol as the text has it."""

    position: int
    line: int
    number: int | None = None
    title: str = ""
    title_needs_review: bool = False
    paragraphs: list[tuple[str, int]] = field(default_factory=list)
    presenters: list[NameMention] = field(default_factory=list)
    proposal_points: list[str] = field(default_factory=list)
    decision_points: list[str] = field(default_factory=list)
    motions: list[ParsedMotion] = field(default_factory=list)
    attachments: list[str] = field(default_factory=list)
    adjusted: bool = False

    @property
    def text(self) -> str:
        """The minutes: paragraphs apart by a blank line, list entries on their own lines."""
        out = ""
        for index, (paragraph, _line) in enumerate(self.paragraphs):
            if index:
                previous = self.paragraphs[index - 1][0]
                out += "\n" if paragraph.startswith("– ") and previous.startswith("– ") else "\n\n"
            out += paragraph
        return out

    @property
    def decision_kind(self) -> str:
        """The kind of decision the points read as, for the decision register."""
        text = " ".join(self.decision_points or self.proposal_points).lower()
        if "rekommendera" in text:
            return Decision.Kind.RECOMMENDATION
        if "bordl" in text:
            return Decision.Kind.POSTPONED
        if "remiss" in text:
            return Decision.Kind.REFERRAL
        points = self.decision_points or self.proposal_points
        if all(re.search(r"tagit del av|noterar|noteras", point.lower()) for point in points):
            return Decision.Kind.INFORMATION_NOTED
        return Decision.Kind.DECISION


@dataclass
class ParsedProtocol:
    """What one file holds: its paragraphs, the chair, the times and the warnings."""

    source: str
    unit: str = "rad"
    items: list[ParsedItem] = field(default_factory=list)
    chair: NameMention | None = None
    start_time: datetime.time | None = None
    end_time: datetime.time | None = None
    full_names: list[str] = field(default_factory=list)
    warnings: list[ProtocolWarning] = field(default_factory=list)

    def warn(self, line: int | None, message: str) -> None:
        self.warnings.append(ProtocolWarning(line, message, self.unit))

    def error(self, message: str, line: int | None = None) -> ProtocolImportError:
        return ProtocolImportError(message, file=self.source, line=line, unit=self.unit)


# --- Reading a file -------------------------------------------------------------------


def read_protocol_file(path: Path) -> ParsedProtocol:
    """Read and parse a protocol file from disk, refusing a too large one unread."""
    try:
        check_size(str(path), path.stat().st_size)
        data = path.read_bytes()
    except FileNotFoundError:
        raise ProtocolImportError("Filen finns inte.", file=str(path)) from None
    except IsADirectoryError:
        raise ProtocolImportError("Det är en mapp, inte en fil.", file=str(path)) from None
    except OSError as exc:
        raise ProtocolImportError(
            f"Filen kunde inte läsas: {exc.strerror}.", file=str(path)
        ) from None
    return read_protocol(str(path), data)


def check_size(name: str, size: int) -> None:
    """Refuse a file of 20 MB or more before reading it."""
    if size >= MAX_FILE_SIZE:
        raise ProtocolImportError(
            f"Filen är {size / 1024 / 1024:.1f} MB; gränsen är 20 MB. "
            "Dela upp protokollet i flera filer.",
            file=name,
        )


def read_protocol(name: str, data: bytes) -> ParsedProtocol:
    """Refuse what is not a protocol file, then parse a text or Word file."""
    check_size(name, len(data))
    if not data.strip():
        raise ProtocolImportError("Filen är tom.", file=name)
    if data.startswith(b"\xd0\xcf\x11\xe0"):
        raise ProtocolImportError(
            "Filen är i det gamla Word-formatet (.doc). Spara den som .docx och försök igen.",
            file=name,
        )
    if name.lower().endswith(".docx") or data.startswith(b"PK\x03\x04"):
        return parse_docx(data, source=name)
    return parse_text(decode_text(name, data), source=name)


def decode_text(name: str, data: bytes) -> str:
    """The file's text if it is UTF-8; a Swedish explanation of what it is otherwise."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise ProtocolImportError(
            "Filen är sparad som UTF-16. Spara om den som UTF-8 och försök igen.", file=name
        )
    if b"\x00" in data:
        raise ProtocolImportError(
            "Filen innehåller binära data (NUL-tecken) och är ingen textfil.",
            file=name,
            line=data[: data.index(b"\x00")].count(b"\n") + 1,
        )
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        try:
            looks_like_ansi = bool(re.search("[åäöÅÄÖé]", data.decode("cp1252")))
        except UnicodeDecodeError:
            looks_like_ansi = False
        if looks_like_ansi:
            message = (
                "Filen är inte sparad som UTF-8 utan ser ut att vara Windows-1252 (ANSI), "
                "vanligt från Anteckningar och äldre Word. Spara om den som UTF-8 och "
                "försök igen."
            )
        else:
            message = "Filen är inte giltig UTF-8-text. Spara om den som UTF-8 och försök igen."
        raise ProtocolImportError(message, file=name, line=line) from None


# --- From text and Word to blocks -----------------------------------------------------
# Both formats become the same sequence of blocks, so that one parser gives them the same
# structure: "item" starts a paragraph ("•" or a Word bullet), "sub" is a list entry
# inside one, "numbered" a numbered line, "heading" a heading ("§ 46", a Word heading, a
# numbered heading), "text" anything else.


@dataclass
class Block:
    """One heading, list entry or paragraph of text, and where it starts."""

    kind: str
    text: str
    line: int
    number: int | None = None


_CHROME = re.compile(r"^(hoppa över navigering|hoppa till (huvud)?innehållet?|vi använder cookies)")
_SPACES = re.compile(r"[ \t\u00a0\u2000-\u200a\u202f\u205f\u3000]+")
_INVISIBLE = re.compile(r"[\u200b\u200c\u200d\u2060\ufeff\x00-\x08\x0b-\x1f\x7f]")
_BULLET = "•"
_SUB_MARKERS = ("·", "▪", "◦", "○", "*", "-", "–")
_NUMBERED = re.compile(r"^(\d{1,3})[.)]\s+(\S.*)$")
_PARAGRAPH_SIGN = re.compile(r"^§\s*(\d{1,6})\b[.:]?\s*(.*)$")


def _normalise(text: str) -> str:
    return _SPACES.sub(" ", _INVISIBLE.sub("", text)).strip()


def _text_blocks(text: str) -> list[Block]:
    raw_lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    lines: list[tuple[int, int, str, bool]] = []  # line number, indent, text, soft wrap
    for number, raw in enumerate(raw_lines, start=1):
        cleaned = _INVISIBLE.sub("", raw).replace("\t", " ")
        stripped = _SPACES.sub(" ", cleaned).strip()
        if _CHROME.match(stripped.lower()):
            stripped = ""
        indent = len(cleaned) - len(cleaned.lstrip(" \u00a0"))
        # The region's pages wrap long lines with a space at the end of each but the last.
        soft_wrap = bool(raw) and raw[-1] in " \u00a0\t"
        lines.append((number, indent, stripped, soft_wrap))

    # The next line with text after each line, found in one pass from the end.
    next_content: list[tuple[int, int, str, bool] | None] = [None] * len(lines)
    upcoming = None
    for index in range(len(lines) - 1, -1, -1):
        next_content[index] = upcoming
        if lines[index][2]:
            upcoming = lines[index]

    bullet_indents = [indent for _n, indent, text, _s in lines if text.startswith(_BULLET)]
    top = min(bullet_indents, default=0)
    first_content = next((i for i, (_n, _i, text, _s) in enumerate(lines) if text), None)

    blocks: list[Block] = []
    current: Block | None = None
    joinable = False
    for index, (number, indent, text, soft_wrap) in enumerate(lines):
        if not text:
            current, joinable = None, False
            continue
        following = next_content[index]
        numbered = _NUMBERED.match(text)
        if text.startswith(_BULLET):
            kind = "item" if indent <= top else "sub"
            current = Block(kind, text[1:].strip(), number)
        elif text.startswith(_SUB_MARKERS) and text[1:2] == " ":
            current = Block("sub", text[1:].strip(), number)
        elif _PARAGRAPH_SIGN.match(text):
            current = Block("heading", text, number)
        elif numbered and following and following[1] > indent and len(text) <= 150:
            # "  1. Sammanträdestider SVOM 2021" over a more indented body is a heading.
            current = Block("heading", numbered[2], number)
        elif numbered:
            current = Block("numbered", numbered[2], number, int(numbered[1]))
        elif current is not None and (joinable or current.kind == "numbered"):
            current.text = f"{current.text} {text}"
            joinable = soft_wrap
            continue
        elif (
            index == first_content
            and not bullet_indents
            and len(text) <= 150
            and not text.endswith((".", ",", ";", ":", "!", "?"))
            and (following is None or lines[index + 1][2] == "")
        ):
            # A protocol of one paragraph opens with its title, as seed 000 does.
            current = Block("heading", text, number)
        else:
            current = Block("text", text, number)
        blocks.append(current)
        joinable = soft_wrap and current.kind in {"text", "numbered", "item", "sub"}
    return blocks


def _docx_blocks(document, parsed: ParsedProtocol) -> list[Block]:
    blocks: list[Block] = []
    numbering = _docx_numbering_formats(document)
    for number, paragraph in enumerate(document.paragraphs, start=1):
        text = _normalise(paragraph.text)
        if not text or _CHROME.match(text.lower()):
            continue
        style = (paragraph.style.name if paragraph.style is not None else "") or ""
        if re.match(r"(heading|rubrik|title)\b", style, re.IGNORECASE):
            blocks.append(Block("heading", text, number))
            continue
        list_format, level = _docx_list_format(paragraph, style, numbering)
        if list_format == "bullet":
            blocks.append(Block("item" if level == 0 else "sub", text, number))
        elif list_format == "number":
            blocks.append(Block("numbered", text, number))
        elif text.startswith(_BULLET):
            blocks.append(Block("item", text[1:].strip(), number))
        elif match := _NUMBERED.match(text):
            blocks.append(Block("numbered", match[2], number, int(match[1])))
        else:
            blocks.append(Block("text", text, number))
    if document.tables:
        parsed.warn(None, f"Dokumentet har {len(document.tables)} tabell(er) som inte importeras.")
    return blocks


def _docx_numbering_formats(document) -> dict[tuple[str, str], str]:
    """(numId, level) -> numFmt ("bullet", "decimal", ...) from the numbering part."""
    try:
        # Read the part if the document has one; python-docx's numbering_part property
        # would try to create a missing one, which it does not support.
        root = document.part.part_related_by(RELATIONSHIP_TYPE.NUMBERING).element
    except KeyError:
        return {}
    w = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
    abstract: dict[str, dict[str, str]] = {}
    for definition in root.iter(f"{w}abstractNum"):
        levels = abstract.setdefault(definition.get(f"{w}abstractNumId"), {})
        for level in definition.iter(f"{w}lvl"):
            fmt = level.find(f"{w}numFmt")
            levels[level.get(f"{w}ilvl")] = fmt.get(f"{w}val") if fmt is not None else ""
    formats = {}
    for num in root.iter(f"{w}num"):
        reference = num.find(f"{w}abstractNumId")
        if reference is not None:
            for level, fmt in abstract.get(reference.get(f"{w}val"), {}).items():
                formats[(num.get(f"{w}numId"), level)] = fmt
    return formats


def _docx_list_format(paragraph, style: str, numbering: dict) -> tuple[str | None, int]:
    """("bullet" | "number" | None, level) from the paragraph's numbering or its style."""
    lowered = style.lower()
    level = 1 if re.search(r"\s[2-9]$", style) else 0
    properties = paragraph._p.pPr
    num = properties.numPr if properties is not None else None
    if num is not None and num.numId is not None:
        level = int(num.ilvl.val) if num.ilvl is not None else level
        fmt = numbering.get((str(num.numId.val), str(level)), "")
        if fmt == "bullet":
            return "bullet", level
        if fmt:
            return "number", level
    if "bullet" in lowered or "punktlista" in lowered:
        return "bullet", level
    if "number" in lowered or "numrerad" in lowered:
        return "number", level
    # A custom style may carry the numbering itself, or inherit it.
    inherited = paragraph.style
    while inherited is not None:
        properties = inherited.element.pPr
        num = properties.numPr if properties is not None else None
        if num is not None and num.numId is not None:
            fmt = numbering.get((str(num.numId.val), "0"), "")
            return ("bullet" if fmt == "bullet" else "number" if fmt else None), level
        inherited = inherited.base_style
    return None, level


# --- From blocks to paragraphs --------------------------------------------------------

_KEYWORDS = {
    "förslag till beslut": "proposal",
    "förslag på beslut": "proposal",
    "beslut": "decision",
    "beslutet": "decision",
    "bilagor": "attachments",
    "bilaga": "attachments",
    "sammanfattning": "summary",
    "ärendebeskrivning": "summary",
    "beskrivning av ärendet": "summary",
}
_ADJUSTED = re.compile(r"^paragrafen (är|förklaras|förklarades) (omedelbart )?justerad\.?$")


def _keyword(text: str) -> str | None:
    lowered = text.lower().rstrip(":. ")
    if _ADJUSTED.match(text.lower()):
        return "adjusted"
    return _KEYWORDS.get(lowered)


class _Builder:
    """Walks the blocks and collects paragraphs; one instance per file."""

    def __init__(self, parsed: ParsedProtocol) -> None:
        self.parsed = parsed
        self.item: ParsedItem | None = None
        self.fresh = False  # the item's bullet was just read: it has no content yet
        self.section: str | None = None
        self.pending_title = False
        self.attachments_named = True
        self.attachments_line = 0

    def new_item(self, line: int) -> ParsedItem:
        self.close_item()
        self.item = ParsedItem(position=len(self.parsed.items) + 1, line=line)
        self.parsed.items.append(self.item)
        self.section, self.pending_title, self.fresh = None, False, True
        self.attachments_named = True
        return self.item

    def close_item(self) -> None:
        item = self.item
        if item is None:
            return
        if not self.attachments_named:
            item.attachments.append("Bilagor (namnen saknas i protokolltexten)")
            self.parsed.warn(
                self.attachments_line,
                f"Punkt {item.position} nämner bilagor utan att namnge dem; "
                "en bilaga utan fil skapas. Ladda upp filerna i admin.",
            )
        if self.pending_title:
            self.parsed.warn(item.line, f"§ {item.number} saknar rubrik.")
        self.pending_title = False

    def feed(self, block: Block) -> None:
        kind, text = block.kind, block.text
        if kind == "item":
            self.new_item(block.line)
            if text:
                inner = "heading" if _PARAGRAPH_SIGN.match(text) else "text"
                self.feed(Block(inner, text, block.line))
            return
        if kind == "heading":
            self.heading(block)
            return
        keyword = _keyword(text) if kind == "text" else None
        if keyword:
            self.keyword(keyword, block.line)
            return
        item = self.item or self.new_item(block.line)
        if self.pending_title and kind == "text":
            item.title, self.pending_title, self.fresh = _title_case(text), False, False
            return
        self.fresh = False
        if self.section in {"proposal", "decision"}:
            points = item.proposal_points if self.section == "proposal" else item.decision_points
            if kind in {"numbered", "sub"} or not points:
                if block.number is not None and block.number != len(points) + 1:
                    self.parsed.warn(
                        block.line,
                        f"Punkten är numrerad {block.number} men är punkt {len(points) + 1} i "
                        "ordningen och sparas så.",
                    )
                points.append(text)
                return
            self.section = None
        if self.section == "attachments":
            if kind in {"numbered", "sub"} or (len(text) <= 200 and not text.endswith(".")):
                item.attachments.append(text[:300])
                self.attachments_named = True
                return
            self.section = None
        if kind == "numbered":
            text = f"{block.number or len(item.paragraphs) + 1}. {text}"
        elif kind == "sub":
            text = f"– {text}"
        elif text.startswith(_SUB_MARKERS) and text[1:2] == " ":
            text = f"– {text[2:].strip()}"
        item.paragraphs.append((_normalise(text), block.line))

    def heading(self, block: Block) -> None:
        text = block.text
        keyword = _keyword(text)
        if keyword:
            self.keyword(keyword, block.line)
            return
        sign = _PARAGRAPH_SIGN.match(text)
        item = self.item
        if not (item is not None and self.fresh and item.number is None and not item.title):
            item = self.new_item(block.line)
        self.fresh = False
        if sign:
            number = int(sign[1])
            if number == 0:
                raise self.parsed.error("§ 0 är inget giltigt paragrafnummer.", block.line)
            item.number = number
            if sign[2]:
                item.title = _title_case(sign[2])
            else:
                self.pending_title = True
        else:
            item.title = _title_case(text)

    def keyword(self, keyword: str, line: int) -> None:
        item = self.item or self.new_item(line)
        self.fresh = False
        if keyword == "adjusted":
            item.adjusted = True
            self.section = None
        elif keyword == "summary":
            self.section = None
        else:
            self.section = keyword
            if keyword == "attachments":
                self.attachments_named, self.attachments_line = False, line


def _title_case(text: str) -> str:
    """A title as written, with a spaced hyphen made the en dash Swedish typography uses."""
    title = _normalise(text).replace(" - ", " – ").rstrip(" .:")
    if len(title) > 300:
        title = title[:299].rsplit(" ", 1)[0] + "…"
    return title or "Utan rubrik"


def parse_text(text: str, source: str = "") -> ParsedProtocol:
    """Parse the text of a protocol page (or a plain text file) into paragraphs."""
    parsed = ParsedProtocol(source=source)
    return _parse_blocks(parsed, _text_blocks(text))


def parse_docx(data: bytes, source: str = "") -> ParsedProtocol:
    """Parse a Word document, using its headings and its bulleted and numbered lists."""
    import docx

    parsed = ParsedProtocol(source=source, unit="stycke")
    try:
        document = docx.Document(io.BytesIO(data))
    except (zipfile.BadZipFile, KeyError, ValueError, OSError) as exc:
        raise ProtocolImportError(
            "Filen kunde inte läsas som ett Word-dokument (.docx).", file=source
        ) from exc
    except Exception as exc:  # python-docx and lxml raise many types for a damaged file
        raise ProtocolImportError(
            f"Word-dokumentet är skadat och kunde inte läsas ({type(exc).__name__}).",
            file=source,
        ) from exc
    return _parse_blocks(parsed, _docx_blocks(document, parsed))


def _parse_blocks(parsed: ParsedProtocol, blocks: list[Block]) -> ParsedProtocol:
    builder = _Builder(parsed)
    for block in blocks:
        builder.feed(block)
    builder.close_item()
    if not parsed.items:
        raise parsed.error("Filen innehåller inget protokoll: ingen text att importera.")
    if len(parsed.items) > 32000:
        raise parsed.error("Filen har fler än 32 000 punkter; dela upp den.")
    seen: dict[int, int] = {}
    for item in parsed.items:
        if item.number is not None:
            if item.number in seen:
                raise parsed.error(
                    f"§ {item.number} förekommer två gånger (även på {parsed.unit} "
                    f"{seen[item.number]}).",
                    item.line,
                )
            seen[item.number] = item.line
    _read_people_and_times(parsed)
    for item in parsed.items:
        if not item.title:
            item.title, item.title_needs_review = _derived_title(item)
    return parsed


# --- Sentences, names, presenters and motions -------------------------------------------

_ABBREVIATIONS = (
    "bl.a.",
    "p.g.a.",
    "t.ex.",
    "m.m.",
    "dvs.",
    "d.v.s.",
    "ev.",
    "kl.",
    "ca.",
    "resp.",
    "fr.o.m.",
    "t.o.m.",
    "s.k.",
    "jfr.",
    "nr.",
    "osv.",
    "o.s.v.",
)
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[\"”“(]?[A-ZÅÄÖÉÜ0-9])")


def _sentences(text: str) -> Iterator[str]:
    start = 0
    for match in _SENTENCE_END.finditer(text):
        before = text[start : match.start()]
        if before.lower().endswith(_ABBREVIATIONS) or re.search(r"\b[A-ZÅÄÖ]\.$", before):
            continue
        yield before
        start = match.end()
    yield text[start:]


_TOKEN = r"[A-ZÅÄÖÉÈÜÆØ][a-zåäöéèüæøA-ZÅÄÖÉÈÜ'’-]{0,39}"
_PARTICLE = r"(?:von|af|van|de|der|den|da|du|la|le)"
_NAME = rf"{_TOKEN}(?:\s+(?:{_PARTICLE}\s+)?{_TOKEN}){{0,3}}"
_NAME_ENTRY = re.compile(
    rf"(?P<name>{_NAME})(?:\s*\((?P<parenthesis>[^()]{{1,30}})\))?"
    r"(?:\s+för\s+[\wåäöÅÄÖ -]{1,40})?"
)
#: Capitalised words that start sentences but are no one's first name.
_NOT_NAMES = frozenset(
    {
        *("Region", "Regionen", "Kommunen", "Kommunerna", "Ordföranden", "Ordförande"),
        *("Ledamot", "Ledamöter", "Arbetsgruppen", "Sekreteraren", "Förvaltningen"),
        *("Fredagsgruppen", "Gruppen", "Styrgruppen", "Projektet", "Projektgruppen"),
        *("Företrädare", "Kommunföreträdare", "Samtliga", "Alla", "Flera", "Svar"),
        *("Fråga", "Frågan", "Frågor", "Det", "Den", "De", "Vi", "Man", "Detta", "Dessa"),
        *("Punkten", "Ärendet", "Remissvaren", "Förslaget", "Informationen", "Mötet"),
        *("Presidiet", "Polisen", "Elevhälsan", "Vidare", "Även", "Efter", "Under", "Enligt"),
        *("Sveriges", "Jämtlands", "Östersunds", "Jämtland", "Härjedalen", "Härjedalens"),
    }
)
_PRESENTER_VERBS = (
    r"(?:går\s+(?:\w+\s+){0,2}?igenom|föredrar|redogör|informerar|presenterar|beskriver"
    r"|gör\s+en\s+genomgång|ger|föreslår|redovisar|rapporterar|berättar)"
)
_VERB_NEAR_START = re.compile(rf"\s{_PRESENTER_VERBS}\b")
_ACTIVE = re.compile(rf"^(?P<who>\S.{{1,200}}?)\s+{_PRESENTER_VERBS}\b")
_PASSIVE = re.compile(r"\b(?:föredras|presenteras|redovisas)\s+av\s+(?P<who>.+?)\.?$")
_MOTION = re.compile(r"^(?P<who>\S.{0,120}?)\s+yrkar\s+(?:på\s+)?(?P<what>\S.*?)\.?$")
_CHAIR = re.compile(
    r"^(?P<who>.{2,120}?),\s*(?:mötets\s+)?ordförande,\s*(?:öppnar|hälsar)", re.IGNORECASE
)
_THE_CHAIR = re.compile(r"^(?:Mötets\s+)?[Oo]rdförande(?:n)?$")
_FULL_NAME_MENTION = re.compile(
    rf"^(?P<name>{_TOKEN}(?:\s+{_TOKEN}){{1,3}})(?=\s*[,(]|\s+[a-zåäö])"
)
_TIME = r"kl\.?\s*(?P<hour>\d{1,2})[:.](?P<minute>\d{2})"
_CLOSING = re.compile(rf"\bavslutar\s+(?:mötet|sammanträdet)\b[^.]*?\b{_TIME}")
_OPENING = re.compile(rf"\böppnar\s+(?:mötet|sammanträdet)\b[^.]*?\b{_TIME}")


def _is_name(name: str) -> bool:
    tokens = name.split()
    if tokens[0] in _NOT_NAMES or tokens[0].endswith("-"):
        return False
    # An acronym (SVOM, RJH) is an organisation; initials with a hyphen (W-S) are a name.
    return not any(len(token) > 1 and token.isupper() and "-" not in token for token in tokens)


def _name_list(text: str, line: int) -> list[NameMention] | None:
    """The names in "A, B (RJH) och C", or None when it is not a list of names."""
    mentions = []
    for part in re.split(r"\s*,\s*|\s+och\s+", text.strip()):
        match = _NAME_ENTRY.fullmatch(part)
        if not match or not _is_name(match["name"]):
            return None
        mentions.append(NameMention(match["name"], line, (match["parenthesis"] or "").strip()))
    return mentions or None


def _people_before_verb(who: str, line: int) -> list[NameMention] | None:
    who = who.rstrip(", ")
    if mentions := _name_list(who, line):
        return mentions
    head, comma, appositive = who.rpartition(", ")
    if comma and (mentions := _name_list(head, line)):
        mentions[-1].appositive = appositive.strip()
        return mentions
    return None


def _content_sentences(item: ParsedItem) -> Iterator[tuple[str, int]]:
    for paragraph, line in item.paragraphs:
        # A list marker ("– ", "1. ") is not the start of a sentence.
        for sentence in _sentences(re.sub(r"^(?:–\s+|\d{1,3}\.\s+)", "", paragraph)):
            if sentence := sentence.strip():
                yield sentence, line


def _read_people_and_times(parsed: ParsedProtocol) -> None:
    full_names: dict[str, None] = {}
    for item in parsed.items:
        for sentence, line in _content_sentences(item):
            # Each pattern only where its key word occurs: most sentences name no one.
            if parsed.chair is None and "rdförande," in sentence:
                chair = _CHAIR.match(sentence)
                mentions = _name_list(chair["who"], line) if chair else None
                if mentions and len(mentions) == 1:
                    parsed.chair = mentions[0]
            if _VERB_NEAR_START.search(sentence, 0, 260) and (
                (active := _ACTIVE.match(sentence))
                and (people := _people_before_verb(active["who"], line))
            ):
                item.presenters.extend(people)
            if " av " in sentence and (passive := _PASSIVE.search(sentence)):
                item.presenters.extend(_name_list(passive["who"].rstrip(". "), line) or [])
            if "yrkar" in sentence and (motion := _MOTION.match(sentence)):
                _read_motion(parsed, item, motion, line)
            named = _FULL_NAME_MENTION.match(sentence)
            if named and _is_name(named["name"]) and not _is_short_form(named["name"]):
                full_names[named["name"]] = None
        for paragraph, line in item.paragraphs:
            if "kl" in paragraph:
                _read_times(parsed, paragraph, line)
    for mention in _all_mentions(parsed):
        if len(mention.name.split()) > 1 and not _is_short_form(mention.name):
            full_names[mention.name] = None
    parsed.full_names = list(full_names)


def _read_motion(parsed: ParsedProtocol, item: ParsedItem, match: re.Match, line: int) -> None:
    who, what = match["who"].strip(), match["what"].strip()
    if _THE_CHAIR.match(who):
        item.motions.append(ParsedMotion(None, what, line))
        return
    movers = _name_list(who, line)
    if not movers:
        parsed.warn(line, f"Ett yrkande av «{who}» kunde inte knytas till en person.")
        return
    if len(movers) > 1:
        parsed.warn(
            line,
            f"Yrkandet har flera förslagsställare; det sparas som {movers[0].name}s. "
            f"Lägg till {', '.join(m.name for m in movers[1:])} för hand vid behov.",
        )
    item.motions.append(ParsedMotion(movers[0], what, line))


def _read_times(parsed: ParsedProtocol, paragraph: str, line: int) -> None:
    for pattern, attribute in ((_OPENING, "start_time"), (_CLOSING, "end_time")):
        if getattr(parsed, attribute) is not None or not (match := pattern.search(paragraph)):
            continue
        hour, minute = int(match["hour"]), int(match["minute"])
        if hour > 23 or minute > 59:
            parsed.warn(line, f"Klockslaget {hour}:{minute:02d} finns inte; det hoppas över.")
            continue
        setattr(parsed, attribute, datetime.time(hour, minute))
        if parsed.start_time and parsed.end_time and parsed.end_time <= parsed.start_time:
            parsed.warn(line, "Mötet slutar före det börjar enligt texten; sluttiden hoppas över.")
            parsed.end_time = None


def _all_mentions(parsed: ParsedProtocol) -> Iterator[NameMention]:
    if parsed.chair:
        yield parsed.chair
    for item in parsed.items:
        yield from item.presenters
        yield from (motion.mover for motion in item.motions if motion.mover)


def _is_short_form(name: str) -> bool:
    """A first name alone ("Elsy") or with initials ("Lena W-S")."""
    tokens = name.split()
    return len(tokens) == 1 or all(
        re.fullmatch(r"[A-ZÅÄÖ](?:[.-]?[A-ZÅÄÖ])*\.?", t) for t in tokens[1:]
    )


_STANDARD_TITLES = (
    (re.compile(r"\böppnar\s+(?:mötet|sammanträdet)\b", re.IGNORECASE), "Mötets öppnande"),
    (re.compile(r"\bavslutar\s+(?:mötet|sammanträdet)\b", re.IGNORECASE), "Mötets avslutande"),
    (
        re.compile(
            r"^(?:en\s+|den\s+)?(?:preliminär\s+|föreslagen\s+)?dagordning(?:en)?\b"
            r"|\bdagordningen\s+(?:godkänns|fastställs)",
            re.IGNORECASE,
        ),
        "Dagordning",
    ),
    (
        re.compile(r"^(?:ordföranden\s+tar\s+upp\s+)?föregående\s+protokoll", re.IGNORECASE),
        "Föregående protokoll",
    ),
)


def _derived_title(item: ParsedItem) -> tuple[str, bool]:
    """A title for a paragraph without a heading, and whether someone must review it.

    The standard items of every meeting (opening, agenda, previous protocol, closing) are
    recognised by their wording; any other paragraph gets its first sentence, shortened.
    """
    first = next(_content_sentences(item), None)
    if first is None:
        return f"Punkt {item.position}", True
    sentence = first[0]
    for pattern, title in _STANDARD_TITLES:
        if pattern.search(sentence):
            return title, False
    title = re.sub(r"\s*\([^()]*\)", "", sentence).rstrip(" .:;,")
    if len(title) > TITLE_LENGTH:
        title = title[: TITLE_LENGTH - 1].rsplit(" ", 1)[0].rstrip(" ,;:–-") + "…"
    return (title[:1].upper() + title[1:]) or f"Punkt {item.position}", True


# --- Matching people and organisations ------------------------------------------------


@dataclass
class ResolvedPerson:
    """Who a written name turned out to be: an existing person or one to create."""

    name: str
    existing: Person | None = None
    party: str = ""
    organisation: Organisation | None = None
    title: str = ""
    saved: Person | None = None  # the person written, once the import has saved it

    @property
    def is_new(self) -> bool:
        return self.existing is None


class _Registers:
    """The people, spellings and organisations an import matches names against."""

    def __init__(self, parsed: ParsedProtocol) -> None:
        self.parsed = parsed
        self.people: dict[str, Person] = {}
        for person in Person.objects.order_by("pk"):
            self.people.setdefault(person.name.casefold(), person)
        for alias in PersonAlias.objects.select_related("person"):
            self.people.setdefault(alias.name.casefold(), alias.person)
        self.organisations: dict[str, Organisation] = {}
        for organisation in Organisation.objects.all():
            self.organisations[organisation.short_name.casefold()] = organisation
            self.organisations.setdefault(organisation.name.casefold(), organisation)
        #: Every spelling met so far, folded, with the name to show for it.
        self.spellings = {spelling: person.name for spelling, person in self.people.items()}
        self.resolved: dict[str, ResolvedPerson | None] = {}

    def organisation(self, text: str) -> Organisation | None:
        return self.organisations.get(text.strip().casefold())

    def resolve(self, mention: NameMention) -> ResolvedPerson | None:
        """The person a mention names; None (with a warning) when it cannot be told."""
        if mention.name not in self.resolved:
            self.resolved[mention.name] = self._resolve(mention)
        resolved = self.resolved[mention.name]
        if resolved:
            self._learn(resolved, mention)
        return resolved

    def _resolve(self, mention: NameMention) -> ResolvedPerson | None:
        name = mention.name
        if (person := self.people.get(name.casefold())) is not None:
            return ResolvedPerson(person.name, existing=person)
        if _is_short_form(name):
            full = self._full_name_for(mention)
            return self.resolve(NameMention(full, mention.line)) if full else None
        for other in self.resolved.values():
            if other and other.is_new and other.name.casefold() == name.casefold():
                return other
        self._warn_near_matches(mention)
        self.spellings[name.casefold()] = name
        return ResolvedPerson(name)

    def _full_name_for(self, mention: NameMention) -> str | None:
        """The one full name in the protocol that "Elsy" or "Lena W-S" is short for."""
        first, *rest = mention.name.split()
        initials = _capitals("".join(rest))
        candidates = [
            full
            for full in self.parsed.full_names
            if full.split()[0] == first
            and (not rest or _capitals("".join(full.split()[1:])) == initials)
        ]
        if len(candidates) == 1:
            return candidates[0]
        if candidates:
            self.parsed.warn(
                mention.line,
                f"«{mention.name}» kan vara {' eller '.join(candidates)}; ingen person "
                "kopplades. Rätta i admin.",
            )
        else:
            self.parsed.warn(
                mention.line,
                f"«{mention.name}» nämns utan fullständigt namn någonstans i protokollet; "
                "ingen person kopplades.",
            )
        return None

    def _warn_near_matches(self, mention: NameMention) -> None:
        spelling = mention.name.casefold()
        close = difflib.get_close_matches(spelling, self.spellings, n=1, cutoff=NEAR_MATCH_RATIO)
        if close:
            self.parsed.warn(
                mention.line,
                f"«{mention.name}» liknar «{self.spellings[close[0]]}» men slogs inte ihop: en "
                "ny person skapas. Är det samma person, lägg till stavningen som alternativ "
                "stavning och importera igen.",
            )

    def _learn(self, resolved: ResolvedPerson, mention: NameMention) -> None:
        """Note the party, organisation or title the text gives a person."""
        if mention.parenthesis:
            organisation = self.organisation(mention.parenthesis)
            if organisation:
                resolved.organisation = resolved.organisation or organisation
            elif mention.parenthesis.upper() in PARTIES:
                resolved.party = resolved.party or mention.parenthesis.upper()
            else:
                self.parsed.warn(
                    mention.line,
                    f"«({mention.parenthesis})» efter {mention.name} är varken ett parti "
                    "eller en känd organisations förkortning.",
                )
        if mention.appositive:
            organisation = self.organisation(mention.appositive)
            if organisation:
                resolved.organisation = resolved.organisation or organisation
            else:
                resolved.title = resolved.title or mention.appositive[:200]


def _capitals(text: str) -> str:
    return re.sub(r"[^A-ZÅÄÖÉÜ]", "", text)


# --- The import ------------------------------------------------------------------------


@dataclass
class ItemPreview:
    """A paragraph as the import will write it, for the preview."""

    item: ParsedItem
    presenters: list[str]
    motions: list[tuple[str, str]]
    action: str  # "new", "replaced", or "kept" (an adjusted paragraph already there)


@dataclass
class ImportReport:
    """What an import did, or with `dry_run` would do: the preview."""

    parsed: ParsedProtocol
    body: Body
    date: datetime.date
    dry_run: bool
    meeting_existed: bool = False
    replaced: bool = False
    meeting: Meeting | None = None
    chair: str = ""
    items: list[ItemPreview] = field(default_factory=list)
    new_people: list[str] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        return self.meeting is not None

    @property
    def warnings(self) -> list[ProtocolWarning]:
        return sorted(self.parsed.warnings, key=lambda warning: warning.line or 0)

    @property
    def written(self) -> list[ItemPreview]:
        return [preview for preview in self.items if preview.action != "kept"]

    @property
    def counts(self) -> dict[str, int]:
        written = self.written
        return {
            "paragraphs": len(written),
            "numbered": sum(1 for preview in written if preview.item.number),
            "presenters": len({name for preview in written for name in preview.presenters}),
            "proposal_points": sum(len(preview.item.proposal_points) for preview in written),
            "decision_points": sum(len(preview.item.decision_points) for preview in written),
            "motions": sum(len(preview.motions) for preview in written),
            "attachments": sum(len(preview.item.attachments) for preview in written),
            "titles_to_review": sum(1 for p in written if p.item.title_needs_review),
        }

    def summary(self) -> str:
        """One Swedish sentence on the outcome."""
        where = f"{self.body.short_name} {self.date.isoformat()}"
        if self.meeting_existed and not self.replaced:
            return (
                f"Mötet {where} finns redan; inget ändras. Välj «Ersätt ojusterade "
                "paragrafer» (--replace) för att byta ut mötets ojusterade paragrafer."
            )
        counts = self.counts
        verb = "skulle importeras" if self.dry_run else "importerades"
        return (
            f"{where}: {_n(counts['paragraphs'], 'paragraf', 'paragrafer')} {verb} "
            f"({counts['numbered']} med §-nummer, {counts['presenters']} föredragande, "
            f"{_n(counts['decision_points'], 'beslutspunkt', 'beslutspunkter')}, "
            f"{_n(counts['motions'], 'yrkande', 'yrkanden')}, "
            f"{_n(counts['attachments'], 'bilaga', 'bilagor')}); "
            f"{_n(len(self.new_people), 'ny person', 'nya personer')}, "
            f"{_n(len(self.warnings), 'varning', 'varningar')}."
        )

    def lines(self) -> Iterator[str]:
        """The preview as text, for the command line."""
        yield self.summary()
        if self.chair:
            yield f"  Ordförande: {self.chair}"
        if self.parsed.end_time:
            yield f"  Mötet avslutades kl. {self.parsed.end_time:%H:%M}"
        for preview in self.items:
            item = preview.item
            number = f"§ {item.number} " if item.number else ""
            review = " [rubriken behöver granskas]" if item.title_needs_review else ""
            kept = " [justerad, lämnas orörd]" if preview.action == "kept" else ""
            yield f"  {item.position:>2}. {number}{item.title}{review}{kept}"
            if preview.presenters:
                yield f"      Föredragande: {', '.join(preview.presenters)}"
            for label, points in (
                ("Förslag till beslut", item.proposal_points),
                ("Beslut", item.decision_points),
            ):
                for index, point in enumerate(points, start=1):
                    yield f"      {label} {index}: {_shorten(point, 100)}"
            for mover, text in preview.motions:
                yield f"      Yrkande av {mover}: {_shorten(text, 80)}"
            if item.attachments:
                yield f"      Bilagor: {'; '.join(item.attachments)}"
            if item.adjusted:
                yield "      Paragrafen är justerad."
        if self.new_people:
            yield f"  Nya personer ({len(self.new_people)}): {', '.join(self.new_people)}"
        for warning in self.warnings:
            yield f"  Varning, {warning}"


def _n(count: int, singular: str, plural: str) -> str:
    return f"{count} {singular if count == 1 else plural}"


def _shorten(text: str, length: int) -> str:
    return text if len(text) <= length else text[: length - 1].rsplit(" ", 1)[0] + "…"


def import_protocol(
    parsed: ParsedProtocol,
    *,
    body: Body,
    date: datetime.date,
    adjusted: bool = False,
    replace: bool = False,
    dry_run: bool = False,
) -> ImportReport:
    """Write a parsed protocol as the meeting of `body` on `date`, all or nothing.

    An existing meeting is left alone unless `replace`: then its draft paragraphs are
    replaced by the file's and its adjusted ones are kept as they are. `dry_run` does
    everything and rolls it back, so the report is a faithful preview.
    """
    report = ImportReport(parsed=parsed, body=body, date=date, dry_run=dry_run)
    line: int | None = None
    try:
        with transaction.atomic():
            people = _resolve_people(parsed, _Registers(parsed))
            existing = Meeting.objects.filter(body=body, date=date).first()
            report.meeting_existed = existing is not None
            report.replaced = bool(existing and replace)
            kept = _adjusted_items(existing) if existing and replace else {}
            _fill_preview(report, people, kept)
            if existing and not replace:
                return report
            _check_paragraph_numbers(parsed, body, date, existing)
            meeting = _save_meeting(parsed, body, date, existing, people, adjusted)
            if existing:
                _delete_draft_items(parsed, existing)
            now = timezone.now()
            for preview in report.written:
                line = preview.item.line
                _create_item(meeting, preview.item, people, adjusted, now)
            line = None
            _save_attendance(parsed, meeting, people)
            if dry_run:
                transaction.set_rollback(True)
            else:
                report.meeting = meeting
    except ProtectedError as exc:
        raise parsed.error(
            "Mötets ojusterade paragrafer kan inte ersättas: någon av dem har uppdrag i "
            "balanslistan eller ett beslut som ett avtal hänvisar till. Ta bort dem i admin "
            "först, eller importera utan att ersätta."
        ) from exc
    except DatabaseError as exc:
        raise parsed.error(f"Databasen vägrade spara: {exc}", line) from exc
    return report


def _resolve_people(
    parsed: ParsedProtocol, registers: _Registers
) -> dict[str, ResolvedPerson | None]:
    """Each written name (and "Ordföranden", as the chair) to the person it names."""
    people: dict[str, ResolvedPerson | None] = {}
    for mention in _all_mentions(parsed):
        people[mention.name] = registers.resolve(mention)
    for item in parsed.items:
        for motion in item.motions:
            if motion.mover is None and parsed.chair is None:
                parsed.warn(
                    motion.line,
                    "Ordföranden yrkar, men texten namnger ingen ordförande; yrkandet hoppas över.",
                )
    return people


def _person(people: dict[str, ResolvedPerson | None], mention: NameMention | None):
    return people.get(mention.name) if mention else None


def _fill_preview(
    report: ImportReport, people: dict[str, ResolvedPerson | None], adjusted: dict
) -> None:
    parsed = report.parsed
    chair = _person(people, parsed.chair)
    report.chair = chair.name if chair else ""
    report.new_people = _unique(
        resolved.name for resolved in people.values() if resolved and resolved.is_new
    )
    for item in parsed.items:
        presenters = _unique(
            resolved.name for mention in item.presenters if (resolved := people[mention.name])
        )
        motions = [
            (mover.name, motion.text)
            for motion in item.motions
            if (mover := _person(people, motion.mover) if motion.mover else chair)
        ]
        if item.position in adjusted.get("positions", ()) or (
            item.number is not None and item.number in adjusted.get("numbers", ())
        ):
            action = "kept"
        else:
            action = "replaced" if report.replaced else "new"
        report.items.append(ItemPreview(item, presenters, motions, action))


def _unique(values: Iterable) -> list:
    return list(dict.fromkeys(values))


def _adjusted_items(meeting: Meeting) -> dict[str, set[int]]:
    adjusted = meeting.agenda_items.filter(state=AgendaItem.State.ADJUSTED)
    return {
        "positions": set(adjusted.values_list("position", flat=True)),
        "numbers": {number for number in adjusted.values_list("number", flat=True) if number},
    }


def _check_paragraph_numbers(
    parsed: ParsedProtocol, body: Body, date: datetime.date, existing: Meeting | None
) -> None:
    numbers = {item.number: item for item in parsed.items if item.number}
    taken = AgendaItem.objects.numbers_taken(
        body.pk, date.year, numbers, exclude_meeting_id=existing.pk if existing else None
    )
    clash = taken.select_related("meeting").first()
    if clash:
        raise parsed.error(
            f"§ {clash.number} finns redan för {body.short_name} {date.year}, i mötet den "
            f"{clash.meeting.date.isoformat()}.",
            numbers[clash.number].line,
        )


def _saved(resolved: ResolvedPerson) -> Person:
    """The resolved person, saving a new one the first time it is needed."""
    if resolved.existing is not None:
        return resolved.existing
    if resolved.saved is None:
        resolved.saved = Person.objects.create(
            name=resolved.name[:200],
            slug=_free_slug(resolved.name),
            party=resolved.party,
            organisation=resolved.organisation,
            title=resolved.title,
        )
    return resolved.saved


def _free_slug(name: str) -> str:
    base = slugify(name)[:90] or "person"
    taken = set(Person.objects.filter(slug__startswith=base).values_list("slug", flat=True))
    slug, suffix = base, 2
    while slug in taken:
        slug, suffix = f"{base}-{suffix}", suffix + 1
    return slug


def _save_meeting(
    parsed: ParsedProtocol,
    body: Body,
    date: datetime.date,
    existing: Meeting | None,
    people: dict[str, ResolvedPerson | None],
    adjusted: bool,
) -> Meeting:
    meeting = existing or Meeting(body=body, date=date, status=Meeting.Status.HELD)
    if chair := _person(people, parsed.chair):
        meeting.chair = _saved(chair)
    meeting.start_time = parsed.start_time or meeting.start_time
    meeting.end_time = parsed.end_time or meeting.end_time
    if meeting.start_time and meeting.end_time and meeting.end_time <= meeting.start_time:
        meeting.end_time = None
    if not meeting.is_adjusted and (
        adjusted or (not existing and all(item.adjusted for item in parsed.items))
    ):
        # The text says the protocol is adjusted but not when; the import's time stands in.
        meeting.status, meeting.adjusted_at = Meeting.Status.ADJUSTED, timezone.now()
        parsed.warn(
            None,
            "Protokollet markeras som justerat med importens tidpunkt som justeringstid; "
            "ange den verkliga tiden i admin om den är känd.",
        )
    meeting.save()
    return meeting


def _delete_draft_items(parsed: ParsedProtocol, meeting: Meeting) -> None:
    drafts = meeting.agenda_items.filter(state=AgendaItem.State.DRAFT)
    if Attachment.objects.filter(agenda_item__in=drafts).exclude(file="").exists():
        raise parsed.error(
            "Mötets ojusterade paragrafer har uppladdade bilagor som skulle gå förlorade; "
            "flytta eller ta bort dem i admin först."
        )
    Decision.objects.filter(agenda_item__in=drafts).delete()
    drafts.delete()


def _create_item(
    meeting: Meeting,
    item: ParsedItem,
    people: dict[str, ResolvedPerson | None],
    adjusted: bool,
    now: datetime.datetime,
) -> AgendaItem:
    is_adjusted = adjusted or item.adjusted
    agenda_item = AgendaItem.objects.create(
        meeting=meeting,
        position=item.position,
        number=item.number,
        title=item.title[:300],
        title_needs_review=item.title_needs_review,
        text=item.text,
        state=AgendaItem.State.ADJUSTED if is_adjusted else AgendaItem.State.DRAFT,
        adjusted_at=now if is_adjusted else None,
    )
    presenters = [_saved(resolved) for m in item.presenters if (resolved := people[m.name])]
    agenda_item.presenters.set(_unique(presenters))
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
    movers = [
        (_saved(resolved) if (resolved := _person(people, m.mover)) else None)
        if m.mover
        else meeting.chair
        for m in item.motions
    ]
    Motion.objects.bulk_create(
        Motion(agenda_item=agenda_item, position=index, mover=mover, text=motion.text)
        for index, (motion, mover) in enumerate(
            ((motion, mover) for motion, mover in zip(item.motions, movers, strict=True) if mover),
            start=1,
        )
    )
    Attachment.objects.bulk_create(
        Attachment(agenda_item=agenda_item, title=title[:300], position=index)
        for index, title in enumerate(item.attachments, start=1)
    )
    return agenda_item


def _save_attendance(
    parsed: ParsedProtocol, meeting: Meeting, people: dict[str, ResolvedPerson | None]
) -> None:
    """The chair, the presenters, and those who moved a motion (as members)."""
    wanted: dict[tuple[Person, str], Organisation | None] = {}
    if chair := _person(people, parsed.chair):
        wanted[(_saved(chair), Attendance.Role.CHAIR)] = chair.organisation
    for item in parsed.items:
        for mention in item.presenters:
            if resolved := people[mention.name]:
                wanted.setdefault(
                    (_saved(resolved), Attendance.Role.PRESENTER), resolved.organisation
                )
    present = {person for person, _role in wanted}
    for item in parsed.items:
        for motion in item.motions:
            resolved = _person(people, motion.mover)
            if resolved and _saved(resolved) not in present:
                wanted.setdefault((_saved(resolved), Attendance.Role.MEMBER), resolved.organisation)
    there = set(meeting.attendances.values_list("person_id", "role"))
    Attendance.objects.bulk_create(
        Attendance(meeting=meeting, person=person, role=role, organisation=organisation)
        for (person, role), organisation in wanted.items()
        if (person.pk, role) not in there
    )


# --- The admin's upload form -----------------------------------------------------------


class ProtocolUploadForm(forms.Form):
    """The file and the facts a protocol text does not hold: body, date and state."""

    file = forms.FileField(
        label=_("Protokollfil"),
        help_text=_("Text (.txt, UTF-8) eller Word (.docx), mindre än 20 MB."),
    )
    body = forms.ModelChoiceField(Body.objects.all(), label=_("Organ"))
    date = forms.DateField(
        label=_("Mötesdatum"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text=_("Texten anger sällan datumet; skriv det, till exempel 2021-06-04."),
    )
    adjusted = forms.BooleanField(
        label=_("Protokollet är justerat"),
        required=False,
        help_text=_("Alla paragrafer markeras som justerade och blir offentliga."),
    )
    replace = forms.BooleanField(
        label=_("Ersätt ojusterade paragrafer"),
        required=False,
        help_text=_(
            "Om mötet redan finns: ersätt dess ojusterade paragrafer med filens. "
            "Justerade paragrafer lämnas alltid orörda."
        ),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        try:
            check_size(upload.name, upload.size)
            data = upload.read()
            read_protocol(upload.name, data)
        except ProtocolImportError as exc:
            raise forms.ValidationError(str(exc)) from None
        self.cleaned_data["data"] = data
        return upload
