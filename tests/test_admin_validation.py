"""What the secretariat types into the admin is checked before it is saved (issue found by
an outside tester): each inconsistency is a Swedish sentence on the form, which keeps what
was typed, never a server error and never inconsistent data saved in silence. The models'
clean() and the services carry the checks, so the importer and the services get them too."""

import datetime
import zoneinfo

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from decisions.models import Decision, DecisionPoint, Vote
from meetings import services
from meetings.models import AgendaItem, Meeting
from tests import factories
from tests.admin_forms import change_form_data

pytestmark = pytest.mark.django_db

STOCKHOLM = zoneinfo.ZoneInfo("Europe/Stockholm")
DAY = datetime.date(2021, 12, 3)


def meeting_url(meeting: Meeting) -> str:
    return reverse("admin:meetings_meeting_change", args=[meeting.pk])


def paragraph_url(item: AgendaItem) -> str:
    return reverse("admin:meetings_agendaitem_change", args=[item.pk])


def vote_url(vote: Vote) -> str:
    return reverse("admin:decisions_vote_change", args=[vote.pk])


def errors_of(response, field: str = "__all__") -> str:
    assert response.status_code == 200, "the form was saved"
    return " ".join(response.context["adminform"].form.errors.get(field, []))


def add_inline_row(data: dict, prefix: str, **fields) -> dict:
    """The data with one more row of the inline `prefix`, as the "add" link makes it."""
    index = int(data[f"{prefix}-TOTAL_FORMS"])
    row = {f"{prefix}-{index}-{name}": str(value) for name, value in fields.items()}
    return data | row | {f"{prefix}-TOTAL_FORMS": str(index + 1)}


def inline_errors(response, model) -> str:
    """Every error of the inline of `model`: its rows' and the formset's own."""
    (formset,) = [
        inline.formset
        for inline in response.context["inline_admin_formsets"]
        if inline.opts.model is model
    ]
    messages = [*formset.non_form_errors()]
    for form_errors in formset.errors:
        messages += [message for field in form_errors.values() for message in field]
    return " ".join(messages)


@pytest.fixture
def held_meeting():
    """A held meeting 09:00–11:00, with a chair and an adjuster, and one draft paragraph."""
    meeting = factories.MeetingFactory(
        date=DAY,
        start_time=datetime.time(9),
        end_time=datetime.time(11),
        chair=factories.PersonFactory(),
    )
    meeting.adjusters.add(factories.PersonFactory())
    factories.AgendaItemFactory(meeting=meeting, position=1, draft=True)
    return meeting


# --- The meeting's form: one sentence per constraint it can break ----------------------


def test_posting_a_meeting_not_yet_adjusted_is_a_field_error(client, admin_login, secretary):
    meeting = factories.MeetingFactory(date=DAY)
    admin_login(secretary)
    data = change_form_data(client.get(meeting_url(meeting))) | {"posted_on": "2021-12-06"}
    response = client.post(meeting_url(meeting), data)
    assert "anslås först när protokollet är justerat" in errors_of(response, "posted_on")
    meeting.refresh_from_db()
    assert meeting.posted_on is None


def test_refused_posting_keeps_the_paragraph_typed_on_the_page(client, admin_login, secretary):
    meeting = factories.MeetingFactory(date=DAY)
    admin_login(secretary)
    data = change_form_data(client.get(meeting_url(meeting))) | {"posted_on": "2021-12-06"}
    data = add_inline_row(data, "agenda_items", position=1, title="Mini-Maria i Jämtland")
    response = client.post(meeting_url(meeting), data)
    assert response.status_code == 200
    assert "Mini-Maria i Jämtland" in response.content.decode()
    assert not meeting.agenda_items.exists()


def test_meeting_ending_before_it_starts_is_a_field_error(client, admin_login, secretary):
    meeting = factories.MeetingFactory(date=DAY, status=Meeting.Status.PLANNED)
    admin_login(secretary)
    data = change_form_data(client.get(meeting_url(meeting)))
    data |= {"start_time": "13:00", "end_time": "12:00"}
    response = client.post(meeting_url(meeting), data)
    assert "sluta efter att det har börjat" in errors_of(response, "end_time")


def test_second_meeting_of_a_body_on_one_day_is_a_form_error(client, admin_login, secretary):
    first = factories.MeetingFactory(date=DAY, status=Meeting.Status.PLANNED)
    second = factories.MeetingFactory(body=first.body, status=Meeting.Status.PLANNED)
    admin_login(secretary)
    data = change_form_data(client.get(meeting_url(second))) | {"date": DAY.isoformat()}
    response = client.post(meeting_url(second), data)
    assert "redan ett möte den dagen" in errors_of(response)


