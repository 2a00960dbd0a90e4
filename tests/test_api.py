"""The open data API (OParl 1.1): the public record as JSON a harvester can mirror."""

import datetime
from collections import deque
from html.parser import HTMLParser
from urllib.parse import urlsplit

import pytest
from django.utils import timezone

from meetings.models import AgendaItem, Meeting
from tests import factories
from tests.test_leaks import MARKERS, hidden_paragraphs  # noqa: F401

pytestmark = pytest.mark.django_db

OPARL = "https://schema.oparl.org/1.1/"
#: What OParl 1.1 requires of each object type.
REQUIRED = {
    "System": {"id", "type", "oparlVersion", "body"},
    "Body": {"id", "type", "name", "organization", "person", "meeting", "paper", "legislativeTerm"},
    "Organization": {"id", "type"},
    "Person": {"id", "type"},
    "Membership": {"id", "type"},
    "Meeting": {"id", "type"},
    "AgendaItem": {"id", "type"},
    "File": {"id", "type", "accessUrl"},
}


def get(client, url, **params):
    response = client.get(urlsplit(url).path if url.startswith("http") else url, params)
    assert response.status_code == 200, (url, response.status_code)
    return response.json()


def path_and_query(url: str) -> str:
    parts = urlsplit(url)
    return parts.path + (f"?{parts.query}" if parts.query else "")


def harvest(client) -> list[dict]:
    """Every object reachable from /api/: follow each list's pages and each URL field."""
    seen: set[str] = set()
    found: list[dict] = []
    queue = deque(["/api/"])
    while queue:
        url = queue.popleft()
        if url in seen:
            continue
        seen.add(url)
        response = client.get(url, HTTP_ACCEPT="application/json")
        assert response.status_code in (200, 410), (url, response.status_code)
        data = response.json()
        for value in _values(data):
            if isinstance(value, dict) and "type" in value and "id" in value:
                found.append(value)
            if isinstance(value, str) and value.startswith("http://testserver/api/"):
                queue.append(path_and_query(value.split("#")[0]))
    return found


def _values(data):
    yield data
    if isinstance(data, dict):
        for value in data.values():
            yield from _values(value)
    elif isinstance(data, list):
        for value in data:
            yield from _values(value)


def test_the_entry_point_is_the_oparl_system_for_a_harvester(client, demo):
    system = client.get("/api/", HTTP_ACCEPT="application/json").json()

    assert system["type"] == OPARL + "System"
    assert system["oparlVersion"] == OPARL
    assert system["body"] == "http://testserver/api/body/"


def test_a_browser_at_the_entry_point_gets_the_documentation(client, demo):
    response = client.get("/api/", HTTP_ACCEPT="text/html,application/xhtml+xml,*/*;q=0.8")

    assert "Öppna data: API" in response.content.decode()
    assert "http://testserver/api/system/" in response.content.decode()


class Tags(HTMLParser):
    """The elements of one tag on a page: each one's attributes and the text inside it."""

    def __init__(self, tag: str) -> None:
        super().__init__()
        self.tag = tag
        self.found: list[tuple[dict[str, str | None], list[str]]] = []
        self.inside = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == self.tag:
            self.found.append((dict(attrs), []))
            self.inside = True

    def handle_endtag(self, tag: str) -> None:
        if tag == self.tag:
            self.inside = False

    def handle_data(self, data: str) -> None:
        if self.inside:
            self.found[-1][1].append(data)


def documentation(client, tag: str) -> list[tuple[dict[str, str | None], str]]:
    """Each `tag` of the documentation page (/api/ as a browser asks for it)."""
    response = client.get("/api/", HTTP_ACCEPT="text/html,application/xhtml+xml,*/*;q=0.8")
    tags = Tags(tag)
    tags.feed(response.content.decode())
    return [(attrs, "".join(text).strip()) for attrs, text in tags.found]


def test_each_code_example_scrolls_in_its_own_frame_that_a_keyboard_can_reach(client, demo):
    """A long curl line scrolls inside its block, not the page; WCAG asks that a keyboard
    can scroll it too, and that the frame is named."""
    frames = [attrs for attrs, _ in documentation(client, "pre")]
    labels = [attrs.get("aria-label") for attrs in frames]
    assert frames
    assert all(attrs.get("tabindex") == "0" and attrs.get("role") == "region" for attrs in frames)
    assert all(labels)
    assert len(set(labels)) == len(labels)


def test_each_object_type_is_a_term_of_its_own_in_the_documentation(client, demo):
    terms = {text for _, text in documentation(client, "dt")}
    assert {*REQUIRED, "System", "Decision", "Assignment", "Agreement"} <= terms


def test_every_object_carries_the_fields_oparl_requires(client, demo):
    objects = harvest(client)

    types = {obj["type"].removeprefix(OPARL) for obj in objects}
    assert set(REQUIRED) <= types | {"File"}
    for obj in objects:
        kind = obj["type"].removeprefix(OPARL)
        assert REQUIRED.get(kind, {"id", "type"}) <= set(obj), obj


def test_every_id_of_the_api_resolves_to_its_object(client, demo):
    for obj in harvest(client):
        if obj["type"].startswith(OPARL) and "deleted" not in obj:
            assert get(client, obj["id"])["id"] == obj["id"]


