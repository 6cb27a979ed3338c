"""The recap of a held session: one page to send the partner right after a meeting.

What was discussed (the session's topics), decided and learnt (decisions and lessons written for
it, or after it until the next held session), the actions agreed in that time (owner, due), the
shared notes and the questions taken up there, the feedback given so far, and the next session
with its place. It is written for the partner, so it holds shared entries only, and it names
people, never commands.
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from mentorlog.dates import from_stamp, long_date
from mentorlog.errors import NotFound, Refused
from mentorlog.journal.journal import Journal
from mentorlog.model import Audience, SessionState
from mentorlog.sessions import sessions as session_service
from mentorlog.store import journey
from mentorlog.store import sessions as sessions_store
from mentorlog.store.records import Row

if TYPE_CHECKING:
    from mentorlog.rows.stored import SessionRow

AUDIENCE = Audience.PARTNER  # a recap is sent: shared entries only


def _when(row: SessionRow, now: datetime) -> str:
    starts = from_stamp(row["starts_at"]).astimezone(now.tzinfo)
    return f"{long_date(starts.date())}, {starts:%H:%M}"


def _session(row: SessionRow, now: datetime) -> Row:
    starts = from_stamp(row["starts_at"]).astimezone(now.tzinfo)
    return {
        "number": row["number"],
        "starts_at": starts.isoformat(timespec="seconds"),
        "when": _when(row, now),
        "length_minutes": row["length_minutes"],
        "mode": row["mode"],
        "place": row["place"],
        "link": row["link"],
        "state": row["state"],
    }


def build_recap(journal: Journal, now: datetime, number: int | None = None) -> Row:
    """The recap as data (the JSON of `recap --format json`, the same keys whatever the session)."""
    db = journal.db
    if number is None:
        row = sessions_store.last_held_session(db, AUDIENCE)
        if row is None:
            raise NotFound("No session has been held yet: a recap follows a held session.")
    else:
        row = session_service.get(journal, number, AUDIENCE)
        if row["state"] != SessionState.HELD:
            raise Refused(
                f"Session {number} is {row['state']}, not held: a recap follows a held session "
                "(`mentorlog session held N` first)."
            )
    following = journey.held_after(db, AUDIENCE, row["starts_at"])
    until = following["starts_at"] if following else "9999"
    who = {"mentor": journal.pair.mentor, "mentee": journal.pair.mentee}

    def entry(note: Row) -> Row:
        return {"text": note["text"], "author": note["author"], "by": who[note["author"]]}

    notes = journey.notes_of_session(db, row, until, ("decision", "lesson", "note", "idea"), AUDIENCE)
    upcoming = journey.session_after(db, AUDIENCE, row["starts_at"])
    return {
        "pair": {
            "mentor": journal.pair.mentor,
            "mentee": journal.pair.mentee,
            "programme": journal.pair.programme,
        },
        "session": _session(row, now),
        "topics": [
            {"text": t["text"], "author": t["author"], "by": who[t["author"]]}
            for t in sessions_store.topics_of(db, row["id"], AUDIENCE)
        ],
        "decisions": [entry(n) for n in notes if n["kind"] == "decision"],
        "lessons": [entry(n) for n in notes if n["kind"] == "lesson"],
        "actions": [
            {"text": a["text"], "owner": a["owner"], "due": a["due"], "status": a["status"]}
            for a in journey.actions_made_between(db, AUDIENCE, row["starts_at"], until)
        ],
        "notes": [entry(n) for n in notes if n["kind"] in ("note", "idea")],
        "questions": [entry(q) for q in journey.questions_of_session(db, row["id"], AUDIENCE)],
        "feedback": [
            {
                "author": f["author"],
                "by": who[f["author"]],
                "rating": f["rating"],
                "worked": f["worked"],
                "improve": f["improve"],
            }
            for f in journey.feedback_of_session(db, row["id"], AUDIENCE)
        ],
        "next_session": _session(upcoming, now) if upcoming else None,
    }
