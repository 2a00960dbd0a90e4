"""Import protocols from the text the region publishes (or a Word file) into structured data.

A pipeline, one module per stage, each usable and testable on its own (as
Python-Markdown's processors are):

1. `reading`: `read_protocol(name, data)` refuses what is not a protocol file (empty,
   binary, too large, not UTF-8) and hands text or `.docx` on;
2. `blocks`: both formats become the same sequence of blocks;
3. `paragraphs` and `sentences`: the blocks become a `ParsedProtocol` (`parsed`): plain
   dataclasses, no database; the prose gives the presenters, motions, times and titles;
4. `people`: the people and organisations are matched against the registers;
5. `writing`: `import_protocol(parsed, body=..., date=...)` writes the meeting, its
   attendance, paragraphs, decisions, motions and attachments in one transaction. With
   `dry_run=True` it does all of that and rolls back, so a preview meets the same checks
   as the real import and writes nothing;
6. `report`: the returned `ImportReport` is the preview: what was (or would be) created,
   the new people, and every warning with its line.

Whatever the parser cannot understand it reports: as a `ProtocolImportError` (file and
line) when nothing sensible can be imported, otherwise as a warning in the report. The
admin's upload form is `meetings.forms.ProtocolUploadForm`; its views are in admin.py.
"""

from .paragraphs import parse_docx, parse_text
from .parsed import (
    TITLE_LENGTH,
    LineLedger,
    NameMention,
    ParsedAttendance,
    ParsedItem,
    ParsedMotion,
    ParsedProtocol,
    ParsedReservation,
    ParsedVote,
    ProtocolImportError,
    ProtocolWarning,
    SourceLine,
)
from .reading import MAX_FILE_SIZE, check_size, decode_text, read_protocol, read_protocol_file
from .report import ImportReport, ItemPreview
from .writing import import_protocol

__all__ = [
    "MAX_FILE_SIZE",
    "TITLE_LENGTH",
    "ImportReport",
    "ItemPreview",
    "LineLedger",
    "NameMention",
    "ParsedAttendance",
    "ParsedItem",
    "ParsedMotion",
    "ParsedProtocol",
    "ParsedReservation",
    "ParsedVote",
    "ProtocolImportError",
    "ProtocolWarning",
    "SourceLine",
    "check_size",
    "decode_text",
    "import_protocol",
    "parse_docx",
    "parse_text",
    "read_protocol",
    "read_protocol_file",
]
