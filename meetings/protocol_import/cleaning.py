"""Cleaning: the text's lines, with page furniture removed and every removal counted.

A PDF repeats its running header and footer on every page (the body's name,
"SAMMANTRÄDESPROTOKOLL", the date, "Sida 3 (12)", "Justerandes sign"); a web page adds
its navigation; a protocol may open with a table of contents. None of that is minutes.
`clean_lines` keeps the file's line numbering (a removed line becomes an empty line) so
that every later warning still names the line a person sees in the file, and records each
removal in the ledger with the rule that removed it.
"""

from __future__ import annotations

import re
from collections import Counter

from .parsed import ParsedProtocol, SourceLine
from .sections import section_of

#: Characters that render as nothing, and control characters other than tab and newline.
_INVISIBLE = re.compile(r"[\u00ad\u200b\u200c\u200d\u2060\ufeff\x00-\x08\x0b\x0e-\x1f\x7f]")
_LIGATURES = str.maketrans(
    # Ligatures spelled out; the Unicode hyphens a PDF breaks words with made plain.
    {"ﬁ": "fi", "ﬂ": "fl", "ﬀ": "ff", "ﬃ": "ffi", "ﬄ": "ffl", "ﬅ": "st", "‐": "-", "‑": "-"}
)
_SPACES = re.compile(r"[ \t\u00a0\u2000-\u200a\u202f\u205f\u3000]+")

#: Rules for lines that are furniture wherever they stand, by the name the report gives.
FURNITURE_RULES: tuple[tuple[str, re.Pattern[str]], ...] = (
    (
        "sidnummer",
        re.compile(
            r"^(?:sida\s+)?\d{1,4}\s*(?:\(\s*\d{1,4}\s*\)|\[\s*\d{1,4}\s*\]|av\s+\d{1,4}|/\s*\d{1,4})$"
            r"|^sida\s+\d{1,4}$",
            re.IGNORECASE,
        ),
    ),
    (
        "signaturrad",
        re.compile(
            r"^(?:justerandes?\s+sign(?:atur)?\.?|justerares?\s+sign(?:atur)?\.?"
            r"|ordförandens?\s+sign(?:atur)?\.?|utdragsbestyrkande|signatur(?:er)?"
            r"|[._…\-–\s]{5,})"
            r"(?:\s+(?:justerandes?\s+sign(?:atur)?\.?|utdragsbestyrkande|[._…\s]{3,}))*$",
            re.IGNORECASE,
        ),
    ),
    (
        "webbnavigering",
        re.compile(
            r"^(?:hoppa över navigering|hoppa till (?:huvud)?innehållet?"
            r"|vi använder (?:kakor|cookies)\b.*"
            r"|.*\b(?:kakor|cookies)\b.*\b(?:godkänn|acceptera|läs mer)\b.*|till toppen"
            r"|din position:.*|du är här:.*|mötesinformation|skriv ut|dela(?: sidan)?"
            r"|senast (?:uppdaterad|ändrad|granskad)\b.*|sidansvarig\b.*|publicerad:? \d.*"
            r"|ladda ner(?: som pdf| protokollet| hela protokollet)?(?: \(pdf\))?"
            r"|.*\|.*\b(?:kakor|cookies|tillgänglighetsredogörelse|kontakta oss)\b.*"
            r"|(?:hem|start)\s*(?:>|›|»)\s*.+)$",
            re.IGNORECASE,
        ),
    ),
    ("kommentar", re.compile(r"^(?:<!--.*-->|#(?!\d).*|//.*)$")),
    ("fortsättningsrubrik", re.compile(r"^§\s*\d{1,4}\s*\(?forts(?:\.|ättning|\b)\)?\.?$", re.I)),
    (
        "utdragsbestyrkande",
        re.compile(r"^(?:att\s+)?utdraget\s+överensstämmer\b.*$|^.*\bbestyrkes\s+av\b.*$", re.I),
    ),
    ("innehållsförteckning", re.compile(r"^.{2,}?(?:\s*\.){4,}\s*\d{1,4}$|^.{2,}?\s…+\s*\d{1,4}$")),
)
#: Lines that head a document and repeat on its pages: furniture once seen before.
_HEADER_WORDS = re.compile(
    r"^(?:sammanträdesprotokoll|protokoll|mötesprotokoll|protokollsutdrag)$", re.IGNORECASE
)
_TABLE_OF_CONTENTS = re.compile(r"^(?:innehållsförteckning|innehåll)$", re.IGNORECASE)
#: How many lines at the top and the bottom of a page can be a running header or footer.
_EDGE = 4


