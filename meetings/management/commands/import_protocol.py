import argparse
import datetime
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db.models import Q

from meetings.models import Body
from meetings.protocol_import import ProtocolImportError, import_protocol, read_protocol_file


def iso_date(value: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"«{value}» är inget datum; skriv det som ÅÅÅÅ-MM-DD."
        ) from None


class Command(BaseCommand):
    help = (
        "Importerar protokoll (text från regionens webbplats eller Word .docx) som möten "
        "med närvaro, paragrafer, beslut och yrkanden. Varje fil importeras helt eller "
        "inte alls; --dry-run visar vad som skulle hända utan att spara något."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("files", nargs="+", type=Path, metavar="FIL")
        parser.add_argument(
            "--body", default="SVOM", help="Organets kortnamn, till exempel SVOM (standard)."
        )
        parser.add_argument(
            "--date",
            action="append",
            type=iso_date,
            required=True,
            help="Mötets datum, ÅÅÅÅ-MM-DD: ett för alla filer, eller ett per fil i samma ordning.",
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

    def handle(self, *args: Any, **options: Any) -> None:
        files: list[Path] = options["files"]
        dates: list[datetime.date] = options["date"]
        if len(dates) == 1:
            dates = dates * len(files)
        elif len(dates) != len(files):
            raise CommandError(
                f"Ange ett datum för alla filer eller ett per fil: {len(files)} filer men "
                f"{len(dates)} datum."
            )
        body = Body.objects.filter(
            Q(short_name__iexact=options["body"]) | Q(slug=options["body"])
        ).first()
        if body is None:
            known = ", ".join(Body.objects.values_list("short_name", flat=True)) or "inga"
            raise CommandError(f"Organet «{options['body']}» finns inte. Organ som finns: {known}.")

        failures = []
        for path, date in zip(files, dates, strict=True):
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
                failures.append(str(exc))
                continue
            self.stdout.write(f"{path}:")
            if options["verbosity"] >= 1:
                for line in report.lines():
                    self.stdout.write(line)
        if failures:
            raise CommandError(
                "\n".join(
                    [
                        *failures,
                        f"{len(failures)} av {len(files)} filer importerades "
                        "inte; för dem är databasen oförändrad.",
                    ]
                )
            )