def test_planned_adjustment_before_the_meeting_is_a_field_error(client, admin_login, secretary):
    meeting = factories.MeetingFactory(date=DAY, status=Meeting.Status.PLANNED)
    admin_login(secretary)
    data = change_form_data(client.get(meeting_url(meeting)))
    data |= {"adjustment_planned_on": "2021-12-02"}
    response = client.post(meeting_url(meeting), data)
    assert "före mötet" in errors_of(response, "adjustment_planned_on")


def test_planned_adjustment_on_the_meeting_day_is_accepted():
    meeting = factories.MeetingFactory(date=DAY, adjustment_planned_on=DAY)
    meeting.full_clean()


def test_planned_adjustment_is_described_as_a_day():
    help_text = str(Meeting._meta.get_field("adjustment_planned_on").help_text)
    assert help_text.startswith("Dag ")


def test_adjusted_meeting_without_adjustment_time_is_refused_by_clean():
    meeting = factories.MeetingFactory.build(
        body=factories.BodyFactory(), status=Meeting.Status.ADJUSTED, adjusted_at=None
    )
    with pytest.raises(ValidationError) as error:
        meeting.full_clean()
    assert "har en justeringstid" in " ".join(error.value.messages)


# --- The paragraph's form ----------------------------------------------------------


def test_paragraph_in_position_zero_is_a_form_error(client, admin_login, secretary):
    item = factories.AgendaItemFactory(draft=True)
    admin_login(secretary)
    data = change_form_data(client.get(paragraph_url(item))) | {"position": "0"}
    response = client.post(paragraph_url(item), data)
    assert "Ordningen börjar på 1" in errors_of(response)


def test_two_paragraphs_in_one_position_is_a_form_error(client, admin_login, secretary):
    first = factories.AgendaItemFactory(draft=True, position=1)
    second = factories.AgendaItemFactory(draft=True, meeting=first.meeting, position=2)
    admin_login(secretary)
    data = change_form_data(client.get(paragraph_url(second))) | {"position": "1"}
    response = client.post(paragraph_url(second), data)
    assert "samma ordning i ett möte" in errors_of(response)


def test_paragraph_number_taken_that_year_is_a_form_error(client, admin_login, secretary):
    taken = factories.AgendaItemFactory(number=44, meeting__date=DAY)
    other = factories.MeetingFactory(body=taken.meeting.body, date=DAY + datetime.timedelta(7))
    item = factories.AgendaItemFactory(draft=True, meeting=other)
    admin_login(secretary)
    data = change_form_data(client.get(paragraph_url(item))) | {"number": "44"}
    response = client.post(paragraph_url(item), data)
    assert "Paragrafnumret finns redan" in errors_of(response)


# --- The moment of adjustment -------------------------------------------------------


def test_adjustment_before_the_meeting_started_that_day_is_refused(secretary, held_meeting):
    early = datetime.datetime.combine(DAY, datetime.time(8), tzinfo=STOCKHOLM)
    with pytest.raises(ValidationError) as error:
        services.adjust_protocol(held_meeting, secretary, at=early)
    assert "kan inte ligga före mötets början" in " ".join(error.value.messages)
    held_meeting.refresh_from_db()
    assert not held_meeting.is_adjusted


def test_adjustment_after_the_meeting_started_that_day_is_accepted(secretary, held_meeting):
    services.adjust_protocol(
        held_meeting, secretary, at=datetime.datetime.combine(DAY, datetime.time(11, 30), STOCKHOLM)
    )
    held_meeting.refresh_from_db()
    assert held_meeting.is_adjusted


def test_adjustment_of_a_meeting_without_start_time_is_compared_with_its_day(
    secretary, held_meeting
):
    Meeting.objects.filter(pk=held_meeting.pk).update(start_time=None, end_time=None)
    held_meeting.refresh_from_db()
    services.adjust_protocol(
        held_meeting, secretary, at=datetime.datetime.combine(DAY, datetime.time(0), STOCKHOLM)
    )
    held_meeting.refresh_from_db()
    assert held_meeting.is_adjusted


def test_recorded_adjustment_before_the_meeting_started_is_refused(secretary, held_meeting):
    early = datetime.datetime.combine(DAY, datetime.time(8), tzinfo=STOCKHOLM)
    with pytest.raises(ValidationError) as error:
        services.record_adjustment(held_meeting, secretary, at=early)
    assert "kan inte ligga före mötets början" in " ".join(error.value.messages)
    held_meeting.refresh_from_db()
    assert not held_meeting.is_adjusted


def test_admin_adjustment_before_the_meeting_started_is_a_form_error(
    client, admin_login, secretary, held_meeting
):
    admin_login(secretary)
    url = reverse("admin:meetings_meeting_adjust", args=[held_meeting.pk])
    response = client.post(url, {"adjusted_at": "2021-12-03 08:00"})
    assert response.status_code == 200
    assert "kan inte ligga före mötets början" in " ".join(
        response.context["form"].non_field_errors()
    )
    held_meeting.refresh_from_db()
    assert not held_meeting.is_adjusted


