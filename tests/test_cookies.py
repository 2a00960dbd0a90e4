"""What the footer says about cookies is what anonymous visitors get, cookie by cookie."""

import re

import pytest

pytestmark = pytest.mark.django_db

PAGES_WITHOUT_A_FORM = [
    "/",
    "/moten/",
    "/moten/?q=hemsjukvård",
    "/moten/svom/2021-06-04/",
    "/beslut/",
    "/avtal/",
    "/sok/?q=avtal",
    "/anslagstavla/",
    "/flode/paragrafer/",
    "/kalender.ics",
]
PAGES_WITH_A_FORM = ["/tillganglighet/", "/logga-in/"]


def footer(client) -> str:
    page = client.get("/").content.decode()
    return re.search(r"<footer.*</footer>", page, re.DOTALL).group()


@pytest.mark.parametrize("url", PAGES_WITHOUT_A_FORM)
def test_reading_sets_no_cookie(client, demo, url):
    response = client.get(url)
    assert response.status_code == 200
    assert list(response.cookies) == []


@pytest.mark.parametrize("url", PAGES_WITH_A_FORM)
def test_a_page_with_a_form_sets_only_the_form_protection_cookie(client, url):
    assert list(client.get(url).cookies) == ["csrftoken"]


def test_sending_the_feedback_form_sets_only_the_confirmation_cookie(client):
    client.get("/tillganglighet/")
    response = client.post("/tillganglighet/", {"description": "Texten är för liten."})
    assert set(response.cookies) <= {"csrftoken", "messages"}


def test_footer_names_every_cookie_an_anonymous_visitor_can_get(client):
    text = footer(client)
    for name in ("csrftoken", "messages"):
        assert name in text


def test_footer_no_longer_says_there_are_no_cookies(client):
    assert "använder inga kakor för besökare som inte är inloggade" not in footer(client)


def test_english_footer_names_the_same_cookies(client):
    page = client.get("/en/").content.decode()
    assert "sets none while you read" in page
    assert "csrftoken" in page
