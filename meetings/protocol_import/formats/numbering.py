"""Word's list numbers and indentation as Word shows them, for the text of a paragraph.

Word counts a list per abstract numbering definition, not per list instance (numId):
instances that share a definition continue one count, and an instance that overrides a
level's start (Word's "Börja om på 1") restarts that level where it first appears. A
level restarts whenever a higher level is used. The number is shown as the level's text
says ("%1." -> "3.", "%1.%2" -> "3.1"); a bullet as "•".
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from docx.opc.constants import RELATIONSHIP_TYPE

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
#: One space of text for this much indentation (twips): an eighth of an inch, so that
#: Word's list levels (a quarter inch apart) are two spaces apart.
TWIPS_PER_SPACE = 180
_LIST_LEVEL = re.compile(r"\s([2-9])$")
_BULLET_STYLES = ("bullet", "punktlista")
_NUMBER_STYLES = ("number", "numrerad")


@dataclass
class Shown:
    """What precedes a paragraph's text: its list marker and its indentation in spaces."""

    marker: str = ""
    first: int = 0  # before the first line (where the marker stands)
    rest: int = 0  # before the lines after a line break


@dataclass
class _Level:
    format: str = "decimal"
    text: str = "%1."
    start: int = 1
    style: str | None = None
    indent: dict[str, int] = field(default_factory=dict)


@dataclass
class _Style:
    name: str = ""
    based_on: str | None = None
    num_id: str | None = None
    level: int | None = None
    indent: dict[str, int] = field(default_factory=dict)


class Numbering:
    """The document's numbering and styles, and the list counters as the text runs."""

    def __init__(self, document: Any) -> None:
        self.abstracts: dict[str, dict[int, _Level]] = {}
        #: numId -> (abstractNumId, {level: start override})
        self.nums: dict[str, tuple[str, dict[int, int]]] = {}
        self.styles: dict[str, _Style] = {}
        self.default_style: str | None = None
        self.counters: dict[str, dict[int, int]] = {}
        self.seen: set[str] = set()
        self.by_style_name: dict[str, int] = {}
        self._read_styles(document)
        self._read_numbering(document)

    def show(self, p: Any) -> Shown:
        """The marker Word shows before paragraph `p` ("2. ", "• ", "") and its indentation."""
        properties = p.find(f"{W}pPr")
        style_element = properties.find(f"{W}pStyle") if properties is not None else None
        style_id = style_element.get(f"{W}val") if style_element is not None else None
        chain = list(self._style_chain(style_id or self.default_style))
        indent: dict[str, int] = {}
        for style in reversed(chain):
            indent.update(style.indent)
        marker, level = self._marker(properties, style_id or self.default_style, chain)
        if level is not None:
            indent.update(level.indent)
        indent.update(_indent(properties))
        if marker and not indent:
            # A list style without a definition: two spaces a level, as Word's own.
            name = chain[0].name.lower() if chain else ""
            depth = int(match[1]) - 1 if (match := _LIST_LEVEL.search(name)) else 0
            return Shown(marker, 2 * depth, 2 * depth)
        left = indent.get("left", 0)
        first = left + indent.get("firstLine", 0) - indent.get("hanging", 0)
        return Shown(marker, _spaces(first), _spaces(left))

    def _marker(self, properties, style_id: str | None, chain: list[_Style]):
        num_id, level = _num_pr(properties)
        for style in chain:
            num_id = style.num_id if num_id is None else num_id
            level = style.level if level is None else level
        if num_id == "0":
            return "", None  # the list style's numbering removed from this paragraph
        if num_id is None or num_id not in self.nums:
            return self._marker_by_style_name(chain[0].name.lower() if chain else ""), None
        self.by_style_name.clear()
        abstract_id, overrides = self.nums[num_id]
        levels = self.abstracts.get(abstract_id, {})
        if level is None:
            # A style's list: the level is the one that names the style (Heading 2 -> 1).
            level = next((ilvl for ilvl, lvl in levels.items() if lvl.style == style_id), 0)
        definition = levels.get(level)
        if definition is None:
            return "", None
        counters = self.counters.setdefault(abstract_id, {})
        if num_id not in self.seen:
            self.seen.add(num_id)
            for overridden in overrides:
                counters.pop(overridden, None)

        def start(ilvl: int) -> int:
            return overrides.get(ilvl, levels.get(ilvl, _Level()).start)

        counters[level] = counters[level] + 1 if level in counters else start(level)
        for deeper in [ilvl for ilvl in counters if ilvl > level]:
            del counters[deeper]
        if definition.format == "bullet":
            shown = "•"
        elif definition.format == "none":
            shown = ""
        else:
            shown = re.sub(
                r"%([1-9])",
                lambda m: _number(
                    counters.get(int(m[1]) - 1, start(int(m[1]) - 1)),
                    levels.get(int(m[1]) - 1, _Level()).format,
                ),
                definition.text,
            ).strip()
        return (f"{shown} " if shown else ""), definition

    def _marker_by_style_name(self, name: str) -> str:
        """A list style without a numbering definition, as some converters write it."""
        if any(word in name for word in _BULLET_STYLES):
            return "• "
        if any(word in name for word in _NUMBER_STYLES):
            count = self.by_style_name.get(name, 0) + 1
            self.by_style_name = {name: count}
            return f"{count}. "
        self.by_style_name.clear()
        return ""

    def _style_chain(self, style_id: str | None) -> Iterator[_Style]:
        for _ in range(20):  # basedOn may loop in a damaged file
            style = self.styles.get(style_id) if style_id else None
            if style is None:
                return
            yield style
            style_id = style.based_on

    def _read_styles(self, document: Any) -> None:
        try:
            root = document.styles.element
        except Exception:  # a document without a styles part: no list styles either
            return
        for style in root.iter(f"{W}style"):
            style_id = style.get(f"{W}styleId")
            properties = style.find(f"{W}pPr")
            num_id, level = _num_pr(properties)
            self.styles[style_id] = _Style(
                _val(style, "name") or "",
                _val(style, "basedOn"),
                num_id,
                level,
                _indent(properties),
            )
            if style.get(f"{W}type") == "paragraph" and style.get(f"{W}default") in ("1", "true"):
                self.default_style = style_id

    def _read_numbering(self, document: Any) -> None:
        try:
            # Read the part if the document has one; python-docx's numbering_part property
            # would try to create a missing one, which it does not support.
            root = document.part.part_related_by(RELATIONSHIP_TYPE.NUMBERING).element
        except KeyError:
            return
        links: dict[str, str] = {}
        for definition in root.iter(f"{W}abstractNum"):
            abstract_id = definition.get(f"{W}abstractNumId")
            levels = self.abstracts.setdefault(abstract_id, {})
            for lvl in definition.iter(f"{W}lvl"):
                levels[_int(lvl.get(f"{W}ilvl"))] = _Level(
                    _val(lvl, "numFmt") or "decimal",
                    _val(lvl, "lvlText") or "",
                    _int(_val(lvl, "start"), 1),
                    _val(lvl, "pStyle"),
                    _indent(lvl.find(f"{W}pPr")),
                )
            if (link := _val(definition, "numStyleLink")) is not None:
                links[abstract_id] = link
        for num in root.iter(f"{W}num"):
            overrides = {}
            for override in num.iter(f"{W}lvlOverride"):
                if (restart := _val(override, "startOverride")) is not None:
                    overrides[_int(override.get(f"{W}ilvl"))] = _int(restart, 1)
            self.nums[num.get(f"{W}numId")] = (_val(num, "abstractNumId") or "", overrides)
        # A list defined by a numbering style: its levels are those of the style's list.
        for abstract_id, style_id in links.items():
            linked = self.styles.get(style_id)
            if linked is not None and linked.num_id in self.nums:
                target = self.nums[linked.num_id][0]
                self.abstracts[abstract_id] = self.abstracts.get(target, {})


