import json
from collections import Counter
from pathlib import Path
from typing import Any

from django.apps import apps
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import transaction

FIXTURE = Path(settings.BASE_DIR) / "fixtures" / "demo.json"


def record_first_versions() -> None:
    """Give every row without history its first version.

    Fixtures bypass django-simple-history; without a first version, a later correction of
    an adjusted paragraph would have nothing to be shown against. Rows that already have
    history are left alone, so loading twice adds nothing.
    """
    for label in ("meetings", "decisions", "agreements"):
        for model in apps.get_app_config(label).get_models():
            history = getattr(model, "history", None)
            if history is None or not hasattr(history, "bulk_history_create"):
                continue
            missing = model._default_manager.exclude(pk__in=history.values("id"))
            history.bulk_history_create(list(missing), default_change_reason="Demodata")


class Command(BaseCommand):
    help = (
        "Laddar demodata byggd på tre SVOM-protokoll (fixtures/demo.json). "
        "Kan köras flera gånger: befintliga rader med samma id skrivs över, inget dubbleras."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        with transaction.atomic():
            call_command("loaddata", str(FIXTURE), verbosity=max(options["verbosity"] - 1, 0))
            record_first_versions()
        counts = Counter(row["model"] for row in json.loads(FIXTURE.read_text(encoding="utf-8")))
        self.stdout.write(
            self.style.SUCCESS(
                f"Demodata laddad: {counts['meetings.meeting']} möten, "
                f"{counts['meetings.agendaitem']} paragrafer, "
                f"{counts['agreements.agreement']} avtal."
            )
        )
