"""Reading: a PDF, a Word file and a saved web page become the text one parser reads.

No database: `read_text` and the format readers return text, or refuse the file.
"""

import base64
import io

import docx
import pypdf
import pytest
from docx.oxml.ns import qn
from PIL import Image

from meetings.protocol_import import ProtocolImportError, read_protocol
from meetings.protocol_import.formats import docx_text, html_text, pdf_text
from meetings.protocol_import.reading import read_text
from tests.protocols.rendering import (
    EXTRACT,
    PROTOCOL_MARK,
    SIGNATURE,
    STANDARD_FOOTER,
    render_docx,
    render_pdf,
    standard_header,
)

TWO_PAGES = (
    "§ 1 Mötets öppnande\nOrdföranden Karin Ek (S) öppnar mötet.\n\f\n"
    "§ 2 Val av justerare\nOlof Ström (M) utses att justera protokollet.\n"
)


@pytest.fixture(scope="module")
def two_page_pdf() -> bytes:
    return render_pdf(
        TWO_PAGES, header=standard_header("Socialnämnden", "2019-05-14"), footer=STANDARD_FOOTER
    )


def pdf_of_pages(count: int, **encryption) -> bytes:
    writer = pypdf.PdfWriter()
    for _ in range(count):
        writer.add_blank_page(595, 842)
    if encryption:
        writer.encrypt(**encryption)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def word_file(build) -> bytes:
    document = docx.Document()
    build(document)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


# --- PDF --------------------------------------------------------------------------------


def test_pdf_pages_are_apart_by_a_form_feed_on_a_line_of_its_own(two_page_pdf):
    pages = pdf_text("protokoll.pdf", two_page_pdf).split("\n\f\n")

    assert len(pages) == 2
    assert "§ 1 Mötets öppnande" in pages[0]
    assert "§ 2 Val av justerare" in pages[1]


def test_pdf_running_header_opens_each_page_and_the_footer_closes_it(two_page_pdf):
    """Layout mode reads a page top to bottom, whatever order the PDF drew it in
    (WeasyPrint draws the margins last)."""
    for number, page in enumerate(pdf_text("p.pdf", two_page_pdf).split("\n\f\n"), start=1):
        lines = page.splitlines()
        assert lines[0].split() == ["Socialnämnden", PROTOCOL_MARK]
        assert lines[1].strip() == "Sammanträdesdatum 2019-05-14"
        assert lines[-2].split() == [*SIGNATURE.split(), "Sida", str(number), "(2)"]
        assert lines[-1] == EXTRACT


def test_pdf_lines_keep_their_left_margin_and_gaps_as_blank_lines():
    text = "Beslut\n\n  1. Nämnden godkänner uppföljningen.\n"
    page = pdf_text("p.pdf", render_pdf(text, header="SN", footer=""))

    assert "Beslut\n\n  1. Nämnden godkänner uppföljningen." in page


def test_pdf_long_line_wraps_with_its_long_words_hyphenated_as_printed():
    words = "Socialförvaltningen redovisar verksamhetsuppföljningsrapporten för äldreomsorgen. "
    page = pdf_text("p.pdf", render_pdf(words * 8, header="SN", footer=""))

    body = [line for line in page.splitlines() if "förvaltningen" in line or "rapporten" in line]
    assert len(body) > 3
    assert any(line.endswith("\u2010") for line in page.splitlines())


def test_pdf_page_with_its_text_turned_is_still_read():
    """Layout mode leaves out turned text; a page of nothing else is read in plain mode."""
    writer = pypdf.PdfWriter(clone_from=io.BytesIO(render_pdf(TWO_PAGES, header="", footer="")))
    for page in writer.pages:
        page.add_transformation(pypdf.Transformation().rotate(90).translate(842, 0))
    buffer = io.BytesIO()
    writer.write(buffer)

    assert "Ordföranden Karin Ek (S) öppnar mötet." in pdf_text("vriden.pdf", buffer.getvalue())


def test_pdf_named_otherwise_is_read_as_a_pdf(two_page_pdf):
    assert "§ 2 Val av justerare" in read_text("protokoll.txt", two_page_pdf)


def test_scanned_pdf_is_refused_with_the_advice_to_run_ocr():
    import weasyprint

    scan = io.BytesIO()
    Image.new("L", (400, 560), 255).save(scan, format="PNG")
    page = f'<img src="data:image/png;base64,{base64.b64encode(scan.getvalue()).decode()}">'
    data = weasyprint.HTML(string=page).write_pdf()

    with pytest.raises(ProtocolImportError, match=r"^skannad\.pdf: Filen är en skannad PDF"):
        pdf_text("skannad.pdf", data)


def test_pdf_of_blank_pages_is_refused_as_one_without_a_text_layer():
    with pytest.raises(ProtocolImportError, match=r"textigenkänning \(OCR\)"):
        pdf_text("tom.pdf", pdf_of_pages(3))