def normalise(text: str) -> str:
    """One line's text: invisible characters out, ligatures spelled, spaces single."""
    return _SPACES.sub(" ", _INVISIBLE.sub("", text).translate(_LIGATURES)).strip()


#: The words after a line-end hyphen that keep it: "Hälso- och sjukvård".
_KEEP_HYPHEN_BEFORE = ("och ", "eller ", "samt ", "respektive ", "resp. ", "till ")


def join_wrapped(before: str, after: str) -> str:
    """A line joined to the one it was wrapped from, a word hyphenated across them made
    whole ("hem-" + "tjänsten"), the hyphen kept before "och" and before a capital."""
    if before.endswith("-") and before[-2:-1].isalpha():
        if after[:1].islower() and not after.startswith(_KEEP_HYPHEN_BEFORE):
            return before[:-1] + after
        if after.startswith(_KEEP_HYPHEN_BEFORE) or not after[:1].isalnum():
            return f"{before} {after}"
        return before + after
    return f"{before} {after}"


def split_lines(text: str) -> list[SourceLine]:
    """The file's lines, numbered from 1, with the page each is on (a form feed turns it)."""
    page = 1
    lines = []
    raw_lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    for number, raw in enumerate(raw_lines, start=1):
        if "\f" in raw:
            page += raw.count("\f")
            raw = raw.replace("\f", "")
        lines.append(SourceLine(raw, number, page))
    return lines


def clean_lines(lines: list[SourceLine], parsed: ParsedProtocol) -> list[SourceLine]:
    """The lines with furniture blanked out (and counted in `parsed.ledger`).

    The raw text of a kept line is kept as it was (its indent and trailing space carry
    the region's layout); a removed line's text becomes "".
    """
    parsed.pages = max((line.page or 1 for line in lines), default=1)
    paged = parsed.pages > 1
    texts = [normalise(line.text) for line in lines]
    parsed.ledger.total = sum(1 for text in texts if text)
    paged_lines = lines if paged else _pages_at_page_numbers(lines, texts)
    running = _repeated_heads(texts) | (
        _running_lines(paged_lines, texts) if paged_lines else set()
    )
    seen_headers: set[str] = set()
    in_contents = False
    kept: list[SourceLine] = []
    top = {index for index, text in enumerate(texts) if text}
    top = set(sorted(top)[:_EDGE])
    for index, (line, text) in enumerate(zip(lines, texts, strict=True)):
        rule = _rule(text, running, seen_headers, index in top) if text else None
        if text and _TABLE_OF_CONTENTS.match(text):
            rule, in_contents = "innehållsförteckning", True
        elif in_contents and text:
            if rule is None and _looks_like_contents_entry(text):
                rule = "innehållsförteckning"
            elif rule is None:
                in_contents = False
        if rule:
            parsed.ledger.furniture.append((line.number, line.page if paged else None, rule, text))
            kept.append(SourceLine("", line.number, line.page))
        else:
            kept.append(line)
    return kept


#: A line that ends in the page's number: "Socialnämnden 2022-04-14 Sida 4 av 4",
#: "HEDÅS KOMMUN SAMMANTRÄDESPROTOKOLL 3[4]", "Regionstyrelsen | Protokoll | 2024-06-11
#: Sida 3 (5)", "Sida 2 (2) Justerandes sign".
_NUMBERED_PAGE_LINE = re.compile(
    r"^(?P<head>.{0,120}?)[\s|,–-]*(?P<sida>sida\s+)?(?P<page>\d{1,3})\s*"
    r"(?:\((?P<of>\d{1,3})\)|\[(?P<of_bracket>\d{1,3})\]|av\s+(?P<of_words>\d{1,3}))"
    r"(?:\s+(?:justerandes?\s+sign\w*\.?|utdragsbestyrkande|[._…]{3,}))*\s*$",
    re.IGNORECASE,
)


