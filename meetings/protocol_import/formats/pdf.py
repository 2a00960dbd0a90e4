"""A PDF's text layer, page by page, as the lines a reader sees on each page."""

from __future__ import annotations

import io

from ..parsed import ProtocolImportError

#: A protocol of a year's meetings runs to a few hundred pages; reading a page's text takes
#: a tenth of a second, so the bound also bounds the time an upload may take.
MAX_PAGES = 500
#: A page of a protocol holds hundreds of characters; a scanned page holds none, or a stamp.
MIN_CHARACTERS_PER_PAGE = 20
#: Between two pages: a form feed on a line of its own, so that the parser knows where each
#: page begins (the running header and footer are found there).
PAGE_BREAK = "\n\f\n"

SCANNED = (
    "Filen är en skannad PDF utan textlager: texten kan inte läsas. Kör textigenkänning "
    "(OCR) på den först, eller importera protokollet som Word- eller textfil."
)


def pdf_text(name: str, data: bytes) -> str:
    """The text of every page in reading order, one visual line a line, pages apart by "\\f".

    pypdf's layout mode places the text by its position on the page: the running header
    comes first and the footer last, the columns of a cover page's table share a line
    ("Beslutande      Karin Ek (S), ordförande"), and a gap between paragraphs is a blank
    line. A line broken by hyphenation keeps its hyphen; ligatures are kept as they are.
    """
    import pypdf

    try:
        reader = pypdf.PdfReader(io.BytesIO(data))
        if reader.is_encrypted and reader.decrypt("") == pypdf.PasswordType.NOT_DECRYPTED:
            raise ProtocolImportError(
                "PDF-filen är lösenordsskyddad och kan inte öppnas. Spara den utan lösenord "
                "och försök igen.",
                file=name,
            )
        count = len(reader.pages)
        if count > MAX_PAGES:
            raise ProtocolImportError(
                f"PDF-filen har {count} sidor; gränsen är {MAX_PAGES}. "
                "Dela upp protokollet i flera filer.",
                file=name,
            )
        pages = [_page_text(page) for page in reader.pages]
    except ProtocolImportError:
        raise
    except pypdf.errors.DependencyError as exc:
        raise ProtocolImportError(
            "PDF-filen är krypterad på ett sätt som inte kan läsas här. Spara den utan "
            "kryptering och försök igen.",
            file=name,
        ) from exc
    except Exception as exc:  # pypdf raises many types for a damaged file, not only its own
        raise ProtocolImportError(
            f"PDF-filen är skadad och kunde inte läsas ({type(exc).__name__}).", file=name
        ) from exc
    characters = sum(len("".join(text.split())) for text in pages)
    if not count or characters < MIN_CHARACTERS_PER_PAGE * count:
        raise ProtocolImportError(SCANNED, file=name)
    return PAGE_BREAK.join(pages)


def _page_text(page) -> str:
    try:
        text = _tidy(page.extract_text(extraction_mode="layout"))
    except Exception:  # layout mode is the younger one: plain mode reads what it cannot
        text = ""
    # Layout mode leaves out rotated text (a landscape table turned on a portrait page);
    # plain mode reads it, in the order the page draws it.
    return text or _tidy(page.extract_text())


def _tidy(text: str) -> str:
    """Layout mode's page as lines: blank runs made one, the page's left margin removed."""
    lines: list[str] = []
    for line in text.replace("\f", "").replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        line = line.rstrip()
        if line or (lines and lines[-1]):
            lines.append(line)
    while lines and not lines[-1]:
        lines.pop()
    margin = min((len(line) - len(line.lstrip(" ")) for line in lines if line), default=0)
    return "\n".join(line[margin:] for line in lines)
