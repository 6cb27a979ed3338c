"""Sessions and their life: proposed → confirmed → held (participation confirmed), or cancelled,
moved or edited. Where and how long they meet is sessions/session_places.py; the topics proposed
for them sessions/topics.py, the feedback after them sessions/feedback.py.

Design: whoever plans a session proposes it and the other person confirms it (at one laptop,
with `--as`). Marking a session held turns its topics into discussed ones and the questions
parked for it into asked ones; topics and questions of a cancelled session carry over to the
next one. A session's length outside the programme's 60–120 minutes is allowed but nudged.
"""

from __future__ import annotations

from datetime import datetime, time, tzinfo
from typing import TYPE_CHECKING, Any, Unpack

from mentorlog.dates import describe_series, from_stamp, parse_moment, series, stamp
from mentorlog.errors import InvalidInput, NotFound, Refused
from mentorlog.journal import validate
from mentorlog.journal.journal import Journal
from mentorlog.model import OPEN_SESSION_STATES, Audience, Role, SessionKind, SessionState, TopicStatus
from mentorlog.sessions.session_places import length_of, minutes, where
from mentorlog.sessions.session_times import check_times
from mentorlog.store import notes as notes_store
from mentorlog.store import records
from mentorlog.store import sessions as sessions_store
from mentorlog.store.db import Db
from mentorlog.store.journal import writing

if TYPE_CHECKING:
    from mentorlog.rows.sessions import Planning, SessionData, SessionEdited, SessionHeld, SessionShown
    from mentorlog.rows.stored import SessionRow

Row = dict[str, Any]

DEFAULT_TIME = time(10, 0)
MAX_SERIES = 60


def describe(row: SessionRow, tz: tzinfo | None, db: Db | None = None) -> SessionData:
    """A session as scripts see it (README: "Errors, colours and scripts"), with times in the local zone."""
    starts = from_stamp(row["starts_at"]).astimezone(tz)
    return {
        "number": row["number"],
        "id": row["id"],
        "starts_at": starts.isoformat(timespec="seconds"),
        "length_minutes": row["length_minutes"],
        "mode": row["mode"],
        "place": row["place"],
        "link": row["link"],
        "state": row["state"],
        "phase": row["phase"],
        "kind": row["kind"],
        "proposed_by": row["proposed_by"],
        "cancel_reason": row["cancel_reason"],
    }


def _numbers_hint(db: Db) -> str:
    numbers = sessions_store.number_range(db)
    if numbers is None:
        return "there are no sessions yet; `mentorlog session plan WHEN` proposes one"
    low, high = numbers
    return f"sessions are numbered {low}–{high}, see `mentorlog session list --all`"


def get(journal: Journal, number: int, audience: Audience = Audience.OWNER) -> SessionRow:
    """Session `number`, for the owner acting on it, or as `audience` may see it (a private
    session is not in what leaves the journal)."""
    row = sessions_store.session_by_number(journal.db, number, audience)
    if row is None:
        if audience is not Audience.OWNER and sessions_store.session_by_number(
            journal.db, number, Audience.OWNER
        ):
            raise NotFound(f"Session {number} is private; `--include-private` shows it.")
        raise NotFound(f"No session {number}: {_numbers_hint(journal.db)}.")
    return row


def plan(journal: Journal, when: str, now: datetime, **options: Unpack[Planning]) -> SessionData:
    """Propose one session: ahead (or in the past with `past`, for one that really took place),
    within the agreed period (or beyond it with `beyond_agreement`)."""
    starts = parse_moment(when, now, DEFAULT_TIME, date_order=options.get("date_order", "dmy"))
    return _insert_series(journal, [starts], now, options)[0]


