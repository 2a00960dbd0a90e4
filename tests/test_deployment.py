"""The deployment path: settings from the environment, and the real gunicorn serving the app."""

import os
import re
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

# Each test starts a Python process of its own, three of them a real gunicorn.
pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parent.parent


def run_python(code: str, **env: str) -> subprocess.CompletedProcess:
    clean_env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE"))}
    return subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env=clean_env | {"DJANGO_SETTINGS_MODULE": "svom.settings"} | env,
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_missing_secret_key_without_debug_stops_the_start_with_a_clear_message():
    result = run_python("import django; django.setup()")
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY is not set" in result.stderr


def test_debug_mode_starts_without_a_secret_key():
    result = run_python("import django; django.setup(); print('ok')", DJANGO_DEBUG="1")
    assert result.stdout.strip() == "ok"


def test_sqlite_is_the_default_database():
    code = "from django.conf import settings; print(settings.DATABASES['default']['ENGINE'])"
    result = run_python(code, DJANGO_SECRET_KEY="x")
    assert result.stdout.strip() == "django.db.backends.sqlite3"


def test_database_url_selects_postgresql():
    code = (
        "from django.conf import settings; d = settings.DATABASES['default']; "
        "print(d['ENGINE'], d['NAME'], d['HOST'], d['PORT'])"
    )
    result = run_python(
        code, DJANGO_SECRET_KEY="x", DATABASE_URL="postgres://postgres@db.example:5432/svom"
    )
    assert result.stdout.split() == ["django.db.backends.postgresql", "svom", "db.example", "5432"]


def test_swedish_is_the_default_language_and_time_is_stockholms():
    code = "from django.conf import settings; print(settings.LANGUAGE_CODE, settings.TIME_ZONE)"
    assert run_python(code, DJANGO_SECRET_KEY="x").stdout.split() == ["sv", "Europe/Stockholm"]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def gunicorn(tmp_path):
    """A production-like server: DEBUG off, collected static files, a migrated database."""
    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE"))} | {
        "DJANGO_SECRET_KEY": "gunicorn-test-secret",
        "DJANGO_SECURE_COOKIES": "0",
        "DJANGO_SECURE_HTTPS": "0",
        "DJANGO_STATIC_ROOT": str(tmp_path / "static"),
        "DJANGO_MEDIA_ROOT": str(tmp_path / "uploads"),
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
    }
    manage = [sys.executable, "manage.py"]
    for command in (["migrate", "--noinput"], ["collectstatic", "--noinput"]):
        subprocess.run(manage + command, cwd=ROOT, env=env, check=True, capture_output=True)
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "svom.wsgi", "--bind", f"127.0.0.1:{port}"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    base_url = f"http://127.0.0.1:{port}"
    for _ in range(100):
        try:
            urllib.request.urlopen(base_url + "/admin/login/", timeout=1)
            break
        except OSError:
            time.sleep(0.1)
    yield base_url
    server.terminate()
    server.wait(timeout=10)


def test_gunicorn_serves_the_login_page_in_swedish(gunicorn):
    with urllib.request.urlopen(gunicorn + "/admin/login/") as response:
        page = response.read().decode()
    assert response.status == 200
    assert 'lang="sv"' in page
    assert "Logga in" in page


def test_gunicorn_serves_hashed_compressed_static_files_through_whitenoise(gunicorn):
    with urllib.request.urlopen(gunicorn + "/admin/login/") as response:
        page = response.read().decode()
    stylesheet = re.search(r'href="(/static/admin/css/base\.[0-9a-f]{12}\.css)"', page).group(1)
    request = urllib.request.Request(gunicorn + stylesheet, headers={"Accept-Encoding": "gzip"})
    with urllib.request.urlopen(request) as response:
        assert response.status == 200
        assert response.headers["Content-Encoding"] == "gzip"
        assert "immutable" in response.headers["Cache-Control"]


def test_gunicorn_does_not_serve_uploaded_files(gunicorn):
    with pytest.raises(urllib.error.HTTPError) as error:
        urllib.request.urlopen(gunicorn + "/attachments/svom/2021/hemlig.pdf")
    assert error.value.code == 404
