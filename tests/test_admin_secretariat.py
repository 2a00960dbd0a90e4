"""The secretariat's admin as a secretary meets it (issue 13): one place for the chair, the
proposal and the decision headed apart, status moved only by the actions the meeting can
take, times later today accepted, flags shown when they hold, and everything in Swedish."""

import datetime
import re
import zoneinfo

import pytest
from django.urls import reverse
from django.utils import timezone

from meetings.forms import AdjustProtocolForm
from meetings.models import AgendaItem, Attendance, Meeting
from tests import factories
from tests.admin_forms import change_form_data

pytestmark = pytest.mark.django_db

STOCKHOLM = zoneinfo.ZoneInfo("Europe/Stockholm")


def change_url(meeting: Meeting) -> str:
    return reverse("admin:meetings_meeting_change", args=[meeting.pk])


def inline(response, model):
    (found,) = [
        inline for inline in response.context["inline_admin_formsets"] if inline.opts.model is model
    ]
    return found


# --- The chair, entered once ------------------------------------------------------------


def test_attendance_rows_do_not_offer_the_chairs_role(client, admin_login, secretary):
    meeting = factories.MeetingFactory()
    admin_login(secretary)
    response = client.get(change_url(meeting))
    formset = inline(response, Attendance).formset
    roles = [value for value, _label in formset.empty_form.fields["role"].choices]
    assert Attendance.Role.CHAIR not in roles
    assert Attendance.Role.MEMBER in roles


def test_chair_entered_on_the_meeting_appears_in_the_attendance(client, admin_login, secretary):
    meeting = factories.MeetingFactory(chair=None)
    chair = factories.PersonFactory(name="Lise Hjemgaard Svensson")
    admin_login(secretary)
    data = change_form_data(client.get(change_url(meeting))) | {"chair": chair.pk}
    response = client.post(change_url(meeting), data)
    assert response.status_code == 302
    chairs = Attendance.objects.filter(meeting=meeting, role=Attendance.Role.CHAIR)
    assert [attendance.person for attendance in chairs] == [chair]


def test_adjuster_marked_in_the_attendance_is_one_of_the_meetings_adjusters(
    client, admin_login, secretary
):
    meeting = factories.MeetingFactory()
    adjuster = factories.PersonFactory(name="Tom Silverklo")
    admin_login(secretary)
    data = change_form_data(client.get(change_url(meeting)))
    data |= {
        "attendances-TOTAL_FORMS": "1",
        "attendances-0-person": str(adjuster.pk),
        "attendances-0-role": Attendance.Role.ADJUSTER,
        "attendances-0-present": "on",
    }
    assert client.post(change_url(meeting), data).status_code == 302
    assert list(meeting.adjusters.all()) == [adjuster]


def test_changing_the_chair_moves_the_chairs_attendance(client, admin_login, secretary):
    old, new = factories.PersonFactory(), factories.PersonFactory()
    meeting = factories.MeetingFactory(chair=old)
    factories.AttendanceFactory(meeting=meeting, person=old, role=Attendance.Role.CHAIR)
    admin_login(secretary)
    page = client.get(change_url(meeting))
    assert inline(page, Attendance).formset.queryset.count() == 0  # the chair's row not twice
    client.post(change_url(meeting), change_form_data(page) | {"chair": new.pk})
    chairs = Attendance.objects.filter(meeting=meeting, role=Attendance.Role.CHAIR)
    assert [attendance.person for attendance in chairs] == [new]


# --- The paragraph's form ---------------------------------------------------------------


def test_paragraph_form_heads_proposal_and_decision_apart(client, admin_login, secretary):
    item = factories.AgendaItemFactory(draft=True)
    admin_login(secretary)
    response = client.get(reverse("admin:meetings_agendaitem_change", args=[item.pk]))
    headings = [
        str(inline.opts.verbose_name_plural) for inline in response.context["inline_admin_formsets"]
    ]
    assert len(headings) == len(set(headings)), headings
    assert headings.index("förslag till beslut") < headings.index("beslut")


