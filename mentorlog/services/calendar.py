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

from mentorlog.dates import from_stamp, stamp
from mentorlog.model import Audience, SessionState
from mentorlog.services.journal import Journal
from mentorlog.store import calendar as items
from mentorlog.store import plan as plan_store
from mentorlog.store import sessions as store
from mentorlog.store.journal import writing

STATUS = {
    SessionState.PROPOSED: "TENTATIVE",
    SessionState.CONFIRMED: "CONFIRMED",
    SessionState.HELD: "CONFIRMED",
    SessionState.CANCELLED: "CANCELLED",
}


def calendar(journal: Journal, now: datetime) -> dict:
    """The calendar as data for `render.ical` (the raw user text; the renderer escapes it), with
    each item's SEQUENCE; records the SEQUENCE of every item that is new or changed."""
    pair = journal.pair
    found = [{"component": "VEVENT", **content} for content in _events(journal)]
    found += [{"component": "VTODO", **content} for content in _todos(journal)]
    sequences = _sequences(journal, found, now)
    for item in found:
        item["sequence"] = sequences[item["uid"]]
    return {
        "name": f"Mentoring: {pair.mentee} & {pair.mentor}",
        "exported_at": stamp(now),
        "items": found,
    }


def _events(journal: Journal) -> list[dict]:
    pair = journal.pair
    found = []
    # Topics left by a cancelled or removed session (or parked for none) belong to the next
    # session still to be held, as on its agenda: its event lists them, so it changes (and its
    # SEQUENCE rises) when a cancellation carries them over.
    waiting = store.waiting_topics(journal.db, Audience.PARTNER)
    for session in store.numbered_sessions(journal.db, Audience.PARTNER):
        starts = from_stamp(session["starts_at"])
        ends = starts + timedelta(minutes=session["length_minutes"] or 90)
        location = url = None
        if session["mode"] == "online" and session["link"]:
            location = url = session["link"]
        elif session["place"]:
            location = session["place"]
        topics = [
            t["text"]
            for t in store.topics_of(journal.db, session["id"], Audience.PARTNER)
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
            if store.topics_of(journal.db, session["id"], Audience.PARTNER):
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


def _todos(journal: Journal) -> list[dict]:
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


def _sequences(journal: Journal, contents: list[dict], now: datetime) -> dict[str, int]:
    """The SEQUENCE of each item: unchanged since the last export → as before; changed → one more;
    new → 0. New and changed items are recorded in one write transaction."""
    hashes = {content["uid"]: _hash(content) for content in contents}

    def decide(known: dict[str, dict]) -> tuple[dict[str, int], list[dict]]:
        sequences, changed = {}, []
        for uid, digest in hashes.items():
            before = known.get(uid)
            if before is None:
                sequences[uid] = 0
            elif before["content_hash"] == digest:
                sequences[uid] = before["sequence"]
                continue
            else:
                sequences[uid] = before["sequence"] + 1
            changed.append(
                {"uid": uid, "content_hash": digest, "sequence": sequences[uid], "changed_at": stamp(now)}
            )
        return sequences, changed

    sequences, changed = decide(items.exported_items(journal.db))
    if changed:
        with writing(journal.db):  # decided again inside the transaction: two exports at once agree
            sequences, changed = decide(items.exported_items(journal.db))
            items.save_items(journal.db, changed)
    return sequences


def _hash(content: dict) -> str:
    return hashlib.sha256(json.dumps(content, sort_keys=True, ensure_ascii=False).encode("utf-8")).hexdigest()
