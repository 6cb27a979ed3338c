"""Notes written down later: `note --on DAY` and `note --at WHEN` date a note (the date grammar),
and `import jrnl|csv FILE` brings entries written elsewhere in as private notes with their dates,
every value checked as a person's input is, all or nothing, a dry run writing nothing."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import pytest

from tests.conftest import NOW, ZONE, as_json, digest, ok

CANARY = "CANARY-imported-4d2e"


def notes(cli) -> list[dict]:
    return as_json(cli("log", "-n", "1000", "--json"))


def test_note_on_a_day_and_at_a_moment(cli, journal_path):
    on = as_json(cli("note", "Met the producer", "--on", "3 days ago", "--json"))
    assert on["occurred_on"] == "2026-11-18"  # a day alone is its noon: the same day in UTC too
    assert datetime.fromisoformat(on["created_at"]) == datetime(2026, 11, 18, 12, 0, tzinfo=ZONE)
    at = as_json(cli("note", "Called the city", "--at", "yesterday 18:00", "--json"))
    assert datetime.fromisoformat(at["created_at"]) == datetime(2026, 11, 20, 18, 0, tzinfo=ZONE)
    assert at["occurred_on"] == "2026-11-20"
    plain = as_json(cli("note", "Written now", "--json"))
    assert plain["occurred_on"] is None and datetime.fromisoformat(plain["created_at"]) == NOW
    # the timeline places them by their dates
    assert [n["text"] for n in notes(cli)] == ["Met the producer", "Called the city", "Written now"]
    assert [n["text"] for n in as_json(cli("log", "--until", "2026-11-19", "--json"))] == ["Met the producer"]
    said = ok(cli("note", "Another", "--on", "2026-11-02")).stdout
    assert "dated 2026-11-02" in said


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (("--on", "tomorrow"), "ahead"),
        (("--at", "in 2 hours"), "ahead"),
        (("--on", "yesterday", "--at", "today 10:00"), "not both"),
        (("--on", "2026-02-30"), "date"),
    ],
)
def test_a_date_a_note_cannot_have_is_refused_and_nothing_is_written(cli, journal_path, args, words):
    before = digest(journal_path)
    result = cli("note", "x", *args)
    assert result.exit_code == 1 and words in result.stderr and "Traceback" not in result.stderr
    assert notes(cli) == [] and digest(journal_path) == before


JRNL = {
    "tags": {"@grant": 1, "@theatre": 1},
    "entries": [
        {
            "title": "Met the producer.",
            "body": "She liked the show.\nShe asked for a budget.",
            "date": "2026-03-04",
            "time": "18:30",
            "tags": ["@grant", "@Theatre"],
            "starred": True,
        },
        {"title": f"A quiet day {CANARY}", "body": "", "date": "2026-03-05", "time": "09:00", "tags": [],
         "starred": False},
    ],
}  # fmt: skip


def test_a_jrnl_export_comes_in_as_private_dated_notes(cli, journal_path, tmp_path):
    path = tmp_path / "jrnl.json"
    path.write_text(json.dumps(JRNL), encoding="utf-8")
    before = digest(journal_path)
    dry = ok(cli("import", "jrnl", str(path), "--dry-run")).stdout
    assert "Would import 2 private notes, 2026-03-04 to 2026-03-05" in dry
    assert notes(cli) == [] and digest(journal_path) == before
    ok(cli("import", "jrnl", str(path)))
    found = notes(cli)
    assert [n["text"] for n in found] == [
        "Met the producer.\nShe liked the show.\nShe asked for a budget.",
        f"A quiet day {CANARY}",
    ]
    first = found[0]
    assert datetime.fromisoformat(first["created_at"]) == datetime(2026, 3, 4, 18, 30, tzinfo=ZONE)
    assert first["occurred_on"] == "2026-03-04" and first["tags"] == ["grant", "theatre", "starred"]
    assert {n["visibility"] for n in found} == {"private"} and {n["kind"] for n in found} == {"note"}
    again = ok(cli("import", "jrnl", str(path))).stdout  # a file imported twice: nothing twice
    assert "Nothing new" in again and len(notes(cli)) == 2
    bundle = tmp_path / "bundle.json"
    ok(cli("share", str(bundle), "--plain"))
    assert CANARY not in bundle.read_text() and "producer" not in bundle.read_text()


def test_a_csv_comes_in_with_kinds_and_tags(cli, journal_path, tmp_path):
    path = tmp_path / "notes.csv"
    path.write_text(
        "Date;Text;Kind;Tags\n"
        '2026-02-01;"Decided on the fee; finally";decision;fees, pricing\n'
        "3 February 2026 10:00;Ask about the deadline;question;\n"
        "\n"
        "2026-02-04;Line one\u00a0and more;;\n",
        encoding="utf-8",
    )
    result = as_json(cli("import", "csv", str(path), "--json"))
    assert result["imported"] == 3 and result["kinds"] == {"decision": 1, "note": 1, "question": 1}
    found = {n["text"]: n for n in notes(cli)}
    assert found["Decided on the fee; finally"]["kind"] == "decision"
    assert found["Decided on the fee; finally"]["tags"] == ["fees", "pricing"]
    shown = ok(cli("log", "-n", "100")).stdout  # the timeline shows the day the file gave
    assert any(line.split()[1] == "2026-02-01" and "Decided" in line for line in shown.splitlines())
    asked = found["Ask about the deadline"]
    assert datetime.fromisoformat(asked["created_at"]).astimezone(UTC) == datetime(
        2026, 2, 3, 9, 0, tzinfo=UTC
    )


@pytest.mark.parametrize(
    ("content", "words"),
    [
        ("date,text\n2026-02-01,fine\n2026-02-30,not a day\n", "Line 3"),
        ('date,text\n2026-02-01,fine\n2026-02-01,"esc \x1b[2J"\n', "control character"),
        ("date,text,kind\n2026-02-01,fine,contact\n", "mentorlog contact"),
        ("date,text,tags\n2026-02-01,fine,a#b\n", "not a tag"),
        ("date,text\n2027-05-01,later\n", "ahead of now"),
        ("date,text\n2026-02-01,   \n", "empty"),
        ("when,what\n2026-02-01,fine\n", "date and text"),
        ("date,text,mood\n2026-02-01,fine,good\n", "'mood'"),
        ("date,text\n2026-02-01,fine,extra\n", "3 cells"),
    ],
)
def test_a_bad_csv_line_refuses_the_file_and_names_the_line(cli, journal_path, tmp_path, content, words):
    path = tmp_path / "bad.csv"
    path.write_text(content, encoding="utf-8")
    before = digest(journal_path)
    result = cli("import", "csv", str(path))
    assert result.exit_code == 1 and words in result.stderr, result.stderr
    assert "Traceback" not in result.stderr and len(result.stderr.strip().splitlines()) <= 2
    assert notes(cli) == [] and digest(journal_path) == before


@pytest.mark.parametrize(
    ("data", "words"),
    [
        (b"\xff\xfe not utf-8", "not UTF-8"),
        (b"[1, 2]", "no jrnl entries"),
        (
            b'{"entries": [{"title": "x", "body": "", "date": "2026-03-04", "time": "25:00", "tags": []}]}',
            "Entry 1",
        ),
        (b'{"entries": [{"title": "x\\u202e", "body": "", "date": "2026-03-04", "tags": []}]}', "control"),
        (b'{"entries": [{"title": "x", "body": "", "tags": []}]}', "no date"),
        (b'{"entries": [{"title": "", "body": "", "date": "2026-03-04", "tags": []}]}', "empty"),
        (b"{" * 5000, "not jrnl's JSON export"),
    ],
)
def test_a_bad_jrnl_file_is_refused_and_nothing_is_written(cli, journal_path, tmp_path, data, words):
    path = tmp_path / "bad.json"
    path.write_bytes(data)
    before = digest(journal_path)
    result = cli("import", "jrnl", str(path))
    assert result.exit_code == 1 and words in result.stderr, result.stderr
    assert "Traceback" not in result.stderr
    assert notes(cli) == [] and digest(journal_path) == before
