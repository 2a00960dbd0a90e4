"""Interpreting: blocks become paragraphs with their decisions, motions and attachments."""

from __future__ import annotations

import io
import re
import zipfile

from .blocks import _PARAGRAPH_SIGN, _SUB_MARKERS, Block, _docx_blocks, _normalise, _text_blocks
from .parsed import ParsedItem, ParsedProtocol, ProtocolImportError
from .sentences import _derived_title, _read_people_and_times

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
