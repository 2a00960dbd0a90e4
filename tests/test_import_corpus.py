"""The corpus: whole protocols as Swedish secretaries write them, and what they say.

Each tests/protocols/corpus/NAME.txt is a protocol in one of the forms of
/work/shared/PROTOCOL-FORMS.md (a classic cover page, § items, numbered items, the region's
bullet layout, flattened PDF text, page furniture on every page); NAME.json is what a
careful reader takes from it (tests/corpus_structure.py). No database.
"""

import re
from pathlib import Path

import pytest

from meetings.protocol_import import read_protocol
from tests.corpus_structure import CORPUS, expected, furniture, stored_texts, structure

TEXTS = sorted(CORPUS.glob("*.txt"))
#: A line break in any of the conventions a text file may use.
_LINE_BREAK = re.compile(r"\r\n|\r|\n")


def non_empty_lines(path: Path) -> int:
    text = path.read_bytes().decode("utf-8")
    return sum(1 for line in _LINE_BREAK.split(text) if line.strip())


def test_corpus_has_a_json_for_every_protocol_and_a_protocol_for_every_json():
    assert {path.stem for path in TEXTS} == {path.stem for path in CORPUS.glob("*.json")}
    assert len(TEXTS) >= 26


@pytest.mark.parametrize("path", TEXTS, ids=lambda path: path.stem)
def test_corpus_protocol_parses_to_its_expected_structure(path):
    parsed = read_protocol(path.name, path.read_bytes())

    assert structure(parsed) == expected(path)


@pytest.mark.parametrize("path", TEXTS, ids=lambda path: path.stem)
def test_corpus_protocol_stores_none_of_its_page_furniture(path):
    parsed = read_protocol(path.name, path.read_bytes())

    kept = [
        (mark, text) for text in stored_texts(parsed) for mark in furniture(path) if mark in text
    ]
    assert kept == []


@pytest.mark.parametrize("path", TEXTS, ids=lambda path: path.stem)
def test_corpus_protocol_ledger_accounts_for_every_non_empty_line(path):
    parsed = read_protocol(path.name, path.read_bytes())

    assert parsed.ledger.total == non_empty_lines(path)
