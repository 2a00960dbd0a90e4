"""A protocol's text rendered as the files secretaries publish: a PDF and a Word document.

`render_pdf` lays the text out as an archive PDF is laid out: A4, a running header and
footer on every page, 10.5 pt text that wraps and is hyphenated (Swedish) at the margin, a
cover page's label/value lines as the columns of a table. `render_docx` writes it as a
secretary writes it in Word: headings, real numbered and bulleted lists (the numbers are
Word's, not typed), the attendance lines as a table.
"""

from __future__ import annotations

import copy
import html
import io
import logging
import re
from collections.abc import Iterator

import docx
from docx.oxml.ns import qn
from docx.shared import Twips

from meetings.protocol_import.formats.numbering import TWIPS_PER_SPACE

#: A running header and footer as an archive protocol has them: `standard_header` and
#: `STANDARD_FOOTER`, in the form `render_pdf` takes.
PROTOCOL_MARK = "SAMMANTRÄDESPROTOKOLL"
SIGNATURE = "Justerandes sign"
EXTRACT = "Utdragsbestyrkande"
STANDARD_FOOTER = f"{SIGNATURE:<60}Sida {{page}} ({{pages}})\n{EXTRACT}"

_GAP = re.compile(r"\S {2,}\S")
_PARTS = re.compile(r" {2,}")
_NUMBERED = re.compile(r"^( *)(\d{1,3})[.)] +(\S.*)$")
_BULLET = re.compile(r"^( *)• *(\S.*)$")
_LIST_MARK = re.compile(r"^[•·▪◦*–-]\s")
_PARAGRAPH_SIGN = re.compile(r"^(§ ?\d|Paragraf \d)")
_CONTINUATION = 8  # a line indented this far continues the table row above it
_INDENT_EM = 0.45  # the offset pypdf's layout mode reads as one space (an average letter)
_CONJUNCTION = re.compile(r"(och|eller|samt|respektive|till)\b")  # "hälso- och sjukvård"
_FULL_LINE = 65  # a line this long ran to the margin of the PDF the text was copied from

# WeasyPrint reports each step of each rendering at INFO.
logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)

_CSS = """
@page {
  size: A4;
  margin: 30mm 20mm 24mm 25mm;
  %(header)s
  %(footer)s
}
@page :first {
  %(first_header)s
  %(first_footer)s
}
body { font: 10.5pt/1.25 "DejaVu Sans"; hyphens: auto; margin: 0; }
p { margin: 0; white-space: pre-wrap; }
p.blank { height: 1.25em; }
p.heading { font-weight: bold; font-size: 11pt; }
div.page { break-before: page; }
table { border-collapse: collapse; }
td { padding: 0 6mm 0 0; vertical-align: top; }
td.label { white-space: nowrap; }
tr.gap { height: 1.25em; }
"""
_BOX = (
    '@%(box)s { content: %(content)s; white-space: pre; font: 9pt/1.3 "DejaVu Sans"; '
    "text-align: %(align)s; vertical-align: %(vertical)s; padding-%(side)s: 6mm; }"
)


def standard_header(body: str, date: str) -> str:
    """The body's name at the left; "SAMMANTRÄDESPROTOKOLL" and the date at the right."""
    return f"{body:<60}{PROTOCOL_MARK}\n{'':<60}Sammanträdesdatum {date}"


