"""Importing many protocols from the shell: directories, dates from the text, the summary
table, the JSON report, a body made on the way, and the report of each file's lines."""

import datetime
import json
import re
from io import StringIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse

from meetings.models import AgendaItem, Body, Meeting
from meetings.protocol_import import import_protocol, read_protocol
from tests import factories
from tests.seeds import SEED_002, row_counts

pytestmark = pytest.mark.django_db

#: The words of the notes: lines alike but for a number would be taken for running headers.
WORDS = ["alfa", "bravo", "charlie", "delta", "echo", "foxtrot", "golf", "hotell", "india"]
WORDS += ["juliett", "kilo", "lima", "mike"]


def protocol_text(
    date: str | None = "2022-03-04", number=1, title="Mötets öppnande", notes=0
) -> str:
    """A one-paragraph protocol whose cover page gives `date`; `notes` lines on the cover
    page that no label explains are reported as unrecognised (lines 2, 3, ...).

    Its lines: the heading (furniture), the notes, the date, and the paragraph's three."""
    cover = ["SAMMANTRÄDESPROTOKOLL"]
    cover += [f"Anteckning om {WORDS[n % 13]} och {WORDS[n // 13]}" for n in range(notes)]
    if date:
        cover.append(f"Sammanträdesdatum {date}")
    paragraph = [f"§ {number} {title}", "", "Beslut", "Ordföranden öppnar mötet."]
    return "\n".join([*cover, "", *paragraph, ""])


def write_protocol(folder, name, **kwargs):
    path = folder / name
    path.write_text(protocol_text(**kwargs), encoding="utf-8")
    return path


def run_command(*args) -> str:
    out = StringIO()
    call_command("import_protocol", *map(str, args), stdout=out)
    return out.getvalue()


def run_failing_command(*args) -> tuple[str, CommandError]:
    """The output of a run that ends in the failure error, and that error."""
    out = StringIO()
    with pytest.raises(CommandError) as error:
        call_command("import_protocol", *map(str, args), stdout=out)
    return out.getvalue(), error.value


def summary_rows(output: str) -> dict[str, list[str]]:
    """The summary table's rows by file, each cut into its cells."""
    lines = output.splitlines()
    header = next(index for index, line in enumerate(lines) if line.startswith("Fil  "))
    return {
        cells[0]: cells
        for cells in (
            re.split(r"\s{2,}", line.strip()) for line in [lines[header], *lines[header + 2 :]]
        )
    }


# Directories and dates


def test_directory_imports_its_protocol_files_and_skips_other_files(svom, tmp_path):
    write_protocol(tmp_path, "a.txt", date="2022-03-04")
    (tmp_path / "b.htm").write_text(
        "<!DOCTYPE html><html lang='sv'><body><main><p>SAMMANTRÄDESPROTOKOLL</p>"
        "<p>Sammanträdesdatum 2022-04-01</p><h2>§ 2 Godkännande av dagordning</h2>"
        "<p>Beslut</p><p>Dagordningen godkänns.</p></main></body></html>",
        encoding="utf-8",
    )
    (tmp_path / "anteckningar.md").write_text("Inget protokoll", encoding="utf-8")
    (tmp_path / "äldre").mkdir()
    write_protocol(tmp_path / "äldre", "c.txt", date="2021-01-01")

    output = run_command(tmp_path)

    assert sorted(Meeting.objects.values_list("date", flat=True)) == [
        datetime.date(2022, 3, 4),
        datetime.date(2022, 4, 1),
    ]
    assert "anteckningar.md" not in output


def test_directory_without_protocol_files_is_refused(svom, tmp_path):
    (tmp_path / "anteckningar.md").write_text("Inget protokoll", encoding="utf-8")

    with pytest.raises(CommandError, match=r"innehåller inga protokollfiler \(\.txt, \.docx"):
        run_command(tmp_path)


def test_date_is_taken_from_the_text_without_date_option(svom, tmp_path):
    path = write_protocol(tmp_path, "a.txt", date="2022-03-04")

    run_command(path)

    assert Meeting.objects.get().date == datetime.date(2022, 3, 4)


def test_conflicting_date_fails_that_file_and_imports_the_others(svom, tmp_path):
    agreeing = write_protocol(tmp_path, "a.txt", date="2022-03-04")
    conflicting = write_protocol(tmp_path, "b.txt", date="2022-04-01", title="Annat möte")

    output, error = run_failing_command(agreeing, conflicting, "--date", "2022-03-04")

    assert summary_rows(output)[str(conflicting)][-1].startswith(
        "FEL: rad 2: Angivet datum 2022-03-04 stämmer inte med protokollets datum 2022-04-01"
    )
    assert "1 av 2 filer importerades inte" in str(error)
    assert Meeting.objects.get().date == datetime.date(2022, 3, 4)
    assert not AgendaItem.objects.filter(title="Annat möte").exists()


