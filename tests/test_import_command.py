"""The management command `import_protocol`: files, dates and options from the shell."""

import datetime
import shlex
from io import StringIO
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command, execute_from_command_line
from django.core.management.base import CommandError

from meetings.models import AgendaItem, Meeting
from tests.seeds import SEED_002, SEED_003, SEED_DATES, row_counts

pytestmark = pytest.mark.django_db


def run_command(*args: str) -> str:
    out = StringIO()
    call_command("import_protocol", *args, stdout=out)
    return out.getvalue()


def test_command_refuses_a_bad_file_with_exit_code_and_no_traceback(
    tmp_path, svom, capsys, monkeypatch
):
    bad = tmp_path / "ansi.txt"
    bad.write_bytes("• Mötet öppnas\n".encode("cp1252"))
    # A command run from the shell closes its connections at the end; the test's
    # database connection must outlive it.
    monkeypatch.setattr("django.core.management.base.connections.close_all", lambda: None)

    with pytest.raises(SystemExit) as exit_:
        execute_from_command_line(
            ["manage.py", "import_protocol", str(bad), "--date", "2021-06-04"]
        )

    err = capsys.readouterr().err
    assert exit_.value.code == 1
    assert "Windows-1252" in err
    assert "Traceback" not in err
    assert Meeting.objects.exists() is False


def test_command_dry_run_prints_the_preview_and_writes_nothing(svom):
    output = run_command(str(SEED_003), "--date", "2020-11-06", "--dry-run")

    assert "SVOM 2020-11-06: 10 paragrafer skulle importeras" in output
    assert "   3. § 44 Val av justerare och tid för justering" in output
    assert Meeting.objects.exists() is False


def test_command_takes_one_date_per_file_in_order(svom):
    run_command(str(SEED_003), str(SEED_002), "--date", "2020-11-06", "--date", "2021-12-03")

    assert sorted(Meeting.objects.values_list("date", flat=True)) == [
        datetime.date(2020, 11, 6),
        datetime.date(2021, 12, 3),
    ]


def test_command_adjusted_option_publishes_the_protocol(svom):
    run_command(str(SEED_003), "--date", "2020-11-06", "--adjusted")

    assert set(AgendaItem.objects.values_list("state", flat=True)) == {"adjusted"}
    assert Meeting.objects.get().status == Meeting.Status.ADJUSTED


def test_command_refuses_an_unknown_body(svom):
    with pytest.raises(CommandError, match=r"Organet «XYZ» finns inte\. Organ som finns: SVOM\."):
        run_command(str(SEED_003), "--date", "2020-11-06", "--body", "XYZ")


def test_command_refuses_a_missing_file(svom):
    with pytest.raises(CommandError, match=r"saknas\.txt: Filen finns inte\."):
        run_command("saknas.txt", "--date", "2020-11-06")


def test_command_imports_the_good_files_when_another_fails(svom, tmp_path):
    empty = tmp_path / "tom.txt"
    empty.write_text("")

    with pytest.raises(CommandError, match="1 av 2 filer importerades inte"):
        run_command(str(empty), str(SEED_003), "--date", "2020-11-06")

    assert Meeting.objects.count() == 1


def test_make_run_previews_the_three_seeds_on_the_demo_data(demo):
    """`make run` proves the importer on every run without duplicating the demo data."""
    makefile = (Path(settings.BASE_DIR) / "Makefile").read_text()
    (line,) = [line for line in makefile.splitlines() if "import_protocol" in line]
    arguments = shlex.split(line.split("manage.py", 1)[1])
    before = row_counts()

    output = run_command(*arguments[1:])

    assert arguments[0] == "import_protocol"
    assert "--dry-run" in arguments
    assert all(f"fixtures/seeds/{seed.name}:" in output for seed in SEED_DATES)
    assert row_counts() == before
