"""Feedback after a held session (`feedback N --rating 1-5`): one per person per session, giving
it again replaces it; shared with the partner unless private."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from mentorlog.errors import Refused
from mentorlog.journal import validate
from mentorlog.journal.journal import Journal
from mentorlog.model import Role, SessionState, Visibility
from mentorlog.sessions.sessions import get
from mentorlog.store import records, sessions
from mentorlog.store.journal import writing


def give_feedback(
    journal: Journal,
    number: int,
    rating: int,
    now: datetime,
    worked: str | None = None,
    improve: str | None = None,
    acting_as: Role | None = None,
    private: bool = False,
) -> dict[str, Any]:
    """Feedback after a held session: one per person per session (giving it again replaces it);
    shared with the partner unless `private`."""
    validate.value("feedback", "rating", rating, "rating")
    values: dict[str, Any] = {
        "rating": rating,
        "worked": validate.optional_value("feedback", "worked", worked, "what worked"),
        "improve": validate.optional_value("feedback", "improve", improve, "what to improve"),
    }
    writer = journal.writer(now, acting_as)
    with writing(journal.db):
        row = get(journal, number)
        if row["state"] != SessionState.HELD:
            raise Refused(
                f"Session {number} is {row['state']}; feedback follows a held session "
                f"(`mentorlog session held {number}` first)."
            )
        given = sessions.feedback_from(journal.db, row["id"], str(writer.role))
        visibility = Visibility.PRIVATE if private else Visibility.SHARED
        if given is None:
            records.insert(
                journal.db, "feedback", writer, {**values, "session_id": row["id"]}, visibility=visibility
            )
        else:
            records.update(journal.db, "feedback", given["id"], writer, values)
            if given["visibility"] != visibility:
                records.set_visibility(journal.db, "feedback", given["id"], visibility, now)
    return {"session": number, **values, "replaced": given is not None, "visibility": str(visibility)}