def test_file_without_a_date_anywhere_fails(svom, tmp_path):
    undated = write_protocol(tmp_path, "a.txt", date=None)

    output, _error = run_failing_command(undated)

    assert summary_rows(output)[str(undated)][-1] == (
        "FEL: Protokollet anger inget mötesdatum som kunde läsas; ange datumet (--date ÅÅÅÅ-MM-DD)."
    )
    assert Meeting.objects.exists() is False


# The summary table


def test_summary_table_shows_date_paragraphs_warnings_unrecognised_share_and_status(svom, tmp_path):
    good = write_protocol(tmp_path, "a.txt", date="2022-03-04", notes=1)
    bad = tmp_path / "tom.txt"
    bad.write_text("")

    output, _error = run_failing_command(good, bad)

    rows = summary_rows(output)
    assert rows["Fil"] == ["Fil", "Datum", "Paragrafer", "Varningar", "Ej igenkänt", "Status"]
    assert rows[str(good)] == [str(good), "2022-03-04", "1", "0", "20 %", "OK"]
    assert rows[str(bad)] == [str(bad), "–", "–", "–", "–", "FEL: Filen är tom."]


def test_summary_table_columns_are_aligned(svom, tmp_path):
    short = write_protocol(tmp_path, "a.txt", date="2022-03-04")
    long = write_protocol(tmp_path, "ett-mycket-längre-filnamn.txt", date="2022-04-01", number=2)

    output = run_command(short, long)

    lines = output.splitlines()
    start = next(index for index, line in enumerate(lines) if line.startswith("Fil  "))
    header, rows = lines[start], lines[start + 2 :]
    assert len(rows) == 2
    assert {row.index("2022-") for row in rows} == {header.index("Datum")}
    assert {row.index("OK") for row in rows} == {header.index("Status")}


# The JSON report


def test_report_option_writes_every_file_as_json_including_a_failure(svom, tmp_path):
    good = write_protocol(tmp_path, "a.txt", date="2022-03-04", notes=1)
    undated = write_protocol(tmp_path, "b.txt", date=None)
    target = tmp_path / "rapport.json"

    run_failing_command(good, undated, "--report", target)

    report = json.loads(target.read_text(encoding="utf-8"))
    first, failed = report["files"]
    assert (first["file"], first["body"], first["date"], first["status"]) == (
        str(good),
        "SVOM",
        "2022-03-04",
        "OK",
    )
    assert first["counts"]["paragraphs"] == 1
    assert first["items"] == [
        {
            "position": 1,
            "number": 1,
            "title": "Mötets öppnande",
            "case_number": "",
            "action": "new",
        }
    ]
    assert first["ledger"] == {
        "total": 6,
        "furniture": {"dokumentrubrik": 1},
        "structured": 4,
        "unrecognised": [{"line": 2, "page": None, "text": "Anteckning om alfa och alfa"}],
        "structured_share": 0.8,
    }
    assert failed == {
        "file": str(undated),
        "status": "FEL",
        "error": "Protokollet anger inget mötesdatum som kunde läsas; ange datumet "
        "(--date ÅÅÅÅ-MM-DD).",
        "line": None,
    }
    assert report["summary"] == {
        "files": 2,
        "ok": 1,
        "failed": 1,
        "dry_run": False,
        "body": "SVOM",
        "body_created": False,
    }


def test_report_keeps_swedish_letters_unescaped(svom, tmp_path):
    path = write_protocol(tmp_path, "a.txt")
    target = tmp_path / "rapport.json"

    run_command(path, "--report", target)

    assert '"title": "Mötets öppnande"' in target.read_text(encoding="utf-8")


def test_report_to_dict_is_json_serialisable(svom):
    report = import_protocol(
        read_protocol(SEED_002.name, SEED_002.read_bytes()),
        body=svom,
        date=datetime.date(2021, 12, 3),
        dry_run=True,
    )

    data = report.to_dict()

    assert json.loads(json.dumps(data)) == data
    assert data["status"] == "OK"


# A body made on the way


