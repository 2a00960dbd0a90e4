import argparse
import datetime
import json
from contextlib import nullcontext
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction
from django.db.models import Q
from django.utils.text import slugify

from meetings.models import Body
from meetings.protocol_import import (
    ImportReport,
    ProtocolImportError,
    import_protocol,
    read_protocol_file,
)

#: What a directory given on the command line contributes: its protocol files.
PROTOCOL_SUFFIXES = (".txt", ".docx", ".pdf", ".html", ".htm")

#: A one-word name this long or shorter is its own short name.
SHORT_NAME_LENGTH = 12

#: Words left out of a short name made of initials ("Socialnämnden i Östersund": SÖ).
_MINOR_WORDS = frozenset(
    {"i", "och", "för", "av", "med", "på", "till", "om", "vid", "samt", "en", "ett", "de"}
)


def iso_date(value: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"«{value}» är inget datum; skriv det som ÅÅÅÅ-MM-DD."
        ) from None


def protocol_files(paths: list[Path]) -> list[Path]:
    """The files to import: each file as given, each directory's protocol files by name."""
    files: list[Path] = []
    for path in paths:
        if not path.is_dir():
            files.append(path)
            continue
        found = sorted(
            child
            for child in path.iterdir()
            if child.is_file() and child.suffix.lower() in PROTOCOL_SUFFIXES
        )
        if not found:
            raise CommandError(
                f"Mappen {path} innehåller inga protokollfiler ({', '.join(PROTOCOL_SUFFIXES)})."
            )
        files.extend(found)
    if not files:
        raise CommandError("Inga filer att importera.")
    return files


def derive_short_name(name: str) -> str:
    """A body's short name from its name: a short one-word name as it is, else initials.

    Returns "" when no sensible short name can be made (one long word, say).
    """
    words = name.split()
    if len(words) == 1:
        return name if len(name) <= SHORT_NAME_LENGTH else ""
    initials = "".join(
        word[0].upper() for word in words if word.lower() not in _MINOR_WORDS and word[0].isalnum()
    )
    return initials if len(initials) >= 2 else ""


@dataclass
class FileResult:
    """One file's outcome, for the summary table and the JSON report: its report, or the
    error that refused it."""

    path: Path
    report: ImportReport | None = None
    error: ProtocolImportError | None = None
    date: datetime.date | None = None

    def row(self) -> list[str]:
        if self.error is not None or self.report is None:
            error = self.error or ProtocolImportError("Okänt fel.")
            where = f"{error.unit} {error.line}: " if error.line else ""
            date = self.date.isoformat() if self.date else "–"
            return [str(self.path), date, "–", "–", "–", f"FEL: {where}{error.message}"]
        report = self.report
        status = "OK"
        if report.meeting_existed and not report.replaced:
            status = "OK (mötet fanns redan; inget ändrat)"
        return [
            str(self.path),
            report.date.isoformat(),
            str(report.counts["paragraphs"]),
            str(report.warning_count),
            f"{report.unrecognised_share * 100:.0f} %",
            status,
        ]

    def to_dict(self) -> dict[str, Any]:
        if self.report is not None:
            return self.report.to_dict()
        error = self.error or ProtocolImportError("Okänt fel.")
        return {"file": str(self.path), "status": "FEL", "error": error.message, "line": error.line}


SUMMARY_HEADERS = ["Fil", "Datum", "Paragrafer", "Varningar", "Ej igenkänt", "Status"]
#: The columns of numbers, aligned to the right.
_NUMERIC_COLUMNS = {2, 3, 4}


def summary_table(results: list[FileResult]) -> list[str]:
    """The outcome of every file as plain text columns, one line a file."""
    rows = [SUMMARY_HEADERS, *(result.row() for result in results)]
    widths = [max(len(row[column]) for row in rows) for column in range(len(SUMMARY_HEADERS))]

    def line(row: list[str]) -> str:
        cells = [
            cell.rjust(width) if column in _NUMERIC_COLUMNS else cell.ljust(width)
            for column, (cell, width) in enumerate(zip(row, widths, strict=True))
        ]
        return "  ".join(cells).rstrip()

    return [line(rows[0]), "  ".join("-" * width for width in widths), *map(line, rows[1:])]


