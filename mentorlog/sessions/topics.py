"""Topics the mentee proposes for a session (`topic add`, `topic list`); the time of proposing is
kept, so the agenda can say which came late. Marking a session held discusses them
(sessions/sessions.py: `held`)."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any, cast

from mentorlog.dates import stamp
from mentorlog.errors import Refused
from mentorlog.journal import ids, validate
from mentorlog.journal.journal import Journal
from mentorlog.model import OPEN_SESSION_STATES, Audience, Role, TopicStatus, Visibility
from mentorlog.sessions.sessions import get
from mentorlog.store import records, sessions
from mentorlog.store.journal import writing

if TYPE_CHECKING:
    from mentorlog.rows.stored import SessionRow, TopicRow


def add_topic(
    journal: Journal,
    text: str,
    now: datetime,
    number: int | None = None,
    private: bool = False,
    acting_as: Role | None = None,
) -> dict[str, Any]:
    """Propose a topic for the next session (or session `number`); the time of proposing is kept."""
    text = validate.value("topic", "text", text, "topic")
    session: SessionRow | None
    with writing(journal.db):
        if number is not None:
            session = get(journal, number)
            if session["state"] not in OPEN_SESSION_STATES:
                raise Refused(f"Session {number} is {session['state']}; add the topic to a planned session.")
        else:
            session = sessions.next_session(journal.db, stamp(now), Audience.OWNER)
        topic_id = records.insert(
            journal.db,
            "topic",
            journal.writer(now, acting_as),
            {"text": text, "session_id": session["id"] if session else None, "status": TopicStatus.OPEN},
            visibility=Visibility.PRIVATE if private else Visibility.SHARED,
        )
    added = cast("TopicRow", records.get(journal.db, "topic", topic_id))
    return _described_topics(journal, [added])[0]  # as `topic list`


def list_topics(journal: Journal, include_discussed: bool = False) -> list[dict[str, Any]]:
    """Topics by session, the open ones (or every one), each with who proposed it and when."""
    return _described_topics(journal, sessions.list_topics(journal.db, include_discussed))


def _described_topics(journal: Journal, found: list[TopicRow]) -> list[dict[str, Any]]:
    db = journal.db
    numbers = {s["id"]: s["number"] for s in sessions.sessions_by_id(db, {t["session_id"] for t in found})}
    short = ids.shorten(db, found)
    return [
        {
            "id": t["id"],
            "short_id": short[t["id"]],
            "text": t["text"],
            "session": numbers.get(t["session_id"] or ""),
            "status": t["status"],
            "author": t["author"],
            "visibility": t["visibility"],
            "proposed_at": t["created_at"],
        }
        for t in found
    ]
