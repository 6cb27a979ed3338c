"""The calendar read by a second parser (vobject): SEQUENCE rises when an item's content changes,
stays when nothing changed, DTSTAMP is the export time, and user text is escaped."""

from __future__ import annotations

import sqlite3
from datetime import UTC, timedelta

import vobject

from tests.conftest import NOW, clock_at, ok
from tests.hostile import CONTROLS, HOSTILE, RAW_CONTROLS, drop_checks


def parse(text: str):
    return vobject.readOne(text)


def components(calendar) -> dict[str, object]:
    found = {}
    for name in ("vevent", "vtodo"):
        for item in calendar.contents.get(name, []):
            found[item.uid.value] = item
    return found


def sequences(cli) -> dict[str, int]:
    return {
        uid: int(item.sequence.value) for uid, item in components(parse(ok(cli("calendar")).stdout)).items()
    }


def test_sequence_rises_only_when_an_item_changes(cli, journal_path):
    ok(cli("session", "plan", "in 5 days 18:00"))
    ok(cli("session", "plan", "in 30 days 18:00"))
    ok(cli("action", "add", "Send the budget", "--due", "in 4 days"))
    first = sequences(cli)
    assert sorted(first.values()) == [0, 0, 0]
    assert sequences(cli) == first  # nothing changed, nothing rises
    ok(cli("topic", "add", "Fees", "--session", "1"))  # changes session 1's description only
    second = sequences(cli)
    changed = [uid for uid in first if second[uid] != first[uid]]
    assert len(changed) == 1 and second[changed[0]] == 1
    ok(cli("session", "cancel", "2", "--reason", "travel"))
    third = sequences(cli)
    assert sum(third.values()) == 2 and sorted(third.values()) == [0, 1, 1]
    assert sequences(cli) == third


def test_dtstamp_is_the_export_time(cli, journal_path):
    ok(cli("session", "plan", "in 5 days 18:00"))
    event = next(iter(components(parse(ok(cli("calendar")).stdout)).values()))
    assert event.dtstamp.value == NOW.astimezone(UTC)
    later = NOW + timedelta(hours=3)
    event = next(iter(components(parse(ok(cli("calendar", env=clock_at(later))).stdout)).values()))
    assert event.dtstamp.value == later.astimezone(UTC)


def test_the_service_records_the_sequence_at_the_given_moment(journal_path):
    from mentorlog.journal.journal import opened
    from mentorlog.render.ical import calendar_text
    from mentorlog.sessions import calendar

    with opened(None) as journal:
        data = calendar.calendar(journal, NOW)
    assert data["exported_at"].startswith("2026-11-21T13:30:00")
    assert parse(calendar_text(data)).prodid.value.startswith("-//mentorlog")


def test_hostile_text_is_escaped_and_parses(cli, journal_path):
    ok(cli("session", "plan", "in 5 days 18:00", "--place", "Café; Union, upstairs\\left"))
    ok(cli("topic", "add", HOSTILE, "--session", "1"))
    ok(cli("action", "add", "Budget; fees, and more", "--due", "in 4 days"))
    conn = sqlite3.connect(journal_path)
    with conn:
        drop_checks(conn)
        conn.execute("update topic set text = text || ?", (CONTROLS,))
        conn.execute("update action set text = text || ?", (CONTROLS,))
    conn.close()
    text = ok(cli("calendar")).stdout
    assert not any(c in text.replace("\r\n", "\n") for c in RAW_CONTROLS)  # a CR only in line ends
    items = components(parse(text))
    event = next(i for i in items.values() if i.name == "VEVENT")
    todo = next(i for i in items.values() if i.name == "VTODO")
    assert event.location.value == "Café; Union, upstairs\\left"
    assert "{{ 7*7 }}" in event.description.value and "\\x1b]0;pwned" in event.description.value
    assert todo.summary.value.startswith("Budget; fees, and more\\x1b")