def test_create_body_creates_the_body_with_a_short_name_from_its_initials(svom, tmp_path):
    path = write_protocol(tmp_path, "a.txt")

    output = run_command(path, "--body", "Socialnämnden i Östersund", "--create-body")

    body = Body.objects.get(name="Socialnämnden i Östersund")
    assert (body.short_name, body.slug) == ("SÖ", "so")
    assert Meeting.objects.get().body == body
    assert "Organet «Socialnämnden i Östersund» (SÖ) skapades." in output


def test_create_body_keeps_a_short_one_word_name_as_its_short_name(svom, tmp_path):
    run_command(write_protocol(tmp_path, "a.txt"), "--body", "Krisgruppen", "--create-body")

    assert Body.objects.get(name="Krisgruppen").short_name == "Krisgruppen"


def test_create_body_takes_the_given_short_name(svom, tmp_path):
    path = write_protocol(tmp_path, "a.txt")

    run_command(path, "--body", "Socialnämnden", "--create-body", "--short-name", "SN")

    assert Body.objects.get(name="Socialnämnden").short_name == "SN"


def test_create_body_asks_for_a_short_name_when_the_derived_one_is_taken(svom, tmp_path):
    factories.BodyFactory(short_name="SÖ", slug="so")

    path = write_protocol(tmp_path, "a.txt")

    with pytest.raises(CommandError, match=r"«SÖ» .* används redan .* --short-name"):
        run_command(path, "--body", "Socialnämnden i Östersund", "--create-body")

    assert not Body.objects.filter(name="Socialnämnden i Östersund").exists()


def test_create_body_with_dry_run_leaves_no_body_behind(svom, tmp_path):
    path = write_protocol(tmp_path, "a.txt")
    before = Body.objects.count(), row_counts()

    output = run_command(path, "--body", "Socialnämnden i Östersund", "--create-body", "--dry-run")

    assert "SÖ 2022-03-04: 1 paragraf skulle importeras" in output
    assert (Body.objects.count(), row_counts()) == before


def test_unknown_body_without_create_body_is_refused_naming_the_option(svom, tmp_path):
    with pytest.raises(CommandError, match=r"Organet «Socialnämnden» finns inte.*--create-body"):
        run_command(write_protocol(tmp_path, "a.txt"), "--body", "Socialnämnden")

    assert not Body.objects.filter(name="Socialnämnden").exists()


# The report of each file's lines


def test_preview_warns_when_most_lines_are_unrecognised(svom, tmp_path):
    output = run_command(write_protocol(tmp_path, "a.txt", notes=6), "--dry-run")

    assert (
        "Varning, Bara 40 % av raderna kunde ges struktur; granska de ej igenkända raderna "
        "nedan innan protokollet justeras." in output
    )
    assert "      rad 2: Anteckning om alfa och alfa" in output


def test_preview_counts_the_lines_and_the_furniture_per_rule(svom, tmp_path):
    output = run_command(write_protocol(tmp_path, "a.txt", notes=1), "--dry-run")

    assert (
        "  Rader: 6 totalt, 4 med struktur, 1 borttagen (sidhuvuden, sidnummer och liknande), "
        "1 ej igenkänd." in output
    )
    assert "      Borttaget, dokumentrubrik: 1" in output


def test_preview_lists_thirty_unrecognised_lines_and_counts_the_rest(svom, tmp_path):
    output = run_command(write_protocol(tmp_path, "a.txt", notes=35), "--dry-run")

    assert "      rad 31: " in output
    assert "      rad 32: " not in output
    assert "      … och 5 till" in output


def test_low_share_warning_is_not_added_to_the_parsed_warnings(svom):
    parsed = read_protocol("a.txt", protocol_text(notes=6).encode())
    report = import_protocol(parsed, body=svom, dry_run=True)

    list(report.lines())
    report.to_dict()

    assert parsed.warnings == []
    assert report.warning_count == 1
    assert [warning["message"][:8] for warning in report.to_dict()["warnings"]] == ["Bara 40 "]


def test_admin_preview_shows_the_line_counts_low_share_warning_and_unrecognised_lines(
    client, admin_login, secretary, svom
):
    admin_login(secretary)
    upload = SimpleUploadedFile("a.txt", protocol_text(notes=6).encode())
    response = client.post(
        reverse("admin:meetings_meeting_import"),
        {"file": upload, "body": svom.pk, "date": "2022-03-04"},
    )

    page = client.get(response.url).content.decode()

    assert '<li class="warning">Bara 40 % av raderna kunde ges struktur' in page
    assert "<dt>Rader totalt</dt><dd>11</dd>" in page
    assert '<th scope="row">rad 2</th><td>Anteckning om alfa och alfa</td>' in page
