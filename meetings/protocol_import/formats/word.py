"""A Word document's text as a reader sees it: list numbers and bullets shown, tables as lines."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterator

from ..parsed import ProtocolImportError
from .numbering import Numbering
from .tables import Cell, table_lines

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
R = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
MC = "{http://schemas.openxmlformats.org/markup-compatibility/2006}"
#: What a reader does not see: deleted and moved-away revisions, paragraph and run
#: properties, and drawings (a text box's text would otherwise be read twice, once from
#: each of its alternative forms, in the middle of the sentence it is anchored in).
_UNSEEN = {
    f"{W}del",
    f"{W}moveFrom",
    f"{W}pPr",
    f"{W}rPr",
    f"{W}drawing",
    f"{W}pict",
    f"{W}object",
    f"{MC}AlternateContent",
}
#: Elements that only wrap content: a content control, custom XML, a smart tag.
_WRAPPERS = {f"{W}sdt", f"{W}sdtContent", f"{W}customXml", f"{W}smartTag"}


def docx_text(name: str, data: bytes) -> str:
    """The body's paragraphs and tables in document order, a blank line between them.

    A list paragraph begins with the marker Word shows for it ("1. ", "a) ", "• "),
    counted as Word counts; a paragraph is indented as Word indents it, two spaces to a
    list level. A table row is a line with its cells side by side. The first page's
    header comes first and its footer last, once each: a Word file has no pages of its
    own. Comments and deleted text are not read.
    """
    import docx

    try:
        document = docx.Document(io.BytesIO(data))
    except (zipfile.BadZipFile, KeyError, ValueError, OSError) as exc:
        raise ProtocolImportError(
            "Filen kunde inte läsas som ett Word-dokument (.docx).", file=name
        ) from exc
    except Exception as exc:  # python-docx and lxml raise many types for a damaged file
        raise ProtocolImportError(
            f"Word-dokumentet är skadat och kunde inte läsas ({type(exc).__name__}).",
            file=name,
        ) from exc
    reader = _Reader(Numbering(document))
    header, footer = _header_and_footer(document)
    blocks = [
        *(reader.blocks(header) if header is not None else []),
        *reader.blocks(document.element.body),
        *(reader.blocks(footer) if footer is not None else []),
    ]
    return "\n\n".join("\n".join(block) for block in blocks if block)


def _header_and_footer(document) -> tuple[object | None, object | None]:
    """The first page's header and footer: where the date and the body's name may stand."""
    section = next(document.element.body.iter(f"{W}sectPr"), None)
    if section is None:
        return None, None
    title_page = section.find(f"{W}titlePg")
    first = title_page is not None and title_page.get(f"{W}val") not in ("0", "false")

    def part(kind: str):
        references = {
            reference.get(f"{W}type", "default"): reference.get(f"{R}id")
            for reference in section.findall(f"{W}{kind}Reference")
        }
        related = references.get("first") if first else None
        related = related or references.get("default")
        try:
            return document.part.related_parts[related].element if related else None
        except (KeyError, AttributeError):
            return None

    return part("header"), part("footer")


class _Reader:
    def __init__(self, numbering: Numbering) -> None:
        self.numbering = numbering

    def blocks(self, container) -> Iterator[list[str]]:
        """One list of lines per paragraph or table of a body, a cell or a content control."""
        for child in container:
            if child.tag == f"{W}p":
                yield self.paragraph(child)
            elif child.tag == f"{W}tbl":
                yield table_lines(self.rows(child))
            elif child.tag in _WRAPPERS:
                yield from self.blocks(child)

    def paragraph(self, p) -> list[str]:
        shown = self.numbering.show(p)  # counts the paragraph in its list, even if empty
        lines = [line.rstrip() for line in _text(p).replace("\t", "  ").split("\n")]
        if not any(lines):
            return []
        first = lines[0].lstrip() if shown.marker else lines[0]
        return [
            f"{' ' * shown.first}{shown.marker}{first}",
            *(f"{' ' * shown.rest}{line}" if line else "" for line in lines[1:]),
        ]

    def rows(self, table) -> list[list[Cell]]:
        rows = []
        for tr in _children(table, f"{W}tr"):
            properties = tr.find(f"{W}trPr")
            before = properties.find(f"{W}gridBefore") if properties is not None else None
            column = int(before.get(f"{W}val", 0)) if before is not None else 0
            row = []
            for tc in _children(tr, f"{W}tc"):
                properties = tc.find(f"{W}tcPr")
                span, continued = 1, False
                if properties is not None:
                    if (grid_span := properties.find(f"{W}gridSpan")) is not None:
                        span = max(1, int(grid_span.get(f"{W}val", 1)))
                    if (merge := properties.find(f"{W}vMerge")) is not None:
                        continued = merge.get(f"{W}val", "continue") == "continue"
                lines = [] if continued else [x.strip() for b in self.blocks(tc) for x in b]
                row.append(Cell(column, [line for line in lines if line], span))
                column += span
            rows.append(row)
        return rows


def _children(element, tag: str) -> Iterator:
    """`element`'s children of `tag`, also those inside content controls."""
    for child in element:
        if child.tag == tag:
            yield child
        elif child.tag in _WRAPPERS:
            yield from _children(child, tag)


def _text(element) -> str:
    """A paragraph's visible text: line breaks as newlines, tabs as tabs."""
    parts: list[str] = []
    for child in element:
        tag = child.tag
        if not isinstance(tag, str) or tag in _UNSEEN:
            continue
        if tag == f"{W}t":
            parts.append(child.text or "")
        elif tag == f"{W}tab":
            parts.append("\t")
        elif tag in (f"{W}br", f"{W}cr"):
            # A page or column break ends no line of the text, and shows nothing.
            parts.append("" if child.get(f"{W}type") in ("page", "column") else "\n")
        elif tag == f"{W}noBreakHyphen":
            parts.append("-")
        else:
            parts.append(_text(child))
    return "".join(parts)
