"""Interpreting an item: its decision in every common wording, motions and their outcome,
votes, reservations, adjusters and the chair."""

import pytest

from meetings.protocol_import import read_protocol


def item(body: str, head: str = "§ 5 Budget"):
    return read_protocol("p.txt", f"{head}\n{body}\n§ 6 Övrigt\nInga frågor.".encode()).items[0]


def parse(text: str):
    return read_protocol("p.txt", text.encode())


@pytest.mark.parametrize(
    "heading",
    ["Beslut", "Kommunstyrelsens beslut", "Nämndens beslut", "Socialnämnden beslutar", "Beslut:"],
)
def test_a_decision_is_found_under_each_common_heading(heading):
    assert item(f"{heading}\nBudgeten godkänns.").decision_points == ["Budgeten godkänns."]


def test_att_satser_are_each_a_point():
    points = item(
        "Barn- och utbildningsnämnden beslutar\natt godkänna uppföljningen,\n"
        "att uppdra åt förvaltningen att återkomma i september."
    ).decision_points

    assert points == [
        "att godkänna uppföljningen",
        "att uppdra åt förvaltningen att återkomma i september.",
    ]


def test_att_satser_on_the_heading_line_are_each_a_point():
    points = item(
        "Socialnämnden beslutar att godkänna rapporten, samt att lägga den till handlingarna."
    ).decision_points

    assert points == ["att godkänna rapporten", "att lägga den till handlingarna."]


def test_inline_numbered_points_are_each_a_point():
    points = item(
        "Beslut 1. Ann Ek utses att justera. 2. Per Bo utses att justera."
    ).decision_points

    assert points == ["Ann Ek utses att justera.", "Per Bo utses att justera."]


@pytest.mark.parametrize(
    "wording", ["Enligt förslaget.", "Bifall till förslaget.", "Nämnden beslutar enligt förslaget."]
)
def test_a_decision_as_proposed_takes_the_proposals_points(wording):
    parsed = item(
        f"Förslag till beslut\n1. Budgeten godkänns.\n2. Uppföljning i maj.\nBeslut\n{wording}"
    )

    assert parsed.decision_points == ["Budgeten godkänns.", "Uppföljning i maj."]


@pytest.mark.parametrize(
    "heading", ["Arbetsutskottets förslag", "Förvaltningens förslag till beslut"]
)
def test_a_proposal_is_found_under_its_other_headings(heading):
    assert item(f"{heading}\nBudgeten godkänns.").proposal_points == ["Budgeten godkänns."]


def test_the_proposition_order_decides_the_motions_outcome():
    parsed = item(
        "Yrkanden\nLena Hav (C) yrkar bifall till förslaget.\nSara Vik (V) yrkar avslag.\n"
        "Propositionsordning\nOrdföranden ställer proposition på bifall och avslag och finner "
        "att nämnden bifaller förslaget."
    )

    assert [(m.mover.name, m.outcome) for m in parsed.motions] == [
        ("Lena Hav", "adopted"),
        ("Sara Vik", "rejected"),
    ]


def test_a_motion_named_in_the_proposition_wins():
    parsed = item(
        "Anna Berg (M) yrkar att ärendet återremitteras.\n"
        "Jonas Ek (S) yrkar bifall till förslaget.\n"
        "Ordföranden ställer proposition på yrkandena och finner att nämnden beslutar "
        "enligt Anna Bergs yrkande."
    )

    assert [m.outcome for m in parsed.motions] == ["adopted", "rejected"]


@pytest.mark.parametrize(
    "sentence",
    [
        "Med 9 ja-röster mot 3 nej-röster och 1 som avstår beslutar nämnden att bifalla förslaget.",
        "Omröstningen utfaller med 9 ja-röster, 3 nej-röster, 1 avstår.",
        "Med nio ja-röster mot tre nej-röster och en som avstår bifaller nämnden förslaget.",
    ],
)
def test_a_votes_counts_are_read(sentence):
    vote = item(f"Votering\n{sentence}").votes[0]

    assert (vote.yes, vote.no, vote.abstain, vote.result) == (9, 3, 1, "yes")


def test_a_vote_table_gives_each_members_vote_and_the_counts():
    vote = item(
        "Omröstningsresultat\nNamn Ja Nej Avstår\n"
        "Karin Ek (S) Ja\nOlof Ström (M) Nej\nLena Hav (C) Ja"
    ).votes[0]

    assert [(mention.name, choice) for mention, choice in vote.ballots] == [
        ("Karin Ek", "yes"),
        ("Olof Ström", "no"),
        ("Lena Hav", "yes"),
    ]
    assert (vote.yes, vote.no, vote.abstain, vote.result) == (2, 1, 0, "yes")


X_MARKED_TABLE = """Votering
Ledamot                  Ja     Nej    Avstår
Anna Berg (S)            X
Per Lund (M)                    X
Eva Holm (C)                           x
Nils Ek (S)              X"""


def test_an_x_in_a_vote_table_counts_for_the_column_it_stands_under():
    vote = item(X_MARKED_TABLE).votes[0]

    assert [(mention.name, choice) for mention, choice in vote.ballots] == [
        ("Anna Berg", "yes"),
        ("Per Lund", "no"),
        ("Eva Holm", "abstain"),
        ("Nils Ek", "yes"),
    ]
    assert (vote.yes, vote.no, vote.abstain, vote.result) == (2, 1, 1, "yes")


def test_an_x_marked_ballot_is_written_out_in_the_minutes():
    assert "Per Lund (M) Nej" in item(X_MARKED_TABLE).text