def schedule(
    journal: Journal,
    every: str,
    count: int,
    now: datetime,
    *,
    start: str | None = None,
    **options: Unpack[Planning],
) -> Row:
    """Propose a series (`dates.series`: the weekday, and for monthly its place in the month, kept;
    daily or coarser), checked as a whole like one session. Returns the sessions and the series in
    words (`monthly on the third Wednesday at 18:00`)."""
    validate.number(count, "number of sessions (--count)", 1, MAX_SERIES)
    first = parse_moment(start or "tomorrow", now, DEFAULT_TIME, date_order=options.get("date_order", "dmy"))
    made = _insert_series(journal, series(every, first, count), now, options)
    return {"sessions": made, "series": describe_series(every, first)}


def _insert_series(
    journal: Journal, moments: list[datetime], now: datetime, options: Planning
) -> list[SessionData]:
    """The sessions at `moments`, checked as a whole (sessions/session_times.py), numbered in turn."""
    past, beyond = options.get("past", False), options.get("beyond_agreement", False)
    check_times(journal, moments, now, past=past, beyond_agreement=beyond)
    values = {
        "length_minutes": length_of(options.get("length"), journal),
        **where(options.get("place"), options.get("online"), journal),
        "kind": validate.choice(options.get("kind"), SessionKind, "kind of session", SessionKind.ONE_TO_ONE),
    }
    writer = journal.writer(now, options.get("acting_as"))
    made = []
    with writing(journal.db):
        first = sessions_store.next_number(journal.db)
        for offset, moment in enumerate(moments):
            made.append(
                records.insert(
                    journal.db,
                    "session",
                    writer,
                    {
                        **values,
                        "number": first + offset,
                        "starts_at": stamp(moment),
                        "state": SessionState.PROPOSED,
                        "proposed_by": str(writer.role),
                    },
                )
            )
    return [describe(sessions_store.stored_session(journal.db, i), now.tzinfo, journal.db) for i in made]


def list_sessions(journal: Journal, now: datetime, include_past: bool = False) -> list[SessionData]:
    """Sessions in date order; by default the held ones plus what lies ahead, not cancelled."""
    found = sessions_store.numbered_sessions(journal.db, Audience.OWNER)
    if not include_past:
        found = [s for s in found if s["state"] != SessionState.CANCELLED]
    return [describe(s, now.tzinfo) for s in found]


def show(journal: Journal, number: int, now: datetime) -> SessionShown:
    row = get(journal, number)
    return {
        **describe(row, now.tzinfo),
        "held_phase": held_phase(row),
        "topics": [
            {
                "id": t["id"],
                "text": t["text"],
                "status": t["status"],
                "author": t["author"],
                "visibility": t["visibility"],
            }
            for t in sessions_store.topics_of(journal.db, row["id"], Audience.OWNER)
        ],
        "feedback": [
            {"author": f["author"], "rating": f["rating"], "worked": f["worked"], "improve": f["improve"]}
            for f in sessions_store.feedback_for(journal.db, row["id"])
        ],
    }


def held_phase(row: SessionRow) -> str | None:
    """The phase a held session was held in (kept when it was marked held; for one marked held
    before that was kept, the phase it was planned in); None for a session not held."""
    if row["state"] != SessionState.HELD:
        return None
    return row["held_phase"] or row["phase"]


def meeting_position(journal: Journal, row: SessionRow, audience: Audience) -> tuple[int, int, bool]:
    """(X, Y, agreed) of "meeting X of Y": the session's place among the sessions not cancelled,
    in date order, and the meetings agreed (the agreement's number, `agreed`), or the sessions
    there are when it names none. The agenda, the status and the reports all say it this way."""
    from mentorlog.process.agreement import terms

    kept = [
        s
        for s in sessions_store.numbered_sessions(journal.db, audience)
        if s["state"] != SessionState.CANCELLED
    ]
    position = next((i for i, s in enumerate(kept, start=1) if s["id"] == row["id"]), len(kept) + 1)
    agreed = terms(journal, audience).meetings
    return (position, agreed, True) if agreed else (position, len(kept), False)