def test_a_harvester_walking_the_whole_api_sees_no_hidden_item(client, hidden_paragraphs):  # noqa: F811
    seen: set[str] = set()
    queue = deque(["/api/"])
    while queue:
        url = queue.popleft()
        if url in seen:
            continue
        seen.add(url)
        response = client.get(url, HTTP_ACCEPT="application/json")
        text = response.content.decode()
        for marker in MARKERS:
            assert marker not in text, (url, marker)
        for value in _values(response.json()):
            if isinstance(value, str) and value.startswith("http://testserver/api/"):
                queue.append(path_and_query(value.split("#")[0]))
    assert len(seen) > 20


def test_a_draft_paragraph_of_an_unpublished_agenda_is_not_found(client, demo):
    meeting = factories.MeetingFactory(
        date=datetime.date(2022, 3, 4), status="held", agenda_published_at=None
    )
    draft = factories.AgendaItemFactory(meeting=meeting, position=1, draft=True)

    assert client.get(f"/api/agendaItem/{draft.pk}/").status_code == 404


def test_a_draft_on_a_published_agenda_shows_its_title_and_not_its_minutes(client, demo):
    meeting = Meeting.objects.exclude(agenda_published_at=None).exclude(status="adjusted").first()
    draft = factories.AgendaItemFactory(
        meeting=meeting, position=70, draft=True, title="Budget", text="Utkastets text"
    )

    item = get(client, f"/api/agendaItem/{draft.pk}/")

    assert item["name"] == "Budget"
    assert "svom:text" not in item
    assert "resolutionText" not in item


def test_a_withdrawn_paragraph_is_gone_and_says_it_is_deleted(client, demo):
    item = AgendaItem.objects.filter(state=AgendaItem.State.ADJUSTED).first()
    AgendaItem.objects.filter(pk=item.pk).update(
        withdrawn_at=timezone.now(), withdrawal_reason="Personuppgifter."
    )

    response = client.get(f"/api/agendaItem/{item.pk}/")

    assert response.status_code == 410
    assert response.json()["deleted"] is True


def test_a_withdrawn_paragraph_leaves_the_lists(client, demo):
    item = AgendaItem.objects.filter(state=AgendaItem.State.ADJUSTED).first()
    AgendaItem.objects.filter(pk=item.pk).update(
        withdrawn_at=timezone.now(), withdrawal_reason="Personuppgifter."
    )

    listed = get(client, f"/api/body/{item.meeting.body.slug}/agendaItem/")

    assert f"http://testserver/api/agendaItem/{item.pk}/" not in {i["id"] for i in listed["data"]}


def test_lists_are_paginated_with_links(client, demo):
    listed = get(client, "/api/body/svom/agendaItem/")

    assert listed["pagination"]["totalElements"] == len(listed["data"]) > 0
    assert listed["links"]["first"].startswith("http://testserver/api/body/svom/agendaItem/")


def test_modified_since_gives_only_what_changed_since(client, demo):
    history = AgendaItem.history.model.objects
    history.update(history_date=timezone.make_aware(datetime.datetime(2021, 12, 31)))
    changed = AgendaItem.objects.visible_to(None).first()
    history.filter(id=changed.pk).update(history_date=timezone.now())

    since = get(client, "/api/body/svom/agendaItem/", modified_since="2022-01-01T00:00:00+01:00")

    assert [item["id"] for item in since["data"]] == [
        f"http://testserver/api/agendaItem/{changed.pk}/"
    ]


def test_modified_until_leaves_out_what_changed_after(client, demo):
    past = "2000-01-01T00:00:00+01:00"

    assert get(client, "/api/body/svom/meeting/", modified_until=past)["data"] == []


def test_a_bad_modified_since_is_a_clear_error(client, demo):
    response = client.get("/api/body/svom/meeting/", {"modified_since": "igår"})

    assert response.status_code == 400
    assert "ISO 8601" in response.json()["message"]


def test_a_decision_carries_its_points_motions_votes_and_reservations(client, demo):
    decided = AgendaItem.objects.visible_to(None).filter(decision__isnull=False).first()

    decision = get(client, f"/api/decision/{decided.pk}/")

    assert set(decision) >= {"decisionPoint", "proposalPoint", "motion", "vote", "reservation"}
    assert decision["agendaItem"] == f"http://testserver/api/agendaItem/{decided.pk}/"


def test_an_agreement_carries_its_events_and_derived_end_date(client, demo):
    agreements = get(client, "/api/agreement/")["data"]

    assert agreements
    assert all("endDate" in agreement and "event" in agreement for agreement in agreements)


def test_the_api_answers_json_for_any_origin(client, demo):
    response = client.get("/api/body/")

    assert response["Content-Type"] == "application/json"
    assert response["Access-Control-Allow-Origin"] == "*"


@pytest.mark.parametrize(
    "url", ["/api/body/svom/meeting/", "/api/body/svom/agendaItem/", "/api/body/svom/person/"]
)
def test_a_list_page_takes_a_fixed_number_of_queries(
    client, demo, url, django_assert_max_num_queries
):
    with django_assert_max_num_queries(12):
        client.get(url)
