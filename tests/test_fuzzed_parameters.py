"""Random text in every public and admin parameter: a page, a form error, 400 or 404; never 500."""

import pytest
from django.test import Client
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

pytestmark = pytest.mark.django_db

#: Every parameter a page reads, by page.
PUBLIC = {
    "/moten/": [
        "body",
        "year",
        "date_after",
        "date_before",
        "person",
        "organisation",
        "topic",
        "q",
        "sort",
        "status",
        "page",
    ],
    "/beslut/": ["body", "year", "kind", "topic", "organisation", "q", "page"],
    "/beslut/balanslista/": ["page"],
    "/sok/": ["q", "body", "year", "topic", "person", "sort", "page"],
    "/avtal/": ["q", "state", "page"],
    "/anslagstavla/": ["page"],
}
ADMIN = {
    "/admin/meetings/agendaitem/": [
        "q",
        "state__exact",
        "confidential__exact",
        "withdrawn_at__isnull",
        "body__id__exact",
        "year",
        "topics__id__exact",
        "meeting__date__year",
        "meeting__date__month",
        "meeting__date__day",
        "o",
        "p",
    ],
    "/admin/meetings/meeting/": [
        "q",
        "justering",
        "body__id__exact",
        "status__exact",
        "date__year",
        "date__month",
        "o",
    ],
    "/admin/decisions/assignment/": ["q", "due_date__year", "status__exact", "p"],
    "/admin/admin/logentry/": ["q", "action_flag__exact", "action_time__year", "user__id__exact"],
}
#: Any text, NUL bytes, overflowing numbers and dates at the edges included.
VALUES = st.one_of(
    st.text(max_size=60),
    st.integers().map(str),
    st.sampled_from(["99999999999999999999", "-1", "0", "1e309", "2021-13-45", "%00", "\x00"]),
)
FUZZ = settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


@pytest.fixture
def client():
    return Client(raise_request_exception=False)


@pytest.mark.parametrize(("url", "names"), PUBLIC.items())
@FUZZ
@given(values=st.lists(VALUES, min_size=1, max_size=3), picks=st.randoms())
def test_public_filters_never_answer_500(client, url, names, values, picks):
    query = {picks.choice(names): value for value in values}
    assert client.get(url, query).status_code < 500, query


@pytest.mark.parametrize(("url", "names"), ADMIN.items())
@FUZZ
@given(values=st.lists(VALUES, min_size=1, max_size=3), picks=st.randoms())
def test_admin_filters_never_answer_500(client, admin_login, secretary, url, names, values, picks):
    admin_login(secretary)
    query = {picks.choice(names): value for value in values}
    assert client.get(url, query).status_code < 500, query


@FUZZ
@given(term=VALUES, model=st.sampled_from(["meeting", "agendaitem", "person"]))
def test_admin_autocomplete_never_answers_500(client, admin_login, secretary, term, model):
    admin_login(secretary)
    field = {"meeting": "chair", "agendaitem": "presenters", "person": "organisation"}[model]
    query = {"term": term, "app_label": "meetings", "model_name": model, "field_name": field}
    assert client.get("/admin/autocomplete/", query).status_code < 500, query


@FUZZ
@given(description=VALUES, page_url=VALUES, contact=VALUES)
def test_report_form_never_answers_500(client, description, page_url, contact):
    data = {"description": description, "page_url": page_url, "contact": contact}
    assert client.post("/tillganglighet/", data).status_code < 500, data