def test_agenda_rows_show_added_after_the_notice_only_when_it_was(client, admin_login, secretary):
    meeting = factories.MeetingFactory()
    on_time = factories.AgendaItemFactory(meeting=meeting, draft=True, title="Ordinarie punkt")
    late = factories.AgendaItemFactory(meeting=meeting, draft=True, title="Extra punkt")
    AgendaItem.objects.filter(pk=on_time.pk).update(added_after_agenda=False)
    AgendaItem.objects.filter(pk=late.pk).update(added_after_agenda=True)
    admin_login(secretary)
    page = client.get(change_url(meeting)).content.decode()
    agenda = page[page.index('id="agenda_items-group"') :]
    agenda = agenda[: agenda.index("</fieldset>")]
    assert "icon-no" not in agenda
    assert "icon-yes" not in agenda
    assert agenda.count("tillagd efter kallelsen") == 1


def test_paragraph_list_shows_flags_as_words_only_when_they_hold(client, admin_login, secretary):
    factories.AgendaItemFactory(confidential=True)
    factories.AgendaItemFactory()
    admin_login(secretary)
    page = client.get(reverse("admin:meetings_agendaitem_changelist")).content.decode()
    assert "icon-no" not in page
    assert "Sekretess" in page


# --- Status shown, moved by the actions the meeting can take -----------------------------


@pytest.mark.parametrize("page", ["add", "change"])
def test_status_is_shown_not_chosen(client, admin_login, secretary, page):
    meeting = factories.MeetingFactory(status=Meeting.Status.PLANNED)
    admin_login(secretary)
    url = change_url(meeting) if page == "change" else reverse("admin:meetings_meeting_add")
    response = client.get(url)
    assert "status" not in response.context["adminform"].form.fields
    assert 'name="status"' not in response.content.decode()


@pytest.mark.parametrize(
    ("status", "days_ago", "offered", "not_offered"),
    [
        ("planned", -10, {"publish", "cancel"}, {"hold", "adjust"}),
        ("planned", 0, {"publish", "hold", "cancel"}, {"adjust"}),
        ("agenda_published", -3, {"cancel"}, {"publish", "hold", "adjust"}),
        ("agenda_published", 1, {"hold", "cancel"}, {"publish", "adjust"}),
        ("held", 2, {"adjust"}, {"publish", "hold", "cancel"}),
        ("cancelled", 2, set(), {"publish", "hold", "cancel", "adjust"}),
    ],
)
def test_change_page_offers_only_the_actions_the_meeting_can_take(
    client, admin_login, secretary, status, days_ago, offered, not_offered
):
    meeting = factories.MeetingFactory(
        status=status,
        date=timezone.localdate() - datetime.timedelta(days=days_ago),
        start_time=None,
        chair=factories.PersonFactory(),
    )
    meeting.adjusters.add(factories.PersonFactory())
    admin_login(secretary)
    page = client.get(change_url(meeting)).content.decode()
    shown = set(re.findall(r'name="_meeting_action" value="(\w+)"', page))
    if reverse("admin:meetings_meeting_adjust", args=[meeting.pk]) in page:
        shown.add("adjust")
    assert offered <= shown
    assert not (not_offered & shown)


def test_held_meeting_without_adjusters_offers_no_adjustment_but_says_what_is_missing(
    client, admin_login, secretary
):
    meeting = factories.MeetingFactory(status=Meeting.Status.HELD, chair=factories.PersonFactory())
    admin_login(secretary)
    page = client.get(change_url(meeting)).content.decode()
    assert reverse("admin:meetings_meeting_adjust", args=[meeting.pk]) not in page
    assert "Ange först justerare" in page


