"""The journal as a calendar: sessions as events, open actions with due dates as to-dos.

Design:
- UIDs are the records' ids (`<id>@mentorlog`), so a calendar app that imports the file again
  updates its events instead of adding copies. Cancelled sessions stay, marked cancelled.
  Private topics and actions stay out.
- **SEQUENCE rises whenever what an item says changes** (its summary, times, place, status,
  description — a renumbered session, a topic removed), so every calendar app replaces its
  copy. The journal keeps, per UID, a hash of the exported content and the SEQUENCE given
  (`store/calendar.py`); `calendar` writes a row only for an item that is new or changed, in one
  short transaction. DTSTAMP is the moment of the export.
- This module gives data; `render/ical.py` writes the iCalendar text (user text escaped there).
"""

from __future__ import annotations

import hashlib
import json
from datetime import datetime, timedelta
from typing import Any

from mentorlog.dates import from_stamp, stamp
from mentorlog.journal.journal import Journal
from mentorlog.model import (
    INACTIVE_AFTER_CADENCE_DAYS,
    OPEN_SESSION_STATES,
    Audience,
    Role,
    SessionState,
)
from mentorlog.process import rules as rule_service
from mentorlog.process.agreement import terms
from mentorlog.store import calendar as calendar_store
from mentorlog.store import goals as goals_store
from mentorlog.store import plan as plan_store
from mentorlog.store import sessions
from mentorlog.store.journal import writing

STATUS: dict[str, str] = {
    SessionState.PROPOSED: "TENTATIVE",
    SessionState.CONFIRMED: "CONFIRMED",
    SessionState.HELD: "CONFIRMED",
    SessionState.CANCELLED: "CANCELLED",
}


def calendar(journal: Journal, now: datetime, reminders: bool = False) -> dict[str, Any]:
    """The calendar as data for `render.ical` (the raw user text; the renderer escapes it), with
    each item's SEQUENCE; records the SEQUENCE of every item that is new or changed.

    `reminders` (the calendar file kept current, `settings calendar-file`): each session also has
    an alarm the day before, the to-dos of `reminder_todos` come too, and each item's DTSTAMP is
    when its content last changed (`changed_at`), so that the same journal gives the same file."""
    pair = journal.pair
    found = [{"component": "VEVENT", **content} for content in _events(journal)]
    found += [{"component": "VEVENT", **content} for content in programme_events(journal, now)]
    found += [{"component": "VTODO", **content} for content in _todos(journal)]
    if reminders:
        for item in found:
            if item["component"] == "VEVENT" and item["status"] != "CANCELLED":
                item["alarm"] = ALARM_BEFORE
        found += [{"component": "VTODO", **content} for content in reminder_todos(journal, now)]
    sequences = _sequences(journal, found, now)
    for item in found:
        item["sequence"], changed_at = sequences[item["uid"]]
        if reminders:
            item["dtstamp"] = changed_at
    return {
        "name": f"Mentoring: {pair.mentee} & {pair.mentor}",
        "exported_at": stamp(now),
        "items": found,
    }


ALARM_BEFORE = "-P1D"  # a session's alarm: the day before


