"""Parsing protocols: the region's page text and Word files become paragraphs.

No database: `read_protocol` and `parse_text` return plain dataclasses.
"""

import io
import json
import os
import re
import zipfile
from pathlib import Path

import docx
import pytest
from docx.shared import Cm

from meetings.protocol_import import (
    MAX_FILE_SIZE,
    NameMention,
    ParsedProtocol,
    ProtocolImportError,
    read_protocol,
)
from tests.seeds import SEED_000, SEED_002, SEED_003

# --- Texts and the structure they parse to --------------------------------------------------
# Each tests/protocols/NAME.txt is a short protocol text showing one thing the parser
# understands; NAME.json beside it is what the parser makes of it.

PROTOCOLS = Path(__file__).resolve().parent / "protocols"


def mention_data(mention: NameMention | None) -> dict | None:
    if mention is None:
        return None
    data = {"name": mention.name}
    if mention.parenthesis:
        data["parenthesis"] = mention.parenthesis
    if mention.appositive:
        data["appositive"] = mention.appositive
    return data


def protocol_data(parsed: ParsedProtocol) -> dict:
    """The parse result as the JSON in tests/protocols/ holds it."""
    return {
        "chair": mention_data(parsed.chair),
        "start_time": parsed.start_time and parsed.start_time.isoformat("minutes"),
        "end_time": parsed.end_time and parsed.end_time.isoformat("minutes"),
        "items": [
            {
                "position": item.position,
                "line": item.line,
                "number": item.number,
                "title": item.title,
                "title_needs_review": item.title_needs_review,
                "text": item.text,
                "presenters": [mention_data(mention) for mention in item.presenters],
                "proposal_points": item.proposal_points,
                "decision_points": item.decision_points,
                # The importer records a decision only for a paragraph with points.
                "decision_kind": (
                    str(item.decision_kind)
                    if item.proposal_points or item.decision_points
                    else None
                ),
                "motions": [
                    {"mover": mention_data(motion.mover), "text": motion.text}
                    for motion in item.motions
                ],
                "attachments": item.attachments,
                "adjusted": item.adjusted,
            }
            for item in parsed.items
        ],
        "full_names": parsed.full_names,
        "warnings": [str(warning) for warning in parsed.warnings],
    }


@pytest.mark.parametrize("text_file", sorted(PROTOCOLS.glob("*.txt")), ids=lambda path: path.stem)
def test_protocol_text_parses_to_the_structure_beside_it(text_file):
    """tests/protocols/NAME.txt parses to what NAME.json holds.

    To add a case, write NAME.txt and run

        UPDATE_EXPECTED=1 .venv/bin/python -m pytest tests/test_import_parser.py

    which writes every NAME.json from what the parser returns now. Read the diff before
    committing it: the JSON is the expectation, not a recording.
    """
    expected_file = text_file.with_suffix(".json")

    data = protocol_data(read_protocol(text_file.name, text_file.read_bytes()))

    if os.environ.get("UPDATE_EXPECTED"):
        expected_file.write_text(
            json.dumps(data, ensure_ascii=False, indent=2) + "\n", encoding="utf-8"
        )
    assert data == json.loads(expected_file.read_text(encoding="utf-8"))


# --- Files the importer refuses -------------------------------------------------------------


def test_the_same_paragraph_number_twice_in_a_file_names_the_line():
    with pytest.raises(ProtocolImportError, match=r"^a.txt, rad 5: § 3 förekommer två gånger"):
        read_protocol("a.txt", "• § 3\n\n  Val\n\n• § 3\n\n  Val igen\n".encode())


def test_windows_1252_file_is_refused_naming_the_encoding_and_line():
    data = "Protokoll SVOM\nOrdföranden öppnar mötet\n".encode("cp1252")

    with pytest.raises(ProtocolImportError) as error:
        read_protocol("gammal.txt", data)

    assert error.value.line == 2
    assert "inte sparad som UTF-8 utan ser ut att vara Windows-1252" in str(error.value)


def test_empty_file_is_refused():
    with pytest.raises(ProtocolImportError, match=r"^tom\.txt: Filen är tom\.$"):
        read_protocol("tom.txt", b"  \n\n")


def test_file_with_only_page_chrome_is_refused():
    with pytest.raises(ProtocolImportError, match="inget protokoll"):
        read_protocol("sida.txt", "Hoppa över navigering\nVi använder cookies.".encode())


def test_binary_file_is_refused():
    with pytest.raises(ProtocolImportError, match="binära data"):
        read_protocol("bild.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")


def test_file_of_20_mb_is_refused():
    with pytest.raises(ProtocolImportError, match="gränsen är 20 MB"):
        read_protocol("stor.txt", b"a" * MAX_FILE_SIZE)


def test_utf16_file_is_refused_with_advice():
    with pytest.raises(ProtocolImportError, match="UTF-16"):
        read_protocol("word-export.txt", "• Hej".encode("utf-16"))


