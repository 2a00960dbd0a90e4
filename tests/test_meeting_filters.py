"""The year filters (/moten/, /sok/, /beslut/): a choice of the years there are; the order.

The form is read as a browser reads it: a select submits its selected option, or its first
one when none is selected, so what the form shows is what "Visa" asks for.
"""

import datetime
from html.parser import HTMLParser

import pytest

from meetings.models import Meeting
from tests import factories

pytestmark = pytest.mark.django_db


class SelectReader(HTMLParser):
    """The options of one <select> and the value a browser would submit for it."""

    def __init__(self, name: str) -> None:
        super().__init__()
        self.name, self.inside = name, False
        self.options: list[str] = []
        self.selected: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        if tag == "select":
            self.inside = attributes.get("name") == self.name
        elif tag == "option" and self.inside:
            self.options.append(attributes.get("value") or "")
            if "selected" in attributes:
                self.selected = self.options[-1]

    def handle_endtag(self, tag: str) -> None:
        if tag == "select":
            self.inside = False

    @property
    def submitted(self) -> str | None:
        return self.selected if self.selected is not None else next(iter(self.options), None)


def select(response, name: str) -> SelectReader:
    reader = SelectReader(name)
    reader.feed(response.content.decode())
    return reader


def listed_dates(response) -> list[datetime.date]:
    return [meeting.date for meeting in response.context["object_list"]]


@pytest.fixture
def three_years():
    for year in (2019, 2021, 2023):
        factories.MeetingFactory(date=datetime.date(year, 5, 1))


def test_year_is_a_choice_of_the_years_with_meetings_newest_first(client, three_years):
    assert select(client.get("/moten/"), "year").options == ["", "2023", "2021", "2019"]


def test_year_choice_filters_the_list(client, three_years):
    assert listed_dates(client.get("/moten/", {"year": "2021"})) == [datetime.date(2021, 5, 1)]


def test_chosen_year_stays_selected(client, three_years):
    assert select(client.get("/moten/", {"year": "2021"}), "year").selected == "2021"


def test_planned_meetings_year_is_offered(client):
    """A meeting's date is public from the moment it is planned (Meeting.visible_to)."""
    factories.MeetingFactory(date=datetime.date(2030, 2, 1), status=Meeting.Status.PLANNED)
    assert "2030" in select(client.get("/moten/"), "year").options


def test_year_without_meetings_is_a_form_error_not_a_server_error(client, three_years):
    response = client.get("/moten/", {"year": "1995"})
    assert response.status_code == 200
    assert response.context["filter"].form.errors["year"]


def test_unfiltered_list_is_newest_first_and_its_form_says_so(client, three_years):
    response = client.get("/moten/")
    dates = listed_dates(response)
    assert dates == sorted(dates, reverse=True)
    assert select(response, "sort").submitted == "-date"


def test_pressing_show_without_changes_keeps_the_order(client, three_years):
    """The complaint of issue 13: the form showed "Äldst först", so Visa flipped the list."""
    first = client.get("/moten/")
    again = client.get("/moten/", {"sort": select(first, "sort").submitted})
    assert listed_dates(again) == listed_dates(first)


def test_filtered_list_without_sort_is_newest_first_and_says_so(client, three_years):
    response = client.get("/moten/", {"date_after": "2018-01-01"})
    assert listed_dates(response)[0] == datetime.date(2023, 5, 1)
    assert select(response, "sort").submitted == "-date"


def test_chosen_oldest_first_is_shown_and_kept(client, three_years):
    response = client.get("/moten/", {"sort": "date"})
    assert listed_dates(response)[0] == datetime.date(2019, 5, 1)
    assert select(response, "sort").submitted == "date"


def test_search_year_is_a_choice_of_the_years_with_meetings_newest_first(client, three_years):
    response = client.get("/sok/", {"q": "nutrition"})
    assert select(response, "year").options == ["", "2023", "2021", "2019"]


def test_register_year_is_a_choice_of_the_years_with_public_decisions(client):
    for year in (2020, 2022):
        item = factories.AgendaItemFactory(meeting__date=datetime.date(year, 3, 1))
        factories.DecisionFactory(agenda_item=item)
    draft = factories.AgendaItemFactory(meeting__date=datetime.date(2024, 3, 1), draft=True)
    factories.DecisionFactory(agenda_item=draft)
    assert select(client.get("/beslut/"), "year").options == ["", "2022", "2020"]


@pytest.fixture
def two_lenas(db):
    for name in ("Lena Danielsson", "Lena Hallquist", "Lise Hjemgaard Svensson"):
        meeting = factories.AgendaItemFactory().meeting  # an adjusted, public protocol
        factories.AttendanceFactory(meeting=meeting, person=factories.PersonFactory(name=name))


def chosen_people(response) -> set[str]:
    return {
        attendance.person.name
        for meeting in response.context["object_list"]
        for attendance in meeting.attendances.all()
    }


def test_person_filter_takes_a_part_of_the_name_that_names_one_person(client, two_lenas):
    assert chosen_people(client.get("/moten/", {"person": "Lise"})) == {"Lise Hjemgaard Svensson"}


def test_person_filter_lists_the_names_a_too_wide_part_of_a_name_fits(client, two_lenas):
    page = client.get("/moten/", {"person": "lena"}).content.decode()
    assert "Flera personer heter så: Lena Danielsson, Lena Hallquist." in page


def test_person_filter_says_when_no_name_fits(client, two_lenas):
    page = client.get("/moten/", {"person": "Zlatan"}).content.decode()
    assert "Ingen person heter så" in page