def reminder_todos(journal: Journal, now: datetime) -> list[dict[str, Any]]:
    """What the owner is reminded of where they look: for the mentee, proposing topics a few days
    before each planned session (done once a topic is there); feedback on each held session until
    it is given; meeting again when the agreed cadence and 14 days have passed with no session
    planned; active goals past their due date. A done to-do is COMPLETED; one that no longer
    applies (the session passed, the goal reached) is left out."""
    db = journal.db
    me = journal.pair.me
    partner_name = journal.pair.mentee if me is Role.MENTOR else journal.pair.mentor
    partner = partner_name.split()[0] if partner_name.split() else str(me.other)
    today = now.date()
    found: list[dict[str, Any]] = []
    ahead = rule_service.topic_days(journal)  # as a rule of the game says, else the guidance
    for session in sessions.numbered_sessions(db, Audience.PARTNER):
        starts = from_stamp(session["starts_at"]).astimezone(now.tzinfo)
        number = session["number"]
        if me is Role.MENTEE and session["state"] in OPEN_SESSION_STATES and starts > now:
            proposed = bool(sessions.open_topics(db, session, Audience.PARTNER))  # shared with the mentor
            found.append(
                {
                    "uid": f"topics-{session['id']}@mentorlog",
                    "summary": f"Propose topics for session {number}",
                    "due": (starts.date() - timedelta(days=ahead)).isoformat(),
                    "status": "COMPLETED" if proposed else "NEEDS-ACTION",
                    "description": f"Session {number} is on {starts:%a %Y-%m-%d %H:%M}: "
                    f"`mentorlog topic add TEXT --session {number}`.",
                }
            )
        if session["state"] == SessionState.HELD:
            # one to-do for each person: the owner's own, and the partner's, done once it arrives
            for role in (me, me.other):
                given = sessions.has_feedback_from(db, session["id"], str(role))
                found.append(
                    {
                        "uid": f"feedback-{session['id']}-{role}@mentorlog",
                        "summary": f"Feedback on session {number}"
                        + ("" if role is me else f" from {partner}"),
                        "due": (starts.date() + timedelta(days=FEEDBACK_DAYS)).isoformat(),
                        "status": "COMPLETED" if given else "NEEDS-ACTION",
                        "description": f"`mentorlog feedback {number} --rating 1-5`."
                        if role is me
                        else f"{partner}'s feedback comes with the next exchange.",
                    }
                )
    found += _inactivity(journal, now)
    for goal in goals_store.list_goals(db, Audience.PARTNER):
        if goal["due"] and goal["due"] < today.isoformat():
            found.append(
                {
                    "uid": f"{goal['id']}@mentorlog",
                    "summary": f"Goal overdue: {goal['title']}",
                    "due": goal["due"],
                    "status": "NEEDS-ACTION",
                    "description": "Reached, revised or dropped? `mentorlog goal list`.",
                }
            )
    return found


FEEDBACK_DAYS = 2  # feedback on a held session is due this many days after it


def _inactivity(journal: Journal, now: datetime) -> list[dict[str, Any]]:
    """A to-do to meet again, due when the agreed cadence and 14 days have passed since the last
    held session (or the start), while no session is planned ahead."""
    db = journal.db
    if sessions.next_session(db, stamp(now), Audience.OWNER) is not None or journal.pair.ended:
        return []
    agreed = terms(journal, Audience.OWNER)
    last = sessions.last_held_session(db, Audience.OWNER)
    held = sessions.count_sessions(db, (SessionState.HELD,))
    since = from_stamp(last["starts_at"]).astimezone(now.tzinfo).date() if last else agreed.start
    due = since + timedelta(days=agreed.days_after(held) + INACTIVE_AFTER_CADENCE_DAYS)
    after = f"session {last['number']}" if last else "the start"
    return [
        {
            "uid": f"inactive-{last['id'] if last else journal.pair.journal_id}@mentorlog",
            "summary": "Meet again: plan the next session",
            "due": due.isoformat(),
            "status": "NEEDS-ACTION",
            "description": f"No session is planned since {after}: `mentorlog session plan WHEN`.",
        }
    ]


def _events(journal: Journal) -> list[dict[str, Any]]:
    pair = journal.pair
    found = []
    # Topics left by a cancelled or removed session (or parked for none) belong to the next
    # session still to be held, as on its agenda: its event lists them, so it changes (and its
    # SEQUENCE rises) when a cancellation carries them over.
    waiting = sessions.waiting_topics(journal.db, Audience.PARTNER)
    for session in sessions.numbered_sessions(journal.db, Audience.PARTNER):
        starts = from_stamp(session["starts_at"])
        ends = starts + timedelta(minutes=session["length_minutes"] or 90)
        location = url = None
        if session["mode"] == "online" and session["link"]:
            location = url = session["link"]
        elif session["place"]:
            location = session["place"]
        topics = [
            t["text"]
            for t in sessions.topics_of(journal.db, session["id"], Audience.PARTNER)
            if session["state"] != SessionState.CANCELLED
        ]
        if session["state"] in (SessionState.PROPOSED, SessionState.CONFIRMED):
            carried = [t for t in waiting if t["left_at"] is None or t["left_at"] <= session["starts_at"]]
            waiting = [t for t in waiting if t not in carried]
            topics += [
                t["text"] + (f" (from session {t['left_number']})" if t["left_number"] else "")
                for t in carried
            ]
        lines = [f"Phase: {session['phase']}", f"Kind: {session['kind']}"]
        if topics:
            lines.append("Topics:\n" + "\n".join(f"- {t}" for t in topics))
        if session["state"] == SessionState.CANCELLED:
            if session["cancel_reason"]:
                lines.append(f"Cancelled: {session['cancel_reason']}")
            if sessions.topics_of(journal.db, session["id"], Audience.PARTNER):
                lines.append("Its topics carry over to the next session.")
        found.append(
            {
                "uid": f"{session['id']}@mentorlog",
                "dtstart": stamp(starts),
                "dtend": stamp(ends),
                "summary": f"Mentoring session {session['number']}: {pair.mentee} & {pair.mentor}",
                "status": STATUS[session["state"]],
                "location": location,
                "url": url,
                "description": "\n".join(lines),
            }
        )
    return found


