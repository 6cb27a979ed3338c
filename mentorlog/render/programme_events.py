"""The programme's events as text: the coordinator's list, one event in a line, and what a pair's
journal took in from the programme's bundle. Pure functions; user text stays data (the terminal
prints it with markup off)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

WHAT = {"workshop": "Workshop", "consultation": "Consultation", "announcement": "Announcement"}
FOR = {"all": "everyone", "mentors": "mentors", "mentees": "mentees"}


def when_words(event: dict[str, Any]) -> str:
    starts = datetime.fromisoformat(event["starts_at"])
    return f"{starts:%a %Y-%m-%d %H:%M}"


def where_words(event: dict[str, Any]) -> str:
    return event["place"] or event["link"] or "place to be announced"


def event_line(event: dict[str, Any], with_id: bool = False) -> str:
    """`Workshop for everyone, Tue 2026-12-08 17:00, 90 min, Library hall: Telling your work`."""
    head = f"{event['id'][-6:]}  " if with_id else ""
    cancelled = " (cancelled)" if event["state"] == "cancelled" else ""
    if event["kind"] == "announcement":
        return f"{head}Announcement to {FOR[event['for']]}, {when_words(event)}: {event['title']}"
    return (
        f"{head}{WHAT[event['kind']]} for {FOR[event['for']]}{cancelled}, {when_words(event)}, "
        f"{event['length_minutes']} min, {where_words(event)}: {event['title']}"
    )


def planned_lines(event: dict[str, Any], auto: bool) -> list[str]:
    """What `programme plan`, `change`, `cancel` and `announce` say."""
    lines = [event_line(event, with_id=True)]
    if not auto:
        lines.append("The pairs get it with the next `mentorlog programme sync`.")
    return lines


def events_lines(events: list[dict[str, Any]]) -> list[str]:
    if not events:
        return ["No event planned yet: `mentorlog programme plan workshop|consultation WHEN --for all`."]
    return [event_line(event, with_id=True) for event in events]


def received_lines(result: dict[str, Any] | None) -> list[str]:
    """What a pair's journal took in from its programme's events bundle."""
    if result is None or result["file"] is None:
        return []
    why = result.get("refused") or result.get("reason")  # from a folder, or one of `programme merge`
    if why:
        return [f"Left alone the programme's events {result['file']}: {why}"]
    if result["skipped"]:
        return [f"The programme's events were not taken: {result['skipped']}."]
    if not result["added"] and not result["updated"]:
        return []
    return [
        f"From {result['programme']}: {result['added']} new event(s), {result['updated']} changed "
        "(`mentorlog agenda` and `mentorlog status` show them)."
    ]


def view_lines(events: list[dict[str, Any]], announcements: list[dict[str, Any]]) -> list[str]:
    """The programme's part of `status` and the agenda: events ahead, the latest announcements."""
    return [f"From the programme {e['programme']}: {event_line(e)}" for e in [*events, *announcements]]
