"""Interpreting: blocks become paragraphs with their decisions, motions and attachments."""

from __future__ import annotations

import re

from .blocks import _PARAGRAPH_SIGN, _SUB_MARKERS, Block, _text_blocks
from .cleaning import clean_lines, split_lines
from .cleaning import normalise as _normalise
from .cover import label_of, read_cover
from .decisions import interpret, promote_unheaded_decisions
from .layout import content_lines, is_classic, segment
from .parsed import NameMention, ParsedItem, ParsedProtocol, ParsedVote
from .sections import AS_PROPOSED, section_of
from .sentences import _NAME, _derived_title, _name_list, _read_people_and_times, add_full_names

_CASE = r"[A-ZÅÄÖ]{0,8}[\s/-]?\d{2,6}(?:[/.:-]\d{1,6}){0,4}(?:[/.:-]?[A-Z]{1,4})?"
_CASE_NUMBER = re.compile(
    rf"^(?:dnr|diarienummer|diarienr|ärendenummer)\.?\s*:?\s*(?P<number>{_CASE})\s*(?P<rest>.*)$",
    re.IGNORECASE,
)
#: A case number alone under the title ("VON 2018/0034", "RUN/230198"), or after it in
#: parentheses ("Motion om cykelvägar (KS 2020/123)").
_BARE_CASE_NUMBER = re.compile(r"^[A-ZÅÄÖ]{2,8}(?:\s|/|-)?\d{2,6}(?:[/.:-]\d{1,6}){0,4}$")
_CASE_IN_TITLE = re.compile(
    r"\s*\((?:dnr\.?\s*)?(?P<number>[A-ZÅÄÖ]{1,8}[\s/-]?\d{2,4}[/.:-]\d[^)]{0,20})\)$", re.I
)
_INLINE_POINT = re.compile(r"(?:^|(?<=[.;:])\s+)(\d{1,2})[.)]\s+")
_ATT_SPLIT = re.compile(r"(?:^|[,;]\s*(?:samt\s+|och\s+)?|\s+(?:samt|och)\s+)(?=att\s)")
#: What ends an att-sats before the next: "," ";" ", samt" " och".
_ATT_END = re.compile(r"(?:\s*[,;])?(?:\s+(?:samt|och))?\s*[,;]?$")
_BALLOT = re.compile(
    rf"^(?P<who>{_NAME}(?:\s*\([^()]{{1,30}}\))?)\s*[,:]?\s+"
    r"(?P<choice>ja|nej|avstår|avstod|avstående|x(?=\s*$))\s*$",
    re.IGNORECASE,
)
_POINTS_INTRODUCED = re.compile(
    r"(?:besluta|beslutar|beslutade|föreslås\s+besluta|följande)\s*(?:att)?\s*:?$", re.I
)
_TABLE_HEAD = re.compile(r"^(?:namn|ledamot|ledamöter|ledamot/ersättare|ordinarie)\b", re.I)
_CHOICES = {
    "ja": "yes",
    "nej": "no",
    "avstår": "abstain",
    "avstod": "abstain",
    "avstående": "abstain",
}

#: A ballot marked with an X, written out in the minutes.
_SAID = {"yes": "Ja", "no": "Nej", "abstain": "Avstår"}


def _keyword(text: str) -> str | None:
    """The kind of item part a whole line heads ("Beslut", "Bilagor"), for the web layout."""
    section = section_of(text)
    return section[0] if section and not section[1] else None


