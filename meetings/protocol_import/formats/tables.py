"""A table (of a Word file or a web page) as text lines, the columns aligned as on paper."""

from __future__ import annotations

from dataclasses import dataclass, field

#: A column wider than this is not padded: a cell of running text would push the next
#: column far to the right. Its neighbour then follows two spaces after it.
MAX_ALIGNED_WIDTH = 40
GAP = "  "


@dataclass
class Cell:
    """One cell: the grid column it starts in, how many it spans, and its lines of text."""

    column: int
    lines: list[str] = field(default_factory=list)
    span: int = 1


def table_lines(rows: list[list[Cell]]) -> list[str]:
    """Each row a line, its cells two or more spaces apart and aligned in columns.

    A cell of several lines (one attendee a line under "Beslutande") continues on the next
    lines, each under its own first line, so that "Beslutande  Karin Ek (S), ordförande"
    reads as a text line and the names after it as the lines under it.
    """
    widths: dict[int, int] = {}
    for row in rows:
        for cell in row:
            width = max((len(line) for line in cell.lines), default=0)
            if cell.span == 1 or not width:
                widths[cell.column] = max(widths.get(cell.column, 0), width)
    offsets: dict[int, int | None] = {}
    offset: int | None = 0
    for column in range(max((c.column + c.span for row in rows for c in row), default=0)):
        offsets[column] = offset
        width = widths.get(column, 0)
        if offset is not None and width:
            offset = offset + width + len(GAP) if width <= MAX_ALIGNED_WIDTH else None
    out: list[str] = []
    for row in rows:
        cells = sorted((cell for cell in row if cell.lines), key=lambda cell: cell.column)
        starts: dict[int, int] = {}
        for index in range(max((len(cell.lines) for cell in cells), default=0)):
            line = ""
            for cell in cells:
                if index >= len(cell.lines) or not cell.lines[index]:
                    continue
                start = starts.get(cell.column, offsets.get(cell.column))
                after = len(line) + len(GAP) if line.strip() else len(line)
                start = after if start is None else max(start, after)
                starts.setdefault(cell.column, start)
                line = line.ljust(start) + cell.lines[index]
            out.append(line.rstrip())
    return out
