"""python manage.py generate_corpus --scale N: a synthetic archive for benchmarks."""

import datetime
import time
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from meetings.corpus import generate
from meetings.models import Meeting


class Command(BaseCommand):
    help = (
        "Bygger ett syntetiskt arkiv i en tom databas: skala 1 är ungefär 60 möten, "
        "skala 100 ungefär 6 000 möten med 100 000 paragrafer. Samma frö ger samma arkiv."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--scale", type=int, required=True, help="1, 10, 100 ...")
        parser.add_argument("--seed", type=int, default=6, help="Slumpfrö (standard 6).")
        parser.add_argument(
            "--until",
            type=datetime.date.fromisoformat,
            default=None,
            help="Sista mötesdag i arkivet, ÅÅÅÅ-MM-DD (standard: i dag).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["scale"] < 1:
            raise CommandError("Skalan är minst 1.")
        if Meeting.objects.exists():
            raise CommandError(
                "Databasen har redan möten. Arkivet byggs bara i en tom databas "
                "(till exempel: python manage.py flush)."
            )
        started = time.perf_counter()
        counts = generate(
            options["scale"],
            seed=options["seed"],
            until=options["until"],
            progress=lambda message: self.stderr.write(f"  {message}", ending="\r"),
        )
        summary = ", ".join(f"{count:,} {label}" for label, count in counts.rows.items())
        self.stdout.write(f"\n{summary} på {time.perf_counter() - started:.0f} s.")