def test_an_x_without_a_table_head_is_a_warning_not_a_vote():
    parsed = parse("§ 5 Budget\nVotering\nAnna Berg (S)      X\n§ 6 Övrigt\nInga frågor.")

    assert not any(vote.ballots for vote in parsed.items[0].votes)
    assert any("krysset står under ingen kolumn" in str(w) for w in parsed.warnings)


def test_a_reservation_by_two_members_is_two_reservations():
    parsed = item("Reservation\nSara Vik (V) och Nils Mo (KD) reserverar sig mot beslutet.")

    assert [reservation.mention.name for reservation in parsed.reservations] == [
        "Sara Vik",
        "Nils Mo",
    ]


def test_a_reservation_that_names_no_one_is_a_warning_naming_its_line():
    parsed = parse("§ 5 Budget\nDe borgerliga reserverar sig mot beslutet.\n§ 6 Övrigt\nInga.")

    assert parsed.items[0].reservations == []
    assert any(str(w).startswith("rad 2:") and "reservation" in str(w) for w in parsed.warnings)


def test_immediate_adjustment_is_marked_but_publishes_nothing():
    parsed = item("Beslut\nBudgeten godkänns.\nParagrafen justeras omedelbart.")

    assert parsed.adjusted_immediately
    assert not parsed.adjusted


@pytest.mark.parametrize(
    "sentence",
    [
        "Olof Ström (M) utses att jämte ordföranden justera protokollet.",
        "Olof Ström utses att tillsammans med ordföranden justera dagens protokoll.",
        "Val av justerare: Olof Ström",
        "Till justerare utses Olof Ström.",
    ],
)
def test_the_adjuster_is_read_from_each_common_sentence(sentence):
    parsed = parse(f"§ 1 Val av justerare\n{sentence}\n§ 2 Övrigt\nInga.")

    assert [mention.name for mention in parsed.adjusters] == ["Olof Ström"]


@pytest.mark.parametrize(
    "sentence",
    [
        "Ordföranden Karl-Erik Sundin (C) öppnar mötet.",
        "Ordföranden, Karl-Erik Sundin (C), hälsar alla välkomna.",
        "Karl-Erik Sundin, ordförande, öppnar sammanträdet.",
        "Karl-Erik Sundin (C), ordförande",
        "Mötet öppnas av ordföranden Karl-Erik Sundin.",
    ],
)
def test_the_chair_is_read_from_each_common_sentence(sentence):
    parsed = parse(f"§ 1 Mötets öppnande\n{sentence}\n§ 2 Övrigt\nInga.")

    assert parsed.chair.name == "Karl-Erik Sundin"


@pytest.mark.parametrize(
    "sentence",
    [
        "Kommunstyrelsen föreslår kommunfullmäktige besluta att anta planen.",
        "Socialnämnden informerar om läget.",
        "Arbetsutskottet föreslår att ärendet bordläggs.",
    ],
)
def test_an_organ_that_proposes_or_informs_is_no_presenter(sentence):
    assert item(sentence).presenters == []


def test_the_voting_order_gives_the_yes_and_the_no_proposal():
    vote = item(
        "Voteringsordning\nDen som vill bifalla arbetsutskottets förslag röstar ja.\n"
        "Den som vill avslå förslaget röstar nej.\n\nOmröstningsresultat\n"
        "Med 6 ja-röster mot 4 nej-röster bifaller kommunstyrelsen förslaget."
    ).votes

    assert len(vote) == 1
    assert (vote[0].yes_proposal, vote[0].no_proposal) == (
        "Bifalla arbetsutskottets förslag",
        "Avslå förslaget",
    )
    assert (vote[0].yes, vote[0].no, vote[0].result) == (6, 4, "yes")


@pytest.mark.parametrize(
    "sentence",
    [
        "Efter överläggning drar Jonas Strid (V) tillbaka sitt yrkande.",
        "Jonas Strid (V) drar under sammanträdet tillbaka sitt yrkande.",
        "Jonas Strid (V) drar sitt yrkande tillbaka.",
        "Jonas Strid (V) återtar sitt yrkande.",
    ],
)
def test_a_motion_withdrawn_in_any_word_order_is_withdrawn_and_not_rejected(sentence):
    parsed = item(
        "Yrkanden\nAnna Berg (C) yrkar bifall till förslaget.\n"
        f"Jonas Strid (V) yrkar att ärendet bordläggs.\n{sentence}\n\n"
        "Beslut\nNämnden antar riktlinjerna."
    )

    assert [(m.mover.name, m.outcome) for m in parsed.motions] == [
        ("Anna Berg", "adopted"),
        ("Jonas Strid", "withdrawn"),
    ]


def test_abstentions_in_a_sentence_of_their_own_are_counted():
    vote = item(
        "Omröstningsresultat\nMed 11 ja-röster mot 4 nej-röster bifaller nämnden förslaget.\n"
        "Två ledamöter avstår från att rösta."
    ).votes[0]

    assert (vote.yes, vote.no, vote.abstain) == (11, 4, 2)


def test_an_arendenummer_after_the_title_is_the_case_number():
    parsed = parse(
        "§ 3 Remissvar om regional utveckling Ärendenummer: RUN 2022-00456\nInformation.\n"
        "§ 4 Övrigt\nInga frågor."
    ).items[0]

    assert (parsed.title, parsed.case_number) == (
        "Remissvar om regional utveckling",
        "RUN 2022-00456",
    )


@pytest.mark.parametrize(
    "sentence",
    [
        "Ekonomichef Peter Nordin informerar om läget.",
        "Kommundirektör Peter Nordin föredrar ärendet.",
    ],
)
def test_a_title_before_a_presenters_name_is_the_title_not_the_name(sentence):
    presenter = item(sentence).presenters[0]

    assert presenter.name == "Peter Nordin"
    assert presenter.appositive in {"ekonomichef", "kommundirektör"}
