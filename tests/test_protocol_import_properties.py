"""Whatever it is fed, the importer either parses or refuses with its own clear error.

Random bytes, protocol-like text built from the parser's own vocabulary, and the seeds
with lines deleted, repeated, swapped, cut or spliced together: none may raise anything
but ProtocolImportError, and what parses must be importable as it stands.
"""

import datetime
import io

import docx
import pytest
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from meetings.models import AgendaItem, Meeting, Person
from meetings.protocol_import import (
    ParsedProtocol,
    ProtocolImportError,
    import_protocol,
    read_protocol,
)
from tests.seeds import SEEDS

SEED_TEXTS = [path.read_text() for path in sorted(SEEDS.glob("*.txt"))]

#: A modest number of examples keeps the suite fast; no example database on disk.
PROPERTY = hypothesis_settings(
    max_examples=200,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

VOCABULARY = [
    *("•", " • ", "  • ", "·", "  ·         ", "–", "- ", "§", "§ 0", "§ 46", "§ 999999"),
    *("Förslag till beslut", "Beslut", "Bilagor", "Sammanfattning", "Paragrafen är justerad"),
    *("1. ", "2.       ", "10) ", "Ordföranden yrkar att ", " yrkar på att ", "Ordföranden"),
    *("Tom Silverklo (C), ordförande, öppnar mötet", "(M)", "(RJH)", "(", ")", ", "),
    *("avslutar mötet ca kl. 16:30", "kl. 15.15", "kl. 99.99", "öppnar mötet kl. 17.00"),
    *(" går igenom ", " föredrar punkten", "Punkten föredras av ", " och ", " presenterar "),
    *("Elsy", "Elsy Bäckström", "Lena W-S", "Lena Weinstock-Sved", "Lena", "A B C D E F"),
    *("Hoppa över navigering", "Vi använder cookies", ".", "?", " ", "\xa0", "\t"),
    *("\n", "\n\n", "\r\n", "\r", "\u200b", "\ufeff", "bl.a. ", "p.g.a. ", "SVOM:s "),
]

protocol_like_text = st.lists(
    st.one_of(st.sampled_from(VOCABULARY), st.text(max_size=12)), max_size=80
).map("".join)


@st.composite
def mutated_seeds(draw) -> str:
    """A seed with a few lines deleted, repeated, swapped, cut short or taken from another."""
    lines = draw(st.sampled_from(SEED_TEXTS)).splitlines(keepends=True)
    for _ in range(draw(st.integers(min_value=1, max_value=8))):
        if not lines:
            break
        at = draw(st.integers(min_value=0, max_value=len(lines) - 1))
        change = draw(st.sampled_from(["delete", "repeat", "swap", "cut", "splice", "insert"]))
        if change == "delete":
            del lines[at]
        elif change == "repeat":
            lines.insert(at, lines[at])
        elif change == "swap":
            other = draw(st.integers(min_value=0, max_value=len(lines) - 1))
            lines[at], lines[other] = lines[other], lines[at]
        elif change == "cut":
            lines[at] = lines[at][: draw(st.integers(min_value=0, max_value=len(lines[at])))]
        elif change == "splice":
            lines[at:at] = draw(st.sampled_from(SEED_TEXTS)).splitlines(keepends=True)[at:]
        else:
            lines.insert(at, draw(st.sampled_from(VOCABULARY)) + "\n")
    return "".join(lines)


def parse_or_refuse(name: str, data: bytes) -> ParsedProtocol | None:
    try:
        parsed = read_protocol(name, data)
    except ProtocolImportError as error:
        refusal = str(error)
    else:
        assert_importable(parsed)
        return parsed
    assert refusal.startswith(name)
    return None


def assert_importable(parsed: ParsedProtocol) -> None:
    """What the parser hands on fits the models: positions, numbers, titles and points."""
    assert [item.position for item in parsed.items] == list(range(1, len(parsed.items) + 1))
    numbers = [item.number for item in parsed.items if item.number is not None]
    assert len(numbers) == len(set(numbers))
    assert all(0 < number < 2**31 for number in numbers)
    assert all(0 < len(item.title) <= 300 for item in parsed.items)
    assert all(point for item in parsed.items for point in item.decision_points)
    assert all(len(mention.name) <= 200 for item in parsed.items for mention in item.presenters)


@PROPERTY
@given(st.binary(max_size=2000))
def test_random_bytes_are_parsed_or_refused_cleanly(data):
    parse_or_refuse("slump.txt", data)


@PROPERTY
@given(protocol_like_text)
def test_protocol_like_text_is_parsed_or_refused_cleanly(text):
    parse_or_refuse("protokoll.txt", text.encode())


@PROPERTY
@given(mutated_seeds())
def test_mutated_seeds_are_parsed_or_refused_cleanly(text):
    parse_or_refuse("seed.txt", text.encode())


@PROPERTY
@given(mutated_seeds(), st.sampled_from(["cp1252", "utf-16", "latin-1"]))
def test_seeds_in_other_encodings_are_refused_or_parsed_cleanly(text, encoding):
    try:
        data = text.encode(encoding)
    except UnicodeEncodeError:
        return
    parse_or_refuse("kodning.txt", data)


def word_document(text: str) -> bytes:
    document = docx.Document()
    for line in text.splitlines():
        document.add_paragraph(line)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


VALID_DOCX = word_document(SEED_TEXTS[0])


@hypothesis_settings(PROPERTY, max_examples=50)
@given(st.lists(st.tuples(st.integers(0, len(VALID_DOCX) - 1), st.integers(0, 255)), max_size=20))
def test_damaged_word_files_are_parsed_or_refused_cleanly(changes):
    data = bytearray(VALID_DOCX)
    for at, value in changes:
        data[at] = value
    parse_or_refuse("skadat.docx", bytes(data))


@hypothesis_settings(PROPERTY, max_examples=50)
@given(protocol_like_text)
def test_protocol_like_text_in_word_is_parsed_or_refused_cleanly(text):
    try:
        data = word_document(text)
    except ValueError:  # XML cannot hold control characters; Word could not have them either
        return
    parse_or_refuse("protokoll.docx", data)


@pytest.mark.django_db
@hypothesis_settings(PROPERTY, max_examples=60)
@given(text=mutated_seeds())
def test_importing_mutated_seeds_fails_only_cleanly_and_dry_run_writes_nothing(svom, text):
    before = (Meeting.objects.count(), AgendaItem.objects.count(), Person.objects.count())
    parsed = parse_or_refuse("seed.txt", text.encode())
    if parsed is None:
        return
    refusal = "seed.txt"
    try:
        import_protocol(parsed, body=svom, date=datetime.date(2021, 12, 3), dry_run=True)
    except ProtocolImportError as error:
        refusal = str(error)
    assert refusal.startswith("seed.txt")
    assert (Meeting.objects.count(), AgendaItem.objects.count(), Person.objects.count()) == before
