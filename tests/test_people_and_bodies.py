"""People's and bodies' pages: who they are, where they sit, what they presented and moved."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from meetings.models import Attendance, Meeting, Membership
from tests import factories

pytestmark = pytest.mark.django_db

MARKER = "Hemlig-markör-7f3a"


@pytest.fixture
def presenter():
    return factories.PersonFactory(name="Anna Föredragande", slug="anna-foredragande")


def person_page(client, person):
    return client.get(reverse("meetings:person", kwargs={"slug": person.slug}))


def body_page(client, body):
    return client.get(reverse("meetings:body", kwargs={"slug": body.slug}))


# --- People --------------------------------------------------------------------------------


def test_demo_chair_page_answers(client, demo):
    assert client.get("/personer/lise-hjemgaard-svensson/").status_code == 200


def test_demo_chair_page_shows_her_party(client, demo):
    response = client.get("/personer/lise-hjemgaard-svensson/")
    assert response.context["person"].party == "M"
    assert "<dd>M</dd>" in response.content.decode()


def test_demo_chair_page_shows_the_meetings_she_chaired_and_attended(client, demo):
    response = client.get("/personer/lise-hjemgaard-svensson/")
    roles = [
        (attendance.meeting.date, attendance.role)
        for attendance in response.context["person"].recent_attendances
    ]
    assert roles == [
        (timezone.localdate() - datetime.timedelta(days=10), Attendance.Role.CHAIR),  # demo
        (datetime.date(2021, 12, 3), Attendance.Role.CHAIR),
        (datetime.date(2021, 6, 4), Attendance.Role.CHAIR),
        (datetime.date(2020, 11, 6), Attendance.Role.PRESENTER),
    ]
    assert 'href="/moten/svom/2021-06-04/"' in response.content.decode()


def test_demo_chair_page_shows_her_chairmanship_of_svom(client, demo):
    content = client.get("/personer/lise-hjemgaard-svensson/").content.decode()
    assert 'href="/organ/svom/"' in content
    assert "Ordförande" in content


def test_person_page_shows_other_spellings_of_the_name(client, demo):
    content = client.get("/personer/lise-hjemgaard-svensson/").content.decode()
    assert "Lise Hjeemgard Svensson" in content


def test_person_page_shows_organisation_and_title(client):
    person = factories.PersonFactory(
        title="projektledare", organisation__name="Region Jämtland Härjedalen"
    )
    factories.MembershipFactory(person=person)
    content = person_page(client, person).content.decode()
    assert "projektledare" in content
    assert "Region Jämtland Härjedalen" in content


def test_person_page_shows_a_past_membership_with_its_period(client):
    membership = factories.MembershipFactory(
        start_date=datetime.date(2019, 1, 1), end_date=datetime.date(2020, 12, 31)
    )
    content = person_page(client, membership.person).content.decode()
    assert "1 januari 2019 – 31 december 2020" in content


def test_person_page_leaves_out_meetings_the_person_was_absent_from(client, presenter):
    for attendance in [
        factories.AttendanceFactory(person=presenter, meeting__date=datetime.date(2021, 3, 5)),
        factories.AttendanceFactory(
            person=presenter, meeting__date=datetime.date(2021, 4, 9), present=False
        ),
    ]:
        factories.AgendaItemFactory(meeting=attendance.meeting)
    response = person_page(client, presenter)
    dates = [a.meeting.date for a in response.context["person"].recent_attendances]
    assert dates == [datetime.date(2021, 3, 5)]


def test_adjusted_paragraph_presented_is_linked_on_the_presenters_page(client, presenter):
    item = factories.AgendaItemFactory(title="Psykisk hälsa", number=12)
    factories.add_presenters(item, presenter)
    content = person_page(client, presenter).content.decode()
    assert f'href="{item.get_absolute_url()}"' in content
    assert "Psykisk hälsa" in content


def test_draft_paragraph_is_hidden_from_public_on_the_presenters_page(client, presenter):
    # The meeting is held, so the draft's title is on the public agenda; the person's
    # page must still not show it.
    item = factories.AgendaItemFactory(title=MARKER, draft=True)
    factories.add_presenters(item, presenter)
    assert MARKER not in person_page(client, presenter).content.decode()


def test_draft_paragraph_is_shown_to_a_member_on_the_presenters_page(client, member, presenter):
    item = factories.AgendaItemFactory(title=MARKER, draft=True)
    factories.add_presenters(item, presenter)
    client.force_login(member)
    assert MARKER in person_page(client, presenter).content.decode()


def test_confidential_paragraph_is_hidden_from_public_on_the_presenters_page(client, presenter):
    item = factories.AgendaItemFactory(title=MARKER, confidential=True)
    factories.add_presenters(item, presenter)
    assert MARKER not in person_page(client, presenter).content.decode()


def test_motion_in_an_adjusted_paragraph_is_shown_on_the_movers_page(client, presenter):
    factories.MotionFactory(mover=presenter, text="att en utredning genomförs")
    assert "att en utredning genomförs" in person_page(client, presenter).content.decode()


def test_motion_in_a_draft_paragraph_is_hidden_from_public_on_the_movers_page(client, presenter):
    factories.MotionFactory(
        mover=presenter, text=MARKER, agenda_item__title=MARKER, agenda_item__draft=True
    )
    assert MARKER not in person_page(client, presenter).content.decode()


def test_motion_in_a_confidential_paragraph_is_hidden_from_public(client, presenter):
    factories.MotionFactory(mover=presenter, text=MARKER, agenda_item__confidential=True)
    assert MARKER not in person_page(client, presenter).content.decode()


def test_motion_in_a_draft_paragraph_is_shown_to_a_member(client, member, presenter):
    factories.MotionFactory(mover=presenter, text=MARKER, agenda_item__draft=True)
    client.force_login(member)
    assert MARKER in person_page(client, presenter).content.decode()


def test_unknown_person_is_not_found(client):
    assert client.get("/personer/ingen-sadan-person/").status_code == 404


def test_person_page_query_count_does_not_grow_with_the_rows(
    client, presenter, django_assert_max_num_queries
):
    """One query for the person and one per list (aliases, memberships, meetings, paragraphs,
    motions): each list is a prefetch, so a person with thirty years of meetings costs the
    same six queries as a newcomer."""
    for number in range(1, 6):
        factories.MembershipFactory(person=presenter)
        factories.PersonAliasFactory(person=presenter)
        item = factories.AgendaItemFactory(number=number)
        factories.add_presenters(item, presenter)
        factories.AttendanceFactory(person=presenter, meeting=item.meeting)
        factories.MotionFactory(mover=presenter, agenda_item=item)
    with django_assert_max_num_queries(6):
        assert person_page(client, presenter).status_code == 200


# --- Bodies --------------------------------------------------------------------------------


def test_svom_page_answers(client, demo):
    assert client.get("/organ/svom/").status_code == 200


def test_svom_page_lists_its_working_groups(client, demo):
    content = client.get("/organ/svom/").content.decode()
    for name, slug in [
        ("Fredagsgruppen", "fredagsgruppen"),
        ("L-IFO", "l-ifo"),
        ("LSG Patientsäkerhet", "lsg-patientsakerhet"),
    ]:
        assert f'<a href="/organ/{slug}/">{name}</a>' in content


def test_svom_page_lists_its_meeting_dates_newest_first(client, demo):
    response = client.get("/organ/svom/")
    today = timezone.localdate()
    assert [meeting.date for meeting in response.context["body"].recent_meetings] == [
        today + datetime.timedelta(days=14),  # the demo's planned meeting
        today - datetime.timedelta(days=10),  # and its recently adjusted one
        datetime.date(2021, 12, 3),
        datetime.date(2021, 6, 4),
        datetime.date(2020, 11, 6),
    ]
    content = response.content.decode()
    assert "3 december 2021" in content
    assert 'href="/moten/svom/2020-11-06/"' in content


def test_svom_page_shows_its_current_chair(client, demo):
    content = client.get("/organ/svom/").content.decode()
    assert 'href="/personer/lise-hjemgaard-svensson/"' in content
    assert 'href="/personer/tom-silverklo/"' not in content


def test_working_group_page_links_its_parent_body(client, demo):
    assert 'href="/organ/svom/"' in client.get("/organ/l-ifo/").content.decode()


def test_body_page_lists_members_whose_term_ends_in_the_future(client):
    today = timezone.localdate()
    membership = factories.MembershipFactory(end_date=today + datetime.timedelta(days=30))
    response = body_page(client, membership.body)
    assert response.context["body"].current_memberships == [membership]


def test_body_page_leaves_out_former_members(client):
    today = timezone.localdate()
    membership = factories.MembershipFactory(end_date=today - datetime.timedelta(days=1))
    assert body_page(client, membership.body).context["body"].current_memberships == []


def test_body_page_lists_the_chair_before_the_members(client):
    body = factories.BodyFactory()
    ordinary = factories.MembershipFactory(body=body, person__name="Aron Ledamot")
    chair = factories.MembershipFactory(
        body=body, person__name="Örjan Ordförande", role=Membership.Role.CHAIR
    )
    assert body_page(client, body).context["body"].current_memberships == [chair, ordinary]


def test_body_page_lists_planned_meetings_with_their_state(client):
    body = factories.BodyFactory()
    factories.MeetingFactory(
        body=body,
        date=timezone.localdate() + datetime.timedelta(days=60),
        status=Meeting.Status.PLANNED,
    )
    assert "Planerat" in body_page(client, body).content.decode()


def test_body_page_shows_only_the_newest_meetings_and_links_to_all(client):
    body = factories.BodyFactory(slug="svom-test")
    meetings = [factories.MeetingFactory(body=body) for _ in range(25)]
    response = body_page(client, body)
    shown = response.context["body"].recent_meetings
    assert len(shown) == 20
    assert shown[0] == max(meetings, key=lambda meeting: meeting.date)
    assert 'href="/moten/?body=svom-test"' in response.content.decode()


def test_unknown_body_is_not_found(client):
    assert client.get("/organ/inget-sadant-organ/").status_code == 404


def test_body_page_query_count_does_not_grow_with_the_rows(client, django_assert_max_num_queries):
    """One query for the body and its parent, one each for working groups, current members
    and the newest meetings: prefetches, so twenty bodies over thirty years cost the same
    four queries as one."""
    body = factories.BodyFactory()
    for _ in range(5):
        factories.BodyFactory(parent=body)
        factories.MembershipFactory(body=body)
        factories.MeetingFactory(body=body)
    with django_assert_max_num_queries(4):
        assert body_page(client, body).status_code == 200