def programme_events(journal: Journal, now: datetime) -> list[dict[str, Any]]:
    """The programme's workshops and consultations for this journal's owner, marked as the
    programme's (their kind in CATEGORIES), a cancelled one kept and marked cancelled."""
    from mentorlog.programme.programme_received import shown

    found = []
    for event in shown(journal, now, None):
        if event["kind"] == "announcement":
            continue
        found.append(
            {
                "uid": f"programme-{event['id']}@mentorlog",
                "dtstart": stamp(datetime.fromisoformat(event["starts_at"])),
                "dtend": stamp(datetime.fromisoformat(event["ends_at"])),
                "summary": f"{event['programme']}: {event['kind']}, {event['title']}",
                "status": "CANCELLED" if event["state"] == "cancelled" else "CONFIRMED",
                "location": event["place"] or event["link"],
                "url": event["link"],
                "categories": ["PROGRAMME", event["kind"].upper()],
                "description": f"Kind: {event['kind']}\nFrom the programme {event['programme']}, "
                f"for {event['for']}.",
            }
        )
    return found


def _todos(journal: Journal) -> list[dict[str, Any]]:
    found = []
    for action in plan_store.list_actions(journal.db, Audience.PARTNER):
        if not action["due"]:
            continue
        found.append(
            {
                "uid": f"{action['id']}@mentorlog",
                "summary": action["text"],
                "due": action["due"],
                "status": "NEEDS-ACTION",
                "description": f"Owner: {action['owner']}",
            }
        )
    return found


def _sequences(journal: Journal, contents: list[dict[str, Any]], now: datetime) -> dict[str, tuple[int, str]]:
    """The SEQUENCE of each item, and when its content last changed: unchanged since the last
    export → as before; changed → one more; new → 0. New and changed items are recorded in one
    write transaction."""
    hashes = {content["uid"]: _hash(content) for content in contents}

    def decide(known: dict[str, dict[str, Any]]) -> tuple[dict[str, tuple[int, str]], list[dict[str, Any]]]:
        sequences, changed = {}, []
        for uid, digest in hashes.items():
            before = known.get(uid)
            if before is None:
                sequence = 0
            elif before["content_hash"] == digest:
                sequences[uid] = (before["sequence"], before["changed_at"])
                continue
            else:
                sequence = before["sequence"] + 1
            sequences[uid] = (sequence, stamp(now))
            changed.append(
                {"uid": uid, "content_hash": digest, "sequence": sequence, "changed_at": stamp(now)}
            )
        return sequences, changed

    sequences, changed = decide(calendar_store.exported_items(journal.db))
    if changed:
        with writing(journal.db):  # decided again inside the transaction: two exports at once agree
            sequences, changed = decide(calendar_store.exported_items(journal.db))
            calendar_store.save_items(journal.db, changed)
    return sequences


def _hash(content: dict[str, Any]) -> str:
    """What an item says (its alarm, the same for every session, left out: the calendar command and
    the calendar file share this memory)."""
    said = {key: value for key, value in content.items() if key != "alarm"}
    return hashlib.sha256(json.dumps(said, sort_keys=True, ensure_ascii=False).encode("utf-8")).hexdigest()
