"""A saved web page (the meeting portal's page of a meeting) as the lines a reader sees."""

from __future__ import annotations

import codecs
import re

from ..parsed import ProtocolImportError
from .tables import Cell, table_lines

#: Not the meeting's text: scripts, the site's navigation, banner and footer, forms.
_DROPPED = {
    "script",
    "style",
    "noscript",
    "template",
    "nav",
    "form",
    "button",
    "select",
    "iframe",
    "object",
    "svg",
    "head",
}
_DROPPED_ROLES = {"navigation", "banner", "contentinfo", "search"}
#: A header or footer inside one of these belongs to it (an article's title); elsewhere it
#: is the page's banner or footer (as ARIA reads them).
_SECTIONING = {"article", "aside", "main", "nav", "section"}
#: Elements set apart by a blank line, as a browser sets them apart by a margin.
_PARAGRAPHS = {
    *("p", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "li", "dl", "table", "blockquote"),
    *("pre", "figure", "hr", "section", "article", "main", "aside", "address", "details"),
    *("header", "footer", "fieldset"),
}
#: Elements that end a line.
_LINES = {"div", "br", "tr", "dt", "dd", "caption", "summary", "figcaption", "legend", "center"}
_WHITESPACE = re.compile(r"[ \t\n\r\f]+")
_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.IGNORECASE)
_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.IGNORECASE)


def html_text(name: str, data: bytes) -> str:
    """The page's text: a line per paragraph, heading, list entry or table row.

    List entries begin with "• " (or their number in a numbered list) and what follows
    them in the entry is indented under the marker, as a text browser shows it; nested
    lists are indented further. Spaces are collapsed as the browser collapses them.
    """
    import lxml.html

    text = _decode(name, data)
    try:
        root = lxml.html.document_fromstring(text)
    except Exception as exc:  # lxml raises ParserError or ValueError for what has no HTML
        raise ProtocolImportError(
            f"Webbsidan kunde inte läsas ({type(exc).__name__}).", file=name
        ) from exc
    writer = _Writer()
    body = root.find("body")
    writer.walk(body if body is not None else root)
    return writer.result()


def _decode(name: str, data: bytes) -> str:
    """The page as text: UTF-8, or the encoding the page declares if it is not UTF-8."""
    from ..reading import decode_text

    declared = _CHARSET.search(data[:4096])
    encoding = declared[1].decode("ascii").lower() if declared else "utf-8"
    try:
        if codecs.lookup(encoding).name == "utf-8":
            return decode_text(name, data)
    except LookupError:
        raise ProtocolImportError(
            f"Webbsidan anger teckenkodningen {encoding}, som inte går att läsa. "
            "Spara om sidan som UTF-8 och försök igen.",
            file=name,
        ) from None
    if data.startswith((b"\xff\xfe", b"\xfe\xff")) or b"\x00" in data:
        return decode_text(name, data)  # refuses UTF-16 and binary data in its own words
    try:
        # A page saved as UTF-8 that still declares its old encoding: UTF-8 it is.
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as exc:
        raise ProtocolImportError(
            f"Webbsidan anger teckenkodningen {encoding} men innehåller tecken som inte "
            "finns i den. Spara om sidan som UTF-8 och försök igen.",
            file=name,
            line=data[: exc.start].count(b"\n") + 1,
        ) from None