def test_action_button_moves_the_status(client, admin_login, secretary):
    meeting = factories.MeetingFactory(
        status=Meeting.Status.PLANNED, date=timezone.localdate(), start_time=None
    )
    admin_login(secretary)
    response = client.post(
        reverse("admin:meetings_meeting_action", args=[meeting.pk, "hold"]), follow=True
    )
    assert "är markerat som genomfört" in response.content.decode()
    meeting.refresh_from_db()
    assert meeting.status == Meeting.Status.HELD


def test_action_url_answers_only_a_post(client, admin_login, secretary):
    meeting = factories.MeetingFactory(status=Meeting.Status.PLANNED)
    admin_login(secretary)
    url = reverse("admin:meetings_meeting_action", args=[meeting.pk, "publish"])
    assert client.get(url).status_code == 405


def test_member_cannot_run_a_meetings_action(client, admin_login, member):
    meeting = factories.MeetingFactory(status=Meeting.Status.PLANNED)
    admin_login(member)
    url = reverse("admin:meetings_meeting_action", args=[meeting.pk, "publish"])
    assert client.post(url).status_code == 403
    meeting.refresh_from_db()
    assert meeting.status == Meeting.Status.PLANNED


def test_meeting_list_offers_no_adjustment_of_a_meeting_not_yet_held(
    client, admin_login, secretary
):
    upcoming = factories.MeetingFactory(
        status=Meeting.Status.AGENDA_PUBLISHED,
        date=timezone.localdate() + datetime.timedelta(days=5),
    )
    admin_login(secretary)
    page = client.get(reverse("admin:meetings_meeting_changelist")).content.decode()
    assert reverse("admin:meetings_meeting_adjust", args=[upcoming.pk]) not in page
    assert "Registrera justering" not in page


def test_adjustment_page_of_a_meeting_not_yet_held_says_why_and_leads_back(
    client, admin_login, secretary
):
    upcoming = factories.MeetingFactory(
        status=Meeting.Status.AGENDA_PUBLISHED,
        date=timezone.localdate() + datetime.timedelta(days=5),
    )
    admin_login(secretary)
    response = client.get(reverse("admin:meetings_meeting_adjust", args=[upcoming.pk]))
    assert response.status_code == 302
    assert response.url == change_url(upcoming)
    followed = client.get(response.url).content.decode()
    assert "bara ett genomfört möte har ett protokoll att justera" in followed


def test_meeting_list_menu_holds_only_actions_some_meeting_can_take(client, admin_login, secretary):
    factories.MeetingFactory(status=Meeting.Status.HELD)
    admin_login(secretary)
    response = client.get(reverse("admin:meetings_meeting_changelist"))
    actions = {name for name, _label in response.context["action_form"].fields["action"].choices}
    assert not {"publish_agendas", "hold_meetings", "cancel_meetings"} & actions
    factories.MeetingFactory(
        status=Meeting.Status.PLANNED, date=timezone.localdate() + datetime.timedelta(days=9)
    )
    response = client.get(reverse("admin:meetings_meeting_changelist"))
    actions = {name for name, _label in response.context["action_form"].fields["action"].choices}
    assert {"publish_agendas", "cancel_meetings"} <= actions
    assert "hold_meetings" not in actions


# --- Times today --------------------------------------------------------------------------


@pytest.fixture
def ten_in_the_morning(monkeypatch):
    moment = datetime.datetime(2021, 12, 10, 10, 0, tzinfo=STOCKHOLM)
    monkeypatch.setattr(timezone, "now", lambda: moment)
    return moment


def test_adjustment_later_today_is_accepted(ten_in_the_morning):
    form = AdjustProtocolForm({"adjusted_at": "2021-12-10 15:30"})
    assert form.is_valid(), form.errors


def test_adjustment_tomorrow_is_refused_as_in_the_future(ten_in_the_morning):
    form = AdjustProtocolForm({"adjusted_at": "2021-12-11 09:00"})
    assert not form.is_valid()
    assert form.errors["adjusted_at"] == ["Justeringen kan inte ligga i framtiden."]


