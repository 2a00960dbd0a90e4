"""Cleaning: page furniture leaves the text, each removal counted with its rule."""

import pytest

from meetings.protocol_import import read_protocol
from meetings.protocol_import.cleaning import clean_lines, normalise, split_lines
from meetings.protocol_import.parsed import ParsedProtocol


def cleaned(text: str) -> tuple[list[str], ParsedProtocol]:
    parsed = ParsedProtocol(source="t.txt")
    lines = clean_lines(split_lines(text), parsed)
    return [normalise(line.text) for line in lines], parsed


@pytest.mark.parametrize(
    "furniture",
    [
        "Sida 3 (12)",
        "3 (12)",
        "3[15]",
        "Sida 2 av 9",
        "Justerandes sign",
        "Justerandes signatur",
        "Utdragsbestyrkande",
        "Justerandes sign Utdragsbestyrkande",
        "..........................",
        "______________",
        "Hoppa över navigering",
        "Din position: Hem > Kommun > Socialnämnden > Sammanträde",
        "Till toppen",
        "SAMMANTRÄDESPROTOKOLL",
        "§ 62 Budget ........ 4",
    ],
)
def test_page_furniture_is_removed_wherever_it_stands(furniture):
    texts, parsed = cleaned(f"§ 1 Budget\n{furniture}\nNämnden godkänner budgeten.\n")

    assert furniture not in texts
    assert [entry[3] for entry in parsed.ledger.furniture] == [normalise(furniture)]


def test_removed_lines_keep_the_files_line_numbers():
    lines, _parsed = cleaned("§ 1 Budget\nSida 1 (2)\nText.")

    assert lines == ["§ 1 Budget", "", "Text."]


def test_a_running_header_repeated_on_every_page_is_removed_after_its_first_dated_copy():
    page = "Socialnämnden\nSammanträdesdatum 2019-05-14\n§ {n} Punkt {n}\nText {n}.\n"
    text = "\f".join(page.format(n=n) for n in (1, 2, 3))

    texts, parsed = cleaned(text)

    assert texts.count("Sammanträdesdatum 2019-05-14") == 1
    assert "Socialnämnden" not in texts
    assert parsed.pages == 3


def test_a_line_repeated_inside_the_minutes_is_not_taken_for_a_header():
    page = (
        "§ {n} Punkt {n}\nFörvaltningen informerar.\nInga synpunkter framförs.\n"
        "Mer text.\nÄnnu mer.\nSlut.\n"
    )
    text = "\f".join(page.format(n=n) for n in (1, 2))

    texts, _parsed = cleaned(text)

    assert texts.count("Mer text.") == 2


def test_a_table_of_contents_is_removed_up_to_the_first_line_that_is_not_an_entry():
    texts, parsed = cleaned(
        "Innehållsförteckning\n§ 62 Budget 4\n§ 63 Motion om cykelbanor 5\n§ 62 Budget\nText."
    )

    assert texts == ["", "", "", "§ 62 Budget", "Text."]
    assert {entry[2] for entry in parsed.ledger.furniture} == {"innehållsförteckning"}


def test_soft_hyphens_ligatures_and_non_breaking_spaces_are_normalised():
    assert normalise("ﬁnansiering\u00a0av\u00adsnitt") == "finansiering avsnitt"


def test_every_non_empty_line_is_counted():
    _texts, parsed = cleaned("a\n\n b \r\nc\rSida 1 (1)\n")

    assert parsed.ledger.total == 4


def test_a_header_repeated_in_text_copied_without_page_breaks_is_removed():
    text = (
        "Kommunstyrelsen 2019-05-14\n§ 1 Budget\nBudgeten godkänns.\n"
        "Kommunstyrelsen 2019-05-14\n§ 2 Övrigt\nInga frågor.\n"
    )

    texts, _parsed = cleaned(text)

    assert texts.count("Kommunstyrelsen 2019-05-14") == 1


COPIED_WITHOUT_PAGE_BREAKS = """HEDÅS KOMMUN SAMMANTRÄDESPROTOKOLL 1[3]
Kommunstyrelsens arbetsutskott 2023-03-02

§ 19 Ansökan om medel

Beslut
att bevilja byalaget 85 000 kronor,
att medlen betalas ut mot redovisning.
HEDÅS KOMMUN SAMMANTRÄDESPROTOKOLL 2[3]
Kommunstyrelsens arbetsutskott 2023-03-02

§ 20 Yttrande över detaljplan

Beslut
Arbetsutskottet ställer sig bakom yttrandet.
Socialnämnden 2022-04-14 Sida 3 av 3
"""


def test_a_header_with_its_page_number_is_furniture_with_the_line_beside_it():
    parsed = read_protocol("p.txt", COPIED_WITHOUT_PAGE_BREAKS.encode())

    assert [item.decision_points for item in parsed.items] == [
        ["att bevilja byalaget 85 000 kronor", "att medlen betalas ut mot redovisning."],
        ["Arbetsutskottet ställer sig bakom yttrandet."],
    ]
    removed = {text for _line, _page, _rule, text in parsed.ledger.furniture}
    assert "HEDÅS KOMMUN SAMMANTRÄDESPROTOKOLL 2[3]" in removed
    assert "Socialnämnden 2022-04-14 Sida 3 av 3" in removed


@pytest.mark.parametrize(
    "line", ["Sida 2 (2) Justerandes sign", "Regionstyrelsen | Protokoll | 2024-06-11 Sida 3 (5)"]
)
def test_a_line_ending_in_the_page_number_is_furniture(line):
    text = (
        f"§ 1 Budget\nEkonomichefen föredrar.\nFrågor besvaras.\nBeslut\nBudgeten antas.\n{line}\n"
    )
    parsed = read_protocol("p.txt", text.encode())

    assert parsed.items[0].decision_points == ["Budgeten antas."]


def test_prose_ending_in_a_number_in_parentheses_stays():
    parsed = read_protocol("p.txt", "§ 1 Budget\nEnligt kapitel 5 (7).\n".encode())

    assert "Enligt kapitel 5 (7)." in parsed.items[0].text


@pytest.mark.parametrize(
    "line", ["Ladda ner protokollet (pdf)", "Kontakta oss | Tillgänglighetsredogörelse | Om kakor"]
)
def test_a_web_pages_download_link_and_footer_are_furniture(line):
    parsed = read_protocol("p.txt", f"§ 1 Budget\nBudgeten antas.\n{line}\n".encode())

    assert line not in parsed.items[0].text
