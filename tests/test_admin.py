"""The secretariat's admin: every page works, members only look, nobody saves inconsistent data."""

import datetime

import pytest
from django.contrib import admin
from django.urls import reverse

from meetings.models import AgendaItem, Meeting
from tests import factories

pytestmark = pytest.mark.django_db

MODEL_ADMINS = [
    model
    for model in admin.site._registry
    if model._meta.app_label in {"meetings", "decisions", "agreements"}
]


@pytest.fixture
def one_of_everything():
    """One row of every model of the three apps, linked together."""
    item = factories.AgendaItemFactory(number=1)
    factories.AttendanceFactory(meeting=item.meeting)
    factories.AttachmentFactory(agenda_item=item)
    factories.MembershipFactory(body=item.meeting.body)
    factories.PersonAliasFactory()
    factories.TopicFactory()
    decision = factories.DecisionFactory(agenda_item=item)
    factories.ProposalPointFactory(agenda_item=item)
    factories.DecisionPointFactory(agenda_item=item)
    factories.MotionFactory(agenda_item=item)
    factories.BallotFactory(vote=factories.VoteFactory(agenda_item=item))
    factories.ReservationFactory(agenda_item=item)
    factories.AssignmentFactory(agenda_item=item)
    factories.AgreementEventFactory(decision=decision)
    factories.AccessibilityReportFactory()


def admin_url(model, page: str, *args) -> str:
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{page}", args=args)


def first_pk(model) -> int:
    return model._default_manager.order_by("pk").values_list("pk", flat=True)[0]


@pytest.mark.parametrize("model", MODEL_ADMINS, ids=lambda model: model.__name__)
def test_secretariat_opens_every_changelist_add_and_change_page(
    client, admin_login, secretary, one_of_everything, model
):
    admin_login(secretary)
    assert client.get(admin_url(model, "changelist")).status_code == 200
    assert client.get(admin_url(model, "add")).status_code == 200
    assert client.get(admin_url(model, "change", first_pk(model))).status_code == 200


MEMBER_VIEWABLE = [model for model in MODEL_ADMINS if model.__name__ != "AccessibilityReport"]


@pytest.mark.parametrize("model", MEMBER_VIEWABLE, ids=lambda model: model.__name__)
def test_member_views_every_page_but_cannot_add_or_save(
    client, admin_login, member, one_of_everything, model
):
    admin_login(member)
    assert client.get(admin_url(model, "changelist")).status_code == 200
    assert client.get(admin_url(model, "add")).status_code == 403
    change_page = client.get(admin_url(model, "change", first_pk(model)))
    assert change_page.status_code == 200
    assert not change_page.context["has_change_permission"]
    assert client.post(admin_url(model, "change", first_pk(model)), {}).status_code == 403


def test_member_cannot_read_visitors_accessibility_reports(
    client, admin_login, member, one_of_everything
):
    """Reports may hold a visitor's contact details; only the secretariat handles them."""
    admin_login(member)
    report_list = reverse("admin:meetings_accessibilityreport_changelist")
    assert client.get(report_list).status_code == 403


@pytest.mark.parametrize("model", MODEL_ADMINS, ids=lambda model: model.__name__)
def test_anonymous_visitor_is_sent_to_the_login_page(client, model):
    response = client.get(admin_url(model, "changelist"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))


def test_admin_speaks_swedish(client, admin_login, secretary):
    admin_login(secretary)
    response = client.get(admin_url(Meeting, "changelist"))
    assert "Välj möte att ändra" in response.content.decode()


