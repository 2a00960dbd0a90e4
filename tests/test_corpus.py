"""The benchmark's synthetic archive (generate_corpus): realistic, valid and repeatable."""

import datetime

import pytest
from django.core.management import CommandError, call_command
from django.db import transaction

from decisions.models import DecisionPoint
from meetings.corpus import generate
from meetings.models import AgendaItem, Meeting

pytestmark = [pytest.mark.django_db, pytest.mark.slow]

UNTIL = datetime.date(2026, 12, 1)


def fingerprint() -> list[tuple]:
    return list(
        AgendaItem.objects.order_by("meeting__body__slug", "meeting__date", "position").values_list(
            "meeting__date", "number", "title", "state"
        )[:200]
    )


def test_scale_one_is_about_sixty_meetings_of_seventeen_paragraphs():
    generate(1, until=UNTIL)
    assert 55 <= Meeting.objects.count() <= 65
    assert 14 <= AgendaItem.objects.count() / Meeting.objects.count() <= 20
    assert 2.5 <= DecisionPoint.objects.count() / AgendaItem.objects.count() <= 3.5


def test_same_seed_gives_the_same_archive():
    prints = []
    for _ in range(2):
        with transaction.atomic():
            generate(1, seed=3, until=UNTIL)
            prints.append(fingerprint())
            transaction.set_rollback(True)
    assert prints[0] == prints[1]


def test_archive_has_drafts_confidential_withdrawn_and_planned_items():
    generate(1, until=UNTIL)
    items = AgendaItem.objects
    assert items.filter(state="draft", meeting__status="held").exists()
    assert items.filter(confidential=True).exists()
    assert items.filter(withdrawn_at__isnull=False).exists()
    assert Meeting.objects.filter(date__gt=UNTIL, agenda_published_at__isnull=False).exists()
    assert Meeting.objects.filter(status="adjusted").count() > 40


def test_every_generated_object_passes_validation():
    generate(1, until=UNTIL)
    for obj in [*AgendaItem.objects.all()[:300], *Meeting.objects.all()]:
        obj.full_clean()


def test_command_refuses_a_database_that_has_meetings():
    generate(1, until=UNTIL)
    with pytest.raises(CommandError, match="redan möten"):
        call_command("generate_corpus", scale=1)