def _is_page_line(text: str) -> bool:
    """A header or footer that carries the page number, told apart from prose that ends in
    parentheses by the word "Sida", square brackets, or the date or name of a protocol."""
    match = _NUMBERED_PAGE_LINE.match(text)
    if not match:
        return False
    total = match["of"] or match["of_bracket"] or match["of_words"]
    head = match["head"]
    if int(match["page"]) > int(total) or head.endswith((".", ":", ";")):
        return False
    return bool(
        match["sida"]
        or match["of_bracket"]
        or not head
        or re.search(r"\d{4}-\d{2}-\d{2}|protokoll", head, re.IGNORECASE)
    )


def _rule(text: str, running: set[str], seen_headers: set[str], at_top: bool) -> str | None:
    for name, pattern in FURNITURE_RULES:
        if pattern.match(text):
            return name
    key = _key(text)
    if _is_page_line(text):
        # The document's own header, with the date in it, is the cover's date line.
        if not (at_top and re.search(r"\d{4}", text)) or key in seen_headers:
            return "sidhuvud eller sidfot"
        seen_headers.add(key)
        return None
    if key in running:
        # The first page's copy of a header with the date in it is the cover's date line.
        if key in seen_headers or not re.search(r"\d{4}", text):
            return "sidhuvud eller sidfot"
        seen_headers.add(key)
    if _HEADER_WORDS.match(text):
        return "dokumentrubrik"
    return None


def _key(text: str) -> str:
    """A line as a running header repeats it: the page numbers in it may differ."""
    return re.sub(r"\d+", "#", text.casefold())


def _running_lines(lines: list[SourceLine], texts: list[str]) -> set[str]:
    """Lines standing at the same place at the top or bottom of at least half of the
    pages (and of two or more): a running header or footer."""
    pages: dict[int, list[str]] = {}
    for line, text in zip(lines, texts, strict=True):
        if text:
            pages.setdefault(line.page or 1, []).append(text)
    counts: Counter[tuple[int, str]] = Counter()
    for page_texts in pages.values():
        edge = min(_EDGE, max(2, len(page_texts) // 4))
        places = [
            *enumerate(page_texts[:edge]),
            *((-1 - i, t) for i, t in enumerate(reversed(page_texts[-edge:]))),
        ]
        counts.update({(place, _key(text)) for place, text in places if _may_run(text)})
    needed = max(2, (len(pages) + 1) // 2)
    return {key for (_place, key), count in counts.items() if count >= needed}


def _pages_at_page_numbers(lines: list[SourceLine], texts: list[str]) -> list[SourceLine]:
    """Text copied from a PDF without its page breaks, paged again where its page numbers
    stand ("3[4]" in a header starts a page, "Sida 2 av 4" in a footer ends one), so that
    the header lines beside the number are found as running lines; [] without two."""
    numbered = [index for index, text in enumerate(texts) if text and _is_page_line(text)]
    if len(numbered) < 2:
        return []
    first_content = [index for index, text in enumerate(texts) if text][:_EDGE]
    starts_page = numbered[0] in first_content
    paged, page = [], 1
    for index, line in enumerate(lines):
        if starts_page and index in numbered and index != numbered[0]:
            page += 1
        paged.append(SourceLine(line.text, line.number, page))
        if not starts_page and index in numbered:
            page += 1
    return paged


def _repeated_heads(texts: list[str]) -> set[str]:
    """In text copied from a PDF without its page breaks: the document's first lines
    (its header: the municipality, the body, the date) where they come again further
    down."""
    content = [
        text
        for text in texts
        if text and not any(pattern.match(text) for _name, pattern in FURNITURE_RULES)
    ]
    heads = {_key(text) for text in content[:4] if _may_run(text)}
    counts = Counter(_key(text) for text in content)
    return {key for key in heads if counts[key] >= 2}


def _may_run(text: str) -> bool:
    """Whether a line can be a running header: not an item's head or a part's heading
    ("Beslut" may well open the top of two pages)."""
    if len(text) > 120 or text.endswith(".") or section_of(text):
        return False
    return not re.match(
        r"^(?:[•·▪◦*–-]|§|paragraf\s+\d|\d+[.)]?\s|att\s|dnr|diarienummer)", text, re.I
    )


def _looks_like_contents_entry(text: str) -> bool:
    """ "§ 62 Budget 4", "3. Val av justerare .... 2": a title and the page it is on."""
    return bool(re.match(r"^(?:§\s*)?\d{1,4}\.?\s+\S.*?\s\d{1,4}$", text))
