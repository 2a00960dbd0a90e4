"""Reading: bytes of every format to one text, refusing what is not a protocol file.

A PDF, a Word file and a saved web page become the text a reader sees (`formats`), so
that one text parser reads them all; a text file is read as UTF-8.
"""

from __future__ import annotations

import re
import zipfile
from io import BytesIO
from pathlib import Path

from .formats import docx_text, html_text, pdf_text
from .paragraphs import parse_text
from .parsed import ParsedProtocol, ProtocolImportError

#: Files of this size or more are refused: a year of protocols as text is well below 1 MB.
MAX_FILE_SIZE = 20 * 1024 * 1024
#: A Word file is a zip archive: what it unpacks to, and how many parts it has, is bounded
#: too, before anything is unpacked. A long protocol's document.xml is a few MB.
MAX_UNPACKED_SIZE = 100 * 1024 * 1024
MAX_PARTS = 1000
#: A saved web page, whatever its name: "<!DOCTYPE html" or "<html" first, after a byte
#: order mark, white space or comments.
_HTML_START = re.compile(
    rb"^(\xef\xbb\xbf)?(\s|<!--.*?-->)*<(!doctype\s+html|html)[\s>]", re.I | re.S
)


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


def check_unpacked_size(name: str, data: bytes) -> None:
    """Refuse a Word file that would unpack to more than MAX_UNPACKED_SIZE or has more than
    MAX_PARTS parts (a "zip bomb"), reading only the archive's table of contents. The sizes
    there are binding: Python's zipfile unpacks no part beyond its stated size."""
    try:
        parts = zipfile.ZipFile(BytesIO(data)).infolist()
    except (zipfile.BadZipFile, ValueError):
        return  # not an archive at all: docx_text says so in its own words
    if len(parts) > MAX_PARTS:
        raise ProtocolImportError(
            f"Word-filen har {len(parts):,} delar; ett protokoll har några tiotal. "
            "Filen importeras inte.".replace(",", " "),
            file=name,
        )
    unpacked = sum(part.file_size for part in parts)
    if unpacked > MAX_UNPACKED_SIZE:
        raise ProtocolImportError(
            f"Word-filen packas upp till {unpacked / 1024 / 1024:,.0f} MB; gränsen är "
            f"{MAX_UNPACKED_SIZE // 1024 // 1024} MB. Filen importeras inte.".replace(",", " "),
            file=name,
        )


def read_protocol(name: str, data: bytes) -> ParsedProtocol:
    """Refuse what is not a protocol file, then parse its text, whatever its format."""
    return parse_text(read_text(name, data), source=name)


def read_text(name: str, data: bytes) -> str:
    """The text of a PDF, Word, HTML or text file, one visual line a line."""
    check_size(name, len(data))
    if not data.strip():
        raise ProtocolImportError("Filen är tom.", file=name)
    if data.startswith(b"\xd0\xcf\x11\xe0"):
        raise ProtocolImportError(
            "Filen är i det gamla Word-formatet (.doc). Spara den som .docx och försök igen.",
            file=name,
        )
    suffix = Path(name).suffix.lower()
    if data[:1024].lstrip().startswith(b"%PDF-") or suffix == ".pdf":
        return pdf_text(name, data)
    if suffix == ".docx" or data.startswith(b"PK\x03\x04"):
        check_unpacked_size(name, data)
        return docx_text(name, data)
    if suffix in {".html", ".htm"} or _HTML_START.match(data[:1024]):
        return html_text(name, data)
    return decode_text(name, data)


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