class _Builder:
    """Walks the blocks and collects paragraphs; one instance per file."""

    def __init__(self, parsed: ParsedProtocol, classic: bool = False) -> None:
        self.parsed = parsed
        #: A classic protocol heads each part: the lines under Beslut, up to the next
        #: heading, are all the decision's.
        self.classic = classic
        self.item: ParsedItem | None = None
        self.fresh = False  # the item's bullet was just read: it has no content yet
        self.section: str | None = None
        self.pending_title = False
        self.attachments_named = True
        self.attachments_line = 0
        self.as_proposed: tuple[str, int] | None = None
        self.vote: ParsedVote | None = None
        #: The columns of the vote table's head, for ballots marked with an X.
        self.ballot_columns: dict[int, str] = {}

    def new_item(self, line: int) -> ParsedItem:
        self.close_item()
        self.item = ParsedItem(position=len(self.parsed.items) + 1, line=line)
        self.parsed.items.append(self.item)
        self.section, self.pending_title, self.fresh = None, False, True
        self.attachments_named = True
        self.as_proposed, self.vote = None, None
        return self.item

    def close_item(self) -> None:
        item = self.item
        if item is None:
            return
        if not self.attachments_named:
            item.attachments.append("Bilagor (namnen saknas i protokolltexten)")
            self.parsed.warn(
                self.attachments_line,
                f"Punkt {item.position} nämner bilagor utan att namnge dem; "
                "en bilaga utan fil skapas. Ladda upp filerna i admin.",
            )
        if self.pending_title:
            self.parsed.warn(item.line, f"§ {item.number} saknar rubrik.")
        if self.as_proposed and not item.decision_points:
            # "Enligt förslaget": the proposal's points are the decision's.
            item.decision_points = list(item.proposal_points) or [self.as_proposed[0]]
        self.pending_title = False

    def feed(self, block: Block) -> None:
        kind, text = block.kind, block.text
        if kind == "item":
            self.new_item(block.line)
            if text:
                inner = "heading" if _PARAGRAPH_SIGN.match(text) else "text"
                self.feed(Block(inner, text, block.line))
            return
        if kind == "heading":
            self.heading(block)
            return
        section = section_of(text) if kind == "text" else None
        if section:
            self.keyword(section[0], section[1], text, block.line)
            return
        item = self.item or self.new_item(block.line)
        if kind == "text" and not item.case_number and (dnr := _CASE_NUMBER.match(text)):
            item.case_number = dnr["number"].strip()
            if not dnr["rest"]:
                return
            text = dnr["rest"]
        bare_case = kind == "text" and _BARE_CASE_NUMBER.match(text)
        if bare_case and not item.case_number and not item.paragraphs and not self.pending_title:
            item.case_number = text
            return
        if self.pending_title and kind == "text":
            item.title, self.pending_title, self.fresh = _title_case(text), False, False
            return
        self.fresh = False
        if self.section == "vote" and _TABLE_HEAD.match(text):
            self.ballot_columns = _choice_columns(block.raw)
        if (
            self.section == "vote"
            and (ballot := _BALLOT.match(text))
            and not _TABLE_HEAD.match(text)
        ):
            self.ballot(ballot, block.line, block.raw)
            return
        if kind == "text" and AS_PROPOSED.match(text) and re.search(r"\bbeslutar\b", text):
            # "Regionstyrelsen beslutar enligt förslaget.", heading or none.
            self.section = "decision"
        if self.section in {"proposal", "decision"}:
            points = item.proposal_points if self.section == "proposal" else item.decision_points
            if self.section == "decision" and AS_PROPOSED.match(text) and not points:
                self.as_proposed = (text, block.line)
                return
            if kind == "text" and _POINTS_INTRODUCED.search(text) and not points:
                # "Kommunstyrelsen föreslår kommunfullmäktige besluta": the att-satser follow.
                item.paragraphs.append((_normalise(text), block.line))
                return
            if kind in {"numbered", "sub", "att"} or not points or self.classic:
                if block.number is not None and block.number != len(points) + 1:
                    self.parsed.warn(
                        block.line,
                        f"Punkten är numrerad {block.number} men är punkt {len(points) + 1} i "
                        "ordningen och sparas så.",
                    )
                self.add_points(points, text, kind)
                return
            self.section = None
        if self.section == "attachments":
            if kind in {"numbered", "sub"} or (len(text) <= 200 and not text.endswith(".")):
                item.attachments.append(text[:300])
                self.attachments_named = True
                return
            self.section = None
        if kind == "numbered":
            text = f"{block.number or len(item.paragraphs) + 1}. {text}"
        elif kind == "sub":
            text = f"– {text}"
        elif text.startswith(_SUB_MARKERS) and text[1:2] == " ":
            text = f"– {text[2:].strip()}"
        item.paragraphs.append((_normalise(text), block.line))

    def add_points(self, points: list[str], text: str, kind: str) -> None:
        """One point, or the several an inline list or att-satser hold."""
        text = _normalise(text)
        if kind != "numbered" and len(pieces := _split_inline(text)) > 1:
            points.extend(pieces)
        elif kind == "att" or (kind == "text" and text.startswith("att ")):
            points.extend(_split_inline(text) or [text])
        else:
            points.append(text)

    def heading(self, block: Block) -> None:
        text = block.text
        section = section_of(text)
        if section and not _PARAGRAPH_SIGN.match(text):
            self.keyword(section[0], section[1], text, block.line)
            return
        sign = _PARAGRAPH_SIGN.match(text)
        item = self.item
        if not (item is not None and self.fresh and item.number is None and not item.title):
            item = self.new_item(block.line)
        self.fresh = False
        title = sign[2] if sign else text
        if dnr := _CASE_NUMBER.match(title):
            item.case_number, title = dnr["number"].strip(), dnr["rest"]
        elif dnr := _CASE_IN_TITLE.search(title):
            item.case_number, title = dnr["number"].strip(), title[: dnr.start()]
        elif dnr := re.search(
            r"\s+(?:dnr|diarienummer|diarienr|ärendenummer|ärendenr)\.?\s*:?\s*(\S+(?:\s\d{4}\S*)?)$",
            title,
            re.I,
        ):
            item.case_number, title = dnr[1], title[: dnr.start()]
        if sign:
            number = int(sign[1])
            if number == 0:
                raise self.parsed.error("§ 0 är inget giltigt paragrafnummer.", block.line)
            item.number = number
        label, colon, names = title.partition(": ")
        if colon and len(label) <= 40 and _name_list(names.rstrip(". "), block.line):
            # "1. Val av justerare: Olof Ström": the title, and a sentence of the minutes.
            title = label
            item.paragraphs.append((_normalise(f"{label}: {names}"), block.line))
        if title.strip():
            item.title = _title_case(title)
        else:
            self.pending_title = True

    def keyword(self, keyword: str, rest: str, text: str, line: int) -> None:
        item = self.item or self.new_item(line)
        self.fresh = False
        if keyword == "adjusted":
            item.adjusted = True
            self.parsed.adjustment_evidence.append((line, text))
            self.section = None
        elif keyword == "immediate":
            item.adjusted_immediately = True
            item.paragraphs.append((_normalise(text), line))
            self.section = None
        elif keyword == "summary":
            self.section = None
        elif keyword == "other":
            lowered = text.lower()
            self.section = "vote" if re.match(r"votering|omröstning", lowered) else "other"
            heading = text[: len(text) - len(rest)].strip() if rest else text
            item.paragraphs.append((_normalise(heading), line))
            if rest:
                # "Yrkanden Nils Kron (M) yrkar ...": the heading, then its first sentence.
                self.feed(Block("text", rest, line))
        elif keyword == "decision" and re.search(
            r"\bbeslutar\b", text[: len(text) - len(rest)], re.I
        ):
            self.organ_decides(item, text, rest, line)
        else:
            self.section = keyword
            if keyword == "attachments":
                self.attachments_named, self.attachments_line = False, line
            elif rest:
                self.feed(Block("text", rest, line))

    def organ_decides(self, item: ParsedItem, text: str, rest: str, line: int) -> None:
        """ "Socialnämnden beslutar" (att-satser follow), "... beslutar att A, att B", or a
        whole sentence ("Nämnden beslutar i enlighet med förslaget i bilagan")."""
        if self.section == "proposal" and not item.proposal_points:
            # Under Förslag till beslut these are the proposal's own words.
            points = item.proposal_points
        else:
            self.section, points = "decision", item.decision_points
        if not rest:
            return
        if self.section == "decision" and AS_PROPOSED.match(text) and not points:
            self.as_proposed = (text, line)
        elif rest.startswith("att ") and len(_split_inline(rest)) > 1:
            points.extend(_split_inline(rest))
        else:
            points.append(_normalise(text))

    def ballot(self, match: re.Match, line: int, raw: str = "") -> None:
        item = self.item
        assert item is not None
        if self.vote is None:
            self.vote = ParsedVote(line)
            item.votes.append(self.vote)
        who = re.match(r"(?P<name>.+?)\s*(?:\((?P<party>[^()]+)\))?$", match["who"].strip())
        assert who is not None
        mention = NameMention(who["name"], line, (who["party"] or "").strip())
        choice = _CHOICES.get(match["choice"].lower())
        if choice is None:  # an X under the head's Ja, Nej or Avstår
            choice = _marked_column(raw, self.ballot_columns)
        if choice is None:
            self.parsed.warn(
                line, f"{mention.name}s röst kunde inte läsas: krysset står under ingen kolumn."
            )
            item.paragraphs.append((_normalise(match[0]), line))
            return
        self.vote.ballots.append((mention, choice))
        written = match[0] if match["choice"].lower() != "x" else f"{match['who']} {_SAID[choice]}"
        item.paragraphs.append((_normalise(written), line))