# --- Swedish throughout -------------------------------------------------------------------

ENGLISH_LABELS = [
    "Axes",
    "Access attempts",
    "Access failures",
    "Access logs",
    "Otp_Static",
    "Otp_Totp",
    "Static devices",
    "TOTP devices",
]


@pytest.fixture
def superuser(db):
    return factories.UserFactory(username="root", is_staff=True, is_superuser=True)


def test_admin_start_page_names_every_app_and_model_in_swedish(client, admin_login, superuser):
    admin_login(superuser)
    page = client.get(reverse("admin:index")).content.decode()
    for label in ENGLISH_LABELS:
        assert label not in page
    assert "Inloggningar och spärrar" in page
    assert "Autentiseringsappar" in page


@pytest.mark.parametrize(
    "url",
    [
        "admin:axes_accessattempt_changelist",
        "admin:axes_accesslog_changelist",
        "admin:axes_accessfailurelog_changelist",
        "admin:otp_totp_totpdevice_add",
        "admin:otp_static_staticdevice_add",
    ],
)
def test_login_and_device_pages_are_in_swedish(client, admin_login, superuser, url):
    admin_login(superuser)
    page = client.get(reverse(url)).content.decode()
    for english in [
        "Attempt Time",
        "IP Address",
        "User Agent",
        "Locked Out",
        "Identity",
        "Timestamps",
        "The human-readable name",
        "access attempt",
        "TOTP device",
    ]:
        assert english not in page, english


@pytest.mark.parametrize(
    "url", ["admin:meetings_agendaitem_changelist", "admin:decisions_decision_changelist"]
)
def test_paragraph_and_decision_filters_have_swedish_titles(client, admin_login, secretary, url):
    factories.DecisionFactory()  # two bodies and two years: each filter has a choice
    factories.DecisionFactory(agenda_item__meeting__date=datetime.date(2020, 11, 6))
    admin_login(secretary)
    response = client.get(reverse(url))
    titles = {str(spec.title) for spec in response.context["cl"].filter_specs}
    assert {"organ", "år"} <= titles
    assert not {"body", "year"} & titles


# --- The import preview -------------------------------------------------------------------


def test_import_preview_is_a_preview_not_a_message_of_success(client, admin_login, secretary):
    from tests.test_protocol_import_admin import uploaded_preview_url

    body = factories.BodyFactory(short_name="SVOM", slug="svom", name="SVOM")
    admin_login(secretary)
    page = client.get(uploaded_preview_url(client, body)).content.decode()
    assert 'class="messagelist"' not in page
    assert "Förhandsgranskning: inget är importerat ännu" in page
    assert "skulle importeras" in page


def test_adjusted_meeting_cannot_be_deleted_and_its_page_says_why(client, admin_login, secretary):
    item = factories.AgendaItemFactory()
    admin_login(secretary)
    url = reverse("admin:meetings_meeting_delete", args=[item.meeting.pk])
    response = client.get(url)
    assert response.status_code == 403
    assert Meeting.objects.filter(pk=item.meeting.pk).exists()


def test_deleting_an_adjusted_paragraph_says_the_record_is_never_deleted(
    client, admin_login, secretary
):
    item = factories.AgendaItemFactory()
    admin_login(secretary)
    page = client.get(reverse("admin:meetings_agendaitem_delete", args=[item.pk]))
    assert page.status_code == 403


def test_bulk_deleting_adjusted_paragraphs_says_the_record_is_never_deleted(
    client, admin_login, secretary
):
    item = factories.AgendaItemFactory()
    admin_login(secretary)
    response = client.post(
        reverse("admin:meetings_agendaitem_changelist"),
        {"action": "delete_selected", "_selected_action": [item.pk]},
    )
    page = response.content.decode()
    assert "allmänna handlingar och tas aldrig bort" in page
    assert "behörighet" not in page
    assert AgendaItem.objects.filter(pk=item.pk).exists()
