"""A cancelled session's topics carry over to the next session (its agenda lists them), and so does
the next session's calendar event: its description names them, its SEQUENCE rises and its DTSTAMP
is the new export's, as three iCalendar parsers read the file (icalendar, vobject and ical)."""

from __future__ import annotations

from datetime import UTC, timedelta

import icalendar
import pytest
import vobject

from tests.conftest import NOW, as_json, clock_at, ok

LATER = NOW + timedelta(hours=2)


def read_with_icalendar(text: str) -> dict[str, dict]:
    found = {}
    for event in icalendar.Calendar.from_ical(text).walk("VEVENT"):
        found[str(event["summary"])] = {
            "sequence": int(event["sequence"]),
            "dtstamp": event.decoded("dtstamp").astimezone(UTC),
            "description": str(event.get("description", "")),
            "status": str(event["status"]),
        }
    return found


def read_with_vobject(text: str) -> dict[str, dict]:
    found = {}
    for event in vobject.readOne(text).contents.get("vevent", []):
        found[event.summary.value] = {
            "sequence": int(event.sequence.value),
            "dtstamp": event.dtstamp.value.astimezone(UTC),
            "description": event.description.value,
            "status": event.status.value,
        }
    return found


def read_with_ical(text: str) -> dict[str, dict]:
    stream = pytest.importorskip("ical.calendar_stream")
    found = {}
    for event in stream.IcsCalendarStream.calendar_from_ics(text).events:
        found[event.summary] = {
            "sequence": int(event.sequence),
            "dtstamp": event.dtstamp.astimezone(UTC),
            "description": event.description or "",
            "status": str(event.status.value),
        }
    return found


READERS = [read_with_icalendar, read_with_vobject, read_with_ical]


@pytest.mark.parametrize("read", READERS, ids=lambda f: f.__name__.removeprefix("read_with_"))
def test_carried_topics_update_the_next_event(cli, journal_path, read):
    ok(cli("session", "plan", "in 5 days 18:00"))
    ok(cli("session", "plan", "in 30 days 18:00"))
    ok(cli("session", "plan", "in 60 days 18:00"))
    ok(cli("topic", "add", "Pricing my work", "--session", "1"))
    ok(cli("topic", "add", "Festival offers", "--session", "1"))
    ok(cli("topic", "add", "Touring plans", "--session", "3"))
    before = read(ok(cli("calendar")).stdout)
    first, second, third = (f"Mentoring session {n}: Maja Horvat & Tomaž Zupan" for n in (1, 2, 3))
    assert "Pricing my work" in before[first]["description"]
    assert "Pricing my work" not in before[second]["description"]
    assert {e["sequence"] for e in before.values()} == {0}

    ok(cli("session", "cancel", "1", "--reason", "ill", env=clock_at(LATER)))
    agenda = as_json(cli("agenda", "--session", "2", "--format", "json", env=clock_at(LATER)))
    on_agenda = {t["text"] for t in agenda["topics"]}
    assert on_agenda == {"Pricing my work", "Festival offers"}
    after = read(ok(cli("calendar", env=clock_at(LATER))).stdout)

    for topic in on_agenda:  # the next event names what its agenda holds, and says where from
        assert f"{topic} (from session 1)" in after[second]["description"]
        assert topic not in after[third]["description"]
    assert "Touring plans" in after[third]["description"]
    assert after[second]["sequence"] == before[second]["sequence"] + 1
    assert after[first]["sequence"] == 1 and after[first]["status"] == "CANCELLED"
    assert "carry over" in after[first]["description"] and "Pricing" not in after[first]["description"]
    assert after[third]["sequence"] == 0  # unchanged: not a new version
    assert after[second]["dtstamp"] == LATER.astimezone(UTC) > before[second]["dtstamp"]

    again = read(ok(cli("calendar", env=clock_at(LATER))).stdout)
    assert {k: v["sequence"] for k, v in again.items()} == {k: v["sequence"] for k, v in after.items()}


def test_topics_parked_for_no_session_go_to_the_next_event_only(cli, journal_path):
    ok(cli("session", "plan", "in 5 days 18:00"))
    ok(cli("session", "plan", "in 30 days 18:00"))
    ok(cli("session", "cancel", "1"))
    ok(cli("topic", "add", "Pricing my work"))  # no session ahead of the cancelled one: parked
    events = read_with_vobject(ok(cli("calendar")).stdout)
    holding = [name for name, e in events.items() if "Pricing my work" in e["description"]]
    assert holding == ["Mentoring session 2: Maja Horvat & Tomaž Zupan"]