def render_pdf(
    text: str,
    *,
    header: str,
    footer: str,
    first_header: str | None = None,
    first_footer: str | None = None,
) -> bytes:
    """The text as a PDF: each line a block, a blank line a line of space, "\\f" a new page.

    `header` and `footer` are the running header and footer as the lines a reader sees,
    each line's parts two or more spaces apart; a part stands at the left, the centre or
    the right of the page as it stands in the widest line.
    "{page}" and "{pages}" are the page's number and the number of pages. The first page
    has `first_header` and `first_footer` instead where they are given ("" for none).
    """
    import weasyprint

    blocks: list[str] = []
    for line, rows in _chunks(text):
        if rows:
            blocks.append(_table(rows))
        elif _is_page_break(line):
            blocks.append('<div class="page"></div>')
        elif not line.strip():
            blocks.append('<p class="blank"></p>')
        else:
            kind = ' class="heading"' if _PARAGRAPH_SIGN.match(line.strip()) else ""
            if indent := len(line) - len(line.lstrip(" ")):
                # The line's own spaces indent its first line; the lines it wraps into
                # keep that indentation, as an indented paragraph's do.
                width = f"{indent * _INDENT_EM:.3f}em"
                kind += f' style="padding-left: {width}; text-indent: -{width}"'
            blocks.append(f"<p{kind}>{html.escape(line.rstrip())}</p>")
    css = _CSS % {
        "header": _boxes("top", header),
        "footer": _boxes("bottom", footer),
        "first_header": _boxes("top", header if first_header is None else first_header),
        "first_footer": _boxes("bottom", footer if first_footer is None else first_footer),
    }
    page = (
        f'<!DOCTYPE html><html lang="sv"><head><meta charset="utf-8"><style>{css}</style>'
        f"</head><body>{''.join(blocks)}</body></html>"
    )
    return weasyprint.HTML(string=page).write_pdf()


def _table(rows: list[list[str]]) -> str:
    """A cover page's table: labels kept on one line, the last cell of a row wrapping.

    A row of fewer cells than the widest lets its last cell span the rest, as Word's
    merged cells do, so that a value has the page's width to wrap in.
    """
    width = max(len(row) for row in rows)
    out = []
    for row in rows:
        cells = [f'<td class="label">{html.escape(cell)}</td>' for cell in row[:-1]]
        span = width - len(row) + 1
        cells += [f'<td colspan="{span}">{html.escape(cell)}</td>' for cell in row[-1:]]
        out.append(f"<tr>{''.join(cells)}</tr>" if row else '<tr class="gap"><td></td></tr>')
    return f"<table>{''.join(out)}</table>"


def _boxes(edge: str, furniture: str) -> str:
    """The margin boxes of one edge, each line's parts in the left, centre and right box."""
    columns: dict[str, list[str]] = {"left": [], "center": [], "right": []}
    lines = furniture.split("\n") if furniture else []
    width = max((len(line) for line in lines), default=0)
    for line in lines:
        placed: dict[str, str] = {}
        for part in re.finditer(r"\S+(?: \S+)*", line):
            # Where the part stands in the line: the left, middle or right of the page.
            share = part.start() / width
            column = "left" if share < 0.3 else "right" if share >= 0.6 else "center"
            placed[column] = f"{placed[column]}  {part[0]}" if column in placed else part[0]
        for column, shown in columns.items():
            # A no-break space holds an empty line, so that the boxes' lines stay level.
            shown.append(placed.get(column, "\u00a0"))
    css = []
    for column, lines in columns.items():
        box = f"{edge}-{column}" if column != "center" else f"{edge}-center"
        shown = any(line != "\u00a0" for line in lines)
        content = _css_content("\n".join(lines)) if shown else "none"
        css.append(
            _BOX
            % {
                "box": box,
                "content": content,
                "align": column,
                "vertical": "bottom" if edge == "top" else "top",
                "side": "bottom" if edge == "top" else "top",
            }
        )
    return "\n  ".join(css)


def _css_content(text: str) -> str:
    """A CSS `content` value: the text as strings, "{page}" and "{pages}" as counters."""
    pieces = []
    for piece in re.split(r"(\{page\}|\{pages\})", text):
        if piece == "{page}":
            pieces.append("counter(page)")
        elif piece == "{pages}":
            pieces.append("counter(pages)")
        elif piece:
            escaped = piece.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\A ")
            pieces.append(f'"{escaped}"')
    return " ".join(pieces) or '""'


