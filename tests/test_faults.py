"""Faults answered with a page in the visitor's language, without the database when it is away."""

import json

import pytest
from django.db import OperationalError, connection
from django.test import Client

from svom.middleware import bump_generation
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def database_away():
    """Every query fails as it does when PostgreSQL refuses connections or times out."""

    def refuse(execute, sql, params, many, context):
        raise OperationalError("connection to server at 127.0.0.1, port 5432 failed")

    with connection.execute_wrapper(refuse):
        yield


@pytest.fixture
def client():
    # Errors are answered as in production, not raised into the test.
    return Client(raise_request_exception=False)


def test_missing_page_answers_a_swedish_404_page(client):
    response = client.get("/finns-inte/")
    assert response.status_code == 404
    assert "Sidan finns inte" in response.content.decode()
    assert 'lang="sv"' in response.content.decode()


def test_missing_page_under_en_answers_in_english(client):
    response = client.get("/en/does-not-exist/")
    assert response.status_code == 404
    assert "Page not found" in response.content.decode()


def test_missing_page_renders_without_the_database(client, database_away):
    response = client.get("/finns-inte/")
    assert response.status_code == 404
    assert "Sidan finns inte" in response.content.decode()


def test_unknown_host_answers_a_swedish_400_page(client):
    response = client.get("/", HTTP_HOST="evil.example")
    assert response.status_code == 400
    assert "Felaktig förfrågan" in response.content.decode()


def test_form_without_its_token_answers_a_swedish_403_page(db):
    client = Client(enforce_csrf_checks=True)
    response = client.post("/tillganglighet/", {"message": "Hej"})
    assert response.status_code == 403
    assert "Formuläret har gått ut" in response.content.decode()


def test_error_in_a_view_answers_a_swedish_500_page(client, monkeypatch):
    from meetings.views import HomeView

    def fail(self, **kwargs):
        raise RuntimeError("a bug")

    monkeypatch.setattr(HomeView, "get_context_data", fail)
    response = client.get("/")
    assert response.status_code == 500
    assert "Något gick fel" in response.content.decode()


def test_database_away_answers_503_with_retry_after(client, database_away):
    response = client.get("/moten/")
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    assert "tillfälligt otillgängliga" in response.content.decode()
    assert "no-store" in response["Cache-Control"]


@pytest.mark.parametrize(
    "url", ["/", "/moten/", "/sok/?q=avtal", "/beslut/", "/kalender.ics", "/flode/paragrafer/"]
)
def test_every_kind_of_page_answers_503_when_the_database_is_away(client, url, database_away):
    assert client.get(url).status_code == 503


def test_database_away_serves_the_last_cached_copy_to_anonymous_visitors(client, page_cache):
    factories.AgendaItemFactory(title="Hemsjukvård")
    first = client.get("/")
    bump_generation()  # the copy is stale now
    with connection.execute_wrapper(_refuse):
        response = client.get("/")
    assert response.status_code == 200
    assert response.content == first.content
    assert "no-store" in response["Cache-Control"]
    assert "ETag" not in response


def test_stale_copy_served_in_a_fault_is_not_stored_as_current(client, page_cache):
    client.get("/")
    bump_generation()
    with connection.execute_wrapper(_refuse):
        client.get("/")
    # Back to normal: the page is rendered again, not the fault's copy.
    response = client.get("/")
    assert response.status_code == 200
    assert "no-store" not in response["Cache-Control"]


def test_health_check_says_ok_when_database_and_cache_answer(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert json.loads(response.content) == {"status": "ok", "database": "ok", "cache": "ok"}
    assert "no-store" in response["Cache-Control"]


def test_health_check_answers_503_when_the_database_is_away(client, database_away):
    response = client.get("/healthz")
    assert response.status_code == 503
    assert json.loads(response.content)["database"] == "unavailable"


def _refuse(execute, sql, params, many, context):
    raise OperationalError("server closed the connection unexpectedly")


on_postgresql = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="PostgreSQL's statement_timeout"
)


@on_postgresql
def test_web_requests_statements_are_cut_off_after_five_seconds(db):
    with connection.cursor() as cursor:
        cursor.execute("SHOW statement_timeout")
        assert cursor.fetchone() == ("5s",)


def maintenance_database() -> str:
    from urllib.parse import urlsplit

    settings = connection.settings_dict
    netloc = f"{settings['USER']}@{settings['HOST']}:{settings['PORT'] or 5432}"
    return urlsplit("postgres:///postgres")._replace(netloc=netloc).geturl()


@on_postgresql
@pytest.mark.slow
def test_management_commands_statements_may_run_an_hour():
    import os
    import subprocess
    import sys

    code = (
        "from django.db import connection; c = connection.cursor(); "
        "c.execute('SHOW statement_timeout'); print(c.fetchone()[0])"
    )
    result = subprocess.run(
        [sys.executable, "manage.py", "shell", "--no-imports", "-c", code],
        # The server's own maintenance database: no migration needed to ask it.
        env={**os.environ, "DJANGO_SECRET_KEY": "x", "DATABASE_URL": maintenance_database()},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.stdout.strip() == "1h"