def test_old_word_file_is_refused_with_advice():
    with pytest.raises(ProtocolImportError, match=r"\(\.doc\)"):
        read_protocol("protokoll.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100)


def test_damaged_word_file_is_refused():
    with pytest.raises(ProtocolImportError, match="Word"):
        read_protocol("protokoll.docx", b"PK\x03\x04 inte en zip-fil")


def zip_bomb(megabytes: int) -> bytes:
    """A .docx-shaped archive whose document.xml unpacks to `megabytes` MB of spaces."""
    archive = io.BytesIO()
    with (
        zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as bomb,
        bomb.open("word/document.xml", "w") as part,
    ):
        for _ in range(megabytes):
            part.write(b" " * 1024 * 1024)
    return archive.getvalue()


def test_word_file_that_unpacks_to_too_much_is_refused_before_it_is_unpacked(monkeypatch):
    from meetings.protocol_import import reading

    data = zip_bomb(120)
    assert len(data) < 1024 * 1024  # small as it arrives
    monkeypatch.setattr(reading, "docx_text", lambda *args, **kwargs: pytest.fail("unpacked"))
    with pytest.raises(ProtocolImportError, match="packas upp till 120 MB; gränsen är 100 MB"):
        read_protocol("bomb.docx", data)


def test_word_file_with_thousands_of_parts_is_refused():
    archive = io.BytesIO()
    with zipfile.ZipFile(archive, "w") as many:
        for number in range(1001):
            many.writestr(f"word/media/{number}.xml", "")
    with pytest.raises(ProtocolImportError, match="1 001 delar"):
        read_protocol("delar.docx", archive.getvalue())


# --- Word documents -------------------------------------------------------------------------

KEYWORDS = {"Sammanfattning", "Förslag till beslut", "Beslut", "Bilagor"}


def docx_from_text(text: str) -> bytes:  # noqa: C901 - one branch per line kind of the seeds
    """The protocol as a secretary would write it in Word, built from its page text.

    Bullets become bulleted lists, "• § N" a bullet with its title a heading after it,
    "Förslag till beslut" and "Beslut" headings with numbered lists under them, a
    numbered heading its number typed and its text indented, wrapped lines one paragraph.
    """
    document = docx.Document()
    lines = [line.replace("\xa0", " ") for line in text.splitlines()]
    content = [
        line
        for line in lines
        if line.strip() and not line.strip().startswith(("Hoppa över", "Vi använder cookies"))
    ]
    has_bullets = any(line.strip().startswith("•") for line in content)
    open_paragraph, in_points, title_for, indented = None, False, None, False
    for index, line in enumerate(lines):
        stripped, indent = line.strip(), len(line) - len(line.lstrip())
        if not stripped or stripped.startswith(("Hoppa över", "Vi använder cookies")):
            open_paragraph = None
            continue
        following = next((later for later in lines[index + 1 :] if later.strip()), "")
        numbered = re.match(r"(\d+)\.\s+(.*)", stripped)
        if stripped.startswith("•") or title_for is not None:
            indented = False
        if title_for is not None:
            document.add_heading(stripped, level=2)
            title_for = open_paragraph = None
        elif stripped.startswith("• §"):
            document.add_paragraph(stripped[1:].strip(), style="List Bullet")
            title_for = stripped[1:].strip()
        elif stripped.startswith("•"):
            style = "List Bullet" if indent <= 1 else "List Bullet 2"
            open_paragraph = document.add_paragraph(stripped[1:].strip(), style=style)
            in_points = False
        elif stripped.startswith("·"):
            open_paragraph = document.add_paragraph(stripped[1:].strip(), style="List Bullet 2")
        elif stripped in KEYWORDS:
            document.add_heading(stripped, level=3)
            in_points = stripped in {"Förslag till beslut", "Beslut"}
            open_paragraph = None
        elif stripped == "Paragrafen är justerad":
            document.add_paragraph(stripped)
        elif numbered and len(following) - len(following.lstrip()) > indent:
            document.add_heading(stripped, level=2)
            open_paragraph, indented = None, True
        elif numbered and in_points:
            open_paragraph = document.add_paragraph(numbered[2], style="List Number")
        elif open_paragraph is not None and (in_points or lines[index - 1].endswith(" ")):
            open_paragraph.text = f"{open_paragraph.text.rstrip()} {stripped}"
        elif not has_bullets and line is content[0]:
            document.add_heading(stripped, level=1)
        else:
            open_paragraph = document.add_paragraph(stripped)
            if indented:
                open_paragraph.paragraph_format.left_indent = Cm(1)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def without_lines(parsed: ParsedProtocol) -> dict:
    """The structure of `protocol_data`, leaving out what counts lines or Word paragraphs."""
    data = protocol_data(parsed)
    del data["warnings"]
    for item in data["items"]:
        del item["line"]
    return data


@pytest.mark.parametrize("seed", [SEED_000, SEED_002, SEED_003], ids=lambda seed: seed.name[:3])
def test_docx_built_from_a_seed_parses_to_the_same_structure_as_its_text(seed):
    from_text = read_protocol(seed.name, seed.read_bytes())

    from_word = read_protocol(seed.with_suffix(".docx").name, docx_from_text(seed.read_text()))

    assert without_lines(from_word) == without_lines(from_text)


def test_docx_import_names_the_line_of_the_documents_text():
    """A Word file is read as its text (paragraphs a blank line apart), and the importer
    names the line of that text, as for any other file."""
    document = docx.Document()
    for title in ("Val av justerare", "Val av justerare igen"):
        document.add_paragraph("§ 3", style="List Bullet")
        document.add_paragraph(title)
    buffer = io.BytesIO()
    document.save(buffer)

    with pytest.raises(ProtocolImportError, match=r"rad 5: § 3 förekommer två gånger"):
        read_protocol("protokoll.docx", buffer.getvalue())
