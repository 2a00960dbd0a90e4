"""What the benchmarks share: a PostgreSQL database per scale, built once by generate_corpus.

Each scale N has its own database `svom_bench_<N>` on the server of DATABASE_URL (default
127.0.0.1:5432, user postgres); nothing else is touched. Drop one with
`dropdb -h 127.0.0.1 -U postgres svom_bench_100`.
"""

from __future__ import annotations

import datetime
import os
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

BASE_DIR = Path(__file__).resolve().parent.parent
RESULTS = BASE_DIR / "bench" / "results"
#: The last meeting day of every benchmark archive: the same data on every run.
UNTIL = datetime.date(2026, 12, 1)


def database_url(scale: int) -> str:
    url = urlsplit(os.environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/svom"))
    if url.scheme not in ("postgres", "postgresql", "pgsql"):
        url = urlsplit("postgres://postgres@127.0.0.1:5432/svom")
    return urlunsplit(url._replace(path=f"/svom_bench_{scale}"))


def create_database(url: str) -> None:
    import psycopg

    parts = urlsplit(url)
    name = parts.path.lstrip("/")
    with psycopg.connect(
        host=parts.hostname,
        port=parts.port or 5432,
        user=parts.username,
        password=parts.password,
        dbname="postgres",
        autocommit=True,
    ) as connection:
        if not connection.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s", [name]
        ).fetchone():
            connection.execute(f'CREATE DATABASE "{name}"')


def environment(scale: int, **extra: str) -> dict[str, str]:
    """The environment of a production-like process on the archive of `scale`."""
    return {
        **os.environ,
        "DATABASE_URL": database_url(scale),
        "DJANGO_SECRET_KEY": os.environ.get("DJANGO_SECRET_KEY", "benchmark-only"),
        "DJANGO_DEBUG": "0",
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost,testserver",
        "DJANGO_SECURE_COOKIES": "0",
        "DJANGO_SECURE_HTTPS": "0",
        "DJANGO_LOG_LEVEL": "WARNING",
        **extra,
    }


def manage(scale: int, *args: str) -> None:
    subprocess.run(
        [sys.executable, str(BASE_DIR / "manage.py"), *args],
        env=environment(scale),
        check=True,
        cwd=BASE_DIR,
    )


def build(scale: int, rebuild: bool = False) -> None:
    """Migrate the archive of `scale` and fill it once (generate_corpus)."""
    url = database_url(scale)
    create_database(url)
    manage(scale, "migrate", "--noinput", "-v0")
    import psycopg

    with psycopg.connect(url) as connection:
        meetings = connection.execute("SELECT count(*) FROM meetings_meeting").fetchone()[0]
    if meetings and not rebuild:
        return
    if meetings:
        manage(scale, "flush", "--noinput", "-v0")
    print(f"Building the archive at scale {scale} ...", flush=True)
    manage(scale, "generate_corpus", "--scale", str(scale), "--until", UNTIL.isoformat())


def setup_django(scale: int) -> None:
    """Configure Django in this process for the archive of `scale` (page cache off)."""
    os.environ.update(environment(scale, DJANGO_PAGE_CACHE="0"))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "svom.settings")
    sys.path.insert(0, str(BASE_DIR))
    import django

    django.setup()
    from django.conf import settings
    from django.test.utils import override_settings

    # Production settings but for static files, which need no collectstatic in-process.
    override_settings(
        STORAGES={
            **settings.STORAGES,
            "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
        }
    ).enable()