def parse_numbers(texts: list[str]) -> list[int]:
    """Session numbers as people type them: `4`, `4 5 6`, `4-6`, `4,6`."""
    numbers: list[int] = []
    for text in texts:
        for part in text.replace(",", " ").split():
            low, dash, high = part.partition("-")
            try:
                first, last = int(low), int(high) if dash else int(low)
            except ValueError:
                raise InvalidInput(
                    f"{part!r} is not a session number; give numbers like 4, 4 5 6 or 4-6."
                ) from None
            if first < 1 or last < first or last - first > 200:
                raise InvalidInput(f"{part!r} is not a range of session numbers; write it like 4-6.")
            numbers.extend(n for n in range(first, last + 1) if n not in numbers)
    return numbers


def waiting_for(journal: Journal, role: Role) -> list[SessionRow]:
    """Proposed sessions that wait for `role` to confirm them (proposed by the other person)."""
    return [
        s for s in sessions_store.planned_sessions(journal.db)
        if s["state"] == SessionState.PROPOSED and s["proposed_by"] != str(role)
    ]  # fmt: skip


def confirm(journal: Journal, numbers: list[int] | None, now: datetime, acting_as: Role | None = None) -> Row:
    """Confirm proposed sessions: those numbered, or (None) every one waiting for this person.
    A session already confirmed is left as it is, quietly."""
    writer = journal.writer(now, acting_as)
    role = writer.role
    partner = news_name(journal, role.other)
    confirmed, already = [], []
    with writing(journal.db):
        rows = waiting_for(journal, role) if numbers is None else [get(journal, n) for n in numbers]
        for row in rows:
            number = row["number"]
            if row["state"] == SessionState.CONFIRMED:
                already.append(number)
                continue
            if row["state"] != SessionState.PROPOSED:
                raise Refused(
                    f"Session {number} is {row['state']}; only a proposed session can be confirmed."
                )
            if row["proposed_by"] == str(role):
                raise Refused(
                    f"You proposed session {number}; {partner} confirms it in their journal "
                    f"(at one laptop: `mentorlog --as {role.other} session confirm {number}`)."
                )
            records.update(
                journal.db, "session", row["id"], writer,
                {"state": SessionState.CONFIRMED, "confirmed_by": str(role)},
            )  # fmt: skip
            confirmed.append(row["id"])
    return {
        "confirmed": [describe(sessions_store.stored_session(journal.db, i), now.tzinfo) for i in confirmed],
        "already_confirmed": already,
    }


def news_name(journal: Journal, role: Role) -> str:
    name = journal.pair.mentor if role is Role.MENTOR else journal.pair.mentee
    return name.split()[0] if name.split() else str(role)


def held(
    journal: Journal, number: int, now: datetime, length: int | None = None, acting_as: Role | None = None
) -> SessionHeld:
    """Confirm the session took place: its topics become discussed, its parked questions asked."""
    writer = journal.writer(now, acting_as)
    db = journal.db
    with writing(db):
        row = get(journal, number)
        if row["state"] == SessionState.HELD:  # marked held already (by the partner): nothing to do
            return _held(db, row, now, already=True)
        if row["state"] not in OPEN_SESSION_STATES:
            raise Refused(f"Session {number} is {row['state']}; only a planned session can be marked held.")
        if from_stamp(row["starts_at"]) > now:
            raise Refused(f"Session {number} has not started yet; mark it held after it took place.")
        values: dict[str, str | int] = {
            "state": SessionState.HELD,
            "held_at": writer.stamp,
            "held_phase": str(writer.phase),
        }
        if length is not None:
            values["length_minutes"] = minutes(length)
        for topic in sessions_store.open_topics(db, row, Audience.OWNER):
            records.update(
                db,
                "topic",
                topic["id"],
                writer,
                {"status": TopicStatus.DISCUSSED, "discussed_at": writer.stamp, "session_id": row["id"]},
            )
        for question in notes_store.open_questions(db, row, Audience.OWNER):
            records.update(
                db, "note", question["id"], writer, {"asked_at": writer.stamp, "session_id": row["id"]}
            )
        records.update(db, "session", row["id"], writer, values)
    return _held(db, sessions_store.stored_session(db, row["id"]), now, already=False)


