"""The adjusted record: nothing the public reads changes silently (meetings.models.record)."""

import datetime

import pytest
from concurrency.exceptions import RecordModifiedError
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse

from decisions.models import Ballot, DecisionPoint, Motion, Reservation, Vote
from meetings.models import AgendaItem, Correction, RecordLocked, correction
from tests import factories
from tests.admin_forms import change_form_data, inline_key

pytestmark = pytest.mark.django_db


@pytest.fixture
def adjusted():
    """An adjusted paragraph with every part the public reads."""
    item = factories.AgendaItemFactory(
        number=12, title="Hemsjukvård", text="Diskussion.", meeting__date=datetime.date(2021, 6, 4)
    )
    factories.add_presenters(item, factories.PersonFactory(name="Anna Föredragande"))
    factories.DecisionFactory(agenda_item=item)
    factories.ProposalPointFactory(agenda_item=item, position=1, text="Förslaget")
    factories.DecisionPointFactory(agenda_item=item, position=1, text="Beslutet")
    factories.MotionFactory(agenda_item=item, position=1, text="att utreda")
    vote = factories.VoteFactory(agenda_item=item, position=1)
    factories.BallotFactory(vote=vote, person__name="Bo Ledamot", choice=Ballot.Choice.YES)
    factories.ReservationFactory(agenda_item=item, person__name="Cia Reserverad", text="Fel")
    factories.AttachmentFactory(agenda_item=item, title="Bilaga A")
    factories.AssignmentFactory(
        agenda_item=item,
        description="Utred",
        responsible=None,
        responsible_organisation=factories.OrganisationFactory(),
    )
    return item


def admin_url(model, page: str, *args) -> str:
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{page}", args=args)


# --- Silent changes are refused wherever they come from -----------------------------------


@pytest.mark.parametrize(
    "change",
    [
        lambda item: DecisionPoint.objects.filter(agenda_item=item).update(text="Nytt"),
        lambda item: item.decision_points.get().delete(),
        lambda item: Motion.objects.filter(agenda_item=item).update(outcome="adopted"),
        lambda item: Vote.objects.filter(agenda_item=item).update(result="no"),
        lambda item: Ballot.objects.filter(vote__agenda_item=item).update(choice="no"),
        lambda item: Reservation.objects.filter(agenda_item=item).delete(),
        lambda item: item.attachments.update(title="Ny bilaga"),
        lambda item: item.presenters.clear(),
        lambda item: factories.PersonFactory().presented_items.add(item),
        lambda item: AgendaItem.objects.filter(pk=item.pk).update(title="Ny rubrik"),
        lambda item: DecisionPoint.objects.bulk_create(
            [DecisionPoint(agenda_item=item, position=2, text="Tillagd")]
        ),
    ],
    ids=[
        "point-update",
        "point-delete",
        "motion-outcome",
        "vote-result",
        "ballot",
        "reservation-delete",
        "attachment-title",
        "presenters",
        "presenters-from-the-person",
        "title-bulk",
        "point-bulk-create",
    ],
)
def test_change_to_an_adjusted_paragraph_outside_a_correction_is_refused(adjusted, change):
    with pytest.raises(RecordLocked), transaction.atomic():
        change(adjusted)


@pytest.mark.parametrize(
    ("model", "field", "value"),
    [
        (DecisionPoint, "text", "Nytt beslut"),
        (Motion, "outcome", Motion.Outcome.ADOPTED),
        (Vote, "result", Vote.Result.NO),
        (Reservation, "text", "Annan motivering"),
    ],
)
def test_saving_a_part_of_an_adjusted_paragraph_is_refused(adjusted, model, field, value):
    part = model.objects.get(agenda_item=adjusted)
    setattr(part, field, value)
    with pytest.raises(RecordLocked):
        part.save()


def test_saving_a_ballot_of_an_adjusted_paragraph_is_refused(adjusted):
    ballot = Ballot.objects.get(vote__agenda_item=adjusted)
    ballot.choice = Ballot.Choice.NO
    with pytest.raises(RecordLocked):
        ballot.save()


def test_text_of_an_adjusted_paragraph_changes_only_in_a_correction(adjusted):
    adjusted.text = "Tyst ändring."
    with pytest.raises(RecordLocked):
        adjusted.save()


def test_adjusted_paragraph_is_never_deleted():
    item = factories.AgendaItemFactory()
    with pytest.raises(RecordLocked), correction(item):
        item.delete()
    assert AgendaItem.objects.filter(pk=item.pk).exists()


