"""The daily loop (README: "Sessions", "Goals and the plan", "Editing long text"): orders that
agree in both journals, words kept whole, confirmations true for the state the person is in."""

from __future__ import annotations

from mentorlog.model import Audience
from mentorlog.store import records
from mentorlog.store import sessions as session_store

from .test_store import memory_journal, writer

# --- topics made in the same millisecond ---------------------------------------------------------


def test_topics_made_in_the_same_millisecond_are_in_the_order_of_their_ids():
    """Two journals hold the same topics in different row orders (each inserted its own first);
    the lists must not follow the row order."""
    db = memory_journal()
    session = records.insert(
        db, "session",
        writer(),
        {"starts_at": "2026-12-01T17:00:00.000Z", "length_minutes": 90, "mode": "online", "state": "proposed",
         "kind": "one-to-one", "number": 1, "proposed_by": "mentee"},
    )  # fmt: skip
    made = [
        records.insert(db, "topic", writer(), {"text": text, "session_id": session, "status": "open"})
        for text in ("first made", "second made")
    ]
    # the row made first gets the larger id (as when the partner's record arrives later)
    later = made[0][:10] + "z" * 16
    db.execute("update topic set id = ? where id = ?", [later, made[0]])
    assert later > made[1] and records.get(db, "topic", later)["created_at"] == records.get(db, "topic", made[1])["created_at"]
    expected = ["second made", "first made"]
    assert [t["text"] for t in session_store.topics_of(db, session, Audience.OWNER)] == expected
    row = records.get(db, "session", session)
    assert [t["text"] for t in session_store.open_topics(db, row, Audience.OWNER)] == expected