class Command(BaseCommand):
    help = (
        "Importerar protokoll (text från regionens webbplats, Word .docx, PDF med textlager "
        "eller sparad HTML-sida) som möten med närvaro, paragrafer, beslut och yrkanden. "
        "En mapp betyder alla protokollfiler i den. Varje fil importeras helt eller inte "
        "alls; --dry-run visar vad som skulle hända utan att spara något."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "files",
            nargs="+",
            type=Path,
            metavar="FIL",
            help=(
                "Protokollfiler (.txt, .docx, .pdf, .html, .htm) eller mappar: en mapp "
                "betyder alla protokollfiler direkt i den, i namnordning."
            ),
        )
        parser.add_argument(
            "--body",
            default="SVOM",
            help=(
                "Organets kortnamn eller adressnamn, till exempel SVOM (standard); med "
                "--create-body det nya organets fullständiga namn."
            ),
        )
        parser.add_argument(
            "--create-body",
            action="store_true",
            help="Skapa organet om det inte finns (med --dry-run skapas det bara på prov).",
        )
        parser.add_argument(
            "--short-name",
            help=(
                "Kortnamnet för organet som --create-body skapar; utan det bildas det av "
                "namnets initialer."
            ),
        )
        parser.add_argument(
            "--date",
            action="append",
            type=iso_date,
            help=(
                "Mötets datum, ÅÅÅÅ-MM-DD: ett för alla filer, eller ett per fil i samma "
                "ordning. Utan det tas datumet ur protokollets text."
            ),
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="Visa förhandsgranskningen, spara inget."
        )
        parser.add_argument(
            "--adjusted", action="store_true", help="Protokollet är justerat: publicera det."
        )
        parser.add_argument(
            "--replace",
            action="store_true",
            help="Finns mötet redan: ersätt dess ojusterade paragrafer (justerade lämnas orörda).",
        )
        parser.add_argument(
            "--report",
            type=Path,
            metavar="FIL",
            help="Skriv resultatet för varje fil som JSON till FIL (även när någon fil fallerar).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        files = protocol_files(options["files"])
        dates = self.dates_per_file(files, options["date"])
        # A dry run leaves the database as it was, a body made for it included; a real run
        # commits each file on its own (import_protocol is atomic per file).
        with transaction.atomic() if options["dry_run"] else nullcontext():
            body, created = self.find_body(options)
            results = [
                self.import_file(path, date, body, options)
                for path, date in zip(files, dates, strict=True)
            ]
            if options["dry_run"]:
                transaction.set_rollback(True)

        self.stdout.write("")
        for line in summary_table(results):
            self.stdout.write(line)
        if options["report"]:
            self.write_report(options["report"], results, body, created, options["dry_run"])
        failures = [result for result in results if result.error is not None]
        if failures:
            raise CommandError(
                "\n".join(
                    [
                        *(str(result.error) for result in failures),
                        f"{len(failures)} av {len(files)} filer importerades "
                        "inte; för dem är databasen oförändrad.",
                    ]
                )
            )

    def dates_per_file(
        self, files: list[Path], dates: list[datetime.date] | None
    ) -> list[datetime.date | None]:
        """The date given for each file; None where the text is to give it."""
        if not dates:
            return [None] * len(files)
        if len(dates) == 1:
            return [dates[0]] * len(files)
        if len(dates) != len(files):
            raise CommandError(
                f"Ange ett datum för alla filer eller ett per fil: {len(files)} filer men "
                f"{len(dates)} datum."
            )
        return list(dates)

    def find_body(self, options: dict[str, Any]) -> tuple[Body, bool]:
        """The body named by --body, created when --create-body asks for it."""
        name: str = options["body"]
        body = Body.objects.filter(
            Q(short_name__iexact=name) | Q(slug=name) | Q(name__iexact=name)
        ).first()
        if body is not None:
            return body, False
        if not options["create_body"]:
            known = ", ".join(Body.objects.values_list("short_name", flat=True)) or "inga"
            raise CommandError(
                f"Organet «{name}» finns inte. Organ som finns: {known}. Ange --create-body "
                "för att skapa det."
            )
        short_name = options["short_name"] or derive_short_name(name)
        if not short_name:
            raise CommandError(f"Inget kortnamn kan bildas av «{name}»; ange det med --short-name.")
        slug = slugify(short_name) or slugify(name)
        if Body.objects.filter(Q(short_name__iexact=short_name) | Q(slug=slug)).exists():
            raise CommandError(
                f"Kortnamnet «{short_name}» (adressnamn «{slug}») används redan av ett annat "
                "organ; ange ett annat med --short-name."
            )
        body = Body.objects.create(name=name, short_name=short_name, slug=slug)
        verb = "skulle skapas" if options["dry_run"] else "skapades"
        self.stdout.write(f"Organet «{name}» ({short_name}) {verb}.")
        return body, True

    def import_file(
        self,
        path: Path,
        date: datetime.date | None,
        body: Body,
        options: dict[str, Any],
    ) -> FileResult:
        try:
            report = import_protocol(
                read_protocol_file(path),
                body=body,
                date=date,
                adjusted=options["adjusted"],
                replace=options["replace"],
                dry_run=options["dry_run"],
            )
        except ProtocolImportError as exc:
            return FileResult(path, error=exc, date=date)
        self.stdout.write(f"{path}:")
        if options["verbosity"] >= 1:
            for line in report.lines():
                self.stdout.write(line)
        return FileResult(path, report=report, date=report.date)

    def write_report(
        self,
        target: Path,
        results: list[FileResult],
        body: Body,
        body_created: bool,
        dry_run: bool,
    ) -> None:
        failed = sum(1 for result in results if result.error is not None)
        data = {
            "files": [result.to_dict() for result in results],
            "summary": {
                "files": len(results),
                "ok": len(results) - failed,
                "failed": failed,
                "dry_run": dry_run,
                "body": body.short_name,
                "body_created": body_created,
            },
        }
        try:
            target.write_text(json.dumps(data, ensure_ascii=False, indent=2), encoding="utf-8")
        except OSError as exc:
            raise CommandError(f"{target}: Rapporten kunde inte skrivas: {exc.strerror}.") from None
