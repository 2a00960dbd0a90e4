"""Strict headers on every response, and HTTPS whenever debug is off."""

import os
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest
from django.core.cache import caches

from tests import factories

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parent.parent


def policy(response) -> dict[str, list[str]]:
    directives = [part.split() for part in response["Content-Security-Policy"].split(";")]
    return {name: values for name, *values in directives if name}


def test_pages_carry_a_content_security_policy_without_inline_code(client):
    csp = policy(client.get("/"))
    assert csp["default-src"] == ["'self'"]
    assert csp["script-src"] == ["'self'"]
    assert csp["style-src"] == ["'self'"]
    assert csp["object-src"] == ["'none'"]
    assert csp["base-uri"] == ["'none'"]
    assert csp["frame-ancestors"] == ["'none'"]
    assert csp["form-action"] == ["'self'"]
    assert not any("unsafe" in value for values in csp.values() for value in values)


def test_cached_page_carries_the_policy_too(client, settings):
    settings.PAGE_CACHE = True
    caches[settings.PAGE_CACHE_ALIAS].clear()
    client.get("/moten/")
    assert "Content-Security-Policy" in client.get("/moten/")
    caches[settings.PAGE_CACHE_ALIAS].clear()


def test_pages_refuse_devices_and_sensors(client):
    permissions = client.get("/")["Permissions-Policy"]
    for feature in ("camera", "microphone", "geolocation"):
        assert f"{feature}=()" in permissions


def test_https_is_remembered_for_a_year(client):
    response = client.get("/", secure=True)
    assert response["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains; preload"


def test_plain_http_is_redirected_to_https(client, settings):
    settings.SECURE_SSL_REDIRECT = True  # production's default; tests speak plain HTTP
    response = client.get("/moten/")
    assert response.status_code == 301
    assert response["Location"] == "https://testserver/moten/"


def test_health_check_answers_over_plain_http(client, settings):
    settings.SECURE_SSL_REDIRECT = True
    assert client.get("/healthz").status_code == 200


def production_environment(**extra: str) -> dict[str, str]:
    """The environment of README's deployment section."""
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE"))}
    return clean | {
        "DJANGO_SECRET_KEY": "r8#Vq2!xLm0Zp5$Tn7&Wb3^Ky9*Hs4@Jd6(Fg1)Ce8-Ua2+Io5=",
        "DJANGO_ALLOWED_HOSTS": "protokoll.example.se",
        "DJANGO_BEHIND_TLS_PROXY": "1",
        "DATABASE_URL": "postgres://svom@db.example:5432/svom",
        "REDIS_URL": "redis://cache.example:6379/0",
        **extra,
    }


@pytest.mark.slow
def test_deployment_check_finds_nothing_in_the_documented_production_environment():
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=production_environment(),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


@pytest.mark.slow
def test_secure_https_variable_turns_redirect_and_hsts_off():
    code = (
        "import django; django.setup(); from django.conf import settings; "
        "print(settings.SECURE_SSL_REDIRECT, settings.SECURE_HSTS_SECONDS)"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env=production_environment(DJANGO_SECURE_HTTPS="0", DJANGO_SETTINGS_MODULE="svom.settings"),
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.stdout.split() == ["False", "0"]


class InlineCode(HTMLParser):
    """Collects what a strict policy would block: inline scripts, styles, handlers."""

    def __init__(self) -> None:
        super().__init__()
        self.found: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag: str, attrs: list) -> None:
        names = {name for name, _value in attrs}
        if tag == "style":
            self.found.append("<style>")
        if tag == "script" and "src" not in names:
            self._in_script = True
        self.found += [f"{tag} {name}=" for name in names if name == "style"]
        self.found += [f"{tag} {name}=" for name in names if name.startswith("on")]

    def handle_endtag(self, tag: str) -> None:
        self._in_script = False

    def handle_data(self, data: str) -> None:
        if self._in_script and data.strip():
            self.found.append("<script> without src")


PUBLIC_PAGES = [
    "/",
    "/moten/",
    "/beslut/",
    "/beslut/balanslista/",
    "/avtal/",
    "/sok/?q=hemsjukvård",
    "/anslagstavla/",
    "/tillganglighet/",
    "/logga-in/",
    "/finns-inte/",
]


@pytest.fixture
def pages(demo):
    from meetings.models import AgendaItem, Meeting

    meeting = Meeting.objects.filter(status="adjusted").first()
    item = AgendaItem.objects.filter(state="adjusted").first()
    return [*PUBLIC_PAGES, meeting.get_absolute_url(), item.get_absolute_url()]


def test_no_public_page_carries_inline_script_or_style(client, pages):
    for url in pages:
        parser = InlineCode()
        parser.feed(client.get(url).content.decode())
        assert parser.found == [], url


def test_members_pages_carry_no_inline_script_or_style(client, member, pages):
    client.force_login(member)
    for url in pages:
        parser = InlineCode()
        parser.feed(client.get(url).content.decode())
        assert parser.found == [], url


def test_secretariats_admin_pages_are_checked_for_inline_code(client, admin_login, secretary, demo):
    admin_login(secretary)
    item = factories.AgendaItemFactory()
    found = {}
    for url in (
        "/admin/",
        "/admin/meetings/meeting/",
        "/admin/meetings/agendaitem/",
        f"/admin/meetings/agendaitem/{item.pk}/change/",
    ):
        parser = InlineCode()
        parser.feed(client.get(url).content.decode())
        found[url] = parser.found
    assert found == {url: [] for url in found}
