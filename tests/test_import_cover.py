"""The cover page of a classic protocol read into the meeting's fields."""

import datetime

import pytest

from meetings.protocol_import import read_protocol

COVER = """SAMMANTRÄDESPROTOKOLL
Socialnämnden                                   Sammanträdesdatum 2019-05-14
Plats och tid      Stadshuset, sal Älven, kl. 13.00-16.45
Beslutande         Karin Ek (S), ordförande
                   Olof Ström (M), vice ordförande
                   Lena Hav (c)
                   Per Dal (S), tjänstgörande ersättare för Ali Berg (S)
Ersättare          Sara Vik (V), Nils Mo (KD)
Övriga närvarande  Maja Lind, förvaltningschef; Tor Ås, sekreterare
Utses att justera  Olof Ström
Justeringens plats och tid   Stadshuset 2019-05-17
Underskrifter      Sekreterare ..........  Paragrafer 41-42
                   Tor Ås
ANSLAG/BEVIS
Protokollet är justerat. Justeringen har tillkännagivits genom anslag.
Datum då anslaget sätts upp  2019-05-20   Datum då anslaget tas ned  2019-06-11
Förvaringsplats för protokollet  Socialförvaltningen
§ 41 Val av justerare
Olof Ström utses att justera.
§ 42 Övrigt
Inga frågor.
"""


@pytest.fixture(scope="module")
def parsed():
    return read_protocol("sn.txt", COVER.encode())


def test_the_date_time_and_place_come_from_plats_och_tid(parsed):
    assert parsed.date == datetime.date(2019, 5, 14)
    assert (parsed.start_time, parsed.end_time) == (datetime.time(13), datetime.time(16, 45))
    assert parsed.place == "Stadshuset, sal Älven"


def test_the_attendance_lists_are_read_with_roles_and_parties(parsed):
    attendance = [(a.mention.name, a.role, a.mention.parenthesis) for a in parsed.attendance]

    assert attendance == [
        ("Karin Ek", "chair", "S"),
        ("Olof Ström", "member", "M"),
        ("Lena Hav", "member", "c"),
        ("Per Dal", "substitute", "S"),
        ("Sara Vik", "substitute", "V"),
        ("Nils Mo", "substitute", "KD"),
        ("Maja Lind", "official", ""),
        ("Tor Ås", "secretary", ""),
    ]
    assert parsed.attendance[3].substitute_for == "Ali Berg"


def test_the_chair_secretary_and_adjusters_are_named(parsed):
    assert parsed.chair.name == "Karin Ek"
    assert parsed.secretary.name == "Tor Ås"
    assert [mention.name for mention in parsed.adjusters] == ["Olof Ström"]


def test_the_adjustment_and_the_notice_dates_are_read(parsed):
    assert (parsed.adjustment_place, parsed.adjustment_date) == (
        "Stadshuset",
        datetime.date(2019, 5, 17),
    )
    assert parsed.posted_on == datetime.date(2019, 5, 20)
    assert parsed.taken_down_on == datetime.date(2019, 6, 11)
    assert parsed.paragraph_range == (41, 42)


def test_a_cover_saying_the_protocol_is_adjusted_is_evidence_only(parsed):
    assert [line for line, _text in parsed.adjustment_evidence] == [15]
    assert not any(item.adjusted for item in parsed.items)


def test_every_cover_line_is_given_structure(parsed):
    assert parsed.ledger.unrecognised == []


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("Plats och tid Kommunhuset, 14 maj 2019 kl 13-16.45", ("Kommunhuset", "13:00", "16:45")),
        ("Plats och tid Kommunhuset 08:30 - 18:15", ("Kommunhuset", "08:30", "18:15")),
        ("Tid och plats 2019-05-14 13:00-16:45, Rådhuset", ("Rådhuset", "13:00", "16:45")),
    ],
)
def test_place_and_time_in_their_common_forms(line, expected):
    parsed = read_protocol("p.txt", f"{line}\n§ 1 Övrigt\nInga frågor.".encode())

    times = (parsed.start_time.isoformat("minutes"), parsed.end_time.isoformat("minutes"))
    assert (parsed.place, *times) == expected


@pytest.mark.parametrize(
    "line",
    [
        "Plats och tid Digitalt sammanträde kl. 9.00-10.00",
        "Tid och plats 2019-05-14 9-10, Digitalt",
    ],
)
def test_digitalt_sammantrade_is_a_digital_meeting_without_a_place(line):
    parsed = read_protocol("p.txt", f"{line}\n§ 1 Övrigt\nInga.".encode())

    assert (parsed.place, parsed.is_digital) == ("", True)


def test_a_cover_line_no_label_explains_is_reported_unrecognised():
    parsed = read_protocol("p.txt", "Något helt annat här\n§ 1 Övrigt\nInga frågor.".encode())

    assert parsed.ledger.unrecognised == [(1, None, "Något helt annat här")]


SIDE_BY_SIDE = """SOCIALNÄMNDEN
Sammanträdesdatum 2021-09-14

Beslutande                               Övriga närvarande
Anna Berg (S), ordförande                Karin Holm, förvaltningschef
Per Lund (M), vice ordförande            Eva Sten, sekreterare
Lisa Ek (C)                              Olle Dahl, controller
Johan Nord (SD)

Justerare        Lisa Ek

§ 1   Val av justerare

Beslut
Lisa Ek utses att justera protokollet.
"""


def test_attendance_lists_side_by_side_are_read_column_by_column():
    parsed = read_protocol("p.txt", SIDE_BY_SIDE.encode())

    roles = {(entry.mention.name, entry.role) for entry in parsed.attendance}
    assert roles == {
        ("Anna Berg", "chair"),
        ("Per Lund", "member"),
        ("Lisa Ek", "member"),
        ("Johan Nord", "member"),
        ("Karin Holm", "official"),
        ("Eva Sten", "secretary"),
        ("Olle Dahl", "official"),
    }
    assert parsed.adjusters[0].name == "Lisa Ek"
