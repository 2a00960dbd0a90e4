"""Reporting: what an import created, or would create, and every warning with its line."""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from dataclasses import dataclass, field

from meetings.models import (
    Body,
    Meeting,
)

from .parsed import ParsedItem, ParsedProtocol, ProtocolWarning


@dataclass
class ItemPreview:
    """A paragraph as the import will write it, for the preview."""

    item: ParsedItem
    presenters: list[str]
    motions: list[tuple[str, str]]
    action: str  # "new", "replaced", or "kept" (an adjusted paragraph already there)


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
    items: list[ItemPreview] = field(default_factory=list)
    new_people: list[str] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        return self.meeting is not None

    @property
    def warnings(self) -> list[ProtocolWarning]:
        return sorted(self.parsed.warnings, key=lambda warning: warning.line or 0)

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
        if self.parsed.end_time:
            yield f"  Mötet avslutades kl. {self.parsed.end_time:%H:%M}"
        for preview in self.items:
            item = preview.item
            number = f"§ {item.number} " if item.number else ""
            review = " [rubriken behöver granskas]" if item.title_needs_review else ""
            kept = " [justerad, lämnas orörd]" if preview.action == "kept" else ""
            yield f"  {item.position:>2}. {number}{item.title}{review}{kept}"
            if preview.presenters:
                yield f"      Föredragande: {', '.join(preview.presenters)}"
            for label, points in (
                ("Förslag till beslut", item.proposal_points),
                ("Beslut", item.decision_points),
            ):
                for index, point in enumerate(points, start=1):
                    yield f"      {label} {index}: {_shorten(point, 100)}"
            for mover, text in preview.motions:
                yield f"      Yrkande av {mover}: {_shorten(text, 80)}"
            if item.attachments:
                yield f"      Bilagor: {'; '.join(item.attachments)}"
            if item.adjusted:
                yield "      Paragrafen är justerad."
        if self.new_people:
            yield f"  Nya personer ({len(self.new_people)}): {', '.join(self.new_people)}"
        for warning in self.warnings:
            yield f"  Varning, {warning}"


def _n(count: int, singular: str, plural: str) -> str:
    return f"{count} {singular if count == 1 else plural}"


def _shorten(text: str, length: int) -> str:
    return text if len(text) <= length else text[: length - 1].rsplit(" ", 1)[0] + "…"
