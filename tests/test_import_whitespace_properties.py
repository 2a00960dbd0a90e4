"""White space and bullets a protocol can be written with do not change what it says.

A corpus protocol is rewritten as another program might have saved it: other line
endings, spaces and tabs at the ends of lines, wider gaps where the text already has a
gap of two or more spaces (a wider gap between columns is the same table), a no-break
space in place of a space between two words, an extra blank line where there already is
one (a paragraph without a blank line in it is never split), and another bullet ("•",
"·", "▪", the same throughout) where a line starts with one and a space. It must parse
to the same structure.
"""

import functools
import random
import re
from pathlib import Path

from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from meetings.protocol_import import read_protocol
from tests.corpus_structure import CORPUS, structure

TEXTS = sorted(CORPUS.glob("*.txt"))
BULLETS = ("•", "·", "▪")

#: A modest number of examples keeps the suite fast; no example database on disk.
PROPERTY = hypothesis_settings(
    max_examples=60,
    deadline=None,
    # The same examples on every run: CI must not pass or fail by chance.
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.too_slow],
)

_LINE_BREAK = re.compile(r"\r\n|\r|\n")
#: A bullet at the start of a line (a web page's text may put one space before it).
_BULLET = re.compile(r"^( ?)[•·▪](?= )")
#: A gap of two or more spaces between two pieces of text: a column's edge.
_GAP = re.compile(r"(?<=\S) {2,}(?=\S)")
#: A single space between two pieces of text.
_SPACE = re.compile(r"(?<=\S) (?=\S)")


@functools.cache
def parsed_structure(path: Path) -> dict:
    return structure(read_protocol(path.name, path.read_bytes()))


def is_blank(line: str) -> bool:
    """An empty line, or one of spaces and tabs only; a page break ("\\f") is not blank."""
    return not line.strip(" \t\u00a0")


def rewrite_line(line: str, rng: random.Random, share: float, bullet: str = "•") -> str:
    """The line with its bullet changed and about `share` of its gaps widened, of its spaces
    made no-break and of the lines given white space at the end."""

    def chance() -> bool:
        return rng.random() < share

    line = _BULLET.sub(lambda match: match[1] + bullet, line)
    line = _GAP.sub(lambda gap: gap[0] + " " * rng.randint(1, 3) if chance() else gap[0], line)
    line = _SPACE.sub(lambda _space: "\u00a0" if chance() else " ", line)
    if chance():
        line += rng.choice((" ", "\t", "  ", " \t "))
    return line


@st.composite
def rewritten_protocols(draw) -> tuple[Path, str]:
    """A corpus protocol and its text rewritten without changing its meaning."""
    path = draw(st.sampled_from(TEXTS))
    rng = draw(st.randoms(use_true_random=False))
    share = draw(st.sampled_from((0.0, 0.1, 0.5, 1.0)))
    ending = draw(st.sampled_from(("\n", "\r\n", "\r")))
    lines = _LINE_BREAK.split(path.read_bytes().decode("utf-8"))
    # One program writes one bullet throughout a page.
    bullet = draw(st.sampled_from(BULLETS))
    out: list[str] = []
    for line in lines:
        out.append(rewrite_line(line, rng, share, bullet))
        if is_blank(line) and rng.random() < share:
            out.append("")
    return path, ending.join(out)


@PROPERTY
@given(rewritten_protocols())
def test_corpus_protocol_rewritten_in_other_white_space_parses_the_same(protocol):
    path, text = protocol

    parsed = read_protocol(path.name, text.encode("utf-8"))

    assert structure(parsed) == parsed_structure(path)
