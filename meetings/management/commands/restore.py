import json
import shutil
import subprocess  # nosec B404 - runs pg_restore with a fixed argument list, no shell
import tarfile
from pathlib import Path

import psycopg
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from psycopg import sql

from .backup import pg_environment


class Command(BaseCommand):
    help = (
        "Återställer en säkerhetskopia från backup: databasen till en ny databas med det "
        "angivna namnet (PostgreSQL) eller filen (SQLite), och de uppladdade filerna till "
        "en ny mapp. Inget befintligt skrivs över."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("backup", help="Mappen som backup skrev (backups/svom-…).")
        parser.add_argument(
            "--database",
            required=True,
            help="Ny databas på samma PostgreSQL-server, eller sökväg till en ny SQLite-fil.",
        )
        parser.add_argument("--media", required=True, help="Ny mapp för de uppladdade filerna.")

    def handle(self, *args, backup: str, database: str, media: str, **options) -> None:
        folder = Path(backup)
        try:
            manifest = json.loads((folder / "manifest.json").read_text())
        except (OSError, ValueError):
            raise CommandError(
                f"{folder} är ingen säkerhetskopia (manifest.json saknas)."
            ) from None
        target = Path(media)
        if target.exists() and any(target.iterdir()):
            raise CommandError(f"{target} finns redan och är inte tom.")
        if manifest["engine"] == "postgresql":
            self._restore_postgresql(folder / "database.dump", database)
        else:
            path = Path(database)
            if path.exists():
                raise CommandError(f"{path} finns redan.")
            shutil.copyfile(folder / "database.sqlite3", path)
        target.mkdir(parents=True, exist_ok=True)
        with tarfile.open(folder / "uploads.tar.gz") as archive:
            for member in archive.getmembers():
                if member.name == "uploads" or not member.name.startswith("uploads/"):
                    continue
                member.name = member.name.removeprefix("uploads/")
                archive.extract(member, target, filter="data")
        self.stdout.write(
            self.style.SUCCESS(
                f"Återställd från {folder} ({manifest['created']}): databasen {database}, "
                f"filerna i {target}."
            )
        )

    def _restore_postgresql(self, dump: Path, name: str) -> None:
        server = settings.DATABASES["default"]
        if not shutil.which("pg_restore"):
            raise CommandError("pg_restore saknas: installera postgresql-client.")
        options = {
            "host": server.get("HOST") or None,
            "port": server.get("PORT") or None,
            "user": server.get("USER") or None,
            "password": server.get("PASSWORD") or None,
        }
        with psycopg.connect(
            dbname="postgres", autocommit=True, **{k: v for k, v in options.items() if v}
        ) as admin:
            if admin.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
                raise CommandError(f"Databasen {name} finns redan; välj ett nytt namn.")
            admin.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
        # pg_restore from PATH by design (the server's client tools); no shell, fixed arguments.
        result = subprocess.run(  # nosec B603 B607
            ["pg_restore", "--no-owner", "--exit-on-error", f"--dbname={name}", str(dump)],
            env=pg_environment(server),
            capture_output=True,
            text=True,
        )
        if result.returncode:
            raise CommandError(f"pg_restore misslyckades: {result.stderr.strip()}")
