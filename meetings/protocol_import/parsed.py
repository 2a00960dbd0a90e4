"""The parse result: plain dataclasses, no database, and the error that refuses a file."""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass, field

from decisions.models import Decision

#: Swedish parliamentary parties; anything else in parentheses after a name is looked up
#: as an organisation's short name (RJH, ÖSD, ...).
PARTIES = frozenset({"S", "M", "SD", "C", "V", "KD", "L", "MP", "FP"})

#: How alike two spellings must be (difflib ratio) to be reported as a possible match.
NEAR_MATCH_RATIO = 0.85

TITLE_LENGTH = 90


class ProtocolImportError(Exception):
    """A protocol file that cannot be imported, with the file and line it concerns."""

    def __init__(
        self, message: str, *, file: str = "", line: int | None = None, unit: str = "rad"
    ) -> None:
        self.message = message
        self.file = file
        self.line = line
        self.unit = unit
        super().__init__(str(self))

    def __str__(self) -> str:
        where = self.file
        if self.line:
            where = f"{where}, {self.unit} {self.line}" if where else f"{self.unit} {self.line}"
        return f"{where}: {self.message}" if where else self.message


@dataclass
class ProtocolWarning:
    """Something the importer did not fully understand, and where."""

    line: int | None
    message: str
    unit: str = "rad"

    def __str__(self) -> str:
        return f"{self.unit} {self.line}: {self.message}" if self.line else self.message


@dataclass
class NameMention:
    """A person's name as written, with what the text says about them."""

    name: str
    line: int
    parenthesis: str = ""  # "(C)" or "(RJH)": a party or an organisation
    appositive: str = ""  # ", Göteborgs universitet," or ", projektledare i ...,"


@dataclass
class ParsedMotion:
    """A motion (yrkande); `mover` is None when the chair ("Ordföranden") moved it.

    `outcome` is a `Motion.Outcome` value: what the proposition order (propositionsordning)
    or the vote says became of it, "undecided" when the text does not say.
    """

    mover: NameMention | None
    text: str
    line: int
    outcome: str = "undecided"


@dataclass
class ParsedVote:
    """A vote (votering): the counts, and each member's vote when the protocol lists them.

    `result` is a `Vote.Result` value ("yes" or "no") when the text says which side won.
    `ballots` pairs a member with a `Ballot.Choice` value ("yes", "no", "abstain").
    """

    line: int
    yes: int | None = None
    no: int | None = None
    abstain: int | None = None
    result: str = ""
    yes_proposal: str = ""
    no_proposal: str = ""
    ballots: list[tuple[NameMention, str]] = field(default_factory=list)


@dataclass
class ParsedReservation:
    """A member's reservation against the paragraph's decision."""

    mention: NameMention
    line: int
    text: str = ""


@dataclass
class ParsedAttendance:
    """A person named in the cover page's attendance lists, with an `Attendance.Role` value.

    `substitute_for` is the member a serving substitute stands in for, as written.
    """

    mention: NameMention
    role: str
    substitute_for: str = ""


@dataclass
class SourceLine:
    """One line of the file as read: its text, its line number and its page (PDF)."""

    text: str
    number: int
    page: int | None = None


@dataclass
class LineLedger:
    """Where every non-empty input line went: into the protocol, removed, or unrecognised.

    `furniture` holds (line, page, rule, text) for page furniture removed by a named rule
    (running headers and footers, page numbers, tables of contents, web chrome);
    `unrecognised` holds (line, page, text) for lines that are in no field of the model.
    """

    total: int = 0
    furniture: list[tuple[int, int | None, str, str]] = field(default_factory=list)
    unrecognised: list[tuple[int, int | None, str]] = field(default_factory=list)

    @property
    def structured(self) -> int:
        return self.total - len(self.furniture) - len(self.unrecognised)

    @property
    def structured_share(self) -> float:
        """The share of the content lines (furniture aside) that were given structure."""
        content = self.total - len(self.furniture)
        return self.structured / content if content else 1.0


