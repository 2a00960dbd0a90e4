"""Every corpus protocol, published as a PDF and as a Word file, reads as its text does.

Each tests/protocols/corpus/NAME.txt is text as copied from a PDF: pages apart by "\\f",
each with its running header and footer. It is rendered back to the PDF it came from (A4,
that header and footer in the page margins on every page, wrapped and hyphenated lines)
and to .docx (headings, Word's own numbered and bulleted lists, the attendance as a
table, the furniture in the Word header and footer); each is imported through
`read_protocol` and must give the structure NAME.json holds, as the text itself does
(tests/test_import_corpus.py). The PDF's page furniture must be in no stored text, and
its pages must be counted.
"""

import dataclasses
import functools
import io
import re
from pathlib import Path

import pypdf
import pytest

from meetings.protocol_import import read_protocol
from tests import corpus_structure
from tests.protocols.rendering import render_docx, render_pdf

CORPUS = Path(__file__).resolve().parent / "protocols" / "corpus"
TEXTS = sorted(CORPUS.glob("*.txt"))
_PAGE_NUMBER = re.compile(r"\b\d+( ?)([(\[])\d+([)\]])")


@dataclasses.dataclass
class Published:
    """A corpus text as the PDF it was copied from: its pages' bodies and furniture."""

    body: str
    header: str
    footer: str
    first_header: str
    first_footer: str


def published(path: Path) -> Published:
    """The text's pages with their running header and footer taken out, to be the PDF's.

    A page's header is its lines up to the first blank line, its footer the lines after
    the last one, where the later pages repeat them. The page number in them becomes the
    PDF's own ("Sida 2 (4)" -> "Sida {page} ({pages})").
    """
    pages = [page.strip("\n").split("\n") for page in re.split(r"\n?\f\n?", _text(path))]
    heads = [_numbered(_block(lines, first=True)) for lines in pages]
    feet = [_numbered(_block(lines, first=False)) for lines in pages]
    header, footer = _repeated(heads), _repeated(feet)
    bodies = []
    for lines, head, foot in zip(pages, heads, feet, strict=True):
        start = head.count("\n") + 1 if head and head == header else 0
        end = len(lines) - (foot.count("\n") + 1 if foot and foot == footer else 0)
        bodies.append("\n".join(lines[start:end]).strip("\n"))
    first_header = header if heads[0] == header else ""
    first_footer = footer if feet[0] == footer else ""
    return Published("\n\f\n".join(bodies), header, footer, first_header, first_footer)


def _text(path: Path) -> str:
    """The corpus text with Unix line ends: a PDF's lines have none of their own."""
    return path.read_text(encoding="utf-8").replace("\r\n", "\n").replace("\r", "\n")


def _block(lines: list[str], *, first: bool) -> str:
    """The lines before a page's first blank line, or after its last."""
    blanks = [index for index, line in enumerate(lines) if not line.strip()]
    if not blanks:
        return ""
    return "\n".join(lines[: blanks[0]] if first else lines[blanks[-1] + 1 :])


def _repeated(blocks: list[str]) -> str:
    """The block the pages after the first repeat: a text of one page has no furniture
    that runs (a web page's chrome, a header copied once, stay where they are)."""
    later = [block for block in blocks[1:] if block]
    if not later:
        return ""
    common = max(set(later), key=later.count)
    return common if later.count(common) > 1 or len(blocks) == 2 else ""


def _numbered(furniture: str) -> str:
    return _PAGE_NUMBER.sub(lambda m: f"{{page}}{m[1]}{m[2]}{{pages}}{m[3]}", furniture)


@functools.cache
def rendered_pdf(path: Path) -> tuple[bytes, int]:
    """The protocol as a PDF, and its number of pages; rendered once per test run."""
    page = published(path)
    data = render_pdf(
        page.body,
        header=page.header,
        footer=page.footer,
        first_header=page.first_header,
        first_footer=page.first_footer,
    )
    return data, len(pypdf.PdfReader(io.BytesIO(data)).pages)


@functools.cache
def rendered_docx(path: Path) -> bytes:
    """The protocol as a Word file: the furniture in its header and footer, not its text."""
    page = published(path)
    return render_docx(page.body, header=page.header, footer=page.footer)


@pytest.mark.slow
@pytest.mark.parametrize("path", TEXTS, ids=lambda path: path.stem)
def test_corpus_protocol_as_pdf_has_the_structure_of_its_text(path):
    data, _pages = rendered_pdf(path)

    parsed = read_protocol(f"{path.stem}.pdf", data)

    assert corpus_structure.structure(parsed) == corpus_structure.expected(path)


@pytest.mark.slow
@pytest.mark.parametrize("path", TEXTS, ids=lambda path: path.stem)
def test_corpus_protocol_as_pdf_keeps_no_page_furniture(path):
    data, pages = rendered_pdf(path)
    numbers = [f"{page} ({pages})" for page in range(1, pages + 1)]
    marks = [*corpus_structure.furniture(path), *numbers]

    parsed = read_protocol(f"{path.stem}.pdf", data)

    texts = corpus_structure.stored_texts(parsed)
    assert [(mark, text) for text in texts for mark in marks if mark in text] == []


@pytest.mark.slow
@pytest.mark.parametrize("path", TEXTS, ids=lambda path: path.stem)
def test_corpus_protocol_as_pdf_counts_its_pages(path):
    data, pages = rendered_pdf(path)

    assert read_protocol(f"{path.stem}.pdf", data).pages == pages


@pytest.mark.parametrize("path", TEXTS, ids=lambda path: path.stem)
def test_corpus_protocol_as_docx_has_the_structure_of_its_text(path):
    parsed = read_protocol(f"{path.stem}.docx", rendered_docx(path))

    assert corpus_structure.structure(parsed) == corpus_structure.expected(path)
