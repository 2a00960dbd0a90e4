"""Segmenting a classic protocol: where its items begin and what heads them."""

import pytest

from meetings.protocol_import import read_protocol


def parse(text: str):
    return read_protocol("p.txt", text.encode())


def heads(text: str) -> list[tuple[int | None, str]]:
    return [(item.number, item.title) for item in parse(text).items]


@pytest.mark.parametrize(
    "head",
    ["§ 12 Budget 2020", "§12 Budget 2020", "§ 12\nBudget 2020", "Paragraf 12 Budget 2020"],
)
def test_an_item_is_headed_by_its_paragraph_sign_in_every_common_form(head):
    assert heads(f"{head}\nNämnden godkänner budgeten.\n§ 13 Övrigt\nInga frågor.") == [
        (12, "Budget 2020"),
        (13, "Övrigt"),
    ]


@pytest.mark.parametrize(
    "text",
    [
        "§ 45 Dnr 2019/88 Motion om fler platser\nText.",
        "§ 45\nMotion om fler platser\nDnr 2019/88\nText.",
        "§ 45 Motion om fler platser\nDnr 2019/88\nText.",
    ],
)
def test_the_case_number_is_kept_apart_from_the_title(text):
    item = parse(text).items[0]

    assert (item.title, item.case_number) == ("Motion om fler platser", "2019/88")


def test_items_numbered_at_the_margin_are_told_apart_from_numbered_decision_points():
    text = (
        "1. Mötet öppnas\nOrdföranden öppnar mötet.\n"
        "2. Val av justerare\nBeslut\n1. Anna Berg utses att justera.\n"
        "3. Budget\nBeslut\n1. Nämnden godkänner budgeten.\n2. Nämnden uppdrar åt förvaltningen.\n"
        "4. Mötet avslutas\nOrdföranden avslutar mötet."
    )

    parsed = parse(text)

    assert [item.title for item in parsed.items] == [
        "Mötet öppnas",
        "Val av justerare",
        "Budget",
        "Mötet avslutas",
    ]
    assert parsed.items[2].decision_points == [
        "Nämnden godkänner budgeten.",
        "Nämnden uppdrar åt förvaltningen.",
    ]
    assert [item.number for item in parsed.items] == [None] * 4


def test_several_items_on_one_flattened_line_are_split():
    text = (
        "1 Justerare Eva Borg utses att justera. 2 Rapport från förvaltningen "
        "Förvaltningschefen informerar om läget. 3 Övrigt Inga övriga frågor."
    )

    assert [title for _number, title in heads(text)] == [
        "Justerare",
        "Rapport från förvaltningen",
        "Övrigt",
    ]


def test_a_line_wrapped_by_a_pdf_is_joined_and_a_hyphenated_word_made_whole():
    long = "Förvaltningen har tagit fram en uppföljning av budgeten för perioden januari till"
    wrapped = "april som visar ett underskott i hem-\ntjänsten."
    text = f"§ 1 Budget\n{long}\n{wrapped}\n§ 2 Övrigt\nInga."

    assert parse(text).items[0].text == f"{long} april som visar ett underskott i hemtjänsten."


def test_a_hyphen_before_och_is_kept():
    text = "§ 1 Vård\nRegionen redovisar läget för hälso-\noch sjukvården i länet.\n§ 2 Övrigt"

    assert "hälso- och sjukvården" in parse(text).items[0].text


def test_an_agenda_list_before_the_items_is_not_taken_for_them():
    text = (
        "Föredragningslista\n§ 1 Val av justerare\n§ 2 Budget\n§ 3 Övrigt\n"
        "§ 1 Val av justerare\nAnna Berg utses att justera.\n"
        "§ 2 Budget\nBudgeten godkänns.\n§ 3 Övrigt\nInga frågor."
    )

    parsed = parse(text)

    assert [item.number for item in parsed.items] == [1, 2, 3]
    assert all(item.text or item.decision_points for item in parsed.items)
    assert {rule for _l, _p, rule, _t in parsed.ledger.furniture} == {"föredragningslista"}


def test_the_signatures_after_the_last_item_are_not_part_of_its_minutes():
    text = (
        "§ 1 Övrigt\nInga frågor.\n"
        "Vid protokollet\nTor Ås\nJusteras\nKarin Ek, ordförande\nOlof Ström"
    )

    parsed = parse(text)

    assert parsed.items[0].text == "Inga frågor."
    assert (parsed.secretary.name, parsed.chair.name) == ("Tor Ås", "Karin Ek")
    assert [mention.name for mention in parsed.adjusters] == ["Olof Ström"]


def test_one_item_found_in_a_long_text_is_a_warning():
    text = "\n\n".join(f"Mening nummer {n} om något som hände." for n in range(50))

    warnings = [str(warning) for warning in parse(text).warnings]

    assert any("Bara en punkt hittades" in warning for warning in warnings)


def test_a_paragraph_reference_wrapped_to_the_start_of_a_line_heads_no_item():
    text = (
        "§ 40 Budget\nNämnden hänvisar till beslutet i\n§ 12 2019 om ramarna.\n§ 41 Övrigt\nInga."
    )

    assert [number for number, _title in heads(text)] == [40, 41]


def test_a_deciding_sentence_without_a_heading_is_the_items_decision():
    parsed = parse(
        "§ 3\nGodkännande av dagordning\nDagordningen godkänns.\n§ 4 Övrigt\nInga frågor."
    )

    assert parsed.items[0].decision_points == ["Dagordningen godkänns."]
    assert parsed.items[1].decision_points == []