def _choice_columns(raw: str) -> dict[int, str]:
    """Where a vote table's head ("Ledamot   Ja   Nej   Avstår") puts each choice."""
    return {
        match.start(): _CHOICES[match[0].lower()]
        for match in re.finditer(r"\b(?:ja|nej|avstår|avstod)\b", raw, re.IGNORECASE)
    }


def _marked_column(raw: str, columns: dict[int, str]) -> str | None:
    """The choice whose column the line's X stands under (the nearest head word)."""
    mark = re.search(r"\b[xX]\s*$", raw)
    if not (mark and columns):
        return None
    return columns[min(columns, key=lambda start: abs(start - mark.start()))]


def _split_inline(text: str) -> list[str]:
    """ "1. Ann Ek utses. 2. Per Bo utses." or "att A, att B samt att C" as their points."""
    numbered = list(_INLINE_POINT.finditer(text))
    if len(numbered) > 1 and numbered[0].start() == 0:
        numbers = [int(match[1]) for match in numbered]
        if numbers == list(range(1, len(numbers) + 1)):
            ends = [match.start() for match in numbered[1:]] + [len(text)]
            return [text[m.end() : end].strip() for m, end in zip(numbered, ends, strict=True)]
    if text.startswith("att "):
        pieces = [piece for piece in _ATT_SPLIT.split(text) if piece.strip()]
        return [_ATT_END.sub("", piece.strip()) for piece in pieces]
    return []


