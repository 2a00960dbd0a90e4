import json
from collections import Counter
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import transaction

FIXTURE = Path(settings.BASE_DIR) / "fixtures" / "demo.json"


class Command(BaseCommand):
    help = (
        "Laddar demodata byggd på tre SVOM-protokoll (fixtures/demo.json). "
        "Kan köras flera gånger: befintliga rader med samma id skrivs över, inget dubbleras."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        with transaction.atomic():
            call_command("loaddata", str(FIXTURE), verbosity=max(options["verbosity"] - 1, 0))
        counts = Counter(row["model"] for row in json.loads(FIXTURE.read_text(encoding="utf-8")))
        self.stdout.write(
            self.style.SUCCESS(
                f"Demodata laddad: {counts['meetings.meeting']} möten, "
                f"{counts['meetings.agendaitem']} paragrafer, "
                f"{counts['agreements.agreement']} avtal."
            )
        )
