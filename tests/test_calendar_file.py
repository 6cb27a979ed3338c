"""Reminders where people look: `mentorlog settings calendar-file PATH` keeps an iCalendar file
current after every change (written only when what it holds changed), read here by three
independent parsers (icalendar, vobject, ics) and by khal where it is installed."""

from __future__ import annotations

import os
import shutil
import subprocess
from datetime import date, timedelta
from pathlib import Path

import pytest

from .conftest import NOW, as_json, clock_at, ok
from .test_startup import loaded_after

CANARY = "PRIVATE-CANARY-7f3e"


def parsed(path: Path) -> dict[str, dict]:
    """The file as each parser reads it: {uid: {summary, status, due, alarm (days), sequence}},
    checked to be the same for all three."""
    import icalendar
    import ics
    import vobject

    text = path.read_text(encoding="utf-8")
    by_icalendar = {}
    for component in icalendar.Calendar.from_ical(text).walk():
        if component.name not in ("VEVENT", "VTODO"):
            continue
        alarms = [a.get("trigger").dt for a in component.subcomponents if a.name == "VALARM"]
        due = component.get("due")
        by_icalendar[str(component.get("uid"))] = {
            "kind": component.name,
            "summary": str(component.get("summary")),
            "status": str(component.get("status")),
            "due": due.dt if due is not None else None,
            "alarm": alarms[0] if alarms else None,
            "sequence": int(component.get("sequence")),
            "dtstamp": component.get("dtstamp").dt,
            "description": str(component.get("description") or ""),
        }
    by_vobject = {}
    for component in vobject.readOne(text).getChildren():
        if component.name not in ("VEVENT", "VTODO"):
            continue
        alarms = [child.trigger.value for child in component.getChildren() if child.name == "VALARM"]
        by_vobject[component.uid.value] = {
            "kind": component.name,
            "summary": component.summary.value,
            "status": component.status.value,
            "due": component.due.value if hasattr(component, "due") else None,
            "alarm": alarms[0] if alarms else None,
            "sequence": int(component.sequence.value),
        }
    calendar = ics.Calendar(text)
    by_ics = {e.uid: {"kind": "VEVENT", "summary": e.name, "status": e.status} for e in calendar.events}
    by_ics.update({t.uid: {"kind": "VTODO", "summary": t.name, "status": t.status} for t in calendar.todos})
    for uid, item in by_icalendar.items():
        assert {k: item[k] for k in by_vobject[uid]} == by_vobject[uid], uid
        assert {k: item[k] for k in by_ics[uid]} == by_ics[uid], uid
    assert set(by_icalendar) == set(by_vobject) == set(by_ics)
    return by_icalendar


def named(items: dict[str, dict], summary: str) -> dict:
    (found,) = [item for item in items.values() if item["summary"] == summary]
    return found


def stat(path: Path) -> tuple[bytes, int]:
    return path.read_bytes(), path.stat().st_mtime_ns


@pytest.fixture
def calendar_file(cli, journal_path, tmp_path) -> Path:
    """The mentee's journal (started 2026-09-01), keeping `maja.ics` current."""
    path = tmp_path / "maja.ics"
    said = ok(cli("settings", "calendar-file", str(path)))
    assert f"{path} is kept current for this journal" in said.stdout
    assert as_json(cli("settings", "calendar-file", "--json")) == {"calendar_file": str(path), "all": False}
    return path