def test_pdf_with_only_a_stamp_of_text_is_refused_as_scanned():
    stamp = render_pdf("Justerat", header="", footer="")
    writer = pypdf.PdfWriter(clone_from=io.BytesIO(stamp))
    for _ in range(4):
        writer.add_blank_page(595, 842)
    buffer = io.BytesIO()
    writer.write(buffer)

    with pytest.raises(ProtocolImportError, match="skannad PDF"):
        pdf_text("stampel.pdf", buffer.getvalue())


@pytest.mark.parametrize(
    "data",
    [b"%PDF-1.7\n1 0 obj << /Type /Catalog >>\ntrasig", b"%PDF-1.4\n" + bytes(range(256)) * 4],
    ids=["garbage", "binary"],
)
def test_damaged_pdf_is_refused(data):
    with pytest.raises(ProtocolImportError, match=r"^trasig\.pdf: PDF-filen är skadad"):
        pdf_text("trasig.pdf", data)


def test_truncated_pdf_is_refused_as_damaged(two_page_pdf):
    with pytest.raises(ProtocolImportError, match="PDF-filen är skadad"):
        pdf_text("avklippt.pdf", two_page_pdf[: len(two_page_pdf) // 2])


def test_pdf_with_a_password_to_open_it_is_refused():
    data = pdf_of_pages(1, user_password="hemligt", owner_password="ägare", algorithm="AES-256")

    with pytest.raises(ProtocolImportError, match="lösenordsskyddad"):
        pdf_text("hemlig.pdf", data)


def test_pdf_encrypted_only_against_editing_is_read(two_page_pdf):
    writer = pypdf.PdfWriter(clone_from=io.BytesIO(two_page_pdf))
    writer.encrypt(user_password="", owner_password="ägare", algorithm="AES-256")
    buffer = io.BytesIO()
    writer.write(buffer)

    assert "§ 1 Mötets öppnande" in pdf_text("skyddad.pdf", buffer.getvalue())


def test_pdf_of_more_than_500_pages_is_refused():
    with pytest.raises(ProtocolImportError, match="501 sidor; gränsen är 500"):
        pdf_text("lang.pdf", pdf_of_pages(501))


def test_protocol_pdf_is_parsed_with_its_pages_counted(two_page_pdf):
    parsed = read_protocol("protokoll.pdf", two_page_pdf)

    assert [item.number for item in parsed.items] == [1, 2]
    assert parsed.pages == 2


# --- Word -------------------------------------------------------------------------------


def test_docx_numbered_list_shows_the_numbers_word_shows():
    def build(document):
        document.add_paragraph("Beslut")
        document.add_paragraph("att godkänna uppföljningen,", style="List Number")
        document.add_paragraph("att uppdra åt förvaltningen.", style="List Number")

    assert docx_text("a.docx", word_file(build)).splitlines()[2:] == [
        "1. att godkänna uppföljningen,",
        "",
        "2. att uppdra åt förvaltningen.",
    ]


def test_docx_list_restarted_at_one_counts_from_one_again():
    text = "Förslag till beslut\n1. Godkänna.\n2. Uppdra.\nBeslut\n1. Godkänna.\n"

    lines = [line for line in docx_text("a.docx", render_docx(text)).splitlines() if line]

    assert lines == ["Förslag till beslut", "1. Godkänna.", "2. Uppdra.", "Beslut", "1. Godkänna."]


def test_docx_bullets_show_a_bullet_and_the_second_level_is_indented():
    def build(document):
        document.add_paragraph("Information från förvaltningen", style="List Bullet")
        document.add_paragraph("Budget", style="List Bullet 2")

    assert docx_text("a.docx", word_file(build)) == (
        "• Information från förvaltningen\n\n  • Budget"
    )


def test_docx_table_row_is_one_line_with_its_cells_side_by_side():
    def build(document):
        table = document.add_table(rows=2, cols=2)
        table.cell(0, 0).text, table.cell(0, 1).text = "Beslutande", "Karin Ek (S), ordförande"
        table.cell(0, 1).add_paragraph("Olof Ström (M)")
        table.cell(1, 0).text, table.cell(1, 1).text = "Ersättare", "Sara Vik (V)"

    assert docx_text("a.docx", word_file(build)).splitlines() == [
        "Beslutande  Karin Ek (S), ordförande",
        "            Olof Ström (M)",
        "Ersättare   Sara Vik (V)",
    ]


def test_docx_paragraphs_and_tables_come_in_document_order():
    def build(document):
        document.add_heading("SAMMANTRÄDESPROTOKOLL", level=1)
        document.add_table(rows=1, cols=2).rows[0].cells[0].text = "Plats och tid"
        document.add_heading("§ 1 Mötets öppnande", level=2)

    assert docx_text("a.docx", word_file(build)) == (
        "SAMMANTRÄDESPROTOKOLL\n\nPlats och tid\n\n§ 1 Mötets öppnande"
    )


def test_docx_line_break_and_tab_inside_a_paragraph_are_kept():
    def build(document):
        paragraph = document.add_paragraph("Justerare\tOlof Ström")
        paragraph.add_run().add_break()
        paragraph.add_run("Justeringens plats och tid\tStadshuset")

    assert docx_text("a.docx", word_file(build)).splitlines() == [
        "Justerare  Olof Ström",
        "Justeringens plats och tid  Stadshuset",
    ]


def test_docx_deleted_revision_is_not_read():
    def build(document):
        paragraph = document.add_paragraph("Nämnden beslutar ")
        deleted = paragraph._p.makeelement(qn("w:del"), {})
        run = paragraph.add_run("inte ")._r
        run.remove(run.find(qn("w:t")))
        removed = run.makeelement(qn("w:delText"), {})
        removed.text = "inte "
        run.append(removed)
        deleted.append(run)
        paragraph._p.append(deleted)
        paragraph.add_run("att godkänna.")

    assert docx_text("a.docx", word_file(build)) == "Nämnden beslutar att godkänna."


def test_damaged_docx_is_refused_in_swedish():
    with pytest.raises(ProtocolImportError, match="kunde inte läsas som ett Word-dokument"):
        docx_text("trasig.docx", b"PK\x03\x04 inte en zip-fil")


def test_old_word_file_named_docx_is_refused_as_the_old_format():
    with pytest.raises(ProtocolImportError, match=r"gamla Word-formatet \(\.doc\)"):
        read_text("protokoll.docx", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100)


# --- Web pages --------------------------------------------------------------------------

PORTAL_PAGE = """<!DOCTYPE html>
<html lang="sv"><head><meta charset="utf-8"><title>Sammanträde</title>
<style>body { color: black; }</style><script>window.tracking = true;</script></head>
<body>
<header><a href="#main">Hoppa över navigering</a>
  <nav><ul><li><a href="/">Hem</a></li><li><a href="/kommun">Kommun</a></li></ul></nav>
</header>
<main id="main"><article>
  <header><h1>Socialnämnden 2019-05-14</h1></header>
  <ul>
    <li>§ 46<p>Val av   justerare</p></li>
    <li>Ordföranden öppnar mötet.<ul><li>Upprop</li></ul></li>
  </ul>
  <form><button>Prenumerera</button></form>
</article></main>
<footer>Kontakta kommunen</footer>
<noscript>Aktivera JavaScript</noscript>
</body></html>"""


def test_html_page_chrome_is_dropped():
    text = html_text("sida.html", PORTAL_PAGE.encode())

    for chrome in ("Hoppa över", "Hem", "Kommun", "tracking", "color", "Prenumerera", "Kontakta"):
        assert chrome not in text
    assert "JavaScript" not in text


def test_html_list_entries_begin_with_a_bullet_and_their_paragraphs_follow_indented():
    assert html_text("sida.html", PORTAL_PAGE.encode()) == (
        "Socialnämnden 2019-05-14\n\n"
        "• § 46\n\n"
        "  Val av justerare\n\n"
        "• Ordföranden öppnar mötet.\n\n"
        "  • Upprop"
    )


def test_html_table_row_is_one_line_with_its_cells():
    page = "<table><tr><th>Beslutande</th><td>Karin Ek (S)<br>Olof Ström (M)</td></tr></table>"

    assert html_text("a.html", page.encode()).splitlines() == [
        "Beslutande  Karin Ek (S)",
        "            Olof Ström (M)",
    ]


def test_html_numbered_list_shows_its_numbers():
    page = '<ol start="3"><li>Budget</li><li>Övriga frågor</li></ol>'

    assert html_text("a.html", page.encode()) == "3. Budget\n\n4. Övriga frågor"


def test_html_page_in_utf8_keeps_its_swedish_letters():
    page = (
        '<html><head><meta charset="utf-8"></head>'
        "<body><p>Årsredovisning för Östersund, Härjedalen</p></body></html>"
    )

    assert html_text("a.html", page.encode()) == "Årsredovisning för Östersund, Härjedalen"


def test_html_page_declaring_windows_1252_is_read_in_it():
    page = (
        '<html><head><meta http-equiv="Content-Type" content="text/html; charset=windows-1252">'
        "</head><body><p>Årsredovisning för Östersund – godkänd</p></body></html>"
    )

    assert html_text("a.html", page.encode("cp1252")) == "Årsredovisning för Östersund – godkänd"


def test_html_page_declaring_an_unknown_charset_is_refused():
    page = '<html><head><meta charset="x-okänd"></head><body><p>Text</p></body></html>'

    with pytest.raises(ProtocolImportError, match="anger teckenkodningen"):
        html_text("a.html", page.encode())


def test_html_page_without_a_charset_that_is_not_utf8_is_refused():
    page = "<html><body><p>Årsredovisning för Östersund</p></body></html>"

    with pytest.raises(ProtocolImportError, match="Windows-1252"):
        html_text("a.html", page.encode("cp1252"))


def test_html_page_is_recognised_by_its_start_whatever_its_name():
    text = read_text("sida.txt", b"\xef\xbb\xbf  <!DOCTYPE html><html><body><p>Hej</p>")

    assert text == "Hej"