# --- Votes --------------------------------------------------------------------------


def test_vote_result_the_counts_contradict_is_a_field_error(client, admin_login, secretary):
    vote = factories.VoteFactory(agenda_item__draft=True)
    admin_login(secretary)
    data = change_form_data(client.get(vote_url(vote)))
    data |= {"yes_count": "2", "no_count": "7", "result": Vote.Result.YES}
    response = client.post(vote_url(vote), data)
    assert "motsäger rösterna: 2 ja mot 7 nej" in errors_of(response, "result")
    vote.refresh_from_db()
    assert vote.yes_count is None


def test_vote_result_the_counts_contradict_is_refused_in_the_paragraphs_form(
    client, admin_login, secretary
):
    item = factories.AgendaItemFactory(draft=True)
    admin_login(secretary)
    data = change_form_data(client.get(paragraph_url(item)))
    data = add_inline_row(
        data,
        "votes",
        position=1,
        yes_proposal="Förslag till beslut",
        no_proposal="Avslag",
        result=Vote.Result.YES,
        yes_count=2,
        no_count=7,
    )
    response = client.post(paragraph_url(item), data)
    assert "motsäger rösterna: 2 ja mot 7 nej" in inline_errors(response, Vote)
    assert not item.votes.exists()


def test_vote_result_the_counts_bear_out_is_accepted():
    vote = factories.VoteFactory(result=Vote.Result.NO, yes_count=2, no_count=7)
    vote.full_clean()


def test_tied_vote_may_go_either_way_by_the_chairs_casting_vote():
    vote = factories.VoteFactory(result=Vote.Result.NO, yes_count=4, no_count=4, casting_vote=True)
    vote.full_clean()


# --- The kind of decision -----------------------------------------------------------


def test_decision_points_without_a_kind_are_a_form_error(client, admin_login, secretary):
    item = factories.AgendaItemFactory(draft=True)
    admin_login(secretary)
    data = change_form_data(client.get(paragraph_url(item)))
    data = add_inline_row(data, "decision_points", position=1, text="SVOM beslutar att ...")
    response = client.post(paragraph_url(item), data)
    assert "Välj beslutstyp" in inline_errors(response, Decision)
    assert "SVOM beslutar att ..." in response.content.decode()
    assert not DecisionPoint.objects.filter(agenda_item=item).exists()


def test_decision_points_with_a_kind_are_saved(client, admin_login, secretary):
    item = factories.AgendaItemFactory(draft=True)
    admin_login(secretary)
    data = change_form_data(client.get(paragraph_url(item)))
    data = add_inline_row(data, "decision_points", position=1, text="SVOM beslutar att ...")
    data["decision-0-kind"] = Decision.Kind.DECISION
    response = client.post(paragraph_url(item), data)
    assert response.status_code == 302
    assert item.decision_points.count() == 1
    assert Decision.objects.get(agenda_item=item).kind == Decision.Kind.DECISION


def test_removing_the_kind_of_a_decision_with_points_is_a_form_error(
    client, admin_login, secretary
):
    item = factories.AgendaItemFactory(draft=True)
    factories.DecisionFactory(agenda_item=item)
    factories.DecisionPointFactory(agenda_item=item)
    admin_login(secretary)
    data = change_form_data(client.get(paragraph_url(item))) | {"decision-0-DELETE": "on"}
    response = client.post(paragraph_url(item), data)
    assert "Välj beslutstyp" in inline_errors(response, Decision)
    assert Decision.objects.filter(agenda_item=item).exists()


def test_paragraph_without_decision_points_needs_no_kind(client, admin_login, secretary):
    item = factories.AgendaItemFactory(draft=True)
    admin_login(secretary)
    data = change_form_data(client.get(paragraph_url(item))) | {"title": "Mötets öppnande"}
    response = client.post(paragraph_url(item), data)
    assert response.status_code == 302
    assert not Decision.objects.filter(agenda_item=item).exists()


@pytest.mark.parametrize("decided", [False, True])
def test_paragraph_form_shows_one_kind_of_decision_to_choose(
    client, admin_login, secretary, decided
):
    item = factories.AgendaItemFactory(draft=True)
    if decided:
        factories.DecisionFactory(agenda_item=item)
    admin_login(secretary)
    response = client.get(paragraph_url(item))
    (inline,) = [
        inline
        for inline in response.context["inline_admin_formsets"]
        if inline.opts.model is Decision
    ]
    # As many rows as the most there may be: the admin offers no "Lägg till ytterligare".
    assert len(inline.formset.forms) == inline.formset.max_num == 1