def test_sessions_topics_feedback_and_reads_that_write_nothing(cli, calendar_file):
    ok(cli("session", "plan", "2026-11-26 18:00"))
    items = parsed(calendar_file)
    session = named(items, "Mentoring session 1: Maja Horvat & Tomaž Zupan")
    assert (session["kind"], session["status"]) == ("VEVENT", "TENTATIVE")
    assert session["alarm"] == timedelta(days=-1)  # the day before
    topics = named(items, "Propose topics for session 1")
    assert (topics["kind"], topics["status"], topics["due"]) == ("VTODO", "NEEDS-ACTION", date(2026, 11, 23))
    assert "`mentorlog -j journal topic add TEXT --session 1`" in topics["description"]

    # reads write nothing: not the file's bytes, not its time
    before = stat(calendar_file)
    for read in (("status",), ("agenda",), ("session", "list"), ("journals",), ("calendar",)):
        ok(cli(*read))
    assert stat(calendar_file) == before

    # a private topic does not count as proposed, nor does it leave the journal
    ok(cli("topic", "add", CANARY, "--private"))
    assert named(parsed(calendar_file), "Propose topics for session 1")["status"] == "NEEDS-ACTION"
    assert CANARY not in calendar_file.read_text()
    # a shared topic: the to-do is done, its SEQUENCE and DTSTAMP move on, the session's too (its topics)
    later = NOW + timedelta(hours=1)
    ok(cli("topic", "add", "Pricing my work", env=clock_at(later)))
    after = parsed(calendar_file)
    done = named(after, "Propose topics for session 1")
    assert done["status"] == "COMPLETED" and done["sequence"] == topics["sequence"] + 1
    assert done["dtstamp"] == later.astimezone(done["dtstamp"].tzinfo)

    # the mentor confirms; the session is held; feedback is due until given
    ok(cli("--as", "mentor", "session", "confirm", "1"))
    at_session = clock_at(NOW + timedelta(days=5, hours=4))  # 26 Nov 19:30, during it
    ok(cli("session", "held", "1", env=at_session))
    feedback = named(parsed(calendar_file), "Feedback on session 1")
    assert (feedback["status"], feedback["due"]) == ("NEEDS-ACTION", date(2026, 11, 28))
    assert "Propose topics for session 1" not in {i["summary"] for i in parsed(calendar_file).values()}
    assert named(parsed(calendar_file), "Feedback on session 1 from Tomaž")["status"] == "NEEDS-ACTION"
    ok(cli("feedback", "1", "--rating", "5", env=at_session))
    assert named(parsed(calendar_file), "Feedback on session 1")["status"] == "COMPLETED"
    ok(cli("--as", "mentor", "feedback", "1", "--rating", "4", env=at_session))  # his, as if it came
    assert named(parsed(calendar_file), "Feedback on session 1 from Tomaž")["status"] == "COMPLETED"


def test_inactivity_overdue_actions_and_goals_come_and_go(cli, calendar_file):
    # started 2026-09-01, nothing held or planned: a monthly cadence and 14 days have passed
    inactive = named(parsed(calendar_file), "Meet again: plan the next session")
    assert inactive["status"] == "NEEDS-ACTION" and inactive["due"] < NOW.date()
    action = as_json(cli("action", "add", "Send the portfolio", "--due", "2026-11-15", "--json"))
    goal = as_json(cli("goal", "add", "Apply for the grant", "--due", "2026-11-01", "--json"))
    items = parsed(calendar_file)
    assert named(items, "Send the portfolio")["due"] == date(2026, 11, 15)
    assert named(items, "Goal overdue: Apply for the grant")["status"] == "NEEDS-ACTION"
    ok(cli("session", "plan", "2026-12-03 18:00"))
    ok(cli("action", "done", action["id"]))
    ok(cli("goal", "done", goal["id"]))
    left = {item["summary"] for item in parsed(calendar_file).values()}
    gone = {"Meet again: plan the next session", "Send the portfolio", "Goal overdue: Apply for the grant"}
    assert not left & gone
    assert "Propose topics for session 1" in left