def _title_case(text: str) -> str:
    """A title as written, with a spaced hyphen made the en dash Swedish typography uses."""
    title = _normalise(text).replace(" - ", " – ").rstrip(" .:")
    if len(title) > 300:
        title = title[:299].rsplit(" ", 1)[0] + "…"
    return title or "Utan rubrik"


def parse_text(text: str, source: str = "") -> ParsedProtocol:
    """Parse the text of a protocol page (or a plain text file) into paragraphs."""
    parsed = ParsedProtocol(source=source)
    lines = clean_lines(split_lines(text), parsed)
    content = content_lines(lines)
    classic = is_classic(content)
    if classic:
        cover, signatures, blocks = segment(content, parsed)
        read_cover(cover, parsed)
        read_cover(signatures, parsed)
    else:
        texts = [line.text for line in lines]
        if not any(text.lstrip().startswith("•") for text in texts):
            # "·" or "▪" as the only bullets are the items' bullets.
            texts = [re.sub(r"^(\s*)[·▪](?=\s)", r"\1•", text) for text in texts]
        first = next((i for i, text in enumerate(texts) if re.match(r"\s*[•·▪]\s", text)), 0)
        above = content_lines(lines[:first])
        if any(label_of(line.text) for line in above):
            # What a portal page says above its bullets: "Datum: ...", "Plats: ...".
            read_cover(above, parsed)
            texts[:first] = [""] * first
        blocks = _text_blocks("\n".join(texts))
    return _parse_blocks(parsed, blocks, classic=classic)


def _parse_blocks(
    parsed: ParsedProtocol, blocks: list[Block], classic: bool = False
) -> ParsedProtocol:
    builder = _Builder(parsed, classic)
    for block in blocks:
        builder.feed(block)
    builder.close_item()
    if not parsed.items:
        raise parsed.error("Filen innehåller inget protokoll: ingen text att importera.")
    if len(parsed.items) > 32000:
        raise parsed.error("Filen har fler än 32 000 punkter; dela upp den.")
    seen: dict[int, int] = {}
    for item in parsed.items:
        if item.number is not None:
            if item.number in seen:
                raise parsed.error(
                    f"§ {item.number} förekommer två gånger (även på {parsed.unit} "
                    f"{seen[item.number]}).",
                    item.line,
                )
            seen[item.number] = item.line
    _read_people_and_times(parsed)
    if classic:
        promote_unheaded_decisions(parsed)
    interpret(parsed)
    add_full_names(parsed)
    if len(parsed.items) == 1 and parsed.ledger.structured > 40:
        parsed.warn(
            None,
            f"Bara en punkt hittades i {parsed.ledger.structured} rader: protokollets "
            "uppställning kändes inte igen. Granska det innan det sparas.",
        )
    for item in parsed.items:
        if not item.title:
            item.title, item.title_needs_review = _derived_title(item)
    return parsed
