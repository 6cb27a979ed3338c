"""The journal as a calendar: sessions as events, open actions with due dates as to-dos.

UIDs are the records' ids (`<id>@mentorlog`), so a calendar app that imports the file again
updates its events instead of adding copies. Cancelled sessions stay, marked cancelled. Private
topics stay out.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

from mentorlog.dates import from_stamp
from mentorlog.model import SessionState
from mentorlog.services.journal import Journal
from mentorlog.store import plan as plan_store
from mentorlog.store import sessions as store

STATUS = {
    SessionState.PROPOSED: "TENTATIVE",
    SessionState.CONFIRMED: "CONFIRMED",
    SessionState.HELD: "CONFIRMED",
    SessionState.CANCELLED: "CANCELLED",
}


def calendar(journal: Journal, now: datetime) -> str:
    import icalendar

    pair = journal.pair
    cal = icalendar.Calendar()
    cal.add("prodid", "-//mentorlog//mentorlog//EN")
    cal.add("version", "2.0")
    cal.add("x-wr-calname", f"Mentoring: {pair.mentee} & {pair.mentor}")
    for session in store.numbered_sessions(journal.db):
        starts = from_stamp(session["starts_at"])
        event = icalendar.Event()
        event.add("uid", f"{session['id']}@mentorlog")
        event.add("dtstamp", from_stamp(session["updated_at"]))
        event.add("dtstart", starts)
        event.add("dtend", starts + timedelta(minutes=session["length_minutes"] or 90))
        event.add("summary", f"Mentoring session {session['number']}: {pair.mentee} & {pair.mentor}")
        event.add("status", STATUS[session["state"]])
        event.add("sequence", _sequence(session["updated_at"]))
        if session["mode"] == "online" and session["link"]:
            event.add("location", session["link"])
            event.add("url", session["link"])
        elif session["place"]:
            event.add("location", session["place"])
        topics = [
            t["text"] for t in store.topics_of(journal.db, session["id"]) if t["visibility"] == "shared"
        ]
        lines = [f"Phase: {session['phase']}", f"Kind: {session['kind']}"]
        if topics:
            lines.append("Topics:\n" + "\n".join(f"- {t}" for t in topics))
        if session["state"] == SessionState.CANCELLED and session["cancel_reason"]:
            lines.append(f"Cancelled: {session['cancel_reason']}")
        event.add("description", "\n".join(lines))
        cal.add_component(event)
    for action in plan_store.list_actions(journal.db):
        if not action["due"] or action["visibility"] != "shared":
            continue
        todo = icalendar.Todo()
        todo.add("uid", f"{action['id']}@mentorlog")
        todo.add("dtstamp", from_stamp(action["updated_at"]))
        todo.add("summary", action["text"])
        todo.add("due", date.fromisoformat(action["due"]))
        todo.add("status", "NEEDS-ACTION")
        todo.add("description", f"Owner: {action['owner']}")
        cal.add_component(todo)
    return cal.to_ical().decode("utf-8")


def _sequence(updated_at: str) -> int:
    """A number that grows with every change, so calendar apps take the newer version."""
    return int(from_stamp(updated_at).timestamp()) // 60