def render_docx(text: str, *, header: str = "", footer: str = "") -> bytes:
    """The text as a Word document, `header` and `footer` in the page's header and footer.

    "§ 12 ..." lines and cover-page headings (a line in capitals) are Heading 2; "1. ..."
    lines are "List Number" paragraphs without the typed number, each run of them a list
    of its own that Word starts at the typed number; "• ..." lines are "List Bullet"; an
    indented list line is the "... 2" or "... 3" style, a level in. An indented line of
    text is a paragraph indented as far (Word's left indent). Consecutive label/value
    lines ("Beslutande    Karin Ek (S)") are a table; "\\f" a page break. Lines a PDF
    wrapped are one paragraph again. The header's and footer's lines are paragraphs with
    their parts a tab apart, "{page}" and "{pages}" Word's PAGE and NUMPAGES fields.
    """
    document = docx.Document()
    section = document.sections[0]
    _add_furniture(section.header, header)
    _add_furniture(section.footer, footer)
    lists: dict[str, tuple[str, int]] = {}  # style -> the open list's numId, next number
    for line, rows in _chunks(_unwrapped(text)):
        stripped = line.strip()
        numbered, bullet = _NUMBERED.match(line), _BULLET.match(line)
        if not numbered:
            lists.clear()
        if rows:
            _add_table(document, rows)
        elif _is_page_break(line):
            document.add_page_break()
        elif numbered:
            _add_numbered(document, numbered, lists)
        elif bullet:
            document.add_paragraph(bullet[2], style=_list_style("List Bullet", bullet[1]))
        elif _PARAGRAPH_SIGN.match(stripped) or _is_cover_heading(stripped):
            document.add_heading(stripped, level=2)
        elif stripped:
            paragraph = document.add_paragraph(stripped)
            if indent := len(line) - len(line.lstrip(" ")):
                paragraph.paragraph_format.left_indent = Twips(TWIPS_PER_SPACE * indent)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _unwrapped(text: str) -> str:
    """The text with the lines a PDF wrapped joined, as a Word paragraph holds them; a word
    hyphenated at the end of a line is whole again."""
    out: list[str] = []
    previous = ""  # the line before, as the PDF had it
    for line in text.replace("\r\n", "\n").split("\n"):
        hyphenated = out and re.search(r"\w-$", previous.rstrip())
        if hyphenated and _CONJUNCTION.match(line.strip()):
            out[-1] = f"{out[-1].rstrip()} {line.strip()}"  # "hälso-" + "och sjukvård"
        elif hyphenated and line.strip()[:1].islower():
            out[-1] = f"{out[-1].rstrip()[:-1]}{line.strip()}"  # "hem-" + "tjänsten"
        elif out and _continues(previous, line):
            out[-1] = f"{out[-1].rstrip()} {line.strip()}"
        else:
            out.append(line)
        previous = line
    return "\n".join(out)


def _continues(previous: str, line: str) -> bool:
    """Whether `line` goes on with `previous`: it starts in lower case, or `previous` ran
    to the margin without ending its sentence and `line` ends one. A heading, list entry,
    table row or an "att"-clause after a short line or a comma starts a paragraph."""
    before, stripped = previous.strip(), line.strip()
    if not before or not stripped or _is_page_break(line) or _is_page_break(previous):
        return False
    if _cells(previous) is not None or _cells(line) is not None:
        return False
    if _PARAGRAPH_SIGN.match(stripped) or _NUMBERED.match(line) or _LIST_MARK.match(stripped):
        return False
    if _PARAGRAPH_SIGN.match(before) or _is_cover_heading(before):
        return stripped[0].islower()  # a heading's title wrapped
    full = len(previous.rstrip()) >= _FULL_LINE and not before.endswith((".", ":", ";", "!", "?"))
    if stripped.startswith("att "):
        # An att-clause of its own follows a short line ("Nämnden beslutar") or a comma.
        return full and not before.endswith(",")
    return stripped[0].islower() or (full and stripped.endswith((".", ",", ";")))


def _add_furniture(part, furniture: str) -> None:
    """A header's or footer's lines, each a paragraph, its parts a tab apart."""
    if not furniture:
        return
    part.is_linked_to_previous = False
    for index, line in enumerate(furniture.split("\n")):
        paragraph = part.paragraphs[0] if index == 0 and part.paragraphs else part.add_paragraph()
        text = "\t".join(_PARTS.split(line.strip()))
        for piece in re.split(r"(\{page\}|\{pages\})", text):
            if piece in ("{page}", "{pages}"):
                field = paragraph._p.makeelement(
                    qn("w:fldSimple"), {qn("w:instr"): "PAGE" if piece == "{page}" else "NUMPAGES"}
                )
                run = paragraph.add_run("1")._r
                field.append(run)  # moves the run into the field: its shown result
                paragraph._p.append(field)
            elif piece:
                paragraph.add_run(piece)


