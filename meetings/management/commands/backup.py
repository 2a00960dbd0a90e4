import datetime
import json
import os
import shutil
import sqlite3
import subprocess  # nosec B404 - runs pg_dump with a fixed argument list, no shell
import tarfile
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connection


def pg_environment(database: dict) -> dict[str, str]:
    """libpq's variables for the database settings, so no password is on a command line."""
    variables = {
        "PGHOST": database.get("HOST") or "",
        "PGPORT": str(database.get("PORT") or ""),
        "PGUSER": database.get("USER") or "",
        "PGPASSWORD": database.get("PASSWORD") or "",
    }
    return {**os.environ, **{name: value for name, value in variables.items() if value}}


def row_counts() -> dict[str, int]:
    """Rows per table of the database, to compare a restore with its backup."""
    counts = {}
    with connection.cursor() as cursor:
        for table in sorted(connection.introspection.table_names(cursor)):
            # The database's own table names, quoted: nothing from outside.
            quoted = connection.ops.quote_name(table)
            cursor.execute(f"SELECT COUNT(*) FROM {quoted}")  # nosec B608
            counts[table] = cursor.fetchone()[0]
    return counts


class Command(BaseCommand):
    help = (
        "Säkerhetskopierar portalen: databasen (pg_dump -Fc, eller SQLite-filen) och de "
        "uppladdade filerna, i en mapp med datum och tid. Återställs med restore."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--output", default="backups", help="Var kopian läggs (backups/).")

    def handle(self, *args, output: str, **options) -> None:
        stamp = datetime.datetime.now().strftime("%Y%m%d-%H%M%S")
        folder = Path(output) / f"svom-{stamp}"
        try:
            folder.mkdir(parents=True)
        except FileExistsError:
            raise CommandError(f"{folder} finns redan.") from None
        database = settings.DATABASES["default"]
        if connection.vendor == "postgresql":
            self._dump_postgresql(database, folder / "database.dump")
        elif connection.vendor == "sqlite":
            # SQLite's own backup: a consistent copy even while the portal writes.
            source = sqlite3.connect(database["NAME"])
            target = sqlite3.connect(folder / "database.sqlite3")
            try:
                source.backup(target)
            finally:
                source.close()
                target.close()
        else:
            raise CommandError(f"Databasen {connection.vendor} kan inte säkerhetskopieras.")
        uploads = Path(settings.STORAGES["default"]["OPTIONS"]["location"])
        with tarfile.open(folder / "uploads.tar.gz", "w:gz") as archive:
            if uploads.is_dir():
                archive.add(uploads, arcname="uploads")
        manifest = {
            "created": datetime.datetime.now().astimezone().isoformat(timespec="seconds"),
            "engine": connection.vendor,
            "rows": row_counts(),
        }
        (folder / "manifest.json").write_text(json.dumps(manifest, indent=2))
        self.stdout.write(self.style.SUCCESS(f"Säkerhetskopia skriven: {folder}"))

    def _dump_postgresql(self, database: dict, path: Path) -> None:
        if not shutil.which("pg_dump"):
            raise CommandError("pg_dump saknas: installera postgresql-client.")
        # pg_dump from PATH by design (the server's client tools); no shell, fixed arguments.
        result = subprocess.run(  # nosec B603 B607
            ["pg_dump", "--format=custom", "--no-owner", f"--file={path}", database["NAME"]],
            env=pg_environment(database),
            capture_output=True,
            text=True,
        )
        if result.returncode:
            raise CommandError(f"pg_dump misslyckades: {result.stderr.strip()}")
