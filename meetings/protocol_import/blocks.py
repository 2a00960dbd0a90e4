"""Segmenting: text and Word documents become the same sequence of blocks."""

from __future__ import annotations

import re
from dataclasses import dataclass

from docx.opc.constants import RELATIONSHIP_TYPE

from .parsed import ParsedProtocol

# Both formats become the same sequence of blocks, so that one parser gives them the same
# structure: "item" starts a paragraph ("•" or a Word bullet), "sub" is a list entry
# inside one, "numbered" a numbered line, "heading" a heading ("§ 46", a Word heading, a
# numbered heading), "text" anything else.


@dataclass
class Block:
    """One heading, list entry or paragraph of text, and where it starts."""

    kind: str
    text: str
    line: int
    number: int | None = None


_CHROME = re.compile(r"^(hoppa över navigering|hoppa till (huvud)?innehållet?|vi använder cookies)")
_SPACES = re.compile(r"[ \t\u00a0\u2000-\u200a\u202f\u205f\u3000]+")
_INVISIBLE = re.compile(r"[\u200b\u200c\u200d\u2060\ufeff\x00-\x08\x0b-\x1f\x7f]")
_BULLET = "•"
_SUB_MARKERS = ("·", "▪", "◦", "○", "*", "-", "–")
_NUMBERED = re.compile(r"^(\d{1,3})[.)]\s+(\S.*)$")
_PARAGRAPH_SIGN = re.compile(r"^§\s*(\d{1,6})\b[.:]?\s*(.*)$")


def _normalise(text: str) -> str:
    return _SPACES.sub(" ", _INVISIBLE.sub("", text)).strip()


def _join_wrapped(before: str, after: str) -> str:
    """A wrapped line joined to the one before, a word hyphenated across them made whole."""
    hyphenated = before[-1:] in "-‐" and before[-2:-1].isalpha() and after[:1].islower()
    if hyphenated and not re.match(r"(?:och|eller|samt|respektive|till)\b", after):
        return before[:-1] + after
    return f"{before} {after}"


def _text_blocks(text: str) -> list[Block]:
    raw_lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    lines: list[tuple[int, int, str, bool]] = []  # line number, indent, text, soft wrap
    for number, raw in enumerate(raw_lines, start=1):
        cleaned = _INVISIBLE.sub("", raw).replace("\t", " ")
        stripped = _SPACES.sub(" ", cleaned).strip()
        if _CHROME.match(stripped.lower()):
            stripped = ""
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
            current.text = _join_wrapped(current.text, text)
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


def _docx_blocks(document, parsed: ParsedProtocol) -> list[Block]:
    blocks: list[Block] = []
    numbering = _docx_numbering_formats(document)
    for number, paragraph in enumerate(document.paragraphs, start=1):
        text = _normalise(paragraph.text)
        if not text or _CHROME.match(text.lower()):
            continue
        style = (paragraph.style.name if paragraph.style is not None else "") or ""
        if re.match(r"(heading|rubrik|title)\b", style, re.IGNORECASE):
            blocks.append(Block("heading", text, number))
            continue
        list_format, level = _docx_list_format(paragraph, style, numbering)
        if list_format == "bullet":
            blocks.append(Block("item" if level == 0 else "sub", text, number))
        elif list_format == "number":
            blocks.append(Block("numbered", text, number))
        elif text.startswith(_BULLET):
            blocks.append(Block("item", text[1:].strip(), number))
        elif match := _NUMBERED.match(text):
            blocks.append(Block("numbered", match[2], number, int(match[1])))
        else:
            blocks.append(Block("text", text, number))
    if document.tables:
        parsed.warn(None, f"Dokumentet har {len(document.tables)} tabell(er) som inte importeras.")
    return blocks


def _docx_numbering_formats(document) -> dict[tuple[str, str], str]:
    """(numId, level) -> numFmt ("bullet", "decimal", ...) from the numbering part."""
    try:
        # Read the part if the document has one; python-docx's numbering_part property
        # would try to create a missing one, which it does not support.
        root = document.part.part_related_by(RELATIONSHIP_TYPE.NUMBERING).element
    except KeyError:
        return {}
    w = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
    abstract: dict[str, dict[str, str]] = {}
    for definition in root.iter(f"{w}abstractNum"):
        levels = abstract.setdefault(definition.get(f"{w}abstractNumId"), {})
        for level in definition.iter(f"{w}lvl"):
            fmt = level.find(f"{w}numFmt")
            levels[level.get(f"{w}ilvl")] = fmt.get(f"{w}val") if fmt is not None else ""
    formats = {}
    for num in root.iter(f"{w}num"):
        reference = num.find(f"{w}abstractNumId")
        if reference is not None:
            for level, fmt in abstract.get(reference.get(f"{w}val"), {}).items():
                formats[(num.get(f"{w}numId"), level)] = fmt
    return formats


def _docx_list_format(paragraph, style: str, numbering: dict) -> tuple[str | None, int]:
    """("bullet" | "number" | None, level) from the paragraph's numbering or its style."""
    lowered = style.lower()
    level = 1 if re.search(r"\s[2-9]$", style) else 0
    properties = paragraph._p.pPr
    num = properties.numPr if properties is not None else None
    if num is not None and num.numId is not None:
        level = int(num.ilvl.val) if num.ilvl is not None else level
        fmt = numbering.get((str(num.numId.val), str(level)), "")
        if fmt == "bullet":
            return "bullet", level
        if fmt:
            return "number", level
    if "bullet" in lowered or "punktlista" in lowered:
        return "bullet", level
    if "number" in lowered or "numrerad" in lowered:
        return "number", level
    # A custom style may carry the numbering itself, or inherit it.
    inherited = paragraph.style
    while inherited is not None:
        properties = inherited.element.pPr
        num = properties.numPr if properties is not None else None
        if num is not None and num.numId is not None:
            fmt = numbering.get((str(num.numId.val), "0"), "")
            return ("bullet" if fmt == "bullet" else "number" if fmt else None), level
        inherited = inherited.base_style
    return None, level
