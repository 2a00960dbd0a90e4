"""Backup and restore: a copy of the database and the uploaded files that restores whole.

Runs on the suite's engine: PostgreSQL (pg_dump -Fc / pg_restore) in CI's second pass,
SQLite (its backup API) in the first.
"""

import json
import os
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlsplit

import pytest

ROOT = Path(__file__).resolve().parent.parent
DATABASE_URL = os.environ.get("DATABASE_URL", "")
ON_POSTGRESQL = DATABASE_URL.startswith("postgres")

pytestmark = pytest.mark.slow

#: Printed by a process on one database: its row counts and one protocol's page.
SNAPSHOT = """
import django, json; django.setup()
from django.conf import settings
from django.test import Client, override_settings
plain = "django.contrib.staticfiles.storage.StaticFilesStorage"  # no collectstatic here
override_settings(STORAGES={**settings.STORAGES, "staticfiles": {"BACKEND": plain}}).enable()
from meetings.management.commands.backup import row_counts
from meetings.models import Meeting
meeting = Meeting.objects.filter(status="adjusted").order_by("date").first()
page = Client().get(meeting.get_absolute_url()).content.decode()
print(json.dumps({"rows": row_counts(), "page": page}))
"""


def database_url(name: str, tmp_path: Path) -> str:
    if ON_POSTGRESQL:
        return urlsplit(DATABASE_URL)._replace(path=f"/{name}").geturl()
    return f"sqlite:///{tmp_path / (name + '.sqlite3')}"


def environment(url: str, media: Path) -> dict[str, str]:
    return {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE"))} | {
        "DJANGO_SETTINGS_MODULE": "svom.settings",
        "DJANGO_SECRET_KEY": "backup-test-secret",
        "DJANGO_SECURE_HTTPS": "0",
        "DJANGO_ALLOWED_HOSTS": "testserver",
        "DJANGO_MEDIA_ROOT": str(media),
        "DATABASE_URL": url,
    }


def manage(env: dict, *args: str) -> str:
    result = subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    return result.stdout


def snapshot(env: dict) -> dict:
    result = subprocess.run(
        [sys.executable, "-c", SNAPSHOT], cwd=ROOT, env=env, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def drop(*names: str) -> None:
    if not ON_POSTGRESQL:
        return
    import psycopg

    admin = urlsplit(DATABASE_URL)._replace(path="/postgres").geturl()
    with psycopg.connect(admin, autocommit=True) as connection:
        for name in names:
            connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture
def portal(tmp_path):
    """A portal with the demo data and one uploaded file, on a database of its own."""
    drop("svom_backup_source", "svom_backup_restored")
    url = database_url("svom_backup_source", tmp_path)
    if ON_POSTGRESQL:
        import psycopg

        admin = urlsplit(DATABASE_URL)._replace(path="/postgres").geturl()
        with psycopg.connect(admin, autocommit=True) as connection:
            connection.execute('CREATE DATABASE "svom_backup_source"')
    env = environment(url, tmp_path / "uploads")
    manage(env, "migrate", "--noinput")
    manage(env, "load_demo")
    (tmp_path / "uploads" / "attachments").mkdir(parents=True)
    (tmp_path / "uploads" / "attachments" / "bilaga.pdf").write_bytes(b"%PDF-1.4 bilaga")
    yield env
    drop("svom_backup_source", "svom_backup_restored")


def test_backup_restores_every_row_the_same_page_and_the_files(portal, tmp_path):
    output = manage(portal, "backup", "--output", str(tmp_path / "backups"))
    (folder,) = (tmp_path / "backups").iterdir()
    assert str(folder) in output
    restored_url = database_url("svom_backup_restored", tmp_path)
    target = restored_url.rsplit("/", 1)[1] if ON_POSTGRESQL else urlsplit(restored_url).path
    manage(portal, "restore", str(folder), "--database", target, "--media", str(tmp_path / "back"))

    restored = environment(restored_url, tmp_path / "back")
    before, after = snapshot(portal), snapshot(restored)
    assert after["rows"] == before["rows"]
    assert sum(before["rows"].values()) > 100
    assert after["page"] == before["page"]
    assert (tmp_path / "back" / "attachments" / "bilaga.pdf").read_bytes() == b"%PDF-1.4 bilaga"


def test_restore_never_overwrites_a_database(portal, tmp_path):
    manage(portal, "backup", "--output", str(tmp_path / "backups"))
    (folder,) = (tmp_path / "backups").iterdir()
    existing = (
        "svom_backup_source" if ON_POSTGRESQL else str(tmp_path / "svom_backup_source.sqlite3")
    )
    result = subprocess.run(
        [
            sys.executable,
            "manage.py",
            "restore",
            str(folder),
            "--database",
            existing,
            "--media",
            str(tmp_path / "other"),
        ],
        cwd=ROOT,
        env=portal,
        capture_output=True,
        text=True,
    )
    assert result.returncode != 0
    assert "finns redan" in result.stderr