@pytest.mark.parametrize("field", ["position", "state", "adjusted_immediately"])
def test_locked_fields_of_an_adjusted_paragraph_change_not_even_in_a_correction(adjusted, field):
    values = {"position": 7, "state": AgendaItem.State.DRAFT, "adjusted_immediately": True}
    with correction(adjusted):
        setattr(adjusted, field, values[field])
        with pytest.raises(RecordLocked):
            adjusted.save()


def test_follow_up_of_an_assignment_is_free_but_what_was_assigned_is_the_record(adjusted):
    assignment = factories.AssignmentFactory(agenda_item=adjusted, description="Utred")
    assignment.status, assignment.due_date = "in_progress", datetime.date(2031, 1, 1)
    assignment.save()
    assignment.description = "Utred något annat"
    with pytest.raises(RecordLocked):
        assignment.save()


def test_free_fields_of_an_adjusted_paragraph_change_without_a_correction(adjusted):
    adjusted.withdrawal_reason = "Personuppgifter."
    adjusted.save()
    adjusted.topics.add(factories.TopicFactory())
    assert not Correction.objects.exists()


def test_draft_becomes_adjusted_only_through_the_services():
    item = factories.AgendaItemFactory(draft=True)
    item.state = AgendaItem.State.ADJUSTED
    with pytest.raises(RecordLocked):
        item.save()


def test_meeting_with_adjusted_paragraphs_keeps_its_date(adjusted):
    meeting = adjusted.meeting
    meeting.date = meeting.date + datetime.timedelta(days=365)
    with pytest.raises(ValidationError):
        meeting.full_clean()
    with pytest.raises(RecordLocked):
        meeting.save()


# --- Corrections are recorded and shown ---------------------------------------------------


def test_correction_keeps_both_versions_who_and_why(adjusted, secretary):
    with correction(adjusted, secretary, "Fel ordval"):
        point = adjusted.decision_points.get()
        point.text = "Det rättade beslutet"
        point.save()
    (made,) = Correction.objects.all()
    assert (made.made_by, made.reason) == (secretary, "Fel ordval")
    assert made.before["decision_points"] == [[1, "Beslutet"]]
    assert made.after["decision_points"] == [[1, "Det rättade beslutet"]]


def test_correction_that_changes_nothing_is_not_recorded(adjusted):
    with correction(adjusted):
        adjusted.save()
    assert not Correction.objects.exists()


def test_votes_ballots_and_reservations_keep_their_history(adjusted):
    with correction(adjusted):
        Vote.objects.get(agenda_item=adjusted).ballots.update(choice=Ballot.Choice.ABSTAIN)
        vote = Vote.objects.get(agenda_item=adjusted)
        vote.result = Vote.Result.NO
        vote.save()
        reservation = Reservation.objects.get(agenda_item=adjusted)
        reservation.delete()
    assert vote.history.count() == 2
    assert Ballot.history.count() == 1  # created; the bulk update is in the correction
    assert Reservation.history.filter(history_type="-").count() == 1


@pytest.mark.parametrize(
    ("prefix", "field", "value", "shown"),
    [
        (None, "title", "Hemsjukvården", "Hemsjukvården"),
        (None, "number", "13", "§ 13"),
        (None, "text", "Diskussion om avtalet.", "Diskussion om avtalet."),
        ("decision_points", "text", "Beslutet rättat", "1. Beslutet rättat"),
        ("proposal_points", "text", "Förslaget rättat", "1. Förslaget rättat"),
        ("motions", "outcome", "adopted", "(Bifallet)"),
        ("votes", "result", "no", "Nej-förslaget vann"),
        ("reservations", "text", "Annan motivering", "Annan motivering"),
        ("attachments", "title", "Bilaga B", "Bilaga B"),
        ("decision", "kind", "recommendation", "Rekommendation"),
        ("assignments", "description", "Ny utredning", "Ny utredning"),
    ],
)
def test_admin_edit_of_an_adjusted_paragraph_is_a_correction_shown_as_rattad(
    client, admin_login, secretary, adjusted, prefix, field, value, shown
):
    admin_login(secretary)
    url = admin_url(AgendaItem, "change", adjusted.pk)
    data = change_form_data(client.get(url))
    data[field if prefix is None else inline_key(data, prefix, field)] = value
    data["correction_reason"] = "Rättelse enligt justerarna"
    response = client.post(url, data)
    assert response.status_code == 302, response.context["errors"]
    adjusted.refresh_from_db()
    client.logout()
    page = client.get(adjusted.get_absolute_url(), follow=True).content.decode()
    assert "Rättad" in page
    assert "Rättelse enligt justerarna" in page
    assert f"{shown}</ins>" in page


