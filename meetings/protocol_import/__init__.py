"""Import protocols from the text the region publishes (or a Word file) into structured data.

A pipeline, one module per stage, each usable and testable on its own (as
Python-Markdown's processors are):

1. `reading` and `formats`: `read_protocol(name, data)` refuses what is not a protocol
   file (empty, binary, too large, not UTF-8, a scanned PDF) and makes one text of a
   .txt, .docx, .pdf or saved .html file, pages apart by a form feed;
2. `cleaning`: page furniture out, each removed line counted with its rule (`LineLedger`);
3. `layout` (a classic protocol: cover page, § or numbered items) or `blocks` (the
   region's bullets) segment the lines into blocks; `cover` reads the cover page;
4. `paragraphs`, `sections`, `sentences` and `decisions`: the blocks become a
   `ParsedProtocol` (`parsed`): plain dataclasses, no database: items, proposals and
   decisions, motions and their outcomes, votes, reservations, adjusters, the chair;
5. `people`: the people and organisations are matched against the registers;
6. `writing`: `import_protocol(parsed, body=..., date=...)` writes the meeting, its
   attendance, paragraphs, decisions, motions and attachments in one transaction. With
   `dry_run=True` it does all of that and rolls back, so a preview meets the same checks
   as the real import and writes nothing;
7. `report`: the returned `ImportReport` is the preview: what was (or would be) created,
   the new people, and every warning with its line.

Whatever the parser cannot understand it reports: as a `ProtocolImportError` (file and
line) when nothing sensible can be imported, otherwise as a warning in the report. The
admin's upload form is `meetings.forms.ProtocolUploadForm`; its views are in admin.py.
"""

from .paragraphs import parse_text
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
    "parse_text",
    "read_protocol",
    "read_protocol_file",
]
