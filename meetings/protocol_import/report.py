"""Reporting: what an import created, or would create, and every warning with its line."""

from __future__ import annotations

import datetime
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from meetings.models import (
    Body,
    Meeting,
)

from .parsed import LineLedger, ParsedItem, ParsedProtocol, ParsedVote, ProtocolWarning

#: Below this share of content lines given structure the preview asks for a review of the
#: unrecognised lines before the protocol is adjusted.
LOW_STRUCTURE_SHARE = 0.8

#: How many unrecognised lines the command's text preview lists before it only counts.
UNRECOGNISED_SHOWN = 30


@dataclass
class UnrecognisedLine:
    """A line of the file that is in no field of the model, and where it stands."""

    line: int
    page: int | None
    text: str
    unit: str = "rad"

    @property
    def where(self) -> str:
        where = f"{self.unit} {self.line}"
        return f"sida {self.page}, {where}" if self.page else where

    def __str__(self) -> str:
        return f"{self.where}: {self.text}"


@dataclass
class MotionPreview:
    """A motion as the import will write it: who moved what, and what became of it."""

    mover: str
    text: str
    outcome: str  # the outcome's label: "Bifallet", "Ej avgjort", ...


@dataclass
class ItemPreview:
    """A paragraph as the import will write it, for the preview."""

    item: ParsedItem
    presenters: list[str]
    motions: list[MotionPreview]
    action: str  # "new", "replaced", or "kept" (an adjusted paragraph already there)
    reservations: list[str] = field(default_factory=list)

    @property
    def votes(self) -> list[str]:
        """Each vote's counts and result, in words."""
        return [_tally(vote) for vote in self.item.votes]


