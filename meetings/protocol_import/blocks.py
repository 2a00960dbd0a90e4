"""Segmenting the region's web layout (bullets, lines wrapped with a trailing space)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from .cleaning import join_wrapped, normalise

# Both layouts become the same sequence of blocks (meetings.protocol_import.layout makes
# them for a classic protocol): "item" starts a paragraph ("•"), "sub" is a list entry
# inside one, "numbered" a numbered line, "heading" a heading ("§ 46", a numbered
# heading), "text" anything else.


@dataclass
class Block:
    """One heading, list entry or paragraph of text, and where it starts."""

    kind: str
    text: str
    line: int
    number: int | None = None
    #: The line as read, spacing kept, where a table's columns matter (a vote's X marks).
    raw: str = ""


_BULLET = "•"
_SUB_MARKERS = ("·", "▪", "◦", "○", "*", "-", "–")
_NUMBERED = re.compile(r"^(\d{1,3})[.)]\s+(\S.*)$")
_PARAGRAPH_SIGN = re.compile(r"^§\s*(\d{1,6})\b[.:]?\s*(.*)$")


def _text_blocks(text: str) -> list[Block]:
    raw_lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    lines: list[tuple[int, int, str, bool]] = []  # line number, indent, text, soft wrap
    for number, raw in enumerate(raw_lines, start=1):
        cleaned = raw.replace("\t", " ")
        stripped = normalise(cleaned)  # page chrome is already blank (cleaning)
        indent = len(cleaned) - len(cleaned.lstrip(" \u00a0"))
        # The region's pages wrap long lines with a space at the end of each but the last.
        soft_wrap = bool(raw) and raw[-1] in " \u00a0\t"
        lines.append((number, indent, stripped, soft_wrap))

    # The next line with text after each line, found in one pass from the end.
    next_content: list[tuple[int, int, str, bool] | None] = [None] * len(lines)
    upcoming = None
    for index in range(len(lines) - 1, -1, -1):
        next_content[index] = upcoming
        if lines[index][2]:
            upcoming = lines[index]

    bullet_indents = [indent for _n, indent, text, _s in lines if text.startswith(_BULLET)]
    top = min(bullet_indents, default=0)
    first_content = next((i for i, (_n, _i, text, _s) in enumerate(lines) if text), None)

    blocks: list[Block] = []
    current: Block | None = None
    joinable = False
    for index, (number, indent, text, soft_wrap) in enumerate(lines):
        if not text:
            current, joinable = None, False
            continue
        following = next_content[index]
        numbered = _NUMBERED.match(text)
        if text.startswith(_BULLET) or (
            # "·" or "▪" where the items' "•" stand is an item's bullet too.
            bullet_indents and text[:1] in "·▪" and text[1:2] == " " and indent <= top
        ):
            kind = "item" if indent <= top else "sub"
            current = Block(kind, text[1:].strip(), number)
        elif text.startswith(_SUB_MARKERS) and text[1:2] == " ":
            current = Block("sub", text[1:].strip(), number)
        elif _PARAGRAPH_SIGN.match(text):
            current = Block("heading", text, number)
        elif numbered and following and following[1] > indent and len(text) <= 150:
            # "  1. Sammanträdestider SVOM 2021" over a more indented body is a heading.
            current = Block("heading", numbered[2], number)
        elif numbered:
            current = Block("numbered", numbered[2], number, int(numbered[1]))
        elif current is not None and (joinable or current.kind == "numbered"):
            current.text = join_wrapped(current.text, text)
            joinable = soft_wrap
            continue
        elif (
            index == first_content
            and not bullet_indents
            and len(text) <= 150
            and not text.endswith((".", ",", ";", ":", "!", "?"))
            and (following is None or lines[index + 1][2] == "")
        ):
            # A protocol of one paragraph opens with its title, as seed 000 does.
            current = Block("heading", text, number)
        else:
            current = Block("text", text, number)
        blocks.append(current)
        joinable = soft_wrap and current.kind in {"text", "numbered", "item", "sub"}
    return blocks
