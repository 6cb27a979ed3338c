"""Issue: local-first exchange between the mentee's and the mentor's journals (README: "Two journals")."""

from __future__ import annotations

import json
import sqlite3

import icalendar

from .conftest import as_json, digest, ok
from .exchange_helpers import shared_content

CANARY = "CANARY-exchange-9d2e"


def test_a_mentorship_across_two_journals(two, tmp_path):
    ok(
        two(
            "mentee",
            "init",
            "--mentor",
            "Tomaž Zupan",
            "--mentee",
            "Maja Horvat",
            "--me",
            "mentee",
            "--start",
            "2026-09-01",
        )
    )
    ok(two("mentee", "agreement", "edit", "--meetings", "10", "--place", "Café Union"))
    ok(two("mentee", "agreement", "propose"))
    ok(
        two(
            "mentee",
            "session",
            "schedule",
            "--every",
            "monthly",
            "--count",
            "3",
            "--start",
            "in 5 days 18:00",
        )
    )
    ok(two("mentee", "topic", "add", "Pricing my work"))
    ok(two("mentee", "note", f"{CANARY} I doubt I can do this"))
    ok(two("mentee", "note", "--shared", "Looking forward to it"))
    # plain bundles, so that the privacy of what travels can be read in them (the same flow sealed
    # end to end is in test_pairing.py)
    bundle1 = tmp_path / "to-tomaz.json"
    first = json.loads(ok(two("mentee", "share", str(bundle1), "--plain", "--json")).stdout)
    assert first["protection"] == "plain" and "Looking forward to it" in bundle1.read_text()
    assert CANARY not in bundle1.read_text()
    assert bundle1.stat().st_mode & 0o777 == 0o600

    # the mentor starts a journal from it, approves, confirms, writes back
    ok(two("mentor", "init", "--from", str(bundle1), "--me", "mentor"))
    status = json.loads(ok(two("mentor", "status", "--json")).stdout)
    assert status["pair"]["me"] == "mentor" and status["agreement"] == {"state": "proposed", "version": 1}
    ok(two("mentor", "agreement", "approve"))
    ok(two("mentor", "session", "confirm", "1"))
    ok(two("mentor", "note", "--shared", "-q", "What is your fee now?"))
    ok(two("mentor", "note", "Private thought of the mentor"))
    bundle2 = tmp_path / "to-maja.json"
    ok(two("mentor", "share", str(bundle2), "--plain"))
    assert "Private thought of the mentor" not in bundle2.read_text()
    merged = json.loads(ok(two("mentee", "merge", str(bundle2), "--json")).stdout)
    assert merged["added"] >= 1 and merged["updated"] >= 2

    status = json.loads(ok(two("mentee", "status", "--json")).stdout)
    assert status["agreement"] == {"state": "approved", "version": 1}
    sessions = json.loads(ok(two("mentee", "session", "list", "--json")).stdout)
    assert sessions[0]["state"] == "confirmed"
    agenda = json.loads(ok(two("mentee", "agenda", "--format", "json")).stdout)
    assert [q["text"] for q in agenda["questions"]] == ["What is your fee now?"]

    # the session is held and both give feedback; exchange both ways once more
    # (held needs the session to have started: move it into the past first)
    ok(two("mentee", "session", "move", "1", "yesterday 18:00", "--past"))
    ok(two("mentee", "--as", "mentor", "session", "confirm", "1"))
    ok(two("mentee", "session", "held", "1"))
    ok(two("mentee", "feedback", "1", "--rating", "5", "--worked", "clear steps"))
    bundle3 = tmp_path / "to-tomaz-2.json"
    ok(two("mentee", "share", str(bundle3), "--plain"))
    ok(two("mentor", "merge", str(bundle3)))
    ok(two("mentor", "feedback", "1", "--rating", "4"))
    ok(two("mentor", "share", str(bundle2), "--plain", "--force"))  # over the one merged before
    ok(two("mentee", "merge", str(bundle2)))

    assert shared_content(two.paths["mentee"]) == shared_content(two.paths["mentor"])
    for path in (bundle1, bundle2, bundle3):
        assert CANARY not in path.read_text()
    mentor_export = tmp_path / "tomaz-export.json"
    ok(two("mentor", "export", "--format", "json", "--out", str(mentor_export)))
    assert (
        CANARY not in mentor_export.read_text()
        and "Private thought of the mentor" in mentor_export.read_text()
    )
    assert CANARY not in ok(two("mentee", "calendar")).stdout
    for kind in ("agreement", "bridging-the-gap", "final-reflection"):
        assert CANARY not in ok(two("mentee", "report", kind)).stdout


def test_merging_the_same_bundle_twice_changes_nothing(two, tmp_path):
    ok(two("mentee", "init", "--mentor", "T", "--mentee", "M", "--me", "mentee"))
    ok(two("mentee", "note", "--shared", "hello"))
    bundle = tmp_path / "b.json"
    ok(two("mentee", "share", str(bundle), "--plain"))
    ok(two("mentor", "init", "--from", str(bundle), "--me", "mentor"))
    ok(two("mentor", "note", "--shared", "hi back"))
    back = tmp_path / "back.json"
    ok(two("mentor", "share", str(back), "--plain"))
    first = json.loads(ok(two("mentee", "merge", str(back), "--json")).stdout)
    assert first["added"] == 1
    before = digest(two.paths["mentee"])
    again = json.loads(ok(two("mentee", "merge", str(back), "--json")).stdout)
    assert again["added"] == again["updated"] == 0
    assert digest(two.paths["mentee"]) == before


