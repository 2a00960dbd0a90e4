"""The three seed protocols in `fixtures/seeds/`, shared by the importer's tests."""

import datetime
from pathlib import Path

from django.conf import settings

from decisions.models import Decision, DecisionPoint, Motion, ProposalPoint
from meetings.models import AgendaItem, Attachment, Attendance, Meeting, Person

SEEDS = Path(settings.BASE_DIR) / "fixtures" / "seeds"
SEED_000 = SEEDS / "000_dbae20c6d6170a5f.txt"
SEED_002 = SEEDS / "002_e41b16c3f79ed10b.txt"
SEED_003 = SEEDS / "003_d19d48b07f67179a.txt"
#: The dates the texts imply (see DESIGN.md): the text itself never states them.
SEED_DATES = {
    SEED_003: datetime.date(2020, 11, 6),
    SEED_000: datetime.date(2021, 6, 4),
    SEED_002: datetime.date(2021, 12, 3),
}

WRITTEN_MODELS = [
    *(Meeting, AgendaItem, Person, Attendance, Attachment),
    *(Decision, ProposalPoint, DecisionPoint, Motion),
]


def row_counts() -> dict[str, int]:
    """The rows of every model an import writes, to show that something wrote nothing."""
    return {model.__name__: model.objects.count() for model in WRITTEN_MODELS}