class _Writer:
    """Collects the lines of a page; a list entry's marker waits for its first line."""

    def __init__(self) -> None:
        self.lines: list[str] = []
        self.words: list[str] = []
        self.indent = 0
        self.marker: tuple[int, str] | None = None  # the indent and marker of an entry
        self.blank = False

    def result(self) -> str:
        self.end_line()
        return "\n".join(self.lines)

    def end_line(self, *, keep_spaces: bool = False) -> None:
        """End the line: its spaces collapsed, or kept as a table's column gaps are."""
        text = "".join(self.words)
        text = text.rstrip() if keep_spaces else _WHITESPACE.sub(" ", text).strip()
        self.words = []
        if not text:
            return
        if self.blank and self.lines:
            self.lines.append("")
        self.blank = False
        if self.marker is not None:
            indent, marker = self.marker
            self.lines.append(f"{' ' * indent}{marker}{text}")
            self.marker = None
        else:
            self.lines.append(f"{' ' * self.indent}{text}")

    def paragraph(self) -> None:
        self.end_line()
        self.blank = True

    def walk(self, element) -> None:
        tag = element.tag if isinstance(element.tag, str) else ""
        if not tag or _dropped(element, tag):
            self.words.append(element.tail or "")
            return
        if tag in _PARAGRAPHS:
            self.paragraph()
        elif tag in _LINES:
            self.end_line()
        if tag == "table":
            self.table(element)
        elif tag == "pre":
            self.pre(element)
        elif tag in ("ol", "ul"):
            self.list(element)
        elif tag == "li":
            self.list_entry(element, "• ")  # an entry outside a list
        else:
            self.words.append(element.text or "")
            for child in element:
                self.walk(child)
        if tag in _PARAGRAPHS:
            self.paragraph()
        elif tag in _LINES:
            self.end_line()
        self.words.append(element.tail or "")

    def list(self, element) -> None:
        """A list's entries, each marked with "• " or, in a numbered list, its number."""
        number = _number(element.get("start"), 1)
        self.words.append(element.text or "")
        for child in element:
            if child.tag != "li" or _dropped(child, "li"):
                self.walk(child)
                continue
            number = _number(child.get("value"), number)
            self.paragraph()
            self.list_entry(child, f"{number}. " if element.tag == "ol" else "• ")
            self.paragraph()
            self.words.append(child.tail or "")
            number += 1

    def list_entry(self, li, marker: str) -> None:
        self.marker = (self.indent, marker)
        self.indent += len(marker)
        self.words.append(li.text or "")
        for child in li:
            self.walk(child)
        self.end_line()
        self.indent -= len(marker)
        self.marker = None

    def pre(self, pre) -> None:
        for line in pre.text_content().splitlines():
            if line.strip():
                if self.blank and self.lines:
                    self.lines.append("")
                self.blank = False
                self.lines.append(f"{' ' * self.indent}{line.rstrip()}")

    def table(self, table) -> None:
        rows: list[list[Cell]] = []
        spanned: dict[int, int] = {}  # column -> rows a rowspan still covers
        for tr in table.iter("tr"):
            if _dropped(tr, "tr") or _nearest_table(tr) is not table:
                continue
            row, column = [], 0
            for cell in tr:
                if cell.tag not in ("td", "th") or _dropped(cell, cell.tag):
                    continue
                while spanned.get(column):
                    column += 1
                span = _span(cell, "colspan")
                for covered in range(column, column + span):
                    spanned[covered] = _span(cell, "rowspan")
                writer = _Writer()
                writer.words.append(cell.text or "")
                for child in cell:
                    writer.walk(child)
                writer.end_line()
                row.append(Cell(column, [line for line in writer.lines if line], span))
                column += span
            spanned = {column: rows - 1 for column, rows in spanned.items() if rows > 1}
            rows.append(row)
        for line in table_lines(rows):
            self.words.append(line)
            self.end_line(keep_spaces=True)


def _dropped(element, tag: str) -> bool:
    if tag in _DROPPED or element.get("hidden") is not None:
        return True
    if (element.get("role") or "").lower() in _DROPPED_ROLES:
        return True
    if _HIDDEN_STYLE.search(element.get("style") or ""):
        return True
    if tag in ("header", "footer"):
        return not any(parent.tag in _SECTIONING for parent in element.iterancestors())
    return False


def _nearest_table(element):
    return next((parent for parent in element.iterancestors() if parent.tag == "table"), None)


def _number(value: str | None, default: int) -> int:
    value = (value or "").strip()
    return int(value) if value.isdigit() and len(value) < 7 else default


def _span(cell, attribute: str) -> int:
    value = cell.get(attribute, "1").strip()
    return max(1, min(int(value), 100)) if value.isdigit() else 1