def test_an_export_restores_a_journal_but_is_never_merged(two, tmp_path):
    ok(two("mentee", "init", "--mentor", "T", "--mentee", "M", "--me", "mentee"))
    ok(two("mentee", "note", f"{CANARY} private"))
    ok(two("mentee", "note", "--shared", "shared"))
    export = tmp_path / "export.json"
    result = ok(two("mentee", "export", "--format", "json", "--out", str(export)))
    assert "private entries included" in result.stdout
    assert export.stat().st_mode & 0o777 == 0o600 and CANARY in export.read_text()
    restored = tmp_path / "restored.db"
    ok(two("mentee", "-j", str(restored), "init", "--from", str(export), "--me", "mentee"))
    texts = [e["text"] for e in json.loads(ok(two("mentee", "-j", str(restored), "log", "--json")).stdout)]
    assert texts == [f"{CANARY} private", "shared"]
    wrong_role = two("mentee", "-j", str(tmp_path / "x.db"), "init", "--from", str(export), "--me", "mentor")
    assert wrong_role.exit_code == 1 and "--me mentee" in wrong_role.stderr
    ok(two("mentor", "init", "--mentor", "T", "--mentee", "M", "--me", "mentor"))
    refused = two("mentee", "merge", str(export))
    assert refused.exit_code == 1 and "personal export" in refused.stderr
    markdown = tmp_path / "export.md"
    ok(two("mentee", "export", "--format", "markdown", "--out", str(markdown)))
    text = markdown.read_text()
    assert CANARY in text and "# Mentorship agreement" in text and "# Final reflection" in text


def test_init_from_a_bundle_of_my_own_role_is_refused(two, tmp_path):
    ok(two("mentee", "init", "--mentor", "T", "--mentee", "M", "--me", "mentee"))
    bundle = tmp_path / "b.json"
    ok(two("mentee", "share", str(bundle), "--plain"))
    result = two("mentor", "init", "--from", str(bundle), "--me", "mentee")
    assert result.exit_code == 1 and "--me mentor" in result.stderr
    assert not two.paths["mentor"].exists()


def test_calendar_events_and_todos_with_stable_uids(cli, journal_path, tmp_path):
    ok(cli("session", "plan", "in 3 days 18:00", "--online", "https://meet.example/abc"))
    ok(cli("session", "plan", "in 30 days 18:00"))
    ok(cli("session", "cancel", "2", "--reason", "travel"))
    ok(cli("topic", "add", "Fees", "--session", "1"))
    ok(cli("action", "add", "Send the budget", "--due", "in 5 days"))
    ok(cli("action", "add", "Someday", "--owner", "mentor"))
    ok(cli("note", "-q", f"{CANARY} question"))
    first = ok(cli("calendar")).stdout
    out = tmp_path / "mentoring.ics"
    ok(cli("calendar", "--out", str(out)))
    assert out.stat().st_mode & 0o777 == 0o600
    cal = icalendar.Calendar.from_ical(first)
    events = [c for c in cal.walk("VEVENT")]
    todos = [c for c in cal.walk("VTODO")]
    assert len(events) == 2 and len(todos) == 1
    assert {str(e["status"]) for e in events} == {"TENTATIVE", "CANCELLED"}
    online = next(e for e in events if "meet.example" in str(e.get("location", "")))
    assert "Fees" in str(online["description"])
    assert (online.decoded("dtend") - online.decoded("dtstart")).total_seconds() == 90 * 60
    assert str(todos[0]["summary"]) == "Send the budget"
    assert CANARY not in first
    uids = {str(c["uid"]) for c in events + todos}
    again = icalendar.Calendar.from_ical(ok(cli("calendar")).stdout)
    assert {str(c["uid"]) for c in again.walk("VEVENT") + again.walk("VTODO")} == uids


def test_backup_is_a_consistent_private_copy(cli, journal_path, tmp_path, mentorlog_home):
    ok(cli("note", "kept"))
    dest = tmp_path / "copy.db"
    ok(cli("backup", str(dest)))
    assert dest.stat().st_mode & 0o777 == 0o600
    conn = sqlite3.connect(dest)
    assert conn.execute("pragma integrity_check").fetchone()[0] == "ok"
    assert conn.execute("select text from note").fetchone()[0] == "kept"
    assert "never overwrites" in cli("backup", str(dest)).stderr
    ok(cli("backup"))
    assert len(list((mentorlog_home / "backups").glob("journal-*.db"))) == 1


def test_share_without_a_file_never_replaces_one_made_the_same_minute(
    cli, journal_path, tmp_path, monkeypatch
):
    """The default name says the role and the minute; a second share that minute gets its own name
    (`share FILE` never replaces a file without --force, and neither does the default name)."""
    monkeypatch.chdir(tmp_path)
    ok(cli("note", "--shared", "First"))
    first = as_json(cli("share", "--plain", "--json"))["path"]
    ok(cli("note", "--shared", "Second"))
    second = as_json(cli("share", "--plain", "--json"))["path"]
    assert first == "mentorlog-mentee-20261121-1430.json"
    assert second == "mentorlog-mentee-20261121-1430-2.json"
    assert b"Second" not in (tmp_path / first).read_bytes() and b"Second" in (tmp_path / second).read_bytes()
