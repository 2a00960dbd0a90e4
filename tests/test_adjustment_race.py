"""The adjustment racing an edit: what is adjusted is what was committed, never older text.

Needs two real connections holding row locks, so it runs on PostgreSQL only; SQLite
serialises every write to the whole file, so the race cannot happen there.
"""

import datetime
import threading

import pytest
from django.db import connection, transaction

from meetings import services
from meetings.models import AgendaItem, Meeting
from tests import factories

pytestmark = [
    # serialized_rollback: the rows that migrations made (groups, content types) come back
    # after the flush, as the browser tests expect of the database they find.
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="needs row locks"),
]


def in_thread(target) -> threading.Thread:
    def run() -> None:
        try:
            target()
        finally:
            connection.close()  # each thread has its own connection

    thread = threading.Thread(target=run)
    thread.start()
    return thread


def test_adjustment_waits_for_an_edit_in_progress_and_adjusts_the_edited_text():
    meeting = factories.MeetingFactory(
        status=Meeting.Status.HELD,
        date=datetime.date(2021, 12, 3),
        chair=factories.PersonFactory(),
    )
    meeting.adjusters.add(factories.PersonFactory())
    item = factories.AgendaItemFactory(meeting=meeting, draft=True, text="Gammal text.")
    edited, release = threading.Event(), threading.Event()

    def edit() -> None:
        with transaction.atomic():
            row = AgendaItem.objects.select_for_update().get(pk=item.pk)
            row.text = "Texten som sekreteraren just sparade."
            row.save()
            edited.set()
            release.wait(timeout=10)  # commit only after the adjustment has started

    errors: list[Exception] = []

    def adjust() -> None:
        try:
            services.adjust_protocol(meeting, None)
        except Exception as error:
            errors.append(error)

    editor = in_thread(edit)
    assert edited.wait(timeout=10)
    adjuster = in_thread(adjust)
    adjuster.join(timeout=1)
    assert adjuster.is_alive()  # waiting for the editor's row lock, reading nothing stale
    release.set()
    editor.join(timeout=10)
    adjuster.join(timeout=10)

    assert errors == []
    item.refresh_from_db()
    assert (item.state, item.text) == (
        AgendaItem.State.ADJUSTED,
        "Texten som sekreteraren just sparade.",
    )
    adjusted_version = item.history.filter(state="adjusted").earliest("history_date")
    assert adjusted_version.text == "Texten som sekreteraren just sparade."
