"""A real gunicorn whose PostgreSQL is away: refused, silent, then back.

Needs a PostgreSQL server (the one of DATABASE_URL: CI's second pass). Between gunicorn
and the server sits a small TCP relay that this test switches from "silent" (accepts and
never answers) to "forward" (the real server), so recovery is seen without a restart.
"""

import os
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path
from urllib.parse import urlsplit

import pytest

ROOT = Path(__file__).resolve().parent.parent
DATABASE_URL = os.environ.get("DATABASE_URL", "")
CONNECT_TIMEOUT = 2

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(
        not DATABASE_URL.startswith("postgres"), reason="a fault of PostgreSQL's connection"
    ),
]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Relay:
    """Listens on a port of its own; `mode` says what a new connection meets."""

    def __init__(self, target: tuple[str, int]) -> None:
        self.target, self.mode, self.held = target, "silent", []
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.port = self.listener.getsockname()[1]
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self) -> None:
        while True:
            client, _ = self.listener.accept()
            if self.mode == "silent":
                self.held.append(client)  # never read, never answered
                continue
            server = socket.create_connection(self.target)
            for source, sink in ((client, server), (server, client)):
                threading.Thread(target=self._pipe, args=(source, sink), daemon=True).start()

    @staticmethod
    def _pipe(source: socket.socket, sink: socket.socket) -> None:
        try:
            while data := source.recv(65536):
                sink.sendall(data)
        except OSError:
            pass
        finally:
            sink.close()


def environment(database_url: str, tmp_path: Path) -> dict[str, str]:
    return {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE"))} | {
        "DJANGO_SECRET_KEY": "faults-test-secret",
        "DJANGO_SECURE_COOKIES": "0",
        "DJANGO_SECURE_HTTPS": "0",
        "DJANGO_STATIC_ROOT": str(tmp_path / "static"),
        "DJANGO_MEDIA_ROOT": str(tmp_path / "uploads"),
        "DJANGO_DB_CONNECT_TIMEOUT": str(CONNECT_TIMEOUT),
        "DATABASE_URL": database_url,
    }


@pytest.fixture(scope="module")
def files(tmp_path_factory) -> Path:
    """The static files (collected once) and uploads of every server of these tests."""
    return tmp_path_factory.mktemp("faults")


@pytest.fixture(scope="module")
def database(files) -> str:
    """A migrated database of its own on the real server."""
    import psycopg

    url = urlsplit(DATABASE_URL)
    name = "svom_faults"
    admin = url._replace(path="/postgres").geturl()
    with psycopg.connect(admin, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        connection.execute(f'CREATE DATABASE "{name}"')
    database_url = url._replace(path=f"/{name}").geturl()
    env = environment(database_url, files)
    for command in (["migrate", "--noinput"], ["collectstatic", "--noinput"]):
        subprocess.run(
            [sys.executable, "manage.py", *command],
            cwd=ROOT,
            env=env,
            check=True,
            capture_output=True,
        )
    yield database_url
    with psycopg.connect(admin, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def start_gunicorn(database_url: str, tmp_path: Path) -> tuple[subprocess.Popen, str]:
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "svom.wsgi", "--bind", f"127.0.0.1:{port}"],
        cwd=ROOT,
        env=environment(database_url, tmp_path),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    for _ in range(100):
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.2):
                return server, base
        except OSError:
            time.sleep(0.1)
    raise RuntimeError("gunicorn did not start")


def get(url: str) -> tuple[int, dict, str, float]:
    started = time.monotonic()
    try:
        with urllib.request.urlopen(url, timeout=30) as response:
            status, headers, body = response.status, response.headers, response.read()
    except urllib.error.HTTPError as error:
        status, headers, body = error.code, error.headers, error.read()
    return status, dict(headers), body.decode(), time.monotonic() - started


@pytest.fixture
def gunicorn(database, files):
    servers = []

    def start(database_url: str) -> str:
        server, base = start_gunicorn(database_url, files)
        servers.append(server)
        return base

    yield start
    for server in servers:
        server.terminate()
        server.wait(timeout=10)


def test_database_refusing_connections_answers_503_at_once(database, gunicorn):
    nowhere = urlsplit(database)._replace(netloc=f"postgres@127.0.0.1:{free_port()}").geturl()
    base = gunicorn(nowhere)
    get(base + "/healthz")  # the worker's first request loads templates and URLs
    for path in ("/", "/moten/", "/sok/?q=avtal", "/kalender.ics", "/flode/paragrafer/"):
        status, headers, body, seconds = get(base + path)
        assert status == 503, path
        assert headers["Retry-After"] == "30"
        assert "tillfälligt otillgängliga" in body
        assert seconds < 2


def test_silent_database_answers_503_within_the_connect_timeout_then_recovers(database, gunicorn):
    url = urlsplit(database)
    relay = Relay((url.hostname, url.port or 5432))
    base = gunicorn(url._replace(netloc=f"{url.username}@127.0.0.1:{relay.port}").geturl())

    status, _headers, body, seconds = get(base + "/")
    assert status == 503
    assert "tillfälligt otillgängliga" in body
    # libpq's default sslmode=prefer tries with TLS, then without: two timeouts at most.
    assert seconds < 2 * CONNECT_TIMEOUT + 2
    assert get(base + "/healthz")[0] == 503

    relay.mode = "forward"  # the database is back; the server is not restarted
    status, _headers, body, _seconds = get(base + "/")
    assert status == 200
    assert "SVOM" in body
    assert get(base + "/healthz")[0] == 200