@dataclass
class ImportReport:
    """What an import did, or with `dry_run` would do: the preview."""

    parsed: ParsedProtocol
    body: Body
    date: datetime.date
    dry_run: bool
    meeting_existed: bool = False
    replaced: bool = False
    meeting: Meeting | None = None
    chair: str = ""
    secretary: str = ""
    adjusters: list[str] = field(default_factory=list)
    #: The cover page's attendance: each role's label with the names listed in it.
    attendance: list[tuple[str, list[str]]] = field(default_factory=list)
    items: list[ItemPreview] = field(default_factory=list)
    new_people: list[str] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        return self.meeting is not None

    @property
    def warnings(self) -> list[ProtocolWarning]:
        return sorted(self.parsed.warnings, key=lambda warning: warning.line or 0)

    @property
    def ledger(self) -> LineLedger:
        return self.parsed.ledger

    @property
    def furniture_counts(self) -> dict[str, int]:
        """The lines removed as page furniture, per rule, most first."""
        counts = Counter(rule for _line, _page, rule, _text in self.ledger.furniture)
        return dict(sorted(counts.items(), key=lambda pair: (-pair[1], pair[0])))

    @property
    def ledger_counts(self) -> dict[str, Any]:
        """Where the file's lines went: in total, furniture per rule, structured, unrecognised."""
        ledger = self.ledger
        return {
            "total": ledger.total,
            "furniture": self.furniture_counts,
            "structured": ledger.structured,
            "unrecognised": len(ledger.unrecognised),
            "structured_share": round(ledger.structured_share, 3),
        }

    @property
    def unrecognised_share(self) -> float:
        """The share of the content lines (furniture aside) that nothing could read."""
        return 1.0 - self.ledger.structured_share

    def unrecognised_lines(self) -> list[UnrecognisedLine]:
        """Each line no stage of the importer could place, in the file's order."""
        return [
            UnrecognisedLine(line, page, text, self.parsed.unit)
            for line, page, text in sorted(
                self.ledger.unrecognised, key=lambda entry: (entry[1] or 0, entry[0])
            )
        ]

    @property
    def structured_percent(self) -> int:
        """The structured share as a whole percentage, rounded down, so that a share just
        under the limit never reads as the limit."""
        return int(self.ledger.structured_share * 100)

    @property
    def low_structure_warning(self) -> str:
        """A request to review the unrecognised lines when too few lines got structure."""
        if self.ledger.structured_share >= LOW_STRUCTURE_SHARE:
            return ""
        return (
            f"Bara {self.structured_percent} % av raderna kunde ges struktur; granska de ej "
            "igenkända raderna nedan innan protokollet justeras."
        )

    @property
    def warning_count(self) -> int:
        """The parser's warnings and the low-structure warning, if any."""
        return len(self.warnings) + bool(self.low_structure_warning)

    @property
    def written(self) -> list[ItemPreview]:
        return [preview for preview in self.items if preview.action != "kept"]

    @property
    def counts(self) -> dict[str, int]:
        written = self.written
        return {
            "paragraphs": len(written),
            "numbered": sum(1 for preview in written if preview.item.number),
            "presenters": len({name for preview in written for name in preview.presenters}),
            "proposal_points": sum(len(preview.item.proposal_points) for preview in written),
            "decision_points": sum(len(preview.item.decision_points) for preview in written),
            "motions": sum(len(preview.motions) for preview in written),
            "attachments": sum(len(preview.item.attachments) for preview in written),
            "titles_to_review": sum(1 for p in written if p.item.title_needs_review),
        }

    def summary(self) -> str:
        """One Swedish sentence on the outcome."""
        where = f"{self.body.short_name} {self.date.isoformat()}"
        if self.meeting_existed and not self.replaced:
            return (
                f"Mötet {where} finns redan; inget ändras. Välj «Ersätt ojusterade "
                "paragrafer» (--replace) för att byta ut mötets ojusterade paragrafer."
            )
        counts = self.counts
        verb = "skulle importeras" if self.dry_run else "importerades"
        return (
            f"{where}: {_n(counts['paragraphs'], 'paragraf', 'paragrafer')} {verb} "
            f"({counts['numbered']} med §-nummer, {counts['presenters']} föredragande, "
            f"{_n(counts['decision_points'], 'beslutspunkt', 'beslutspunkter')}, "
            f"{_n(counts['motions'], 'yrkande', 'yrkanden')}, "
            f"{_n(counts['attachments'], 'bilaga', 'bilagor')}); "
            f"{_n(len(self.new_people), 'ny person', 'nya personer')}, "
            f"{_n(len(self.warnings), 'varning', 'varningar')}."
        )

    def lines(self) -> Iterator[str]:
        """The preview as text, for the command line."""
        yield self.summary()
        if self.chair:
            yield f"  Ordförande: {self.chair}"
        if self.secretary:
            yield f"  Sekreterare: {self.secretary}"
        if self.adjusters:
            yield f"  Justerare: {', '.join(self.adjusters)}"
        for label, names in self.attendance:
            yield f"  {label}: {', '.join(names)}"
        if self.parsed.end_time:
            yield f"  Mötet avslutades kl. {self.parsed.end_time:%H:%M}"
        for preview in self.items:
            item = preview.item
            number = f"§ {item.number} " if item.number else ""
            review = " [rubriken behöver granskas]" if item.title_needs_review else ""
            kept = " [justerad, lämnas orörd]" if preview.action == "kept" else ""
            case = f" (Dnr {item.case_number})" if item.case_number else ""
            yield f"  {item.position:>2}. {number}{item.title}{case}{review}{kept}"
            if preview.presenters:
                yield f"      Föredragande: {', '.join(preview.presenters)}"
            for label, points in (
                ("Förslag till beslut", item.proposal_points),
                ("Beslut", item.decision_points),
            ):
                for index, point in enumerate(points, start=1):
                    yield f"      {label} {index}: {_shorten(point, 100)}"
            for motion in preview.motions:
                yield (
                    f"      Yrkande av {motion.mover}: {_shorten(motion.text, 80)} "
                    f"({motion.outcome.lower()})"
                )
            for vote in preview.votes:
                yield f"      Votering: {vote}"
            if preview.reservations:
                yield f"      Reservation: {', '.join(preview.reservations)}"
            if item.attachments:
                yield f"      Bilagor: {'; '.join(item.attachments)}"
            if item.adjusted:
                yield "      Paragrafen är justerad."
        if self.new_people:
            yield f"  Nya personer ({len(self.new_people)}): {', '.join(self.new_people)}"
        for warning in self.warnings:
            yield f"  Varning, {warning}"
        yield from self.ledger_lines()

    def ledger_lines(self) -> Iterator[str]:
        """Where the lines went, and the first unrecognised ones, for the command line."""
        counts = self.ledger_counts
        removed = sum(counts["furniture"].values())
        yield (
            f"  Rader: {counts['total']} totalt, {counts['structured']} med struktur, "
            f"{_n(removed, 'borttagen', 'borttagna')} (sidhuvuden, sidnummer och liknande), "
            f"{_n(counts['unrecognised'], 'ej igenkänd', 'ej igenkända')}."
        )
        for rule, count in counts["furniture"].items():
            yield f"      Borttaget, {rule}: {count}"
        if self.low_structure_warning:
            yield f"  Varning, {self.low_structure_warning}"
        unrecognised = self.unrecognised_lines()
        if unrecognised:
            yield "  Ej igenkända rader:"
        for line in unrecognised[:UNRECOGNISED_SHOWN]:
            yield f"      {line.where}: {_shorten(line.text, 100)}"
        if len(unrecognised) > UNRECOGNISED_SHOWN:
            yield f"      … och {len(unrecognised) - UNRECOGNISED_SHOWN} till"

    def to_dict(self) -> dict[str, Any]:
        """The report as plain data, for `import_protocol --report` (JSON)."""
        warnings = [_warning_dict(warning) for warning in self.warnings]
        if self.low_structure_warning:
            warnings.append({"line": None, "message": self.low_structure_warning})
        return {
            "file": self.parsed.source,
            "body": self.body.short_name,
            "date": self.date.isoformat(),
            "dry_run": self.dry_run,
            "meeting_existed": self.meeting_existed,
            "replaced": self.replaced,
            "counts": self.counts,
            "chair": self.chair,
            "new_people": list(self.new_people),
            "warnings": warnings,
            "ledger": {
                **self.ledger_counts,
                "unrecognised": [
                    {"line": line.line, "page": line.page, "text": line.text}
                    for line in self.unrecognised_lines()
                ],
            },
            "items": [
                {
                    "position": preview.item.position,
                    "number": preview.item.number,
                    "title": preview.item.title,
                    "case_number": getattr(preview.item, "case_number", ""),
                    "action": preview.action,
                }
                for preview in self.items
            ],
            "status": "OK",
        }


def _warning_dict(warning: ProtocolWarning) -> dict[str, Any]:
    entry: dict[str, Any] = {"line": warning.line}
    # Warnings carry a page only where the reader knows it (a PDF).
    if (page := getattr(warning, "page", None)) is not None:
        entry["page"] = page
    entry["message"] = warning.message
    return entry


def _tally(vote: ParsedVote) -> str:
    """ "6 ja, 4 nej, 1 avstår (ja-förslaget vann)", as far as the text gives it."""
    counts = ", ".join(
        f"{count} {label}"
        for count, label in ((vote.yes, "ja"), (vote.no, "nej"), (vote.abstain, "avstår"))
        if count is not None
    )
    won = {"yes": "ja-förslaget vann", "no": "nej-förslaget vann"}.get(vote.result, "")
    return f"{counts or 'röstetal saknas'}{f' ({won})' if won else ''}"


def _n(count: int, singular: str, plural: str) -> str:
    return f"{count} {singular if count == 1 else plural}"


def _shorten(text: str, length: int) -> str:
    return text if len(text) <= length else text[: length - 1].rsplit(" ", 1)[0] + "…"