@pytest.mark.parametrize("model", MODEL_ADMINS, ids=lambda model: model.__name__)
def test_changelist_query_count_does_not_grow_with_the_rows(
    client, admin_login, secretary, django_assert_max_num_queries, model
):
    """list_select_related and annotations keep every changelist at a fixed number of queries."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    admin_login(secretary)
    factories.AssignmentFactory(agenda_item__number=1)
    for _ in range(1):
        _make_rows()
    with CaptureQueriesContext(connection) as few:
        client.get(admin_url(model, "changelist"))
    for _ in range(4):
        _make_rows()
    with django_assert_max_num_queries(len(few)):
        client.get(admin_url(model, "changelist"))


def _make_rows() -> None:
    item = factories.AgendaItemFactory()
    factories.AttendanceFactory(meeting=item.meeting)
    factories.AttachmentFactory(agenda_item=item)
    factories.MembershipFactory(body=item.meeting.body)
    factories.PersonAliasFactory()
    decision = factories.DecisionFactory(agenda_item=item)
    factories.DecisionPointFactory(agenda_item=item)
    factories.BallotFactory(vote=factories.VoteFactory(agenda_item=item))
    factories.AssignmentFactory(agenda_item=item)
    factories.AgreementEventFactory(decision=decision)


def adjustable_meeting(**kwargs) -> Meeting:
    """A held meeting with a chair, an adjuster and one draft paragraph."""
    meeting = factories.MeetingFactory(chair=factories.PersonFactory(), **kwargs)
    meeting.adjusters.add(factories.PersonFactory())
    factories.AgendaItemFactory(meeting=meeting, draft=True)
    return meeting


def test_action_adjusts_selected_paragraphs_immediately(client, admin_login, secretary):
    meeting = adjustable_meeting(date=datetime.date(2021, 12, 3))
    admin_login(secretary)
    response = client.post(
        admin_url(AgendaItem, "changelist"),
        {
            "action": "adjust_immediately",
            "_selected_action": list(meeting.agenda_items.values_list("pk", flat=True)),
        },
        follow=True,
    )
    assert "är justerad och publicerad" in response.content.decode()
    item = meeting.agenda_items.get()
    assert item.is_adjusted
    assert item.adjusted_immediately


def test_secretariat_records_a_paper_adjustment(client, admin_login, secretary):
    meeting = adjustable_meeting(date=datetime.date(2021, 12, 3))
    admin_login(secretary)
    response = client.post(
        reverse("admin:meetings_meeting_adjust", args=[meeting.pk]),
        {"adjusted_at": "2021-12-10 10:00"},
        follow=True,
    )
    assert "1 paragraf publicerades" in response.content.decode()
    meeting.refresh_from_db()
    assert meeting.status == Meeting.Status.ADJUSTED
    assert meeting.adjustment_method == Meeting.AdjustmentMethod.PAPER


def test_paper_adjustment_without_adjusters_is_refused_with_a_message(
    client, admin_login, secretary
):
    meeting = adjustable_meeting(date=datetime.date(2021, 12, 3))
    meeting.adjusters.clear()
    admin_login(secretary)
    response = client.post(
        reverse("admin:meetings_meeting_adjust", args=[meeting.pk]),
        {"adjusted_at": "2021-12-10 10:00"},
    )
    assert "Mötet saknar justerare" in response.content.decode()
    meeting.refresh_from_db()
    assert meeting.status == Meeting.Status.HELD


@pytest.mark.parametrize("status", ["adjusted", "planned", "agenda_published", "cancelled"])
def test_status_posted_with_the_meeting_form_changes_nothing(
    client, admin_login, secretary, status
):
    """Only the meeting's actions move its status; the form shows it read-only."""
    meeting = adjustable_meeting(date=datetime.date(2021, 12, 3))
    admin_login(secretary)
    data = new_meeting_form(meeting.body, "2021-12-03", []) | {"status": status}
    data |= {"approvals-TOTAL_FORMS": 0, "approvals-INITIAL_FORMS": 0}
    data |= {"agenda_items-INITIAL_FORMS": 0, "agenda_items-TOTAL_FORMS": 0}
    client.post(admin_url(Meeting, "change", meeting.pk), data)
    meeting.refresh_from_db()
    assert meeting.status == Meeting.Status.HELD


def test_meeting_list_shows_days_left_to_adjust(client, admin_login, secretary):
    meeting = adjustable_meeting(date=datetime.date.today() - datetime.timedelta(days=4))
    admin_login(secretary)
    page = client.get(admin_url(Meeting, "changelist") + "?justering=awaiting").content.decode()
    assert "10 dagar kvar" in page
    assert str(meeting.body) in page


def test_meeting_list_marks_an_overdue_adjustment(client, admin_login, secretary):
    adjustable_meeting(date=datetime.date.today() - datetime.timedelta(days=20))
    admin_login(secretary)
    page = client.get(admin_url(Meeting, "changelist") + "?justering=overdue").content.decode()
    assert "Försenad 6 dagar" in page


