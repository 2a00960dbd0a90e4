"""CSV downloads of the public lists, in the shape Swedish Excel opens as it is.

UTF-8 with a byte order mark (without it Excel reads å, ä and ö as Windows-1252) and
semicolons between the fields (Swedish Excel takes the comma for the decimal sign).
"""

from __future__ import annotations

import csv
from collections.abc import Callable, Iterator, Sequence

from django.http import HttpRequest, StreamingHttpResponse

#: A column: its header and how a row's value is read from a record.
Column = tuple[str, Callable[[object, HttpRequest], object]]

BOM = "\ufeff"
#: A cell that starts with one of these is a formula to a spreadsheet; no text from a
#: protocol may run as one on a reader's computer.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


class _Echo:
    """A file that hands back what is written to it, so that csv.writer yields lines."""

    def write(self, value: str) -> str:
        return value


def cell(value: object) -> str:
    """A value as a cell: dates in ISO 8601, nothing for None, formulas defused."""
    if value is None:
        return ""
    text = value.isoformat() if hasattr(value, "isoformat") else str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


class CSVExportMixin:
    """Answer a list view's rows, all of them and as the list filters them, as CSV.

    Mixed in before the list view: its get_queryset() and FilterSet stay the only rule of
    what the download holds, so it can show no row the page would not.
    """

    #: The download's name.
    filename: str
    columns: Sequence[Column] = ()
    #: Every row, not a page of them.
    paginate_by = None
    #: Rows fetched from the database at a time.
    chunk_size = 2000

    def render_to_response(self, context: dict, **response_kwargs) -> StreamingHttpResponse:
        response = StreamingHttpResponse(
            self.rows(self.object_list), content_type="text/csv; charset=utf-8"
        )
        response["Content-Disposition"] = f'attachment; filename="{self.filename}"'
        return response

    def rows(self, records) -> Iterator[str]:
        writer = csv.writer(_Echo(), delimiter=";")
        yield BOM + writer.writerow([str(header) for header, _value in self.columns])
        for record in records.iterator(chunk_size=self.chunk_size):
            yield writer.writerow(
                [cell(value(record, self.request)) for _header, value in self.columns]
            )