def test_off_stops_it_and_nothing_is_loaded_without_a_file(cli, calendar_file, journal_path):
    ok(cli("settings", "calendar-file", "off"))
    before = stat(calendar_file)
    ok(cli("session", "plan", "2026-12-03 18:00"))
    assert stat(calendar_file) == before
    after = loaded_after("note", "A quick thought")
    assert after["printed"][0].startswith("Saved private note ")
    loaded = set(after["modules"])
    assert not loaded & {"icalendar", "mentorlog.sessions.calendar", "mentorlog.sessions.calendar_file"}
    # set again, a quick note (a change) rewrites it: the to-do for the topics is there
    ok(cli("settings", "calendar-file", str(calendar_file)))
    loaded_after("note", "Another thought")
    assert named(parsed(calendar_file), "Propose topics for session 1")["status"] == "NEEDS-ACTION"


def test_a_place_that_cannot_hold_it_is_refused(cli, journal_path, tmp_path):
    missing = cli("settings", "calendar-file", str(tmp_path / "no-such-folder" / "x.ics"))
    assert missing.exit_code == 1 and "does not exist" in missing.stderr
    folder = cli("settings", "calendar-file", str(tmp_path))
    assert folder.exit_code == 1 and "is a folder" in folder.stderr
    assert as_json(cli("settings", "calendar-file", "--json")) == {"calendar_file": None, "all": False}


def test_one_file_for_every_journal(cli, tmp_path, mentorlog_home):
    for name, mentee in (("ana", "Ana Novak"), ("bo", "Bo Kos")):
        ok(cli("-j", name, "init", "--mentor", "Tomaž Zupan", "--mentee", mentee, "--me", "mentor"))
    path = tmp_path / "all.ics"
    ok(cli("-j", "ana", "settings", "calendar-file", str(path), "--all"))
    setting = as_json(cli("-j", "bo", "settings", "calendar-file", "--json"))
    assert setting == {"calendar_file": str(path), "all": True}
    ok(cli("-j", "bo", "session", "plan", "2026-11-26 10:00"))
    ok(cli("-j", "ana", "session", "plan", "2026-11-27 10:00"))
    summaries = {item["summary"] for item in parsed(path).values()}
    both = {"Mentoring session 1: Bo Kos & Tomaž Zupan", "Mentoring session 1: Ana Novak & Tomaž Zupan"}
    assert both <= summaries
    out = tmp_path / "out.ics"
    ok(cli("calendar", "--all", "--out", str(out)))
    assert both <= {i["summary"] for i in parsed(out).values()}


@pytest.mark.skipif(shutil.which("khal") is None, reason="khal is not installed; three parsers read the file")
def test_khal_reads_the_file(cli, calendar_file, tmp_path):
    ok(cli("session", "plan", "2026-11-26 18:00"))
    config = tmp_path / "khal.conf"
    config.write_text(
        "[calendars]\n[[mentoring]]\npath = " + str(tmp_path / "khal") + "\ntype = calendar\n"
        "[locale]\ntimeformat = %H:%M\ndateformat = %Y-%m-%d\nlongdateformat = %Y-%m-%d\n"
        "datetimeformat = %Y-%m-%d %H:%M\nlongdatetimeformat = %Y-%m-%d %H:%M\n"
    )
    (tmp_path / "khal").mkdir()
    env = {**os.environ, "TZ": "Europe/Ljubljana"}
    subprocess.run(["khal", "-c", str(config), "import", "--batch", str(calendar_file)], check=True, env=env)
    listed = subprocess.run(
        ["khal", "-c", str(config), "list", "2026-11-26", "2026-11-27"],
        capture_output=True,
        text=True,
        env=env,
    )
    assert "Mentoring session 1" in listed.stdout


def test_a_calendar_file_that_cannot_be_written_leaves_the_command_done(cli, journal_path, tmp_path):
    folder = tmp_path / "calendars"
    folder.mkdir()
    ok(cli("settings", "calendar-file", str(folder / "maja.ics")))
    (folder / "maja.ics").unlink()
    folder.rmdir()  # the folder went away (a disk unmounted)
    planned = cli("session", "plan", "2026-11-26 18:00")
    assert planned.exit_code == 0
    assert f"The calendar file {folder / 'maja.ics'} was not updated" in planned.stderr
    assert "settings calendar-file off" in planned.stderr
    assert [s["number"] for s in as_json(cli("session", "list", "--json"))] == [1]