def test_audit_log_lists_who_adjusted_what(client, admin_login, secretary):
    meeting = adjustable_meeting(date=datetime.date(2021, 12, 3))
    admin_login(secretary)
    client.post(
        reverse("admin:meetings_meeting_adjust", args=[meeting.pk]),
        {"adjusted_at": "2021-12-10 10:00"},
    )
    page = client.get(reverse("admin:admin_logentry_changelist")).content.decode()
    assert "Protokollet justerat" in page
    assert "sekreterare" in page


def test_audit_log_filters_by_person(client, admin_login, secretary, member):
    meeting = adjustable_meeting(date=datetime.date(2021, 12, 3))
    admin_login(secretary)
    client.post(
        reverse("admin:meetings_meeting_adjust", args=[meeting.pk]),
        {"adjusted_at": "2021-12-10 10:00"},
    )
    url = reverse("admin:admin_logentry_changelist") + f"?user__id__exact={member.pk}"
    assert "Protokollet justerat" not in client.get(url).content.decode()


def test_staff_login_without_the_second_factor_cannot_reach_the_admin(client, secretary):
    client.force_login(secretary)
    response = client.get(reverse("admin:index"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))


def test_admin_login_asks_for_the_second_factor_under_the_portal_header(client):
    page = client.get(reverse("admin:login")).content.decode()
    assert "SVOM:s protokollportal – sekretariatet" in page
    assert 'name="otp_token"' in page


def new_meeting_form(body, date: str, numbers: list[int | None]) -> dict:
    """The POST data of the admin's add-meeting page with one agenda row per number."""
    data = {
        "body": body.pk,
        "date": date,
        "status": "held",
        "attendances-TOTAL_FORMS": 0,
        "attendances-INITIAL_FORMS": 0,
        "agenda_items-TOTAL_FORMS": len(numbers),
        "agenda_items-INITIAL_FORMS": 0,
    }
    for index, number in enumerate(numbers):
        data |= {
            f"agenda_items-{index}-position": index + 1,
            f"agenda_items-{index}-number": number or "",
            f"agenda_items-{index}-title": f"Punkt {index + 1}",
            f"agenda_items-{index}-state": "draft",
        }
    return data


def test_secretariat_adds_a_meeting_with_its_agenda(client, admin_login, secretary):
    body = factories.BodyFactory()
    admin_login(secretary)
    response = client.post(
        admin_url(Meeting, "add"), new_meeting_form(body, "2021-12-03", [46, None])
    )
    assert response.status_code == 302
    meeting = Meeting.objects.get()
    assert [(i.number, i.year, i.body_id) for i in meeting.agenda_items.all()] == [
        (46, 2021, body.pk),
        (None, 2021, body.pk),
    ]


def test_same_paragraph_number_twice_on_one_agenda_is_refused_with_a_message(
    client, admin_login, secretary
):
    admin_login(secretary)
    data = new_meeting_form(factories.BodyFactory(), "2021-12-03", [46, 46])
    response = client.post(admin_url(Meeting, "add"), data)
    assert response.status_code == 200
    assert "Samma paragrafnummer används flera gånger: § 46." in response.content.decode()
    assert not Meeting.objects.exists()


def test_paragraph_number_taken_by_another_meeting_is_refused_with_a_message(
    client, admin_login, secretary
):
    taken = factories.AgendaItemFactory(number=46, meeting__date=datetime.date(2021, 6, 4))
    admin_login(secretary)
    data = new_meeting_form(taken.meeting.body, "2021-12-03", [46])
    response = client.post(admin_url(Meeting, "add"), data)
    assert response.status_code == 200
    assert "§ 46 finns redan i ett annat möte" in response.content.decode()
    assert Meeting.objects.count() == 1


def test_meeting_ending_before_it_starts_is_refused_with_a_message(client, admin_login, secretary):
    admin_login(secretary)
    data = new_meeting_form(factories.BodyFactory(), "2021-12-03", [])
    data |= {"start_time": "13:00", "end_time": "12:00"}
    response = client.post(admin_url(Meeting, "add"), data)
    assert response.status_code == 200
    assert "Mötet måste sluta efter att det har börjat." in response.content.decode()


def test_agreement_page_shows_the_derived_end_date_and_state(client, admin_login, secretary):
    event = factories.AgreementEventFactory(new_end_date=datetime.date(2022, 12, 31))
    admin_login(secretary)
    response = client.get(admin_url(type(event.agreement), "change", event.agreement.pk))
    content = response.content.decode()
    assert "31 december 2022" in content
    assert "Har löpt ut" in content