def _add_numbered(document, numbered: re.Match, lists: dict[str, tuple[str, int]]) -> None:
    """A "List Number" paragraph, in the open list if it has the next number."""
    style = _list_style("List Number", numbered[1])
    paragraph = document.add_paragraph(numbered[3], style=style)
    number = int(numbered[2])
    num_id, expected = lists.get(style, ("", 0))
    if number != expected:
        num_id = _restarted_list(document, style, number)
    _number(paragraph, num_id)
    lists[style] = (num_id, number + 1)


def _list_style(style: str, indent: str) -> str:
    """The list style whose marker stands `indent` in: Word's levels are two spaces apart."""
    level = min(len(indent) // 2, 2)
    return f"{style} {level + 1}" if level else style


def _chunks(text: str) -> Iterator[tuple[str, list[list[str]]]]:
    """Each line with no rows, or a run of label/value lines as the rows of one table.

    A blank line between two label/value lines is an empty row of the same table, so that
    the cover page's values stand in one column as they do on paper.
    """
    lines = text.replace("\r\n", "\n").split("\n")
    rows: list[list[str]] = []
    for index, line in enumerate(lines):
        cells = _cells(line)
        if cells is not None and (rows or cells[0]):
            rows.append(cells)
            continue
        following = lines[index + 1] if index + 1 < len(lines) else ""
        blank = not line.strip() and not _is_page_break(line)
        if rows and blank and (_cells(following) or [""])[0]:
            rows.append([])
            continue
        if rows:
            yield "", rows
            rows = []
        yield line, []
    if rows:
        yield "", rows


def _cells(line: str) -> list[str] | None:
    """A cover page's label/value line as its cells, or None for a line of running text."""
    indent = len(line) - len(line.lstrip(" "))
    stripped = line.strip()
    if not stripped or _PARAGRAPH_SIGN.match(stripped):
        return None
    if _NUMBERED.match(line) or _BULLET.match(line):
        return None
    if indent >= _CONTINUATION:
        return ["", *re.split(r" {2,}", line.strip())]
    if indent == 0 and _GAP.search(line.rstrip()):
        return re.split(r" {2,}", line.strip())
    return None


def _is_page_break(line: str) -> bool:
    return line.strip(" \t") == "\f"


def _is_cover_heading(line: str) -> bool:
    letters = [character for character in line if character.isalpha()]
    return len(letters) >= 4 and all(character.isupper() for character in letters)


def _add_table(document, rows: list[list[str]]) -> None:
    rows = [row for row in rows if row]
    width = max(len(row) for row in rows)
    table = document.add_table(rows=len(rows), cols=width)
    for row, cells in zip(table.rows, rows, strict=True):
        for cell, value in zip(row.cells, cells, strict=False):
            cell.text = value


def _restarted_list(document, style: str, start: int) -> str:
    """A new list of the style's numbering that starts at `start` (Word's "Börja om på")."""
    root = document.part.numbering_part.element
    style_num = str(document.styles[style].element.pPr.numPr.numId.val)
    nums = root.findall(qn("w:num"))
    num = copy.deepcopy(next(num for num in nums if num.get(qn("w:numId")) == style_num))
    num_id = str(max(int(other.get(qn("w:numId"))) for other in nums) + 1)
    num.set(qn("w:numId"), num_id)
    for old in num.findall(qn("w:lvlOverride")):
        num.remove(old)
    override = num.makeelement(qn("w:lvlOverride"), {qn("w:ilvl"): "0"})
    override.append(override.makeelement(qn("w:startOverride"), {qn("w:val"): str(start)}))
    num.append(override)
    root.append(num)
    return num_id


def _number(paragraph, num_id: str) -> None:
    num_pr = paragraph._p.get_or_add_pPr().get_or_add_numPr()
    num_pr.get_or_add_ilvl().val = 0
    num_pr.get_or_add_numId().val = int(num_id)