def test_admin_edit_of_a_ballot_is_a_correction(client, admin_login, secretary, adjusted):
    admin_login(secretary)
    vote = Vote.objects.get(agenda_item=adjusted)
    url = admin_url(Vote, "change", vote.pk)
    data = change_form_data(client.get(url))
    data[inline_key(data, "ballots", "choice")] = "no"
    assert client.post(url, data).status_code == 302
    assert "Bo Ledamot: Nej</ins>" in client.get(adjusted.get_absolute_url()).content.decode()


def test_renumbered_paragraph_by_correction_keeps_its_old_link(client, adjusted):
    old_url = adjusted.get_absolute_url()
    with correction(adjusted):
        adjusted.number = 13
        adjusted.save()
    assert client.get(old_url)["Location"] == adjusted.get_absolute_url()


def test_admin_offers_no_delete_for_an_adjusted_paragraph(client, admin_login, secretary, adjusted):
    admin_login(secretary)
    assert client.get(admin_url(AgendaItem, "delete", adjusted.pk)).status_code == 403
    client.post(
        admin_url(AgendaItem, "changelist"),
        {"action": "delete_selected", "_selected_action": [adjusted.pk], "post": "yes"},
    )
    assert AgendaItem.objects.filter(pk=adjusted.pk).exists()


def test_protocol_page_marks_a_corrected_paragraph(client, adjusted):
    with correction(adjusted):
        adjusted.title = "Hemsjukvården"
        adjusted.save()
    page = client.get(adjusted.meeting.get_absolute_url()).content.decode()
    assert "Rättad efter justeringen" in page


# --- No lost updates ----------------------------------------------------------------------


def test_second_secretary_saving_a_stale_page_is_refused_and_named_who_changed_it(
    client, admin_login, secretary
):
    item = factories.AgendaItemFactory(draft=True, title="Rubrik", text="Första texten.")
    other = factories.UserFactory(username="sekreterare-a", is_staff=True, is_superuser=True)
    url = admin_url(AgendaItem, "change", item.pk)
    admin_login(secretary)
    stale = change_form_data(client.get(url))
    admin_login(other)
    fresh = change_form_data(client.get(url)) | {"text": "A:s nya text."}
    assert client.post(url, fresh).status_code == 302
    admin_login(secretary)
    response = client.post(url, stale | {"title": "B:s rubrik"})
    assert response.status_code == 200
    assert "sekreterare-a" in response.content.decode()
    item.refresh_from_db()
    assert (item.title, item.text) == ("Rubrik", "A:s nya text.")


def test_stale_inline_row_is_refused(client, admin_login, secretary):
    item = factories.AgendaItemFactory(draft=True)
    point = factories.DecisionPointFactory(agenda_item=item, text="Ursprunget")
    url = admin_url(AgendaItem, "change", item.pk)
    admin_login(secretary)
    stale = change_form_data(client.get(url))
    point.text = "Ändrat i en annan flik"
    point.save()
    key = inline_key(stale, "decision_points", "text")
    response = client.post(url, stale | {key: "Skrivet på gammal sida"})
    assert response.status_code == 200
    point.refresh_from_db()
    assert point.text == "Ändrat i en annan flik"


def test_stale_instance_cannot_overwrite_in_code_either():
    item = factories.AgendaItemFactory(draft=True)
    stale = AgendaItem.objects.get(pk=item.pk)
    item.text = "Först"
    item.save()
    stale.title = "Sedan"
    with pytest.raises(RecordModifiedError):
        stale.save()


def test_reverting_an_adjusted_paragraph_in_the_history_is_a_correction(
    client, admin_login, secretary
):
    item = factories.AgendaItemFactory(title="Före")
    with correction(item):
        item.title = "Efter"
        item.save()
    first = item.history.earliest("history_date")
    url = reverse("admin:meetings_agendaitem_simple_history", args=[item.pk, first.pk])
    admin_login(secretary)
    response = client.post(url, change_form_data(client.get(url)))
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.title == "Före"
    assert item.corrections.last().reason == "Återställd till en tidigare version."


def test_secretariat_sees_the_corrections_on_the_paragraph_page(
    client, admin_login, secretary, adjusted
):
    with correction(adjusted, secretary, "Stavfel i rubriken"):
        adjusted.title = "Hemsjukvården"
        adjusted.save()
    admin_login(secretary)
    page = client.get(admin_url(AgendaItem, "change", adjusted.pk)).content.decode()
    assert "Stavfel i rubriken" in page