def _val(element, tag: str) -> str | None:
    child = element.find(f"{W}{tag}") if element is not None else None
    return child.get(f"{W}val") if child is not None else None


def _int(value: str | None, default: int = 0) -> int:
    try:
        return int(value) if value is not None else default
    except ValueError:
        return default


def _num_pr(properties) -> tuple[str | None, int | None]:
    num = properties.find(f"{W}numPr") if properties is not None else None
    if num is None:
        return None, None
    level = _val(num, "ilvl")
    return _val(num, "numId"), _int(level) if level is not None else None


def _indent(properties) -> dict[str, int]:
    """The paragraph properties' indentation in twips: left, hanging, firstLine."""
    ind = properties.find(f"{W}ind") if properties is not None else None
    if ind is None:
        return {}
    indent = {}
    for name, attributes in (
        ("left", ("left", "start")),
        ("hanging", ("hanging",)),
        ("firstLine", ("firstLine",)),
    ):
        for attribute in attributes:
            if (value := ind.get(f"{W}{attribute}")) is not None:
                indent[name] = _int(value)
                break
    return indent


def _spaces(twips: int) -> int:
    return max(0, round(twips / TWIPS_PER_SPACE))


_ROMAN = [(1000, "m"), (900, "cm"), (500, "d"), (400, "cd"), (100, "c"), (90, "xc")]
_ROMAN += [(50, "l"), (40, "xl"), (10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i")]


def _number(value: int, fmt: str) -> str:
    """A counter as the level's number format shows it."""
    if fmt in ("lowerLetter", "upperLetter") and value > 0:
        letters = ""
        while value > 0:
            value, rest = divmod(value - 1, 26)
            letters = chr(ord("a") + rest) + letters
        return letters.upper() if fmt == "upperLetter" else letters
    if fmt in ("lowerRoman", "upperRoman") and 0 < value < 4000:
        roman = ""
        for amount, numeral in _ROMAN:
            count, value = divmod(value, amount)
            roman += numeral * count
        return roman.upper() if fmt == "upperRoman" else roman
    if fmt == "decimalZero":
        return f"{value:02d}"
    return str(value)