def _held(db: Db, row: SessionRow, now: datetime, already: bool) -> SessionHeld:
    return {
        **describe(row, now.tzinfo, db),
        "topics_discussed": len(sessions_store.topics_of(db, row["id"], Audience.OWNER)),
        "already_held": already,
    }


def cancel(
    journal: Journal, number: int, now: datetime, reason: str | None = None, acting_as: Role | None = None
) -> SessionData:
    reason = validate.optional_value("session", "cancel_reason", reason, "reason")
    with writing(journal.db):
        row = get(journal, number)
        if row["state"] not in OPEN_SESSION_STATES:
            raise Refused(f"Session {number} is {row['state']}; only a planned session can be cancelled.")
        records.update(
            journal.db,
            "session",
            row["id"],
            journal.writer(now, acting_as),
            {"state": SessionState.CANCELLED, "cancel_reason": reason},
        )
    return describe(sessions_store.stored_session(journal.db, row["id"]), now.tzinfo, journal.db)


def move(
    journal: Journal,
    number: int,
    when: str,
    now: datetime,
    acting_as: Role | None = None,
    *,
    date_order: str = "dmy",
    past: bool = False,
    beyond_agreement: bool = False,
) -> SessionData:
    """Move a planned session (checked as `plan` checks a new one); it needs confirming again, and
    keeps its topics. A day without a time keeps the session's time of day."""
    with writing(journal.db):
        row = get(journal, number)
        if row["state"] not in OPEN_SESSION_STATES:
            raise Refused(f"Session {number} is {row['state']}; only a planned session can be moved.")
        old = from_stamp(row["starts_at"]).astimezone(now.tzinfo)
        starts = parse_moment(when, now, old.time().replace(tzinfo=None), date_order=date_order)
        check_times(journal, [starts], now, past=past, beyond_agreement=beyond_agreement, moving=True)
        writer = journal.writer(now, acting_as)
        records.update(
            journal.db,
            "session",
            row["id"],
            writer,
            {
                "starts_at": stamp(starts),
                "state": SessionState.PROPOSED,
                "proposed_by": str(writer.role),
                "confirmed_by": None,
            },
        )
    return describe(sessions_store.stored_session(journal.db, row["id"]), now.tzinfo, journal.db)


def edit(
    journal: Journal,
    number: int,
    now: datetime,
    *,
    length: int | None = None,
    place: str | None = None,
    online: str | None = None,
    kind: str | None = None,
    acting_as: Role | None = None,
) -> SessionEdited:
    """Change a planned session's length, place or link, or kind without cancelling it: it keeps its
    time, its state (a confirmed session stays confirmed) and its topics. `changed` names what did."""
    if length is None and place is None and online is None and kind is None:
        raise InvalidInput(
            f"Nothing to change: give --length MIN, --place T, --online URL or --kind K "
            f"(`mentorlog session move {number} WHEN` changes the time)."
        )
    values: dict[str, object] = {}
    if length is not None:
        values["length_minutes"] = minutes(length)
    if place is not None or online is not None:
        values.update(where(place, online, journal))
    if kind is not None:
        values["kind"] = validate.choice(kind, SessionKind, "kind of session")
    with writing(journal.db):
        row = get(journal, number)
        if row["state"] not in OPEN_SESSION_STATES:
            raise Refused(f"Session {number} is {row['state']}; only a planned session can be edited.")
        changed = {name: value for name, value in values.items() if row.get(name) != value}
        if changed:
            records.update(journal.db, "session", row["id"], journal.writer(now, acting_as), changed)
    return {
        **describe(sessions_store.stored_session(journal.db, row["id"]), now.tzinfo, journal.db),
        "changed": [n for n in ("length_minutes", "mode", "place", "link", "kind") if n in changed],
    }