def test_the_topic_reminder_comes_as_many_days_ahead_as_a_rule_of_the_game_says(cli, tmp_path):
    """Tomaž adds the rule "topics 5 days before" in his journal; once Maja merges it, her calendar
    file's to-do is due 5 days before session 1, and her agenda and status count 5 days too. With
    no such rule it is 3 days; a rule removed gives way to the one before it, or to 3 again."""
    maja, tomaz = tmp_path / "maja.db", tmp_path / "tomaz.db"
    ics_file = tmp_path / "maja.ics"

    def run(path, *args, at=NOW, **kw):
        return cli("--journal", str(path), *args, env=clock_at(at), **kw)

    def exchange(sender, receiver, name):
        ok(run(sender, "share", str(tmp_path / name), "--plain"))
        ok(run(receiver, "merge", str(tmp_path / name)))

    def due():
        return named(parsed(ics_file), "Propose topics for session 1")["due"]

    ok(run(maja, "init", "--mentor", "Tomaž Zupan", "--mentee", "Maja Horvat", "--me", "mentee"))
    ok(run(maja, "settings", "calendar-file", str(ics_file)))
    ok(run(maja, "share", str(tmp_path / "first.json"), "--plain"))
    ok(run(tomaz, "init", "--from", str(tmp_path / "first.json")))
    ok(run(maja, "session", "plan", "2026-11-30 18:00"))  # a Monday; now is Sat 21 Nov
    assert due() == date(2026, 11, 27)  # nothing agreed: 3 days before
    rule = as_json(
        run(tomaz, "rule", "add", "Maja sends her topics five days ahead", "--kind", "topics", "--days", "5",
            "--json")
    )  # fmt: skip
    assert (rule["kind"], rule["days"]) == ("topics", 5)
    ok(run(maja, "note", "A note while the rule travels"))  # an edit on her side between exchanges
    exchange(tomaz, maja, "to-maja.json")
    assert due() == date(2026, 11, 25)
    exchange(maja, tomaz, "to-tomaz.json")  # the session reaches Tomaž: his status counts 5 days too
    at_six_days = NOW + timedelta(days=3)  # Tue 24 Nov: 6 days ahead, no nudge; Wed 25: 5 days
    for path in (maja, tomaz):
        codes = {n["code"] for n in as_json(run(path, "status", "--json", at=at_six_days))["nudges"]}
        assert "topic-late" not in codes
        nudges = as_json(run(path, "status", "--json", at=NOW + timedelta(days=4)))["nudges"]
        assert any(n["code"] == "topic-late" and "Mon 30 Nov" in n["message"] for n in nudges), nudges
    agenda = as_json(run(maja, "agenda", "--format", "json", at=NOW + timedelta(days=4)))
    assert "within 5 days and has no topic yet" in " ".join(n["message"] for n in agenda["nudges"])

    # the rule removed in his journal: back to 3 days in hers after the next exchange
    ok(run(tomaz, "rm", rule["id"]))
    exchange(tomaz, maja, "to-maja-again.json")
    assert due() == date(2026, 11, 27)

    for days in ("0", "61"):
        refused = run(tomaz, "rule", "add", "Topics ahead", "--kind", "topics", "--days", days)
        assert refused.exit_code == 1 and "from 1 to 60" in refused.stderr
    missing = run(tomaz, "rule", "add", "Topics ahead", "--kind", "topics")
    assert missing.exit_code == 1 and "`--days 5`" in missing.stderr
    stray = run(tomaz, "rule", "add", "Be kind", "--kind", "respect", "--days", "5")
    assert stray.exit_code == 1 and "`--kind topics`" in stray.stderr
    assert len(as_json(run(tomaz, "rule", "list", "--json"))) == 0  # nothing written when refused
