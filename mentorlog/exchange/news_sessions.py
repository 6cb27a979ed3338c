"""What the news says of sessions (exchange/news.py): sessions the partner proposed, moved,
confirmed, cancelled, held or changed; numbers given anew when both planned or added one at once;
topics and questions proposed; feedback given."""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime

from mentorlog.exchange.news_items import Item, numbers_text, row_of, when
from mentorlog.model import NoteKind, Role, SessionState
from mentorlog.store import sessions
from mentorlog.store.db import Db
from mentorlog.store.merge import model as merge_model
from mentorlog.words import plural


def session_items(
    db: Db, changes: list[merge_model.Change], me: Role, partner: Role, name: str, now: datetime
) -> list[Item]:
    waiting, confirmed, items = [], [], []
    for change in changes:
        row = row_of(db, "session", change.id)
        if not row or row.get("deleted_at"):
            continue
        number, state = row["number"], row["state"]
        schedule = change.new or bool({"starts_at", "state"} & set(change.fields))
        if state == SessionState.PROPOSED and row["proposed_by"] == partner and schedule:
            if not change.new and "starts_at" in change.fields:
                items.append(
                    Item(
                        "session-moved",
                        f"{name} moved session {number} to {when(row, now)}: confirm it with "
                        f"`mentorlog session confirm {number}`.",
                        f"mentorlog session confirm {number}",
                    )
                )
            else:
                waiting.append(row)
        elif state == SessionState.CONFIRMED and "state" in change.fields and row["confirmed_by"] == partner:
            confirmed.append(row)
        elif state == SessionState.CANCELLED and "state" in change.fields:
            reason = f" ({row['cancel_reason']})" if row.get("cancel_reason") else ""
            items.append(
                Item(
                    "session-cancelled",
                    f"{name} cancelled session {number}{reason}: `mentorlog session list --all`.",
                    "mentorlog session list --all",
                )
            )
        elif state == SessionState.HELD and "state" in change.fields:
            given = sessions.has_feedback_from(db, row["id"], str(me))
            hint = "" if given else f": give your feedback with `mentorlog feedback {number} --rating 1-5`"
            items.append(
                Item(
                    "session-held",
                    f"{name} marked session {number} held{hint}.",
                    None if given else f"mentorlog feedback {number} --rating 5",
                )
            )
        elif not change.new and set(change.fields) & {"length_minutes", "place", "link", "mode", "kind"}:
            what = ", ".join(f.replace("_minutes", "").replace("_", " ") for f in change.fields)
            items.append(
                Item(
                    "session-changed",
                    f"{name} changed session {number} ({what}): `mentorlog session show {number}`.",
                    f"mentorlog session show {number}",
                )
            )
    if waiting:
        numbers = numbers_text(r["number"] for r in waiting)
        if len(waiting) == 1:
            message = f"Session {numbers} ({when(waiting[0], now)}) waits for your confirmation"
        else:
            message = f"{plural(len(waiting), 'session')} wait for your confirmation"
        items.insert(
            0,
            Item(
                "sessions-to-confirm",
                f"{message}: `mentorlog session confirm {numbers}`.",
                f"mentorlog session confirm {numbers}",
            ),
        )
    if len(confirmed) == 1:
        row = confirmed[0]
        items.append(
            Item("session-confirmed", f"{name} confirmed session {row['number']} ({when(row, now)}).", None)
        )
    elif confirmed:
        numbers = numbers_text(r["number"] for r in confirmed)
        items.append(Item("session-confirmed", f"{name} confirmed sessions {numbers}.", None))
    return items


def renumbered_items(
    db: Db, renumbered: list[merge_model.Renumbered], name: str, my_journal: str, now: datetime
) -> list[Item]:
    items = []
    for moved in renumbered:
        session = row_of(db, "session", moved.session_id)
        mine = moved.numbered_by == my_journal
        whose, other = ("yours", f"{name}'s") if mine else (f"{name}'s", "yours")
        items.append(
            Item(
                "session-renumbered",
                f"You and {name} both planned a session {moved.old}; {other} keeps the number and {whose} "
                f"({when(session, now)}) is now session {moved.new}: `mentorlog session show {moved.new}`.",
                f"mentorlog session show {moved.new}",
            )
        )
    return items


def renumbered_plan_items(renumbered: list[merge_model.Renumbered], name: str, my_journal: str) -> list[Item]:
    """A goal, outcome, option or action given the next free number (both made one at once)."""
    items = []
    for moved in renumbered:
        kind = moved.table
        whose, other = ("yours", f"{name}'s") if moved.numbered_by == my_journal else (f"{name}'s", "yours")
        items.append(
            Item(
                f"{kind}-renumbered",
                f"You and {name} both added a {kind} {moved.old}; {other} keeps the number and {whose} "
                f"is now {kind} {moved.new}: `mentorlog {kind} list`.",
                f"mentorlog {kind} list",
            )
        )
    return items


def _for_session(db: Db, changes: list[merge_model.Change]) -> dict[int | None, int]:
    counts: dict[int | None, int] = defaultdict(int)
    for change in changes:
        session_id = change.after.get("session_id")
        session = row_of(db, "session", session_id) if session_id else {}
        counts[session.get("number")] += 1
    return counts


def topic_and_question_items(
    db: Db, topics: list[merge_model.Change], notes: list[merge_model.Change], name: str
) -> list[Item]:
    items = []
    new_topics = [
        c for c in topics if c.new and c.after.get("status") == "open" and not c.after.get("deleted_at")
    ]
    questions = [
        c
        for c in notes
        if c.new
        and c.after.get("kind") == NoteKind.QUESTION
        and not c.after.get("asked_at")
        and not c.after.get("deleted_at")
    ]
    for what, code, found in (
        ("topic", "topics-proposed", new_topics),
        ("question", "questions-parked", questions),
    ):
        verb = "proposed" if what == "topic" else "parked"
        for number, count in sorted(_for_session(db, found).items(), key=lambda kv: kv[0] or 0):
            target = f"session {number}" if number else "the next session"
            command = f"mentorlog agenda --session {number}" if number else "mentorlog agenda"
            items.append(
                Item(code, f"{name} {verb} {plural(count, what)} for {target}: `{command}`.", command)
            )
    return items


def feedback_items(db: Db, changes: list[merge_model.Change], name: str) -> list[Item]:
    items = []
    for change in changes:
        if not change.new:
            continue
        session = row_of(db, "session", change.after.get("session_id") or "")
        number = session.get("number")
        items.append(
            Item(
                "feedback-given",
                f"{name} gave feedback on session {number}: `mentorlog session show {number}`.",
                f"mentorlog session show {number}",
            )
        )
    return items
