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
    """A motion (yrkande); `mover` is None when the chair ("Ordföranden") moved it."""

    mover: NameMention | None
    text: str
    line: int


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

    def warn(self, line: int | None, message: str) -> None:
        self.warnings.append(ProtocolWarning(line, message, self.unit))

    def error(self, message: str, line: int | None = None) -> ProtocolImportError:
        return ProtocolImportError(message, file=self.source, line=line, unit=self.unit)