@dataclass
class ParsedItem:
    """One paragraph of the protocol as the text has it."""

    position: int
    line: int
    number: int | None = None
    title: str = ""
    title_needs_review: bool = False
    paragraphs: list[tuple[str, int]] = field(default_factory=list)
    presenters: list[NameMention] = field(default_factory=list)
    proposal_points: list[str] = field(default_factory=list)
    decision_points: list[str] = field(default_factory=list)
    motions: list[ParsedMotion] = field(default_factory=list)
    attachments: list[str] = field(default_factory=list)
    adjusted: bool = False
    #: The diarienummer as written ("RS/2021/123", "SN 2019/112"), "" when none is given.
    case_number: str = ""
    votes: list[ParsedVote] = field(default_factory=list)
    reservations: list[ParsedReservation] = field(default_factory=list)
    #: "Paragrafen justeras omedelbart": adjusted at the meeting (still only with --adjusted).
    adjusted_immediately: bool = False

    @property
    def text(self) -> str:
        """The minutes: paragraphs apart by a blank line, list entries on their own lines."""
        out = ""
        for index, (paragraph, _line) in enumerate(self.paragraphs):
            if index:
                previous = self.paragraphs[index - 1][0]
                out += "\n" if paragraph.startswith("– ") and previous.startswith("– ") else "\n\n"
            out += paragraph
        return out

    @property
    def decision_kind(self) -> str:
        """The kind of decision the points read as, for the decision register."""
        text = " ".join(self.decision_points or self.proposal_points).lower()
        if "rekommendera" in text:
            return Decision.Kind.RECOMMENDATION
        if "bordl" in text:
            return Decision.Kind.POSTPONED
        if "remiss" in text:
            return Decision.Kind.REFERRAL
        points = self.decision_points or self.proposal_points
        if all(re.search(r"tagit del av|noterar|noteras", point.lower()) for point in points):
            return Decision.Kind.INFORMATION_NOTED
        return Decision.Kind.DECISION


@dataclass
class ParsedProtocol:
    """What one file holds: its paragraphs, the chair, the times and the warnings."""

    source: str
    unit: str = "rad"
    items: list[ParsedItem] = field(default_factory=list)
    chair: NameMention | None = None
    start_time: datetime.time | None = None
    end_time: datetime.time | None = None
    full_names: list[str] = field(default_factory=list)
    warnings: list[ProtocolWarning] = field(default_factory=list)
    # What the cover page (or the text) says of the meeting; None / "" / [] when it does not.
    date: datetime.date | None = None
    date_line: int | None = None
    place: str = ""
    is_digital: bool = False
    secretary: NameMention | None = None
    adjusters: list[NameMention] = field(default_factory=list)
    attendance: list[ParsedAttendance] = field(default_factory=list)
    #: "Justeringens plats och tid": where and when the adjustment is planned.
    adjustment_place: str = ""
    adjustment_date: datetime.date | None = None
    #: The ANSLAG/BEVIS block: when the protocol was adjusted, posted and taken down.
    adjusted_on: datetime.date | None = None
    posted_on: datetime.date | None = None
    taken_down_on: datetime.date | None = None
    #: "Paragrafer 41–52" on the cover page.
    paragraph_range: tuple[int, int] | None = None
    #: Lines saying the protocol is adjusted ("Protokollet är justerat", ANSLAG/BEVIS):
    #: evidence for the operator, never acted on by itself.
    adjustment_evidence: list[tuple[int, str]] = field(default_factory=list)
    pages: int = 0
    ledger: LineLedger = field(default_factory=LineLedger)

    def warn(self, line: int | None, message: str) -> None:
        self.warnings.append(ProtocolWarning(line, message, self.unit))

    def error(self, message: str, line: int | None = None) -> ProtocolImportError:
        return ProtocolImportError(message, file=self.source, line=line, unit=self.unit)
